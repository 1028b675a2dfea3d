"""LOG_FORMAT=json: one JSON object a line, as redacted as the text format."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.logs import setup_logging
from tests.conftest import _LOG, _SECRETS

TOKEN = "987654321:AAHsecretSECRETsecret_0123456789"


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    setup_logging("INFO", (TOKEN,), logging.StreamHandler(stream), fmt="json")
    try:
        yield stream
    finally:
        setup_logging("DEBUG", _SECRETS, _LOG)  # the suite's own collector back


def test_each_record_is_one_json_object_with_the_token_masked(json_lines: io.StringIO) -> None:
    log = logging.getLogger("bot.json-test")
    log.info("calling %s", f"https://api.telegram.org/bot{TOKEN}/getMe")
    try:
        raise RuntimeError(f"failed at /bot{TOKEN}/sendMessage")
    except RuntimeError:
        log.exception("send failed")
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    assert [line["message"] for line in lines] == [
        "calling https://api.telegram.org/bot[token]/getMe",
        "send failed",
    ]
    assert lines[0]["level"] == "INFO" and lines[0]["logger"] == "bot.json-test"
    assert lines[0]["time"].endswith("+00:00")
    assert "RuntimeError" in lines[1]["exception"] and "[token]" in lines[1]["exception"]
    assert TOKEN not in json_lines.getvalue()


def test_log_format_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert Settings(_env_file=None).log_format == "json"  # type: ignore[call-arg]
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ValueError):
        Settings(_env_file=None)  # type: ignore[call-arg]

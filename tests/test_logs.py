"""Log lines never carry the bot token, whatever shape it arrives in."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactTokens

TOKEN = "987654321:AAHsecretSECRETsecret_0123456789"


def test_a_known_token_is_masked_in_messages_and_arguments() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "POST %s", (f"/bot{TOKEN}/getMe",), None)
    RedactTokens((TOKEN,)).filter(record)
    assert TOKEN not in record.getMessage()
    assert "[token]" in record.getMessage()


def test_anything_shaped_like_a_token_is_masked_even_if_unknown() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, "f", 1, "url bot%s", ("1234567:" + "x" * 30,), None
    )
    RedactTokens().filter(record)
    assert "x" * 30 not in record.getMessage()


def test_tokens_inside_exception_texts_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("redaction-test")
    logger.addFilter(RedactTokens((TOKEN,)))
    try:
        raise RuntimeError(f"failed calling https://api.telegram.org/bot{TOKEN}/sendMessage")
    except RuntimeError:
        logger.exception("send failed")
    assert TOKEN not in caplog.text


def test_the_suite_wide_log_scan_finds_a_leaked_answer() -> None:
    from tests.conftest import leaks

    lines = ["INFO bot: user 7 said about 6 today", "INFO bot: user 7 answered"]
    assert leaks(lines, (TOKEN,), ["about 6", "4", "user", "answered"]) == [lines[0]]
    assert leaks([f"GET /bot{TOKEN}/getMe"], (TOKEN,), []) != []

"""`make test` runs the suite on both cores (pytest-xdist): what the suite checks across all its
tests still holds then, and tests running at the same time do not fight over ports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config import Settings
from tests.pgcluster import ephemeral_low, free_port, worker_ports

LEAKY_TEST = """
import logging

from bot.sandbox.fake_api import TYPED_BY_PEOPLE


def test_a_log_line_repeats_what_a_person_typed():
    TYPED_BY_PEOPLE.append("\\ud800 half a character, as hostile input types it")
    TYPED_BY_PEOPLE.append("my back hurts on the left side")
    logging.getLogger("leaky").warning("they said: my back hurts on the left side")
"""


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "two workers"])
def test_the_log_scan_fails_a_run_whose_logs_repeat_what_a_person_typed(
    tmp_path: Path, workers: list[str]
) -> None:
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_leaky.py").write_text(LEAKY_TEST)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *workers],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 passed" in result.stdout, result.stdout + result.stderr
    assert "2 different texts people typed: 1 leaks" in result.stdout
    assert "my back hurts on the left side" in result.stdout, "the leak is shown"
    assert result.returncode == pytest.ExitCode.TESTS_FAILED


def test_ports_for_servers_are_below_the_ephemeral_range_in_a_block_per_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = []
    for worker in ("gw0", "gw1"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        ports = [free_port() for _ in range(50)]
        assert len(set(ports)) == len(ports), "never the same port twice"
        assert all(port in worker_ports() for port in ports)
        blocks.append(set(worker_ports()))
    assert not blocks[0] & blocks[1]
    assert max(blocks[0] | blocks[1]) < ephemeral_low()


def test_a_bot_a_test_starts_leaves_the_default_health_port_8080_alone() -> None:
    settings = Settings(_env_file=None, telegram_bot_token=SecretStr("1:x"))  # type: ignore[call-arg]
    assert settings.health_port == 0

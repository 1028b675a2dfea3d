"""Shared fixtures: a clock tests can move, and databases (SQLite file, real PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.clock import FakeClock
from bot.logs import setup_logging
from bot.sandbox.fake_api import TYPED_BY_PEOPLE

POSTGRES_ADMIN_URL = os.environ.get(
    "BACKCOACH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
_postgres_checked: list[str | None] = []


async def _postgres_problem() -> str | None:
    """None when the test PostgreSQL server answers, else why not (cached for the run)."""
    if not _postgres_checked:
        try:
            connection = await asyncio.wait_for(asyncpg.connect(POSTGRES_ADMIN_URL), timeout=3)
            await connection.close()
            _postgres_checked.append(None)
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            _postgres_checked.append(f"no PostgreSQL at {POSTGRES_ADMIN_URL}: {error!r}")
    return _postgres_checked[0]


@pytest.fixture(autouse=True)
def update_spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own update spool (bot processes it starts inherit the variable)."""
    path = tmp_path / "update-spool.jsonl"
    monkeypatch.setenv("UPDATE_SPOOL", str(path))
    return path


@pytest.fixture(autouse=True)
def no_health_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bots (and the processes a test starts) serve /healthz only where a test asks for it: the
    default, 8080, is one port for the whole machine, which tests running at once fight over."""
    monkeypatch.setenv("HEALTH_PORT", "0")


@pytest.fixture
def clock() -> FakeClock:
    # A Monday morning in November, in UTC.
    return FakeClock(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database of each engine; PostgreSQL tests skip when no server answers."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'backcoach.db'}"
        return
    problem = await _postgres_problem()
    if problem:
        pytest.skip(problem)
    name = f"backcoach_test_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'backcoach.db'}"


# --- every log line written during the whole run is checked for secrets and health answers --


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


_LOG = _Collect()
_SECRETS = ("4242:test-token-for-the-fake-server", "123456:sandbox-token-not-secret")


def pytest_configure(config: pytest.Config) -> None:
    # The production set-up, at the chattiest level an operator could choose.
    setup_logging("DEBUG", _SECRETS, _LOG)


def _distinctive(text: str) -> bool:
    """What a person wrote, not a word that turns up in log lines by chance ("failed"): at
    least six characters with a letter, and more than one word (or a long one)."""
    stripped = text.strip()
    if len(stripped) < 6 or text.startswith("/") or not any(c.isalpha() for c in stripped):
        return False
    return " " in stripped or len(stripped) >= 12


def leaks(lines: list[str], secrets: tuple[str, ...], typed: list[str]) -> list[str]:
    """Log lines that contain a secret, or something a person typed (health answers included:
    ratings are typed as "about 6"; bare numbers and short words are too common to tell apart)."""
    needles = {*secrets, *(t for t in typed if _distinctive(t))}
    return [line for line in lines if any(needle in line for needle in needles)]


def _sendable(text: str) -> str:
    """Text a worker can send to the controller (execnet refuses lone surrogates, which the
    hostile-input tests type)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _scan() -> dict[str, Any]:
    """This process's log lines checked, texts typed, leaks found and the first few shown."""
    found = leaks(_LOG.lines, _SECRETS, TYPED_BY_PEOPLE)
    needles = {*_SECRETS, *(t for t in TYPED_BY_PEOPLE if _distinctive(t))}
    shown = [
        _sendable(f"leaked {[needle for needle in needles if needle in line]!r}: {line[:200]}")
        for line in found[:5]
    ]
    return {
        "lines": len(_LOG.lines),
        "typed": sorted({text.encode("utf-8", "surrogatepass") for text in TYPED_BY_PEOPLE}),
        "leaks": len(found),
        "shown": shown,
    }


_worker_scans: list[dict[str, Any]] = []  # sent by each pytest-xdist worker as it finishes
_workers_unscanned: list[str] = []  # workers that went down without sending theirs


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    scan = getattr(node, "workeroutput", {}).get("log_scan")
    if scan is None:
        _workers_unscanned.append(node.gateway.id)
    else:
        _worker_scans.append(scan)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller reports for all
        workeroutput["log_scan"] = _scan()
        return
    scans = [_scan(), *_worker_scans]
    found = sum(scan["leaks"] for scan in scans)
    typed = set().union(*(scan["typed"] for scan in scans))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"log scan: {sum(scan['lines'] for scan in scans)} log lines checked for "
            f"{len(_SECRETS)} tokens and {len(typed)} different texts people typed: {found} leaks"
        )
        for line in [line for scan in scans for line in scan["shown"]][:5]:
            reporter.write_line(f"  {line}")
        if _workers_unscanned:
            reporter.write_line(f"  no log scan from {', '.join(_workers_unscanned)}")
    if found or _workers_unscanned:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

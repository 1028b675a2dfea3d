"""Shared fixtures: a clock tests can move, and databases (SQLite file, real PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from bot.clock import FakeClock

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

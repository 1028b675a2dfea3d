"""SQLite: reads never queue for the write lock, writes take it at their first statement, and a
statement costs one round trip to aiosqlite's thread."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiosqlite.core
import pytest
from sqlalchemy import insert

from bench.common import person
from bot.storage import Storage
from bot.storage.models import User

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
async def storage(sqlite_url: str) -> AsyncIterator[Storage]:
    storage = Storage.open(sqlite_url)
    await storage.migrate()
    async with storage.engine.begin() as connection:
        await connection.execute(insert(User), [person(1)])
    yield storage
    await storage.close()


def _other_writer(url: str) -> sqlite3.Connection:
    """Another process's connection (a plain sqlite3 one) holding the write lock."""
    other = sqlite3.connect(url.split("///", 1)[1], isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_a_read_goes_ahead_while_another_connection_holds_the_write_lock(
    storage: Storage, sqlite_url: str
) -> None:
    other = _other_writer(sqlite_url)
    try:
        user = await asyncio.wait_for(storage.users.get(1), timeout=2)
        assert user is not None and user.first_name == "P"
    finally:
        other.rollback()
        other.close()


async def test_a_write_holds_the_write_lock_from_its_first_statement(
    storage: Storage, sqlite_url: str
) -> None:
    path = sqlite_url.split("///", 1)[1]
    async with storage.users._sessions.begin() as session:
        await session.get(User, 1)  # a read first: BEGIN IMMEDIATE went with it
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    user = await storage.users.update(1, first_name="Q")
    assert user.first_name == "Q"
    assert (await storage.users.get(1)).first_name == "Q"  # type: ignore[union-attr]


async def test_a_failed_write_rolls_back_everything_it_did(storage: Storage) -> None:
    with pytest.raises(RuntimeError):
        async with storage.users._sessions.begin() as session:
            await session.execute(User.__table__.update().values(first_name="Z"))
            raise RuntimeError("the handler failed half-way")
    assert (await storage.users.get(1)).first_name == "P"  # type: ignore[union-attr]


async def test_a_statement_is_one_round_trip_and_a_read_needs_no_rollback(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = aiosqlite.core.Connection._execute

    async def counted(self: aiosqlite.core.Connection, fn: object, *args: object) -> object:
        calls.append(getattr(fn, "__name__", "?"))
        return await original(self, fn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    await storage.users.get(1)
    assert len(calls) == 1  # the SELECT; no BEGIN, no rollback
    calls.clear()
    await storage.users.update(1, awaiting="tz")
    assert len(calls) == 2  # BEGIN IMMEDIATE + UPDATE ... RETURNING together, then COMMIT

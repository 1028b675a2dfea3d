"""A transaction's last write (`write_last`: a typed answer's next question) is stored with its
transaction or not at all, with the values it was given; on SQLite it rides in the commit's
own thread hop."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import aiosqlite.core
import pytest
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError

from bot.storage import Storage
from bot.storage.database import write_last
from bot.storage.models import User

NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
USERS = cast(Table, User.__table__)
ASK = (
    update(USERS)
    .where(USERS.c.id == bindparam("b_user"))
    .values(awaiting=bindparam("b_question"), awaiting_since=bindparam("b_now"))
)
RENAME = update(USERS).where(USERS.c.id == 1).values(first_name=bindparam("b_name"))


async def row(storage: Storage, user_id: int = 1) -> Any:
    async with storage.engine.connect() as connection:
        query = select(USERS.c.first_name, USERS.c.awaiting, USERS.c.awaiting_since)
        return (await connection.execute(query.where(USERS.c.id == user_id))).one()


async def test_the_last_write_is_stored_with_its_transaction_as_given(storage: Storage) -> None:
    async with storage.sessions.begin() as session:
        await session.execute(RENAME, {"b_name": "Q"})
        await write_last(session, ASK, {"b_user": 1, "b_question": "ci:7:effort", "b_now": NOW})
    stored = await row(storage)
    assert stored.first_name == "Q" and stored.awaiting == "ci:7:effort"
    assert stored.awaiting_since.replace(tzinfo=UTC) == NOW  # a time as the column keeps it
    user = await storage.users.get(1)
    assert user is not None and user.awaiting_since == NOW


async def test_a_transaction_that_fails_after_it_stores_neither(storage: Storage) -> None:
    with pytest.raises(RuntimeError):
        async with storage.sessions.begin() as session:
            await session.execute(RENAME, {"b_name": "Q"})
            await write_last(session, ASK, {"b_user": 1, "b_question": "tz", "b_now": NOW})
            raise RuntimeError("the handler failed before the commit")
    stored = await row(storage)
    assert stored.first_name == "P" and stored.awaiting is None


async def test_a_last_write_that_fails_undoes_the_whole_transaction(storage: Storage) -> None:
    taken = update(USERS).where(USERS.c.id == bindparam("b_user")).values(id=2)
    with pytest.raises(IntegrityError):
        async with storage.sessions.begin() as session:
            await session.execute(RENAME, {"b_name": "Q"})
            await write_last(session, taken, {"b_user": 1})
    assert (await row(storage)).first_name == "P"
    async with storage.sessions.begin() as session:  # the connection works on
        await session.execute(RENAME, {"b_name": "R"})
    assert (await row(storage)).first_name == "R"


async def test_a_transaction_whose_only_write_is_the_last_stores_it(storage: Storage) -> None:
    async with storage.sessions.begin() as session:
        await write_last(session, ASK, {"b_user": 1, "b_question": "tz", "b_now": NOW})
    assert (await row(storage)).awaiting == "tz"


async def test_on_sqlite_it_rides_in_the_commits_hop(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    if storage.engine.dialect.name != "sqlite":
        pytest.skip("a PostgreSQL statement is a round trip of its own")
    hops: list[object] = []
    original = aiosqlite.core.Connection._execute

    async def counted(self: aiosqlite.core.Connection, fn: object, *args: object) -> object:
        hops.append(fn)
        return await original(self, fn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    async with storage.sessions.begin() as session:
        await session.execute(RENAME, {"b_name": "Q"})
        await write_last(session, ASK, {"b_user": 2, "b_question": "tz", "b_now": NOW})
    assert len(hops) == 2  # BEGIN IMMEDIATE with the first UPDATE; the second with COMMIT
    assert (await row(storage, 2)).awaiting == "tz"

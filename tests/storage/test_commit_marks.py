"""A write transaction made while an update is handled can be checked for a lost commit
acknowledgement, and that costs it no statement of its own: the token rides in the commit (or,
for the update-id record, the record itself is the proof)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from bot.storage import Storage
from bot.storage.commits import marking_commits
from bot.storage.models import CommitMark, ProcessedUpdate, User

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.fixture
async def storage(database_url: str) -> AsyncIterator[Storage]:
    storage = Storage.open(database_url)
    await storage.migrate()
    try:
        yield storage
    finally:
        await storage.close()


@contextmanager
def statements(storage: Storage) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_connection: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if not sql.startswith("BEGIN"):
            seen.append(sql)

    event.listen(storage.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(storage.engine.sync_engine, "before_cursor_execute", count)


@contextmanager
def acknowledgement_lost(monkeypatch: pytest.MonkeyPatch, committed: bool) -> Iterator[None]:
    """The next commit fails as a dropped connection does: after it happened, or before."""
    real: Callable[[Connection], None] = Connection._commit_impl
    left = [1]

    def commit(connection: Connection) -> None:
        if not left:
            real(connection)
            return
        left.clear()
        if committed:
            real(connection)
        raise OperationalError("COMMIT", {}, ConnectionRefusedError(111, "Connection refused"))

    monkeypatch.setattr(Connection, "_commit_impl", commit)
    yield
    monkeypatch.setattr(Connection, "_commit_impl", real)


async def add_person(storage: Storage, user_id: int) -> None:
    async with storage.updates._sessions.begin() as session:
        await session.execute(
            insert(User), {"id": user_id, "chat_id": user_id, "created_at": NOW, "timezone": "UTC"}
        )


async def count(storage: Storage, table: Any) -> int:
    async with storage.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def test_a_marked_write_runs_only_its_own_statements_and_stores_its_token(
    storage: Storage,
) -> None:
    with statements(storage) as seen, marking_commits():
        await add_person(storage, 1)
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO users")
    assert await count(storage, CommitMark) == 1


async def test_a_lost_acknowledgement_of_a_write_that_happened_is_taken_as_done(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    with marking_commits(), acknowledgement_lost(monkeypatch, committed=True):
        await add_person(storage, 1)  # does not raise: the token is there
    assert await count(storage, User) == 1


async def test_a_write_that_did_not_happen_still_fails(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = acknowledgement_lost(monkeypatch, committed=False)
    with marking_commits(), lost, pytest.raises(OperationalError):
        await add_person(storage, 1)
    assert await count(storage, User) == await count(storage, CommitMark) == 0


@pytest.mark.parametrize("committed", [True, False])
async def test_the_update_id_record_is_its_own_proof_of_commit(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    with marking_commits(), acknowledgement_lost(monkeypatch, committed):
        if committed:
            assert await storage.updates.first_time(42, NOW)
        else:
            with pytest.raises(OperationalError):
                await storage.updates.first_time(42, NOW)
    assert await count(storage, ProcessedUpdate) == int(committed)
    assert await count(storage, CommitMark) == 0

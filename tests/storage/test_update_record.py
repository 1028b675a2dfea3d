"""An update's id is recorded as handled in the first write transaction of its handling, with
what it changes, or at its end if it changes nothing; the person is read once, as it arrives,
together with whether the update was handled before."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from bot.storage import Storage
from bot.storage.commits import RecordedElsewhere, VerifiedCommit, marking_commits
from bot.storage.models import CommitMark, ProcessedUpdate, User
from tests.storage.test_commit_marks import acknowledgement_lost, statements

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


async def count(storage: Storage, table: Any) -> int:
    async with storage.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def awaiting(storage: Storage) -> str | None:
    async with storage.engine.connect() as connection:
        return await connection.scalar(select(User.awaiting).where(User.id == 1))


async def test_the_first_write_records_the_update_with_no_statement_or_mark_of_its_own(
    storage: Storage,
) -> None:
    with statements(storage) as seen, marking_commits():
        user = await storage.users.arriving(1, 42)
        assert user is not None and await storage.updates.first_time(42, NOW)
        assert await storage.users.get(1) is user  # the row read on arrival
        await storage.users.set(user, awaiting="tz")
        await storage.users.set(user, awaiting="lang")  # a later write carries a mark instead
    assert [sql.split()[0] for sql in seen] == ["SELECT", "UPDATE", "UPDATE"]
    assert await count(storage, ProcessedUpdate) == 1
    assert await count(storage, CommitMark) == 1


async def test_an_update_arriving_again_is_not_first_and_records_nothing(
    storage: Storage,
) -> None:
    async with storage.engine.begin() as connection:
        await connection.execute(insert(ProcessedUpdate), {"update_id": 42, "handled_at": NOW})
    with statements(storage) as seen, marking_commits() as handling:
        await storage.users.arriving(1, 42)
        assert not await storage.updates.first_time(42, NOW)
        await handling.record_if_pending()
    assert len(seen) == 1
    assert await count(storage, ProcessedUpdate) == 1


async def test_a_handling_that_writes_nothing_records_the_update_at_its_end(
    storage: Storage,
) -> None:
    with marking_commits() as handling:
        await storage.users.arriving(1, 42)
        assert await storage.updates.first_time(42, NOW)
        assert await count(storage, ProcessedUpdate) == 0
        await handling.record_if_pending()
    assert await count(storage, ProcessedUpdate) == 1


async def test_someone_never_met_is_read_as_none_and_the_update_as_new(storage: Storage) -> None:
    with statements(storage) as seen, marking_commits():
        assert await storage.users.arriving(7, 42) is None
        assert await storage.updates.first_time(42, NOW)
        assert await storage.users.get(7) is None
    assert len(seen) == 1


async def test_after_a_write_the_person_is_read_again(storage: Storage) -> None:
    with statements(storage) as seen, marking_commits():
        user = await storage.users.arriving(1, 42)
        assert user is not None and await storage.updates.first_time(42, NOW)
        await storage.users.update(1, awaiting="tz")  # gives a new row: the held one is old
        again = await storage.users.get(1)
    assert again is not None and again is not user and again.awaiting == "tz"
    assert len(seen) == 3


async def test_an_update_another_worker_recorded_meanwhile_undoes_the_write(
    storage: Storage,
) -> None:
    with marking_commits() as handling:
        user = await storage.users.arriving(1, 42)
        assert user is not None and await storage.updates.first_time(42, NOW)
        async with storage.engine.begin() as elsewhere:  # the other worker, first
            await elsewhere.execute(insert(ProcessedUpdate), {"update_id": 42, "handled_at": NOW})
        with pytest.raises(RecordedElsewhere):
            await storage.users.set(user, awaiting="tz")
        await handling.record_if_pending()  # nothing left to record
    assert await awaiting(storage) is None
    assert await count(storage, ProcessedUpdate) == 1


@pytest.mark.parametrize("committed", [True, False])
async def test_a_lost_acknowledgement_is_told_by_the_update_record(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    """Found: it happened, and nothing is left to record. Not found: the write failed, and the
    update is still to be recorded."""
    with marking_commits() as handling:
        user = await storage.users.arriving(1, 42)
        assert user is not None and await storage.updates.first_time(42, NOW)
        with acknowledgement_lost(monkeypatch, committed):
            if committed:
                await storage.users.set(user, awaiting="tz")
            else:
                with pytest.raises(Exception, match="Connection refused"):
                    await storage.users.set(user, awaiting="tz")
        assert await count(storage, ProcessedUpdate) == int(committed)
        await handling.record_if_pending()
    assert await awaiting(storage) == ("tz" if committed else None)
    assert await count(storage, ProcessedUpdate) == 1
    assert await count(storage, CommitMark) == 0


async def test_a_retry_after_a_write_that_did_happen_does_not_record_the_update_again(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first try's commit happened but could not be confirmed in time, so it failed; the
    retry reads the update as recorded, and its write neither records it again nor is undone."""

    async def not_confirmed(*_args: Any) -> bool:
        return False

    monkeypatch.setattr(VerifiedCommit, "_committed", not_confirmed)
    with marking_commits():
        user = await storage.users.arriving(1, 42)
        assert user is not None and await storage.updates.first_time(42, NOW)
        lost = acknowledgement_lost(monkeypatch, committed=True)
        with lost, pytest.raises(Exception, match="Connection refused"):
            await storage.users.set(user, awaiting="tz")
        again = await storage.users.arriving(1, 42)  # the retry
        assert again is not None and not await storage.updates.first_time(42, NOW)
        await storage.users.set(again, awaiting="lang")
    assert await awaiting(storage) == "lang"
    assert await count(storage, ProcessedUpdate) == 1

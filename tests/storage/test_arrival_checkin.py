"""The check-in a person's open question is about ("ci:12:effort", "am:12") is read with them as
an update arrives, in the same statement, and the handler's first read of it takes that row;
after a write, or for any other check-in, it is read again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.storage import Storage
from bot.storage.commits import marking_commits
from tests.storage.test_commit_marks import statements

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


async def asking(storage: Storage, user_id: int, kind: str, question: str) -> int:
    """A check-in of `user_id`, with `question` (its id put in for "{id}") open."""
    checkin = await storage.coaching.open_checkin(user_id, kind, None, NOW)
    user = await storage.users.get(user_id)
    assert user is not None
    await storage.users.set(user, awaiting=question.format(id=checkin.id), awaiting_since=NOW)
    return checkin.id


@pytest.mark.parametrize(
    ("kind", "question"), [("session", "ci:{id}:pain"), ("next_morning", "am:{id}")]
)
async def test_the_check_in_asked_about_comes_with_the_person_in_one_statement(
    storage: Storage, kind: str, question: str
) -> None:
    checkin_id = await asking(storage, 1, kind, question)
    with statements(storage) as seen, marking_commits():
        await storage.users.arriving(1, 42)
        checkin = await storage.coaching.checkin(1, checkin_id)
        assert checkin is not None and checkin.id == checkin_id and checkin.kind == kind
    assert len(seen) == 1


async def test_a_second_read_of_the_check_in_reads_it_again(storage: Storage) -> None:
    checkin_id = await asking(storage, 1, "session", "ci:{id}:effort")
    with statements(storage) as seen, marking_commits():
        await storage.users.arriving(1, 42)
        await storage.coaching.checkin(1, checkin_id)
        await storage.coaching.checkin(1, checkin_id)
    assert len(seen) == 2


async def test_after_a_write_the_check_in_is_read_as_stored(storage: Storage) -> None:
    checkin_id = await asking(storage, 1, "session", "ci:{id}:pain")
    with marking_commits():
        await storage.users.arriving(1, 42)
        await storage.coaching.update_checkin(1, checkin_id, NOW, pain=6)
        checkin = await storage.coaching.checkin(1, checkin_id)
    assert checkin is not None and checkin.pain == 6


async def test_another_check_in_is_read_on_its_own(storage: Storage) -> None:
    asked = await asking(storage, 1, "session", "ci:{id}:pain")
    other = (await storage.coaching.open_checkin(1, "next_morning", None, NOW)).id
    with statements(storage) as seen, marking_commits():
        await storage.users.arriving(1, 42)
        checkin = await storage.coaching.checkin(1, other)
    assert checkin is not None and checkin.id == other != asked
    assert len(seen) == 2


@pytest.mark.parametrize("question", ["menu:pain", "tz", "ci:", "am:x", "wo:{id}:3", None])
async def test_a_question_about_no_check_in_joins_none(
    storage: Storage, question: str | None
) -> None:
    checkin = await storage.coaching.open_checkin(1, "session", None, NOW)
    user = await storage.users.get(1)
    assert user is not None
    awaiting = None if question is None else question.format(id=checkin.id)
    await storage.users.set(user, awaiting=awaiting)
    with statements(storage) as seen, marking_commits() as handling:
        await storage.users.arriving(1, 42)
        assert handling.arrival is not None and handling.arrival.checkin is None
        assert await storage.coaching.checkin(1, checkin.id) is not None
    assert len(seen) == 2


async def test_someone_elses_check_in_is_never_joined(storage: Storage) -> None:
    theirs = (await storage.coaching.open_checkin(2, "session", None, NOW)).id
    user = await storage.users.get(1)
    assert user is not None
    await storage.users.set(user, awaiting=f"ci:{theirs}:pain")
    with marking_commits() as handling:
        await storage.users.arriving(1, 42)
        assert handling.arrival is not None and handling.arrival.checkin is None
        assert await storage.coaching.checkin(1, theirs) is None

"""Changing a person's settings: the row and the object the handler holds agree afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.storage import Storage
from bot.storage.models import User

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_set_changes_the_row_and_the_held_object_alike(storage: Storage) -> None:
    held = await storage.users.get(1)
    assert held is not None
    await storage.users.set(held, awaiting="tz", awaiting_since=NOW, sit_minutes=40)
    assert (held.awaiting, held.awaiting_since, held.sit_minutes) == ("tz", NOW, 40)
    fresh = await storage.users.get(1)
    assert fresh is not None
    assert (fresh.awaiting, fresh.awaiting_since, fresh.sit_minutes) == ("tz", NOW, 40)


async def test_a_new_question_without_a_time_never_expires(storage: Storage) -> None:
    held = await storage.users.get(1)
    assert held is not None
    await storage.users.set(held, awaiting="tz", awaiting_since=NOW)
    await storage.users.set(held, awaiting="pause")  # not the last question's age
    fresh = await storage.users.get(1)
    assert fresh is not None and fresh.awaiting_since is None and held.awaiting_since is None


async def test_setting_a_person_who_is_gone_or_a_column_that_is_not_fails_loudly(
    storage: Storage,
) -> None:
    held = await storage.users.get(1)
    assert held is not None
    with pytest.raises(AttributeError):
        await storage.users.set(held, no_such_column=1)
    ghost = User(id=404)
    with pytest.raises(LookupError):
        await storage.users.set(ghost, awaiting=None)

"""A unit of work: the repositories' writes within `one_commit()` are one transaction, whose
reads see its own writes, and that is stored whole or not at all."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.storage import Storage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 23)


async def test_its_writes_are_stored_together_and_read_back_within(storage: Storage) -> None:
    async with storage.one_commit():
        await storage.coaching.save_plan(1, {"version": 1}, NOW)
        await storage.habits.mark(1, DAY, "done")
        assert await storage.coaching.plan(1) == {"version": 1}
        assert await storage.habits.days(1, DAY) == [(DAY, "done")]
    assert await storage.coaching.plan(1) == {"version": 1}
    assert await storage.habits.days(1, DAY) == [(DAY, "done")]


async def test_a_failure_within_stores_none_of_it(storage: Storage) -> None:
    with pytest.raises(LookupError):
        async with storage.one_commit():
            await storage.coaching.save_plan(1, {"version": 1}, NOW)
            await storage.habits.mark(1, DAY, "done")
            raise LookupError("the handler failed before the end")
    assert await storage.coaching.plan(1) is None
    assert await storage.habits.days(1, DAY) == []

"""What is kept how long: old nudges become daily counts, finished sessions shrink, and only the
latest session check-in keeps the plan it changed. Health records stay until /delete."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from bench.history import live_days
from bot.coaching.catalogue import load_catalogue
from bot.storage import Storage
from bot.storage.models import Checkin, Nudge, User, Workout
from bot.storage.retention import tidy

START = datetime(2026, 1, 5, 7, tzinfo=UTC)  # a Monday
DAYS = 40
NOW = START + timedelta(days=DAYS)
RETENTION_DAYS = 30
CUTOFF = NOW - timedelta(days=RETENTION_DAYS)


@pytest.fixture
async def year(database_url: str) -> AsyncIterator[Storage]:
    """A person who used the bot every day for 40 days."""
    storage = Storage.open(database_url)
    await storage.migrate()
    async with storage.engine.begin() as connection:
        await connection.execute(
            insert(User),
            {"id": 7, "chat_id": 7, "created_at": START, "timezone": "UTC", "transitions": []},
        )
    await live_days(storage, load_catalogue(), 7, START, DAYS)
    try:
        yield storage
    finally:
        await storage.close()


async def _nudges(storage: Storage) -> list[Nudge]:
    async with storage.engine.connect() as connection:
        return list((await connection.execute(select(Nudge))).all())  # type: ignore[arg-type]


async def test_old_settled_nudges_become_daily_counts_that_match_the_rows_they_replace(
    year: Storage,
) -> None:
    before = await _nudges(year)
    old = Counter(
        (n.due_at.date(), n.slot, n.status, n.reason or "") for n in before if n.due_at < CUTOFF
    )
    recent = [n.id for n in before if n.due_at >= CUTOFF]
    assert old and recent

    folded, _ = await tidy(year, NOW, RETENTION_DAYS)

    after = await _nudges(year)
    assert folded == sum(old.values())
    assert sorted(n.id for n in after) == sorted(recent)
    kept = await year.retention.nudge_days(7, START.date())
    assert Counter({(d.day, d.slot, d.status, d.reason): d.count for d in kept}) == old


async def test_what_the_habit_score_and_progress_read_and_every_health_record_stay_the_same(
    year: Storage,
) -> None:
    since = NOW - timedelta(days=RETENTION_DAYS)  # what /progress reads lies inside it

    async def reads() -> tuple[object, ...]:
        checkins = await year.coaching.checkins_since(7, since)
        workouts = await year.coaching.workouts_since(7, since)
        return (
            await year.nudges.answered_since(7, "sit", "done", since),
            await year.habits.days(7, since.date()),
            [(c.id, c.pain, c.effort, c.compared) for c in checkins],
            [(w.id, len(w.routine), w.status) for w in workouts],
            len(await year.coaching.changes_since(7, since)),
            [n.id for n in await year.nudges.log(7, limit=1)],
        )

    async with year.engine.connect() as connection:
        checkins_before = await connection.scalar(select(func.count()).select_from(Checkin))
    first = await reads()
    await tidy(year, NOW, RETENTION_DAYS)
    assert await reads() == first
    async with year.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(Checkin)) == 2 * DAYS
    assert checkins_before == 2 * DAYS


async def test_a_finished_session_keeps_exercise_and_dose_but_the_correctable_one_keeps_all(
    year: Storage,
) -> None:
    """A session under way keeps everything too; a second run changes nothing."""
    later = NOW + timedelta(days=10)  # every session is long over
    running = await year.coaching.start_workout(
        7, "daily", [{"exercise_id": "x", "name": "X", "dose": {}, "cues": ["slow"]}], START
    )
    await tidy(year, later, RETENTION_DAYS)
    async with year.engine.connect() as connection:
        steps = dict((await connection.execute(select(Workout.id, Workout.routine))).all())
        correctable = await connection.scalar(
            select(Checkin.workout_id).where(Checkin.plan_before.is_not(None))
        )
    assert steps[running.id][0]["cues"] == ["slow"]
    assert "cues" in steps[correctable][0] and "name" in steps[correctable][0]
    compacted = [routine for id_, routine in steps.items() if id_ not in (running.id, correctable)]
    assert len(compacted) == DAYS - 1
    assert all(set(step) == {"exercise_id", "dose"} for routine in compacted for step in routine)
    assert await tidy(year, later, RETENTION_DAYS) == (0, 0)


async def test_only_the_latest_session_check_in_keeps_the_plan_it_changed(year: Storage) -> None:
    async with year.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(Checkin.id, Checkin.kind).where(Checkin.plan_before.is_not(None))
            )
        ).all()
        latest = await connection.scalar(
            select(func.max(Checkin.id)).where(Checkin.kind == "session")
        )
    assert rows == [(latest, "session")]

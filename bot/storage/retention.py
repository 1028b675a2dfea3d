"""What is kept how long: old nudges folded into daily counts, old sessions kept compact.

A nudge row is the log of one reminder; after `nudge_retention_days` it becomes one count in
`nudge_days` (person, day, slot, outcome) and the row goes. A session's stored steps (names,
cues, cautions: enough to show it while it runs) shrink to exercise and dose once it is over
and its check-in can no longer be corrected. Both run in small batches, each its own short
transaction, so replies never wait long behind them. A person's health records (check-ins,
mornings, ratings) are not touched here: they stay until /delete.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Checkin, Nudge, NudgeDay, Workout

if TYPE_CHECKING:
    from bot.storage import Storage

# Outcomes that never change again: only these rows are folded away.
SETTLED = ("sent", "skipped", "failed", "unknown")
# What a finished session keeps of each step (names and texts come from the catalogue).
KEPT = ("exercise_id", "dose")
NUDGE_DAYS = cast(Table, NudgeDay.__table__)
WORKOUTS = cast(Table, Workout.__table__)
_COMPACT = (
    update(WORKOUTS)
    .where(WORKOUTS.c.id == bindparam("b_id"))
    .values(routine=bindparam("b_routine"), compacted=True)
)


class RetentionRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def fold_nudges(self, before: datetime, batch: int) -> int:
        """Fold up to `batch` settled nudges due before `before` into daily counts and delete
        them, in one transaction; how many went (0: nothing left to do)."""
        async with self._sessions.begin() as session:
            rows = (
                await session.execute(
                    select(Nudge.id, Nudge.user_id, Nudge.due_at, Nudge.slot, Nudge.status)
                    .add_columns(Nudge.reason)
                    .where(Nudge.status.in_(SETTLED), Nudge.due_at < before)
                    .order_by(Nudge.status, Nudge.due_at)
                    .limit(batch)
                )
            ).all()
            if not rows:
                return 0
            counts = Counter(
                (user_id, due.date(), slot, status, reason or "")
                for _, user_id, due, slot, status, reason in rows
            )
            await _add_counts(session, counts)
            await session.execute(delete(Nudge).where(Nudge.id.in_([row[0] for row in rows])))
            return len(rows)

    async def compact_workouts(self, before: datetime, batch: int) -> int:
        """Shrink the stored steps of up to `batch` sessions that ended before `before`."""
        async with self._sessions.begin() as session:
            rows = (
                await session.execute(
                    select(Workout.id, Workout.routine)
                    .where(
                        Workout.compacted.is_(False),
                        Workout.status != "started",
                        Workout.started_at < before,
                        # The session of the one check-in that can still be corrected (only it
                        # keeps its plan) keeps its steps whole: redoing it shows them again.
                        Workout.id.not_in(
                            select(Checkin.workout_id).where(
                                Checkin.plan_before.is_not(None), Checkin.workout_id.is_not(None)
                            )
                        ),
                    )
                    .limit(batch)
                )
            ).all()
            if rows:
                await session.execute(
                    _COMPACT,
                    [{"b_id": id_, "b_routine": compact_steps(steps)} for id_, steps in rows],
                )
            return len(rows)

    async def nudge_days(self, user_id: int, since: date) -> list[NudgeDay]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(NudgeDay)
                .where(NudgeDay.user_id == user_id, NudgeDay.day >= since)
                .order_by(NudgeDay.day)
            )
            return list(rows.scalars())


def compact_steps(steps: list[Any]) -> list[dict[str, Any]]:
    """Each step's exercise and dose only; whole numbers without their ".0"."""
    return [
        {key: _whole(step[key]) if key == "dose" else step[key] for key in KEPT if key in step}
        for step in steps
    ]


def _whole(dose: dict[str, float]) -> dict[str, float]:
    return {
        name: int(value) if float(value).is_integer() else value for name, value in dose.items()
    }


async def _add_counts(
    session: AsyncSession, counts: Counter[tuple[int, date, str, str, str]]
) -> None:
    """Add to the daily counts, creating the rows that don't exist yet (one upsert)."""
    values = [
        {"user_id": u, "day": d, "slot": sl, "status": st, "reason": r, "count": n}
        for (u, d, sl, st, r), n in counts.items()
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(NUDGE_DAYS).values(values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "day", "slot", "status", "reason"],
            set_={"count": NUDGE_DAYS.c.count + statement.excluded["count"]},
        )
    )


# Small batches with a pause between them: on SQLite one connection serves everyone, so a reply
# waits at most one batch behind the tidying. A batch's cost is mostly the index pages its
# deletes touch (a person-and-time index scatters them: about one page a row), so it grows with
# its size: 500 rows held the connection for 200-400 ms on a busy 2-core machine, 100 for 40-70.
BATCH = 100
PAUSE_S = 0.02
MAX_BATCHES = 2000  # a run's share; an hourly job catches up with a backlog over a few runs
COMPACT_AFTER = timedelta(days=2)


async def tidy(storage: Storage, now: datetime, retention_days: int) -> tuple[int, int]:
    """One retention run: (nudges folded into daily counts, sessions compacted)."""
    folded = compacted = 0
    for _ in range(MAX_BATCHES):
        done = await storage.retention.fold_nudges(now - timedelta(days=retention_days), BATCH)
        folded += done
        if done < BATCH:
            break
        await asyncio.sleep(PAUSE_S)
    for _ in range(MAX_BATCHES):
        done = await storage.retention.compact_workouts(now - COMPACT_AFTER, BATCH // 2)
        compacted += done
        if done < BATCH // 2:
            break
        await asyncio.sleep(PAUSE_S)
    return folded, compacted

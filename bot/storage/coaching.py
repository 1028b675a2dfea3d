"""Plans, workouts, check-ins and load changes: what the coaching engine reads and writes."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, Update, bindparam, delete, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.commits import handling
from bot.storage.database import write_last
from bot.storage.models import Checkin, LoadChange, Plan, TransitionRating, User, Workout


class CoachingRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    # --- plans ---------------------------------------------------------------------------
    async def plan(self, user_id: int) -> dict[str, Any] | None:
        async with self._sessions() as session:
            plan = await session.get(Plan, user_id)
            return dict(plan.state) if plan is not None else None

    async def plans(self, user_ids: list[int]) -> dict[int, dict[str, Any]]:
        async with self._sessions() as session:
            rows = await session.execute(select(Plan).where(Plan.user_id.in_(user_ids)))
            return {plan.user_id: dict(plan.state) for plan in rows.scalars()}

    async def save_plan(self, user_id: int, state: dict[str, Any], now: datetime) -> None:
        async with self._sessions.begin() as session:
            await _put_plan(session, user_id, state, now)

    # --- workouts ------------------------------------------------------------------------
    async def start_workout(
        self, user_id: int, variant: str, routine: list[dict[str, Any]], now: datetime
    ) -> Workout:
        async with self._sessions.begin() as session:
            workout = Workout(
                user_id=user_id,
                variant=variant,
                status="started",
                started_at=now,
                routine=routine,
                position=0,
                results={},
            )
            session.add(workout)
            await session.flush()
            return workout

    async def workout(self, user_id: int, workout_id: int) -> Workout | None:
        """The workout, only if it is this person's (callback data can be forged)."""
        async with self._sessions() as session:
            workout = await session.get(Workout, workout_id)
            return workout if workout is not None and workout.user_id == user_id else None

    async def record_step(
        self, user_id: int, workout_id: int, position: int, result: str, now: datetime
    ) -> Workout | None:
        """Record how exercise `position` went and move on. A repeated tap changes nothing."""
        async with self._sessions.begin() as session:
            workout = await session.get(Workout, workout_id)
            if (
                workout is None
                or workout.user_id != user_id
                or workout.status != "started"
                or workout.position != position
            ):
                return None
            exercise = workout.routine[position]["exercise_id"]
            workout.results = {**workout.results, exercise: result}
            workout.position = position + 1
            if workout.position >= len(workout.routine):
                workout.status, workout.ended_at = "finished", now
            return workout

    async def undo_step(self, user_id: int, workout_id: int, position: int) -> Workout | None:
        """Take back the answer to the step before `position` (the session's current one)."""
        async with self._sessions.begin() as session:
            workout = await session.get(Workout, workout_id)
            if (
                workout is None
                or workout.user_id != user_id
                or workout.status != "started"
                or workout.position != position
                or position < 1
            ):
                return None
            exercise = workout.routine[position - 1]["exercise_id"]
            workout.results = {k: v for k, v in workout.results.items() if k != exercise}
            workout.position = position - 1
            return workout

    async def stop_workout(self, user_id: int, workout_id: int, now: datetime) -> Workout | None:
        async with self._sessions.begin() as session:
            workout = await session.get(Workout, workout_id)
            if workout is None or workout.user_id != user_id or workout.status != "started":
                return None
            workout.status, workout.ended_at = "stopped", now
            return workout

    async def workouts_since(self, user_id: int, since: datetime) -> list[Workout]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Workout)
                .where(Workout.user_id == user_id, Workout.started_at >= since)
                .order_by(Workout.started_at)
            )
            return list(rows.scalars())

    # --- check-ins -----------------------------------------------------------------------
    async def open_checkin(
        self, user_id: int, kind: str, workout_id: int | None, now: datetime
    ) -> Checkin:
        """The check-in for this workout and kind, created on first use (so never twice). One
        without a workout (a day skipped for pain) is always new."""
        async with self._sessions.begin() as session:
            if workout_id is not None:
                existing = await session.scalar(
                    select(Checkin).where(
                        Checkin.user_id == user_id,
                        Checkin.kind == kind,
                        Checkin.workout_id == workout_id,
                    )
                )
                if existing is not None:
                    return existing
            checkin = Checkin(
                user_id=user_id,
                kind=kind,
                workout_id=workout_id,
                created_at=now,
                updated_at=now,
                feels={},
            )
            session.add(checkin)
            await session.flush()
            return checkin

    async def checkin(self, user_id: int, checkin_id: int) -> Checkin | None:
        current = handling()
        if current is not None and current.arrival is not None:
            arrived = current.arrival.take_checkin(user_id, checkin_id)
            if arrived is not None:  # read with the person as the update arrived
                return arrived
        async with self._sessions() as session:
            checkin = await session.get(Checkin, checkin_id)
            return checkin if checkin is not None and checkin.user_id == user_id else None

    async def update_checkin(
        self, user_id: int, checkin_id: int, now: datetime, **fields: Any
    ) -> Checkin | None:
        async with self._sessions.begin() as session:  # one UPDATE ... RETURNING
            return await session.scalar(
                update(Checkin)
                .where(Checkin.id == checkin_id, Checkin.user_id == user_id)
                .values(**fields, updated_at=now)
                .returning(Checkin)
            )

    async def answer_checkin(
        self, checkin: Checkin, now: datetime, next_question: str | None, **fields: Any
    ) -> bool:
        """An answer and the question it opens next, in one transaction: the answer is never
        kept without the conversation moving on, nor the other way round. Two Core UPDATEs
        (no rows loaded), built once per set of fields and run on the session's connection
        (the ORM's execute would only pass them through), the second with the commit on
        SQLite (`write_last`); `checkin` takes the new values. False if the check-in
        is gone."""
        async with self._sessions.begin() as session:
            connection = await session.connection()
            done = await connection.execute(
                _answer_statement(tuple(sorted(fields))),
                {**fields, "b_id": checkin.id, "b_user": checkin.user_id, "b_now": now},
            )
            if not done.rowcount:
                return False
            await write_last(
                session,
                _NEXT_QUESTION,
                {"b_user": checkin.user_id, "b_question": next_question, "b_now": now},
            )
        for name, value in {**fields, "updated_at": now}.items():
            setattr(checkin, name, value)
        return True

    async def latest_checkin(self, user_id: int, kind: str) -> Checkin | None:
        async with self._sessions() as session:
            return await session.scalar(
                select(Checkin)
                .where(Checkin.user_id == user_id, Checkin.kind == kind)
                .order_by(Checkin.created_at.desc(), Checkin.id.desc())
                .limit(1)
            )

    async def checkins_since(self, user_id: int, since: datetime) -> list[Checkin]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Checkin)
                .where(Checkin.user_id == user_id, Checkin.created_at >= since)
                .order_by(Checkin.created_at)
            )
            return list(rows.scalars())

    # --- load changes --------------------------------------------------------------------
    async def apply_engine_result(
        self,
        user_id: int,
        checkin_id: int,
        plan_before: dict[str, Any],
        plan_after: dict[str, Any],
        changes: list[dict[str, str]],
        now: datetime,
    ) -> None:
        """Store the engine's decision for one check-in in one transaction: the new plan, the
        changes with their reasons, and the plan as it was. Only the latest session check-in
        can be corrected, so only it keeps that copy (a copy is several kilobytes)."""
        async with self._sessions.begin() as session:
            checkin = await session.get(Checkin, checkin_id)
            if checkin is None or checkin.user_id != user_id:
                return
            await session.execute(delete(LoadChange).where(LoadChange.checkin_id == checkin_id))
            checkin.applied_at = now
            if checkin.kind == "session":
                checkin.plan_before = plan_before
                await session.execute(
                    update(Checkin)
                    .where(
                        Checkin.user_id == user_id,
                        Checkin.id != checkin_id,
                        Checkin.plan_before.is_not(None),
                    )
                    .values(plan_before=null())
                )
            await _put_plan(session, user_id, plan_after, now)
            for change in changes:
                session.add(
                    LoadChange(user_id=user_id, checkin_id=checkin_id, created_at=now, **change)
                )

    async def record_changes(
        self,
        user_id: int,
        plan_after: dict[str, Any],
        changes: list[dict[str, str]],
        now: datetime,
    ) -> None:
        """Changes that come from no check-in (the person reported a flare), with the new plan."""
        async with self._sessions.begin() as session:
            await _put_plan(session, user_id, plan_after, now)
            for change in changes:
                session.add(LoadChange(user_id=user_id, checkin_id=None, created_at=now, **change))

    async def changes_for(self, user_id: int, checkin_id: int) -> list[LoadChange]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(LoadChange)
                .where(LoadChange.user_id == user_id, LoadChange.checkin_id == checkin_id)
                .order_by(LoadChange.id)
            )
            return list(rows.scalars())

    async def changes_since(self, user_id: int, since: datetime) -> list[LoadChange]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(LoadChange)
                .where(LoadChange.user_id == user_id, LoadChange.created_at >= since)
                .order_by(LoadChange.id)
            )
            return list(rows.scalars())

    # --- how hard the trouble movements feel in daily life ----------------------------------
    async def rate_transition(
        self, user_id: int, transition: str, score: int, now: datetime
    ) -> None:
        async with self._sessions.begin() as session:
            session.add(
                TransitionRating(
                    user_id=user_id, transition=transition, score=score, created_at=now
                )
            )

    async def transition_ratings_since(
        self, user_id: int, since: datetime
    ) -> list[TransitionRating]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(TransitionRating)
                .where(TransitionRating.user_id == user_id, TransitionRating.created_at >= since)
                .order_by(TransitionRating.created_at)
            )
            return list(rows.scalars())


async def _put_plan(
    session: AsyncSession, user_id: int, state: dict[str, Any], now: datetime
) -> None:
    plan = await session.get(Plan, user_id)
    if plan is None:
        session.add(Plan(user_id=user_id, state=state, updated_at=now))
    else:
        plan.state, plan.updated_at = state, now


CHECKINS, USERS = cast(Table, Checkin.__table__), cast(Table, User.__table__)
# Statements made once: SQLAlchemy then finds their compiled SQL without rebuilding them (about
# a third of a short statement's CPU).
_NEXT_QUESTION = (
    update(USERS)
    .where(USERS.c.id == bindparam("b_user"))
    .values(awaiting=bindparam("b_question"), awaiting_since=bindparam("b_now"))
)


@functools.cache
def _answer_statement(fields: tuple[str, ...]) -> Update:
    """UPDATE of a check-in's answer columns (a handful of combinations: pain, effort, ...)."""
    return (
        update(CHECKINS)
        .where(CHECKINS.c.id == bindparam("b_id"), CHECKINS.c.user_id == bindparam("b_user"))
        .values({**{name: bindparam(name) for name in fields}, "updated_at": bindparam("b_now")})
    )

"""A clinician's exercises for a person: the exercise, its reminder times, and its log."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import OwnExercise, OwnExerciseLog, Rule

EVERY_DAY = "0,1,2,3,4,5,6"


class OwnExerciseRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def start(self, user_id: int, name: str, now: datetime) -> OwnExercise:
        """A new exercise with its name only: the dose comes next."""
        async with self._sessions.begin() as session:
            exercise = OwnExercise(user_id=user_id, name=name, created_at=now)
            session.add(exercise)
        return exercise

    async def get(self, user_id: int, exercise_id: int) -> OwnExercise | None:
        async with self._sessions() as session:
            exercise = await session.get(OwnExercise, exercise_id)
            if exercise is None or exercise.user_id != user_id or exercise.removed_at:
                return None
            return exercise

    async def set(self, user_id: int, exercise_id: int, **fields: Any) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(OwnExercise)
                .where(OwnExercise.id == exercise_id, OwnExercise.user_id == user_id)
                .values(**fields)
            )

    async def current(self, user_id: int) -> list[OwnExercise]:
        """The person's exercises with a dose (fully added), oldest first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(OwnExercise)
                .where(
                    OwnExercise.user_id == user_id,
                    OwnExercise.removed_at.is_(None),
                    OwnExercise.dose != "",
                )
                .order_by(OwnExercise.id)
            )
            return list(rows.scalars())

    async def set_times(
        self, user_id: int, exercise: OwnExercise, times: list[time], now: datetime
    ) -> None:
        """Its reminders: one rule row a time, every day (the rules' slots send them)."""
        async with self._sessions.begin() as session:
            await session.execute(delete(Rule).where(Rule.own_exercise_id == exercise.id))
            for at in times:
                session.add(
                    Rule(
                        user_id=user_id,
                        text=f"🩺 {exercise.name}"[:200],
                        at_time=at,
                        weekdays=EVERY_DAY,
                        enabled=True,
                        created_at=now,
                        own_exercise_id=exercise.id,
                    )
                )

    async def times(self, user_id: int, exercise_id: int) -> list[time]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Rule.at_time)
                .where(Rule.user_id == user_id, Rule.own_exercise_id == exercise_id)
                .order_by(Rule.at_time)
            )
            return list(rows.scalars())

    async def remove(self, user_id: int, exercise_id: int, now: datetime) -> None:
        """No more reminders; the exercise and its log stay for /report and /export."""
        async with self._sessions.begin() as session:
            await session.execute(
                delete(Rule).where(Rule.user_id == user_id, Rule.own_exercise_id == exercise_id)
            )
            await session.execute(
                update(OwnExercise)
                .where(OwnExercise.id == exercise_id, OwnExercise.user_id == user_id)
                .values(removed_at=now)
            )

    async def log(self, user_id: int, exercise_id: int, result: str, now: datetime) -> None:
        async with self._sessions.begin() as session:
            session.add(
                OwnExerciseLog(
                    user_id=user_id, own_exercise_id=exercise_id, result=result, created_at=now
                )
            )

    async def logs_since(self, user_id: int, since: datetime) -> list[OwnExerciseLog]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(OwnExerciseLog)
                .where(OwnExerciseLog.user_id == user_id, OwnExerciseLog.created_at >= since)
                .order_by(OwnExerciseLog.created_at)
            )
            return list(rows.scalars())

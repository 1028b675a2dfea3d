"""The person's outcomes: activities named in their own words, and 0-10 ratings over time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Activity, OutcomeRating


class OutcomeRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add_activity(self, user_id: int, name: str, now: datetime) -> Activity:
        async with self._sessions.begin() as session:
            activity = Activity(user_id=user_id, name=name, created_at=now)
            session.add(activity)
        return activity

    async def activities(self, user_id: int) -> list[Activity]:
        """The person's current activities, oldest first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Activity)
                .where(Activity.user_id == user_id, Activity.removed_at.is_(None))
                .order_by(Activity.id)
            )
            return list(rows.scalars())

    async def remove_activity(self, user_id: int, activity_id: int, now: datetime) -> None:
        """Kept with its ratings (for /report and /export), no longer asked about."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Activity)
                .where(Activity.id == activity_id, Activity.user_id == user_id)
                .values(removed_at=now)
            )

    async def rate(
        self, user_id: int, kind: str, score: int, now: datetime, activity_id: int | None = None
    ) -> None:
        async with self._sessions.begin() as session:
            session.add(
                OutcomeRating(
                    user_id=user_id,
                    kind=kind,
                    activity_id=activity_id,
                    score=score,
                    created_at=now,
                )
            )

    async def ratings(self, user_id: int) -> list[OutcomeRating]:
        """Every outcome rating of the person, oldest first (a few a fortnight at most)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(OutcomeRating)
                .where(OutcomeRating.user_id == user_id)
                .order_by(OutcomeRating.created_at, OutcomeRating.id)
            )
            return list(rows.scalars())

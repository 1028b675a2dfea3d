"""How each local day went, for the forgiving habit score."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import DayMark

# When two things happen on one day, the stronger mark stays: a done session beats a pause.
STRENGTH = {"done": 4, "flare": 3, "skipped_pain": 2, "paused": 1, "missed": 0}


class HabitRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def mark(self, user_id: int, day: date, outcome: str, overwrite: bool = True) -> None:
        async with self._sessions.begin() as session:
            mark = await session.get(DayMark, (user_id, day))
            if mark is None:
                session.add(DayMark(user_id=user_id, day=day, outcome=outcome))
            elif overwrite and STRENGTH.get(outcome, 0) >= STRENGTH.get(mark.outcome, 0):
                mark.outcome = outcome

    async def clear(self, user_id: int, since: date, outcome: str) -> None:
        """Take back `outcome` marks from `since` on (days a pause claimed, after /resume)."""
        async with self._sessions.begin() as session:
            await session.execute(
                delete(DayMark).where(
                    DayMark.user_id == user_id, DayMark.day >= since, DayMark.outcome == outcome
                )
            )

    async def days(self, user_id: int, since: date) -> list[tuple[date, str]]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(DayMark.day, DayMark.outcome)
                .where(DayMark.user_id == user_id, DayMark.day >= since)
                .order_by(DayMark.day)
            )
            return [(day, outcome) for day, outcome in rows.all()]

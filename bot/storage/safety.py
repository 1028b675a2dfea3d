"""The safety answers log: every answer to a safety question, with its time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import SafetyAnswer


class SafetyRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def record(self, user_id: int, question: str, answer: str, now: datetime) -> None:
        async with self._sessions.begin() as session:
            session.add(
                SafetyAnswer(user_id=user_id, question=question, answer=answer, created_at=now)
            )

    async def answers(self, user_id: int) -> list[tuple[datetime, str, str]]:
        """(when, question, answer), oldest first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(SafetyAnswer.created_at, SafetyAnswer.question, SafetyAnswer.answer)
                .where(SafetyAnswer.user_id == user_id)
                .order_by(SafetyAnswer.created_at, SafetyAnswer.id)
            )
            return [(row[0], row[1], row[2]) for row in rows.all()]

"""Which lessons each person has read, and when: the lesson schedule reads and writes this."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import LessonRead


class LessonRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def read(self, user_id: int) -> dict[str, datetime]:
        """Lesson id -> when it was first read, oldest first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(LessonRead.lesson_id, LessonRead.read_at)
                .where(LessonRead.user_id == user_id)
                .order_by(LessonRead.read_at)
            )
            return {lesson_id: read_at for lesson_id, read_at in rows.all()}

    async def mark_read(self, user_id: int, lesson_id: str, now: datetime) -> bool:
        """Record a first reading; False if it was read before (re-reading keeps the first)."""
        async with self._sessions.begin() as session:
            if await session.get(LessonRead, (user_id, lesson_id)) is not None:
                return False
            session.add(LessonRead(user_id=user_id, lesson_id=lesson_id, read_at=now))
            return True

"""Counters of typed messages the bot did not understand, by kind only (never the text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import TypedMiss


class MissRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def count(self, kind: str, now: datetime) -> None:
        """One more miss of this kind; safe when two workers count the same kind at once."""
        for _ in range(2):
            try:
                async with self._sessions.begin() as session:
                    result = await session.execute(
                        update(TypedMiss)
                        .where(TypedMiss.kind == kind)
                        .values(count=TypedMiss.count + 1, last_at=now)
                    )
                    if not result.rowcount:  # type: ignore[attr-defined]
                        session.add(TypedMiss(kind=kind, count=1, last_at=now))
                return
            except IntegrityError:  # another worker inserted the first one: count on it
                continue

    async def counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            rows = await session.execute(select(TypedMiss.kind, TypedMiss.count))
            return {kind: count for kind, count in rows.all()}

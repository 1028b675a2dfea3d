"""Personal reminder rules ("no heavy lifting without a warm-up" at 08:00)."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Rule

MAX_RULES = 10


class RuleRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def for_user(self, user_id: int) -> list[Rule]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Rule).where(Rule.user_id == user_id).order_by(Rule.id)
            )
            return list(rows.scalars())

    async def for_users(self, user_ids: list[int]) -> dict[int, list[Rule]]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Rule).where(Rule.user_id.in_(user_ids)).order_by(Rule.id)
            )
            found: dict[int, list[Rule]] = {}
            for rule in rows.scalars():
                found.setdefault(rule.user_id, []).append(rule)
            return found

    async def add(self, user_id: int, text: str, at: time, weekdays: str, now: datetime) -> Rule:
        async with self._sessions.begin() as session:
            rule = Rule(
                user_id=user_id,
                text=text[:200],
                at_time=at,
                weekdays=weekdays,
                enabled=True,
                created_at=now,
            )
            session.add(rule)
            await session.flush()
            return rule

    async def get(self, user_id: int, rule_id: int) -> Rule | None:
        """The rule, only if it belongs to this person (callback data can be forged)."""
        async with self._sessions() as session:
            rule = await session.get(Rule, rule_id)
            return rule if rule is not None and rule.user_id == user_id else None

    async def set_enabled(self, user_id: int, rule_id: int, enabled: bool) -> Rule | None:
        async with self._sessions.begin() as session:
            rule = await session.get(Rule, rule_id)
            if rule is None or rule.user_id != user_id:
                return None
            rule.enabled = enabled
            return rule

    async def remove(self, user_id: int, rule_id: int) -> bool:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(Rule).where(Rule.id == rule_id, Rule.user_id == user_id)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

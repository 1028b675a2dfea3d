"""Storage adapter: SQLAlchemy models, repositories and Alembic migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.coaching import CoachingRepository
from bot.storage.database import Sessions, create_engine, session_factory
from bot.storage.habits import HabitRepository
from bot.storage.lessons import LessonRepository
from bot.storage.migrate import upgrade
from bot.storage.misses import MissRepository
from bot.storage.nudges import NudgeRepository
from bot.storage.outcomes import OutcomeRepository
from bot.storage.own_exercises import OwnExerciseRepository
from bot.storage.privacy import PrivacyRepository
from bot.storage.retention import RetentionRepository
from bot.storage.rules import RuleRepository
from bot.storage.safety import SafetyRepository
from bot.storage.updates import UpdateRepository
from bot.storage.users import UserRepository


@dataclass
class Storage:
    """Everything the bot keeps, behind one object the handlers receive."""

    engine: AsyncEngine
    users: UserRepository
    rules: RuleRepository
    coaching: CoachingRepository
    nudges: NudgeRepository
    habits: HabitRepository
    lessons: LessonRepository
    privacy: PrivacyRepository
    updates: UpdateRepository
    misses: MissRepository
    safety: SafetyRepository
    retention: RetentionRepository
    outcomes: OutcomeRepository
    own_exercises: OwnExerciseRepository
    sessions: Sessions

    @asynccontextmanager
    async def one_commit(self) -> AsyncIterator[None]:
        """The repositories' writes within, as one transaction (Sessions.one_commit)."""
        async with self.sessions.one_commit():
            yield

    @classmethod
    def open(cls, url: str) -> Storage:
        engine = create_engine(url)
        sessions = session_factory(engine)
        return cls(
            engine=engine,
            users=UserRepository(sessions),
            rules=RuleRepository(sessions),
            coaching=CoachingRepository(sessions),
            nudges=NudgeRepository(sessions),
            habits=HabitRepository(sessions),
            lessons=LessonRepository(sessions),
            privacy=PrivacyRepository(sessions),
            updates=UpdateRepository(sessions),
            misses=MissRepository(sessions),
            safety=SafetyRepository(sessions),
            retention=RetentionRepository(sessions),
            outcomes=OutcomeRepository(sessions),
            own_exercises=OwnExerciseRepository(sessions),
            sessions=sessions,
        )

    async def migrate(self, revision: str = "head") -> None:
        if self.engine.dialect.name != "sqlite":
            await upgrade(self.engine, revision)
            return
        engine = create_engine(self.engine.url.render_as_string(False), foreign_keys=False)
        try:
            await upgrade(engine, revision)
        finally:
            await engine.dispose()

    async def close(self) -> None:
        await self.engine.dispose()

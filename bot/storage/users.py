"""Reading and writing users and their settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Integer, Table, and_, bindparam, exists, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bot.storage.commits import Arrival, handling
from bot.storage.models import Checkin, ProcessedUpdate, User


class _AskedCheckin(FunctionElement[int]):
    """The check-in an open question is about, from `users.awaiting` ("ci:12:effort" and
    "am:12" name check-in 12), else NULL."""

    type = Integer()
    inherit_cache = True


@compiles(_AskedCheckin, "sqlite")
def _asked_sqlite(element: _AskedCheckin, compiler: SQLCompiler, **kw: Any) -> str:
    key = compiler.process(element.clauses, **kw)  # CAST reads the number before the ":"
    number = f"CAST(substr({key}, 4) AS INTEGER)"
    return f"CASE WHEN substr({key}, 1, 3) IN ('ci:', 'am:') THEN {number} END"


@compiles(_AskedCheckin, "postgresql")
def _asked_postgresql(element: _AskedCheckin, compiler: SQLCompiler, **kw: Any) -> str:
    key = compiler.process(element.clauses, **kw)
    number = f"split_part({key}, ':', 2)::integer"
    return f"CASE WHEN {key} ~ '^(ci|am):[0-9]{{1,9}}(:|$)' THEN {number} END"


# Someone's row (or none, for someone never met), whether an update id was recorded, and the
# check-in their open question is about, in one statement: a one-row anchor left-joined to the
# person and their check-in, so the first is there either way.
_ANCHOR = select(literal(1).label("one")).subquery("anchor")
_ARRIVING = (
    select(
        exists().where(ProcessedUpdate.update_id == bindparam("b_update")).label("seen"),
        User,
        Checkin,
    )
    .select_from(_ANCHOR)
    .outerjoin(User, User.id == bindparam("b_user"))
    .outerjoin(
        Checkin, and_(Checkin.id == _AskedCheckin(User.awaiting), Checkin.user_id == User.id)
    )
)


class UserRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def arriving(self, user_id: int, update_id: int) -> User | None:
        """The person an update comes from, read as it arrives, with whether its id was
        recorded before and the check-in their open question is about, in one statement.
        While the update is handled the first `get` of them and the first `CoachingRepository.
        checkin` of that check-in take these rows, unless something was written since, and
        `UpdateRepository.first_time` the rest (bot/storage/commits.py)."""
        async with self._sessions() as session:
            row = (
                await session.execute(_ARRIVING, {"b_update": update_id, "b_user": user_id})
            ).one()
        seen, user, checkin = bool(row[0]), row[1], row[2]
        current = handling()
        if current is not None:  # a new try of the update: nothing is decided yet
            current.arrival = Arrival(update_id, seen, user_id, user, checkin)
            current.record = None
        return cast(User | None, user)

    async def get(self, user_id: int) -> User | None:
        current = handling()
        if current is not None and current.arrival is not None:
            taken, user = current.arrival.take_user(user_id)
            if taken:
                return user
        async with self._sessions() as session:
            return await session.get(User, user_id)

    async def get_many(self, user_ids: list[int]) -> dict[int, User]:
        async with self._sessions() as session:
            rows = await session.execute(select(User).where(User.id.in_(user_ids)))
            return {user.id: user for user in rows.scalars()}

    async def ensure(
        self, user_id: int, chat_id: int, first_name: str, now: datetime, language: str = "en"
    ) -> User:
        """The user's row, created on first contact. An existing row keeps all its settings."""
        async with self._sessions.begin() as session:
            user = await session.get(User, user_id)
            if user is None:
                user = User(
                    id=user_id,
                    chat_id=chat_id,
                    first_name=first_name[:128],
                    created_at=now,
                    onboarding_step="consent",
                    timezone="UTC",
                    desk_days="",
                    transitions=[],
                    active=True,
                    language=language,
                )
                session.add(user)
            else:
                user.chat_id = chat_id
                user.active, user.stopped = True, False
            await session.flush()
            return user

    async def update(self, user_id: int, **fields: Any) -> User:
        """The row as it is after the change: one UPDATE ... RETURNING."""
        async with self._sessions.begin() as session:
            statement = (
                update(User).where(User.id == user_id).values(**_checked(fields)).returning(User)
            )
            user = await session.scalar(statement)
            if user is None:
                raise LookupError(f"no user {user_id}")
            return user

    async def set(self, user: User, **fields: Any) -> None:
        """The change for a caller that holds the row: a Core UPDATE, nothing read back (an
        ORM row costs more to build than the statement does to run); `user` takes the values."""
        fields = _checked(fields)
        table = cast(Table, User.__table__)
        async with self._sessions.begin() as session:
            done = await session.execute(update(table).where(table.c.id == user.id).values(fields))
            if not done.rowcount:  # type: ignore[attr-defined]
                raise LookupError(f"no user {user.id}")
        for name, value in fields.items():
            setattr(user, name, value)

    async def set_active(self, user_id: int, active: bool) -> None:
        async with self._sessions.begin() as session:
            await session.execute(update(User).where(User.id == user_id).values(active=active))

    async def count(self) -> tuple[int, int]:
        """(all users, users who have not blocked the bot)."""
        async with self._sessions() as session:
            total = await session.scalar(select(func.count()).select_from(User))
            active = await session.scalar(
                select(func.count()).select_from(User).where(User.active.is_(True))
            )
        return int(total or 0), int(active or 0)


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    for name in fields:
        if not hasattr(User, name):
            raise AttributeError(f"User has no column {name}")
    if "awaiting" in fields:
        # A question's age is what the caller says (None: never expires), never the last one's.
        return {"awaiting_since": None, **fields}
    return fields

"""The nudge table: the single source of truth for what is due, claimed, sent or skipped."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.models import Nudge, User

# A claim lasts this long unless its worker renews it (the dispatcher passes its own).
DEFAULT_LEASE = timedelta(minutes=2)
IN_FLIGHT = ("claimed", "sending")
STATUSES = ("pending", "claimed", "sending", "sent", "skipped", "failed", "unknown")
NUDGES = cast(Table, Nudge.__table__)
USERS = cast(Table, User.__table__)
# Statements made once (SQLAlchemy then keys its compiled-SQL cache without rebuilding them).
_MARK_SENDING = (
    update(NUDGES)
    .where(
        NUDGES.c.id.in_(bindparam("b_ids", expanding=True)),
        NUDGES.c.claim_token == bindparam("b_token"),
        NUDGES.c.status == "claimed",
    )
    .values(status="sending", claimed_at=bindparam("b_now"))
    .returning(NUDGES.c.id)
)
_OWNED = (
    select(NUDGES.c.id)
    .where(
        NUDGES.c.id.in_(bindparam("b_ids", expanding=True)),
        NUDGES.c.claim_token == bindparam("b_token"),
    )
    .with_for_update()
)
# A chunk's outcomes, one row each (executemany); only the claim's own rows reach here.
_SETTLE = (
    update(NUDGES)
    .where(NUDGES.c.id == bindparam("b_id"))
    .values(
        status=bindparam("b_status"),
        reason=bindparam("b_reason"),
        message_id=bindparam("b_message_id"),
        sent_at=bindparam("b_sent_at"),
        lease_until=None,
    )
)
# The sit timer counts on from a break sent; None: a /sit timer stopped by itself.
_SET_SITTING = (
    update(USERS)
    .where(USERS.c.id == bindparam("b_id"))
    .values(sitting_since=bindparam("b_since"), sit_manual=False)
)
_IGNORED = update(USERS).where(USERS.c.id.in_(bindparam("b_ids", expanding=True)))


@dataclass(frozen=True)
class Outcome:
    nudge_id: int
    status: str  # sent | skipped | failed | unknown
    reason: str | None = None
    message_id: int | None = None


@dataclass(frozen=True)
class Claimed:
    id: int
    user_id: int
    slot: str
    due_at: datetime
    first_due_at: datetime  # grace counts from here, however often the send was put back
    token: str  # the claim this worker holds; every later change of the row must show it


class NudgeRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        # The dispatcher's per-chunk writes are Core statements: a connection of the sessions'
        # engine runs them without a session around it (the same BEGIN, IMMEDIATE on SQLite).
        self._engine: AsyncEngine = sessions.kw["bind"]

    async def set_pending(
        self, user_id: int, slot: str, due: datetime | None, now: datetime
    ) -> None:
        """Make `due` the one pending nudge of this slot (or remove it when due is None)."""
        async with self._sessions.begin() as session:
            await session.execute(
                delete(Nudge).where(
                    Nudge.user_id == user_id, Nudge.slot == slot, Nudge.status == "pending"
                )
            )
            if due is not None:
                session.add(_new(user_id, slot, due, now))

    async def cancel_pending(self, user_id: int, keep: tuple[str, ...] = ()) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                delete(Nudge).where(
                    Nudge.user_id == user_id, Nudge.status == "pending", Nudge.slot.not_in(keep)
                )
            )

    async def pending(self, user_id: int) -> list[Nudge]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Nudge)
                .where(Nudge.user_id == user_id, Nudge.status == "pending")
                .order_by(Nudge.due_at)
            )
            return list(rows.scalars())

    async def claim_due(
        self, now: datetime, limit: int, lease: timedelta = DEFAULT_LEASE
    ) -> list[Claimed]:
        """Take up to `limit` due nudges for this worker, under a new claim token leased until
        `now + lease`; other workers skip them (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite
        has one writer at a time)."""
        async with self._sessions.begin() as session:
            ids = (
                (
                    await session.execute(
                        select(NUDGES.c.id)
                        .where(NUDGES.c.status == "pending", NUDGES.c.due_at <= now)
                        .order_by(NUDGES.c.due_at)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            return await _claim(session, list(ids), now, lease) if ids else []

    async def claim_pending(
        self, ids: list[int], now: datetime, lease: timedelta = DEFAULT_LEASE
    ) -> list[Claimed]:
        """Take these nudges, those of them still pending, as `claim_due` does."""
        async with self._sessions.begin() as session:
            return await _claim(session, ids, now, lease, NUDGES.c.status == "pending")

    async def due_in_slot(self, slot: str, now: datetime) -> list[tuple[int, int, datetime]]:
        """(id, person, due time) of every pending nudge of `slot` due by `now` that was never
        put back (those wait out an outage or a 429, and their grace decides)."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(Nudge.id, Nudge.user_id, Nudge.due_at).where(
                    Nudge.status == "pending",
                    Nudge.due_at <= now,
                    Nudge.slot == slot,
                    or_(Nudge.first_due_at.is_(None), Nudge.first_due_at == Nudge.due_at),
                )
            )
            return [(row.id, row.user_id, row.due_at) for row in rows]

    async def latest(
        self, slot: str, since: datetime, status: str, reason: str | None = None
    ) -> dict[int, datetime]:
        """Each person's latest nudge of `slot` that ended as `status` (and `reason`) since
        `since` (when it was due); the (status, due_at) index keeps this to the recent rows."""
        conditions = [Nudge.status == status, Nudge.due_at >= since, Nudge.slot == slot]
        if reason is not None:
            conditions.append(Nudge.reason == reason)
        async with self._sessions() as session:
            rows = await session.execute(
                select(Nudge.user_id, func.max(Nudge.due_at))
                .where(*conditions)
                .group_by(Nudge.user_id)
            )
            return {user_id: due for user_id, due in rows}

    async def renew(self, token: str, until: datetime) -> int:
        """Extend the lease on what this worker still holds, so no one takes it over."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(Nudge)
                .where(Nudge.claim_token == token, Nudge.status.in_(IN_FLIGHT))
                .values(lease_until=until)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def mark_sending(self, ids: list[int], token: str, now: datetime) -> set[int]:
        """Just before the sends go out: from here on a crash means "may have arrived". Returns
        the nudges this worker still owns; only those may be sent."""
        async with self._engine.begin() as connection:
            rows = await connection.execute(
                _MARK_SENDING, {"b_ids": ids, "b_token": token, "b_now": now}
            )
            return set(rows.scalars())

    async def settle(
        self,
        token: str,
        outcomes: list[Outcome],
        next_due: dict[int, tuple[int, str, datetime | None]],
        now: datetime,
        sitting: dict[int, datetime | None] | None = None,
        ignored: set[int] | None = None,
    ) -> None:
        """Record how a group of nudges ended and plan each slot's next one (`next_due` maps a
        nudge to its person, slot and next due time), in one transaction; `sitting` also sets
        people's `sitting_since` there, and `ignored` counts one more unanswered sit break for
        each person in it. Only rows this claim still holds are written (a
        recovery may have settled one as "interrupted": the real outcome replaces that); a row
        another worker took over is that worker's to plan.

        Core statements on one connection, executemany where rows differ: at most five
        statements whatever the chunk's size, and no ORM objects made."""
        async with self._engine.begin() as connection:
            if sitting:
                await connection.execute(
                    _SET_SITTING,
                    [{"b_id": user_id, "b_since": since} for user_id, since in sitting.items()],
                )
            if ignored:
                await connection.execute(
                    _IGNORED.values(sit_ignored=USERS.c.sit_ignored + 1),
                    {"b_ids": sorted(ignored)},
                )
            owned: set[int] = set()
            if outcomes:
                ids = [o.nudge_id for o in outcomes]
                rows = await connection.execute(_OWNED, {"b_ids": ids, "b_token": token})
                owned = set(rows.scalars())
            mine = [o for o in outcomes if o.nudge_id in owned]
            if mine:
                await connection.execute(
                    _SETTLE,
                    [
                        {
                            "b_id": o.nudge_id,
                            "b_status": o.status,
                            "b_reason": o.reason,
                            "b_message_id": o.message_id,
                            "b_sent_at": now if o.status in ("sent", "unknown") else None,
                        }
                        for o in mine
                    ],
                )
            planned = [plan for nudge_id, plan in next_due.items() if nudge_id in owned]
            if planned:
                pairs = [(user_id, slot) for user_id, slot, _ in planned]
                await connection.execute(
                    delete(NUDGES).where(
                        tuple_(NUDGES.c.user_id, NUDGES.c.slot).in_(pairs),
                        NUDGES.c.status == "pending",
                    )
                )
            new = [
                _new_row(user_id, slot, due, now)
                for user_id, slot, due in planned
                if due is not None
            ]
            if new:
                await connection.execute(insert(NUDGES), new)

    async def release(self, nudge: Claimed, due: datetime) -> bool:
        """Put a claimed nudge back, e.g. after a 429 or a connection that surely failed. Its
        first due time stays, so its grace period does not start again. False if this worker
        no longer holds it."""
        async with self._sessions.begin() as session:
            row = (
                await session.execute(
                    select(Nudge)
                    .where(
                        Nudge.id == nudge.id,
                        Nudge.claim_token == nudge.token,
                        Nudge.status.in_(IN_FLIGHT),
                    )
                    .with_for_update()
                )
            ).scalar_one_or_none()
            if row is None:
                return False
            newer = await session.scalar(
                select(Nudge.id).where(
                    Nudge.user_id == row.user_id,
                    Nudge.slot == row.slot,
                    Nudge.status == "pending",
                )
            )
            if newer is not None:  # the person changed something meanwhile: the newer one wins
                row.status, row.reason = "skipped", "superseded"
            else:
                row.first_due_at = row.first_due_at or row.due_at
                row.status, row.due_at = "pending", due
            row.claimed_at = row.claim_token = row.lease_until = None
            return True

    async def recover_in_flight(self, now: datetime) -> int:
        """Claims whose lease ran out (their worker died or stalled): never attempted ones go
        back to pending; those that were being sent may have arrived, so they are recorded as
        "unknown", never resent. A live worker renews its leases, so its claims stay its own."""
        expired = or_(Nudge.lease_until.is_(None), Nudge.lease_until < now)
        async with self._sessions.begin() as session:
            await session.execute(
                update(Nudge)
                .where(Nudge.status == "claimed", expired)
                .values(status="pending", claimed_at=None, claim_token=None, lease_until=None)
            )
            result = await session.execute(
                update(Nudge)
                .where(Nudge.status == "sending", expired)
                .values(status="unknown", reason="interrupted", lease_until=None)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def mark_answered(self, user_id: int, message_id: int, answer: str) -> None:
        """Note how the person answered a nudge (e.g. "done" on a sit break) for /progress."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Nudge)
                .where(Nudge.user_id == user_id, Nudge.message_id == message_id)
                .values(reason=answer)
            )

    async def answered_since(
        self, user_id: int, slot: str, answer: str, since: datetime
    ) -> list[datetime]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Nudge.sent_at).where(
                    Nudge.user_id == user_id,
                    Nudge.slot == slot,
                    Nudge.reason == answer,
                    Nudge.sent_at >= since,
                )
            )
            return [sent for sent in rows.scalars() if sent is not None]

    async def counts_since(self, since: datetime) -> dict[str, int]:
        """Nudges due since `since`, by status: one range of the (status, due_at) index each,
        so the cost follows the window, not the whole history."""
        counted: dict[str, int] = {}
        async with self._sessions() as session:
            for status in STATUSES:
                count = await session.scalar(
                    select(func.count())
                    .select_from(Nudge)
                    .where(Nudge.status == status, Nudge.due_at >= since)
                )
                if count:
                    counted[status] = int(count)
        return counted

    async def counts(self) -> dict[str, int]:
        async with self._sessions() as session:
            rows = await session.execute(select(Nudge.status, func.count()).group_by(Nudge.status))
            return {status: int(count) for status, count in rows.all()}

    async def log(self, user_id: int, limit: int = 50) -> list[Nudge]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(Nudge)
                .where(Nudge.user_id == user_id, Nudge.status != "pending")
                .order_by(Nudge.due_at.desc())
                .limit(limit)
            )
            return list(rows.scalars())


async def _claim(
    session: AsyncSession, ids: list[int], now: datetime, lease: timedelta, *conditions: Any
) -> list[Claimed]:
    token = uuid.uuid4().hex
    rows = await session.execute(
        update(NUDGES)
        .where(NUDGES.c.id.in_(ids), *conditions)
        .values(status="claimed", claimed_at=now, claim_token=token, lease_until=now + lease)
        .returning(
            NUDGES.c.id, NUDGES.c.user_id, NUDGES.c.slot, NUDGES.c.due_at, NUDGES.c.first_due_at
        )
    )
    claimed = [
        Claimed(row.id, row.user_id, row.slot, row.due_at, row.first_due_at or row.due_at, token)
        for row in rows
    ]
    return sorted(claimed, key=lambda nudge: nudge.due_at)


def _new_row(user_id: int, slot: str, due: datetime, now: datetime) -> dict[str, Any]:
    """A pending nudge's row, for a Core insert (or `_new`'s ORM object)."""
    return {
        "user_id": user_id,
        "slot": slot,
        "due_at": due,
        "first_due_at": due,
        "status": "pending",
        "created_at": now,
    }


def _new(user_id: int, slot: str, due: datetime, now: datetime) -> Nudge:
    return Nudge(**_new_row(user_id, slot, due, now))

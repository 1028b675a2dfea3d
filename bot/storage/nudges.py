"""The nudge table: the single source of truth for what is due, claimed, sent or skipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Nudge


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


class NudgeRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

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
                session.add(
                    Nudge(user_id=user_id, slot=slot, due_at=due, status="pending", created_at=now)
                )

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

    async def claim_due(self, now: datetime, limit: int) -> list[Claimed]:
        """Take up to `limit` due nudges for this process; other workers skip them
        (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer at a time)."""
        async with self._sessions.begin() as session:
            ids = (
                (
                    await session.execute(
                        select(Nudge.id)
                        .where(Nudge.status == "pending", Nudge.due_at <= now)
                        .order_by(Nudge.due_at)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            if not ids:
                return []
            rows = await session.execute(
                update(Nudge)
                .where(Nudge.id.in_(ids))
                .values(status="claimed", claimed_at=now)
                .returning(Nudge.id, Nudge.user_id, Nudge.slot, Nudge.due_at)
            )
            claimed = [Claimed(row.id, row.user_id, row.slot, row.due_at) for row in rows]
        return sorted(claimed, key=lambda nudge: nudge.due_at)

    async def mark_sending(self, ids: list[int], now: datetime) -> None:
        """Just before the sends go out: from here on a crash means "may have arrived"."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(Nudge).where(Nudge.id.in_(ids)).values(status="sending", claimed_at=now)
            )

    async def settle(
        self,
        outcomes: list[Outcome],
        next_due: list[tuple[int, str, datetime | None]],
        now: datetime,
    ) -> None:
        """Record how a group of nudges ended and plan each slot's next one, in one transaction."""
        async with self._sessions.begin() as session:
            if outcomes:
                await session.execute(
                    update(Nudge),
                    [
                        {
                            "id": o.nudge_id,
                            "status": o.status,
                            "reason": o.reason,
                            "message_id": o.message_id,
                            "sent_at": now if o.status in ("sent", "unknown") else None,
                        }
                        for o in outcomes
                    ],
                )
            if next_due:
                pairs = [(user_id, slot) for user_id, slot, _ in next_due]
                await session.execute(
                    delete(Nudge).where(
                        tuple_(Nudge.user_id, Nudge.slot).in_(pairs), Nudge.status == "pending"
                    )
                )
            new = [
                Nudge(user_id=user_id, slot=slot, due_at=due, status="pending", created_at=now)
                for user_id, slot, due in next_due
                if due is not None
            ]
            session.add_all(new)

    async def finish(
        self,
        nudge_id: int,
        status: str,
        now: datetime,
        reason: str | None = None,
        message_id: int | None = None,
    ) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id)
                .values(
                    status=status,
                    reason=reason,
                    message_id=message_id,
                    sent_at=now if status in ("sent", "unknown") else None,
                )
            )

    async def release(self, nudge_id: int, due: datetime) -> None:
        """Put a claimed nudge back, e.g. after a 429 or a connection that surely failed."""
        async with self._sessions.begin() as session:
            nudge = await session.get(Nudge, nudge_id)
            if nudge is None or nudge.status not in ("claimed", "sending"):
                return
            newer = await session.scalar(
                select(Nudge.id).where(
                    Nudge.user_id == nudge.user_id,
                    Nudge.slot == nudge.slot,
                    Nudge.status == "pending",
                )
            )
            if newer is not None:  # the person changed something meanwhile: the newer one wins
                nudge.status, nudge.reason = "skipped", "superseded"
            else:
                nudge.status, nudge.due_at, nudge.claimed_at = "pending", due, None

    async def recover_in_flight(self, now: datetime, older_than: timedelta) -> int:
        """Nudges a crashed process had taken: never attempted ones go back to pending; those
        that were being sent may have arrived, so they are recorded as "unknown", never resent."""
        cutoff = now - older_than
        async with self._sessions.begin() as session:
            await session.execute(
                update(Nudge)
                .where(Nudge.status == "claimed", Nudge.claimed_at < cutoff)
                .values(status="pending", claimed_at=None)
            )
            result = await session.execute(
                update(Nudge)
                .where(Nudge.status == "sending", Nudge.claimed_at < cutoff)
                .values(status="unknown", reason="interrupted")
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

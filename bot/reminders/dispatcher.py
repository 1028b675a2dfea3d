"""Sends the nudges that are due. A scheduler job calls `tick` every few seconds; nothing else runs
per person, so a restart loses nothing: the next tick finds whatever is due in the database.

What happens to a due nudge:
- the person has blocked the bot, stopped, or not finished setting up: skipped;
- it is older than its grace period (the bot was down): skipped as "stale", never sent late;
- sent: recorded with Telegram's message id, and the slot's next nudge planned;
- 429: put back for when Telegram says, and the rest of the batch waits too;
- a timeout: it may have arrived, so it is recorded as "unknown" and never retried;
- a connection that surely failed: put back for a short retry, while still within grace;
- 403 (blocked): the person is marked inactive and gets nothing more until they come back.

Work is claimed in batches ("claimed"), and marked "sending" a handful at a time just before the
requests go out, so a crash leaves at most that handful as "unknown"; claimed nudges that were
never attempted go back to pending. Database work is done per batch, not per nudge.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.coaching.nudge_timing import GRACE, is_stale
from bot.coaching.reminders import RECURRING, next_due
from bot.reminders.planner import reminder_settings
from bot.storage import Storage
from bot.storage.models import Rule, User
from bot.storage.nudges import Claimed, Outcome

log = logging.getLogger(__name__)

RETRY_AFTER_NETWORK_ERROR = timedelta(seconds=30)
MAX_TICK_S = 10.0
# Nudges marked "sending" together, and whose outcomes are written in one transaction; two
# chunks are in flight at once so that database work overlaps the sends.
CHUNK = 16
CHUNKS_IN_FLIGHT = 2


@dataclass(frozen=True)
class Recipient:
    """Who a nudge is for, loaded once per batch: their settings, rules and plan."""

    user: User
    rules: list[Rule]
    plan: dict[str, Any] | None


# Sends a nudge and returns Telegram's message id.
Send = Callable[[Claimed, Recipient], Awaitable[int]]


@dataclass
class TickReport:
    sent: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unknown: int = 0
    failed: int = 0
    requeued: int = 0
    recovered: int = 0

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


@dataclass
class _Chunk:
    """What one group of sends ended as, written to the database in one go."""

    outcomes: list[Outcome] = field(default_factory=list)
    next_due: list[tuple[int, str, datetime | None]] = field(default_factory=list)
    sitting: dict[int, datetime] = field(default_factory=dict)


class Dispatcher:
    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        send: Send,
        batch_size: int = 200,
        concurrency: int = 4,
        in_flight_timeout: timedelta = timedelta(minutes=2),
    ) -> None:
        self._storage = storage
        self._clock = clock
        self._send = send
        self._batch_size = batch_size
        self._in_flight_timeout = in_flight_timeout
        self._lock = asyncio.Lock()
        self._sends = asyncio.Semaphore(concurrency)
        self._hold_until: datetime | None = None

    async def recover(self) -> int:
        """Nudges a process took but never finished (it was killed): those never attempted go
        back to pending; those being sent may have reached the person and become "unknown".
        Only claims old enough that no live worker can still be sending them are touched."""
        return await self._storage.nudges.recover_in_flight(
            self._clock.now(), self._in_flight_timeout
        )

    async def tick(self) -> TickReport:
        """Send everything due now, batch by batch. Ticks never overlap within a process."""
        report = TickReport()
        started = time.monotonic()
        async with self._lock:
            report.recovered = await self.recover()
            # Bounded, so shutdown never waits long for a tick; the next tick carries on.
            while not self._holding() and time.monotonic() - started < MAX_TICK_S:
                claimed = await self._storage.nudges.claim_due(self._clock.now(), self._batch_size)
                if not claimed:
                    break
                await self._deliver_batch(claimed, report)
                if len(claimed) < self._batch_size:
                    break
        return report

    def _holding(self) -> bool:
        return self._hold_until is not None and self._clock.now() < self._hold_until

    async def _deliver_batch(self, claimed: list[Claimed], report: TickReport) -> None:
        user_ids = sorted({nudge.user_id for nudge in claimed})
        users = await self._storage.users.get_many(user_ids)
        rules = await self._storage.rules.for_users(user_ids)
        plans = await self._storage.coaching.plans(
            sorted({n.user_id for n in claimed if n.slot == "sit"})
        )
        recipients = {
            user_id: Recipient(user, rules.get(user_id, []), plans.get(user_id))
            for user_id, user in users.items()
        }
        chunks = [claimed[start : start + CHUNK] for start in range(0, len(claimed), CHUNK)]
        gate = asyncio.Semaphore(CHUNKS_IN_FLIGHT)

        async def deliver(chunk: list[Claimed]) -> None:
            async with gate:  # a few chunks in flight, so database work overlaps the sends
                if self._holding():
                    for nudge in chunk:
                        await self._storage.nudges.release(
                            nudge.id, self._hold_until or nudge.due_at
                        )
                        report.requeued += 1
                    return
                await self._deliver_chunk(chunk, recipients, report)

        await asyncio.gather(*(deliver(chunk) for chunk in chunks))

    async def _deliver_chunk(
        self, chunk: list[Claimed], recipients: dict[int, Recipient], report: TickReport
    ) -> None:
        now, done = self._clock.now(), _Chunk()
        to_send: list[Claimed] = []
        for nudge in chunk:
            recipient = recipients.get(nudge.user_id)
            reason = _reason_to_skip(nudge, recipient.user if recipient else None, now)
            if reason is None:
                to_send.append(nudge)
                continue
            done.outcomes.append(Outcome(nudge.id, "skipped", reason))
            report.skip(reason)
            if recipient is not None and reason != "inactive":
                self._plan_next(nudge, recipient, now, done)
        if to_send:
            await self._storage.nudges.mark_sending([nudge.id for nudge in to_send], now)
        results = await asyncio.gather(
            *(self._send_one(nudge, recipients[nudge.user_id]) for nudge in to_send)
        )
        for nudge, (status, detail) in zip(to_send, results, strict=True):
            await self._record(nudge, recipients[nudge.user_id], status, detail, done, report)
        await self._storage.users.set_sitting_since(done.sitting)
        await self._storage.nudges.settle(done.outcomes, done.next_due, self._clock.now())

    async def _send_one(self, nudge: Claimed, recipient: Recipient) -> tuple[str, Any]:
        try:
            async with self._sends:
                return "sent", await self._send(nudge, recipient)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return "retry_after", timedelta(seconds=seconds)
        except Forbidden:
            return "blocked", None
        except TimedOut:
            return "unknown", "timeout"
        except BadRequest as error:
            log.warning("nudge %s rejected: %s", nudge.id, type(error).__name__)
            return "failed", "bad_request"
        except NetworkError:
            return "retry", RETRY_AFTER_NETWORK_ERROR

    async def _record(
        self,
        nudge: Claimed,
        recipient: Recipient,
        status: str,
        detail: Any,
        done: _Chunk,
        report: TickReport,
    ) -> None:
        now = self._clock.now()
        if status in ("retry_after", "retry"):
            if status == "retry_after":
                self._hold_until = now + detail
            await self._storage.nudges.release(nudge.id, now + detail)
            report.requeued += 1
            return
        if status == "blocked":
            await self._storage.users.set_active(nudge.user_id, False)
            await self._storage.nudges.cancel_pending(nudge.user_id)
            done.outcomes.append(Outcome(nudge.id, "failed", "blocked"))
            report.failed += 1
            return
        if status == "sent":
            done.outcomes.append(Outcome(nudge.id, "sent", message_id=detail))
            report.sent += 1
        elif status == "unknown":
            done.outcomes.append(Outcome(nudge.id, "unknown", detail))
            report.unknown += 1
        else:
            done.outcomes.append(Outcome(nudge.id, "failed", detail))
            report.failed += 1
        self._plan_next(nudge, recipient, now, done)

    def _plan_next(self, nudge: Claimed, recipient: Recipient, now: datetime, done: _Chunk) -> None:
        if nudge.slot not in RECURRING and not nudge.slot.startswith("rule:"):
            return
        user = recipient.user
        if (
            nudge.slot == "sit"
            and not user.sit_manual
            and (user.sitting_since is None or user.sitting_since < nudge.due_at)
        ):
            # Without an answer we assume they are still sitting: the next break counts on.
            user.sitting_since = nudge.due_at
            done.sitting[user.id] = nudge.due_at
        settings = reminder_settings(user, recipient.rules)
        done.next_due.append(
            (user.id, nudge.slot, next_due(nudge.slot, settings, max(now, nudge.due_at)))
        )


def _reason_to_skip(nudge: Claimed, user: User | None, now: datetime) -> str | None:
    if user is None or not user.active or user.stopped or user.onboarding_step is not None:
        return "inactive"
    if user.paused_until is not None and now < user.paused_until:
        return "paused"
    if is_stale(nudge.due_at, now, GRACE[_grace_key(nudge.slot.split(":", 1)[0])]):
        return "stale"
    return None


def _grace_key(slot_kind: str) -> str:
    return {"sit": "sit_break", "later": "daily", "rule": "rule"}.get(slot_kind, slot_kind)

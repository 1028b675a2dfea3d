"""Sends the nudges that are due. A few scheduler ticks a minute call `tick`; nothing else runs
per user, so a restart loses nothing: the next tick finds whatever is due in the database.

What happens to a due nudge:
- the person has blocked the bot, stopped, or not finished setting up: skipped;
- it is older than its grace period (the bot was down): skipped as "stale", never sent late;
- sent: recorded with Telegram's message id, and the slot's next nudge planned;
- 429: put back for when Telegram says, and the rest of the batch waits too;
- a timeout: it may have arrived, so it is recorded as "unknown" and never retried;
- a connection that surely failed: put back for a short retry, while still within grace;
- 403 (blocked): the person is marked inactive and gets nothing more until they come back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.coaching.nudge_timing import GRACE, is_stale
from bot.coaching.reminders import RECURRING
from bot.reminders.planner import Planner
from bot.storage import Storage
from bot.storage.models import User
from bot.storage.nudges import Claimed

log = logging.getLogger(__name__)

# Sends a nudge and returns Telegram's message id.
Send = Callable[[Claimed, User], Awaitable[int]]

RETRY_AFTER_NETWORK_ERROR = timedelta(seconds=30)


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


class Dispatcher:
    def __init__(
        self,
        storage: Storage,
        planner: Planner,
        clock: Clock,
        send: Send,
        concurrency: int = 8,
        in_flight_timeout: timedelta = timedelta(minutes=2),
    ) -> None:
        self._storage = storage
        self._planner = planner
        self._clock = clock
        self._send = send
        # Claim no more than can be sent at once: a crash then leaves at most this many
        # nudges "in flight" (recorded as unknown, never resent) instead of a whole batch.
        self._batch_size = concurrency
        self._concurrency = concurrency
        self._in_flight_timeout = in_flight_timeout
        self._lock = asyncio.Lock()
        self._hold_until: datetime | None = None

    async def recover(self) -> int:
        """Nudges a process claimed but never finished (it was killed) are not resent: they may
        have reached the person. They are recorded as "unknown" once the claim is old enough
        that no live worker can still be sending them."""
        return await self._storage.nudges.recover_in_flight(
            self._clock.now(), self._in_flight_timeout
        )

    async def tick(self) -> TickReport:
        """Send everything due now, batch by batch. Ticks never overlap within a process."""
        report = TickReport()
        async with self._lock:
            report.recovered = await self.recover()
            while True:
                now = self._clock.now()
                if self._hold_until is not None and now < self._hold_until:
                    break
                claimed = await self._storage.nudges.claim_due(now, self._batch_size)
                if not claimed:
                    break
                await self._deliver_batch(claimed, report)
                if len(claimed) < self._batch_size:
                    break
        return report

    async def _deliver_batch(self, claimed: list[Claimed], report: TickReport) -> None:
        gate = asyncio.Semaphore(self._concurrency)

        async def one(nudge: Claimed) -> None:
            async with gate:
                await self._deliver(nudge, report)

        await asyncio.gather(*(one(nudge) for nudge in claimed))

    async def _deliver(self, nudge: Claimed, report: TickReport) -> None:
        nudges, now = self._storage.nudges, self._clock.now()
        user = await self._storage.users.get(nudge.user_id)
        reason = self._reason_to_skip(nudge, user, now)
        if reason is not None:
            await nudges.finish(nudge.id, "skipped", now, reason)
            report.skip(reason)
            if reason != "inactive":
                await self._plan_next(nudge, now)
            return
        assert user is not None
        if self._hold_until is not None and now < self._hold_until:
            await nudges.release(nudge.id, self._hold_until)
            report.requeued += 1
            return
        try:
            message_id = await self._send(nudge, user)
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            self._hold_until = self._clock.now() + timedelta(seconds=seconds)
            await nudges.release(nudge.id, self._hold_until)
            report.requeued += 1
            return
        except Forbidden:
            await nudges.finish(nudge.id, "failed", self._clock.now(), "blocked")
            await self._storage.users.set_active(user.id, False)
            await nudges.cancel_pending(user.id)
            report.failed += 1
            return
        except TimedOut:
            await nudges.finish(nudge.id, "unknown", self._clock.now(), "timeout")
            report.unknown += 1
        except BadRequest as error:
            log.warning("nudge %s rejected: %s", nudge.id, type(error).__name__)
            await nudges.finish(nudge.id, "failed", self._clock.now(), "bad_request")
            report.failed += 1
        except NetworkError:
            await nudges.release(nudge.id, self._clock.now() + RETRY_AFTER_NETWORK_ERROR)
            report.requeued += 1
            return
        else:
            await nudges.finish(nudge.id, "sent", self._clock.now(), message_id=message_id)
            report.sent += 1
        await self._plan_next(nudge, self._clock.now())

    def _reason_to_skip(self, nudge: Claimed, user: User | None, now: datetime) -> str | None:
        if user is None or not user.active:
            return "inactive"
        if user.stopped or user.onboarding_step is not None:
            return "inactive"
        if user.paused_until is not None and now < user.paused_until:
            return "paused"
        slot_kind = nudge.slot.split(":", 1)[0]
        if is_stale(nudge.due_at, now, GRACE[_grace_key(slot_kind)]):
            return "stale"
        return None

    async def _plan_next(self, nudge: Claimed, now: datetime) -> None:
        if nudge.slot == "sit":
            # Without an answer we assume they are still sitting: the next break counts from here.
            user = await self._storage.users.get(nudge.user_id)
            if (
                user is not None
                and (user.sitting_since is None or user.sitting_since < nudge.due_at)
                and not user.sit_manual
            ):
                await self._storage.users.update(user.id, sitting_since=nudge.due_at)
        if nudge.slot in RECURRING or nudge.slot.startswith("rule:"):
            await self._planner.replan(nudge.user_id, nudge.slot, max(now, nudge.due_at), now)


def _grace_key(slot_kind: str) -> str:
    return {"sit": "sit_break", "later": "daily", "rule": "rule"}.get(slot_kind, slot_kind)

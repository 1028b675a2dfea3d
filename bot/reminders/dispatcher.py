"""Sends the nudges that are due. A scheduler job calls `tick` every few seconds; nothing else runs
per person, so a restart loses nothing: the next tick finds whatever is due in the database.

What happens to a due nudge:
- the person has blocked the bot, stopped, or not finished setting up: skipped;
- it is older than its grace period, counted from when it was first due however often it was put
  back (the bot or Telegram was down): skipped as "stale", never sent late. This is checked again
  just before each request, since a nudge can wait behind slow sends;
- sent: recorded with Telegram's message id, and the slot's next nudge planned;
- 429: put back for when Telegram says, and the rest of the batch waits too;
- a connection that surely never reached Telegram (refused, no free connection): put back for a
  short retry, while still within grace;
- anything else that may have arrived (a read timeout, a 5xx, a dropped connection): recorded as
  "unknown" and never retried, since Telegram has no idempotency key and a retry can double it;
- 403 (blocked): the person is marked inactive and gets nothing more until they come back.

Overload: when more sit breaks are due than the rate limit can send within a quarter of their
grace period (KEEP_SHARE), those that could no longer go out in time are skipped at once ("shed")
rather than sent late one after another; who keeps theirs is decided by who has waited longest
since their last delivered break, and someone whose last break was shed is never shed twice
running, so nobody is starved. One late break alone (a slow tick, a restart) is never shed: only
a queue of several chunks ahead of it. A tick claims no new batch after MAX_TICK_S, and what it
has not sent by MAX_BATCH_S goes back to pending for the next tick (ticks never overlap within a
process).

Work is claimed in batches ("claimed"), and marked "sending" a handful at a time just before the
requests go out, so a crash leaves at most that handful as "unknown". Each batch has a claim
token and a lease that the worker renews while it works; every later change of a row (to
"sending", to its outcome, back to pending) must show the token, so a worker never sends what it
no longer owns. Another worker's recovery only takes over leases that ran out: never attempted
nudges go back to pending, those being sent become "unknown". Database work is done per batch,
not per nudge. When due nudges are held back (a 429 pause, or a tick that reached its time
limit), a warning says so, with no person data.

Time: "due" and "stale" are only as good as the clock. The bot's clock (bot/clock.py's
SteadyClock) rides out a step of the wall clock on the monotonic one; with PostgreSQL each tick
also reads the database's clock, which all workers share, so a worker whose own clock is off
goes by it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import httpx
from sqlalchemy import func, select
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.clock import Clock, SteadyClock
from bot.coaching.nudge_timing import GRACE, is_stale
from bot.coaching.reminders import RECURRING, next_due, own_timer_over
from bot.reminders.planner import reminder_settings
from bot.storage import Storage
from bot.storage.models import Rule, User
from bot.storage.nudges import Claimed, Outcome
from bot.telegram.aiohttp_request import RequestNotWritten

log = logging.getLogger(__name__)

RETRY_AFTER_NETWORK_ERROR = timedelta(seconds=30)
MAX_TICK_S = 10.0  # no new batch is claimed after this
# Sends still waiting this long after the tick began go back to pending for the next tick: a
# slow batch never outlasts the scheduler's interval (15 s by default).
MAX_BATCH_S = 15.0
# How far back a person's last delivered sit break is looked for when shedding (longer than any
# sit interval); nothing sent in this window ranks first.
LOOKBACK = timedelta(hours=4)
# A sit break is on time if it goes out within this share of its grace (5 of 10 minutes). Under
# overload one is kept only if it can go out within half of that: the queue refills as fast as
# it drains, so every kept one waits about that long.
ON_TIME_SHARE = 0.5
KEEP_SHARE = ON_TIME_SHARE / 2
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
    taken_over: int = 0  # claimed, but another worker took them over: not sent here
    shed: int = 0  # sit breaks that could not go out within their grace: skipped early

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


@dataclass
class _Chunk:
    """What one group of sends ended as, written to the database in one go."""

    outcomes: list[Outcome] = field(default_factory=list)
    next_due: dict[int, tuple[int, str, datetime | None]] = field(default_factory=dict)
    sitting: dict[int, datetime | None] = field(default_factory=dict)
    ignored: set[int] = field(default_factory=set)  # people sent a sit break: one more unanswered


class Dispatcher:
    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        send: Send,
        batch_size: int = 200,
        concurrency: int = 4,
        in_flight_timeout: timedelta = timedelta(minutes=2),
        grace: Mapping[str, timedelta] = GRACE,
        rate: float = 0.0,
        max_tick_s: float | None = None,
        max_batch_s: float | None = None,
        keep_share: float = KEEP_SHARE,
    ) -> None:
        """`rate`: the nudges a second the rate limiter lets through (0: no limit, no
        shedding)."""
        self._rate = rate
        self._measured: float | None = None  # sends a second in recent full batches
        self._keep_share = keep_share
        self._max_tick_s, self._max_batch_s = max_tick_s, max_batch_s
        self._deadline = float("inf")
        self._shedding: set[int] = set()
        self._storage = storage
        self._clock = clock
        self._send = send
        self._batch_size = batch_size
        self._lease = in_flight_timeout
        self._grace = grace
        self._lock = asyncio.Lock()
        self._sends = asyncio.Semaphore(concurrency)
        self._hold_until: datetime | None = None

    async def recover(self) -> int:
        """Claims whose lease ran out (their worker was killed or stalled): those never attempted
        go back to pending; those being sent may have reached the person and become "unknown"."""
        return await self._storage.nudges.recover_in_flight(self._clock.now())

    async def tick(self) -> TickReport:
        """Send everything due now, batch by batch. Ticks never overlap within a process."""
        report = TickReport()
        started = time.monotonic()
        async with self._lock:
            max_batch_s = self._max_batch_s or MAX_BATCH_S
            max_tick_s = MAX_TICK_S if self._max_tick_s is None else self._max_tick_s
            self._deadline = started + max_batch_s
            # Claim no more than the limiter can send before the deadline.
            batch = self._batch_size
            if self._rate > 0:
                batch = max(CHUNK, min(batch, int(self._planning_rate() * max_batch_s)))
            await self._check_clock()
            report.recovered = await self.recover()
            if self._rate > 0 and not self._holding():
                await self._shed_overload(report)
            while not self._holding():
                claimed = await self._storage.nudges.claim_due(
                    self._clock.now(), batch, self._lease
                )
                if not claimed:
                    break
                await self._deliver_batch(claimed, report)
                if len(claimed) < batch or self._holding():
                    break
                # Bounded, so shutdown never waits long for a tick; the next tick carries on.
                if time.monotonic() - started >= max_tick_s:
                    log.warning(
                        "due nudges held back: the tick reached its %.0f s limit; the next "
                        "one carries on",
                        max_tick_s,
                    )
                    break
        return report

    async def _check_clock(self) -> None:
        """With PostgreSQL, the database's clock is the one every worker shares: a worker whose
        own clock is off (skewed at start, or jumped) goes by it, so it neither marks nudges
        stale nor sends them early. (SQLite's clock is this machine's own: nothing to learn.)"""
        if not isinstance(self._clock, SteadyClock):
            return
        engine = self._storage.engine
        if engine.dialect.name != "postgresql":
            return
        began = time.monotonic()
        async with engine.connect() as connection:
            theirs = await connection.scalar(select(func.clock_timestamp()))
        if theirs is not None:  # read about half-way through the round trip
            self._clock.reference(theirs + timedelta(seconds=(time.monotonic() - began) / 2))

    async def _shed_overload(self, report: TickReport) -> None:
        """Skip, before any is sent late, the due sit breaks the rate limit cannot send within
        the on-time share of their grace; the people who waited longest since their last
        delivered break keep theirs. One pass per tick: sending the rest in due order then
        keeps them on time."""
        now = self._clock.now()
        grace = self._grace["sit_break"]
        on_time = grace * self._keep_share
        # Those already past their grace are recorded "stale" as usual, not shed.
        due = [
            row
            for row in await self._storage.nudges.due_in_slot("sit", now)
            if not is_stale(row[2], now, grace)
        ]
        # Plan with the limiter's rate, or what full batches achieved lately if that is less
        # (replies to people go first; the database and CPU take their share too).
        rate = self._planning_rate()
        drained = now + timedelta(seconds=(len(due) + CHUNK) / rate)
        if not due or drained <= min(first for _, _, first in due) + on_time:
            return  # all of them fit, even the oldest
        since = now - LOOKBACK
        last = await self._storage.nudges.latest("sit", since, "sent")
        last_shed = await self._storage.nudges.latest("sit", since, "skipped", "shed")
        never = datetime.min.replace(tzinfo=now.tzinfo)
        queue = sorted(due, key=lambda row: (last.get(row[1], never), row[2]))
        kept, shed = 0, []
        for nudge_id, user_id, first_due in queue:
            # It goes out with a chunk of others, after those kept ahead of it. Someone whose
            # last break was shed is never shed twice running: theirs is kept while it can
            # still go out within its grace, even if late. Being late alone (a slow tick, a
            # restart) never sheds one: only a queue ahead of it longer than a few chunks.
            again = last_shed.get(user_id, never) > last.get(user_id, never)
            left = (first_due + (grace if again else on_time) - now).total_seconds()
            if (kept + CHUNK) / rate > max(left, 2 * CHUNK / rate):
                shed.append(nudge_id)
            else:
                kept += 1
        if not shed:
            return
        log.warning(
            "%d due sit breaks could not go out in time at %.0f/s: skipped so the other %d "
            "are on time",
            len(shed),
            rate,
            kept,
        )
        claimed = await self._storage.nudges.claim_pending(shed, now, self._lease)
        self._shedding = {nudge.id for nudge in claimed}
        try:
            for start in range(0, len(claimed), self._batch_size):
                await self._deliver_batch(claimed[start : start + self._batch_size], report)
        finally:
            self._shedding = set()

    def _planning_rate(self) -> float:
        return min(self._rate, self._measured or self._rate)

    def _holding(self) -> bool:
        return self._hold_until is not None and self._clock.now() < self._hold_until

    def _hold(self, wait: timedelta) -> None:
        if not self._holding():
            log.warning(
                "Telegram asked to slow down: due nudges held back for %.0f s", wait.total_seconds()
            )
        until = self._clock.now() + wait
        self._hold_until = max(until, self._hold_until or until)

    async def _deliver_batch(self, claimed: list[Claimed], report: TickReport) -> None:
        keeper = asyncio.create_task(self._keep_lease(claimed[0].token))
        began, sent_before = time.monotonic(), report.sent
        try:
            await self._deliver_claimed(claimed, report)
            sent = report.sent - sent_before
            if sent >= CHUNK and not self._holding():  # a full batch: how fast sends really go
                measured = sent / max(time.monotonic() - began, 1e-3)
                self._measured = (
                    measured if self._measured is None else (0.7 * self._measured + 0.3 * measured)
                )
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _keep_lease(self, token: str) -> None:
        """Renew the batch's lease while it is worked on, so no other worker's recovery takes it."""
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            try:
                await self._storage.nudges.renew(token, self._clock.now() + self._lease)
            except Exception as error:  # e.g. the database is away for a moment
                # Not fatal: every state change checks the token, so at worst a nudge whose
                # claim ran out is not sent by this worker.
                log.warning("could not renew the nudge lease: %s", type(error).__name__)

    async def _deliver_claimed(self, claimed: list[Claimed], report: TickReport) -> None:
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
                        if await self._storage.nudges.release(
                            nudge, self._hold_until or nudge.due_at
                        ):
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
            reason = self._reason_to_skip(nudge, recipient.user if recipient else None, now)
            if reason is None:
                to_send.append(nudge)
                continue
            done.outcomes.append(Outcome(nudge.id, "skipped", reason))
            report.skip(reason)
            report.shed += reason == "shed"
            if recipient is not None and reason != "inactive":
                self._plan_next(nudge, recipient, now, done)
        if to_send:
            owned = await self._storage.nudges.mark_sending(
                [nudge.id for nudge in to_send], chunk[0].token, now
            )
            if len(owned) < len(to_send):
                report.taken_over += len(to_send) - len(owned)
                log.warning(
                    "%d claimed nudges are no longer this worker's; not sending them",
                    len(to_send) - len(owned),
                )
            to_send = [nudge for nudge in to_send if nudge.id in owned]
        results = await asyncio.gather(
            *(self._send_one(nudge, recipients[nudge.user_id]) for nudge in to_send)
        )
        for nudge, (status, detail) in zip(to_send, results, strict=True):
            await self._record(nudge, recipients[nudge.user_id], status, detail, done, report)
        await self._storage.nudges.settle(
            chunk[0].token,
            done.outcomes,
            done.next_due,
            self._clock.now(),
            done.sitting,
            done.ignored,
        )

    async def _send_one(self, nudge: Claimed, recipient: Recipient) -> tuple[str, Any]:
        async with self._sends:
            # Checked here, just before the request: waiting for a free slot can take long.
            if self._holding():
                return "held", None
            if time.monotonic() >= self._deadline:
                return "requeue", None  # back to pending, in its place: the next tick carries on
            if self._is_stale(nudge, self._clock.now()):
                return "stale", None
            try:
                return "sent", await self._send(nudge, recipient)
            except RetryAfter as error:
                wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                self._hold(timedelta(seconds=seconds))  # before the next send takes this slot
                return "held", None
            except Forbidden:
                return "blocked", None
            except BadRequest as error:
                log.warning("nudge %s rejected: %s", nudge.id, type(error).__name__)
                return "failed", "bad_request"
            except NetworkError as error:  # TimedOut included
                if surely_not_sent(error):
                    return "retry", RETRY_AFTER_NETWORK_ERROR
                return "unknown", "timeout" if isinstance(error, TimedOut) else "ambiguous"
            except TelegramError as error:  # a definite "no" from Telegram (e.g. a bad token)
                log.warning("nudge %s refused: %s", nudge.id, type(error).__name__)
                return "failed", "refused"

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
        if status in ("held", "retry", "requeue"):
            due = {
                "held": self._hold_until or now,
                "retry": now + (detail or RETRY_AFTER_NETWORK_ERROR),
                "requeue": nudge.due_at,
            }[status]
            if await self._storage.nudges.release(nudge, due):
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
            if nudge.slot == "sit":  # unanswered until a tap says otherwise: breaks space out
                recipient.user.sit_ignored += 1
                done.ignored.add(recipient.user.id)
        elif status == "stale":
            done.outcomes.append(Outcome(nudge.id, "skipped", "stale"))
            report.skip("stale")
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
        settings = reminder_settings(user, recipient.rules)
        if nudge.slot == "sit" and own_timer_over(settings, max(now, nudge.due_at)):
            # A /sit timer that stopped by itself: desk-hour breaks count from their block.
            user.sit_manual, user.sitting_since = False, None
            done.sitting[user.id] = None
            settings = reminder_settings(user, recipient.rules)
        elif (
            nudge.slot == "sit"
            and not user.sit_manual
            and (user.sitting_since is None or user.sitting_since < nudge.due_at)
        ):
            # Without an answer we assume they are still sitting: the next break counts on.
            user.sitting_since = nudge.due_at
            done.sitting[user.id] = nudge.due_at
            settings = reminder_settings(user, recipient.rules)
        done.next_due[nudge.id] = (
            user.id,
            nudge.slot,
            next_due(nudge.slot, settings, max(now, nudge.due_at)),
        )

    def _reason_to_skip(self, nudge: Claimed, user: User | None, now: datetime) -> str | None:
        if user is None or not user.active or user.stopped or user.onboarding_step is not None:
            return "inactive"
        if user.paused_until is not None and now < user.paused_until:
            return "paused"
        if nudge.id in self._shedding:
            return "shed"
        if self._is_stale(nudge, now):
            return "stale"
        return None

    def _is_stale(self, nudge: Claimed, now: datetime) -> bool:
        kind = nudge.slot.split(":", 1)[0]
        grace = self._grace[{"sit": "sit_break", "later": "daily", "rule": "rule"}.get(kind, kind)]
        return is_stale(nudge.first_due_at, now, grace)


def surely_not_sent(error: TelegramError) -> bool:
    """Whether a failed request surely never reached Telegram, so that sending again cannot
    double it. PTB raises NetworkError both for a refused connection and for a 5xx answer, and
    TimedOut both for "no free connection" and for a read timeout; the httpx or aiohttp error it
    keeps as the cause tells them apart (HTTP_CLIENT picks the client)."""
    return isinstance(error.__cause__, NOT_SENT)


# Failures before any byte of the request left: connection refused or not opened in time, or no
# free connection in the pool in time.
NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    RequestNotWritten,
)

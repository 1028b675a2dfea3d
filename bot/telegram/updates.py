"""Updates from different people are handled side by side; one person's stay in order, and an
update that failed because the database was away is handled again once it is back.

Handling one update waits on the database and on Telegram. Doing several at once keeps the
bot responsive under load; doing one person's strictly in order keeps their answers and taps
meaning what they meant.

Long polling confirms an update to Telegram whether or not handling it worked, and in webhook
mode python-telegram-bot answers Telegram before handling starts: Telegram never redelivers, so
an update the database could not take is kept here, in this process, and tried again with
backoff. The person's later updates wait behind it, so their order still holds. What is kept
is also written to the update spool (bot.telegram.spool), and so is every update that arrives
while some wait: a restart during an outage hands them to the next start, which handles them
in order and tells each person once that it was saved after all.

Its id is recorded as handled (Telegram may deliver an update twice) in the first write
transaction its handling commits, with what it changes, or at its end if it changes nothing
(bot.storage.commits).

A retry handles the update from the start again. What its earlier tries already told Telegram
is not said twice: a Bot API call the retry makes exactly as an earlier try made it gets the
answer Telegram gave then (ReplayOnRetry). Writes whose commit was acknowledged late are not
made twice either (bot.storage.database checks the commit happened).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, BaseUpdateProcessor
from telegram.request import BaseRequest, RequestData

from bot.i18n import N_, _
from bot.storage.commits import marking_commits
from bot.storage.outages import in_words
from bot.telegram import arriving
from bot.telegram.common import Context, reply
from bot.telegram.spool import Spool

log = logging.getLogger(__name__)

# Retry for this long (a database restart or failover takes seconds to a minute or two), waiting
# twice as long after each failure, up to the cap.
RETRY_FOR_S = 150.0
FIRST_DELAY_S = 1.0
MAX_DELAY_S = 10.0
# How often a waiting retry checks that the bot is not shutting down.
STOP_CHECK_S = 0.5

# Said in the person's language (translated where they are sent, in `_tell`).
NOT_SAVED_YET = N_("I couldn't save that just now — I'll keep trying.")
SAVED_AFTER_ALL = N_("Saved now, after all — sorry for the wait.")
GAVE_UP = N_(
    "Sorry — I still couldn't save that, so it's lost. Please send it again in a few minutes."
)

Outcome = Literal["first", "again", "gave_up"]
# What became of an update: handled, told it was lost, or left in the spool for the next start.
Settled = Literal["handled", "lost", "left"]


@dataclass
class _Calls:
    """The Bot API calls handling one update made, with Telegram's answers, over all its tries;
    `used` counts how many of each the current try has had."""

    answers: dict[bytes, list[tuple[int, bytes]]] = field(default_factory=dict)
    used: Counter[bytes] = field(default_factory=Counter)


_CALLS: contextvars.ContextVar[_Calls | None] = contextvars.ContextVar("calls", default=None)


class ReplayOnRetry(BaseRequest):
    """Around the request that sends Bot API calls: while an update is handled, a call already
    made the same way by an earlier try is answered as Telegram answered it then."""

    def __init__(self, request: BaseRequest) -> None:
        self._request = request

    @property
    def read_timeout(self) -> float | None:
        return self._request.read_timeout

    async def initialize(self) -> None:
        await self._request.initialize()

    async def shutdown(self) -> None:
        await self._request.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        timeouts = {
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "connect_timeout": connect_timeout,
            "pool_timeout": pool_timeout,
        }
        calls = _CALLS.get()
        if calls is None or request_data is None or request_data.contains_files:
            return await self._request.do_request(url, method, request_data, **timeouts)
        key = url.rsplit("/", 1)[-1].encode() + b" " + request_data.json_payload
        done, used = calls.answers.setdefault(key, []), calls.used[key]
        calls.used[key] += 1
        if used < len(done):
            return done[used]
        answer = await self._request.do_request(url, method, request_data, **timeouts)
        if 200 <= answer[0] < 300:
            done.append(answer)
        else:
            calls.used[key] -= 1
        return answer


@dataclass
class _Kept:
    """An update whose handling failed for a database reason."""

    application: Application  # type: ignore[type-arg]
    since: float
    failures: int = 0
    due: bool = False  # failed on its latest try: try again
    gave_up: bool = False


class PerPersonOrder(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int,
        retry_for_s: float = RETRY_FOR_S,
        max_delay_s: float = MAX_DELAY_S,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.retry_for_s, self.max_delay_s = retry_for_s, max_delay_s
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}
        self._kept: dict[int, _Kept] = {}  # by update id
        self.spool: Spool | None = None
        self._replayed: set[int] = set()  # handed over by the last run, from the spool

    def replaying(self, update_id: int) -> None:
        """`update_id` comes from the spool: its person hears once it is saved."""
        self._replayed.add(update_id)

    def was_handled_before(self, update_id: int) -> None:
        """A replayed update turned out to have been handled already: nothing to tell."""
        self._replayed.discard(update_id)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = arriving.person(update)
        update = arriving.built(update)  # the same object `coroutine` handles
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        calls = _CALLS.set(_Calls())
        if self._kept and self.spool is not None and isinstance(update, Update):
            self.spool.keep(update.to_dict())  # the database is away: it may wait behind others
        try:
            async with lock:
                # Another worker recording this update first stops its handlers here: theirs
                # were the ones that counted.
                with marking_commits(duplicate=ApplicationHandlerStop) as handling:
                    await coroutine
                    settled = await self._retry_kept(update)
                    if settled == "handled":
                        await handling.record_if_pending()
                if isinstance(update, Update):
                    await self._settle(update, settled)
        finally:
            _CALLS.reset(calls)
            self._users[key] -= 1
            if not self._users[key]:  # forget idle people, so memory stays flat
                del self._users[key], self._locks[key]

    def keep_for_retry(self, update: Update, application: Application) -> Outcome:  # type: ignore[type-arg]
        """Called when handling `update` failed because the database was away: "first" the
        first time (the person should hear about it once), "again" on later failures, and
        "gave_up" once the retry time has run out."""
        kept = self._kept.setdefault(update.update_id, _Kept(application, time.monotonic()))
        kept.failures += 1
        if time.monotonic() - kept.since >= self.retry_for_s:
            kept.gave_up = True
            return "gave_up"
        kept.due = True
        if kept.failures == 1 and self.spool is not None:
            self.spool.keep(update.to_dict())
        return "first" if kept.failures == 1 else "again"

    @property
    def kept(self) -> int:
        """How many updates wait for another try."""
        return len(self._kept)

    def is_retry(self, update: Update) -> bool:
        """True while `update` is being handled again after a database failure."""
        return update.update_id in self._kept

    async def _settle(self, update: Update, settled: Settled) -> None:
        """Take a handled update out of the spool; tell a replayed one's person it is saved."""
        if settled == "left":
            return
        if self.spool is not None:
            self.spool.done(update.update_id)
        if update.update_id in self._replayed:
            self._replayed.discard(update.update_id)
            if settled == "handled":
                await _tell(update, SAVED_AFTER_ALL)

    async def _retry_kept(self, update: object) -> Settled:
        """Handle `update` again, after a pause, for as long as it fails for a database reason
        (the person's lock is held, so their later updates wait)."""
        if not isinstance(update, Update):
            return "handled"
        try:
            while (kept := self._kept.get(update.update_id)) is not None and kept.due:
                kept.due = False
                delay = min(FIRST_DELAY_S * 2 ** (kept.failures - 1), self.max_delay_s)
                if not await _wait_unless_stopping(kept.application, delay):
                    if self.spool is not None and self.spool.holds(update.update_id):
                        log.warning(
                            "shutting down while the database is unavailable: update %s kept "
                            "in the spool for the next start",
                            update.update_id,
                        )
                        return "left"
                    log.error(
                        "shutting down while the database is unavailable: update %s not retried",
                        update.update_id,
                    )
                    await _tell(update, GAVE_UP)
                    return "lost"
                calls = _CALLS.get()
                if calls is not None:
                    calls.used.clear()  # this try starts again from its first call
                await kept.application.process_update(update)
            if kept is not None and kept.gave_up:
                return "lost"
            if kept is not None:
                log.info(
                    "database back: update %s handled after %d failed tries",
                    update.update_id,
                    kept.failures,
                )
            return "handled"
        finally:
            self._kept.pop(update.update_id, None)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


async def _wait_unless_stopping(application: Application, delay: float) -> bool:  # type: ignore[type-arg]
    """Sleep `delay` seconds; False as soon as the application stops running."""
    deadline = time.monotonic() + delay
    while (left := deadline - time.monotonic()) > 0:
        if not application.running:
            return False
        await asyncio.sleep(min(left, STOP_CHECK_S))
    return application.running


async def keep_after_outage(update: Update, context: Context) -> None:
    """The error handler's part when the database was away: keep the update for another try,
    and tell the person once (never what they sent: it can be a health answer)."""
    processor = context.application.update_processor
    outcome: Outcome = "gave_up"
    if isinstance(processor, PerPersonOrder):
        outcome = processor.keep_for_retry(update, context.application)
    why = in_words(context.error)
    if outcome == "again":
        log.info("database still unavailable: %s, update %s kept for retry", why, update.update_id)
        return
    if outcome == "first":
        log.warning("database unavailable: %s, update %s kept for retry", why, update.update_id)
    else:
        log.error("database unavailable: %s: gave up on update %s", why, update.update_id)
    await _tell(update, NOT_SAVED_YET if outcome == "first" else GAVE_UP)


async def _tell(update: Update, text: str) -> None:
    try:
        await reply(update, _(text))
    except TelegramError as error:
        log.warning(
            "could not tell the person about update %s: %s", update.update_id, type(error).__name__
        )


def kept_for_retry(application: Application) -> Callable[[Update], bool]:  # type: ignore[type-arg]
    """`is_retry` of the application's update processor (never true for any other processor)."""
    processor = application.update_processor
    if isinstance(processor, PerPersonOrder):
        return processor.is_retry
    return lambda update: False

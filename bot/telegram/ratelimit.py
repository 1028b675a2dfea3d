"""Telegram's rate limits: replies shared fairly between people, and ahead of bulk nudges.

python-telegram-bot's AIORateLimiter keeps the bot under about 30 messages a second, first come
first served: in a burst one person's first message would wait behind others' twentieth. Here
replies to a private chat take turns for the overall cap by person (FairTurns: whoever has had
the fewest replies lately goes first). A nudge (sent with rate_limit_args=BULK) also waits while
any reply to a person is waiting for its turn, so someone mid-session isn't stuck behind a 09:00
burst. Group chats (only ever told where to find the bot) keep PTB's path and group limit.

The limiter retries only after a 429 (which means "not delivered"), so it never doubles a
message. Replies are retried here; a nudge's 429 goes back to the dispatcher, which holds the
rest of its batch and checks each nudge's grace period again before sending it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.telegram.fair import FairTurns

log = logging.getLogger(__name__)

# Passed as `rate_limit_args` by the nudge sender, and with a slow-down notice. (A plain int
# would mean "max retries".)
BULK = -1
URGENT = -2
POLL_S = 0.005


class RepliesFirst(AIORateLimiter):
    def __init__(
        self, overall_max_rate: float, max_retries: int, asked: Callable[[int], int]
    ) -> None:
        """`asked`: how many updates a person sent lately (FloodControl.recent)."""
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        self._retries = max_retries
        self._replies_waiting = 0
        self._no_replies_waiting = asyncio.Event()
        self._no_replies_waiting.set()
        self._turns = FairTurns(1, asked)  # one reply at a time waits for the cap

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if rate_limit_args == BULK:
            # Queue outside the limiter, so that a reply never waits behind queued nudges.
            while self._replies_waiting or not self._has_capacity():
                if self._replies_waiting:
                    await self._no_replies_waiting.wait()
                else:
                    await asyncio.sleep(POLL_S)
            return await self._run_request(
                chat=True,  # a person's private chat
                group=False,
                allow_paid_broadcast=False,
                callback=callback,
                args=args,
                kwargs=kwargs,
            )
        person = _private_chat(data)
        if person is None:  # no chat (answering a button), or a group: PTB's own way
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        self._replies_waiting += 1
        self._no_replies_waiting.clear()
        try:
            return await self._reply(person, callback, args, kwargs, rate_limit_args)
        finally:
            self._replies_waiting -= 1
            if not self._replies_waiting:
                self._no_replies_waiting.set()

    async def _reply(
        self,
        person: int,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Wait for this person's turn at the cap, send; after a 429, wait as told and again
        take a turn (every request waits while any is told to wait, as in PTB)."""
        urgent = rate_limit_args == URGENT
        retries = self._retries if urgent else (rate_limit_args or self._retries)
        for attempt in range(retries + 1):
            async with self._turns.turn(person, urgent):
                if self._base_limiter is not None:
                    await self._base_limiter.acquire()
            await self._retry_after_event.wait()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    raise
                wait = error.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                log.info("Telegram asked to slow down: replies wait %.1f s", seconds)
                self._retry_after_event.clear()
                try:
                    await asyncio.sleep(seconds + 0.1)
                finally:
                    self._retry_after_event.set()
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _has_capacity(self) -> bool:
        limiter = self._base_limiter  # the overall one, about 30 a second
        return limiter is None or limiter.has_capacity()


def _private_chat(data: dict[str, Any]) -> int | None:
    """The person a request goes to, if it is sent to a private chat (a positive chat id)."""
    chat_id = data.get("chat_id")
    try:
        person = int(chat_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return person if person > 0 else None

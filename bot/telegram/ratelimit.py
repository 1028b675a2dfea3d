"""Telegram's rate limits, with replies to people ahead of bulk nudges.

python-telegram-bot's AIORateLimiter keeps the bot under about 30 messages a second, first come
first served. Here a nudge (sent with rate_limit_args=BULK) also waits while any reply to a
person is waiting for its turn, so someone mid-session isn't stuck behind a 09:00 burst.

The limiter retries only after a 429 (which means "not delivered"), so it never doubles a
message. Replies are retried here; a nudge's 429 goes back to the dispatcher, which holds the
rest of its batch and checks each nudge's grace period again before sending it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

# Passed as `rate_limit_args` by the nudge sender. (A plain int would mean "max retries".)
BULK = -1
POLL_S = 0.005


class RepliesFirst(AIORateLimiter):
    def __init__(self, overall_max_rate: float, max_retries: int) -> None:
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        self._replies_waiting = 0
        self._no_replies_waiting = asyncio.Event()
        self._no_replies_waiting.set()

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
        self._replies_waiting += 1
        self._no_replies_waiting.clear()
        try:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        finally:
            self._replies_waiting -= 1
            if not self._replies_waiting:
                self._no_replies_waiting.set()

    def _has_capacity(self) -> bool:
        limiter = self._base_limiter  # the overall one, about 30 a second
        return limiter is None or limiter.has_capacity()

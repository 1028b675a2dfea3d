"""Checks every update passes before any handler sees it: once only, and not too fast."""

from __future__ import annotations

import logging
import time
from collections import defaultdict, deque

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.telegram.common import Context, reply, services

log = logging.getLogger(__name__)

# A person tapping through a session sends a few updates a second at most; far more than this
# in the window is a script or a stuck key.
FLOOD_LIMIT = 20
FLOOD_WINDOW_S = 10.0


class FloodControl:
    """A sliding window per person: over the limit, their updates are dropped (with one short
    notice per window) while everybody else is served as usual."""

    def __init__(self, limit: int = FLOOD_LIMIT, window_s: float = FLOOD_WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._seen: dict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}

    def allow(self, user_id: int, now: float) -> bool:
        seen = self._seen[user_id]
        while seen and now - seen[0] > self.window_s:
            seen.popleft()
        seen.append(now)
        return len(seen) <= self.limit

    def should_warn(self, user_id: int, now: float) -> bool:
        last = self._warned.get(user_id)
        if last is not None and now - last < self.window_s:
            return False
        self._warned[user_id] = now
        return True


async def drop_floods(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    flood: FloodControl | None = context.bot_data.get("flood")
    if flood is None:
        settings = services(context).settings
        flood = context.bot_data["flood"] = FloodControl(
            settings.flood_limit, settings.flood_window_s
        )
    now = time.monotonic()
    if flood.allow(user.id, now):
        return
    log.info("slowing down user %s", user.id)
    if flood.should_warn(user.id, now):
        if update.callback_query is not None:
            await update.callback_query.answer("Slow down a little — I'll catch up.")
        else:
            await reply(update, "You're sending messages very fast — give me a few seconds.")
    raise ApplicationHandlerStop


async def drop_duplicates(update: Update, context: Context) -> None:
    """Telegram retries an update it thinks failed; handle each update id once."""
    svc = services(context)
    if not await svc.storage.updates.first_time(update.update_id, svc.clock.now()):
        log.info("update %s delivered twice; ignored", update.update_id)
        raise ApplicationHandlerStop

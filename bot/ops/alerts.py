"""Unhandled errors, told to the ADMIN_IDS chats: what failed and where, never whose or what.

An alert names the exception type and the line of our code it came from. It never carries the
exception's text or the update (either can hold what a person typed) nor the token. The same
type at the same place is told once an hour, with how often it happened meanwhile, and at most
a few alerts go out an hour in all, so a failing handler cannot flood the admins.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]  # bot/
REPEAT_S = 3600.0  # the same error again only after this long
WINDOW_S = 3600.0
MAX_PER_WINDOW = 10  # alerts of any kind


def where(error: BaseException) -> str:
    """The innermost frame in our own code ("bot/telegram/chat.py:42 in on_text"), else the
    innermost frame at all, by file name only."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).is_relative_to(PACKAGE)]
    if ours:
        frame = ours[-1]
        name = Path(frame.filename).relative_to(PACKAGE.parent).as_posix()
    elif frames:
        frame = frames[-1]
        name = Path(frame.filename).name
    else:
        return "unknown place"
    return f"{name}:{frame.lineno} in {frame.name}"


@dataclass
class _Seen:
    last_sent: float
    since: int = 0  # happened again since then, not told


@dataclass
class Alerts:
    admin_ids: frozenset[int]
    clock: Callable[[], float] = time.monotonic
    _seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)
    _sent: list[float] = field(default_factory=list)

    def compose(self, error: BaseException, context: str) -> str | None:
        """The alert to send for `error`, or None when it is a repeat or over the limit."""
        now = self.clock()
        key = (type(error).__name__, where(error))
        seen = self._seen.get(key)
        self._sent = [at for at in self._sent if now - at < WINDOW_S]
        if (seen is not None and now - seen.last_sent < REPEAT_S) or (
            len(self._sent) >= MAX_PER_WINDOW
        ):
            seen = self._seen.setdefault(key, _Seen(-REPEAT_S))
            seen.since += 1
            return None
        again = f" {seen.since} more like it were not alerted." if seen and seen.since else ""
        self._seen[key] = _Seen(now)
        self._sent.append(now)
        return (
            f"⚠️ BackCoach error {context}: {key[0]} at {key[1]}.{again} "
            "Details (without what people wrote) are in the logs."
        )

    async def report(self, bot: Bot, error: BaseException, context: str) -> bool:
        """Tell every admin chat; True when an alert went out."""
        text = self.compose(error, context) if self.admin_ids else None
        if text is None:
            return False
        for chat_id in sorted(self.admin_ids):
            try:
                await bot.send_message(chat_id, text)
            except TelegramError as failure:  # an admin who never started the bot, say
                log.warning("could not alert admin chat: %s", type(failure).__name__)
        return True

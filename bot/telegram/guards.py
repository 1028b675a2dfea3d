"""Checks every update passes before any handler sees it: from a private chat, with buttons we
could have made, once only, and not too fast."""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from typing import Any

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ExtBot

from bot.i18n import N_, _
from bot.telegram import language, texts
from bot.telegram.common import Context, reply, services
from bot.telegram.ratelimit import URGENT
from bot.telegram.updates import PerPersonOrder, kept_for_retry

log = logging.getLogger(__name__)

# A person tapping through a session sends a few updates a second at most; far more than this
# in the window is a script or a stuck key.
FLOOD_LIMIT = 20
FLOOD_WINDOW_S = 10.0
# Group chats already told that BackCoach only works in private; forgotten (and told once more)
# only if the bot ever sits in more groups than this.
MAX_TOLD_CHATS = 10_000
# The largest id a button may carry: PostgreSQL's `integer` (SQLite's limit is 2^63 - 1).
MAX_BUTTON_ID = 2**31 - 1
SLOW_DOWN = N_("Slow down a little — I'll catch up.")
TOO_FAST = N_("You're sending messages very fast — give me a few seconds.")


async def private_chats_only(update: Update, context: Context) -> None:
    """BackCoach coaches one person in one private chat. Anywhere else (a group, a channel) a
    /start would move that person's reminders, ratings and exports into the group, so there it
    says once where to find it, in the sender's language (read as the update arrived), and
    nothing of anyone's is shown or changed."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    log.info("update %s from a %s chat ignored", update.update_id, chat.type)
    if update.callback_query is not None:
        await update.callback_query.answer(_(texts.PRIVATE_ONLY_SHORT))
    elif update.message is not None or _joined(update):
        told: set[int] = context.bot_data.setdefault("told_chats", set())
        if chat.id not in told:
            if len(told) >= MAX_TOLD_CHATS:
                told.clear()
            told.add(chat.id)
            try:
                await reply(update, _(texts.PRIVATE_ONLY).format(link=_link(context)))
            except TelegramError as error:
                log.info("could not tell a %s chat: %s", chat.type, type(error).__name__)
    raise ApplicationHandlerStop


def _joined(update: Update) -> bool:
    change = update.my_chat_member
    status = change.new_chat_member.status if change is not None else None
    return status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)


def _link(context: Context) -> str:
    return f"https://t.me/{context.bot.username}"


def made_up_button(data: str) -> bool:
    """Data no button of ours carries: a number too large for an id column, or digits that
    str.isdigit() accepts but int() cannot read ("²"). Forged by a client, or very old."""
    for part in data.split(":"):
        if any(char.isdigit() and not char.isdecimal() for char in part):
            return True
        try:
            number = int(part)
        except ValueError:
            continue
        if abs(number) > MAX_BUTTON_ID:
            return True
    return False


async def drop_made_up_buttons(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None or not made_up_button(query.data or ""):
        return
    log.info("button data from user %s is not ours; answered as stale", query.from_user.id)
    await query.answer(_(texts.STALE_BUTTON))
    raise ApplicationHandlerStop


class FloodControl:
    """A sliding window per person, counted as updates arrive (bot/telegram/fair.py): over the
    limit, their updates are dropped (with one short notice per window) while everybody else is
    served as usual. Once a window, people whose window has emptied are forgotten, so memory
    follows who is active, not who ever wrote."""

    def __init__(self, limit: int = FLOOD_LIMIT, window_s: float = FLOOD_WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._seen: dict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}
        self._swept_at = 0.0
        # Updates over the limit, until dropped: True for the one that sends the notice.
        self._over: dict[int, bool] = {}

    def __len__(self) -> int:
        """People remembered."""
        return len(self._seen)

    def allow(self, user_id: int, now: float) -> bool:
        if now - self._swept_at > self.window_s:
            self._sweep(now)
        seen = self._seen[user_id]
        while seen and now - seen[0] > self.window_s:
            seen.popleft()
        seen.append(now)
        return len(seen) <= self.limit

    def recent(self, user_id: int) -> int:
        """Their updates in the window, up to the limit: how much they have asked lately."""
        seen = self._seen.get(user_id)
        return min(len(seen), self.limit) if seen else 0

    def mark_over(self, update_id: int, warn: bool) -> None:
        """The update came over the limit; `warn`: it is the one that sends the notice."""
        self._over[update_id] = warn

    def dropped(self, update_id: int) -> bool:
        """Whether the update is over the limit and says nothing: dropped unbuilt (asked
        once, by the application, bot.app)."""
        if self._over.get(update_id) is False:
            del self._over[update_id]
            return True
        return False

    def warns(self, update_id: int) -> bool:
        """Whether the update is over the limit and sends the notice (asked once, by the
        guard)."""
        return self._over.pop(update_id, False)

    def should_warn(self, user_id: int, now: float) -> bool:
        last = self._warned.get(user_id)
        if last is not None and now - last < self.window_s:
            return False
        self._warned[user_id] = now
        return True

    def _sweep(self, now: float) -> None:
        # Costs one pass over the table per window: a constant per update on average.
        cutoff = now - self.window_s
        self._seen = defaultdict(deque, {u: s for u, s in self._seen.items() if s[-1] >= cutoff})
        self._warned = {u: at for u, at in self._warned.items() if at >= cutoff}
        self._swept_at = now


async def drop_floods(update: Update, context: Context) -> None:
    """The first guard. Updates over the flood limit are dropped unbuilt (bot.app), but for
    the first a window: here it tells the person to slow down, before anything is read for
    them, in the language last read for them (or their Telegram app's), in a private chat
    only."""
    user = update.effective_user
    flood: FloodControl = context.bot_data["flood"]
    if user is None or not flood.warns(update.update_id):
        return
    if update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE:
        log.info("slowing down user %s", user.id)
        language.use_last_known(user, context)
        if update.callback_query is not None:
            await update.callback_query.answer(_(SLOW_DOWN))
        else:
            await _slow_down(update, context.bot)
    raise ApplicationHandlerStop


async def _slow_down(update: Update, bot: ExtBot[Any]) -> None:
    text = _(TOO_FAST)
    if bot.rate_limiter is None or update.effective_chat is None:
        await reply(update, text)
    else:  # ahead of every other reply
        await bot.send_message(update.effective_chat.id, text, rate_limit_args=URGENT)


async def drop_duplicates(update: Update, context: Context) -> None:
    """Telegram retries an update it thinks failed; handle each update id once. Our own retry
    after a database failure is let through: its id may have been recorded before the
    handler's own writes failed."""
    svc = services(context)
    seen = not await svc.storage.updates.first_time(update.update_id, svc.clock.now())
    if seen and not kept_for_retry(context.application)(update):
        log.info("update %s delivered twice; ignored", update.update_id)
        processor = context.application.update_processor
        if isinstance(processor, PerPersonOrder):
            processor.was_handled_before(update.update_id)
        raise ApplicationHandlerStop

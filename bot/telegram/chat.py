"""Everything that is not a command or a button: typed answers, locations, membership changes,
and the fallbacks that make sure nobody meets silence."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import tzfpy
from telegram import ChatMember, Update
from telegram.constants import ChatType

from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import texts, typed
from bot.telegram.common import Context, reply, services
from bot.telegram.questions import QUESTIONS
from bot.telegram.setup import current_user, svc_update, take_answer
from bot.telegram.storable import storable

log = logging.getLogger(__name__)
MAX_TEXT = 500
# How long an open question (a setting, a rating, a rule's text) takes its typed answer. Half a
# day covers "I'll answer after work"; a number typed days later is about something else.
QUESTION_TTL = timedelta(hours=12)
LOCATION_USE = N_("Thanks — I only use a location to set your time zone (see /settings).")


async def on_text(update: Update, context: Context) -> None:
    """Warning signs first, wherever typed (urgent, then "see a doctor soon"); then the open
    question, if it is recent; then free text read for its meaning (bot/telegram/typed.py).
    Nothing typed meets a dead end."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await current_user(update, context)
    if user is None:
        return
    text, awaiting = storable(message.text)[:MAX_TEXT], user.awaiting or ""
    if await typed.stated_urgent_sign(update, context, user, text):
        return
    if await typed.stated_soon_sign(update, context, user, text):
        return
    if awaiting and user.onboarding_step is None and expired(user, services(context).clock.now()):
        # Too old to be its answer: the question is closed and the text read for its meaning.
        # (Set-up's questions wait: the one on screen is the one being answered.)
        await svc_update(context, user, awaiting=None)
    await typed.on_typed(update, context, user, text)


async def on_location(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.location is None:
        return
    user = await current_user(update, context)
    if user is None:
        return
    if user.awaiting != "tz" or expired(user, services(context).clock.now()):
        await reply(update, _(LOCATION_USE))
        return
    location = message.location
    zone = tzfpy.get_tz(location.longitude, location.latitude) or "UTC"
    answer = QUESTIONS["tz"].from_text
    assert answer is not None
    await take_answer(update, context, user, "tz", answer(user, zone), False)


def expired(user: User, now: datetime) -> bool:
    """Whether the open question is too old to take an answer (unknown age: never)."""
    return user.awaiting_since is not None and now - user.awaiting_since > QUESTION_TTL


async def on_member_change(update: Update, context: Context) -> None:
    """Blocking the bot stops every send; coming back turns reminders on again."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return  # leaving a group says nothing about the person (guards.private_chats_only)
    svc = services(context)
    user_id, status = change.from_user.id, change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        log.info("user %s blocked the bot", user_id)
        await svc.storage.users.set_active(user_id, False)
        await svc.storage.nudges.cancel_pending(user_id)
    elif status == ChatMember.MEMBER and await svc.storage.users.get(user_id) is not None:
        log.info("user %s is back", user_id)
        await svc.storage.users.set_active(user_id, True)
        await svc.planner.replan_all(user_id, svc.clock.now())


async def on_unknown_command(update: Update, context: Context) -> None:
    await reply(update, _(texts.UNKNOWN_COMMAND))


async def on_other(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes...: a short pointer instead of silence."""
    await reply(update, _(texts.NOT_UNDERSTOOD))

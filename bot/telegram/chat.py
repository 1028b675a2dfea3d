"""Everything that is not a command or a button: typed answers, locations, membership changes,
and the fallbacks that make sure nobody meets silence."""

from __future__ import annotations

import logging

import tzfpy
from telegram import ChatMember, Update

from bot.telegram import texts
from bot.telegram.checkin import on_typed_rating
from bot.telegram.common import Context, reply, services
from bot.telegram.questions import QUESTIONS
from bot.telegram.rules import on_typed_rule
from bot.telegram.setup import current_user, on_typed_answer, take_answer

log = logging.getLogger(__name__)
MAX_TEXT = 500


async def on_text(update: Update, context: Context) -> None:
    """Typed text goes to whatever question is open; otherwise a pointer to /help."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await current_user(update, context)
    if user is None:
        return
    text, awaiting = message.text[:MAX_TEXT], user.awaiting or ""
    if awaiting in QUESTIONS:
        await on_typed_answer(update, context, user, text)
    elif awaiting.startswith(("ci:", "am:")):
        await on_typed_rating(update, context, user, text)
    elif awaiting.startswith("rule:"):
        await on_typed_rule(update, context, user, text)
    elif user.onboarding_step is not None:
        await reply(update, "Please answer the question above — tap a button.")
    else:
        await reply(update, texts.NOT_UNDERSTOOD)


async def on_location(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.location is None:
        return
    user = await current_user(update, context)
    if user is None:
        return
    if user.awaiting != "tz":
        await reply(update, "Thanks — I only use a location to set your time zone (see /settings).")
        return
    location = message.location
    zone = tzfpy.get_tz(location.longitude, location.latitude) or "UTC"
    answer = QUESTIONS["tz"].from_text
    assert answer is not None
    await take_answer(update, context, user, "tz", answer(user, zone), False)


async def on_member_change(update: Update, context: Context) -> None:
    """Blocking the bot stops every send; coming back turns reminders on again."""
    change = update.my_chat_member
    if change is None:
        return
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
    await reply(update, texts.UNKNOWN_COMMAND)


async def on_other(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes...: a short pointer instead of silence."""
    await reply(update, texts.NOT_UNDERSTOOD)

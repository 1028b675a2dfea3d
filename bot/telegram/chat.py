"""Everything that is not a command or a button: typed answers, locations, and the fallbacks."""

from __future__ import annotations

import tzfpy
from telegram import Update

from bot.telegram import texts
from bot.telegram.common import Context, reply
from bot.telegram.questions import QUESTIONS
from bot.telegram.setup import current_user, on_typed_answer, take_answer


async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    user = await current_user(update, context)
    if user is None:
        return
    if user.awaiting in QUESTIONS:
        await on_typed_answer(update, context, user, message.text[:200])
        return
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


async def on_unknown_command(update: Update, context: Context) -> None:
    await reply(update, texts.UNKNOWN_COMMAND)


async def on_other(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes...: a short pointer instead of silence."""
    await reply(update, texts.NOT_UNDERSTOOD)

"""Who is talking, and whether they may use the programme right now: the gate in front of every
command and button of the conversation flows."""

from __future__ import annotations

from telegram import Update

from bot.coaching.emergency import help_for
from bot.i18n import _
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, reply
from bot.telegram.questions import under_age
from bot.telegram.setup import current_user


async def button_user(update: Update, context: Context) -> User | None:
    """For a button tap: acknowledge it (so the client stops spinning), then the person, if they
    have finished setting up."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await ready_user(update, context)


async def ready_user(update: Update, context: Context) -> User | None:
    """A person who has finished setting up and has not been stopped by a red flag."""
    user = await current_user(update, context)
    if user is None:
        return None
    if user.red_flags == "urgent":  # not "finish setting up": the programme waits for care
        await reply(update, texts.with_number(texts.ON_HOLD, help_for(user.timezone)))
        return None
    if user.adult is False:  # told kindly at sign-up; the same answer stands
        await reply(update, under_age())
        return None
    if user.onboarding_step is not None:
        await reply(update, _(texts.FINISH_SETUP_FIRST))
        return None
    return user

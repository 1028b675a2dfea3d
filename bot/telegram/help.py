"""/help: what BackCoach does in a phone screen, and every command one tap further."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import N_, _
from bot.telegram import texts
from bot.telegram.common import Context, edit_or_reply, reply

# The short help fits a phone screen (at most 15 lines); "All commands" opens the whole list.
HELP = N_(
    "BackCoach: a short daily routine (7–12 minutes), movement breaks while you sit, and small, "
    "careful steps — one change at a time, each with a reason. Your answers after a session "
    "and the next morning decide the next step.\n\n"
    "/today – today's routine\n"
    "/progress – how it's going\n"
    "/goals – what matters to you, rated every two weeks\n"
    "/flare – a bad day: gentle sessions\n"
    "/myexercise – add one your physio gave you\n"
    "/report – a one-page summary for your GP or physio\n"
    "/pause – a break from reminders\n"
    "/settings – your times and choices\n\n"
    'Type as you would talk: "done", "skip", "my back is sore today".\n'
    "This is not medical care: if something feels wrong, see a doctor or physiotherapist."
)
ALL_COMMANDS = N_("All commands ▸")
EVERYTHING = N_("Everything I can do:")
LESSONS = N_("After a check-in comes a short lesson, one a day (/learn lists them).")


def help_all() -> str:
    """Every command with what it does, in the person's language (the menu's own words)."""
    commands = "\n".join(f"/{command} – {_(about)}" for command, about in texts.COMMANDS)
    return f"{_(EVERYTHING)}\n{commands}\n\n{_(LESSONS)}\n\n{_(texts.DISCLAIMER)}"


async def show_help(update: Update, context: Context) -> None:
    more = InlineKeyboardButton(_(ALL_COMMANDS), callback_data="help:more")
    await reply(update, _(HELP), InlineKeyboardMarkup([[more]]))


async def more_help(update: Update, context: Context) -> None:
    """The "All commands" button: the whole list, in place of the short help."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await edit_or_reply(update, help_all())

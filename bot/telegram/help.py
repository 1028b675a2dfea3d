"""/help: what BackCoach does in a phone screen, and every command one tap further."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.telegram import texts
from bot.telegram.common import Context, edit_or_reply, reply

MORE = InlineKeyboardMarkup([[InlineKeyboardButton("All commands ▸", callback_data="help:more")]])


async def show_help(update: Update, context: Context) -> None:
    await reply(update, texts.HELP, MORE)


async def more_help(update: Update, context: Context) -> None:
    """The "All commands" button: the whole list, in place of the short help."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await edit_or_reply(update, texts.HELP_ALL)

"""What every handler needs: the services wired in bot.app, and small reply helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.config import Settings
from bot.storage import Storage

Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    settings: Settings
    storage: Storage
    clock: Clock


def services(context: Context) -> Services:
    return cast(Services, context.bot_data["services"])


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def edit_or_reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the pressed button's message in place; fall back to a new message."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return
    await reply(update, text, markup)

"""What every handler needs: the services wired in bot.app, and small reply helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from babel.dates import get_day_names
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import i18n
from bot.clock import Clock
from bot.coaching.catalogue import Catalogue
from bot.config import Settings
from bot.i18n import _
from bot.storage import Storage

if TYPE_CHECKING:
    from bot.reminders.planner import Planner

Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    settings: Settings
    storage: Storage
    clock: Clock
    catalogue: Catalogue
    planner: Planner


def services(context: Context) -> Services:
    return cast(Services, context.bot_data["services"])


async def reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup)


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


# A message can ask two things at once (the morning question with today's routine): answering
# one keeps the other's buttons. Buttons by what they answer (the start of their data).
_QUESTION_OF = {"am": "morning", "go": "routine", "later": "routine"}


async def settle(update: Update, note: str) -> None:
    """Answered: keep the tapped message's text, add a short note, and take its buttons away
    (those of the other question on the same message stay)."""
    query = update.callback_query
    message = query.message if query is not None else None
    original = message.text if isinstance(message, Message) and message.text else ""
    kept = None
    if query is not None and isinstance(message, Message) and message.reply_markup is not None:
        tapped = _QUESTION_OF.get((query.data or "").split(":")[0])
        rows = [
            row
            for row in message.reply_markup.inline_keyboard
            if tapped is not None and _row_question(row) not in (None, tapped)
        ]
        kept = InlineKeyboardMarkup(rows) if rows else None
    await edit_or_reply(update, f"{original}\n\n{note}".strip(), kept)


async def answered_then_ask(
    update: Update, note: str, text: str, markup: InlineKeyboardMarkup
) -> None:
    """Answered by a tap, and the next question belongs with it: the message keeps its text and
    the answer, and asks that question below them, with its buttons instead of the tapped ones."""
    query = update.callback_query
    message = query.message if query is not None else None
    original = message.text if isinstance(message, Message) and message.text else ""
    await edit_or_reply(update, f"{original}\n\n{note}\n\n{text}".strip(), markup)


def _row_question(row: Sequence[InlineKeyboardButton]) -> str | None:
    questions = {_QUESTION_OF.get(str(button.callback_data or "").split(":")[0]) for button in row}
    return questions.pop() if len(questions) == 1 else None


def tapped_label(update: Update) -> str:
    """The text of the button that was tapped, to leave on the message as the answer."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return ""
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return ""


def day_name(day: int) -> str:
    """A weekday (0 = Monday) as the person's language abbreviates it: "Mon", "Mo", "lun"."""
    return str(get_day_names("abbreviated", "stand-alone", i18n.locale())[day])


def day_names(days: frozenset[int]) -> str:
    """{0,1,2,3,4} -> "Mon–Fri" ("Mo–Fr", "lun–vie"); {0,2,4} -> "Mon, Wed, Fri"; all seven ->
    "every day", in the person's language."""
    ordered = sorted(days)
    if not ordered:
        return _("no days")
    if len(ordered) == 7:
        return _("every day")
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{day_name(ordered[0])}–{day_name(ordered[-1])}"
    return ", ".join(day_name(day) for day in ordered)

"""The person's language: set for every update before any handler runs, chosen with /language.

Someone new is written to in Telegram's language for them (`language_code`), English where
BackCoach doesn't speak it; /language changes it at any time, nothing else changes with it.
Scheduled messages go out in the language stored with the person (`in_their_language`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.error import TelegramError
from telegram.ext import Application

from bot import i18n
from bot.i18n import N_, _
from bot.reminders.dispatcher import Recipient
from bot.storage.nudges import Claimed
from bot.telegram import texts
from bot.telegram.common import Context, edit_or_reply, reply, services

log = logging.getLogger(__name__)

CHOOSE = N_("Which language should I write to you in?")
CHOSEN = N_("From now on I'll write to you in English.")
NOT_SUPPORTED = N_("I can write in English, German and Spanish: tap one.")

Sent = TypeVar("Sent")


# How many people's last-read language a worker keeps, for notices while the database is away.
REMEMBERED = 50_000


class Languages:
    """The language last read for each person: what a notice is written in when the database
    cannot say (an outage), so it still reaches them in their language."""

    def __init__(self) -> None:
        self._known: OrderedDict[int, str] = OrderedDict()

    def last(self, user_id: int) -> str | None:
        return self._known.get(user_id)

    def remember(self, user_id: int, language: str) -> None:
        self._known[user_id] = language
        self._known.move_to_end(user_id)
        while len(self._known) > REMEMBERED:
            self._known.popitem(last=False)


def _languages(context: Context) -> Languages:
    languages = context.bot_data.get("languages")
    if languages is None:
        languages = context.bot_data["languages"] = Languages()
    assert isinstance(languages, Languages)
    return languages


def use_last_known(person: User, context: Context) -> None:
    """Write in the language last read for them (or their Telegram app's), reading nothing:
    for a notice while the database is away, or to someone sending too fast."""
    i18n.use(_languages(context).last(person.id) or i18n.choose(person.language_code))


async def use_persons_language(update: Update, context: Context) -> None:
    """Every handler of this update writes in the person's language. Their row is read here,
    as the update arrives, once for the whole update: the duplicate check and the handler's
    first read of the person take it too (UserRepository.arriving)."""
    person = update.effective_user
    if person is None:
        return
    languages = _languages(context)
    try:
        user = await services(context).storage.users.arriving(person.id, update.update_id)
    except Exception:
        # The database is away: the notice that says so is written in the language last read
        # for them (or Telegram's), and the update is kept for another try.
        use_last_known(person, context)
        raise
    language = (user.language if user is not None else None) or i18n.choose(person.language_code)
    languages.remember(person.id, language)
    i18n.use(language)


def keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(name, callback_data=f"lang:{code}")]
            for code, name in i18n.NAMES.items()
        ]
    )


async def language(update: Update, context: Context) -> None:
    """/language, or /language deutsch: choose the language."""
    typed = " ".join(context.args or []).strip().lower()
    if typed:
        for code, name in i18n.NAMES.items():
            if typed in (code, name.lower(), _ascii(name.lower())):
                await _choose(update, context, code)
                return
        await reply(update, _(NOT_SUPPORTED), keyboard())
        return
    await reply(update, _(CHOOSE), keyboard())


async def from_settings(update: Update, context: Context) -> None:
    """/settings' language button: the same choice as /language."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await reply(update, _(CHOOSE), keyboard())


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    code = (query.data or "").removeprefix("lang:")
    if code in i18n.SUPPORTED:
        await _choose(update, context, code)


async def _choose(update: Update, context: Context, code: str) -> None:
    person = update.effective_user
    if person is None:
        return
    svc = services(context)
    user = await svc.storage.users.get(person.id)
    if user is None:
        await reply(update, _(texts.SEND_START))
        return
    await svc.storage.users.set(user, language=code)
    _languages(context).remember(person.id, code)
    i18n.use(code)
    await edit_or_reply(update, _(CHOSEN))


def _ascii(name: str) -> str:
    return name.replace("ñ", "n").replace("ä", "a").replace("ö", "o").replace("ü", "u")


def in_their_language(
    send: Callable[[Claimed, Recipient], Awaitable[Sent]],
) -> Callable[[Claimed, Recipient], Awaitable[Sent]]:
    """A scheduled message is written in its recipient's language."""

    async def sending(nudge: Claimed, recipient: Recipient) -> Sent:
        with i18n.speaking(recipient.user.language):
            return await send(nudge, recipient)

    return sending


async def set_command_menus(application: Application) -> None:  # type: ignore[type-arg]
    """The command menu in each language Telegram users may have (English for the rest)."""
    for code in i18n.SUPPORTED:
        with i18n.speaking(code):
            commands = [BotCommand(name, _(about)) for name, about in texts.COMMANDS]
        try:
            await application.bot.set_my_commands(
                commands, language_code=None if code == i18n.ENGLISH else code
            )
        except TelegramError as error:
            log.warning("could not set the command menu: %s", type(error).__name__)

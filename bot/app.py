"""The one place that wires handlers, jobs and storage into a python-telegram-bot Application."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.storage import Storage
from bot.telegram import chat, setup, texts
from bot.telegram.common import Context, Services, reply

log = logging.getLogger(__name__)


def build_application(settings: Settings, clock: Clock | None = None) -> Application:  # type: ignore[type-arg]
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    storage = Storage.open(settings.database_url)
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(AIORateLimiter(max_retries=0))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["services"] = Services(settings, storage, clock or SystemClock())
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("start", setup.start))
    application.add_handler(CommandHandler("settings", setup.show_settings))
    application.add_handler(CommandHandler("help", show_help))
    application.add_handler(CallbackQueryHandler(setup.on_button, pattern=r"^set:[a-z]+:"))
    application.add_handler(CallbackQueryHandler(setup.edit_setting, pattern=r"^edit:"))
    application.add_handler(CallbackQueryHandler(on_stale_button))
    application.add_handler(MessageHandler(filters.LOCATION, chat.on_location))
    application.add_handler(MessageHandler(filters.COMMAND, chat.on_unknown_command))
    application.add_handler(
        MessageHandler(filters.TEXT & filters.UpdateType.MESSAGE, chat.on_text)
    )
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, chat.on_other))
    application.add_error_handler(on_error)


async def show_help(update: Update, context: Context) -> None:
    await reply(update, texts.HELP)


async def on_stale_button(update: Update, context: Context) -> None:
    """Buttons whose data we don't recognise (old versions, or forged by a client)."""
    query = update.callback_query
    if query is not None:
        await query.answer("This button no longer works. Send /help to see what I can do.")


async def on_error(update: object, context: Context) -> None:
    log.error("handler failed: %s", type(context.error).__name__, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await reply(update, "Sorry, something went wrong on my side. Nothing you sent is lost; "
                        "please try again in a moment.")
        except TelegramError:
            log.warning("could not send the error notice")


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    svc: Services = application.bot_data["services"]
    await svc.storage.migrate()
    try:
        await application.bot.set_my_commands(
            [BotCommand(command, description) for command, description in texts.COMMANDS]
        )
    except TelegramError as error:
        log.warning("could not set the command menu: %s", type(error).__name__)


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    svc: Services = application.bot_data["services"]
    await svc.storage.close()

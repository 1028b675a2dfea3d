"""The one place that wires handlers, jobs and storage into a python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlparse

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.clock import Clock, SteadyClock
from bot.coaching.catalogue import load_catalogue
from bot.config import Settings
from bot.i18n import _
from bot.ops.metrics import MeasuredOrder
from bot.ops.service import Ops, ops_of
from bot.reminders.dispatcher import Dispatcher
from bot.reminders.planner import Planner
from bot.storage import Storage
from bot.storage.outages import is_database_outage
from bot.storage.retention import tidy
from bot.telegram import (
    admin,
    arriving,
    chat,
    checkin,
    flare,
    guards,
    language,
    learn,
    nudges,
    outcomes,
    own_exercise,
    privacy,
    progress,
    report,
    routine,
    rules,
    safety,
    setup,
    show,
    texts,
    typed,
    walking,
)
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.common import Context, Services, reply
from bot.telegram.guards import FloodControl
from bot.telegram.help import more_help, show_help
from bot.telegram.ratelimit import RepliesFirst
from bot.telegram.spool import Spool
from bot.telegram.updates import PerPersonOrder, ReplayOnRetry, keep_after_outage
from bot.telegram.webhook import TelegramHandler, refuse_bodies_that_are_not_updates
from bot.understanding.intents import load_intents

log = logging.getLogger(__name__)
# Connections to Telegram. httpcore's pool walks every connection on each request, so a few
# busy connections beat many idle ones (measured: 4 in flight ~1,100 sends/s, 36 ~630/s).
CONNECTIONS = 8
# Of those, nudges use at most this many, leaving the rest for replies to people.
NUDGE_SENDS = 4
# Updates handled at once (one person's always in order).
CONCURRENT_UPDATES = 32
# A 429 means "not delivered, try after N seconds": always safe to retry, for replies and nudges.
RATE_LIMIT_RETRIES = 3
# No edited_message: editing an old message must never run a command or answer a question.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]

App: TypeAlias = "Application[Any, Any, Any, Any, Any, Any]"
# Waiting for the database at start-up: twice as long after each failure, up to this.
START_RETRY_MAX_S = 30.0


class BackCoachApplication(Application):  # type: ignore[type-arg]
    """python-telegram-bot retries a failed start-up (bootstrap_retries=-1), with backoff up to
    30 s, but says so only at DEBUG: an operator should see why the bot is not up yet. Its bot
    is an ArrivingBot, whose updates it builds as it handles them."""

    async def initialize(self) -> None:
        try:
            await super().initialize()
        except InvalidToken:
            raise
        except TelegramError as error:
            log.warning("Telegram unreachable at start-up (%s); trying again", type(error).__name__)
            raise

    async def process_update(self, update: object) -> None:
        """Updates from long polling arrive unbuilt (bot.telegram.arriving): built here, in
        their turn, unless dropped for flooding (bot.telegram.order)."""
        flood: FloodControl = self.bot_data["flood"]
        if isinstance(update, (arriving.Arriving, Update)) and flood.dropped(update.update_id):
            return
        await super().process_update(arriving.built(update))


def build_application(
    settings: Settings,
    clock: Clock | None = None,
    application_class: type[BackCoachApplication] = BackCoachApplication,
) -> App:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    storage = Storage.open(settings.database_url)
    operations = Ops(settings, storage)
    flood = FloodControl(settings.flood_limit, settings.flood_window_s)
    limiter = None
    if settings.telegram_max_rate > 0:
        limiter = RepliesFirst(settings.telegram_max_rate, RATE_LIMIT_RETRIES, flood.recent)
    request, get_updates_request = http_clients(settings)
    application = (
        ApplicationBuilder()
        .application_class(application_class)
        .bot(
            arriving.ArrivingBot(
                settings.telegram_bot_token.get_secret_value(),
                base_url=settings.telegram_api_base_url,
                request=request,
                get_updates_request=get_updates_request,
                rate_limiter=limiter,
            )
        )
        .concurrent_updates(MeasuredOrder(operations.metrics, flood, CONCURRENT_UPDATES))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    catalogue = load_catalogue(settings.data_dir)
    load_intents(settings.data_dir)  # a broken data/intents.yaml fails here, at start-up
    svc = Services(settings, storage, clock or SteadyClock(), catalogue, Planner(storage))
    application.bot_data["services"] = svc
    application.bot_data["ops"] = operations
    application.bot_data["flood"] = flood
    application.bot_data["dispatcher"] = Dispatcher(
        storage,
        svc.clock,
        language.in_their_language(partial(nudges.send_nudge, application.bot, svc)),
        concurrency=NUDGE_SENDS,
        in_flight_timeout=timedelta(seconds=settings.in_flight_timeout_s),
        rate=settings.telegram_max_rate,
    )
    add_handlers(application)
    return application


def add_handlers(application: App) -> None:
    refuse_bodies_that_are_not_updates()  # a webhook body that is no update: 400, not 500
    application.add_handler(TypeHandler(Update, guards.drop_floods), group=-6)
    application.add_handler(TypeHandler(Update, language.use_persons_language), group=-5)
    application.add_handler(TypeHandler(Update, guards.private_chats_only), group=-4)
    application.add_handler(TypeHandler(Update, guards.drop_made_up_buttons), group=-3)
    application.add_handler(TypeHandler(Update, guards.drop_duplicates), group=-1)
    commands = {
        "start": setup.start,
        "settings": setup.show_settings,
        "help": show_help,
        "today": routine.today,
        "weekly": routine.weekly,
        "rules": rules.show_rules,
        "sit": nudges.sit,
        "stand": nudges.stand,
        "meeting": nudges.meeting,
        "pause": nudges.pause,
        "resume": nudges.resume,
        "schedule": nudges.schedule,
        "flare": flare.flare,
        "progress": progress.progress,
        "learn": learn.learn,
        "walk": walking.walk,
        "history": progress.history,
        "report": report.report,
        "goals": outcomes.goals,
        "myexercise": own_exercise.my_exercise,
        "privacy": privacy.privacy,
        "export": privacy.export,
        "delete": privacy.delete,
        "stop": privacy.stop,
        "stats": admin.stats,
        "language": language.language,
    }
    # New messages only (ALLOWED_UPDATES already leaves edits out; this holds whatever a
    # server or a test delivers).
    new = filters.UpdateType.MESSAGE
    for name, callback in commands.items():
        command = setup.closing_open_question(callback)  # a command closes the open question
        application.add_handler(CommandHandler(name, command, filters=new))
    application.add_handler(CommandHandler("cancel", setup.cancel, filters=new))
    buttons = {
        r"^set:[a-z]+:": setup.on_button,
        r"^edit:": setup.edit_setting,
        r"^go:": routine.start,
        r"^wo:\d+:\d+:show$": show.show_step_picture,
        r"^wo:": routine.step,
        r"^skip:": routine.skip,
        r"^ci:": checkin.on_checkin_button,
        r"^am:": checkin.on_morning_button,
        r"^sit:done$": nudges.sit_done,
        r"^sit:snooze$": nudges.sit_snooze,
        r"^sit:away$": nudges.sit_away,
        r"^sit:more$": nudges.sit_more,
        r"^sit:(skip|p30|p1h|today|meeting)$": nudges.sit_hold,
        r"^sit:back$": nudges.sit_back,
        r"^sit:(every:\d+|pm|keep)$": nudges.fewer_chosen,
        r"^later:": nudges.later,
        r"^pause:": nudges.pause_chosen,
        r"^rules:": rules.on_rules_button,
        r"^erase:": privacy.erase_chosen,
        r"^redflag:": safety.red_flag_answer,
        r"^flare:better$": flare.on_better,
        r"^doctor:": safety.doctor_answer,
        r"^psfs:": progress.transition_rated,
        r"^goal:": outcomes.on_goal_button,
        r"^own:": own_exercise.on_button,
        r"^peg:": outcomes.on_peg_button,
        r"^global:[1-7]$": outcomes.on_global_button,
        r"^learn:": learn.on_lesson_button,
        r"^walk:\d+$": walking.walk_button,
        r"^menu:": typed.on_menu_button,
        r"^help:more$": more_help,
        r"^lang:[a-z]{2}$": language.on_button,
        r"^lang$": language.from_settings,
    }
    for pattern, callback in buttons.items():
        application.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    application.add_handler(CallbackQueryHandler(on_stale_button))
    application.add_handler(ChatMemberHandler(chat.on_member_change))
    application.add_handler(MessageHandler(filters.LOCATION & new, chat.on_location))
    application.add_handler(MessageHandler(filters.COMMAND & new, chat.on_unknown_command))
    application.add_handler(MessageHandler(filters.TEXT & new, chat.on_text))
    application.add_handler(MessageHandler(new, chat.on_other))
    application.add_error_handler(on_error)


async def on_stale_button(update: Update, context: Context) -> None:
    """Buttons whose data we don't recognise (old versions, or forged by a client)."""
    query = update.callback_query
    if query is not None:
        await query.answer(texts.STALE_BUTTON)


async def on_error(update: object, context: Context) -> None:
    """One notice per failed update, then no further handler runs: the update failed in one
    handler group (the de-duplication guard, say) and must not go on to the next."""
    await ops_of(context.bot_data).failed(context.bot, context.error, isinstance(update, Update))
    if is_database_outage(context.error):
        if isinstance(update, Update):
            await keep_after_outage(update, context)
            raise ApplicationHandlerStop
        log.warning("database unavailable for a scheduled job (%s)", type(context.error).__name__)
        return
    # Only the error's type and where it happened: its message can quote what a person typed
    # (int("about 6") says "about 6"), and so can an update.
    log.error("handler failed: %s\n%s", type(context.error).__name__, where(context.error))
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await reply(update, _("Sorry, something went wrong on my side. Please try again."))
        except TelegramError:
            log.warning("could not send the error notice")
    raise ApplicationHandlerStop


def where(error: BaseException | None) -> str:
    """The traceback's frames without the exception's message."""
    if error is None:
        return ""
    return "".join(traceback.format_tb(error.__traceback__)).rstrip()


async def dispatch_due(context: ContextTypes.DEFAULT_TYPE) -> None:
    dispatcher: Dispatcher = context.bot_data["dispatcher"]
    report = await ops_of(context.bot_data).tick(dispatcher)
    if report.sent or report.skipped or report.failed or report.unknown:
        log.info("nudges: %s", report)


async def forget_old_updates(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc: Services = context.bot_data["services"]
    await svc.storage.updates.forget_old(svc.clock.now())


async def keep_tidy(context: ContextTypes.DEFAULT_TYPE) -> None:
    svc: Services = context.bot_data["services"]
    folded, compacted = await tidy(svc.storage, svc.clock.now(), svc.settings.nudge_retention_days)
    if folded or compacted:
        log.info(
            "retention: %d old nudges folded into daily counts, %d sessions compacted",
            folded,
            compacted,
        )


def http_clients(settings: Settings) -> tuple[BaseRequest, BaseRequest]:
    """Bot API requests, and getUpdates', over the client HTTP_CLIENT names; same timeouts.
    A retried update's calls made as before are not sent again (bot.telegram.updates)."""
    timeout = settings.telegram_timeout_s
    if settings.http_client == "httpx":  # getUpdates as PTB's builder sets it up
        httpx = HTTPXRequest(CONNECTIONS, timeout, timeout, timeout)
        return ReplayOnRetry(httpx), HTTPXRequest(connection_pool_size=1)
    # PTB's defaults for what the httpx branch leaves unset: a 1 s pool timeout, and for
    # getUpdates one connection and its own timeouts (long polling adds its poll time).
    requests = AiohttpRequest(CONNECTIONS, timeout, timeout, timeout, 1.0)
    return ReplayOnRetry(requests), AiohttpRequest()


async def _post_init(application: App) -> None:
    svc: Services = application.bot_data["services"]
    dispatcher: Dispatcher = application.bot_data["dispatcher"]
    await ops_of(application.bot_data).start(application.bot)  # health answers while we wait
    recovered = await _prepare_database(svc.storage, dispatcher)
    if recovered:
        log.warning("%d nudges were in flight when the bot last stopped; not resending", recovered)
    await _replay_spool(application, svc.settings.update_spool)
    await language.set_command_menus(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            dispatch_due, interval=svc.settings.scheduler_interval_s, first=1.0, name="nudges"
        )
        application.job_queue.run_repeating(
            forget_old_updates, interval=3600, first=60, name="forget-updates"
        )
        application.job_queue.run_repeating(keep_tidy, interval=3600, first=300, name="retention")


async def _replay_spool(application: App, path: str) -> None:
    """Open the update spool and queue what the last run left waiting, first and in order
    (the database answers by now). A spool that cannot be opened only costs the restart-proof
    keeping: the bot runs without it."""
    processor = application.update_processor
    if not path or not isinstance(processor, PerPersonOrder):
        return
    spool = Spool(Path(path))
    try:
        waiting = spool.open()
    except OSError as error:
        log.error("update spool %s unusable (%s): running without it", path, type(error).__name__)
        return
    processor.spool = application.bot_data["spool"] = TelegramHandler.spool = spool
    for data in waiting:
        update = Update.de_json(data, application.bot)
        processor.replaying(update.update_id)
        await application.update_queue.put(update)


async def _prepare_database(storage: Storage, dispatcher: Dispatcher) -> int:
    """Migrate, and recover nudges a stopped bot left in flight. A database that is not there
    yet (platforms start services in any order) is waited for, not given up on: exiting would
    only have the platform restart us into the same wait."""
    delay = 1.0
    while True:
        try:
            await storage.migrate()
            return await dispatcher.recover()
        except Exception as error:
            if not is_database_outage(error):
                raise
            log.warning(
                "database unavailable at start-up (%s); trying again in %.0f s",
                type(error).__name__,
                delay,
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, START_RETRY_MAX_S)


async def _post_shutdown(application: App) -> None:
    svc: Services = application.bot_data["services"]
    await ops_of(application.bot_data).stop(application.bot)
    await svc.storage.close()
    spool: Spool | None = application.bot_data.get("spool")
    if spool is not None:
        TelegramHandler.spool = None
        spool.close()


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates, and the secret it must send back with each one."""

    url: str
    secret: str
    listen: str = "0.0.0.0"
    port: int = 8443

    @property
    def path(self) -> str:
        return urlparse(self.url).path.lstrip("/")

    @classmethod
    def from_settings(cls, settings: Settings) -> Webhook:
        if not settings.webhook_url or settings.webhook_secret is None:
            raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
        return cls(
            settings.webhook_url, settings.webhook_secret.get_secret_value(), port=settings.port
        )


def run(application: App, webhook: Webhook | None) -> None:
    """Run until stopped: long polling, or a webhook that refuses requests without the secret
    (python-telegram-bot answers those with 403). Start-up keeps trying while Telegram or the
    database is away (a stop signal ends it cleanly); only a rejected token ends it."""
    if webhook is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)
        return
    application.run_webhook(
        bootstrap_retries=-1,
        listen=webhook.listen,
        port=webhook.port,
        url_path=webhook.path,
        webhook_url=webhook.url,
        secret_token=webhook.secret,
        allowed_updates=ALLOWED_UPDATES,
    )


@asynccontextmanager
async def serving(
    application: App, poll_timeout: float = 10, webhook: Webhook | None = None
) -> AsyncIterator[App]:
    """Run the bot inside an event loop someone else owns (sandbox, end-to-end tests): the same
    start-up and shutdown as `run_polling`, which only runs them itself."""
    async with application:
        await _post_init(application)
        await application.start()
        assert application.updater is not None
        if webhook is None:
            await application.updater.start_polling(
                poll_interval=0.0, timeout=int(poll_timeout), allowed_updates=ALLOWED_UPDATES
            )
        else:
            await application.updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.path,
                webhook_url=webhook.url,
                secret_token=webhook.secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            await application.stop()
            await _post_shutdown(application)

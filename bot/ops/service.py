"""What the people who run BackCoach see: health, metrics, and alerts about errors.

bot.app creates one Ops per application (bot_data["ops"]), starts it in post_init, stops it in
post_shutdown, times scheduler passes through `tick`, and hands unhandled errors to `failed`.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import text
from telegram import Bot

from bot.config import Settings
from bot.ops.alerts import Alerts
from bot.ops.health import Health
from bot.ops.metrics import CONTENT_TYPE, Metrics
from bot.ops.sentry import capture, start_sentry, stop_sentry
from bot.ops.server import HealthServer, serve_on_webhook, stop_serving_on_webhook
from bot.reminders.dispatcher import Dispatcher, TickReport
from bot.storage import Storage
from bot.storage.outages import outage_cause

log = logging.getLogger(__name__)

TEXT = "text/plain; charset=utf-8"


@dataclass
class Ops:
    settings: Settings
    storage: Storage
    metrics: Metrics = field(default_factory=Metrics)
    health: Health = field(init=False)
    alerts: Alerts = field(init=False)
    server: HealthServer | None = None
    sentry: bool = False
    _last_tick_start: float | None = None

    def __post_init__(self) -> None:
        stall = max(self.settings.scheduler_stall_s, 2 * self.settings.scheduler_interval_s)
        self.health = Health(self._ping, stall)
        self.alerts = Alerts(self.settings.admin_ids)

    async def _ping(self) -> None:
        async with self.storage.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def start(self, bot: Bot) -> None:
        token = self.settings.telegram_bot_token
        if self.settings.sentry_dsn is not None:
            secrets = (token.get_secret_value(),) if token else ()
            self.sentry = start_sentry(self.settings.sentry_dsn.get_secret_value(), secrets)
        serve_on_webhook(bot, self.answer)
        if self.settings.health_port:
            server = HealthServer(self.answer, self.settings.health_host, self.settings.health_port)
            if await server.start():
                self.server = server

    async def stop(self, bot: Bot) -> None:
        stop_serving_on_webhook(bot)
        if self.sentry:
            stop_sentry()
            self.sentry = False
        if self.server is not None:
            await self.server.stop()
            self.server = None

    async def answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/healthz":
            return 200, TEXT, b"ok\n"
        if path == "/readyz":
            readiness = await self.health.readiness()
            if readiness.database != "ok":
                self.metrics.database_errors.labels("probe").inc()
            body = {"database": readiness.database, "scheduler": readiness.scheduler}
            return (200 if readiness.ready else 503), "application/json", json.dumps(body).encode()
        if path == "/metrics":
            return 200, CONTENT_TYPE, await self.metrics.render(self.storage.misses.counts)
        return 404, TEXT, b"not found\n"

    async def tick(self, dispatcher: Dispatcher) -> TickReport:
        """One scheduler pass, timed; lag is how much later than its interval it started."""
        started = time.monotonic()
        previous, self._last_tick_start = self._last_tick_start, started
        report = await dispatcher.tick()
        lag = 0.0 if previous is None else started - previous - self.settings.scheduler_interval_s
        self.metrics.record_tick(report, time.monotonic() - started, lag)
        self.health.ticked()
        return report

    async def failed(self, bot: Bot, error: BaseException | None, in_update: bool) -> None:
        """Count an error no handler dealt with; unless the database was away (counted, and
        retried by the caller), tell the admins and Sentry."""
        if error is None:
            return
        cause = outage_cause(error)
        if cause is not None:
            self.metrics.database_errors.labels("update" if in_update else "job").inc()
            self.metrics.outages.labels(cause).inc()
            self.health.saw_outage(cause)
            return
        self.metrics.handler_errors.labels(type(error).__name__).inc()
        capture(error)
        context = "while handling an update" if in_update else "in a scheduled job"
        sent = await self.alerts.report(bot, error, context)
        self.metrics.alerts.labels("sent" if sent else "held_back").inc()


def ops_of(bot_data: dict[Any, Any]) -> Ops:
    return cast(Ops, bot_data["ops"])

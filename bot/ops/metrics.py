"""Prometheus series for the people who run the bot: counts and timings, never person data.

Each application has its own registry (tests run several bots in one process). Nudge outcomes
come from the dispatcher's TickReport; the typed-answer miss counts are the database's (the same
numbers admin /stats shows), refreshed whenever /metrics is read.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.reminders.dispatcher import TickReport
from bot.storage.outages import IN_WORDS
from bot.telegram.order import FairOrder

CONTENT_TYPE = CONTENT_TYPE_LATEST
# A reply normally takes tens of milliseconds; seconds mean the database or Telegram is slow.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TICK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _TypedMisses(Collector):
    """The database's typed-answer miss counters, as of the last refresh."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "backcoach_typed_misses",
            "Typed messages nothing in data/intents.yaml understood, by kind (all workers).",
            labels=["kind"],
        )
        for kind, count in sorted(self.counts.items()):
            family.add_metric([kind], count)
        yield family


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter(
            "backcoach_updates_handled", "Updates handled (however handling ended).", registry=r
        )
        self.latency = Histogram(
            "backcoach_reply_latency_seconds",
            "From taking an update off the queue to done with it, reply sent.",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.handler_errors = Counter(
            "backcoach_handler_errors",
            "Errors no handler dealt with, by exception type.",
            ["type"],
            registry=r,
        )
        self.database_errors = Counter(
            "backcoach_database_errors",
            "Database unavailable: handling an update, in a job, or reading /readyz or /metrics.",
            ["where"],
            registry=r,
        )
        self.outages = Counter(
            "backcoach_database_outages",
            "Database outages handling hit, by cause: unreachable, busy, disk_full, read_only,"
            " disk_error.",
            ["cause"],
            registry=r,
        )
        self.nudges = Counter(
            "backcoach_nudges",
            "Nudges by outcome: sent, failed, unknown (may have arrived), requeued, taken_over,"
            " or the reason one was skipped (stale, inactive, ...).",
            ["outcome"],
            registry=r,
        )
        self.tick = Histogram(
            "backcoach_scheduler_tick_seconds",
            "How long one scheduler pass over due nudges took.",
            buckets=TICK_BUCKETS,
            registry=r,
        )
        self.lag = Gauge(
            "backcoach_scheduler_lag_seconds",
            "How much later than its interval the latest scheduler pass started.",
            registry=r,
        )
        self.last_tick = Gauge(
            "backcoach_scheduler_last_tick_timestamp_seconds",
            "When the latest scheduler pass finished (Unix time).",
            registry=r,
        )
        self.alerts = Counter(
            "backcoach_admin_alerts",
            "Error alerts to ADMIN_IDS: sent, or held back (a repeat, or over the rate limit).",
            ["result"],
            registry=r,
        )
        self.typed_misses = _TypedMisses()
        r.register(self.typed_misses)
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        for outcome in ("sent", "stale", "failed", "unknown"):
            self.nudges.labels(outcome)  # shown at 0 before the first nudge
        for where in ("update", "job", "probe"):
            self.database_errors.labels(where)
        for cause in IN_WORDS:
            self.outages.labels(cause)

    def record_tick(self, report: TickReport, seconds: float, lag: float) -> None:
        self.tick.observe(seconds)
        self.lag.set(max(lag, 0.0))
        self.last_tick.set(time.time())
        outcomes = {
            "sent": report.sent,
            "failed": report.failed,
            "unknown": report.unknown,
            "requeued": report.requeued,
            "taken_over": report.taken_over,
            **report.skipped,
        }
        for outcome, count in outcomes.items():
            if count:
                self.nudges.labels(outcome).inc(count)

    async def render(self, typed_misses: Callable[[], Awaitable[dict[str, int]]]) -> bytes:
        """The text exposition; the miss counts are re-read first, when the database answers."""
        try:
            self.typed_misses.counts = await typed_misses()
        except Exception:  # the database is away: keep the last counts, /readyz tells
            self.database_errors.labels("probe").inc()
        return generate_latest(self.registry)


class MeasuredOrder(FairOrder):
    """FairOrder that also counts handled updates and times each (from when it reached the
    bot: its wait for a turn, and retries after a database outage, included)."""

    def __init__(self, metrics: Metrics, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = time.perf_counter()
        try:
            await super().do_process_update(update, coroutine)
        finally:
            self.metrics.updates.inc()
            self.metrics.latency.observe(time.perf_counter() - started)

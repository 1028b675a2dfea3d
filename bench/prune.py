"""9. Replies while retention prunes: the hourly job folding a backlog of old nudges (a full
run's share, 200,000 rows) into daily counts, and a person sending /help every 0.1 s meanwhile;
each /help records its update id, a write that queues behind the pruning's batches."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import NOW, TOKEN, emit, scratch_database, seed
from bench.dispatch import bench_settings
from bench.growth import RETENTION_DAYS, everyones_nudges
from bench.interactive import PROBE_USER
from bot.app import build_application, serving
from bot.clock import FakeClock
from bot.sandbox.fake_api import FakeBotApi
from bot.storage.retention import BATCH, MAX_BATCHES, tidy

PEOPLE = 1000
OLD_DAYS = 25  # about 235 rows each: more than one run folds
PROBE_EVERY_S = 0.1
QUIET_S = 15.0


async def run_latency_during_prune(engine: str, folder: Path) -> dict[str, Any]:
    async with (
        scratch_database(engine, folder, "prune") as database,
        FakeBotApi(token=TOKEN) as server,
    ):
        app = build_application(bench_settings(server.base_url, database, 0), FakeClock(NOW))
        async with serving(app, poll_timeout=1):
            storage = app.bot_data["services"].storage
            await seed(storage, PEOPLE)
            await everyones_nudges(storage, database, first_day=RETENTION_DAYS + 10, days=OLD_DAYS)
            await seed(storage, 1, first_id=PROBE_USER)
            quiet_until = time.perf_counter() + QUIET_S
            alone = await _probe(server, lambda: time.perf_counter() > quiet_until)
            started = time.perf_counter()
            pruning = asyncio.create_task(tidy(storage, NOW, RETENTION_DAYS))
            latencies = await _probe(server, pruning.done)
            folded, _ = await pruning
            prune_s = time.perf_counter() - started
            server.wake_pollers()
    return emit(
        "reply_latency_during_prune_p95",
        _p95(latencies) * 1000,
        "ms",
        engine=engine,
        folded=folded,
        run_cap=BATCH * MAX_BATCHES,
        prune_s=round(prune_s, 1),
        probes=len(latencies),
        p50_ms=round(statistics.median(latencies) * 1000, 1),
        max_ms=round(max(latencies) * 1000, 1),
        # the same probes in the same run before the prune started: what the machine allows
        without_prune_p95_ms=round(_p95(alone) * 1000, 1),
    )


async def _probe(server: FakeBotApi, until: Callable[[], bool]) -> list[float]:
    """Seconds each /help took to be answered, one at a time, until `until()`."""
    latencies = []
    while not until():
        before = len(server.messages(PROBE_USER))
        sent_at = time.perf_counter()
        server.send_text(PROBE_USER, "/help")
        while len(server.messages(PROBE_USER)) == before:
            await asyncio.sleep(0.001)
        latencies.append(time.perf_counter() - sent_at)
        await asyncio.sleep(PROBE_EVERY_S)
    return latencies


def _p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]

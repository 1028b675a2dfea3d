"""2. Scheduler cost as users grow: one due-nudge scan with 1,000 vs 100,000 people stored."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from bench.common import NOW, emit, scratch_database, seed
from bot.storage import Storage

REPEATS = 30


async def scan_time(engine: str, folder: Path, people: int, due: int) -> float:
    """Median seconds of one claim of up to 200 due nudges (released again after each try)."""
    async with scratch_database(engine, folder, f"scan_{people}") as database:
        storage = Storage.open(database)
        try:
            await storage.migrate()
            await seed(storage, people, due_now=due, future_slots=3)
            times = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                claimed = await storage.nudges.claim_due(NOW, 200)
                times.append(time.perf_counter() - start)
                for nudge in claimed:
                    await storage.nudges.release(nudge, nudge.due_at)
            return statistics.median(times)
        finally:
            await storage.close()


async def run_scan(engine: str, folder: Path, large: int = 100_000) -> list[dict[str, Any]]:
    results = []
    for due in (0, 200):
        small_t = await scan_time(engine, folder, 1_000, due)
        large_t = await scan_time(engine, folder, large, due)
        results.append(
            emit(
                "scan_ratio",
                large_t / small_t,
                "ratio",
                engine=engine,
                due=due,
                small_users=1_000,
                large_users=large,
                small_ms=round(small_t * 1000, 3),
                large_ms=round(large_t * 1000, 3),
            )
        )
    return results

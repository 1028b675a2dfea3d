"""7. The usual PTB design as a baseline: one `job_queue.run_repeating` per person.

A bot process of its own (`python -m bench.baseline URL PEOPLE BURST`, so its memory is its own)
schedules a 15-minute job for each person, then moves BURST of them to the same second, as happens
when many people pick the same preset. It reports the time and peak memory to schedule everyone,
how many of the BURST jobs APScheduler skipped as misfired (default grace 1 s) or failed, and the
longest its event loop went without running a 10 ms ticker. The fake server (another process)
counts what arrived. BackCoach's figures for the same measures come from the same run.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobEvent
from telegram.ext import Application, ContextTypes

from bench.common import NOW, TOKEN, emit, scratch_database, seed
from bench.dispatch import bench_settings
from bench.remote import remote_fake_api
from bench.startup import run_startup
from bot.app import build_application, serving
from bot.clock import FakeClock

INTERVAL = timedelta(minutes=15)
LEAD_S = 2.0  # from moving the burst to its due second
WINDOW_S = 10.0  # what arrives within this after the due second counts as sent
TICK_S = 0.01


def rss_mb(field: str = "VmHWM") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


SENT_AT: list[datetime] = []  # when each reminder's send returned


async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.job is not None and context.job.chat_id is not None
    await context.bot.send_message(context.job.chat_id, "Time to stand up and stretch!")
    SENT_AT.append(datetime.now(UTC))


async def stall_ticker(gaps: list[float]) -> None:
    """Records the longest gap between 10 ms ticks (the loop's stall) in gaps[0]."""
    last = time.perf_counter()
    while True:
        await asyncio.sleep(TICK_S)
        now = time.perf_counter()
        gaps[0] = max(gaps[0], now - last - TICK_S)
        last = now


async def baseline_bot(base_url: str, people: int, burst: int) -> None:
    started = time.perf_counter()
    app = Application.builder().token(TOKEN).base_url(f"{base_url}/bot").build()
    assert app.job_queue is not None
    await app.initialize()
    await app.start()
    before = rss_mb("VmRSS")
    far = datetime.now(UTC) + timedelta(hours=1)
    jobs = [
        app.job_queue.run_repeating(
            remind,
            interval=INTERVAL,
            first=far + INTERVAL * (n / people),
            chat_id=n,
            name=str(n),
        )
        for n in range(1, people + 1)
    ]
    scheduled = time.perf_counter() - started
    print(
        json.dumps(
            {"scheduled_s": scheduled, "peak_mb": rss_mb(), "jobs_mb": rss_mb("VmRSS") - before}
        ),
        flush=True,
    )
    outcomes = {EVENT_JOB_MISSED: 0, EVENT_JOB_ERROR: 0}

    def count(event: JobEvent) -> None:
        outcomes[event.code] += 1

    async def failed(_update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB hands a job's exception (such as a full HTTP pool) to the error handlers."""
        outcomes[EVENT_JOB_ERROR] += 1

    app.job_queue.scheduler.add_listener(count, EVENT_JOB_MISSED | EVENT_JOB_ERROR)
    app.add_error_handler(failed)
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=LEAD_S + 1)
    for job in jobs[:burst]:
        job.job.modify(next_run_time=due)
    gaps = [0.0]
    ticker = asyncio.create_task(stall_ticker(gaps))
    await asyncio.sleep((due - datetime.now(UTC)).total_seconds() + WINDOW_S)
    ticker.cancel()
    print(
        json.dumps(
            {
                "misfired": outcomes[EVENT_JOB_MISSED],
                "failed": outcomes[EVENT_JOB_ERROR],
                "stall_ms": gaps[0] * 1000,
                "last_sent_s": (max(SENT_AT, default=due) - due).total_seconds(),
            }
        ),
        flush=True,
    )
    await app.stop()
    await app.shutdown()


async def backcoach_burst(engine: str, folder: Path, burst: int) -> dict[str, Any]:
    """BackCoach's dispatcher on the same burst (limiter lifted, like the baseline): what
    arrives within the window, and the loop's stall meanwhile."""
    async with (
        scratch_database(engine, folder, "baseline_burst") as database,
        remote_fake_api(TOKEN) as server,
    ):
        app = build_application(bench_settings(server.base_url, database, 0), FakeClock(NOW))
        async with serving(app, poll_timeout=1):
            await app.bot_data["services"].storage.migrate()
            await seed(app.bot_data["services"].storage, burst, due_now=burst)
            gaps = [0.0]
            ticker = asyncio.create_task(stall_ticker(gaps))
            started = time.perf_counter()
            deadline = started + WINDOW_S
            while time.perf_counter() < deadline and (await app.bot_data["dispatcher"].tick()).sent:
                pass
            elapsed = time.perf_counter() - started
            ticker.cancel()
            sent = (await server.stats())["messages"]
    return {"sent": sent, "stall_ms": gaps[0] * 1000, "elapsed_s": elapsed}


async def run_baseline(engine: str, folder: Path, people: int, burst: int = 2000) -> None:
    async with remote_fake_api(TOKEN) as server:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.baseline", server.base_url, str(people), str(burst)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            startup = json.loads(await asyncio.to_thread(process.stdout.readline))
            launched = time.perf_counter() - started
            try:  # a bot whose loop never comes back (bigger bursts) is given up on
                line = asyncio.to_thread(process.stdout.readline)
                outcome = json.loads(await asyncio.wait_for(line, LEAD_S + WINDOW_S + 20))
            except TimeoutError:
                outcome = dict.fromkeys(("misfired", "failed", "stall_ms", "last_sent_s"))
            sent = (await server.stats())["messages"]
        finally:
            process.terminate()
            await asyncio.to_thread(process.wait, 30)
    ours = {r["name"]: r["value"] for r in await run_startup(engine, folder, people)}
    theirs = await backcoach_burst(engine, folder, burst)
    emit(
        "baseline_startup",
        launched,
        "s",
        people=people,
        scheduling_s=round(startup["scheduled_s"], 3),
        backcoach_first_answer_s=ours["startup_first_answer"],
        engine=engine,
    )
    emit(
        "baseline_peak_memory",
        startup["peak_mb"],
        "MB",
        people=people,
        jobs_mb=round(startup["jobs_mb"], 1),
        backcoach_mb=ours["startup_peak_memory"],
        engine=engine,
    )
    emit(
        "baseline_burst_missed",
        burst - sent,
        "reminders",
        people=people,
        burst=burst,
        window_s=WINDOW_S,
        sent=sent,
        misfired=outcome["misfired"],
        failed=outcome["failed"],
        stall_ms=outcome["stall_ms"] and round(outcome["stall_ms"], 1),
        last_sent_s=outcome["last_sent_s"] and round(outcome["last_sent_s"], 2),
        backcoach_sent=theirs["sent"],
        backcoach_stall_ms=round(theirs["stall_ms"], 1),
        backcoach_last_sent_s=round(theirs["elapsed_s"], 2),
        engine=engine,
    )


if __name__ == "__main__":
    asyncio.run(baseline_bot(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))

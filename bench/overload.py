"""Sit breaks due 1.5x faster than the rate limit can send them (30/s, about 2 of them taken by
replies), with time sped up 40x (a 15-minute sit interval passes in 22.5 s, the 10-minute grace
in 15 s). The same run with shedding (the bot) and without
(every break queued, sent late or stale), while a person keeps asking /help: on time / late /
stale, the worst-served person's share of their breaks, the longest a person went without one,
and the reply latency."""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench.common import NOW, TOKEN, emit, person, scratch_database, seed
from bench.dispatch import bench_settings
from bot.app import NUDGE_SENDS, build_application, serving
from bot.coaching.nudge_timing import GRACE
from bot.reminders.dispatcher import MAX_BATCH_S, MAX_TICK_S, ON_TIME_SHARE, Dispatcher
from bot.sandbox.fake_api import FakeBotApi
from bot.storage.models import Nudge, User

SPEED = 40.0  # clock seconds per real second
RATE = 30.0  # the limiter, messages per real second (as with Telegram)
PROBE_EVERY_S = 0.5  # a /help from the probe person: about 2 of the 10 a second go to replies
LOAD = 1.5  # sit breaks falling due, per what the limiter has left for them
SIT_MINUTES = 15
ROUNDS = 3  # sit intervals run
PROBE_USER = 999_999_998


class FastClock:
    """The bot's clock, running SPEED times faster than real time from NOW."""

    def __init__(self) -> None:
        self._started = time.monotonic()

    def now(self) -> datetime:
        return NOW + timedelta(seconds=(time.monotonic() - self._started) * SPEED)


def people_for_load() -> int:
    interval_real_s = SIT_MINUTES * 60 / SPEED
    return round(LOAD * (RATE - 1 / PROBE_EVERY_S) * interval_real_s)


async def seed_spread_sitters(storage: Any, people: int) -> list[int]:
    """People whose sit breaks fall due evenly over one interval (as after a morning of Done
    taps), every SIT_MINUTES."""
    shuffle = random.Random(1)
    ids = list(range(1, people + 1))
    interval = timedelta(minutes=SIT_MINUTES)
    due = {n: NOW + interval * shuffle.random() for n in ids}
    rows = [
        {**person(n), "sit_minutes": SIT_MINUTES, "sitting_since": due[n] - interval} for n in ids
    ]
    async with storage.engine.begin() as connection:
        await connection.execute(insert(User), rows)
        await connection.execute(
            insert(Nudge),
            [
                {
                    "user_id": n,
                    "slot": "sit",
                    "due_at": due[n],
                    "status": "pending",
                    "created_at": NOW,
                }
                for n in ids
            ],
        )
    return ids


async def run_overload(engine: str, folder: Path, shedding: bool) -> dict[str, Any]:
    people = people_for_load()
    clock = FastClock()
    async with (
        scratch_database(engine, folder, "overload") as database,
        FakeBotApi(token=TOKEN) as server,
    ):
        app = build_application(bench_settings(server.base_url, database, RATE), clock)  # type: ignore[arg-type]
        async with serving(app, poll_timeout=1):
            storage = app.bot_data["services"].storage
            ids = await seed_spread_sitters(storage, people)
            await seed(storage, 1, first_id=PROBE_USER)
            # The bot's dispatcher, its real-time limits (10 s a tick, 15 s a batch) scaled like
            # the clock; without shedding it plans with no rate, so everything is queued.
            dispatcher = Dispatcher(
                storage,
                clock,
                app.bot_data["dispatcher"]._send,
                concurrency=NUDGE_SENDS,
                rate=RATE - 1 / PROBE_EVERY_S if shedding else 0.0,
                max_tick_s=MAX_TICK_S * 10 / SPEED,
                max_batch_s=MAX_BATCH_S * 10 / SPEED,
            )
            start = clock.now()
            stop = start + timedelta(minutes=SIT_MINUTES * ROUNDS)
            latencies: list[float] = []

            async def ticking() -> None:
                while clock.now() < stop:
                    await dispatcher.tick()
                    await asyncio.sleep(0.2)

            arrivals: dict[int, list[datetime]] = {n: [] for n in ids}

            async def watching() -> None:
                """When each sit break reached the (fake) Telegram, on the bot's clock."""
                while clock.now() < stop:
                    for n in ids:
                        seen = len(server.messages(n))
                        arrivals[n] += [clock.now()] * (seen - len(arrivals[n]))
                    await asyncio.sleep(0.05)

            ticks = asyncio.gather(ticking(), watching())
            while clock.now() < stop:
                before = len(server.messages(PROBE_USER))
                sent_at = time.perf_counter()
                server.send_text(PROBE_USER, "/help")
                while len(server.messages(PROBE_USER)) == before:
                    await asyncio.sleep(0.002)
                latencies.append(time.perf_counter() - sent_at)
                await asyncio.sleep(PROBE_EVERY_S)
            await ticks
            server.wake_pollers()
            async with storage.engine.connect() as connection:
                rows = (
                    await connection.execute(
                        select(
                            Nudge.user_id,
                            Nudge.status,
                            Nudge.reason,
                            Nudge.sent_at,
                            Nudge.first_due_at,
                            Nudge.due_at,
                        ).where(Nudge.slot == "sit", Nudge.user_id.in_(ids))
                    )
                ).all()
    return emit(
        "overload_sit_breaks",
        LOAD,
        "x sustainable",
        engine=engine,
        shedding=shedding,
        people=people,
        **_outcomes(rows, arrivals, start, stop),
        reply_p95_ms=round(_p95(latencies) * 1000, 1),
        reply_p50_ms=round(statistics.median(latencies) * 1000, 1),
        probes=len(latencies),
    )


def _outcomes(
    rows: list[Any], arrivals: dict[int, list[datetime]], start: datetime, stop: datetime
) -> dict[str, Any]:
    """Counted for breaks first due while the run could still settle them (before stop minus
    the grace); "on time" is arriving within the on-time share of the grace (5 minutes of
    10). A person's sent breaks are matched, in order, with the messages they received."""
    on_time_limit = GRACE["sit_break"] * ON_TIME_SHARE
    settled_by = stop - GRACE["sit_break"]
    counts = {"on_time": 0, "late": 0, "stale": 0, "shed": 0, "other": 0}
    due: dict[int, int] = dict.fromkeys(arrivals, 0)
    delivered: dict[int, list[datetime]] = {n: [] for n in arrivals}
    waits: list[float] = []  # minutes from due to arrival, on the bot's clock
    for user_id in arrivals:
        mine = sorted(
            (r for r in rows if r.user_id == user_id),
            key=lambda r: _aware(r.first_due_at or r.due_at),
        )
        received = iter(arrivals[user_id])
        for row in mine:
            first = _aware(row.first_due_at or row.due_at)
            arrived = next(received, None) if row.status == "sent" else None
            if first > settled_by or row.status in ("pending", "claimed", "sending"):
                continue
            due[user_id] += 1
            if row.status == "sent":
                late = arrived is None or arrived - first > on_time_limit
                counts["late" if late else "on_time"] += 1
                if arrived is not None:
                    waits.append((arrived - first).total_seconds() / 60)
                delivered[user_id].append(first)
            elif row.reason in ("stale", "shed"):
                counts[row.reason] += 1
            else:
                counts["other"] += 1
    shares = [len(delivered[n]) / due[n] for n in arrivals if due[n]]
    interval = timedelta(minutes=SIT_MINUTES)
    gaps = []
    for n in arrivals:
        moments = [start, *sorted(delivered[n]), settled_by]
        gaps.append(max(b - a for a, b in itertools.pairwise(moments)) / interval)
    return {
        **counts,
        "wait_p50_min": round(statistics.median(waits), 1) if waits else None,
        "wait_p95_min": round(_p95(waits), 1) if waits else None,
        "worst_person_share": round(min(shares), 3) if shares else None,
        "mean_person_share": round(statistics.mean(shares), 3) if shares else None,
        "longest_without_break_intervals": round(max(gaps), 2),
        "rate": RATE,
        "speed": SPEED,
    }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=NOW.tzinfo)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]

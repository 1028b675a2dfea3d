"""Two workers on one PostgreSQL database while Telegram answers slowly (6 s a send), with a claim
lease far shorter than a send: each worker renews what it holds, recovery takes over only leases
that truly ran out, and every nudge goes out once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.clock import FakeClock, SystemClock
from bot.coaching.catalogue import load_catalogue
from bot.config import Settings
from bot.reminders.dispatcher import Dispatcher, TickReport
from bot.reminders.planner import Planner
from bot.sandbox.fake_api import FakeBotApi
from bot.storage import Storage
from bot.storage.models import Nudge
from bot.telegram.common import Services
from bot.telegram.nudges import send_nudge
from tests.e2e.harness import TOKEN
from tests.e2e.test_faults import seed_people

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

PEOPLE = 300
SEND_S = 6.0
LEASE = timedelta(seconds=2)  # the in-flight timeout: a third of one send


async def run_worker(database_url: str, server: FakeBotApi, done: asyncio.Event) -> TickReport:
    """One webhook worker's nudge loop: its own engine, its own connections to Telegram."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr(TOKEN),
        database_url=database_url,
    )
    storage = Storage.open(database_url)
    svc = Services(
        settings, storage, SystemClock(), load_catalogue(settings.data_dir), Planner(storage)
    )
    request = HTTPXRequest(connection_pool_size=64, read_timeout=30, pool_timeout=30)
    bot = ExtBot(TOKEN, base_url=f"{server.base_url}/bot", request=request)
    total = TickReport()
    try:
        await bot.initialize()
        dispatcher = Dispatcher(
            storage,
            svc.clock,
            partial(send_nudge, bot, svc),
            batch_size=64,
            concurrency=32,
            in_flight_timeout=LEASE,
        )
        while not done.is_set():
            report = await dispatcher.tick()
            total.sent += report.sent
            total.unknown += report.unknown
            total.recovered += report.recovered
            await asyncio.sleep(0.3)
    finally:
        await bot.shutdown()
        await storage.close()
    return total


@pytest.mark.slow
async def test_two_workers_with_slow_telegram_and_short_leases_send_each_nudge_once(
    database_url: str,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL; SQLite is for one process")
    storage = Storage.open(database_url)
    await storage.migrate()
    ids = await seed_people(storage, FakeClock(datetime.now(UTC)), 40_000, PEOPLE)

    async def open_nudges() -> int:
        async with storage.engine.connect() as connection:
            return int(
                await connection.scalar(
                    select(func.count())
                    .select_from(Nudge)
                    .where(
                        Nudge.slot == "sit",
                        Nudge.status.in_(("claimed", "sending"))
                        | ((Nudge.status == "pending") & (Nudge.due_at <= datetime.now(UTC))),
                    )
                )
                or 0
            )

    async with FakeBotApi(token=TOKEN) as server:
        done = asyncio.Event()
        workers = [asyncio.create_task(run_worker(database_url, server, done)) for _ in range(2)]
        await asyncio.sleep(1)  # both have started (getMe answered at once)
        server.latency_s = SEND_S
        try:
            async with asyncio.timeout(150):
                while await open_nudges():
                    await asyncio.sleep(0.5)
        finally:
            done.set()
            reports = await asyncio.gather(*workers)
        received = Counter(m.chat_id for m in server.all_messages() if "-minute move" in m.text)
    async with storage.engine.connect() as connection:
        outcomes = Counter(
            (
                await connection.execute(
                    select(Nudge.status).where(Nudge.slot == "sit", Nudge.status != "pending")
                )
            ).scalars()
        )
    await storage.close()
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    print(
        f"\ntwo workers, {SEND_S:.0f} s per send, {LEASE.total_seconds():.0f} s in-flight "
        f"timeout: {PEOPLE} nudges -> {duplicates} duplicates; {len(received)} people reached; "
        f"outcomes {dict(outcomes)}; sent per worker {[r.sent for r in reports]}"
    )
    assert duplicates == 0
    assert set(received) == set(ids)
    assert all(report.sent for report in reports), "both workers did part of the work"
    assert outcomes == {"sent": PEOPLE}, "no live worker's claim was taken over"

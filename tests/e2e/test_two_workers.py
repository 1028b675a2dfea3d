"""Two real bot processes (webhook workers) sharing one PostgreSQL database send each nudge once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.sandbox.fake_api import FakeBotApi
from bot.storage import Storage
from bot.storage.models import Nudge
from tests.e2e.harness import TOKEN
from tests.e2e.test_faults import seed_people
from tests.pgcluster import free_port

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

PEOPLE = 400


def start_worker(base_url: str, database: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{base_url}/bot",
        "DATABASE_URL": database,
        "SCHEDULER_INTERVAL_S": "0.3",
        "TELEGRAM_MAX_RATE": "0",
        "WEBHOOK_URL": "https://bot.example/telegram",
        "WEBHOOK_SECRET": "two-workers-secret",
        "PORT": str(free_port()),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "bot", "--webhook"], env=env)


async def test_two_worker_processes_never_send_the_same_nudge(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL; SQLite is for one process")
    storage = Storage.open(database_url)
    await storage.migrate()
    ids = await seed_people(storage, FakeClock(datetime.now(UTC)), 20_000, PEOPLE)
    async with FakeBotApi(token=TOKEN, latency_s=0.01) as server:
        workers = [start_worker(server.base_url, database_url) for _ in range(2)]
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                async with storage.engine.connect() as connection:
                    open_ = await connection.scalar(
                        select(func.count())
                        .select_from(Nudge)
                        .where(
                            Nudge.slot == "sit",
                            Nudge.status.in_(("claimed", "sending"))
                            | ((Nudge.status == "pending") & (Nudge.due_at <= datetime.now(UTC))),
                        )
                    )
                if not open_:
                    break
                await asyncio.sleep(0.3)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                await asyncio.to_thread(worker.wait, 30)
        received = Counter(m.chat_id for m in server.all_messages() if "-minute move" in m.text)
    await storage.close()
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    print(
        f"\ntwo worker processes: {len(received)}/{PEOPLE} people reached, {duplicates} duplicates"
    )
    assert set(received) == set(ids)
    assert duplicates == 0

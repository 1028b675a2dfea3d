"""The real bot process, killed with SIGKILL in the middle of a burst and started again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.reminders.dispatcher import CHUNK, CHUNKS_IN_FLIGHT
from bot.sandbox.fake_api import FakeBotApi
from bot.storage import Storage
from bot.storage.models import Nudge
from tests.e2e.harness import TOKEN
from tests.e2e.test_faults import seed_people

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

PEOPLE = 300


def start_bot(base_url: str, database: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{base_url}/bot",
        "DATABASE_URL": database,
        "SCHEDULER_INTERVAL_S": "0.5",
        "IN_FLIGHT_TIMEOUT_S": "2",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "bot"], env=env)


async def wait_until(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.2)
    raise TimeoutError("condition not reached")


async def test_sigkill_mid_burst_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    storage = Storage.open(database)
    await storage.migrate()
    ids = await seed_people(storage, FakeClock(datetime.now(UTC)), 7000, PEOPLE)

    def sent() -> Counter[int]:
        return Counter(m.chat_id for m in server.all_messages() if "-minute move" in m.text)

    async def open_nudges() -> int:
        async with storage.engine.connect() as connection:
            return int(
                await connection.scalar(
                    select(func.count())
                    .select_from(Nudge)
                    .where(
                        Nudge.status.in_(("sending",))
                        | ((Nudge.status == "pending") & (Nudge.due_at <= datetime.now(UTC)))
                    )
                )
                or 0
            )

    async with FakeBotApi(token=TOKEN, latency_s=0.005) as server:
        first = start_bot(server.base_url, database)
        try:
            await wait_until(lambda: _true(len(sent()) >= 60), timeout=60)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        at_kill = len(sent())
        second = start_bot(server.base_url, database)
        try:

            async def settled() -> bool:
                return await open_nudges() == 0

            await wait_until(settled, timeout=90)
            second.send_signal(signal.SIGTERM)
            assert second.wait(30) == 0, "a clean exit on SIGTERM"
        finally:
            if second.poll() is None:
                second.kill()

    async with storage.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(Nudge.user_id, Nudge.status, Nudge.reason).where(
                    Nudge.slot == "sit", Nudge.status != "pending"
                )
            )
        ).all()
    await storage.close()
    outcomes = Counter(status for _, status, _ in rows)
    received = sent()
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    print(
        f"\nkilled after {at_kill} sends; outcomes {dict(outcomes)}; "
        f"{len(received)}/{PEOPLE} people reached; duplicates {duplicates}"
    )
    assert {user for user, _, _ in rows} == set(ids), "every due nudge has an outcome"
    assert outcomes.get("sending", 0) == 0
    assert duplicates == 0
    unreached = set(ids) - set(received)
    unknown = {user for user, status, _ in rows if status == "unknown"}
    assert unreached <= unknown, "anyone not reached is recorded as interrupted, not lost"
    assert len(unknown) <= CHUNK * CHUNKS_IN_FLIGHT, "at most the sends in flight at the kill"


async def _true(value: bool) -> bool:
    return value

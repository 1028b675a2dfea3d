"""The bot process restarted while PostgreSQL is down and people are answering: killed (SIGKILL)
or stopped (SIGTERM) a few seconds into the outage, then started again once the database is
back. Telegram counts those updates delivered, so only the update spool still has them: every
answer is stored after the restart, and each person hears once that it was saved after all."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.clock import FakeClock
from bot.sandbox.fake_api import FakeBotApi
from bot.storage import Storage
from bot.telegram.updates import GAVE_UP, NOT_SAVED_YET, SAVED_AFTER_ALL
from tests.e2e.harness import TOKEN, running_bot
from tests.e2e.test_coaching_flow import do_session
from tests.pgcluster import PgCluster, free_port, throwaway_cluster

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

PEOPLE = 10
KILL_AFTER_S = 6.0


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    yield from throwaway_cluster()


SECRET = "restart-secret_1"
_UPDATE_IDS = itertools.count(1_500_000_000)


def start_bot(
    base_url: str, database: str, stderr: Path, webhook_port: int | None
) -> subprocess.Popen[bytes]:
    webhook = {
        "WEBHOOK_URL": "https://bot.example/telegram",
        "WEBHOOK_SECRET": SECRET,
        "PORT": str(webhook_port),
    }
    env = {
        **(webhook if webhook_port else {}),
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{base_url}/bot",
        "DATABASE_URL": database,
        "LOG_LEVEL": "WARNING",
        "HEALTH_PORT": "0",
        "SCHEDULER_INTERVAL_S": "3600",
    }
    with stderr.open("ab") as sink:
        return subprocess.Popen([sys.executable, "-m", "bot"], env=env, stderr=sink)


async def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.2)


async def ready_to_rate(database: str) -> list[int]:
    """PEOPLE people, each just through a session and asked how much it hurt."""
    async with running_bot(database, FakeClock(datetime.now(UTC))) as bot:
        people = [bot.person(f"P{n}") for n in range(PEOPLE)]
        for person in people:
            await person.onboard()
            await do_session(person)
            assert "How much pain" in person.last().text
        return [person.id for person in people]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["polling", "webhook"])
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
async def test_answers_kept_waiting_for_the_database_survive_a_restart(
    pg_cluster: PgCluster, tmp_path: Path, update_spool: Path, stop: signal.Signals, mode: str
) -> None:
    pg_cluster.start()
    ids = await ready_to_rate(pg_cluster.url)
    stderr = tmp_path / "stderr.log"
    port = free_port() if mode == "webhook" else None
    async with FakeBotApi(token=TOKEN) as server, aiohttp.ClientSession() as http:

        def texts(user_id: int) -> list[str]:
            return [m.text or "" for m in server.messages(user_id)]

        async def send(user_id: int, text: str, name: str) -> None:
            """Typed by a person: fetched by long polling, or posted to the webhook."""
            message = server.send_text(user_id, text, first_name=name)
            if port is None:
                return
            body = json.dumps({"update_id": next(_UPDATE_IDS), "message": message})
            headers = {
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": SECRET,
            }
            url = f"http://127.0.0.1:{port}/telegram"
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == 200

        async def up() -> None:
            """Until a bystander's /help is answered (the webhook may not listen yet)."""
            deadline = time.monotonic() + 60
            while not server.messages(9001):
                assert time.monotonic() < deadline, "the bot did not come up"
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    await send(9001, "/help", "By")
                await asyncio.sleep(1)

        first = start_bot(server.base_url, pg_cluster.url, stderr, port)
        second = None
        try:
            await up()
            pg_cluster.stop()
            outage_began = time.monotonic()
            for n, user_id in enumerate(ids):
                await send(user_id, f"about {n % 5 + 1}", f"P{n}")
            await wait_for(lambda: all(NOT_SAVED_YET in texts(i) for i in ids), KILL_AFTER_S)
            await asyncio.sleep(KILL_AFTER_S - (time.monotonic() - outage_began))
            first.send_signal(stop)
            code = await asyncio.to_thread(first.wait, 30)
            assert update_spool.stat().st_mode & 0o777 == 0o600, "the spool is private"
            pg_cluster.start()

            second = start_bot(server.base_url, pg_cluster.url, stderr, port)
            await wait_for(lambda: all(SAVED_AFTER_ALL in texts(i) for i in ids), timeout=60)
            second.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(second.wait, 30) == 0
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.kill()
                    process.wait(10)

    storage = Storage.open(pg_cluster.url)
    try:
        stored = {}
        for user_id in ids:
            checkin = await storage.coaching.latest_checkin(user_id, "session")
            if checkin is not None and checkin.pain is not None:
                stored[user_id] = checkin.pain
    finally:
        await storage.close()
    print(
        f"\n{mode}, {stop.name} {KILL_AFTER_S:.0f} s into an outage: {len(stored)}/{PEOPLE} stored"
    )
    assert code == (-signal.SIGKILL if stop == signal.SIGKILL else 0)
    assert stored == {user_id: n % 5 + 1 for n, user_id in enumerate(ids)}
    for user_id in ids:
        said = texts(user_id)
        assert said.count(NOT_SAVED_YET) == 1 and said.count(SAVED_AFTER_ALL) == 1, said
        assert "how hard" in " ".join(said).lower(), "the next question came"
        assert GAVE_UP not in said
    assert update_spool.read_bytes() == b"", "nothing left waiting"

"""The real `python -m bot` process keeps trying to start while Telegram or the database is
away, comes up when they return, and stops cleanly on SIGTERM; a rejected token ends it with one
clear line and without the token on stderr."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.sandbox.fake_api import FakeBotApi
from tests.e2e.harness import TOKEN
from tests.pgcluster import PgCluster, free_port, throwaway_cluster

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

ANSWER_WITHIN_S = 30.0


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    yield from throwaway_cluster()


class BadGatewayAtFirst(FakeBotApi):
    """Telegram answering 502 Bad Gateway to getMe until told it is back."""

    back = False

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        if not self.back:
            body = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            return web.json_response(body, status=502)
        return await super()._api_getMe(params)


class Bot:
    """`python -m bot` in its own process, its stderr kept in a file."""

    def __init__(self, base_url: str, database: str, stderr: Path) -> None:
        self.stderr_path = stderr
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": f"{base_url}/bot",
            "DATABASE_URL": database,
            "LOG_LEVEL": "WARNING",
            "TELEGRAM_TIMEOUT_S": "3",
        }
        with stderr.open("wb") as sink:
            self.process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, stderr=sink)

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    async def exit_code(self, timeout: float = 30) -> int:
        """Wait for the process to end without blocking the fake Telegram in this loop."""
        deadline = time.monotonic() + timeout
        while (code := self.process.poll()) is None:
            assert time.monotonic() < deadline, "the bot did not exit"
            await asyncio.sleep(0.1)
        return code

    async def keeps_trying(self, line: str, tries: int = 3, timeout: float = 60) -> None:
        """Until stderr shows `line` `tries` times, the process still running throughout."""
        deadline = time.monotonic() + timeout
        while self.stderr.count(line) < tries:
            assert self.running(), f"gave up:\n{self.stderr}"
            assert time.monotonic() < deadline, f"no {line!r} {tries} times:\n{self.stderr}"
            await asyncio.sleep(0.2)
        assert self.running(), f"gave up:\n{self.stderr}"

    async def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return await self.exit_code()


@asynccontextmanager
async def bot_process(base_url: str, database: str, tmp_path: Path) -> AsyncIterator[Bot]:
    bot = Bot(base_url, database, tmp_path / "stderr.log")
    try:
        yield bot
    finally:
        if bot.running():
            bot.process.kill()
            bot.process.wait(10)


async def answers_start(server: FakeBotApi, user_id: int) -> bool:
    """A person sends /start; True once the bot has answered."""
    server.send_text(user_id, "/start")
    deadline = time.monotonic() + ANSWER_WITHIN_S
    while time.monotonic() < deadline:
        if server.messages(user_id):
            return True
        await asyncio.sleep(0.2)
    return False


@pytest.mark.slow
async def test_telegram_answering_502_at_start_is_waited_out(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with (
        BadGatewayAtFirst(token=TOKEN) as server,
        bot_process(server.base_url, database, tmp_path) as bot,
    ):
        await bot.keeps_trying("Telegram unreachable at start-up (NetworkError)")
        server.back = True
        assert await answers_start(server, 7001)
        assert await bot.stop() == 0, "a clean exit on SIGTERM"


@pytest.mark.slow
async def test_telegram_refusing_connections_at_start_is_waited_out(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    server = FakeBotApi(token=TOKEN)
    server.port = free_port()
    async with bot_process(f"http://127.0.0.1:{server.port}", database, tmp_path) as bot:
        await bot.keeps_trying("Telegram unreachable at start-up (NetworkError)")
        async with server:
            assert await answers_start(server, 7002)
            assert await bot.stop() == 0, "a clean exit on SIGTERM"


@pytest.mark.slow
async def test_a_database_down_at_start_is_waited_for(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    async with (
        FakeBotApi(token=TOKEN) as server,
        bot_process(server.base_url, pg_cluster.url, tmp_path) as bot,
    ):
        await bot.keeps_trying("database unavailable at start-up (ConnectionRefusedError)")
        pg_cluster.start()
        assert await answers_start(server, 7003)
        assert await bot.stop() == 0, "a clean exit on SIGTERM"


async def test_a_waiting_start_stops_cleanly_on_sigterm(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    async with (
        FakeBotApi(token=TOKEN) as server,
        bot_process(server.base_url, pg_cluster.url, tmp_path) as bot,
    ):
        await bot.keeps_trying("database unavailable at start-up", tries=2)
        assert await bot.stop() == 0


async def test_a_rejected_token_ends_start_up_with_one_clear_line_and_no_token(
    tmp_path: Path,
) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with (
        FakeBotApi(token="9999:another-bots-token") as server,  # so ours is refused
        bot_process(server.base_url, database, tmp_path) as bot,
    ):
        code = await bot.exit_code()
    assert code == 2
    assert "Telegram rejected the bot token" in bot.stderr
    assert TOKEN not in bot.stderr and TOKEN.split(":")[1] not in bot.stderr

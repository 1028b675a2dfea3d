"""3. Start-up with 100,000 people stored: time to the first answer, and peak memory."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import TOKEN, emit, scratch_database, seed
from bot.sandbox.fake_api import FakeBotApi
from bot.storage import Storage


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run_startup(engine: str, folder: Path, people: int = 100_000) -> list[dict[str, Any]]:
    async with scratch_database(engine, folder, "startup") as database:
        storage = Storage.open(database)
        await storage.migrate()
        await seed(storage, people, future_slots=3)
        await storage.close()
        async with FakeBotApi(token=TOKEN) as server:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "DATABASE_URL": database,
                "TELEGRAM_API_BASE_URL": f"{server.base_url}/bot",
                "LOG_LEVEL": "WARNING",
            }
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-m", "bot"], env=env)
            try:
                server.send_text(1, "/help")
                deadline = started + 60
                while not server.messages(1) and time.perf_counter() < deadline:
                    await asyncio.sleep(0.01)
                first_answer = time.perf_counter() - started
                await asyncio.sleep(1.0)  # let the first scheduler tick run too
                memory = peak_rss_mb(process.pid)
            finally:
                process.terminate()
                await asyncio.to_thread(process.wait, 30)
    return [
        emit("startup_first_answer", first_answer, "s", engine=engine, people=people),
        emit("startup_peak_memory", memory, "MB", engine=engine, people=people),
    ]

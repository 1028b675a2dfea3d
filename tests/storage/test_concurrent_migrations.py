"""Release steps and workers may all run `python -m bot migrate` at the same moment."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from bot.storage import Storage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite: one writer
async def test_three_migrations_at_once_on_an_empty_postgresql_database_all_succeed(
    database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    runs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "migrate",
            cwd=tmp_path,  # no .env here
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(run.communicate() for run in runs)), 60)
    texts = [out.decode(errors="replace") for out, _ in outputs]
    assert [run.returncode for run in runs] == [0, 0, 0], texts
    assert all("database is up to date" in text for text in texts)
    storage = Storage.open(database_url)
    try:
        await storage.migrate()  # and one more finds nothing left to do
    finally:
        await storage.close()

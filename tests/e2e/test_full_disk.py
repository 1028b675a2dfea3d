"""A SQLite database that cannot write — its file system full, its file made read-only — is an
outage like a stopped server: what people send is kept and stored once the database can write
again, the log says why in words, /metrics counts it and /readyz fails with the reason.

Staged for real: the database lives on its own small tmpfs, filled to the last byte by a file,
and made immutable with chattr (as root, a chmod would not stop anyone)."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import do_session
from tests.e2e.test_database_outage import has_button, notices, stored, wait_for
from tests.e2e.test_operations import get, scrape
from tests.pgcluster import free_port

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

PEOPLE = 10
FULL_FOR_S = 20.0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MB file system of its own (needs root: mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["chattr", "-R", "-i", str(mount)], capture_output=True)
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(disk: Path) -> Path:
    """Write a file until the file system has no byte left."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        for block in (1 << 20, 4096, 1):
            try:
                while True:
                    out.write(bytes(block))
            except OSError:
                pass
    return filler


def empty_the_log(database: Path) -> None:
    """Checkpoint SQLite's write-ahead log and cut it to nothing, so the next write needs new
    space (a log with room left would take a few writes even on a full disk)."""
    other = sqlite3.connect(database)
    try:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        other.close()


async def ready_people(bot: BotHarness) -> list[Person]:
    people = [bot.person(f"P{n}") for n in range(PEOPLE)]
    for person in people:
        await person.onboard()
        await do_session(person)
        assert "How much pain" in person.last().text
    return people


def type_answers(bot: BotHarness, people: list[Person], newcomer: Person) -> None:
    for n, person in enumerate(people):
        bot.server.send_text(person.id, f"about {n % 5 + 1}", first_name=person.name)
    bot.server.send_text(newcomer.id, "/start", first_name=newcomer.name)


async def all_stored(bot: BotHarness, people: list[Person], newcomer: Person) -> None:
    await wait_for(lambda: all("how hard" in p.last().text.lower() for p in people), 40)
    await wait_for(lambda: has_button(newcomer, "store my ratings"), 40)
    await bot.settle()
    assert await stored(bot, people) == {p.id: n % 5 + 1 for n, p in enumerate(people)}
    assert await bot.storage.users.get(newcomer.id) is not None, "the newcomer's /start"
    everybody = [*people, newcomer]
    assert [notices(p) for p in everybody] == [1] * (PEOPLE + 1), "one notice each"
    assert not any("went wrong" in text for p in everybody for text in p.texts())


async def readiness_while(port: int, seconds: float) -> set[str]:
    """Every /readyz body seen over `seconds`."""
    bodies, deadline = set(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        bodies.add((await get(port, "/readyz"))[1])
        await asyncio.sleep(0.5)
    return bodies


@pytest.mark.slow
async def test_answers_typed_while_the_disk_is_full_are_stored_once_there_is_space(
    small_disk: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    url = f"sqlite+aiosqlite:///{small_disk / 'backcoach.db'}"
    async with running_bot(url, clock, health_host="127.0.0.1", health_port=port) as bot:
        people = await ready_people(bot)
        newcomer = bot.person("New")
        empty_the_log(small_disk / "backcoach.db")
        filler = fill(small_disk)
        began = time.monotonic()
        type_answers(bot, people, newcomer)
        await wait_for(lambda: all(notices(p) for p in [*people, newcomer]), FULL_FOR_S)
        said = await readiness_while(port, FULL_FOR_S - (time.monotonic() - began))
        filler.unlink()

        await all_stored(bot, people, newcomer)
        print(f"\n{FULL_FOR_S:.0f} s of full disk -> {len(await stored(bot, people))}/10 stored")
        assert '{"database": "disk_full", "scheduler": "ok"}' in said
        metrics = await scrape(port)
        assert metrics[("backcoach_database_outages_total", (("cause", "disk_full"),))] >= PEOPLE
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert any("database disk is full" in line and "kept for retry" in line for line in logged)
    assert not any("handler failed" in line for line in logged)


@pytest.mark.slow
async def test_answers_typed_while_the_database_file_is_read_only_are_stored_after(
    small_disk: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    database = small_disk / "backcoach.db"
    async with running_bot(
        f"sqlite+aiosqlite:///{database}", clock, health_host="127.0.0.1", health_port=port
    ) as bot:
        people = await ready_people(bot)
        newcomer = bot.person("New")
        subprocess.run(["chattr", "+i", str(database)], check=True)
        # An open connection keeps writing through its open file; a new one (after a restart, a
        # dropped connection) opens the file read-only.
        await bot.storage.engine.dispose()
        type_answers(bot, people, newcomer)
        await wait_for(lambda: all(notices(p) for p in [*people, newcomer]), 20)
        said = await readiness_while(port, 3)
        subprocess.run(["chattr", "-i", str(database)], check=True)

        await all_stored(bot, people, newcomer)
        assert '{"database": "read_only", "scheduler": "ok"}' in said
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert any("database is read-only" in line and "kept for retry" in line for line in logged)

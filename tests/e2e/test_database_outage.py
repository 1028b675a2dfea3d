"""The database is away while people answer (PostgreSQL refusing connections, a SQLite file
locked by someone else): nothing they sent is lost or reordered, each hears once that it is not
saved yet and then gets the normal answer; past the retry time they are told it was lost."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.clock import FakeClock
from bot.telegram.updates import GAVE_UP, NOT_SAVED_YET, PerPersonOrder
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import do_session
from tests.pgcluster import PgCluster, throwaway_cluster

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

PEOPLE = 10
OUTAGE_S = 20.0


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    yield from throwaway_cluster()


async def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.2)


def notices(person: Person) -> int:
    return sum(NOT_SAVED_YET in text for text in person.texts())


def has_button(person: Person, label: str) -> bool:
    messages = person.server.messages(person.id)
    return any(label in text for m in messages for row in m.buttons for text, _ in row)


@pytest.mark.slow
async def test_answers_typed_while_the_database_is_down_are_all_stored(
    pg_cluster: PgCluster, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    pg_cluster.start()
    async with running_bot(pg_cluster.url, clock) as bot:
        people = [bot.person(f"P{n}") for n in range(PEOPLE)]
        for person in people:
            await person.onboard()
            await do_session(person)
            assert "How much pain" in person.last().text
        newcomer = bot.person("New")

        pg_cluster.stop()
        outage_began = time.monotonic()
        for n, person in enumerate(people):
            bot.server.send_text(person.id, f"about {n % 5 + 1}", first_name=person.name)
        bot.server.send_text(newcomer.id, "/start", first_name=newcomer.name)
        everybody = [*people, newcomer]
        await wait_for(lambda: all(notices(p) for p in everybody), timeout=OUTAGE_S)
        await asyncio.sleep(OUTAGE_S - (time.monotonic() - outage_began))
        pg_cluster.start()

        await wait_for(lambda: all("how hard" in p.last().text.lower() for p in people), 30)
        await wait_for(lambda: has_button(newcomer, "store my ratings"), 30)
        await bot.settle()
        saved = await stored(bot, people)
        print(f"\nanswers typed during a {OUTAGE_S:.0f} s outage -> {len(saved)}/{PEOPLE} stored")
        assert saved == {p.id: n % 5 + 1 for n, p in enumerate(people)}
        assert await bot.storage.users.get(newcomer.id) is not None, "the newcomer's /start"
        assert [notices(p) for p in everybody] == [1] * (PEOPLE + 1), "one notice each"
        assert not any("went wrong" in text for p in everybody for text in p.texts())
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert any("database unavailable" in line and "kept for retry" in line for line in logged)


async def stored(bot: BotHarness, people: list[Person]) -> dict[int, int]:
    """Each person's stored pain answer for the session they just did."""
    answers = {}
    for person in people:
        checkin = await bot.storage.coaching.latest_checkin(person.id, "session")
        if checkin is not None and checkin.pain is not None:
            answers[person.id] = checkin.pain
    return answers


@asynccontextmanager
async def locked(database_url: str) -> AsyncIterator[None]:
    """Another program holding the SQLite file's write lock."""
    other = sqlite3.connect(database_url.split(":///", 1)[1], isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("COMMIT")
        other.close()


async def ready_to_rate(bot: BotHarness) -> Person:
    ana = bot.person("Ana")
    await ana.onboard()
    await do_session(ana)
    assert "How much pain" in ana.last().text
    return ana


async def test_answers_sent_while_sqlite_is_locked_are_stored_in_order(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.database.SQLITE_BUSY_TIMEOUT_MS", 300)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await ready_to_rate(bot)
        async with locked(sqlite_url):
            bot.server.send_text(ana.id, "about 3")  # the pain question
            bot.server.send_text(ana.id, "about 4")  # then, already typed, the effort one
            await wait_for(lambda: notices(ana) > 0, timeout=10)
            await asyncio.sleep(2)
        await wait_for(lambda: "feel about right" in ana.last().text, timeout=30)
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and (checkin.pain, checkin.effort) == (3, 4)
        assert notices(ana) == 1


async def test_past_the_retry_time_the_person_is_told_it_was_lost(
    sqlite_url: str,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("bot.storage.database.SQLITE_BUSY_TIMEOUT_MS", 300)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await ready_to_rate(bot)
        order = bot.app.update_processor
        assert isinstance(order, PerPersonOrder)
        order.retry_for_s = 2.0
        async with locked(sqlite_url):
            bot.server.send_text(ana.id, "about 3")
            await wait_for(lambda: GAVE_UP in ana.last().text, timeout=15)
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.pain is None
        assert ana.texts()[-2:] == [NOT_SAVED_YET, GAVE_UP]
    assert any("gave up on update" in r.getMessage() for r in caplog.records)


async def test_an_update_recorded_as_seen_before_its_handler_failed_is_still_retried(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handling that failed left its update unrecorded (the id rides in its first write, or
    is written when it ends well); a retry must not be taken for Telegram delivering it twice."""
    async with running_bot(sqlite_url, clock) as bot:
        ana = await ready_to_rate(bot)
        coaching = bot.storage.coaching
        real, failed = coaching.checkin, []

        async def checkin_unreachable_once(*args: Any) -> Any:
            if not failed:
                failed.append(True)
                raise OperationalError("SELECT", {}, ConnectionRefusedError(111, "refused"))
            return await real(*args)

        monkeypatch.setattr(coaching, "checkin", checkin_unreachable_once)
        bot.server.send_text(ana.id, "about 3")
        await wait_for(lambda: "how hard" in ana.last().text.lower(), timeout=10)
        checkin = await coaching.latest_checkin(ana.id, "session")
        assert failed and checkin is not None and checkin.pain == 3
        assert notices(ana) == 1


@pytest.mark.parametrize("spool", [True, False], ids=["spool", "no-spool"])
async def test_stopping_during_an_outage_keeps_the_update_or_tells_the_person(
    sqlite_url: str,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    update_spool: Path,
    spool: bool,
) -> None:
    """Stopping does not wait the outage out. With the update spool the update stays there for
    the next start (tests/e2e/test_restart_during_outage.py) and nobody is told it was lost;
    without one, the person is told it was not saved after all."""
    monkeypatch.setattr("bot.storage.database.SQLITE_BUSY_TIMEOUT_MS", 300)
    overrides = {} if spool else {"update_spool": ""}
    async with AsyncExitStack() as running:
        bot = await running.enter_async_context(running_bot(sqlite_url, clock, **overrides))
        ana = await ready_to_rate(bot)
        async with locked(sqlite_url):
            bot.server.send_text(ana.id, "about 3")
            await wait_for(lambda: notices(ana) > 0, timeout=10)
            began = time.monotonic()
            await running.aclose()
            stopped_in = time.monotonic() - began
    assert stopped_in < 3, f"stopping took {stopped_in:.1f} s"
    logged = [r.getMessage() for r in caplog.records]
    if spool:
        assert ana.texts()[-1] == NOT_SAVED_YET, "not told it was lost"
        assert b'"about 3"' in update_spool.read_bytes(), "kept for the next start"
        assert any("kept in the spool for the next start" in line for line in logged)
    else:
        assert ana.texts()[-2:] == [NOT_SAVED_YET, GAVE_UP], "told it was not saved after all"
        assert any("not retried" in line for line in logged)

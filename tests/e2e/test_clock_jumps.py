"""A step of the wall clock (two hours forward for 30 s, then back) does not misfire
reminders: nothing marked stale that was not late in real time, nothing sent early, nothing
twice, and the next ones planned from real time. With several workers on PostgreSQL, a worker
whose clock is off goes by the database's."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import update

from bot.clock import FakeClock, SteadyClock
from bot.reminders.dispatcher import Dispatcher, Recipient, Send
from bot.storage.models import Nudge
from bot.storage.nudges import Claimed
from bot.telegram.nudges import send_nudge
from tests.e2e.harness import BotHarness, running_bot
from tests.e2e.test_faults import all_sit_nudges, seed_people
from tests.e2e.test_stale_nudges import sit_breaks

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

JUMP = timedelta(hours=2)


class ShiftedWall:
    """This machine's wall clock, set `offset` away from the real time."""

    offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class Sends:
    """Each sit break sent, with the real time it went out and when it was due."""

    def __init__(self, bot: BotHarness) -> None:
        self._send: Send = partial(send_nudge, bot.app.bot, bot.app.bot_data["services"])
        self.early: list[timedelta] = []
        self.count = 0

    async def __call__(self, nudge: Claimed, recipient: Recipient) -> int:
        message_id = await self._send(nudge, recipient)
        self.count += 1
        if datetime.now(UTC) < nudge.due_at:
            self.early.append(nudge.due_at - datetime.now(UTC))
        return message_id


async def seed(bot: BotHarness, first_id: int) -> tuple[list[int], list[int], list[int]]:
    """Due a minute ago; due in 10–25 s (during the jump, in real time); due in 30–125 min."""
    now = datetime.now(UTC)
    due = await seed_people(bot.storage, FakeClock(now - timedelta(minutes=1)), first_id, 100)
    soon = await seed_people(bot.storage, FakeClock(now), first_id + 100, 50)
    later = await seed_people(bot.storage, FakeClock(now), first_id + 200, 100)
    async with bot.storage.engine.begin() as connection:
        for n, user_id in enumerate(soon):
            await connection.execute(
                update(Nudge)
                .where(Nudge.user_id == user_id)
                .values(due_at=now + timedelta(seconds=10 + 15 * n / len(soon)))
            )
        for n, user_id in enumerate(later):
            await connection.execute(
                update(Nudge)
                .where(Nudge.user_id == user_id)
                .values(due_at=now + timedelta(minutes=30 + 95 * n / len(later)))
            )
    return due, soon, later


@pytest.mark.slow
async def test_a_two_hour_clock_step_for_30_s_misfires_no_sit_break(
    sqlite_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        due, soon, later = await seed(bot, 7000)
        wall = ShiftedWall()
        sends = Sends(bot)
        dispatcher = Dispatcher(bot.storage, SteadyClock(wall), sends)
        with caplog.at_level(logging.WARNING, logger="bot.clock"):
            wall.offset = JUMP
            for _ in range(30):  # a tick a second while the clock is two hours ahead
                await dispatcher.tick()
                await asyncio.sleep(1)
            wall.offset = timedelta(0)
            for _ in range(5):
                await dispatcher.tick()
                await asyncio.sleep(1)
        received = sit_breaks(bot)
        nudges = await all_sit_nudges(bot.storage, due + soon + later)
        stale = sum(n.reason == "stale" for n in nudges)
        doubles = sum(count - 1 for count in received.values() if count > 1)
        planned = [n.due_at for user_id in due for n in await bot.storage.nudges.pending(user_id)]
        latest = max(planned) - datetime.now(UTC)
        lines = [r.getMessage() for r in caplog.records if r.name == "bot.clock"]
        print(
            f"\nclock +2 h for 30 s: {sends.count} sent, {doubles} doubles, "
            f"{len(sends.early)} early, {stale} stale, the next due within {latest} ({lines})"
        )
        assert doubles == 0
        assert not sends.early
        assert stale == 0, "none of them was past its grace in real time"
        assert set(received) == set(due + soon), "what was due in real time went out, once"
        assert not set(received) & set(later)
        # One sit interval (hourly by default) from real time, give or take a minute.
        assert len(planned) == len(due) and latest <= timedelta(minutes=61), (
            "the next sit breaks are planned from real time, not two hours late"
        )
        assert any("jumped +7200 s" in line for line in lines)
        assert any("agrees with the monotonic clock again" in line for line in lines)


async def test_a_worker_whose_clock_is_two_hours_ahead_goes_by_the_databases(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Two workers share a PostgreSQL database; one started with its clock two hours ahead
    (monotonic time cannot tell it: it was never right). It sends what is due in real time and
    no more, and the other worker finds nothing left to send."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL; SQLite's clock is this machine's own")
    async with running_bot(database_url, clock) as bot:
        due, soon, later = await seed(bot, 8000)
        skewed, right = ShiftedWall(), ShiftedWall()
        skewed.offset = JUMP
        sends = Sends(bot)
        first = Dispatcher(bot.storage, SteadyClock(skewed), sends)
        second = Dispatcher(bot.storage, SteadyClock(right), sends)
        with caplog.at_level(logging.WARNING, logger="bot.clock"):
            reports = [await first.tick(), await second.tick(), await first.tick()]
        received = sit_breaks(bot)
        nudges = await all_sit_nudges(bot.storage, due + soon + later)
        stale = sum(n.reason == "stale" for n in nudges)
        lines = [r.getMessage() for r in caplog.records if r.name == "bot.clock"]
        print(f"\nskewed worker, then the other: {reports}; {lines}")
        assert not sends.early and stale == 0
        assert set(received) == set(due) and max(received.values()) == 1
        assert any("-7200 s off the database's" in line for line in lines)

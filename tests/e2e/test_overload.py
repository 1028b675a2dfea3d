"""More sit breaks due than the rate limit can send in time: the ones that cannot be on time are
skipped at once ("shed") instead of every one going out late, and the people shed come first
the next time, so nobody goes without. A tick never outlasts its time limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import update

from bot.clock import FakeClock, SystemClock
from bot.coaching.nudge_timing import GRACE
from bot.reminders.dispatcher import Dispatcher
from bot.storage.models import Nudge
from bot.telegram.nudges import send_nudge
from tests.e2e.harness import BotHarness, running_bot
from tests.e2e.test_faults import seed_people
from tests.e2e.test_stale_nudges import sit_breaks

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

RATE = 10.0  # messages a second: the bot's limiter and what the dispatcher plans with
GRACE_S = 12.0  # a quarter of it (3 s) is kept: 30 sends, less a chunk's margin of 16


def dispatcher_for(bot: BotHarness, **options: object) -> Dispatcher:
    return Dispatcher(
        bot.storage,
        SystemClock(),
        partial(send_nudge, bot.app.bot, bot.app.bot_data["services"]),
        grace={**GRACE, "sit_break": timedelta(seconds=GRACE_S)},
        rate=RATE,
        **options,  # type: ignore[arg-type]
    )


async def due_again_now(bot: BotHarness) -> None:
    """Everyone's next sit break falls due now (as if their interval had passed)."""
    now = datetime.now(UTC)
    async with bot.storage.engine.begin() as connection:
        await connection.execute(
            update(Nudge)
            .where(Nudge.status == "pending", Nudge.slot == "sit")
            .values(due_at=now, first_due_at=None)
        )


async def test_sit_breaks_beyond_what_fits_in_their_grace_are_shed_and_the_rest_on_time(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, telegram_max_rate=RATE) as bot:
        ids = await seed_people(bot.storage, FakeClock(datetime.now(UTC)), 4000, 60)
        report = await dispatcher_for(bot).tick()
        sent = sit_breaks(bot)
        print(f"\n60 due, {RATE:.0f}/s, {GRACE_S:.0f} s grace: {report}")
        assert 40 <= report.shed <= 50, "about what does not fit in a quarter of the grace"
        assert report.sent + report.shed == len(ids)
        assert report.skipped.get("stale", 0) <= 2, "shed early, not left to go stale"
        assert sum(sent.values()) == report.sent


async def test_people_shed_once_get_the_next_sit_break_first_so_nobody_is_starved(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, telegram_max_rate=RATE) as bot:
        ids = await seed_people(bot.storage, FakeClock(datetime.now(UTC)), 4100, 28)
        dispatcher = dispatcher_for(bot)
        first = await dispatcher.tick()
        served_first = set(sit_breaks(bot))
        await due_again_now(bot)
        second = await dispatcher.tick()
        served = sit_breaks(bot)
        print(f"\nfirst {first}\nsecond {second}")
        assert first.shed and second.shed
        shed_first = set(ids) - served_first
        assert shed_first <= set(served), "those shed the first time were served the second"
        assert set(served) == set(ids), "after two rounds everyone has had a sit break"


async def test_a_batch_never_outlasts_its_time_limit_and_the_rest_waits_for_the_next_tick(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, telegram_max_rate=RATE) as bot:
        ids = await seed_people(bot.storage, FakeClock(datetime.now(UTC)), 4200, 40)
        dispatcher = Dispatcher(
            bot.storage,
            SystemClock(),
            partial(send_nudge, bot.app.bot, bot.app.bot_data["services"]),
            max_batch_s=1.0,
        )
        started = datetime.now(UTC)
        report = await dispatcher.tick()
        took = (datetime.now(UTC) - started).total_seconds()
        print(f"\n40 due at {RATE:.0f}/s, 1 s batch limit: {report} in {took:.2f} s")
        assert took < 2.0
        assert report.sent < len(ids) and report.requeued == len(ids) - report.sent
        pending = [n for user_id in ids for n in await bot.storage.nudges.pending(user_id)]
        due = [n for n in pending if n.slot == "sit" and n.due_at <= datetime.now(UTC)]
        assert len(due) == len(ids) - report.sent, "the rest is pending for the next tick"

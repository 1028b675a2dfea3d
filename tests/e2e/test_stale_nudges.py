"""A nudge that cannot go out on time is recorded "stale", never sent late: its grace period
counts from when it was first due, however often the send was put back."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from bot.clock import FakeClock, SystemClock
from bot.coaching.nudge_timing import GRACE
from bot.reminders import dispatcher as dispatching
from bot.reminders.dispatcher import Dispatcher
from bot.sandbox.fake_api import FaultPlan
from bot.telegram.nudges import send_nudge
from tests.e2e.harness import BotHarness, running_bot
from tests.e2e.test_faults import all_sit_nudges, seed_people

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

SIT_BREAK = "-minute move"


def sit_breaks(bot: BotHarness) -> Counter[int]:
    return Counter(m.chat_id for m in bot.server.all_messages() if SIT_BREAK in m.text)


async def test_sit_breaks_due_during_an_11_minute_telegram_outage_are_stale_not_sent_late(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ids = await seed_people(bot.storage, clock, 3000, 20)
        port = int(bot.server.base_url.rsplit(":", 1)[1])
        await bot.server.stop()  # Telegram unreachable: connections are refused
        try:
            await bot.advance(timedelta(minutes=11))
        finally:
            bot.server.port = port
            await bot.server.start()
        await bot.advance(timedelta(minutes=2))  # Telegram is back: whatever is due goes out
        late = sit_breaks(bot)
        outcomes = Counter((n.status, n.reason) for n in await all_sit_nudges(bot.storage, ids))
        print(f"\n11-minute outage -> {sum(late.values())} stale sends; outcomes {dict(outcomes)}")
        assert not late
        assert outcomes[("skipped", "stale")] == len(ids)


async def test_a_nudge_that_waited_behind_slow_sends_past_its_grace_is_not_sent(
    sqlite_url: str, clock: FakeClock
) -> None:
    """Staleness is checked just before each request, not only when the batch was taken."""
    async with running_bot(sqlite_url, clock, telegram_max_rate=0) as bot:
        now = FakeClock(datetime.now(UTC))
        ids = await seed_people(bot.storage, now, 3100, 10)
        bot.server.latency_s = 0.5
        dispatcher = Dispatcher(
            bot.storage,
            SystemClock(),
            partial(send_nudge, bot.app.bot, bot.app.bot_data["services"]),
            concurrency=1,
            grace={**GRACE, "sit_break": timedelta(seconds=2)},
        )
        report = await dispatcher.tick()
        sent = sit_breaks(bot)
        print(f"\none send at a time, 0.5 s each, 2 s grace: {report}")
        assert 1 <= len(sent) <= 5, "only what could go out within two seconds"
        assert report.skipped == {"stale": len(ids) - len(sent)}
        assert max(sent.values()) == 1


async def test_held_back_nudges_are_logged_without_person_data(
    sqlite_url: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 429 on a nudge is not retried inside the rate limiter (where no grace period is
    checked): the dispatcher holds the rest of the batch, says so, and tries again later."""
    async with running_bot(sqlite_url, clock) as bot:
        ids = await seed_people(bot.storage, clock, 3200, 12)
        monkeypatch.setattr(dispatching, "MAX_TICK_S", 0.0)
        dispatcher = Dispatcher(
            bot.storage,
            clock,
            partial(send_nudge, bot.app.bot, bot.app.bot_data["services"]),
            batch_size=5,
        )
        with caplog.at_level(logging.WARNING, logger="bot.reminders.dispatcher"):
            await dispatcher.tick()  # one batch, then the tick's time bound
            bot.server.faults = FaultPlan(rate=1.0, kinds=("429",), retry_after=30)
            report = await dispatcher.tick()  # Telegram says "wait 30 s"
        lines = [r.getMessage() for r in caplog.records if r.name == "bot.reminders.dispatcher"]
        print("\n" + "\n".join(lines))
        assert sum("held back" in line and "limit" in line for line in lines) == 1
        assert any("held back for 30 s" in line for line in lines)
        assert report.requeued == 5 and report.sent == 0
        assert bot.server.fault_counts["429"] <= 4, "each sent once, none retried at once"
        assert not [line for line in lines if any(str(n) in line for n in ids)]

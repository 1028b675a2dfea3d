"""What is kept how long, as a person and an operator see it."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from bench.history import live_days
from bot.clock import FakeClock
from bot.coaching.catalogue import load_catalogue
from bot.storage.models import Nudge
from bot.storage.retention import tidy
from bot.telegram.day import habit_line
from tests.e2e.harness import BotHarness, running_bot
from tests.e2e.test_progress import chart_and_summary


async def test_privacy_says_how_long_the_reminder_log_is_kept(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, nudge_retention_days=60) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        text = (await ana.say("/privacy"))[-1].text
        assert "After 60 days it shrinks to how many came each day" in text
        assert "ratings and sessions are kept until you delete them" in text


async def test_stats_counts_the_last_week_of_nudges_not_the_whole_history(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock, admin_ids=frozenset({1001})) as bot:
        admin = bot.person("Ada")
        await admin.onboard()
        now = clock.now()
        async with bot.storage.engine.begin() as connection:
            await connection.execute(
                insert(Nudge),
                [
                    {
                        "user_id": admin.id,
                        "slot": "sit",
                        "status": "sent",
                        "created_at": now,
                        "due_at": now - timedelta(days=days),
                    }
                    for days in (1, 2, 3, 30, 200)
                ],
            )
        text = (await admin.say("/stats"))[-1].text
        assert "Nudges due in the last 7 days:" in text
        assert "sent: 3" in text


async def test_the_bot_runs_the_retention_job_every_hour(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        assert bot.app.job_queue is not None
        (job,) = bot.app.job_queue.get_jobs_by_name("retention")
        assert job.trigger.interval == timedelta(hours=1)


@pytest.mark.slow
async def test_a_year_of_use_at_the_default_retention_leaves_progress_and_habit_score_as_they_were(
    database_url: str, clock: FakeClock
) -> None:
    """The nudges older than the retention go, their daily counts add up to them, the rest
    stay; the /progress chart and summary and the habit score read the same."""
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        now, svc = clock.now(), bot.app.bot_data["services"]
        await live_days(bot.storage, load_catalogue(), ana.id, now - timedelta(days=365), 365)
        cutoff = now - timedelta(days=svc.settings.nudge_retention_days)
        rows = await _nudges(bot)
        old = Counter(
            (n.due_at.date(), n.slot, n.status, n.reason or "") for n in rows if n.due_at < cutoff
        )
        recent = sorted(n.id for n in rows if n.due_at >= cutoff)
        user = await bot.storage.users.get(ana.id)
        assert user is not None and sum(old.values()) > 2000
        habit, shown = await habit_line(svc, user), await chart_and_summary(ana)

        await tidy(bot.storage, now, svc.settings.nudge_retention_days)

        assert sorted(n.id for n in await _nudges(bot)) == recent
        days = await bot.storage.retention.nudge_days(ana.id, (now - timedelta(days=400)).date())
        assert Counter({(d.day, d.slot, d.status, d.reason): d.count for d in days}) == old
        assert await habit_line(svc, user) == habit
        assert await chart_and_summary(ana) == shown
        assert "Habit score" in habit


async def _nudges(bot: BotHarness) -> list[Nudge]:
    async with bot.storage.engine.connect() as connection:
        return list((await connection.execute(select(Nudge))).all())  # type: ignore[arg-type]

"""What is kept how long, as a person and an operator see it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from bot.clock import FakeClock
from bot.storage.models import Nudge
from tests.e2e.harness import running_bot


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

"""An open question takes its typed answer for 12 hours; later, the question is closed and what
is typed is read for its meaning, never taken as that old question's answer."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.telegram.chat import QUESTION_TTL
from tests.e2e.harness import running_bot


async def test_numbers_typed_a_day_after_the_question_change_nothing(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/rules")
        await ana.tap("Change numbers")
        clock.advance(timedelta(days=1))
        replies = await ana.say("30 3")
        assert "If I sit more than 30" not in replies[-1].text
        user = await bot.storage.users.get(ana.id)
        assert user is not None and (user.sit_minutes, user.move_minutes) == (45, 2)
        assert user.awaiting != "rule:sit", "the old question is closed"


async def test_an_answer_within_the_time_still_counts(sqlite_url: str, clock: FakeClock) -> None:
    assert timedelta(hours=12) == QUESTION_TTL
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/rules")
        await ana.tap("Change numbers")
        clock.advance(QUESTION_TTL - timedelta(minutes=1))
        replies = await ana.say("30 3")
        assert "If I sit more than 30 minutes, I move for 3" in replies[-1].text


async def test_a_late_answer_to_a_setting_changes_nothing(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/settings")
        await ana.tap("Routine time")
        clock.advance(timedelta(hours=13))
        await ana.say("18:15")
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.routine_time is not None
        assert user.routine_time.strftime("%H:%M") == "07:30"
        assert user.awaiting != "routine", "the old question is closed"

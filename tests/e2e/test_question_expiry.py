"""An open question takes its typed answer for 12 hours; later, the answer is not used and the
person is told so kindly, with a way to carry on."""

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
        assert "That question has expired" in replies[-1].text
        assert "/rules" in replies[-1].text
        user = await bot.storage.users.get(ana.id)
        assert user is not None and (user.sit_minutes, user.move_minutes) == (45, 2)
        assert user.awaiting is None
        replies = await ana.say("30 3")  # no open question now: not taken as an answer either
        assert "If I sit more than 30" not in replies[-1].text


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


async def test_a_late_answer_to_a_setting_gets_the_question_again(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/settings")
        await ana.tap("Routine time")
        clock.advance(timedelta(hours=13))
        replies = await ana.say("18:15")
        assert "That question has expired" in replies[0].text
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.routine_time is not None
        assert user.routine_time.strftime("%H:%M") == "07:30"
        replies = await ana.say("18:15")  # asked again just now: this answer counts
        assert "18:15" in replies[-1].text

"""A question left open never swallows what is typed later: a check-in closes its own question,
and free text a day later is read for what it says (issue 24, finding 1)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session

BERLIN = ZoneInfo("Europe/Berlin")


async def session_the_evening_before(bot: BotHarness, clock: FakeClock) -> Person:
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=BERLIN))  # a Monday evening
    ana = bot.person("Ana")
    await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="18:00")
    await do_session(ana)
    await check_in(ana)
    user = await bot.storage.users.get(ana.id)
    assert user is not None and user.awaiting is None, "the check-in closed its question"
    return ana


async def test_a_day_after_a_check_in_a_typed_message_gets_a_meaningful_reply(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = await session_the_evening_before(bot, clock)
        clock.set(datetime(2026, 11, 24, 19, 0, tzinfo=BERLIN))
        replies = await ana.say("my back is sore today")
        assert all("expired" not in m.text for m in replies)
        assert "Sorry your back" in replies[-1].text
        assert any("flare" in t for row in replies[-1].buttons for t, _ in row)


async def test_the_morning_answer_typed_minutes_after_the_question_is_used(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = await session_the_evening_before(bot, clock)
        clock.set(datetime(2026, 11, 24, 7, 55, tzinfo=BERLIN))
        mark = bot.mark(ana.id)
        await bot.advance(timedelta(minutes=15))
        assert any("compared with usual" in (m.text or "") for m in bot.since(ana.id, mark))
        clock.advance(timedelta(minutes=3))
        replies = await ana.say("better")
        assert all("expired" not in m.text for m in replies)
        assert "how much does it hurt" in replies[-1].text
        replies = await ana.say("2")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "next_morning")
        assert checkin is not None and (checkin.compared, checkin.pain) == ("better", 2)
        assert checkin.applied_at is not None


async def test_a_late_answer_to_an_open_setting_is_read_afresh_not_refused(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/settings")
        await ana.tap("Routine time")
        clock.advance(timedelta(hours=13))
        replies = await ana.say("thanks")
        assert [m.text for m in replies] == ["You're welcome! 🙂"]
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.awaiting is None


async def test_words_typed_at_an_open_rating_question_are_read_for_their_meaning(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await do_session(ana)
        assert "How much pain" in ana.last().text
        replies = await ana.say("my back is sore today")
        assert "Sorry your back" in replies[-1].text
        replies = await ana.say("4")  # a number still answers the rating
        assert "How hard did it feel" in replies[-1].text

"""Onboarding understands ordinary words for every question, says in one line what it expects
when it doesn't, and never files an answer under another question."""

from __future__ import annotations

from datetime import time

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_a_person_who_answers_every_question_in_their_own_words_is_set_up(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        sam = bot.person("Sam")
        await sam.say("/start")
        for words in (
            "yes that's fine",
            "I'm 41",
            "no, none of these",
            "nope",
            "not pregnant",
            "Manchester",
        ):
            await sam.say(words)
        await sam.tap("Manchester (UK)")
        desk = await sam.say("mon-fri 9-5")
        assert desk[0].text == "Desk hours: Mon–Fri 09:00–17:00 ✓"  # typed hours echoed back
        rhythm = await sam.say("a few times a day is plenty")
        assert rhythm[0].text == "A sit break a few times a day (every 2 hours) ✓"
        for words in ("after work, 6:30pm", "sunday morning", "9am"):
            await sam.say(words)
        chosen = await sam.say("getting out of bed and getting into the car")
        assert chosen[0].text == "Got it: Getting out of bed, Getting into or out of a car."
        await sam.say("about 4")
        done = await sam.say("hardly any")
        assert "All set!" in done[-1].text
        assert "hardly any" in done[-1].text and "about 0 min" not in done[-1].text
        user = await bot.storage.users.get(sam.id)
        assert user is not None and user.onboarding_step is None
        assert user.consent_at is not None and user.adult is True and user.pregnant is False
        assert user.red_flags == "clear"
        assert (user.desk_start, user.desk_end) == (time(9), time(17))
        assert user.routine_time == time(18, 30)
        assert (user.weekly_day, user.weekly_time) == (6, time(9))
        assert user.transitions == ["out_of_bed", "into_car"]
        assert user.typical_pain == 4
        assert user.sit_minutes == 120


async def test_no_desk_half_hour_breaks_two_movements_and_little_walking_typed_are_understood(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ida = bot.person("Ida")
        for words in ("/start", "yes", "yes", "none of these", "none of these", "no", "Berlin"):
            await ida.say(words)
        replies = await ida.say("I'm retired")
        assert replies[0].text == "No desk hours: no sitting reminders ✓"
        assert "daily routine" in replies[-1].text, "no sit-break rhythm without a desk"
        await ida.say("/settings")
        await ida.tap("Sit breaks")
        replies = await ida.say("every half hour")
        assert replies[0].text == "A sit break every 30 min ✓"

        una = bot.person("Una")
        for words in ("/start", "yes", "yes", "none", "none", "no", "Berlin", "9-5", "hourly"):
            await una.say(words)
        for words in ("7:30", "sunday 10am"):
            await una.say(words)
        replies = await una.say("bed and car")
        assert replies[0].text == "Got it: Getting out of bed, Getting into or out of a car."
        await una.say("3")
        done = await una.say("not much")
        assert "All set!" in done[-1].text and "Usual walking: hardly any" in done[-1].text
        user = await bot.storage.users.get(una.id)
        assert user is not None and user.walk_minutes == 0


async def test_a_refusal_is_one_line_and_the_question_is_not_sent_again(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        sam = bot.person("Sam")
        await sam.say("/start")
        refused = await sam.say("what do you mean by ratings?")
        assert len(refused) == 1 and refused[0].text.count("\n") == 0
        assert "May I store your ratings?" not in refused[0].text
        await sam.tap("Yes, store my ratings")
        await sam.tap("Yes, 18 or over")
        await sam.tap("None of these")
        await sam.tap("None of these")
        await sam.tap("No (or doesn't apply)")
        await sam.say("Berlin")
        await sam.tap("Mon–Fri 09:00–17:30")
        routine = await sam.tap("Every hour")
        assert "daily routine" in routine[-1].text
        refused = await sam.say("whenever")
        assert len(refused) == 1 and "When would you like" not in refused[0].text


async def test_an_age_typed_under_eighteen_is_taken_as_under_eighteen(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        kim = bot.person("Kim")
        await kim.say("/start")
        await kim.tap("Yes, store my ratings")
        replies = await kim.say("i'm 16")
        assert "made for adults" in replies[-1].text
        user = await bot.storage.users.get(kim.id)
        assert user is not None and user.adult is False


async def test_help_fits_a_phone_screen_and_all_commands_are_one_tap_away(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        short = (await ana.say("/help"))[-1]
        assert len(short.text.splitlines()) <= 15 and "/today" in short.text
        every = (await ana.tap("All commands"))[-1]
        assert "/delete" in every.text and "/rules" in every.text and "/learn" in every.text

"""The urgent response names the number to call where the person lives, answers a typed question
calmly, and asks once more before a clinician's check resumes the programme."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.storage.models import User
from tests.e2e.harness import BotHarness, Person, running_bot


async def stopped(bot: BotHarness, zone: str) -> Person:
    """Someone set up in `zone` who tells the flare check they have an urgent sign."""
    person = bot.person("Ana")
    await person.onboard(zone=zone)
    await person.say("/flare")
    await person.tap("Yes, at least one")
    return person


async def user_of(bot: BotHarness, person: Person) -> User:
    user = await bot.storage.users.get(person.id)
    assert user is not None
    return user


@pytest.mark.parametrize(
    ("zone", "number"),
    [("London", "999"), ("Berlin", "112"), ("New York", "911"), ("Sydney", "000")],
)
async def test_the_urgent_screen_names_the_emergency_number_where_the_person_lives(
    sqlite_url: str, clock: FakeClock, zone: str, number: str
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = await stopped(bot, zone)
        assert f"Please call {number} or go to an emergency department now" in ana.last().text
        assert "don't drive yourself" in ana.last().text
        replies = await ana.say("/today")
        assert "on hold" in replies[-1].text
        assert f"call {number} or go to an emergency department" in replies[-1].text


async def test_stopped_before_the_time_zone_is_known_a_typed_country_or_city_gives_the_number(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.say("/start")
        await eve.tap("Yes, store my ratings")
        await eve.tap("Yes, 18 or over")
        replies = await eve.tap("Yes, at least one")  # the time zone is asked later
        assert "call your local emergency number" in replies[-1].text
        assert "Tell me your country" in replies[-1].text
        replies = await eve.say("I'm in Germany")
        assert replies[-1].text.startswith("In Germany, call 112 now.")
        replies = await eve.say("I live in Toronto")
        assert replies[-1].text.startswith("In Canada, call 911 now.")
        replies = await eve.say("I'm in Lima, Peru")  # a place whose number I don't have
        assert replies[-1].text.startswith("Call your local emergency number now.")
        assert "Tell me your country" not in replies[-1].text
        assert (await user_of(bot, eve)).red_flags == "urgent"


@pytest.mark.parametrize(
    "question", ["what if I can't get to a hospital?", "is this serious?", "I'm on my own"]
)
async def test_a_question_typed_on_the_urgent_screen_gets_a_calm_useful_answer(
    sqlite_url: str, clock: FakeClock, question: str
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = await stopped(bot, "London")
        replies = await ana.say(question)
        answer = replies[-1].text
        assert "tap one of the buttons" not in answer.lower()
        assert answer.startswith("In the UK, call 999 now.")
        assert "If someone can take you, ask them; please don't drive yourself." in answer
        assert "NHS 111" in answer  # urgent advice when unsure, for the UK
        assert [text for row in replies[-1].buttons for text, _ in row] == [
            "A clinician has checked me"
        ]
        assert (await user_of(bot, ana)).red_flags == "urgent"  # still stopped


async def test_a_clinicians_check_is_asked_once_more_before_the_programme_resumes(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = await stopped(bot, "Berlin")
        replies = await ana.tap("A clinician has checked me")
        assert replies[-1].text == (
            "Just to be sure: did a doctor or nurse examine you about these symptoms and say "
            "it's fine to exercise?"
        )
        assert (await user_of(bot, ana)).red_flags == "urgent"

        replies = await ana.tap("Not yet")
        assert any("stays on hold" in m.text and "call 112" in m.text for m in replies)
        assert "on hold" in (await ana.say("/today"))[-1].text
        assert await bot.storage.nudges.pending(ana.id) == []

        await ana.tap("A clinician has checked me")
        replies = await ana.tap("Yes, they said it's fine")
        assert "glad you've been checked" in replies[-1].text
        assert (await user_of(bot, ana)).red_flags == "checked"
        assert await bot.storage.nudges.pending(ana.id) != []


async def test_the_screen_asks_about_both_legs_only_when_new_or_getting_worse(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.say("/start")
        await eve.tap("Yes, store my ratings")
        replies = await eve.tap("Yes, 18 or over")
        bullets = [line for line in replies[-1].text.splitlines() if "both legs" in line]
        assert len(bullets) == 1 and "new or getting worse" in bullets[0], bullets


async def test_pregnancy_adds_a_caution_about_lying_flat_on_the_back(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard(pregnant=True)
        caution = "From about 20 weeks, keep exercises lying flat on your back short"
        assert any(caution in text and "midwife" in text for text in fay.texts())
        replies = await fay.say("/today")
        assert "While you're pregnant" in replies[-1].text and caution in replies[-1].text

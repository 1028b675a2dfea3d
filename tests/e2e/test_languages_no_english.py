"""A whole programme in German and in Spanish with no English left in it: set-up, the session,
its check-in, the next morning, sit breaks, the commands people use, a flare and a typed
warning sign. Whatever the catalogues translate must reach the person translated (English
found in what they were sent fails, with the English named)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from tests.e2e.english import english_in
from tests.e2e.harness import BotHarness, Person, running_bot

BERLIN = ZoneInfo("Europe/Berlin")
# What each person types, in their own words.
WORDS = {
    "de": {"pain": "zwei", "effort": "mittel", "morning": "wie immer", "now": "3",
           "urgent": "seit heute früh kann ich den Urin nicht mehr halten"},
    "es": {"pain": "dos", "effort": "moderado", "morning": "como siempre", "now": "3",
           "urgent": "desde esta mañana no puedo controlar la orina"},
}  # fmt: skip


async def session_with_checkin(person: Person, words: dict[str, str]) -> None:
    await person.say("/today")
    await person.tap(person.label("▶️ Start"))
    done = person.label("✅ Done")
    while any(done in label for row in person.last().buttons for label, _data in row):
        await person.tap(done)
    await person.say(words["pain"])
    await person.say(words["effort"])
    await person.tap(person.label("✅ All felt right"))


async def next_morning(bot: BotHarness, person: Person, words: dict[str, str]) -> None:
    better = person.label("Better")
    for _half_hour in range(60):
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=30))
        if any(better == label for row in person.last().buttons for label, _data in row):
            break
    await person.say(words["morning"])
    await person.say(words["now"])


@pytest.mark.parametrize("language", ["de", "es"])
async def test_a_week_in_german_or_spanish_sends_no_english(
    sqlite_url: str, clock: FakeClock, language: str
) -> None:
    clock.set(datetime(2026, 11, 23, 6, 0, tzinfo=BERLIN))  # a Monday
    words = WORDS[language]
    async with running_bot(sqlite_url, clock) as bot:
        person = bot.person("Lena", language=language)
        await person.onboard(zone="Berlin")
        await session_with_checkin(person, words)
        await next_morning(bot, person, words)
        await bot.advance(timedelta(hours=5), step=timedelta(minutes=10))  # sit breaks
        for command in ("/help", "/schedule", "/progress", "/history", "/rules", "/learn"):
            await person.say(command)
        await person.tap(person.label("All commands ▸"))
        await person.say("/settings")
        await person.say("/pause")
        await person.tap(person.label("1 day"))
        await person.say("/resume")
        await person.say("/flare")
        await person.tap(person.label("None of these"))
        await person.say("/today")
        await person.say(words["urgent"])
        session = await bot.storage.coaching.latest_checkin(person.id, "session")
        morning = await bot.storage.coaching.latest_checkin(person.id, "next_morning")
        assert session is not None and (session.pain, session.effort) == (2, 3)
        assert morning is not None and (morning.compared, morning.pain) == ("same", 3)
        user = await bot.storage.users.get(person.id)
        assert user is not None and user.red_flags == "urgent"
        sent = [message.text or "" for message in bot.server.messages(person.id)]
        sent += sorted(person.labels_shown)
        assert len(sent) > 40
        assert english_in(sent, language) == []

"""People in ten countries set up BackCoach by typing every answer, the way they write it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest

from bot.clock import FakeClock
from tests.e2e.harness import Person, running_bot

WEEKDAYS = "0,1,2,3,4"


@dataclass(frozen=True)
class Typist:
    name: str
    place: str
    desk: str
    routine: str
    day: str
    at: str
    pain: str
    # what must be stored
    zone: str
    desk_days: str
    desk_hours: tuple[time, time]
    routine_time: time
    weekly: tuple[int, time]
    typical_pain: int


PEOPLE = (
    Typist("Jonas", "München", "Mo-Fr 8-16:30", "7.30", "sunday", "10", "3",
           "Europe/Berlin", WEEKDAYS, (time(8), time(16, 30)), time(7, 30), (6, time(10)), 3),
    Typist("Maya", "Seattle", "weekdays 9-5", "noon", "Saturday", "around 10am", "four",
           "America/Los_Angeles", WEEKDAYS, (time(9), time(17)), time(12), (5, time(10)), 4),
    Typist("Dev", "Mumbai", "Mon to Fri 10-18", "half past six", "sun", "9", "2/10",
           "Asia/Kolkata", WEEKDAYS, (time(10), time(18)), time(6, 30), (6, time(9)), 2),
    Typist("Lia", "Sao Paulo", "9-17 Mon-Fri", "730", "sat", "ten", "5",
           "America/Sao_Paulo", WEEKDAYS, (time(9), time(17)), time(7, 30), (5, time(10)), 5),
    Typist("Tom", "Manchester, UK", "Mon-Fri 9 to 5", "quarter past 7", "Sundays", "6pm", "1",
           "Europe/London", WEEKDAYS, (time(9), time(17)), time(7, 15), (6, time(18)), 1),
    Typist("Yui", "Japan", "Mon–Fri 9:00–18:00", "7am", "Sunday", "quarter to 9", "about 6",
           "Asia/Tokyo", WEEKDAYS, (time(9), time(18)), time(7), (6, time(8, 45)), 6),
    Typist("Zoe", "I live in Sydney", "weekdays 8:30-5", "6.45", "Sun", "4pm", "3",
           "Australia/Sydney", WEEKDAYS, (time(8, 30), time(17)), time(6, 45), (6, time(16)), 3),
    Typist("Ana", "Barcelona, Spain", "mon-thu 8-15", "8", "friday", "19h", "zero",
           "Europe/Madrid", "0,1,2,3", (time(8), time(15)), time(8), (4, time(19)), 0),
    Typist("Wei", "Beijing", "Monday to Friday, 9 till 6", "7:00", "sat", "9am", "7",
           "Asia/Shanghai", WEEKDAYS, (time(9), time(18)), time(7), (5, time(9)), 7),
    Typist("Sam", "New York time", "9am-5:30pm", "1930", "Wednesday", "midday", "2",
           "America/New_York", WEEKDAYS, (time(9), time(17, 30)), time(19, 30), (2, time(12)), 2),
)  # fmt: skip


async def type_through_onboarding(person: Person, typist: Typist) -> None:
    await person.say("/start")
    for answer in (
        "yes",  # store my ratings
        "yes",  # 18 or over
        "none of these",
        "none of these",
        "no",  # not pregnant
        typist.place,
        typist.desk,
        "hourly",
        typist.routine,
        typist.day,
        typist.at,
        "Getting out of bed",
        "done",
        typist.pain,
        "about 20 min",  # walking on a usual day
    ):
        await person.say(answer)


@pytest.mark.slow  # ~20 s: 130 typed messages
async def test_people_in_ten_countries_set_up_by_typing_every_answer(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        for typist in PEOPLE:
            person = bot.person(typist.name)
            await type_through_onboarding(person, typist)
            assert "All set" in person.last().text, (typist.name, person.texts()[-4:])
            user = await bot.storage.users.get(person.id)
            assert user is not None and user.onboarding_step is None
            assert user.timezone == typist.zone, typist.name
            assert user.desk_days == typist.desk_days, typist.name
            assert (user.desk_start, user.desk_end) == typist.desk_hours, typist.name
            assert user.routine_time == typist.routine_time, typist.name
            assert (user.weekly_day, user.weekly_time) == typist.weekly, typist.name
            assert user.typical_pain == typist.typical_pain, typist.name
            assert user.walk_minutes == 20, typist.name


async def test_a_typed_city_is_confirmed_by_its_friendly_zone_name(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        jonas = bot.person("Jonas")
        await jonas.onboard(zone="Munich")
        assert any("Got it: Munich is on Berlin time (Germany)." in t for t in jonas.texts())
        replies = await jonas.say("/settings")
        assert "Berlin time (Germany)" in replies[-1].text and "CET" not in replies[-1].text


async def test_a_name_shared_by_several_places_gets_a_short_choice(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        pat = bot.person("Pat")
        await pat.onboard()
        await pat.say("/settings")
        await pat.tap("Time zone")
        replies = await pat.say("Portland")
        labels = [text for row in replies[-1].buttons for text, _ in row]
        assert labels == ["Portland, Oregon (US)", "Portland, Maine (US)", "Another place"]
        await pat.tap("Portland, Maine (US)")
        user = await bot.storage.users.get(pat.id)
        assert user is not None and user.timezone == "America/New_York"


async def test_est_is_confirmed_as_new_york_time_not_kept_as_a_fixed_offset(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ned = bot.person("Ned")
        await ned.onboard()
        await ned.say("/settings")
        await ned.tap("Time zone")
        replies = await ned.say("EST")
        assert "do you mean New York time" in replies[-1].text
        await ned.tap("Yes, New York time")
        user = await bot.storage.users.get(ned.id)
        assert user is not None and user.timezone == "America/New_York"
        await ned.tap("Time zone")
        await ned.say("CET")
        replies = await ned.tap("Another place")
        assert "type the city" in replies[0].text
        await ned.say("Milan")
        user = await bot.storage.users.get(ned.id)
        assert user is not None and user.timezone == "Europe/Rome"


async def test_a_rule_with_its_time_inside_the_sentence_is_understood(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        kim = bot.person("Kim")
        await kim.onboard()
        await kim.say("/rules")
        await kim.tap("Add a reminder rule")
        replies = await kim.say("stretch after work at 6pm weekdays")
        assert "📌 stretch after work — 18:00, Mon–Fri" in replies[-1].text


async def test_quiet_hours_typed_in_words_cross_midnight(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lou = bot.person("Lou")
        await lou.onboard()
        await lou.say("/settings")
        await lou.tap("Quiet hours")
        replies = await lou.say("10 to 6")
        assert "22:00–06:00" in replies[-1].text
        user = await bot.storage.users.get(lou.id)
        assert user is not None and (user.quiet_start, user.quiet_end) == (time(22), time(6))

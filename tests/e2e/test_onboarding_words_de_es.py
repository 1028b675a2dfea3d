"""Onboarding typed from start to end in German and in Spanish: every answer in the person's
own words is understood and filed under its question."""

from __future__ import annotations

from datetime import time

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_a_german_person_who_types_every_answer_is_set_up(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena", language="de")
        await lena.say("/start")
        for words in ("ja, passt", "ja", "nein, nichts davon", "nö", "nicht schwanger", "Berlin"):
            await lena.say(words)
        for words in ("Mo–Fr 9–17 Uhr", "jede Stunde", "um halb sieben abends", "Sonntag um 10"):
            await lena.say(words)
        await lena.say("aus dem Bett und ins Auto")
        await lena.say("drei von zehn")
        done = await lena.say("eine halbe Stunde")
        assert "/today" in done[-1].text, [m.text for m in done]
        user = await bot.storage.users.get(lena.id)
        assert user is not None and user.onboarding_step is None
        assert user.adult is True and user.pregnant is False and user.red_flags == "clear"
        assert (user.desk_start, user.desk_end) == (time(9), time(17))
        assert user.sit_minutes == 60
        assert user.routine_time == time(18, 30)
        assert (user.weekly_day, user.weekly_time) == (6, time(10))
        assert user.transitions == ["out_of_bed", "into_car"]
        assert user.typical_pain == 3
        assert user.walk_minutes == 30


async def test_a_spanish_person_who_types_every_answer_is_set_up(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana", language="es")
        await ana.say("/start")
        for words in ("sí, claro", "sí", "ninguno de estos", "no", "no", "Madrid"):
            await ana.say(words)
        for words in ("lunes a viernes de 9 a 17", "cada hora", "a las siete y media"):
            await ana.say(words)
        await ana.say("el sábado a las 10 de la mañana")
        await ana.say("levantarme de la cama y subir al coche")
        await ana.say("tres de diez")
        done = await ana.say("media hora")
        assert "/today" in done[-1].text, [m.text for m in done]
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.onboarding_step is None
        assert user.adult is True and user.pregnant is False and user.red_flags == "clear"
        assert (user.desk_start, user.desk_end) == (time(9), time(17))
        assert user.sit_minutes == 60
        assert user.routine_time == time(7, 30)
        assert (user.weekly_day, user.weekly_time) == (5, time(10))
        assert user.transitions == ["out_of_bed", "into_car"]
        assert user.typical_pain == 3
        assert user.walk_minutes == 30

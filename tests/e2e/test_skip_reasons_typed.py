"""Why today is skipped, typed in German or Spanish: the same as tapping the reason."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_keine_zeit_typed_after_skip_today_is_the_no_time_reason(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        await lena.say("/today")
        await lena.tap("Heute auslassen")
        replies = await lena.say("keine Zeit heute")
        assert replies[-1].text.startswith("Notiert."), replies[-1].text


async def test_me_duele_demasiado_typed_after_skip_today_is_a_pain_day(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/language español")
        await ana.say("/today")
        await ana.tap("Saltar hoy")
        replies = await ana.say("me duele demasiado")
        assert replies[-1].text.startswith("Descansar en un día malo está bien"), replies[-1].text

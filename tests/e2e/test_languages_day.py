"""The day's pushes in the person's language: a sit break and the daily reminder in German,
a flare in Spanish that ends with "Estoy mejor"."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from tests.e2e.harness import running_bot

BERLIN = ZoneInfo("Europe/Berlin")


async def test_a_german_persons_sit_break_and_routine_reminder_come_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 6, 0, tzinfo=BERLIN))  # a Monday morning
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(zone="Berlin", sit_breaks="Every hour", routine_time="07:30")
        await lena.say("/language deutsch")
        await bot.advance(timedelta(hours=4, minutes=10), step=timedelta(minutes=5))
        texts = lena.texts()
        breaks = [t for t in texts if t.startswith("Zeit für 2 Minuten Bewegung.")]
        assert breaks, texts[-3:]
        sit = next(m for m in reversed(bot.server.messages(lena.id)) if m.text in breaks)
        assert next(label for row in sit.buttons for label, _data in row) == "✅ Fertig"
        assert not any("-minute move" in t for t in texts), "no English sit break"
        replies = await lena.tap("✅ Fertig")
        assert replies and "Nice work" not in replies[-1].text


async def test_a_spanish_flare_says_how_it_ends_and_estoy_mejor_ends_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        replies = await ana.say("/flare")
        entry = "\n".join(m.text for m in replies)
        assert "🔥" in entry and "crisis" in entry.lower()
        assert "Flare mode" not in entry
        await ana.tap("Ninguno de estos")
        replies = await ana.tap("🌤 Estoy mejor")
        assert replies and "Flare" not in replies[-1].text
        assert (await bot.storage.coaching.plan(ana.id)) is not None

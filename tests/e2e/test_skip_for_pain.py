"""Skipping today because the back hurts: kind words about today, not about a morning."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_skipping_for_pain_says_what_happens_next_not_a_morning_nobody_reported(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/today")
        await ana.tap("Skip today")
        replies = await ana.tap("My back hurts")
        text = replies[-1].text
        assert "Rest is fine on a bad day" in text
        assert "Your next session stays as it is" in text
        assert "morning" not in text.lower()
        assert text.count("stays as it is") == 1

"""What the engine raises reaches the person in kind words: a high usual pain suggests a
clinician in the first week, and the programme carries on."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.e2e.harness import running_bot
from tests.e2e.test_coaching_flow import check_in, do_session


async def test_a_usual_pain_of_8_suggests_a_clinician_after_the_first_check_in_once(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gil = bot.person("Gil")
        await gil.onboard(zone="UTC", routine_time="07:30", pain="8")
        await do_session(gil)
        replies = await check_in(gil, pain="6")
        assert any("Saved" in m.text for m in replies)
        assert sum("worth seeing a GP or physiotherapist" in m.text for m in replies) == 1
        await do_session(gil)
        replies = await check_in(gil, pain="6")
        assert not any("worth seeing a GP" in m.text for m in replies), "said once"

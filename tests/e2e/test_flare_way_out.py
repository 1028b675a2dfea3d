"""Flare mode with a way out (issue 24, finding 6): the entry says how a flare ends, every flare
day says where it stands, "I'm better" ends it with the usual step down, and /flare during a
flare shows just the status."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.coaching.plan import PlanState
from tests.e2e.harness import running_bot
from tests.e2e.test_coaching_flow import check_in, do_session, next_morning


async def test_a_flare_says_how_it_ends_where_it_stands_and_ends_with_im_better(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(pain="3")
        replies = await ana.say("/flare")
        entry = next(m.text for m in replies if "Flare mode" in m.text)
        assert len(entry.splitlines()) <= 8
        assert "ends by itself after two good mornings in a row" in entry
        assert "I'm better" in entry
        assert "any of these right now" in replies[-1].text  # the safety question still comes
        await ana.tap("None of these")

        replies = await ana.say("/flare")  # during a flare: where it stands, not the text again
        assert len(replies) == 1 and "See a doctor soon" not in replies[0].text
        assert "🔥 Flare day 1: two good mornings in a row and we build back up." in replies[0].text
        assert any("I'm better" in label for row in replies[0].buttons for label, _ in row)

        await do_session(ana)  # the gentle routine
        await check_in(ana)
        await next_morning(bot, ana, word="Same", pain="3")  # a good morning
        replies = await ana.say("/today")
        assert "Flare day 2: one more good morning and we build back up." in replies[-1].text
        settings = (await ana.say("/settings"))[-1].text
        assert settings.startswith("🔥 Flare day 2: one more good morning")

        replies = await ana.tap("I'm better")
        assert "Glad you're better!" in replies[-1].text
        assert "one step below the dose you last did" in replies[-1].text
        stored = await bot.storage.coaching.plan(ana.id)
        assert stored is not None
        plan = PlanState.from_dict(stored)
        assert not plan.flare and plan.calm_sessions_left == 3
        clock.advance(timedelta(minutes=5))
        replies = await ana.say("/today")
        assert "Today's routine" in replies[-1].text and "Flare day" not in replies[-1].text
        assert "Flare day" not in (await ana.say("/settings"))[-1].text

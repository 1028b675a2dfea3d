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


async def test_typed_im_better_ends_a_flare_like_the_button_and_a_but_is_asked_about(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(pain="3")
        await ana.say("/flare")
        await ana.tap("None of these")

        async def in_flare() -> bool:
            stored = await bot.storage.coaching.plan(ana.id)
            return stored is not None and PlanState.from_dict(stored).flare

        for unsure in ("not better", "better than yesterday but still bad"):
            replies = await ana.say(unsure)
            assert "Flare day 1" in replies[-1].text, unsure
            assert "Glad you're better" not in replies[-1].text
            assert any("I'm better" in label for row in replies[-1].buttons for label, _ in row)
            assert await in_flare(), unsure
        assert "hasn't eased yet" in (await ana.say("not better"))[-1].text

        replies = await ana.say("The flare is over!")
        assert "Glad you're better!" in replies[-1].text
        assert "one step below the dose you last did" in replies[-1].text
        stored = await bot.storage.coaching.plan(ana.id)
        assert stored is not None
        plan = PlanState.from_dict(stored)
        assert not plan.flare and plan.calm_sessions_left == 3, "the engine's step down"
        replies = await ana.say("I'm better")  # after the flare: just glad
        assert "Great to hear!" in replies[-1].text

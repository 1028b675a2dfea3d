"""The exercise content as a person meets it: cautions in the guided session, ranges in words,
and the new trouble movements offered at sign-up."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.coaching.catalogue import load_catalogue
from tests.e2e.harness import running_bot


async def test_a_guided_session_shows_each_exercises_caution_and_no_numbered_range(
    sqlite_url: str, clock: FakeClock
) -> None:
    by_name = {exercise.name: exercise for exercise in load_catalogue().exercises.values()}
    async with running_bot(sqlite_url, clock) as bot:
        ivy = bot.person("Ivy")
        await ivy.onboard(transitions=("Lifting something from the floor",))
        overview = (await ivy.say("/today"))[-1].text
        assert " of 3" not in overview and " of 4" not in overview
        await ivy.tap("Start")
        shown = 0
        while any("Done" in text for row in ivy.last().buttons for text, _ in row):
            step = ivy.last().text
            exercise = by_name[step.split("\n")[0].split(" · ", 1)[1]]
            if exercise.caution:
                assert f"⚠️ {exercise.caution}" in step
                shown += 1
            else:
                assert "⚠️" not in step
            await ivy.tap("Done")
        assert shown >= 1


async def test_socks_and_getting_up_after_sitting_can_be_chosen_and_are_practised(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        hal = bot.person("Hal")
        await hal.onboard(
            transitions=("Putting on socks and shoes", "Getting up after sitting a long time")
        )
        replies = await hal.say("/today")
        assert "Socks and shoes, seated with a stool" in replies[-1].text
        assert "Up from a long sit, with hands" in replies[-1].text

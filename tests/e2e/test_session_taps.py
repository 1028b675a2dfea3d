"""A guided session one cannot mis-tap (issue 24, finding 7): ✅ Done first and alone on every
step, an undo for the last tap, and typed words that keep working, editing the step in place."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session


def step_of(person: Person) -> SentMessage:
    """The newest message carrying a session step's buttons."""
    for message in reversed(person.server.messages(person.id)):
        if any(data.startswith("wo:") for row in message.buttons for _, data in row):
            return message
    raise AssertionError("no session step")


def number(step: SentMessage) -> int:
    return int((step.text or "").split("/")[0])


async def test_done_is_the_first_button_alone_on_every_step(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/today")
        await ana.tap("Start")
        timed = 0
        while any(data.startswith("wo:") for row in ana.last().buttons for _, data in row):
            rows = ana.last().buttons
            assert [label for label, _ in rows[0]] == ["✅ Done"], rows
            timed += any("⏱" in label for row in rows for label, _ in row)
            await ana.tap("✅ Done")
        assert timed >= 1, "steps with a timer keep Done in its place too"


async def test_a_mistaken_too_hard_is_undone_and_typed_words_keep_working(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/today")
        await ana.tap("Start")
        await ana.tap("✅ Done")
        second = step_of(ana)
        assert number(second) == 2
        await ana.tap("Too hard")  # meant Done
        await ana.tap("Oops, undo")
        assert number(step_of(ana)) == 2
        user = await bot.storage.users.get(ana.id)
        assert user is not None
        workout = await bot.storage.coaching.workout(ana.id, int(user.awaiting.split(":")[1]))
        assert workout is not None and "too_hard" not in workout.results.values()

        shown = step_of(ana)
        replies = await ana.say("next")  # a word the session did not understand before
        assert [m.message_id for m in replies] == [shown.message_id], "edited in place"
        assert number(step_of(ana)) == 3
        replies = await ana.say("whatever")
        assert "done" in replies[-1].text and "skip" in replies[-1].text
        for word, expected in (("done", 4), ("back", 3), ("skip", 4)):
            replies = await ana.say(word)
            assert [m.message_id for m in replies] == [shown.message_id], word
            assert number(step_of(ana)) == expected, word


async def test_a_session_stopped_before_any_exercise_asks_no_check_in(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/today")
        await ana.tap("Start")
        replies = await ana.tap("⏹ Stop")
        assert [m.text for m in replies] == [
            "Stopped before any exercise — that's fine. /today has it when you're ready."
        ]
        assert await bot.storage.coaching.latest_checkin(ana.id, "session") is None


async def test_a_painful_first_session_is_not_praised_as_well_done(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(pain="3")
        await do_session(ana)
        replies = await check_in(ana, pain="7")
        assert any("how we read pain together" in m.text for m in replies)
        assert not any("Well done" in m.text for m in replies)

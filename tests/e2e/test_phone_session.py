"""A guided session and its check-in, as a person on a phone meets them: short questions with a
way out, timers that run on their own, and the order and things needed told before Start."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from bot.telegram import timers
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_coaching_flow import do_session


async def eventually(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


def button_texts(message: SentMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


def has_button(message: SentMessage, label: str) -> bool:
    return any(label in text for text in button_texts(message))


async def tap_done_until(person: Person, label: str) -> SentMessage:
    """Tap Done through the session until a step shows a button with `label`."""
    while not has_button(person.last(), label):
        assert has_button(person.last(), "Done"), f"no step with {label!r}"
        await person.tap("Done")
    return person.last()


async def test_the_feel_question_asks_once_then_names_each_exercise_on_its_own_button(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await do_session(ana)
        await ana.tap("1")
        effort = ana.find_button_message("3 · moderate")
        assert not any("+" in text for text in button_texts(effort))  # no "hard+"
        replies = await ana.tap("3 · moderate")
        question = replies[-1]
        assert "feel about right" in question.text
        assert button_texts(question) == ["✅ All felt right", "Some didn't"]

        replies = await ana.tap("Some didn't")
        workout = (await bot.storage.coaching.workouts_since(ana.id, clock.now().replace(hour=0)))[
            -1
        ]
        names = [item["name"] for item in workout.routine]
        each = ana.last()
        assert all(len(row) == 1 for row in each.buttons), "one button per row, phone-wide"
        assert [text.split(" ", 1)[1] for text in button_texts(each)[:-1]] == names
        first, second = names[0], names[1]
        await ana.tap(first)  # once: too easy
        await ana.tap(second)
        await ana.tap(second)  # twice: too hard
        assert f"🥱 {first}" in button_texts(ana.last())
        assert f"😣 {second}" in button_texts(ana.last())
        await ana.tap("Save")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.applied_at is not None
        ids = [item["exercise_id"] for item in workout.routine]
        assert checkin.feels[ids[0]] == "too_easy" and checkin.feels[ids[1]] == "too_hard"


async def test_too_hard_is_acknowledged_with_the_easier_version_and_why_lists_every_reason(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard(pain="5")
        await ben.say("/today")
        await ben.tap("Start")
        first = ben.last()
        replies = await ben.tap("Too hard")
        noted = next(m for m in replies if m.message_id == first.message_id)
        assert "noted as too hard" in noted.text and "easier version" in noted.text
        assert ben.last().text.startswith("2/"), "the next step follows"
        while has_button(ben.last(), "Done"):
            await ben.tap("Done")
        await ben.tap("2")
        await ben.tap("3 · moderate")
        assert "Marked" not in ben.last().text and "too hard" in ben.last().text
        replies = await ben.tap("The others felt right")
        checkin = await bot.storage.coaching.latest_checkin(ben.id, "session")
        assert checkin is not None
        changes = await bot.storage.coaching.changes_for(ben.id, checkin.id)
        assert changes
        replies = await ben.tap("Why?")
        for change in changes:
            assert change.reason in replies[-1].text


async def test_the_about_button_says_what_an_exercise_is_for_and_how_to_make_it_easier(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard()
        await cai.say("/today")
        await cai.tap("Start")
        replies = await cai.tap("About it")
        about = replies[-1].text
        assert "What it's for" in about and "Common mistakes" in about
        assert "Easier version" in about
        assert cai.find_button_message("Done").text.startswith("1/"), "the step stays put"


async def test_the_today_card_lists_what_to_have_ready_before_start(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard(transitions=("Getting out of bed", "Sitting down on a low chair"))
        replies = await dee.say("/today")
        card = replies[-1].text
        assert "Have ready:" in card and "your bed" in card and "chair" in card


@pytest.fixture
def fast_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timers, "SECOND", 0.05)  # a 5 s hold in 0.25 s


@pytest.mark.usefixtures("fast_timers")
async def test_one_tap_times_every_hold_and_a_second_tap_starts_no_second_timer(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.onboard()
        await eve.say("/today")
        await eve.tap("Start")
        step = await tap_done_until(eve, "Hold timer")
        dose = step.text.splitlines()[1]  # "8 × 5 s hold" or "2 × 20 s each side"
        await eve.tap("Hold timer")
        await eve.tap("Hold timer")
        started = [
            m
            for m in eve.server.messages(eve.id)
            if any("Hold 1/" in t for t in [m.text, *m.edits])
        ]
        assert len(started) == 1, "one timer per step"
        timer = started[0]
        await eventually(lambda: "Time!" in timer.text)
        holds = list(dict.fromkeys(text for text in timer.edits if "Hold" in text))
        total = int(holds[0].split("/")[1].split(" ")[0])
        assert len(holds) == total > 1, f"every hold of {dose!r} paced by the one tap"
        assert any("Rest" in text or "Switch" in text for text in timer.edits)


@pytest.mark.usefixtures("fast_timers")
async def test_moving_on_stops_the_timer_so_no_time_arrives_afterwards(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard()
        await fay.say("/today")
        await fay.tap("Start")
        assert has_button(fay.last(), "Breathing timer"), "breaths are paced too"
        await fay.tap("Breathing timer")
        timer = fay.last()
        assert "Breath 1/" in timer.text
        await fay.tap("Done")
        assert "Timer stopped" in timer.text
        await asyncio.sleep(3)  # longer than all the breaths take at this speed
        assert "Time!" not in timer.text and "Timer stopped" in timer.text


async def test_the_walk_gets_a_minute_timer(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gus = bot.person("Gus")
        await gus.onboard()
        await gus.say("/flare")  # the flare routine always ends with an easy walk
        await gus.tap("None of these")
        await gus.say("/today")
        await gus.tap("Start")
        step = await tap_done_until(gus, "min timer")
        assert "walk" in step.text.lower()
        await gus.tap("min timer")
        assert "min to go" in gus.last().text
        await gus.tap("Done")
        assert "Timer stopped" in gus.server.messages(gus.id)[-3].text or any(
            "Timer stopped" in m.text for m in gus.server.messages(gus.id)
        )

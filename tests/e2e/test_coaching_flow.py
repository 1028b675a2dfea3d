"""A person gets a routine, is guided through it, checks in, and sees the engine's changes."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from tests.e2e.harness import Person, running_bot


async def do_session(person: Person, too_hard: int = -1) -> None:
    """Tap through today's routine; the exercise at index `too_hard` is marked too hard."""
    await person.say("/today")
    await person.tap("Start")
    index = 0
    while any("Done" in text for row in person.last().buttons for text, _ in row):
        await person.tap("Too hard" if index == too_hard else "Done")
        index += 1


async def test_a_session_by_buttons_then_the_next_day_shows_the_logged_changes(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        replies = await ana.say("/today")
        assert "about" in replies[-1].text and "min" in replies[-1].text
        for _day in range(2):
            await do_session(ana)
            assert "How much pain" in ana.last().text
            await ana.tap("1")
            await ana.tap("3 · moderate")
            replies = await ana.tap("All the rest felt right")
            assert "Saved" in replies[-1].text
            clock.advance(timedelta(days=1))
        user_changes = await bot.storage.coaching.changes_since(
            ana.id, clock.now() - timedelta(days=5)
        )
        progressed = [change for change in user_changes if change.kind == "progress"]
        assert progressed, "two comfortable sessions in a row step exercises up"
        replies = await ana.say("/today")
        for change in progressed:
            assert change.reason in replies[-1].text


async def test_typed_ratings_are_accepted_and_nonsense_is_re_asked(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard(pain="5")  # so a 6 is no sharp rise (that would start a flare)
        await do_session(ben, too_hard=1)
        replies = await ben.say("it was fine")
        assert "number from 0 to 10" in replies[-1].text
        await ben.say("about 6")
        replies = await ben.say("4/10")
        assert "how did each exercise feel" in replies[-1].text
        replies = await ben.tap("Save")
        assert "Saved" in replies[-1].text
        checkin = await bot.storage.coaching.latest_checkin(ben.id, "session")
        assert checkin is not None and (checkin.pain, checkin.effort) == (6, 4)
        assert "too_hard" in checkin.feels.values()
        changes = await bot.storage.coaching.changes_for(ben.id, checkin.id)
        regressed = [change for change in changes if change.kind in ("regress", "stage_down")]
        assert regressed and "too hard" in regressed[0].reason
        assert "just above" in replies[-1].text or "too hard" in replies[-1].text


async def test_stopping_early_still_asks_and_saves_the_check_in(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard()
        await cai.say("/today")
        await cai.tap("Start")
        await cai.tap("Done")
        replies = await cai.tap("Stop")
        assert any("Stopped after 1 exercise" in m.text for m in replies)
        await cai.tap("2")
        await cai.tap("2 · light")
        await cai.tap("Save")
        checkin = await bot.storage.coaching.latest_checkin(cai.id, "session")
        assert checkin is not None and checkin.applied_at is not None


async def test_a_repeated_tap_does_not_skip_an_exercise(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard()
        await dee.say("/today")
        await dee.tap("Start")
        step = dee.find_button_message("Done")
        data = next(d for row in step.buttons for t, d in row if "Done" in t)
        await dee.press(step.message_id, data)
        await dee.press(step.message_id, data)  # a double tap on the same step
        workouts = await bot.storage.coaching.workouts_since(dee.id, clock.now() - timedelta(1))
        assert workouts[-1].position == 1


async def test_answers_can_be_corrected_and_the_engine_reruns(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.onboard(pain="5")
        await do_session(eve)
        await eve.tap("1")
        await eve.tap("3 · moderate")
        await eve.tap("All the rest felt right")
        await eve.tap("Correct my answers")
        await eve.say("7")
        await eve.tap("3 · moderate")
        replies = await eve.tap("Save")
        checkin = await bot.storage.coaching.latest_checkin(eve.id, "session")
        assert checkin is not None and checkin.pain == 7
        changes = await bot.storage.coaching.changes_for(eve.id, checkin.id)
        assert all(change.kind != "progress" for change in changes)
        assert any("well above" in change.reason for change in changes)
        assert "well above" in replies[-1].text


async def test_the_next_morning_question_gates_the_load(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard(zone="UTC", routine_time="07:30")
        # Two comfortable sessions, so something has been stepped up.
        for _ in range(2):
            await do_session(fay)
            await fay.tap("1")
            await fay.tap("3 · moderate")
            await fay.tap("All the rest felt right")
            clock.advance(timedelta(days=1))
        await bot.advance(timedelta(hours=2), step=timedelta(minutes=15))
        morning = fay.find_button_message("Worse")
        assert "compared with usual" in morning.text
        await fay.tap("Worse")
        replies = await fay.say("5")
        assert any("worse the next morning" in m.text for m in replies)
        checkin = await bot.storage.coaching.latest_checkin(fay.id, "next_morning")
        assert checkin is not None and (checkin.compared, checkin.pain) == ("worse", 5)

"""A person gets a routine, is guided through it, checks in, and sees the engine's changes."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import BotHarness, Person, running_bot


async def do_session(person: Person, too_hard: int = -1) -> None:
    """Tap through today's routine; the exercise at index `too_hard` is marked too hard."""
    await person.say("/today")
    await person.tap("Start")
    index = 0
    while any("Done" in text for row in person.last().buttons for text, _ in row):
        await person.tap("Too hard" if index == too_hard else "Done")
        index += 1


async def next_morning(
    bot: BotHarness, person: Person, word: str = "Same", pain: str = "3"
) -> None:
    """The next-morning question arrives (within a day and a bit), and the person answers it."""
    mark = bot.mark(person.id)
    for _ in range(60):
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=30))
        if any("compared with usual" in (m.text or "") for m in bot.since(person.id, mark)):
            break
    morning = person.find_button_message(word)
    assert "compared with usual" in morning.text
    await person.tap(word)
    await person.say(pain)


async def check_in(person: Person, pain: str = "1") -> list[SentMessage]:
    await person.tap(pain)
    await person.tap("3 · moderate")
    return await person.tap("felt right")


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
            replies = await check_in(ana)
            assert any("Saved" in m.text for m in replies)  # and the day's lesson
            await next_morning(bot, ana)
        user_changes = await bot.storage.coaching.changes_since(
            ana.id, clock.now() - timedelta(days=5)
        )
        progressed = [change for change in user_changes if change.kind == "progress"]
        assert progressed, "two comfortable sessions in a row step exercises up"
        assert len(progressed) <= 2, "one or two changes at a time"
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
        assert "feel about right" in replies[-1].text
        replies = await ben.tap("The others felt right")
        saved = next(m for m in replies if "Saved" in m.text)  # then the day's lesson
        checkin = await bot.storage.coaching.latest_checkin(ben.id, "session")
        assert checkin is not None and (checkin.pain, checkin.effort) == (6, 4)
        assert "too_hard" in checkin.feels.values()
        changes = await bot.storage.coaching.changes_for(ben.id, checkin.id)
        regressed = [change for change in changes if change.kind in ("regress", "stage_down")]
        assert regressed and "too hard" in regressed[0].reason
        assert "just above" in saved.text or "too hard" in saved.text


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
        await cai.tap("felt right")
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
        await eve.tap("felt right")
        await eve.tap("Correct my answers")
        await eve.say("7")
        await eve.tap("3 · moderate")
        replies = await eve.tap("felt right")
        checkin = await bot.storage.coaching.latest_checkin(eve.id, "session")
        assert checkin is not None and checkin.pain == 7
        changes = await bot.storage.coaching.changes_for(eve.id, checkin.id)
        assert all(change.kind != "progress" for change in changes)
        assert any("more than your usual 5 allows" in change.reason for change in changes)
        assert "more than your usual 5 allows" in replies[-1].text


async def test_a_morning_two_points_worse_undoes_what_the_session_did_first(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard(zone="UTC", routine_time="07:30", pain="3")
        await do_session(fay)
        await check_in(fay)
        await next_morning(bot, fay, "Same", "3")
        await do_session(fay)
        replies = await check_in(fay)
        saved = next(m for m in replies if "Saved" in m.text)
        assert "For next time:" in saved.text and "usual pain as 3/10" in saved.text
        planned = await bot.storage.coaching.changes_since(fay.id, clock.now() - timedelta(1))
        stepped = {(c.exercise, c.variable) for c in planned if c.kind == "progress"}
        assert 1 <= len(stepped) <= 2
        await next_morning(bot, fay, "Same", "3")
        await do_session(fay)  # the first session at the new doses
        await check_in(fay)
        await next_morning(bot, fay, "Worse", "5")
        replies = fay.server.messages(fay.id)[-3:]
        assert any("worse than usual the morning after" in (m.text or "") for m in replies)
        checkin = await bot.storage.coaching.latest_checkin(fay.id, "next_morning")
        assert checkin is not None and (checkin.compared, checkin.pain) == ("worse", 5)
        workouts = await bot.storage.coaching.workouts_since(fay.id, clock.now() - timedelta(2))
        performed = {step for step in stepped if step[0] in workouts[-1].results}
        assert performed, "the third session did at least one of the new doses"
        undone = await bot.storage.coaching.changes_for(fay.id, checkin.id)
        assert {(c.exercise, c.variable) for c in undone if "waits" not in c.reason} == performed


async def test_a_usual_6_person_rating_6_stays_on_the_normal_routine_with_a_short_summary(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gus = bot.person("Gus")
        await gus.onboard(pain="6")
        for _day in range(3):
            await do_session(gus)
            replies = await check_in(gus, pain="6")
            assert not any("most settle" in (m.text or "") for m in replies), "no flare notice"
            saved = next(m for m in replies if "Saved" in m.text)
            bullets = [line for line in saved.text.splitlines() if line.startswith("•")]
            assert len(bullets) <= 3
            assert "usual pain as 6/10" in saved.text
            await next_morning(bot, gus, "Same", "6")
        replies = await gus.say("/today")
        assert replies[-1].text.startswith("Today's routine"), "not the flare-day routine"
        plan = await bot.storage.coaching.plan(gus.id)
        assert plan is not None and not plan["flare"]

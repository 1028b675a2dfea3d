"""Typing instead of tapping, and free text read for meaning — over the real bot and HTTP."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.telegram.questions import QUESTIONS
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_reminders import BERLIN, at_berlin, setup_person

URGENT_TEXT = "since this morning I have numbness in both legs and trouble controlling my bladder"


def labels(person: Person) -> list[str]:
    return [text for row in person.last().buttons for text, _ in row]


async def start_session(person: Person) -> None:
    await person.say("/today")
    await person.tap("Start")
    assert person.last().text.startswith("1/"), person.last().text


async def test_urgent_signs_typed_as_free_text_stop_the_programme_like_the_safety_screen(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        assert await bot.storage.nudges.pending(ana.id) != []

        replies = await ana.say(URGENT_TEXT)

        user = await bot.storage.users.get(ana.id)
        assert user is not None
        assert (user.red_flags, user.onboarding_step) == ("urgent", "urgent")
        assert await bot.storage.nudges.pending(ana.id) == []  # every reminder cancelled
        urgent_text, _ = QUESTIONS["urgent"].ask(user)
        assert [m.text for m in replies] == [urgent_text]  # the screen's own urgent advice
        assert labels(ana) == ["A clinician has checked me"]
        answers = await bot.storage.safety.answers(ana.id)
        assert [(q, a) for _, q, a in answers][-1] == ("typed_urgent", "urgent")
        await ana.say("/today")
        assert not any("Start" in label for label in labels(ana))  # no sessions until checked


async def test_urgent_signs_are_caught_even_while_another_question_is_open(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard()
        await ben.say("/pause")  # a question with buttons is open
        await ben.say("I can't control my bladder since this morning")
        user = await bot.storage.users.get(ben.id)
        assert user is not None and user.red_flags == "urgent"
        assert user.paused_until is None  # not read as a pause length
        assert await bot.storage.nudges.pending(ben.id) == []


async def test_denied_signs_never_stop_the_programme_and_unsure_ones_are_asked(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard()
        await cai.say("no numbness in my legs, just stiff")
        user = await bot.storage.users.get(cai.id)
        assert user is not None and user.red_flags != "urgent"
        assert await bot.storage.nudges.pending(cai.id) != []

        replies = await cai.say("I used to have bladder problems years ago")
        assert "do you have new trouble peeing" in replies[-1].text  # in the sign's own words
        replies = await cai.say("no")
        assert "thanks for checking" in replies[-1].text
        assert await bot.storage.nudges.pending(cai.id) != []

        await cai.say("I used to have bladder problems years ago")
        await cai.say("yes")
        user = await bot.storage.users.get(cai.id)
        assert user is not None and user.red_flags == "urgent"
        assert await bot.storage.nudges.pending(cai.id) == []


async def test_my_back_hurts_today_offers_a_flare_a_gentler_session_or_logging_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard()
        replies = await dee.say("my back hurts today")
        assert "Sorry" in replies[-1].text
        assert labels(dee) == [
            "🔥 It's a flare-up",
            "🌿 A gentle session now",
            "📝 Log a bad day and rest",
        ]
        replies = await dee.tap("It's a flare-up")
        assert any("most settle" in m.text for m in replies)  # the flare protocol
        replies = await dee.say("none")  # typed answer to its safety question
        assert "None of these — good" in replies[-1].text

        replies = await dee.say("pain 7 today")
        assert "7/10" in replies[-1].text
        replies = await dee.say("gentle session")  # a menu label, typed
        assert replies[-1].text.startswith("1/")


async def test_the_issues_typed_labels_each_do_what_the_button_does(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.onboard()

        # "skip" during a step moves to the next one; "stop" ends the session, not /stop
        await start_session(eve)
        replies = await eve.say("skip")
        assert replies[-1].text.startswith("2/")
        replies = await eve.say("Stop")
        assert any("Stopped before any exercise" in m.text for m in replies)
        user = await bot.storage.users.get(eve.id)
        assert user is not None and not user.stopped
        workouts = await bot.storage.coaching.workouts_since(eve.id, clock.now() - timedelta(1))
        assert [w.status for w in workouts] == ["stopped"]
        assert list(workouts[0].results.values())[:1] == ["skipped"]

        # "done" at the movements question
        await eve.say("/settings")
        await eve.tap("Trouble movements")
        await eve.say("getting into or out of a car")
        replies = await eve.say("done")
        assert replies[-1].text.startswith("Saved")
        user = await bot.storage.users.get(eve.id)
        assert user is not None and "into_car" in user.transitions

        # "no" at the safety check
        await eve.say("/settings")
        await eve.tap("Safety check")
        replies = await eve.say("no")
        assert "Please tap" not in replies[0].text
        user = await bot.storage.users.get(eve.id)
        assert user is not None and user.red_flags != "urgent"

        # "2 hours" at /pause
        await eve.say("/pause")
        replies = await eve.say("2 hours")
        assert replies[-1].text.startswith("Paused until")
        user = await bot.storage.users.get(eve.id)
        assert user is not None and user.paused_until == clock.now() + timedelta(hours=2)

        # "yes" at /delete
        await eve.say("/delete")
        replies = await eve.say("yes")
        assert "erased" in replies[-1].text
        assert await bot.storage.users.get(eve.id) is None


async def test_what_should_i_do_shows_today_and_thanks_gets_a_short_answer(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard()
        replies = await fay.say("what should I do")
        assert "routine" in replies[-1].text.lower() and "Start" in labels(fay)[0]
        replies = await fay.say("start")  # the Start button, typed
        assert replies[-1].text.startswith("1/")
        replies = await fay.say("thanks!")
        assert replies[-1].text == "You're welcome! 🙂"


async def test_misses_are_counted_by_kind_never_by_text_and_shown_in_stats(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, admin_ids=frozenset({1001})) as bot:
        admin = bot.person("Gus")
        assert admin.id == 1001
        await admin.onboard()
        replies = await admin.say("purple elephants dancing")
        assert "not sure" in replies[-1].text
        assert len(labels(admin)) == 4  # the things people most often want
        await admin.say("what is a zebra")
        await admin.say("what if I can't feel my legs")  # asked, and counted as not sure
        await admin.say("no")
        assert await bot.storage.misses.counts() == {"free text": 2, "urgent: not sure": 1}
        replies = await admin.say("/stats")
        assert "free text: 2" in replies[-1].text
        assert "zebra" not in replies[-1].text and "elephant" not in replies[-1].text


async def test_done_and_later_typed_soon_after_a_reminder_answer_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 40)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        await bot.advance(timedelta(minutes=11))  # the 09:45 sit break, give or take her offset
        at_berlin(clock, 23, 9, 52)
        replies = await ana.say("done")
        assert "Nice work" in replies[-1].text
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        due = pending["sit"].due_at.astimezone(BERLIN)
        assert "10:37" <= due.strftime("%H:%M") <= "10:42", "45 minutes after Done, spread"
        clock.set(due)
        await bot.tick()
        replies = await ana.say("later")  # a sit break's "later" is its Snooze
        assert "10 minutes" in replies[-1].text
        at_berlin(clock, 23, 12, 0)  # over an hour since: "done" is no reply to it
        replies = await ana.say("done")
        assert "Nice work" not in replies[-1].text


async def test_cancel_and_back_close_the_open_question_without_changing_anything(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ivy = bot.person("Ivy")
        await ivy.onboard(zone="Tokyo")
        await ivy.say("/settings")
        await ivy.tap("Time zone")
        replies = await ivy.say("back")
        assert replies[-1].text.startswith("OK, nothing changed")
        await ivy.say("/delete")
        replies = await ivy.say("cancel")
        assert "Nothing was deleted" in replies[-1].text
        user = await bot.storage.users.get(ivy.id)
        assert user is not None and user.timezone == "Asia/Tokyo" and user.awaiting is None


async def test_a_whole_check_in_can_be_typed_words_and_all(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        jo = bot.person("Jo")
        await jo.onboard()
        await start_session(jo)
        while jo.last().text[:1].isdigit() and "/" in jo.last().text.split("·")[0]:
            await jo.say("done")
        replies = await jo.say("2")  # pain
        assert "How hard" in replies[-1].text
        replies = await jo.say("moderate")  # the effort scale's word for 3
        assert "feel about right" in replies[-1].text
        replies = await jo.say("all good")
        assert any(m.text.startswith("Saved") for m in replies)
        checkin = await bot.storage.coaching.latest_checkin(jo.id, "session")
        assert checkin is not None and (checkin.pain, checkin.effort) == (2, 3)
        assert checkin.applied_at is not None

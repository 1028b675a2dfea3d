"""The reminders around a day's session: no sit break on the floor, a morning question in the
morning, a pause that loses nothing, a day that is done, and sit breaks one can hold briefly."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.coaching.nudge_timing import stable_offset
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session

BERLIN = ZoneInfo("Europe/Berlin")


def at_berlin(clock: FakeClock, day: int, hour: int, minute: int = 0) -> None:
    clock.set(datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


def near(moment: datetime | None, day: int, hour: int, minute: int) -> bool:
    """At that Berlin time or a few minutes after: each person's reminders carry a stable offset
    of up to 5 minutes, so that thousands of people don't arrive at once."""
    start = datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)
    return moment is not None and start <= moment < start + timedelta(minutes=5)


def hhmm(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%H:%M")


def sit_nudges(person: Person) -> list[str]:
    return [text for text in person.texts() if "-minute move" in text]


def routine_reminders(person: Person) -> list[str]:
    return [text for text in person.texts() if "Time for your daily routine" in text]


async def pending(bot: BotHarness, person: Person) -> dict[str, datetime]:
    return {n.slot: n.due_at for n in await bot.storage.nudges.pending(person.id)}


async def tap_step(person: Person, label: str) -> None:
    """Tap a button of the guided session's step (not a sit break's Done)."""
    for message in reversed(person.server.messages(person.id)):
        for row in message.buttons:
            for text, data in row:
                if label in text and data.startswith("wo:"):
                    await person.press(message.message_id, data)
                    return
    raise AssertionError(f"no session step with {label!r}")


def in_session(person: Person) -> bool:
    last = person.server.messages(person.id)[-1]
    return any(data.startswith("wo:") for row in last.buttons for _, data in row)


async def test_no_sit_break_arrives_during_a_guided_session_and_the_timer_restarts_after_it(
    database_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 30)  # Monday, desk hours: the first sit break is due at 09:45
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="07:30")
        await ana.say("/today")
        await ana.tap("Start")
        while in_session(ana):  # three minutes an exercise, on the floor; 09:45 passes
            await bot.advance(timedelta(minutes=3))
            assert sit_nudges(ana) == [], "no sit break mid-session"
            await tap_step(ana, "Done")
        finished = clock.now()
        assert finished > datetime(2026, 11, 23, 9, 45, tzinfo=BERLIN)
        assert (await pending(bot, ana))["sit"] == finished + timedelta(minutes=45)

        # Stopping early restarts the timer from then too.
        await check_in(ana)
        await bot.advance(timedelta(minutes=10))
        await ana.say("/today")
        await ana.tap("Start")
        await bot.advance(timedelta(minutes=4))
        await tap_step(ana, "Stop")
        stopped = clock.now()
        assert (await pending(bot, ana))["sit"] == stopped + timedelta(minutes=45)
        assert sit_nudges(ana) == []


async def test_a_session_left_open_holds_sit_breaks_for_90_minutes_at_most(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 30)
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30")
        await ana.say("/today")
        await ana.tap("Start")  # and then the phone goes back in the pocket
        await bot.advance(timedelta(minutes=85), step=timedelta(minutes=5))  # to 10:55
        assert sit_nudges(ana) == []
        await bot.advance(timedelta(minutes=25), step=timedelta(minutes=5))  # to 11:20
        assert len(sit_nudges(ana)) == 1, "breaks are back at 11:15"


async def test_the_morning_question_comes_in_the_morning_at_a_time_one_can_set(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 19, 50)  # Monday evening
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="20:00")
        await do_session(ana)
        await check_in(ana)
        # An evening routine: the next-morning question still comes in the morning, by default
        # at 08:00 (or the desk start or a morning routine, if earlier).
        assert near((await pending(bot, ana))["morning"], 24, 8, 0)

        await ana.say("/settings")
        replies = await ana.tap("Morning check-in")
        assert "08:00 (automatic)" in replies[-1].text
        replies = await ana.say("19:00")
        assert any("by noon" in (m.text or "") for m in replies), "an evening time is refused"
        replies = await ana.say("7:15")
        assert "Morning check-in: 07:15" in replies[-1].text
        assert near((await pending(bot, ana))["morning"], 24, 7, 15), "the waiting one moves"

        at_berlin(clock, 24, 7, 10)
        mark = bot.mark(ana.id)
        await bot.advance(timedelta(minutes=10))
        sent = [m.text for m in bot.since(ana.id, mark)]
        assert any("compared with usual" in text for text in sent), sent
        morning = [n for n in await bot.storage.nudges.log(ana.id) if n.slot == "morning"]
        assert near(morning[0].sent_at, 24, 7, 15)


async def test_pausing_then_resuming_keeps_the_morning_question_and_unpauses_tomorrow(
    database_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 12, 0)  # Monday noon
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="07:30")
        await do_session(ana)
        await check_in(ana)
        morning = (await pending(bot, ana))["morning"]
        assert near(morning, 24, 7, 30)

        await ana.say("/pause")
        await ana.tap("Until I resume")
        await bot.advance(timedelta(minutes=1))
        replies = await ana.say("/resume")
        assert "Reminders are on again" in replies[-1].text

        assert (await pending(bot, ana)).get("morning") == morning, "still asked tomorrow"
        marks = dict(await bot.storage.habits.days(ana.id, morning.date() - timedelta(days=1)))
        assert all(outcome != "paused" for day, outcome in marks.items() if day.day > 23), marks
        at_berlin(clock, 24, 7, 25)
        await bot.advance(timedelta(minutes=10))
        assert any("compared with usual" in text for text in ana.texts())


async def test_a_finished_session_makes_today_done_no_reminder_and_nothing_to_skip(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 10, 0)  # Monday; the routine reminder is set for 18:00
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="18:00")
        await do_session(ana)
        await check_in(ana)

        replies = await ana.say("/today")
        assert "Done for today" in replies[-1].text and "Tomorrow's routine" in replies[-1].text
        labels = [text for row in replies[-1].buttons for text, _ in row]
        assert not any("Skip" in label for label in labels), labels
        assert any("Start" in label for label in labels), "a short extra is there if wanted"
        # An older message's Skip today button no longer asks why.
        old = ana.find_button_message("Skip today")
        replies = await ana.press(old.message_id, "skip:ask")
        assert "already done" in replies[-1].text
        assert not any("Why are you skipping" in (m.text or "") for m in replies)

        at_berlin(clock, 23, 17, 55)
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=5))
        assert routine_reminders(ana) == [], "today is done: no routine reminder tonight"
        at_berlin(clock, 24, 17, 55)
        await bot.advance(timedelta(minutes=15), step=timedelta(minutes=5))
        assert len(routine_reminders(ana)) == 1, "tomorrow's comes as usual"


async def test_quiet_hours_do_not_silence_a_sit_timer_one_starts(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 28, 21, 30)  # Saturday evening
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30")
        await ana.say("/settings")
        await ana.tap("Quiet hours")
        await ana.say("22:00-07:00")
        at_berlin(clock, 28, 21, 40)
        started = await ana.say("/sit")  # due 22:25, inside quiet hours
        await bot.advance(timedelta(minutes=50), step=timedelta(minutes=5))  # to 22:30
        assert len(sit_nudges(ana)) == 1, "the timer one started rings"
        assert "quiet hours" in started[-1].text and "still rings" in started[-1].text
        await bot.advance(timedelta(hours=4), step=timedelta(minutes=15))
        assert len(sit_nudges(ana)) == 1, "unanswered repeats keep quiet hours"


async def test_sit_breaks_have_three_buttons_and_hold_for_an_hour_a_meeting_or_the_day(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 40)  # Monday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30")
        await bot.advance(timedelta(minutes=10))  # the first break, just after 09:45
        assert len(sit_nudges(ana)) == 1
        labels = [text for row in ana.last().buttons for text, _ in row]
        assert labels == ["✅ Done", "⏰ Snooze 10 min", "🚶 Not sitting"]

        replies = await ana.tap("Not sitting")
        assert "no sit breaks for about an hour" in replies[-1].text
        longer = [text for row in replies[-1].buttons for text, _ in row]
        assert longer == ["🌙 Rest of today", "👥 Meeting"]
        await bot.advance(timedelta(minutes=60), step=timedelta(minutes=5))  # to 10:50
        assert len(sit_nudges(ana)) == 1
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=5))  # to 11:20
        assert len(sit_nudges(ana)) == 2, "back after the hour, on the 45-minute rhythm"

        await ana.tap("Not sitting")
        replies = await ana.tap("Meeting")
        assert "Meeting mode" in replies[-1].text
        await bot.advance(timedelta(hours=2), step=timedelta(minutes=10))  # to 13:20
        assert len(sit_nudges(ana)) == 2
        replies = await ana.tap("Meeting's over")
        assert "sit breaks are on again" in replies[-1].text
        assert near((await pending(bot, ana))["sit"], 23, 13, 30), "on the rhythm again"

        await bot.advance(timedelta(minutes=15))  # the 13:30 break
        await ana.tap("Not sitting")
        await ana.tap("Rest of today")
        assert near((await pending(bot, ana))["sit"], 24, 9, 45), "tomorrow as usual"
        assert len(sit_nudges(ana)) == 3


async def test_schedule_explains_itself_and_resume_says_when_nothing_was_paused(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 8, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="07:30")
        replies = await ana.say("/resume")
        assert "aren't paused" in replies[-1].text and "Welcome back" not in replies[-1].text

        await ana.say("/rules")
        await ana.tap("Add a reminder rule")
        await ana.say("No heavy lifting without a warm-up at 08:30 Mon-Fri")
        text = (await ana.say("/schedule"))[-1].text
        assert "Sit breaks every 45 min, Mon–Fri 09:00–17:30" in text
        arrives = (datetime(2026, 11, 24, 7, 30) + stable_offset(ana.id)).strftime("%H:%M")
        assert f"Routine 07:30 (arrives {arrives})" in text, text
        assert "don't all arrive at once" in text
        assert "Morning check-in 07:30" in text  # a morning routine: asked then
        assert "— 📌 No heavy lifting without a warm-up" in text
        assert "Your rule reminder" not in text


async def test_meeting_mode_can_start_before_the_meeting_and_schedule_says_so(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 10, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30")
        replies = await ana.say("/meeting")
        assert "Meeting mode" in replies[-1].text
        text = (await ana.say("/schedule"))[-1].text
        assert "held until 13:00 (meeting mode)" in text, text
        await bot.advance(timedelta(minutes=90), step=timedelta(minutes=10))
        assert sit_nudges(ana) == []
        await ana.tap("Meeting's over")
        await bot.advance(timedelta(minutes=50), step=timedelta(minutes=5))
        assert len(sit_nudges(ana)) == 1

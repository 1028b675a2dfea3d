"""A day that fits a real day (issue 24): sit breaks that learn, one morning message that
survives pauses and holds and understands words, and a weekly review that knows what was done."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session

BERLIN = ZoneInfo("Europe/Berlin")


def at(clock: FakeClock, day: int, hour: int, minute: int = 0) -> None:
    clock.set(datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))  # 23 Nov 2026: a Monday


async def unprompted(bot: BotHarness, person: Person, until: datetime) -> list[SentMessage]:
    """What the bot sends on its own while the clock runs to `until`."""
    mark = bot.mark(person.id)
    await bot.advance(until - bot.clock.now(), step=timedelta(minutes=5))
    return bot.since(person.id, mark)


def labels(message: SentMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


def local(message_time: datetime) -> str:
    return message_time.astimezone(BERLIN).strftime("%H:%M")


async def office_worker(bot: BotHarness, routine: str = "07:30") -> Person:
    """Desk hours Mon–Fri 09:00–17:00 and the suggested sit-break rhythm: the defaults."""
    ana = bot.person("Ana")
    await ana.onboard(
        zone="Berlin", desk="Mon–Fri 09:00–17:00", sit_breaks="Every hour", routine_time=routine
    )
    return ana


# --- finding 2: sit breaks that learn ------------------------------------------------------


async def test_ignored_breaks_space_out_offer_fewer_and_keep_a_workday_to_ten_messages(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 23, 6, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)
        at(clock, 23, 6, 30)
        monday = await unprompted(bot, ana, datetime(2026, 11, 23, 20, 0, tzinfo=BERLIN))
        assert len(monday) <= 10, [m.text for m in monday]
        breaks = [m for m in monday if "-minute move" in (m.text or "")]
        assert breaks and all(m.text.startswith("Time for a 2-minute move.") for m in breaks)
        assert all(len(labels(m)) <= 3 for m in monday)
        (offer,) = [m for m in monday if "Would fewer suit you?" in (m.text or "")]
        assert labels(offer) == ["Every 2 hours", "Afternoons only", "Keep as is"]
        assert len(breaks) == 4, "10, 11 and 12 o'clock go by; then the offer; then every 2 h"

        tuesday = await unprompted(bot, ana, datetime(2026, 11, 24, 20, 0, tzinfo=BERLIN))
        assert len(tuesday) <= 5, "after a day of ignored breaks, at most five"

        at(clock, 25, 10, 55)
        await bot.advance(timedelta(minutes=10))  # Wednesday's 11:00 break (+ Ana's offset)
        await ana.tap("Done")
        due = {n.slot: n.due_at for n in await bot.storage.nudges.pending(ana.id)}["sit"]
        assert due - clock.now() == timedelta(hours=1), "a Done brings the hourly rhythm back"


async def test_afternoons_only_holds_the_morning_breaks(sqlite_url: str, clock: FakeClock) -> None:
    at(clock, 23, 8, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)
        await unprompted(bot, ana, datetime(2026, 11, 23, 14, 10, tzinfo=BERLIN))
        replies = await ana.tap("Afternoons only")
        assert "afternoons only" in replies[-1].text
        tuesday = await unprompted(bot, ana, datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN))
        sent = [n for n in await bot.storage.nudges.log(ana.id) if n.slot == "sit"]
        tuesday_breaks = [n for n in sent if n.due_at.astimezone(BERLIN).day == 24]
        assert tuesday_breaks and all(local(n.due_at) >= "14:00" for n in tuesday_breaks)
        assert [m for m in tuesday if "-minute move" in (m.text or "")]


async def test_a_sit_timer_says_how_long_and_a_desk_break_suits_the_office(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 28, 10, 0)  # Saturday: no desk hours, only the timer
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)
        await ana.say("/sit")
        await bot.advance(timedelta(minutes=65), step=timedelta(minutes=5))
        nudge = ana.last()
        assert nudge.text.startswith("You've been sitting for 60 minutes — time for a 2-minute")
        for word in ("broomstick", "Box", "cushion"):
            assert word not in nudge.text


async def test_the_evening_reminder_counts_the_breaks_taken(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 23, 9, 55)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot, routine="18:00")
        for _ in range(2):
            await bot.advance(timedelta(minutes=10))
            await ana.tap("Done")
            await bot.advance(timedelta(minutes=50))
        evening = await unprompted(bot, ana, datetime(2026, 11, 23, 18, 10, tzinfo=BERLIN))
        (routine,) = [m for m in evening if "Time for your daily routine" in (m.text or "")]
        assert "You took 2 sit breaks today" in routine.text


# --- finding 5: one morning message -------------------------------------------------------


async def session_on_friday_evening(bot: BotHarness, clock: FakeClock, ana: Person) -> None:
    at(clock, 27, 18, 0)
    await do_session(ana)
    await check_in(ana, pain="2")
    # The check-in's last question is closed once saved (finding 1 of issue 24, made apart).
    await bot.storage.users.update(ana.id, awaiting=None)


async def test_the_morning_question_carries_the_routine_in_one_message(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)  # routine 07:30: the morning question's time too
        await session_on_friday_evening(bot, clock, ana)
        at(clock, 28, 6, 0)
        saturday = await unprompted(bot, ana, datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN))
        assert len(saturday) == 1, [m.text for m in saturday]
        (morning,) = saturday
        assert morning.text.startswith("Good morning — how's your back compared with usual?")
        assert "Today:" in morning.text and "minutes" in morning.text
        assert labels(morning) == ["Better", "Same", "Worse", "▶️ Start now", "⏰ Later"]
        replies = await ana.tap("Same")
        assert "▶️ Start now" in labels(replies[0]), "the routine's buttons stay"


async def test_typed_morning_words_answer_like_the_buttons_and_worse_says_what_it_changes(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot, routine="18:00")
        await session_on_friday_evening(bot, clock, ana)
        await unprompted(bot, ana, datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN))
        assert "compared with usual" in ana.last().text
        replies = await ana.say("not great")
        assert "Compared with usual: worse." in replies[0].text
        # "Worse" is acted on at once (as usual + 2): what it changes comes with the tap.
        said = [m.text for m in replies[1:] if "how much does it hurt" not in m.text]
        assert said and all(text.strip() != "Thanks!" for text in said), said
        await ana.say("4")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "next_morning")
        assert checkin is not None and (checkin.compared, checkin.pain) == ("worse", 4)

        at(clock, 28, 17, 0)
        await do_session(ana)
        await check_in(ana, pain="2")
        await bot.storage.users.update(ana.id, awaiting=None)
        await unprompted(bot, ana, datetime(2026, 11, 29, 9, 0, tzinfo=BERLIN))
        replies = await ana.say("a bit better actually")
        assert "Compared with usual: better." in replies[0].text


async def test_typed_start_and_later_answer_the_morning_messages_routine_buttons(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)  # routine 07:30: carried by the morning question
        await session_on_friday_evening(bot, clock, ana)
        await unprompted(bot, ana, datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN))
        assert "⏰ Later" in labels(ana.last())

        async def later_due() -> str:
            due = {n.slot: n.due_at for n in await bot.storage.nudges.pending(ana.id)}["later"]
            return local(due)

        replies = await ana.say("later")  # an hour and a half after it came
        assert "remind you again in an hour" in replies[-1].text
        assert await later_due() == "10:00"
        replies = await ana.say("at 6pm")
        assert "I'll remind you at 18:00" in replies[-1].text
        assert await later_due() == "18:00"
        replies = await ana.say("at 7")  # the next seven o'clock today
        assert "I'll remind you at 19:00" in replies[-1].text

        await ana.tap("Same")  # the morning's number is asked now; "let's go" still starts
        replies = await ana.say("let's go")
        assert any("Done" in label for label in labels(replies[-1])), replies[-1].text
        workouts = await bot.storage.coaching.workouts_since(ana.id, clock.now())
        assert [w.status for w in workouts] == ["started"]


async def test_typed_after_work_puts_the_routine_off_until_the_desk_day_ends(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 26, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)  # Mon–Fri 09:00–17:00
        at(clock, 26, 18, 0)
        await do_session(ana)
        await check_in(ana, pain="2")
        await bot.storage.users.update(ana.id, awaiting=None)
        await unprompted(bot, ana, datetime(2026, 11, 27, 8, 0, tzinfo=BERLIN))  # Friday
        replies = await ana.say("after work")
        assert "I'll remind you at 17:00" in replies[-1].text
        replies = await ana.say("now")
        assert any("Done" in label for label in labels(replies[-1])), replies[-1].text


async def test_the_morning_question_survives_a_pause_and_a_safety_hold(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot, routine="18:00")
        await session_on_friday_evening(bot, clock, ana)
        at(clock, 27, 21, 0)
        await ana.say("/pause")
        await ana.tap("Until I resume")
        await unprompted(bot, ana, datetime(2026, 11, 28, 9, 30, tzinfo=BERLIN))
        assert not any("compared with usual" in t for t in ana.texts())
        await ana.say("/resume")
        later = await unprompted(bot, ana, datetime(2026, 11, 28, 9, 45, tzinfo=BERLIN))
        assert any("compared with usual" in (m.text or "") for m in later), "asked after /resume"

        await ana.tap("Same")
        await ana.say("3")
        at(clock, 28, 17, 0)
        await do_session(ana)
        await check_in(ana, pain="2")
        await ana.say("/settings")
        await ana.tap("Safety check")
        await ana.tap("Yes, at least one")  # an urgent sign: everything stops until checked
        await unprompted(bot, ana, datetime(2026, 11, 29, 8, 30, tzinfo=BERLIN))
        await ana.tap("A clinician has checked me")
        await ana.tap("Yes, they said it's fine")
        later = await unprompted(bot, ana, datetime(2026, 11, 29, 8, 45, tzinfo=BERLIN))
        assert any("compared with usual" in (m.text or "") for m in later), "asked after a hold"


async def test_a_morning_question_unanswered_by_noon_is_asked_once_at_the_next_contact(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot, routine="18:00")
        await session_on_friday_evening(bot, clock, ana)
        morning = await unprompted(bot, ana, datetime(2026, 11, 28, 13, 0, tzinfo=BERLIN))
        assert [m for m in morning if "compared with usual" in (m.text or "")]  # not answered
        replies = await ana.say("/today")
        assert "Today's routine" in replies[0].text
        assert replies[-1].text == "How was your back this morning compared with usual?"
        assert labels(replies[-1]) == ["Better", "Same", "Worse"]
        again = await ana.say("/today")
        assert not any("compared with usual" in m.text for m in again), "asked once"
        await ana.tap("Same")
        await ana.say("3")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "next_morning")
        assert checkin is not None and (checkin.compared, checkin.pain) == ("same", 3)


async def test_a_morning_question_let_go_after_a_long_pause_is_asked_when_they_next_write(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot, routine="18:00")
        await session_on_friday_evening(bot, clock, ana)
        at(clock, 27, 21, 0)
        await ana.say("/pause")
        await ana.tap("Until I resume")
        at(clock, 28, 12, 30)
        await ana.say("/resume")  # past noon: no "this morning" push now
        later = await unprompted(bot, ana, datetime(2026, 11, 28, 14, 0, tzinfo=BERLIN))
        assert not any("compared with usual" in (m.text or "") for m in later)
        replies = await ana.say("hi")
        assert replies[-1].text == "How was your back this morning compared with usual?"
        replies = await ana.say("a bit worse")
        assert "Compared with usual: worse." in replies[0].text
        evening = await unprompted(bot, ana, datetime(2026, 11, 28, 19, 0, tzinfo=BERLIN))
        assert not any("compared with usual" in (m.text or "") for m in evening), "once"


# --- finding 8: the weekly review ---------------------------------------------------------


async def test_no_weekly_reminder_once_this_weeks_session_is_done(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 26, 8, 0)  # Thursday
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)  # weekly session on Sundays at 10:00
        at(clock, 26, 19, 0)
        await ana.say("/weekly")
        await ana.tap("Start")
        while any("Done" in text for text in labels(ana.last())):
            await ana.tap("Done")
        await check_in(ana, pain="2")
        at(clock, 29, 9, 0)
        sunday = await unprompted(bot, ana, datetime(2026, 11, 29, 12, 0, tzinfo=BERLIN))
        assert not any("weekly maintenance session" in (m.text or "") for m in sunday)
        due = {n.slot: n.due_at for n in await bot.storage.nudges.pending(ana.id)}["weekly"]
        assert due.astimezone(BERLIN).strftime("%a %d") == "Sun 06", "next week's as usual"


# --- the short help -----------------------------------------------------------------------


async def test_the_short_help_names_goals_report_and_own_exercises_in_a_phone_screen(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)
        short = (await ana.say("/help"))[-1]
        assert len(short.text.splitlines()) <= 15
        for command in ("/today", "/goals", "/report", "/myexercise", "/flare", "/pause"):
            assert command in short.text, command
        assert labels(short) == ["All commands ▸"]


# --- at most three lines a day about the plan ---------------------------------------------


async def test_today_recalls_only_the_change_lines_the_check_in_told(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 18, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await office_worker(bot)
        await ana.say("/today")
        await ana.tap("Start")
        while "Done" in " ".join(labels(ana.last())):
            await ana.tap("Too hard")
        await ana.tap("0")
        await ana.tap("3 · moderate")
        replies = await ana.tap("The others felt right")
        summary = next(m.text for m in replies if m.text.startswith("Saved, thank you."))
        told = [line for line in summary.splitlines() if line.startswith("• ")]
        assert told == [
            "• Most of that session felt too hard, so all of it steps back once for next time."
        ]
        today = (await ana.say("/today"))[0].text
        recalled = today.split("What changed since last time:\n")[1].split("\n\n")[0]
        assert recalled.splitlines() == told, "no line the check-in left for /history"

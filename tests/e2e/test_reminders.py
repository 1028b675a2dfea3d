"""Reminders arrive at the right local times, and their buttons do what they say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot

BERLIN = ZoneInfo("Europe/Berlin")


def at_berlin(clock: FakeClock, day: int, hour: int, minute: int = 0) -> None:
    clock.set(datetime(2026, 11, day, hour, minute, tzinfo=BERLIN))


def sit_nudges(person: Person) -> list[str]:
    return [text for text in person.texts() if "-minute move" in text]


async def setup_person(bot: BotHarness, name: str = "Ana", sit: str = "Every 45 min") -> Person:
    person = bot.person(name)
    await person.onboard(
        zone="Berlin", desk="Mon–Fri 09:00–17:30", sit_breaks=sit, routine_time="07:30"
    )
    return person


async def test_sit_break_nudges_come_hourly_in_desk_hours_only(
    database_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 8, 0)  # Monday 08:00 in Berlin
    async with running_bot(database_url, clock) as bot:
        ana = await setup_person(bot, sit="Every hour")
        await bot.advance(timedelta(minutes=115), step=timedelta(minutes=5))  # to 09:55
        assert sit_nudges(ana) == []
        await bot.advance(timedelta(minutes=10), step=timedelta(minutes=5))  # to 10:05
        nudge = ana.last()
        # No /sit timer: the bot doesn't know how long she sat, so it doesn't say.
        assert nudge.text.startswith("Time for a 2-minute move."), nudge.text
        assert "•" in nudge.text, "a movement snack from the plan"
        assert len([text for row in nudge.buttons for text, _ in row]) <= 3
        sent = [n for n in await bot.storage.nudges.log(ana.id) if n.slot == "sit"]
        # 10:00, moved by Ana's own stable offset (under 5 minutes) so crowds are spread.
        assert "10:00" <= sent[0].due_at.astimezone(BERLIN).strftime("%H:%M") < "10:05"
        # Without an answer the next one comes an hour later: 11:00 (+ the offset).
        await bot.advance(timedelta(minutes=60), step=timedelta(minutes=5))
        assert len(sit_nudges(ana)) == 2
        # Nothing in the evening or at the weekend.
        at_berlin(clock, 23, 18, 0)
        await bot.tick()
        count = len(sit_nudges(ana))
        for _ in range(6):
            clock.advance(timedelta(hours=8))
            await bot.tick()
        at_berlin(clock, 28, 12, 0)  # Saturday
        await bot.tick()
        assert len(sit_nudges(ana)) <= count + 1  # only Tuesday's first one could be on time


async def test_done_restarts_the_timer_snooze_waits_ten_and_not_sitting_goes_quiet_an_hour(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 55)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot, sit="Every hour")
        await bot.advance(timedelta(minutes=10))  # the 10:00 nudge (+ Ana's offset)
        at_berlin(clock, 23, 10, 7)
        replies = await ana.tap("Done")
        assert "Nice work" in replies[-1].text
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        assert pending["sit"].due_at.astimezone(BERLIN).strftime("%H:%M") == "11:07"
        at_berlin(clock, 23, 11, 7)
        await bot.tick()
        at_berlin(clock, 23, 11, 8)
        await ana.tap("Snooze")
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        assert pending["sit"].due_at.astimezone(BERLIN).strftime("%H:%M") == "11:18"
        at_berlin(clock, 23, 11, 18)
        await bot.tick()
        assert len(sit_nudges(ana)) == 3
        at_berlin(clock, 23, 12, 54)
        replies = await ana.tap("Not sitting")
        assert "about an hour" in replies[-1].text
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        due = pending["sit"].due_at.astimezone(BERLIN)
        # About an hour, not the whole afternoon: the next break falls at 14:00 (+ the offset).
        assert due.day == 23 and "14:00" <= due.strftime("%H:%M") < "14:05"


async def test_daily_weekly_and_morning_reminders_arrive(sqlite_url: str, clock: FakeClock) -> None:
    at_berlin(clock, 21, 6, 0)  # Saturday
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)  # weekly on Sunday 10:00, routine 07:30
        await bot.advance(timedelta(hours=2), step=timedelta(minutes=2))
        daily = ana.find_button_message("Start")
        assert "daily routine" in daily.text
        await ana.tap("Later")
        await bot.advance(timedelta(hours=1, minutes=2), step=timedelta(minutes=2))
        assert sum("Time for your daily routine" in text for text in ana.texts()) == 2, ana.texts()
        at_berlin(clock, 22, 9, 58)  # Sunday
        await bot.advance(timedelta(minutes=10), step=timedelta(minutes=2))
        assert any("weekly maintenance session" in text for text in ana.texts())
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        daily_due = pending["daily"].due_at.astimezone(BERLIN)
        assert (daily_due.day, daily_due.strftime("%H")) == (23, "07"), "none on the weekly day"


async def test_pause_silences_and_resume_restores(sqlite_url: str, clock: FakeClock) -> None:
    at_berlin(clock, 23, 8, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        await ana.say("/pause")
        replies = await ana.tap("1 day")
        assert "streak is safe" in replies[-1].text
        await bot.advance(timedelta(hours=6), step=timedelta(minutes=15))
        assert sit_nudges(ana) == []
        replies = await ana.say("/schedule")
        assert "paused until" in replies[-1].text
        await ana.say("/resume")
        await bot.advance(timedelta(minutes=60), step=timedelta(minutes=5))
        assert sit_nudges(ana), "reminders are back after /resume"


async def test_blocked_users_get_nothing_and_are_welcomed_back(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        ben = await setup_person(bot, "Ben")
        bot.server.block(ana.id)
        await bot.settle()
        user = await bot.storage.users.get(ana.id)
        assert user is not None and not user.active
        await bot.advance(timedelta(hours=3), step=timedelta(minutes=5))
        assert sit_nudges(ana) == [] and sit_nudges(ben)
        bot.server.unblock(ana.id)
        await ana.say("/start")
        assert "Welcome back" in ana.last().text
        await bot.advance(timedelta(hours=1), step=timedelta(minutes=5))
        assert sit_nudges(ana)


async def test_a_send_refused_with_403_marks_the_user_inactive(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        bot.server.blocked.add(ana.id)  # blocked, but the membership update never arrived
        await bot.advance(timedelta(minutes=50), step=timedelta(minutes=5))
        user = await bot.storage.users.get(ana.id)
        assert user is not None and not user.active
        assert await bot.storage.nudges.pending(ana.id) == []


async def test_a_restart_loses_no_nudge_and_sends_none_twice(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        await bot.advance(timedelta(minutes=50), step=timedelta(minutes=5))  # 09:45 sent
        first = sit_nudges(ana)
    # The bot is down from 09:50 to 10:36; the 10:30 nudge (+ Ana's offset, under 5 minutes) is
    # due while it restarts.
    at_berlin(clock, 23, 10, 36)
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await bot.tick()
        await bot.tick()
        after = sit_nudges(ana)
        assert len(first) == 1 and len(after) == 1, "10:30 arrives once, late but useful"
        log = [n for n in await bot.storage.nudges.log(ana.id) if n.slot == "sit"]
        assert [n.status for n in log] == ["sent", "sent"]


async def test_nudges_missed_while_down_long_are_skipped_not_piled_up(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 23, 9, 0)
    async with running_bot(sqlite_url, clock) as bot:
        await setup_person(bot)
    at_berlin(clock, 23, 13, 0)  # down all morning
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        report = await bot.tick()
        assert report.sent == 0 and report.skipped.get("stale", 0) >= 1
        assert sit_nudges(ana) == []
        log = await bot.storage.nudges.log(ana.id)
        assert all(n.reason == "stale" for n in log if n.status == "skipped")
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        assert pending["sit"].due_at > datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def test_rules_change_the_sit_break_numbers(sqlite_url: str, clock: FakeClock) -> None:
    at_berlin(clock, 23, 8, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        replies = await ana.say("/rules")
        assert "If I sit more than 45 minutes, I move for 2" in replies[-1].text
        await ana.tap("Change numbers")
        replies = await ana.say("forty")
        assert "two numbers" in replies[-1].text
        replies = await ana.say("30 3")
        assert "If I sit more than 30 minutes, I move for 3" in replies[-1].text
        await ana.tap("Add a reminder rule")
        replies = await ana.say("No heavy lifting without a warm-up at 08:30 Mon-Fri")
        assert "No heavy lifting without a warm-up — 08:30, Mon–Fri" in replies[-1].text
        await bot.advance(timedelta(minutes=95), step=timedelta(minutes=5))  # to 09:35
        assert any(text.startswith("📌 Your rule: No heavy lifting") for text in ana.texts())
        assert any(t.startswith("Time for a 3-minute move") for t in ana.texts())
        await ana.tap("Turn off")
        user = await bot.storage.users.get(ana.id)
        assert user is not None and not user.sit_rule_on


async def test_sit_and_stand_run_a_timer_outside_desk_hours(
    sqlite_url: str, clock: FakeClock
) -> None:
    at_berlin(clock, 28, 14, 0)  # Saturday
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)
        replies = await ana.say("/sit")
        assert "45 minutes" in replies[-1].text
        await bot.advance(timedelta(minutes=50), step=timedelta(minutes=5))
        assert len(sit_nudges(ana)) == 1
        await ana.say("/stand")
        await bot.advance(timedelta(minutes=90), step=timedelta(minutes=5))
        assert len(sit_nudges(ana)) == 1


async def test_quiet_hours_hold_reminders_until_they_end(sqlite_url: str, clock: FakeClock) -> None:
    at_berlin(clock, 23, 20, 0)
    async with running_bot(sqlite_url, clock) as bot:
        ana = await setup_person(bot)  # routine reminder at 07:30
        await ana.say("/settings")
        await ana.tap("Quiet hours")
        replies = await ana.say("22:00-08:00")
        assert "Quiet hours: 22:00–08:00" in replies[-1].text
        pending = {n.slot: n for n in await bot.storage.nudges.pending(ana.id)}
        due = pending["daily"].due_at.astimezone(BERLIN)
        assert (due.day, due.strftime("%H:%M")) == (24, "08:00")

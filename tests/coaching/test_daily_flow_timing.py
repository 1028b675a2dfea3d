"""Reminders around the day's session: held sit breaks, a done day, the morning question."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coaching.nudge_timing import DeskHours
from bot.coaching.reminders import ReminderSettings, morning_time, next_due, next_morning

BERLIN = ZoneInfo("Europe/Berlin")
DESK = DeskHours(frozenset(range(5)), time(9), time(17, 30))


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def shown(moment: datetime | None) -> str:
    assert moment is not None
    return moment.astimezone(BERLIN).strftime("%d %H:%M")


def near(moment: datetime | None, day: int, hour: int, minute: int) -> bool:
    """At that time or a few minutes after (a person's stable offset spreads reminders)."""
    start = berlin(day, hour, minute)
    return moment is not None and start <= moment < start + timedelta(minutes=5)


def settings(**fields: object) -> ReminderSettings:
    return ReminderSettings(user_id=1, tz=BERLIN, desk=DESK, **fields)  # type: ignore[arg-type]


def test_held_sit_breaks_come_back_on_the_desk_rhythm_once_the_hold_ends() -> None:
    held = settings(sit_paused_until=berlin(23, 10, 46))
    assert near(next_due("sit", held, berlin(23, 9, 50)), 23, 11, 15)
    assert shown(next_due("daily", settings(routine_time=time(18)), berlin(23, 9, 46)))[:2] == "23"


def test_a_done_day_moves_the_routine_reminder_to_tomorrow_and_nothing_else() -> None:
    done = settings(routine_time=time(18), routine_done_on=date(2026, 11, 23))
    assert shown(next_due("daily", done, berlin(23, 10)))[:5] == "24 18"
    assert near(next_due("sit", done, berlin(23, 10)), 23, 10, 30)


def test_the_morning_question_is_in_the_morning_whatever_the_routine_time() -> None:
    assert morning_time(settings(routine_time=time(20))) == time(8)
    assert morning_time(settings(routine_time=time(7, 15))) == time(7, 15)
    early_desk = ReminderSettings(
        user_id=1, tz=BERLIN, desk=DeskHours(DESK.weekdays, time(7), time(15))
    )
    assert morning_time(early_desk) == time(7)
    assert morning_time(settings(routine_time=time(6), morning_time=time(9, 30))) == time(9, 30)
    quiet = settings(morning_time=time(6), quiet_start=time(22), quiet_end=time(7))
    assert near(next_morning(quiet, berlin(23, 20)), 24, 7, 0)


def test_a_sit_timer_one_starts_rings_once_in_quiet_hours_but_its_repeats_do_not() -> None:
    own = settings(
        sit_manual=True, sitting_since=berlin(28, 21, 40), quiet_start=time(22), quiet_end=time(7)
    )
    assert shown(next_due("sit", own, berlin(28, 21, 40))) == "28 22:25"
    repeat = next_due("sit", own, berlin(28, 22, 25))
    assert repeat is not None and repeat.astimezone(BERLIN).time() >= time(7)

"""The day's pushes, decided in one place (bot/coaching/reminders.py): sit breaks that space out
when they go by, a routine reminder carried by the morning question, never two at once, and no
weekly reminder once that week's session is done."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.coaching.nudge_timing import DeskHours, stable_offset
from bot.coaching.reminders import ReminderSettings, morning_again, next_due

LONDON = ZoneInfo("Europe/London")
USER = 7
OFFSET = stable_offset(USER)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)  # 23 Nov 2026: a Monday


def settings(**changes: object) -> ReminderSettings:
    base: dict[str, object] = {
        "user_id": USER,
        "tz": LONDON,
        "desk": DeskHours(frozenset(range(5)), time(9), time(17)),
        "sit_minutes": 60,
        "routine_time": time(18),
        "weekly_day": 6,
        "weekly_time": time(10),
    }
    return ReminderSettings(**(base | changes))  # type: ignore[arg-type]


def test_three_breaks_gone_by_space_the_next_ones_to_two_hours() -> None:
    assert next_due("sit", settings(sitting_since=at(23, 11)), at(23, 11)) == at(23, 12)
    spaced = settings(sitting_since=at(23, 12), sit_ignored=3)
    assert next_due("sit", spaced, at(23, 12)) == at(23, 14)
    day_after = settings(sit_ignored=5)
    breaks, after = [], at(24, 6)
    while (due := next_due("sit", day_after, after)) is not None and due < at(24, 18):
        breaks.append(due)
        after = due
    assert [b.astimezone(LONDON).hour for b in breaks] == [11, 13, 15, 17]


def test_afternoons_only_starts_the_breaks_at_one() -> None:
    due = next_due("sit", settings(sit_afternoons=True), at(24, 6))
    assert due is not None and due.astimezone(LONDON).strftime("%H:%M") >= "14:00"


def test_the_morning_question_carries_a_routine_reminder_due_with_it() -> None:
    morning = settings(routine_time=time(7, 30), morning_due=at(24, 7, 30) + OFFSET)
    due = next_due("daily", morning, at(23, 20))
    assert due == at(25, 7, 30) + OFFSET, "Tuesday's comes with the question; Wednesday's alone"
    evening = settings(morning_due=at(24, 8) + OFFSET)
    assert next_due("daily", evening, at(23, 20)) == at(24, 18) + OFFSET


def test_a_sit_break_never_comes_with_the_routine_reminder() -> None:
    lunch = settings(routine_time=time(12))
    due = next_due("sit", lunch, at(23, 11, 30))
    assert due is not None and due.astimezone(LONDON).hour == 13


def test_no_weekly_reminder_once_this_weeks_session_is_done() -> None:
    done_thursday = settings(weekly_done_on=date(2026, 11, 26))
    next_week = datetime(2026, 12, 6, 10, tzinfo=LONDON)
    assert next_due("weekly", done_thursday, at(26, 20)) == next_week + OFFSET
    assert next_due("weekly", settings(), at(26, 20)) == at(29, 10) + OFFSET


def test_a_morning_question_owed_after_a_hold_comes_while_it_is_still_morning() -> None:
    friday_evening = at(27, 19)
    assert morning_again(settings(), friday_evening, at(28, 9, 30)) == at(28, 9, 30)
    assert morning_again(settings(), friday_evening, at(28, 13)) is None, "no 'good morning' at 1"
    paused = settings(paused_until=at(30, 15))
    assert morning_again(paused, friday_evening, at(27, 21)) is None

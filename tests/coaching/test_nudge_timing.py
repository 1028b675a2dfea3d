"""Reminders keep to the person's wall clock across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.coaching.nudge_timing import (
    DeskHours,
    end_of_quiet_hours,
    in_quiet_hours,
    is_stale,
    next_local_time,
    next_sit_break,
    stable_offset,
)

# zone, a day of a DST change, and a week around it
CHANGES = [
    ("Europe/Berlin", date(2026, 3, 29)),
    ("Europe/Berlin", date(2026, 10, 25)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),
    ("Australia/Lord_Howe", date(2026, 10, 4)),
    ("Asia/Kolkata", date(2026, 3, 29)),
]
WEEKDAYS = DeskHours(frozenset(range(7)), time(9), time(17, 30))


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


@pytest.mark.parametrize(("zone", "change_day"), CHANGES)
def test_a_daily_0900_reminder_stays_at_0900_and_fires_once_a_day(
    zone: str, change_day: date
) -> None:
    tz = ZoneInfo(zone)
    moment = datetime.combine(change_day - timedelta(days=3), time(12), tzinfo=tz)
    days = []
    for _ in range(7):
        moment = next_local_time(moment, tz, time(9))
        assert local(moment, zone).time() == time(9)
        days.append(local(moment, zone).date())
    assert days == [change_day - timedelta(days=2) + timedelta(days=n) for n in range(7)]


@pytest.mark.parametrize(
    ("zone", "day", "asked", "fires"),
    [
        ("Europe/Berlin", date(2026, 3, 29), time(2, 30), time(3, 30)),
        ("America/New_York", date(2026, 3, 8), time(2, 15), time(3, 15)),
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 15), time(2, 45)),
    ],
)
def test_a_time_inside_the_spring_gap_fires_once_shifted_forward(
    zone: str, day: date, asked: time, fires: time
) -> None:
    tz = ZoneInfo(zone)
    start = datetime.combine(day - timedelta(days=1), time(12), tzinfo=tz)
    first = next_local_time(start, tz, asked)
    assert local(first, zone).date() == day and local(first, zone).time() == fires
    second = next_local_time(first, tz, asked)
    assert local(second, zone).date() == day + timedelta(days=1)
    assert local(second, zone).time() == asked


def test_an_ambiguous_autumn_time_fires_once_at_its_first_occurrence() -> None:
    tz = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 10, 24, 12, tzinfo=tz)
    first = next_local_time(start, tz, time(2, 30))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = next_local_time(first, tz, time(2, 30))
    assert local(second, "Europe/Berlin").date() == date(2026, 10, 26)


@pytest.mark.parametrize(("zone", "change_day"), CHANGES)
def test_sit_breaks_every_45_minutes_keep_to_local_desk_hours(zone: str, change_day: date) -> None:
    tz = ZoneInfo(zone)
    moment = datetime.combine(change_day - timedelta(days=2), time(0), tzinfo=tz)
    end = moment + timedelta(days=5)
    per_day: dict[date, list[time]] = {}
    while True:
        due = next_sit_break(moment, tz, WEEKDAYS, 45, moment)
        if due is None or due > end:
            break
        per_day.setdefault(local(due, zone).date(), []).append(local(due, zone).time())
        moment = due
    expected = [
        time(9, 45),
        time(10, 30),
        time(11, 15),
        time(12),
        time(12, 45),
        time(13, 30),
        time(14, 15),
        time(15),
        time(15, 45),
        time(16, 30),
        time(17, 15),
    ]
    assert len(per_day) == 5
    assert all(times == expected for times in per_day.values()), per_day


def test_done_restarts_the_sit_timer_from_that_moment() -> None:
    tz = ZoneInfo("Europe/Berlin")
    done_at = datetime(2026, 11, 23, 10, 7, tzinfo=tz)
    due = next_sit_break(done_at, tz, WEEKDAYS, 45, done_at)
    assert due is not None and local(due, "Europe/Berlin").time() == time(10, 52)


def test_no_sit_break_falls_outside_desk_hours() -> None:
    tz = ZoneInfo("Europe/Berlin")
    desk = DeskHours(frozenset(range(5)), time(9), time(17, 30))
    friday_evening = datetime(2026, 11, 27, 17, 10, tzinfo=tz)
    due = next_sit_break(friday_evening, tz, desk, 45, friday_evening)
    assert due is not None
    assert local(due, "Europe/Berlin") == datetime(2026, 11, 30, 9, 45, tzinfo=tz)


def test_quiet_hours_over_midnight_on_a_change_night() -> None:
    tz = ZoneInfo("Europe/Berlin")
    night = datetime(2026, 3, 28, 23, 30, tzinfo=tz)
    assert in_quiet_hours(night, tz, time(22), time(7))
    assert not in_quiet_hours(datetime(2026, 3, 29, 7, 5, tzinfo=tz), tz, time(22), time(7))
    end = end_of_quiet_hours(night, tz, time(22), time(7))
    assert local(end, "Europe/Berlin") == datetime(2026, 3, 29, 7, tzinfo=tz)
    assert end - night == timedelta(hours=6, minutes=30)  # one hour lost to the change


def test_the_per_person_offset_is_stable_and_spreads_people_out() -> None:
    offsets = {stable_offset(user_id) for user_id in range(1000)}
    assert stable_offset(42) == stable_offset(42)
    assert all(timedelta(0) <= offset < timedelta(minutes=5) for offset in offsets)
    assert len(offsets) > 200


def test_a_nudge_older_than_its_grace_is_stale() -> None:
    due = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert not is_stale(due, due + timedelta(minutes=9), timedelta(minutes=10))
    assert is_stale(due, due + timedelta(minutes=11), timedelta(minutes=10))

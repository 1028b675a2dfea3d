"""When each of a person's reminders is next due, from their settings.

A person's reminders live in "slots": "sit" (sit-break nudges), "daily" (routine reminder),
"weekly" (maintenance session), "morning" (next-morning check-in), "later" (a reminder put off
with "Later") and "rule:<id>" (their own reminder rules). The dispatcher keeps at most one
pending reminder per slot and asks this module for the next one after each send.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coaching.nudge_timing import (
    ALL_DAYS,
    DeskHours,
    end_of_quiet_hours,
    in_quiet_hours,
    next_local_time,
    next_sit_break,
    stable_offset,
)

RECURRING = ("sit", "daily", "weekly")
SNOOZE = timedelta(minutes=10)
LATER = timedelta(hours=1)
# The next-morning question comes at the chosen time, but never sooner than this after a session.
MORNING_MIN_GAP = timedelta(hours=8)


@dataclass(frozen=True)
class RuleTime:
    rule_id: int
    at: time
    weekdays: frozenset[int]


@dataclass(frozen=True)
class ReminderSettings:
    user_id: int
    tz: ZoneInfo
    desk: DeskHours | None = None
    sit_minutes: int = 45
    sit_rule_on: bool = True
    sitting_since: datetime | None = None
    sit_manual: bool = False
    routine_time: time | None = None
    weekly_day: int | None = None
    weekly_time: time | None = None
    morning_time: time | None = None
    quiet_start: time | None = None
    quiet_end: time | None = None
    paused_until: datetime | None = None
    rules: tuple[RuleTime, ...] = field(default_factory=tuple)

    def slots(self) -> list[str]:
        """Every recurring slot this person has."""
        return [*RECURRING, *(f"rule:{rule.rule_id}" for rule in self.rules)]


def next_due(slot: str, settings: ReminderSettings, after: datetime) -> datetime | None:
    """The next time `slot` is due strictly after `after`, outside pauses and quiet hours."""
    if settings.paused_until is not None and after < settings.paused_until:
        after = settings.paused_until
    for _ in range(14):  # quiet hours can push a sit break out of a desk block: try a few blocks
        due = _raw_next(slot, settings, after)
        if due is None or settings.quiet_start is None or settings.quiet_end is None:
            return due
        if not in_quiet_hours(due, settings.tz, settings.quiet_start, settings.quiet_end):
            return due
        quiet_end = end_of_quiet_hours(due, settings.tz, settings.quiet_start, settings.quiet_end)
        if slot == "sit":
            after = quiet_end
            settings = _replace_sitting(settings, None)
        else:
            return quiet_end
    return None


def next_morning(settings: ReminderSettings, session_end: datetime) -> datetime:
    """When to ask "how is your back this morning?" after a session that ended at `session_end`."""
    at = settings.morning_time or settings.routine_time or time(8, 0)
    due = next_local_time(session_end + MORNING_MIN_GAP, settings.tz, at)
    return next_due_outside_pause(settings, due)


def next_due_outside_pause(settings: ReminderSettings, due: datetime) -> datetime:
    if settings.paused_until is not None and due < settings.paused_until:
        return settings.paused_until
    return due


def _raw_next(slot: str, settings: ReminderSettings, after: datetime) -> datetime | None:
    if slot == "sit":
        return _next_sit(settings, after)
    if slot == "daily":
        if settings.routine_time is None:
            return None
        days = ALL_DAYS - ({settings.weekly_day} if settings.weekly_day is not None else set())
        return _spread(settings, after, settings.routine_time, frozenset(days))
    if slot == "weekly":
        if settings.weekly_day is None or settings.weekly_time is None:
            return None
        return _spread(settings, after, settings.weekly_time, frozenset({settings.weekly_day}))
    if slot.startswith("rule:"):
        for rule in settings.rules:
            if slot == f"rule:{rule.rule_id}":
                return next_local_time(after, settings.tz, rule.at, rule.weekdays)
        return None
    raise ValueError(f"unknown reminder slot {slot!r}")


def _next_sit(settings: ReminderSettings, after: datetime) -> datetime | None:
    if not settings.sit_rule_on:
        return None
    minutes = timedelta(minutes=settings.sit_minutes)
    if settings.sit_manual and settings.sitting_since is not None:
        due = settings.sitting_since + minutes
        while due <= after:
            due += minutes
        return due
    if settings.desk is None:
        return None
    return next_sit_break(
        after, settings.tz, settings.desk, settings.sit_minutes, settings.sitting_since
    )


def _spread(
    settings: ReminderSettings, after: datetime, at: time, weekdays: frozenset[int]
) -> datetime:
    """A wall-clock reminder moved by the person's stable offset, so 09:00 is not a wall."""
    offset = stable_offset(settings.user_id)
    return next_local_time(after - offset, settings.tz, at, weekdays) + offset


def _replace_sitting(settings: ReminderSettings, since: datetime | None) -> ReminderSettings:
    return replace(settings, sitting_since=since)

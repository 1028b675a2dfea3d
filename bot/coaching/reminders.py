"""When each of a person's reminders is next due, from their settings.

A person's reminders live in "slots": "sit" (sit-break nudges), "daily" (routine reminder),
"weekly" (maintenance session), "morning" (next-morning check-in), "later" (a reminder put off
with "Later"), "rule:<id>" (their own reminder rules), and two safety follow-ups: "doctor" (have
you been able to see a doctor?) and "recheck" (the safety screen again at weeks 4 and 8). The
dispatcher keeps at most one pending reminder per slot and asks this module for the next one
after each send.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coaching.nudge_timing import (
    ALL_DAYS,
    DeskHours,
    desk_block_start,
    end_of_quiet_hours,
    in_quiet_hours,
    next_local_time,
    next_sit_break,
    stable_offset,
    to_utc,
)

RECURRING = ("sit", "daily", "weekly")
SNOOZE = timedelta(minutes=10)
# Sit breaks that go by unanswered space out: after IGNORED_BEFORE_SPACING in a row they come
# at least twice as far apart, and at least SPACED; a Done or Snooze brings the rhythm back.
IGNORED_BEFORE_SPACING = 3
SPACED = timedelta(hours=2)
# "Afternoons only": sit breaks from this local time on.
AFTERNOON = time(13, 0)
# A routine reminder this close to the morning question is carried by it: one message.
ONE_MESSAGE = timedelta(minutes=90)
# A sit break this close to the routine reminder is left out: one push, not two together.
TOGETHER = timedelta(minutes=5)
LATER = timedelta(hours=1)
# A /sit timer left running stops after this long at most (or at the end of desk hours, or
# when quiet hours begin): it never runs into the next day.
OWN_TIMER_MAX = timedelta(hours=3)
# The next-morning question comes at the chosen time, but never sooner than this after a session.
MORNING_MIN_GAP = timedelta(hours=8)
# Without a chosen time: 08:00, or earlier when the desk day or a morning routine starts earlier,
# so the answer can shape that day's routine. An evening routine never moves it to the evening.
MORNING_DEFAULT = time(8, 0)
MORNING_ENDS = time(12, 0)
# Safety follow-ups: set from the person's answers (one-off times kept on their row).
SAFETY = ("doctor", "recheck")
DOCTOR_FOLLOW_UP = timedelta(days=7)  # "see a doctor soon": ask after a week, again a week later
DOCTOR_LATER = timedelta(days=1)  # "remind me later"
RECHECK_WEEKS = (4, 8)  # the full safety screen again, counted from the end of set-up


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
    sit_ignored: int = 0  # breaks sent since the last one answered
    sit_afternoons: bool = False
    routine_time: time | None = None
    weekly_day: int | None = None
    weekly_time: time | None = None
    morning_time: time | None = None
    quiet_start: time | None = None
    quiet_end: time | None = None
    paused_until: datetime | None = None
    sit_paused_until: datetime | None = None  # sit breaks alone (a session, a meeting, an hour)
    routine_done_on: date | None = None  # the local day a session was finished: no more nudges
    weekly_done_on: date | None = None  # the local day of the last finished weekly session
    morning_due: datetime | None = (
        None  # a waiting next-morning question, which carries the routine
    )
    rules: tuple[RuleTime, ...] = field(default_factory=tuple)
    doctor_at: datetime | None = None
    recheck_at: datetime | None = None

    def slots(self) -> list[str]:
        """Every slot planned from settings: recurring ones, rules and safety follow-ups."""
        return [*RECURRING, *(f"rule:{rule.rule_id}" for rule in self.rules), *SAFETY]


def recheck_due(onboarded_at: datetime | None, sent: int) -> datetime | None:
    """When the next scheduled safety re-check is due, after `sent` of them went out."""
    if onboarded_at is None or sent >= len(RECHECK_WEEKS):
        return None
    return onboarded_at + timedelta(weeks=RECHECK_WEEKS[sent])


def rechecks_due_by(onboarded_at: datetime, now: datetime) -> int:
    """How many scheduled re-checks have come due by `now` (one message covers any missed)."""
    return sum(1 for weeks in RECHECK_WEEKS if onboarded_at + timedelta(weeks=weeks) <= now)


def next_due(slot: str, settings: ReminderSettings, after: datetime) -> datetime | None:
    """The next time `slot` is due strictly after `after`, outside pauses and quiet hours; a
    routine reminder the morning question carries is not sent on its own."""
    due = _next_due(slot, settings, after)
    if slot == "daily" and due is not None and carried_by_morning(settings.morning_due, due):
        return _next_due(slot, settings, due)
    if slot == "sit" and due is not None and _with_routine(settings, due):
        return _next_due(slot, settings, due)  # the routine reminder is the move this time
    return due


def _next_due(slot: str, settings: ReminderSettings, after: datetime) -> datetime | None:
    if settings.paused_until is not None and after < settings.paused_until:
        after = settings.paused_until
    if slot == "sit" and settings.sit_paused_until is not None:
        after = max(after, settings.sit_paused_until)
    if slot in ("daily", "weekly") and settings.routine_done_on is not None:
        after = max(after, _day_after(settings, settings.routine_done_on))
    if slot == "weekly" and settings.weekly_done_on is not None:
        done = settings.weekly_done_on  # this week's session is done: next week's reminder
        after = max(after, _day_after(settings, done + timedelta(days=6 - done.weekday())))
    for _ in range(14):  # quiet hours can push a sit break out of a desk block: try a few blocks
        due = _raw_next(slot, settings, after)
        if due is None or settings.quiet_start is None or settings.quiet_end is None:
            return due
        if not in_quiet_hours(due, settings.tz, settings.quiet_start, settings.quiet_end):
            return due
        if slot == "sit" and _first_of_own_timer(settings, due):
            return due  # a timer they started (or restarted with Done) just now still rings
        quiet_end = end_of_quiet_hours(due, settings.tz, settings.quiet_start, settings.quiet_end)
        if slot == "sit":
            after = quiet_end
            settings = _replace_sitting(settings, None)
        elif slot.startswith("rule:"):
            after = due  # a rule comes at the time the person said, or not that day
        else:
            return quiet_end
    return None


def carried_by_morning(morning: datetime | None, routine: datetime) -> bool:
    """Whether the routine reminder goes out inside the morning question's message (they would
    otherwise arrive together): the day's pushes, decided here."""
    return morning is not None and abs(routine - morning) <= ONE_MESSAGE


def _with_routine(settings: ReminderSettings, due: datetime) -> bool:
    """Whether a sit break would arrive with the routine reminder (never two at once)."""
    routine = _raw_next("daily", settings, due - TOGETHER)
    return routine is not None and abs(routine - due) <= TOGETHER


def sit_interval(settings: ReminderSettings) -> timedelta:
    """The person's rhythm, spaced out while breaks go by unanswered."""
    chosen = timedelta(minutes=settings.sit_minutes)
    if settings.sit_ignored >= IGNORED_BEFORE_SPACING:
        return max(2 * chosen, SPACED)
    return chosen


def next_morning(settings: ReminderSettings, session_end: datetime) -> datetime:
    """When to ask "how is your back this morning?" after a session that ended at `session_end`."""
    due = next_local_time(session_end + MORNING_MIN_GAP, settings.tz, morning_time(settings))
    due += stable_offset(settings.user_id)  # spread, like the routine reminder
    if settings.quiet_start is not None and settings.quiet_end is not None:
        due = end_of_quiet_hours(due, settings.tz, settings.quiet_start, settings.quiet_end)
    return next_due_outside_pause(settings, due)


def morning_again(
    settings: ReminderSettings, session_end: datetime, now: datetime
) -> datetime | None:
    """A next-morning question still owed after a pause, a safety hold or /resume: at its time
    if that is ahead, else now if it is still morning (before MORNING_ENDS, within a day of
    its time); otherwise it is let go, since "this morning" would no longer be true."""
    due = max(next_morning(settings, session_end), now)
    regular = next_morning(replace(settings, paused_until=None), session_end)
    local = due.astimezone(settings.tz)
    if local.time() >= MORNING_ENDS or due - regular >= timedelta(hours=24):
        return None
    return due


def morning_time(settings: ReminderSettings) -> time:
    """The chosen next-morning question time, or else MORNING_DEFAULT's morning rule."""
    if settings.morning_time is not None:
        return settings.morning_time
    return default_morning(settings.desk.start if settings.desk else None, settings.routine_time)


def default_morning(desk_start: time | None, routine_time: time | None) -> time:
    """08:00, or the desk start or a morning routine if earlier: never in the evening."""
    starts = [MORNING_DEFAULT]
    if desk_start is not None:
        starts.append(desk_start)
    if routine_time is not None and routine_time < MORNING_ENDS:
        starts.append(routine_time)
    return min(starts)


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
    if slot in SAFETY:
        at = settings.doctor_at if slot == "doctor" else settings.recheck_at
        return None if at is None else max(at, after)  # overdue (e.g. after a pause): now
    if slot.startswith("rule:"):
        for rule in settings.rules:
            if slot == f"rule:{rule.rule_id}":
                return next_local_time(after, settings.tz, rule.at, rule.weekdays)
        return None
    raise ValueError(f"unknown reminder slot {slot!r}")


def own_timer_end(settings: ReminderSettings) -> datetime | None:
    """When a /sit timer stops by itself: at the end of the desk block it was started in, when
    quiet hours begin, or OWN_TIMER_MAX after it started, whichever comes first."""
    since = settings.sitting_since
    if not settings.sit_manual or since is None:
        return None
    ends = [since + OWN_TIMER_MAX]
    desk = settings.desk
    block = desk_block_start(since, settings.tz, desk) if desk is not None else None
    if desk is not None and block is not None and block <= since:
        ends.append(to_utc(block.astimezone(settings.tz).date(), desk.end, settings.tz))
    if settings.quiet_start is not None:
        ends.append(next_local_time(since, settings.tz, settings.quiet_start))
    return min(ends)


def _next_own(settings: ReminderSettings, after: datetime) -> datetime | None:
    """The next nudge of a /sit timer after `after`; None once it has stopped by itself. Its
    first nudge always comes: it was asked for just now."""
    since, end = settings.sitting_since, own_timer_end(settings)
    if since is None or end is None:
        return None
    minutes = timedelta(minutes=settings.sit_minutes)
    due = since + minutes
    while due <= after:
        due += minutes
    return due if due == since + minutes or due <= end else None


def own_timer_over(settings: ReminderSettings, after: datetime) -> bool:
    """Whether a /sit timer has no nudge left after `after`: desk-hour breaks take over."""
    return settings.sit_manual and _next_own(settings, after) is None


def _next_sit(settings: ReminderSettings, after: datetime) -> datetime | None:
    if not settings.sit_rule_on:
        return None
    minutes = sit_interval(settings)
    if settings.sit_manual and settings.sitting_since is not None:
        own = _next_own(settings, after)
        if own is not None:
            return own
        settings = replace(settings, sit_manual=False, sitting_since=None)
    desk = settings.desk
    if desk is None:
        return None
    if settings.sit_afternoons and desk.start < AFTERNOON < desk.end:
        desk = replace(desk, start=AFTERNOON)
    interval = int(minutes.total_seconds() // 60)
    # Everyone on the same desk hours and interval would fall due in the same second: each
    # person's breaks run on their own stable offset, unless that would leave the desk block.
    offset, since = stable_offset(settings.user_id), settings.sitting_since
    shifted = next_sit_break(
        after - offset, settings.tz, desk, interval, None if since is None else since - offset
    )
    if shifted is not None:
        block = desk_block_start(shifted + offset, settings.tz, desk)
        if block is not None and block <= shifted + offset:
            return shifted + offset
    return next_sit_break(after, settings.tz, desk, interval, since)


def _spread(
    settings: ReminderSettings, after: datetime, at: time, weekdays: frozenset[int]
) -> datetime:
    """A wall-clock reminder moved by the person's stable offset, so 09:00 is not a wall."""
    offset = stable_offset(settings.user_id)
    return next_local_time(after - offset, settings.tz, at, weekdays) + offset


def _day_after(settings: ReminderSettings, day: date) -> datetime:
    """The start of the local day after `day`: today's routine is done, tomorrow's is not."""
    return to_utc(day + timedelta(days=1), time(0, 0), settings.tz)


def _first_of_own_timer(settings: ReminderSettings, due: datetime) -> bool:
    """The first nudge of a /sit timer: asked for just now, so quiet hours don't silence it.
    Unanswered repeats do keep quiet hours (nobody wants one every 45 minutes all night)."""
    since = settings.sitting_since
    return settings.sit_manual and since is not None and due == since + sit_interval(settings)


def _replace_sitting(settings: ReminderSettings, since: datetime | None) -> ReminderSettings:
    return replace(settings, sitting_since=since)

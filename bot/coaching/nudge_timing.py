"""When reminders fall, on the person's wall clock, right across daylight-saving changes.

Inputs and outputs are aware UTC datetimes; settings such as "09:00" or desk hours are local to
the person's IANA zone. A local time that does not exist (the spring gap) moves forward by the
gap; an ambiguous one (the autumn repeat) means its first occurrence.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ALL_DAYS = frozenset(range(7))

# How late a reminder may still go out after the bot was down, per kind of reminder.
GRACE = {
    # "You've sat 45 minutes" is wrong half an hour later: the moment has passed.
    "sit_break": timedelta(minutes=10),
    # The routine reminder is still useful within a couple of hours of the chosen time.
    "daily": timedelta(hours=2),
    # The weekly session is a whole-morning or whole-afternoon thing.
    "weekly": timedelta(hours=6),
    # "How is your back this morning?" still makes sense until about midday.
    "morning": timedelta(hours=6),
    # A personal rule ("warm up before lifting") is tied to a moment of the day.
    "rule": timedelta(hours=1),
    # A safety follow-up ("have you seen a doctor?", the re-check) is still worth asking days late.
    "doctor": timedelta(days=3),
    "recheck": timedelta(days=3),
}


@dataclass(frozen=True)
class DeskHours:
    weekdays: frozenset[int]  # Monday = 0
    start: time
    end: time


def to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the local wall clock shows `at` on `day`.

    In the spring gap the time is moved forward by the gap (02:30 -> 03:30 in Berlin); in the
    autumn repeat the first occurrence is taken.
    """
    # With fold=0 zoneinfo reads a nonexistent time with the offset from before the gap, which
    # lands exactly `gap` later on the clock, and an ambiguous time as its first occurrence.
    return datetime.combine(day, at, tzinfo=tz).replace(fold=0).astimezone(UTC)


def next_local_time(
    after: datetime, tz: ZoneInfo, at: time, weekdays: frozenset[int] = ALL_DAYS
) -> datetime:
    """The first instant strictly after `after` when the local clock shows `at` on a weekday."""
    if not weekdays:
        raise ValueError("no weekdays to schedule on")
    day = after.astimezone(tz).date() - timedelta(days=1)
    for _ in range(16):
        if day.weekday() in weekdays:
            candidate = to_utc(day, at, tz)
            if candidate > after:
                return candidate
        day += timedelta(days=1)
    raise AssertionError("unreachable: some weekday falls within 16 days")


def _block(day: date, tz: ZoneInfo, desk: DeskHours) -> tuple[datetime, datetime]:
    return to_utc(day, desk.start, tz), to_utc(day, desk.end, tz)


def desk_block_start(after: datetime, tz: ZoneInfo, desk: DeskHours) -> datetime | None:
    """The start of the desk block `after` is in, or else of the next block."""
    if not desk.weekdays:
        return None
    day = after.astimezone(tz).date()
    for _ in range(9):
        if day.weekday() in desk.weekdays:
            start, end = _block(day, tz, desk)
            if after < end:
                return start
        day += timedelta(days=1)
    return None


def next_desk_block_start(after: datetime, tz: ZoneInfo, desk: DeskHours) -> datetime | None:
    """The start of the first desk block that begins strictly after `after`."""
    if not desk.weekdays:
        return None
    day = after.astimezone(tz).date()
    for _ in range(9):
        if day.weekday() in desk.weekdays:
            start, _end = _block(day, tz, desk)
            if start > after:
                return start
        day += timedelta(days=1)
    return None


def next_sit_break(
    after: datetime,
    tz: ZoneInfo,
    desk: DeskHours,
    sit_minutes: int,
    sitting_since: datetime | None,
) -> datetime | None:
    """The next "you've been sitting" nudge, always inside desk hours.

    With `sitting_since` (the start of this stretch of sitting: the block start, or the moment
    they pressed Done), the nudge is due `sit_minutes` later if that is still inside the block;
    otherwise the next block's start plus `sit_minutes` (none that day if the block is shorter).
    """
    if not desk.weekdays:
        return None
    stretch = timedelta(minutes=sit_minutes)
    if sitting_since is not None:
        due = sitting_since + stretch
        block = desk_block_start(sitting_since, tz, desk)
        if due > after and block is not None and block <= sitting_since:
            end = _block(block.astimezone(tz).date(), tz, desk)[1]
            if due <= end:
                return due
    moment = after
    for _ in range(16):
        start = desk_block_start(moment, tz, desk)
        if start is None:
            return None
        end = _block(start.astimezone(tz).date(), tz, desk)[1]
        due = start + stretch  # inside a block already: whole stretches from its start
        while due <= after:
            due += stretch
        if sitting_since is not None and start <= sitting_since < end:
            due = max(due, sitting_since + stretch)  # never sooner than a full stretch
        if due <= end:
            return due
        moment = end
    return None


def in_quiet_hours(moment: datetime, tz: ZoneInfo, quiet_start: time, quiet_end: time) -> bool:
    """Whether the local time is inside quiet hours; a range may cross midnight (22:00–07:00)."""
    local = moment.astimezone(tz).time()
    if quiet_start <= quiet_end:
        return quiet_start <= local < quiet_end
    return local >= quiet_start or local < quiet_end


def end_of_quiet_hours(
    moment: datetime, tz: ZoneInfo, quiet_start: time, quiet_end: time
) -> datetime:
    """When the quiet period that contains `moment` ends (or `moment` if it is not quiet)."""
    if not in_quiet_hours(moment, tz, quiet_start, quiet_end):
        return moment
    return next_local_time(moment, tz, quiet_end)


def stable_offset(user_id: int, spread_seconds: int = 300) -> timedelta:
    """A per-person offset in [0, spread) that never changes, so that thousands of people who
    chose 09:00 are spread over five minutes instead of hitting Telegram in the same second.
    crc32 is used because Python's hash() differs between processes."""
    return timedelta(seconds=zlib.crc32(str(user_id).encode()) % spread_seconds)


def is_stale(first_due: datetime, now: datetime, grace: timedelta) -> bool:
    """Too late to be useful (the bot or Telegram was down when it was due). Counted from when
    it was first due: putting a send back for a retry must not start its grace again."""
    return now - first_due > grace

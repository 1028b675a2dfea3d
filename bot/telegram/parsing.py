"""Reading what people type for their settings: times, desk hours and time zones.

Plain functions over strings, so the forgiving rules ("7.30", "Mon-Fri 9-17:30", "new york") are
easy to test and to extend.
"""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_PREFIXES = {name.lower(): index for index, name in enumerate(WEEKDAY_NAMES)}
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)
_DESK = re.compile(
    r"^\s*(?:(?P<days>[a-z]{3,9}(?:\s*[-–,]\s*[a-z]{3,9})*)\s+)?"
    r"(?P<start>[\d:.h]+\s*(?:am|pm)?)\s*(?:-|–|to)\s*(?P<end>[\d:.h]+\s*(?:am|pm)?)\s*$",
    re.IGNORECASE,
)


def parse_time(text: str) -> time | None:
    """'7:30', '07.30', '19h', '7pm', '7:30 am' -> a time; anything else -> None."""
    match = _TIME.match(text.strip().removesuffix("h").removesuffix("H"))
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_weekday(text: str) -> int | None:
    """'mon', 'Monday', 'tues' -> 0, 0, 1 (Monday is 0)."""
    return _DAY_PREFIXES.get(text.strip().lower()[:3])


def parse_days(text: str) -> frozenset[int] | None:
    """'Mon-Fri', 'mon,wed,fri', 'Sat' -> weekday numbers; a range may wrap ('Fri-Mon')."""
    days: set[int] = set()
    for part in re.split(r"\s*,\s*", text.strip()):
        ends = re.split(r"\s*[-–]\s*", part)
        parsed = [parse_weekday(end) for end in ends]
        if not parsed or any(day is None for day in parsed) or len(parsed) > 2:
            return None
        first, last = parsed[0], parsed[-1]
        assert first is not None and last is not None
        day = first
        days.add(day)
        while day != last:
            day = (day + 1) % 7
            days.add(day)
    return frozenset(days)


def parse_desk_hours(text: str) -> tuple[frozenset[int], time, time] | None:
    """'Mon-Fri 09:00-17:30' or '9-17' (weekdays assumed) -> (days, start, end)."""
    match = _DESK.match(text)
    if not match:
        return None
    days = parse_days(match.group("days")) if match.group("days") else frozenset(range(5))
    start, end = parse_time(match.group("start")), parse_time(match.group("end"))
    if not days or start is None or end is None or start >= end:
        return None
    return days, start, end


def format_days(days: frozenset[int]) -> str:
    """{0,1,2,3,4} -> 'Mon–Fri'; {0,2,4} -> 'Mon, Wed, Fri'."""
    ordered = sorted(days)
    if not ordered:
        return "no days"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAY_NAMES[ordered[0]]}–{WEEKDAY_NAMES[ordered[-1]]}"
    return ", ".join(WEEKDAY_NAMES[day] for day in ordered)


def days_to_str(days: frozenset[int]) -> str:
    return ",".join(str(day) for day in sorted(days))


def days_from_str(stored: str) -> frozenset[int]:
    return frozenset(int(day) for day in stored.split(",") if day)


@cache
def _zones_by_city() -> dict[str, str]:
    zones: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            continue
        city = name.rsplit("/", 1)[1].replace("_", " ").lower()
        zones.setdefault(city, name)
    return zones


def parse_timezone(text: str) -> str | None:
    """'Europe/Berlin', 'europe/berlin', 'Berlin', 'new york', 'UTC' -> an IANA zone name."""
    cleaned = " ".join(text.strip().split())
    if not cleaned or len(cleaned) > 64:
        return None
    if cleaned.upper() in {"UTC", "GMT", "Z"}:
        return "UTC"
    for name in available_timezones():
        if name.lower() == cleaned.lower().replace(" ", "_"):
            return name
    return _zones_by_city().get(cleaned.lower())


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for a stored name, falling back to UTC for a name this system lacks."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

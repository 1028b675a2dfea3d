"""The settings parsers under their old names, for the modules that import them from here.

The parsers themselves live in bot/understanding/, shared by every handler.
"""

from __future__ import annotations

from bot.understanding.times import (
    WEEKDAY_NAMES,
    days_from_str,
    days_to_str,
    format_days,
    parse_days,
    parse_desk_hours,
    parse_time,
    parse_weekday,
)
from bot.understanding.zones import Found, read_zone, zone

__all__ = [
    "WEEKDAY_NAMES",
    "days_from_str",
    "days_to_str",
    "format_days",
    "parse_days",
    "parse_desk_hours",
    "parse_time",
    "parse_timezone",
    "parse_weekday",
    "zone",
]


def parse_timezone(text: str) -> str | None:
    """'Europe/Berlin', 'Berlin', 'new york', 'UTC' -> an IANA zone; a vague answer -> None."""
    found = read_zone(text)
    return found.zone if isinstance(found, Found) else None

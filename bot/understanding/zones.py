"""From what someone types about where they are to an IANA time zone, or a short choice.

Order: a zone name ("Europe/Berlin"), a fixed offset ("UTC+2"), an abbreviation ("EST", confirmed
first because it names a season, not a place), a place ("Munich", "Portland, Maine", "Germany"),
and last the city part of a zone name ("Lord Howe").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.understanding.places import (
    Option,
    Place,
    country_name,
    find_places,
    same_clock,
    zone_city,
    zone_country,
    zone_options,
)
from bot.understanding.text import fold

OTHER = "other"  # the button value for "none of these, let me type a place"


@dataclass(frozen=True)
class Found:
    zone: str
    place: str | None = None  # the place the typed name was taken for, e.g. "Munich"


@dataclass(frozen=True)
class Choice:
    question: str
    options: tuple[Option, ...]


_SUMMER = "It moves an hour in summer, and your reminders move with it."
# Abbreviations name a season's clock, not a place: ask which place's clock is meant.
_ABBREVIATIONS: dict[tuple[str, ...], tuple[str, tuple[Option, ...]]] = {
    ("est", "edt", "et", "eastern", "eastern time", "us eastern"): (
        "New York time", (Option("Yes, New York time", "America/New_York"),)),
    ("cst", "cdt", "ct", "central", "central time", "us central"): (
        "Chicago time", (Option("Yes, Chicago time", "America/Chicago"),
                    Option("No, China time", "Asia/Shanghai"))),
    ("mst", "mdt", "mt", "mountain", "mountain time", "us mountain"): (
        "Denver time", (Option("Yes, Denver time", "America/Denver"),
                   Option("No, Arizona (Phoenix) time", "America/Phoenix"))),
    ("pst", "pdt", "pt", "pacific", "pacific time", "us pacific"): (
        "Los Angeles time", (Option("Yes, Los Angeles time", "America/Los_Angeles"),)),
    ("akst", "akdt", "alaska time"): (
        "Anchorage time", (Option("Yes, Anchorage time", "America/Anchorage"),)),
    ("hst", "hawaii time"): ("Honolulu time", (Option("Yes, Honolulu time", "Pacific/Honolulu"),)),
    ("gmt", "bst", "uk time", "british time"): (
        "London time", (Option("Yes, London time", "Europe/London"),
                   Option("No, UTC all year", "UTC"))),
    ("wet", "west"): ("Lisbon time", (Option("Yes, Lisbon time", "Europe/Lisbon"),)),
    ("cet", "cest", "met", "mez", "mesz", "central european time"): (
        "Berlin time (the same as Paris, Rome or Madrid)",
        (Option("Yes, Berlin time", "Europe/Berlin"),)),
    ("eet", "eest", "eastern european time"): (
        "Athens time (the same as Helsinki or Bucharest)",
        (Option("Yes, Athens time", "Europe/Athens"),)),
    ("ist",): ("India time", (Option("India time", "Asia/Kolkata"),
                         Option("Ireland (Dublin) time", "Europe/Dublin"),
                         Option("Israel time", "Asia/Jerusalem"))),
    ("aest", "aedt"): ("Sydney time", (Option("Yes, Sydney time", "Australia/Sydney"),
                                  Option("No, Brisbane (no summer change)", "Australia/Brisbane"))),
    ("msk", "moscow time"): ("Moscow time", (Option("Yes, Moscow time", "Europe/Moscow"),)),
    ("jst",): ("Tokyo time", (Option("Yes, Tokyo time", "Asia/Tokyo"),)),
    ("kst",): ("Seoul time", (Option("Yes, Seoul time", "Asia/Seoul"),)),
    ("sgt",): ("Singapore time", (Option("Yes, Singapore time", "Asia/Singapore"),)),
    ("hkt",): ("Hong Kong time", (Option("Yes, Hong Kong time", "Asia/Hong_Kong"),)),
    ("nzst", "nzdt"): ("Auckland time", (Option("Yes, Auckland time", "Pacific/Auckland"),)),
}  # fmt: skip
_OFFSET = re.compile(r"^(?:utc|gmt)\s*(?P<sign>[+-−])\s*(?P<hours>\d{1,2})(?::?00)?$")
_FILLER = re.compile(
    r"^(?:(?:i am|i m|im|i live|living|based|currently|right now|now|we are|we re|my time zone"
    r"|time zone|timezone|tz|it s|its|is"
    # German and Spanish: "ich wohne in Köln", "bin in Wien", "vivo en Sevilla", "soy de Lima"
    r"|ich wohne|ich lebe|ich bin|wohne|lebe|bin|wir wohnen|zeitzone|gerade|zurzeit|jetzt"
    r"|vivo|estoy|soy|vivimos|ahora|zona horaria)\s+)*"
    r"(?:(?:bei|nahe|aus|in der nahe von|en|cerca de|de|desde)\s+"
    r"|(?:in|near|close to|around|at|from)?\s*)"
)
_TIME_WORDS = re.compile(r"\s+(?:time|time zone|timezone|tz|area)$")


def _legacy(name: str) -> bool:
    """'EST', 'CET', 'MST7MDT', 'Japan': old names that mean a clock rule, not a place."""
    return "/" not in name or name.startswith(("SystemV/", "posix/", "right/"))


@cache
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones() if not _legacy(name)}


@cache
def _zones_by_city() -> dict[str, str]:
    zones: dict[str, str] = {}
    for name in sorted(_zone_names().values()):
        if not name.startswith("Etc/"):
            zones.setdefault(fold(name.rsplit("/", 1)[1]), name)
    return zones


def _abbreviation(key: str) -> Choice | None:
    for names, (place, options) in _ABBREVIATIONS.items():
        if key in names:
            summer = _SUMMER if len(set(same_clock(options[0].zone))) > 1 else ""
            question = f"{key.upper()} — do you mean {place}? {summer}".strip()
            if len(options) > 2:
                question = f"{key.upper()} can mean a few places. Which one is yours?"
            return Choice(question, (*options, Option("Another place", OTHER)))
    return None


def read_zone(text: str) -> Found | Choice | None:
    """What the person means by `text`: a zone, a short choice to offer, or nothing found."""
    cleaned = " ".join(text.strip().split())
    if not cleaned or len(cleaned) > 80:
        return None
    lowered = cleaned.lower().replace(" ", "_")
    if lowered in ("utc", "gmt+0", "utc+0", "z", "zulu", "etc/utc"):
        return Found("UTC")
    if lowered in _zone_names():
        return Found(_zone_names()[lowered])
    offset = _OFFSET.match(cleaned.lower().replace(" ", ""))
    if offset:
        hours = int(offset.group("hours"))
        sign = "-" if offset.group("sign") == "+" else "+"  # Etc/GMT-2 is UTC+2
        return Found(f"Etc/GMT{sign}{hours}") if hours <= 14 else None
    key = _TIME_WORDS.sub("", _FILLER.sub("", fold(cleaned), count=1))
    choice = _abbreviation(key) or _abbreviation(fold(cleaned))
    if choice is not None:
        return choice
    places = find_places(key) or find_places(cleaned)
    if places:
        return _from_places(places)
    zone = _zones_by_city().get(key)
    return Found(zone) if zone else None


def _from_places(places: list[Place]) -> Found | Choice:
    options = zone_options(places)
    if len(options) == 1:
        return Found(options[0].zone, places[0].name)
    if len(places) == 1:
        question = f"{places[0].name} spans several time zones. Which one is yours?"
    else:
        question = f"There's more than one {places[0].name}. Which one do you mean?"
        other = places[1]
        if other.kind == "city":
            where = other.region or country_name(other.country)
            question += f' Or type it like "{other.name}, {where}".'
    return Choice(question, (*options, Option("Another place", OTHER)))


def zone_label(name: str) -> str:
    """'Europe/Berlin' -> 'Berlin time (Germany)'; 'Etc/GMT-2' -> 'UTC+2 all year'."""
    if name in ("UTC", "Etc/UTC"):
        return "UTC"
    fixed = re.fullmatch(r"Etc/GMT([+-])(\d+)", name)
    if fixed:
        sign = "-" if fixed.group(1) == "+" else "+"
        return f"UTC{sign}{fixed.group(2)} all year"
    country = zone_country(name)
    where = f" ({country_name(country, short=True)})" if country else ""
    return zone_city(name) + where


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for a stored name, falling back to UTC for a name this system lacks."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

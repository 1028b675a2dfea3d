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

from bot.i18n import N_, _
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
ANOTHER_PLACE = N_("Another place")


@dataclass(frozen=True)
class Found:
    zone: str
    place: str | None = None  # the place the typed name was taken for: "Munich", "München"


@dataclass(frozen=True)
class Choice:
    question: str
    options: tuple[Option, ...]


_SUMMER = N_("It moves an hour in summer, and your reminders move with it.")
# Abbreviations name a season's clock, not a place: ask which place's clock is meant. Keys are
# what may be typed, folded, with "_" for a space ("eastern_time"); the texts are shown.
_ABBREVIATIONS: dict[tuple[str, ...], tuple[str, tuple[Option, ...]]] = {
    ("est", "edt", "et", "eastern", "eastern_time", "us_eastern"): (
        N_("New York time"), (Option(N_("Yes, New York time"), "America/New_York"),)),
    ("cst", "cdt", "ct", "central", "central_time", "us_central"): (
        N_("Chicago time"), (Option(N_("Yes, Chicago time"), "America/Chicago"),
                             Option(N_("No, China time"), "Asia/Shanghai"))),
    ("mst", "mdt", "mt", "mountain", "mountain_time", "us_mountain"): (
        N_("Denver time"), (Option(N_("Yes, Denver time"), "America/Denver"),
                            Option(N_("No, Arizona (Phoenix) time"), "America/Phoenix"))),
    ("pst", "pdt", "pt", "pacific", "pacific_time", "us_pacific"): (
        N_("Los Angeles time"), (Option(N_("Yes, Los Angeles time"), "America/Los_Angeles"),)),
    ("akst", "akdt", "alaska_time"): (
        N_("Anchorage time"), (Option(N_("Yes, Anchorage time"), "America/Anchorage"),)),
    ("hst", "hawaii_time"): (
        N_("Honolulu time"), (Option(N_("Yes, Honolulu time"), "Pacific/Honolulu"),)),
    ("gmt", "bst", "uk_time", "british_time"): (
        N_("London time"), (Option(N_("Yes, London time"), "Europe/London"),
                            Option(N_("No, UTC all year"), "UTC"))),
    ("wet", "west"): (N_("Lisbon time"), (Option(N_("Yes, Lisbon time"), "Europe/Lisbon"),)),
    ("cet", "cest", "met", "mez", "mesz", "central_european_time"): (
        N_("Berlin time (the same as Paris, Rome or Madrid)"),
        (Option(N_("Yes, Berlin time"), "Europe/Berlin"),)),
    ("eet", "eest", "eastern_european_time"): (
        N_("Athens time (the same as Helsinki or Bucharest)"),
        (Option(N_("Yes, Athens time"), "Europe/Athens"),)),
    ("ist",): (N_("India time"), (Option(N_("India time"), "Asia/Kolkata"),
                                  Option(N_("Ireland (Dublin) time"), "Europe/Dublin"),
                                  Option(N_("Israel time"), "Asia/Jerusalem"))),
    ("aest", "aedt"): (
        N_("Sydney time"), (Option(N_("Yes, Sydney time"), "Australia/Sydney"),
                            Option(N_("No, Brisbane (no summer change)"), "Australia/Brisbane"))),
    ("msk", "moscow_time"): (
        N_("Moscow time"), (Option(N_("Yes, Moscow time"), "Europe/Moscow"),)),
    ("jst",): (N_("Tokyo time"), (Option(N_("Yes, Tokyo time"), "Asia/Tokyo"),)),
    ("kst",): (N_("Seoul time"), (Option(N_("Yes, Seoul time"), "Asia/Seoul"),)),
    ("sgt",): (N_("Singapore time"), (Option(N_("Yes, Singapore time"), "Asia/Singapore"),)),
    ("hkt",): (N_("Hong Kong time"), (Option(N_("Yes, Hong Kong time"), "Asia/Hong_Kong"),)),
    ("nzst", "nzdt"): (
        N_("Auckland time"), (Option(N_("Yes, Auckland time"), "Pacific/Auckland"),)),
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
        if key.replace(" ", "_") in names:
            summer = _(_SUMMER) if len(set(same_clock(options[0].zone))) > 1 else ""
            question = _("{abbreviation} — do you mean {place}?").format(
                abbreviation=key.upper(), place=_(place)
            )
            question = f"{question} {summer}".strip()
            if len(options) > 2:
                question = _("{abbreviation} can mean a few places. Which one is yours?").format(
                    abbreviation=key.upper()
                )
            shown = tuple(Option(_(option.label), option.zone) for option in options)
            return Choice(question, (*shown, Option(_(ANOTHER_PLACE), OTHER)))
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
        return _from_places(places, _as_written(cleaned, places[0]))
    zone = _zones_by_city().get(key)
    return Found(zone) if zone else None


def _as_written(cleaned: str, place: Place) -> str | None:
    """The words of `cleaned` that name `place`, as typed: "ich wohne in München" -> "München",
    "Portland, Maine" -> "Portland"; None when no part of it is one of the place's names."""
    words = cleaned.partition(",")[0].split()
    for start in range(len(words)):
        written = " ".join(words[start:]).strip(".!?;:")
        if written and place.called(written):
            return written
    return None


def _from_places(places: list[Place], typed: str | None) -> Found | Choice:
    options = zone_options(places, typed)
    if len(options) == 1:
        return Found(options[0].zone, places[0].shown(typed))
    if len(places) == 1:
        question = _("{place} spans several time zones. Which one is yours?").format(
            place=places[0].shown(typed)
        )
    else:
        question = _("There's more than one {place}. Which one do you mean?").format(
            place=places[0].shown(typed)
        )
        other = places[1]
        if other.kind == "city":
            where = other.region or country_name(other.country)
            question += _(' Or type it like "{name}, {where}".').format(
                name=other.shown(typed), where=where
            )
    return Choice(question, (*options, Option(_(ANOTHER_PLACE), OTHER)))


def zone_label(name: str) -> str:
    """'Europe/Berlin' -> 'Berlin time (Germany)'; 'Etc/GMT-2' -> 'UTC+2 all year'."""
    if name in ("UTC", "Etc/UTC"):
        return "UTC"
    fixed = re.fullmatch(r"Etc/GMT([+-])(\d+)", name)
    if fixed:
        sign = "-" if fixed.group(1) == "+" else "+"
        return _("UTC{offset} all year").format(offset=f"{sign}{fixed.group(2)}")
    country = zone_country(name)
    where = f" ({country_name(country, short=True)})" if country else ""
    return zone_city(name) + where


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for a stored name, falling back to UTC for a name this system lacks."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")

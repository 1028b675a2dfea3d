"""Places people name ("Munich", "São Paulo", "Portland, Maine", "Germany", "Alemania") and
their time zones.

The table (data/places.tsv.gz: ~8,800 cities, every one over 100,000 people and those over 50,000
in countries split across zones, with their other spellings; countries; US states; from GeoNames)
is built by scripts/build_places.py and read once, on first use: 0.27 MB on disk, ~14 MB loaded.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import get_timezone_location

from bot import i18n
from bot.i18n import N_, _
from bot.understanding.text import fold

TABLE = Path(__file__).resolve().parents[2] / "data" / "places.tsv.gz"
# One place clearly wins over a namesake this many times smaller ("London" is London, UK).
CLEAR_LEAD = 10
# A country or state is "in one zone" when that zone holds this share of its people.
MAIN_ZONE_SHARE = 0.8
MAX_CHOICES = 4
_SHORT_COUNTRY = {"US": N_("US"), "GB": N_("UK"), "AE": N_("UAE")}
# Words left in small letters when a name typed all in small letters is shown capitalised.
_PARTICLES = {"am", "an", "de", "del", "der", "di", "do", "dos", "da", "el", "la", "las", "los"}


@dataclass(frozen=True)
class Place:
    kind: str  # "city", "country" or "state"
    name: str
    country: str  # ISO code
    region: str  # a state's code ("OR"), or the region a city is in ("Oregon", may be "")
    population: int
    zones: tuple[tuple[str, int], ...]  # biggest first, with the people living in each

    @property
    def zone(self) -> str:
        return self.zones[0][0]

    def clocks(self) -> list[tuple[str, int]]:
        """The zones here that keep different times, biggest first: Argentina's eleven zone
        names all keep one time, so they count as one."""
        groups: dict[tuple[int, ...], tuple[str, int]] = {}
        for zone, people in self.zones:
            first, before = groups.get(same_clock(zone), (zone, 0))
            groups[same_clock(zone)] = (first, before + people)
        return sorted(groups.values(), key=lambda group: -group[1])

    def main_zone(self) -> str | None:
        """The zone nearly everyone here lives in, or None for a place split across zones."""
        clocks = self.clocks()
        total = sum(people for _zone, people in clocks) or 1
        if len(clocks) == 1 or clocks[0][1] / total >= MAIN_ZONE_SHARE:
            return clocks[0][0]
        return None

    def called(self, typed: str) -> bool:
        """Is `typed` one of this place's names ("München", "Munich", "Deutschland")?"""
        return any(place is self for place, _own in _table().by_key.get(fold(typed), []))

    def shown(self, typed: str | None = None) -> str:
        """The place's name for the person: as they typed it when it is one of its names
        ("München", "NYC"), else in their language ("Deutschland") or GeoNames' ("Munich")."""
        if typed and self.called(typed):
            if not (typed.islower() or (typed.isupper() and len(typed) > 3)):
                return typed
            if self.kind == "city":  # "sao paulo" -> "Sao Paulo", "rio de janeiro"
                words = typed.lower().split()
                return " ".join(
                    word if index and word in _PARTICLES else word[:1].upper() + word[1:]
                    for index, word in enumerate(words)
                )
        return country_name(self.country) if self.kind == "country" else self.name

    def label(self, typed: str | None = None) -> str:
        """'Portland, Oregon (US)', 'Munich (Germany)', 'Texas (US state)', 'Georgia (country)'."""
        name = self.shown(typed)
        if self.kind == "country":
            return _("{place} (country)").format(place=name)
        if self.kind == "state":
            return _("{place} (US state)").format(place=name)
        country = country_name(self.country, short=True)
        place = f"{name}, {self.region}" if self.region else name
        return f"{place} ({country})"


@dataclass(frozen=True)
class _Table:
    by_key: dict[str, list[tuple[Place, bool]]]  # key -> (place, is it the place's own name)
    countries: dict[str, Place]
    country_keys: dict[str, set[str]]  # country code -> every folded name of that country
    zone_country: dict[str, str]  # zone -> country code of its biggest city
    state_codes: dict[str, str]  # "Oregon" -> "or"


def _place(line: str) -> tuple[Place, list[str]]:
    kind, name, country, region, population, zones, keys = line.rstrip("\n").split("\t")
    parsed_zones = tuple(
        (zone, int(people or 0))
        for zone, _equals, people in (item.partition("=") for item in zones.split(","))
    )
    place = Place(kind, name, country, region, int(population), parsed_zones)
    return place, [key for key in keys.split("|") if key]


@cache
def _table() -> _Table:
    by_key: dict[str, list[tuple[Place, bool]]] = defaultdict(list)
    countries: dict[str, Place] = {}
    country_keys: dict[str, set[str]] = defaultdict(set)
    zone_country: dict[str, str] = {}
    state_codes: dict[str, str] = {}
    with gzip.open(TABLE, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            place, keys = _place(line)
            own = fold(place.name)
            # "St Petersburg" is Saint Petersburg's own name too, not just an alias of it.
            own_keys = {own, re.sub(r"^saint ", "st ", own), re.sub(r"^st ", "saint ", own)}
            if place.kind == "country":
                countries[place.country] = place
                country_keys[place.country] |= {own, *keys, place.country.lower()}
                keys = [*keys, own]
            elif place.kind == "state":
                state_codes[place.name] = place.region.lower()
                keys = [*keys, own]
            else:
                zone_country.setdefault(place.zone, place.country)
                for key in own_keys:
                    by_key[key].append((place, True))
                keys = [key for key in keys if key not in own_keys]
            for key in keys:
                by_key[key].append((place, place.kind != "city"))
    # Countries by their German and Spanish names too ("Deutschland", "Alemania"; from CLDR,
    # through Babel), where no place is called so already.
    for language in ("de", "es"):
        for code, name in Locale.parse(language).territories.items():
            key = fold(name)
            if code in countries and key not in by_key:
                by_key[key].append((countries[code], True))
                country_keys[code].add(key)
    return _Table(dict(by_key), countries, dict(country_keys), zone_country, state_codes)


def country_name(code: str, short: bool = False) -> str:
    """'DE' -> 'Germany' ('Deutschland', 'Alemania'); short: 'US' -> 'US' ('USA', 'EE. UU.')."""
    if short and code in _SHORT_COUNTRY:
        return _(_SHORT_COUNTRY[code])
    if i18n.current() != i18n.ENGLISH:
        name = i18n.locale().territories.get(code)
        if name:
            return str(name)
    country = _table().countries.get(code)
    return country.name if country else code


def zone_country(zone: str) -> str | None:
    """'Europe/Berlin' -> 'DE': the country of the biggest city on that zone."""
    return _table().zone_country.get(zone)


def _qualifies(place: Place, qualifier: str) -> bool:
    """Does 'oregon', 'or', 'usa', 'maine', 'uk' or 'ontario' describe this place?"""
    table = _table()
    if qualifier in table.country_keys.get(place.country, set()):
        return True
    regions = {fold(place.region), table.state_codes.get(place.region, "")}
    return bool(place.region) and qualifier in regions


def _candidates(key: str) -> list[Place]:
    """Places called `key`; a place's own name beats another place's old or foreign name."""
    found = _table().by_key.get(key, [])
    own = [place for place, is_own in found if is_own]
    chosen = own or [place for place, _own in found]
    unique = {id(place): place for place in chosen}
    return sorted(unique.values(), key=lambda place: -place.population)


def _split(cleaned: str) -> list[tuple[str, str]]:
    """'portland, oregon' or 'portland oregon' -> [('portland', 'oregon')] and shorter splits."""
    if "," in cleaned:
        name, _comma, qualifier = cleaned.partition(",")
        return [(fold(name), fold(qualifier))]
    words = fold(cleaned).split()
    return [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(len(words) - 1, 0, -1)]


def find_places(text: str) -> list[Place]:
    """Every place the text may mean, biggest first: 'Portland' -> Oregon's, then Maine's."""
    key = fold(text)
    if not key:
        return []
    if "," not in text:
        whole = _candidates(key)
        if whole:
            return whole
    for name, qualifier in _split(text):
        matching = [place for place in _candidates(name) if _qualifies(place, qualifier)]
        if matching:
            return matching
    return []


@dataclass(frozen=True)
class Option:
    label: str
    zone: str


def zone_options(places: list[Place], typed: str | None = None) -> list[Option]:
    """What to offer for these places (called `typed`, as the person wrote it): one option per
    zone, the biggest places first.

    A single option means the answer is clear; several mean the person should choose.
    """
    options: list[Option] = []
    for place in places:
        main = place.main_zone()
        if main is not None:
            options.append(Option(place.label(typed), main))
        else:
            prefix = f"{place.shown(typed)}: " if len(places) > 1 else ""
            clocks = place.clocks()[:MAX_CHOICES]
            options.extend(Option(prefix + zone_city(zone), zone) for zone, _people in clocks)
    top = places[0].main_zone() if places else None
    if len(places) > 1 and top is not None:
        rivals = [p for p in places[1:] if same_clock(p.zone) != same_clock(top)]
        if not rivals or places[0].population >= CLEAR_LEAD * rivals[0].population:
            return options[:1]
    distinct: dict[tuple[int, ...], Option] = {}
    for option in options:
        distinct.setdefault(same_clock(option.zone), option)
    return list(distinct.values())[:MAX_CHOICES]


@cache
def same_clock(zone: str) -> tuple[int, ...]:
    """The zone's UTC offsets through the coming year: zones with equal ones show equal times."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return (hash(zone),)
    start = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    moments = (start + timedelta(days=day) for day in range(366))
    offsets = (moment.astimezone(tz).utcoffset() or timedelta(0) for moment in moments)
    return tuple(int(offset.total_seconds()) // 60 for offset in offsets)


def zone_city(zone: str) -> str:
    """'America/Argentina/Buenos_Aires' -> 'Buenos Aires time' ('hora de Buenos Aires')."""
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    if i18n.current() != i18n.ENGLISH:  # CLDR's name for the city: "Kalkutta", "Nueva York"
        city = str(get_timezone_location(zone, locale=i18n.locale(), return_city=True))
    return _("{city} time").format(city=city)

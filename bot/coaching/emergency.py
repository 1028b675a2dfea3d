"""The number to call in an emergency, for the urgent response of the safety screen.

The numbers are data (data/emergency_numbers.yaml, each with a source). The country comes from
the person's IANA time zone through tzdata's zone.tab (zoneinfo itself knows no countries), or
from a country they typed; unknown, the text says "your local emergency number" instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml
from babel import Locale
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.coaching.catalogue import CatalogueError, default_data_dir
from bot.i18n import ENGLISH, SUPPORTED


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Country(_Strict):
    name: str = Field(min_length=2)
    emergency: str = Field(pattern=r"^[0-9]{3,5}$")
    advice: str | None = None  # urgent help that is not an emergency, e.g. "NHS 111"
    also: tuple[str, ...] = ()
    source: str = Field(min_length=2)


class Numbers(_Strict):
    fallback: str = Field(min_length=5)
    sources: dict[str, str]
    countries: dict[str, Country]

    @model_validator(mode="after")
    def _sourced(self) -> Numbers:
        for code, country in self.countries.items():
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"{code}: not an ISO 3166 country code")
            if country.source not in self.sources and len(country.source) < 10:
                raise ValueError(f"{code}: source {country.source!r} is not in sources")
        return self


@dataclass(frozen=True)
class Help:
    """Who to call: `number` is the emergency number, or the fallback words when unknown."""

    number: str
    country: str | None = None  # "the UK", for "In the UK, call 999"
    advice: str | None = None  # "NHS 111"
    code: str | None = None  # "GB", for the country's name in other languages

    @property
    def known(self) -> bool:
        return self.country is not None


@cache
def load_numbers(data_dir: Path | None = None) -> Numbers:
    path = (data_dir or default_data_dir()) / "emergency_numbers.yaml"
    try:
        return Numbers.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise CatalogueError(f"{path}: {error}") from error


@cache
def _zone_countries() -> dict[str, str]:
    """Zone -> country code from tzdata's zone.tab, with its old names (links in tzdata.zi:
    "Asia/Calcutta", "US/Eastern") leading to the same country."""
    tables = files("tzdata") / "zoneinfo"
    countries: dict[str, str] = {}
    for line in (tables / "zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, zone, *_ = line.split("\t")
            countries[zone] = code
    for line in (tables / "tzdata.zi").read_text(encoding="utf-8").splitlines():
        if line.startswith("L "):
            _, target, link = line.split()
            if target in countries:
                countries.setdefault(link, countries[target])
    return countries


def country_of_zone(zone: str | None) -> str | None:
    """'Europe/Berlin' -> 'DE'; 'UTC' and unknown names -> None."""
    return _zone_countries().get(zone or "")


def _fold(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", text.lower()).strip() + " "


@cache
def _names() -> list[tuple[str, str]]:
    """(folded name, code), longest first, so "northern ireland" wins over "ireland". A short
    name ("the US") is matched only through `also` ("usa"): "help us" names no country."""
    names = [
        (_fold(name), code)
        for code, country in load_numbers().countries.items()
        for name in (country.name.removeprefix("the "), *country.also, *_local_names(code))
        if len(name) > 3 or name in country.also
    ]
    return sorted(names, key=lambda pair: -len(pair[0]))


def _local_names(code: str) -> list[str]:
    """The country's name in the other languages BackCoach speaks ("Deutschland", "España")."""
    return [
        str(Locale.parse(language).territories[code])
        for language in SUPPORTED
        if language != ENGLISH and code in Locale.parse(language).territories
    ]


def country_in(text: str) -> str | None:
    """The country a message names ("I'm in Germany" -> 'DE'), if one with a number is named."""
    folded = _fold(text)
    return next((code for name, code in _names() if name in folded), None)


def help_for(zone: str | None = None, typed: str | None = None) -> Help:
    """Who to call: the country typed first (the person said so), else their time zone's."""
    numbers = load_numbers()
    code = (country_in(typed) if typed else None) or country_of_zone(zone)
    country = numbers.countries.get(code or "")
    if country is None:
        return Help(numbers.fallback)
    return Help(country.emergency, country.name, country.advice, code)

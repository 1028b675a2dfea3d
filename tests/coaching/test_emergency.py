"""The emergency number for a person: from their time zone, or a country they typed."""

from __future__ import annotations

import pytest

from bot.coaching.emergency import country_in, country_of_zone, help_for, load_numbers
from bot.telegram.questions import COMMON_ZONES

EU = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]


@pytest.mark.parametrize(
    ("zone", "number", "advice"),
    [
        ("Europe/London", "999", "NHS 111"),
        ("Europe/Berlin", "112", None),
        ("America/New_York", "911", None),
        ("America/Toronto", "911", None),
        ("Australia/Sydney", "000", "healthdirect on 1800 022 222"),
        ("Pacific/Auckland", "111", "Healthline on 0800 611 116"),
        ("Asia/Kolkata", "112", None),
        ("Asia/Calcutta", "112", None),  # an old name, a link in tzdata
        ("Atlantic/Canary", "112", None),  # Spain's islands
        ("Europe/Moscow", "112", None),
    ],
)
def test_the_time_zone_gives_the_country_and_its_number(
    zone: str, number: str, advice: str | None
) -> None:
    help = help_for(zone)
    assert (help.number, help.advice, help.known) == (number, advice, True)


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+3", "Nowhere/Atlantis", None])
def test_an_unknown_country_gets_the_local_emergency_number(zone: str | None) -> None:
    help = help_for(zone)
    assert (help.number, help.known) == ("your local emergency number", False)


def test_every_eu_country_has_112_and_every_country_a_source() -> None:
    numbers = load_numbers()
    assert {code: numbers.countries[code].emergency for code in EU} == dict.fromkeys(EU, "112")
    for country in numbers.countries.values():
        assert country.source in numbers.sources or len(country.source) > 20


def test_a_typed_country_wins_over_the_time_zone() -> None:
    assert help_for("Europe/London", typed="I'm on holiday in Spain").number == "112"
    assert help_for("UTC", typed="we live in northern ireland").number == "999"


@pytest.mark.parametrize(
    "text", ["can you help us?", "what if I can't get to a hospital?", "I'm on my own"]
)
def test_ordinary_words_name_no_country(text: str) -> None:
    assert country_in(text) is None


def test_zone_tab_covers_the_common_zones() -> None:
    assert country_of_zone("Europe/Jersey") == "JE"
    assert country_of_zone("US/Eastern") == "US"


def test_every_zone_offered_at_set_up_has_a_number() -> None:
    assert [zone for zone in COMMON_ZONES if not help_for(zone).known] == ["UTC"]

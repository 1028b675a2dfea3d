"""What people may type for their settings, and how it is read."""

from __future__ import annotations

from datetime import time

import pytest

from bot.telegram.parsing import (
    format_days,
    parse_days,
    parse_desk_hours,
    parse_time,
    parse_timezone,
)
from bot.telegram.rules import parse_rule


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07.30", time(7, 30)),
        ("19h", time(19, 0)),
        ("7pm", time(19, 0)),
        ("12 am", time(0, 0)),
        (" 18:05 ", time(18, 5)),
    ],
)
def test_times_are_read_in_the_usual_spellings(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "7:75", "13pm", "soon", "", "7:3"])
def test_impossible_or_vague_times_are_refused(typed: str) -> None:
    assert parse_time(typed) is None


def test_desk_hours_default_to_weekdays_when_no_days_are_given() -> None:
    assert parse_desk_hours("9-17:30") == (frozenset(range(5)), time(9), time(17, 30))


def test_desk_hours_read_day_ranges_and_lists() -> None:
    assert parse_desk_hours("Mon-Thu 08:00-16:00") == (frozenset(range(4)), time(8), time(16))
    assert parse_desk_hours("sat 10 to 12") == (frozenset({5}), time(10), time(12))


def test_desk_hours_that_end_before_they_start_are_refused() -> None:
    assert parse_desk_hours("Mon-Fri 17:00-09:00") is None


def test_day_ranges_may_wrap_around_the_week() -> None:
    assert parse_days("Fri-Mon") == frozenset({4, 5, 6, 0})
    assert format_days(frozenset(range(5))) == "Mon–Fri"
    assert format_days(frozenset({0, 2, 4})) == "Mon, Wed, Fri"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("Lord Howe", "Australia/Lord_Howe"),
        ("utc", "UTC"),
    ],
)
def test_time_zones_are_found_by_name_or_city(typed: str, zone: str) -> None:
    assert parse_timezone(typed) == zone


def test_an_unknown_place_is_not_guessed() -> None:
    assert parse_timezone("Atlantis") is None


@pytest.mark.parametrize("typed", ["EST", "CET", "MST7MDT", "Portland"])
def test_a_clock_abbreviation_or_a_shared_name_is_asked_about_not_stored(typed: str) -> None:
    assert parse_timezone(typed) is None  # bot.understanding.zones offers a choice instead


def test_a_rule_is_read_with_its_time_and_days() -> None:
    assert parse_rule("No heavy lifting without a warm-up at 08:00") == (
        "No heavy lifting without a warm-up",
        time(8),
        frozenset(range(7)),
    )
    assert parse_rule("Walk after lunch 13:15 Mon-Fri") == (
        "Walk after lunch",
        time(13, 15),
        frozenset(range(5)),
    )
    assert parse_rule("just some words") is None

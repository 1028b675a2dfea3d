"""Set-up answers in people's own words."""

from __future__ import annotations

import pytest

from bot.understanding.answers import (
    age_in,
    movements_in,
    no_desk,
    sit_minutes_in,
    time_in,
    weekday_in,
    yes_or_no,
)


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("yes that's fine", "yes"),
        ("Yep, go ahead", "yes"),
        ("sure", "yes"),
        ("OK", "yes"),
        ("no, none of these", "no"),
        ("nope none", "no"),
        ("not pregnant", "no"),
        ("doesn't apply", "no"),
        ("I'm a man", "no"),
        ("I'd rather not", "no"),
        ("what do you mean?", None),
        ("maybe", None),
    ],
)
def test_yes_or_no_is_read_from_how_an_answer_starts(typed: str, meaning: str | None) -> None:
    assert yes_or_no(typed) == meaning


def test_an_age_is_the_one_plausible_number_in_the_message() -> None:
    assert age_in("I'm 41") == 41
    assert age_in("41 years old") == 41
    assert age_in("im 16") == 16
    assert age_in("between 30 and 40") is None  # two numbers: not sure which
    assert age_in("old enough") is None


def test_a_weekday_is_found_inside_a_longer_answer() -> None:
    assert weekday_in("sunday morning") == 6
    assert weekday_in("on Saturdays please") == 5
    assert weekday_in("mon or tue") is None


def test_a_time_is_found_inside_a_longer_answer() -> None:
    assert time_in("after work, 6:30pm") == "6:30pm"
    assert time_in("at 18:00 please") == "18:00"
    assert time_in("whenever") is None


def test_several_movements_in_one_sentence_are_all_found() -> None:
    assert movements_in("getting out of bed and getting into the car") == ["out_of_bed", "into_car"]
    assert movements_in("lifting and carrying the shopping") == ["lifting_from_floor", "carrying"]
    assert movements_in("my knees") == []
    assert movements_in("bed and car") == ["out_of_bed", "into_car"]
    assert movements_in("sitting down and standing up") == ["low_chair", "up_after_sitting"]
    assert movements_in("bending") == ["lifting_from_floor"]


def test_no_desk_is_read_from_a_plain_no_or_a_life_without_one() -> None:
    for typed in ("no desk", "none", "I'm retired", "no, I stand all day", "I don't work"):
        assert no_desk(typed), typed
    assert not no_desk("mon-fri 9-5")


def test_half_an_hour_is_thirty_minutes_not_an_hour() -> None:
    assert sit_minutes_in("every half hour") == 30
    assert sit_minutes_in("every hour") == 60

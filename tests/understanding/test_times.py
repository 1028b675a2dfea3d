"""Times, days, ranges, numbers and durations as people type them, and what each must mean."""

from __future__ import annotations

from datetime import time

import pytest

from bot.understanding.text import parse_number, parse_numbers
from bot.understanding.times import (
    early_bare_hour,
    parse_days,
    parse_desk_hours,
    parse_time,
    parse_time_range,
    parse_weekday,
)

WEEKDAYS, EVERY_DAY, WEEKEND = frozenset(range(5)), frozenset(range(7)), frozenset({5, 6})

TIMES = [
    # digits, 24-hour and 12-hour clocks
    ("7:30", time(7, 30)),
    ("07:30", time(7, 30)),
    ("7.30", time(7, 30)),
    ("07.30", time(7, 30)),
    ("730", time(7, 30)),
    ("0730", time(7, 30)),
    ("1930", time(19, 30)),
    ("19:30", time(19, 30)),
    ("19h", time(19)),
    ("19h30", time(19, 30)),
    ("7 30", time(7, 30)),
    ("7", time(7)),
    ("18", time(18)),
    ("0", time(0)),
    ("7pm", time(19)),
    ("7 pm", time(19)),
    ("7PM", time(19)),
    ("7 p.m.", time(19)),
    ("8 a.m.", time(8)),
    ("6:45am", time(6, 45)),
    ("12 am", time(0)),
    ("12pm", time(12)),
    ("12:30 am", time(0, 30)),
    (" 18:05 ", time(18, 5)),
    # words
    ("noon", time(12)),
    ("Noon", time(12)),
    ("midday", time(12)),
    ("12 noon", time(12)),
    ("midnight", time(0)),
    ("four", time(4)),
    ("ten", time(10)),
    ("four pm", time(16)),
    ("seven thirty", time(7, 30)),
    ("six forty-five", time(6, 45)),
    ("twelve", time(12)),
    # the way people say it
    ("around 1pm", time(13)),
    ("about 7", time(7)),
    ("at 8", time(8)),
    ("~7", time(7)),
    ("7ish", time(7)),
    ("7-ish", time(7)),
    ("roughly 9am", time(9)),
    ("7 o'clock", time(7)),
    ("seven o’clock", time(7)),
    ("quarter past 7", time(7, 15)),
    ("quarter past seven", time(7, 15)),
    ("quarter to 8", time(7, 45)),
    ("quarter to eight pm", time(19, 45)),
    ("half past six", time(6, 30)),
    ("half past 6 pm", time(18, 30)),
    ("half 7", time(7, 30)),
    ("ten past six", time(6, 10)),
    ("ten to six", time(5, 50)),
    ("twenty past seven", time(7, 20)),
    ("25 to 9", time(8, 35)),
    ("7 in the evening", time(19)),
    ("8 in the morning", time(8)),
    ("3 in the afternoon", time(15)),
    ("10 at night", time(22)),
]


@pytest.mark.parametrize(("typed", "meant"), TIMES)
def test_a_time_is_read_as_people_write_it(typed: str, meant: time) -> None:
    assert parse_time(typed) == meant


NOT_TIMES = ["25:00", "7:75", "13pm", "0am", "soon", "", "7:3", "whenever", "9 to 5", "later"]


@pytest.mark.parametrize("typed", NOT_TIMES)
def test_impossible_or_vague_times_are_refused(typed: str) -> None:
    assert parse_time(typed) is None


DAYS = [
    ("Mon-Fri", WEEKDAYS),
    ("mon–fri", WEEKDAYS),
    ("Mon to Fri", WEEKDAYS),
    ("Monday through Friday", WEEKDAYS),
    ("Mon thru Fri", WEEKDAYS),
    ("Mo-Fr", WEEKDAYS),
    ("weekdays", WEEKDAYS),
    ("on weekdays", WEEKDAYS),
    ("work days", WEEKDAYS),
    ("every day", EVERY_DAY),
    ("everyday", EVERY_DAY),
    ("daily", EVERY_DAY),
    ("Mon - Sun", EVERY_DAY),
    ("weekends", WEEKEND),
    ("the weekend", WEEKEND),
    ("Sat", frozenset({5})),
    ("Sundays", frozenset({6})),
    ("mon,wed,fri", frozenset({0, 2, 4})),
    ("mon wed fri", frozenset({0, 2, 4})),
    ("Mon, Wed and Fri", frozenset({0, 2, 4})),
    ("Mondays and Thursdays", frozenset({0, 3})),
    ("tue/thu", frozenset({1, 3})),
    ("Tues & Thurs", frozenset({1, 3})),
    ("Fri-Mon", frozenset({4, 5, 6, 0})),
    ("every day except Sunday", frozenset(range(6))),
    ("weekdays and Saturday", frozenset(range(6))),
]


@pytest.mark.parametrize(("typed", "meant"), DAYS)
def test_days_are_read_as_people_write_them(typed: str, meant: frozenset[int]) -> None:
    assert parse_days(typed) == meant


@pytest.mark.parametrize("typed", ["blah", "mon-", "someday", "", "monkey"])
def test_words_that_are_not_days_are_refused(typed: str) -> None:
    assert parse_days(typed) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mon", 0),
        ("Monday", 0),
        ("tues", 1),
        ("Wednesday", 2),
        ("thurs", 3),
        ("Sundays", 6),
        ("on Friday", 4),
        ("every Sunday", 6),
    ],
)
def test_one_day_is_read_by_name(typed: str, meant: int) -> None:
    assert parse_weekday(typed) == meant


DESK_HOURS = [
    ("weekdays 9-5", (WEEKDAYS, time(9), time(17))),
    ("Mon to Fri 9-17", (WEEKDAYS, time(9), time(17))),
    ("9-17 Mon-Fri", (WEEKDAYS, time(9), time(17))),
    ("Mon-Fri 9 to 5", (WEEKDAYS, time(9), time(17))),
    ("9 to 5", (WEEKDAYS, time(9), time(17))),
    ("nine to five", (WEEKDAYS, time(9), time(17))),
    ("9-5 weekdays", (WEEKDAYS, time(9), time(17))),
    ("Mon–Fri 09:00–17:30", (WEEKDAYS, time(9), time(17, 30))),
    ("9-17:30", (WEEKDAYS, time(9), time(17, 30))),
    ("9am-5pm", (WEEKDAYS, time(9), time(17))),
    ("9am to 5:30pm", (WEEKDAYS, time(9), time(17, 30))),
    ("8.30-5.30", (WEEKDAYS, time(8, 30), time(17, 30))),
    ("from 8:30 till 17", (WEEKDAYS, time(8, 30), time(17))),
    ("between 9 and 5", (WEEKDAYS, time(9), time(17))),
    ("0900-1700", (WEEKDAYS, time(9), time(17))),
    ("Mon-Thu 08:00-16:00", (frozenset(range(4)), time(8), time(16))),
    ("Mon-Thu 8:30-16", (frozenset(range(4)), time(8, 30), time(16))),
    ("sat 10 to 12", (frozenset({5}), time(10), time(12))),
    ("Tue-Sat 10 to 6", (frozenset(range(1, 6)), time(10), time(18))),
    ("Mon, Wed, Fri 10-14", (frozenset({0, 2, 4}), time(10), time(14))),
    ("every day 8-16", (EVERY_DAY, time(8), time(16))),
    ("Monday to Friday, 8 till 4", (WEEKDAYS, time(8), time(16))),
]


@pytest.mark.parametrize(("typed", "meant"), DESK_HOURS)
def test_desk_hours_read_days_and_times_in_either_order(
    typed: str, meant: tuple[frozenset[int], time, time]
) -> None:
    assert parse_desk_hours(typed) == meant


@pytest.mark.parametrize("typed", ["whenever", "Mon-Fri 17:00-09:00", "12-12", "blah 9-5", ""])
def test_desk_hours_that_make_no_sense_are_refused(typed: str) -> None:
    assert parse_desk_hours(typed) is None


QUIET_HOURS = [
    ("22:00-07:00", (time(22), time(7))),
    ("22-7", (time(22), time(7))),
    ("10 to 6", (time(22), time(6))),
    ("10-6", (time(22), time(6))),
    ("11pm-7am", (time(23), time(7))),
    ("10:30pm to 6:45am", (time(22, 30), time(6, 45))),
    ("23:00 - 6:30", (time(23), time(6, 30))),
    ("midnight to 7", (time(0), time(7))),
    ("13:00-14:00", (time(13), time(14))),
]


@pytest.mark.parametrize(("typed", "meant"), QUIET_HOURS)
def test_quiet_hours_may_cross_midnight(typed: str, meant: tuple[time, time]) -> None:
    assert parse_time_range(typed, overnight=True) == meant


NUMBERS = [
    ("4", 4),
    ("four", 4),
    ("Four", 4),
    (" ten ", 10),
    ("zero", 0),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("forty-five", 45),
    ("twenty one", 21),
]


@pytest.mark.parametrize(("typed", "meant"), NUMBERS)
def test_numbers_are_read_in_digits_or_words(typed: str, meant: int) -> None:
    assert parse_number(typed) == meant


@pytest.mark.parametrize("typed", ["", "lots", "someone", "4.5", "often"])
def test_what_is_not_a_whole_number_is_refused(typed: str) -> None:
    assert parse_number(typed) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("45 2", [45, 2]), ("forty-five, two", [45, 2]), ("30 min sitting then 3", [30, 3])],
)
def test_several_numbers_are_found_in_a_sentence(typed: str, meant: list[int]) -> None:
    assert parse_numbers(typed) == meant


@pytest.mark.parametrize(
    ("typed", "maybe_afternoon"),
    [("4", True), ("four", True), ("6", True), ("4am", False), ("04:00", False), ("16", False),
     ("7", False), ("4:30", True), ("4 in the morning", False)],
)  # fmt: skip
def test_an_early_bare_hour_is_noticed_so_the_bot_can_say_it_read_it_as_morning(
    typed: str, maybe_afternoon: bool
) -> None:
    assert early_bare_hour(typed) is maybe_afternoon

"""Ratings typed in a check-in, in digits or words, and what each must mean."""

from __future__ import annotations

import pytest

from bot.coaching.ratings import parse_rating


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("4", 4),
        ("4/10", 4),
        ("about 4", 4),
        ("four", 4),
        ("Four", 4),
        ("four out of ten", 4),
        ("ten", 10),
        ("zero", 0),
        ("pain three", 3),
        ("maybe a six", 6),
        ("eleven", None),
        ("none", None),
        ("two or three", None),
    ],
)
def test_a_rating_is_read_in_digits_or_words(typed: str, meant: int | None) -> None:
    assert parse_rating(typed) == meant

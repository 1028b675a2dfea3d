"""Noticing "no improvement" after six weeks, and pain rising week on week."""

from __future__ import annotations

from datetime import date, timedelta

from bot.coaching.review import pain_rising, suggest_review

START = date(2026, 1, 5)


def days(first: int, pains: list[int]) -> list[tuple[date, int]]:
    return [(START + timedelta(days=first + i), pain) for i, pain in enumerate(pains)]


FIRST_WEEKS = days(1, [6, 5, 6, 6])
AFTER_6_WEEKS = START + timedelta(weeks=6)


def test_six_weeks_without_easing_or_easier_movements_suggests_a_review() -> None:
    same = days(36, [6, 5, 6])
    ratings = [(START, "out_of_bed", 6), (AFTER_6_WEEKS, "out_of_bed", 5)]
    assert suggest_review(START, AFTER_6_WEEKS, FIRST_WEEKS + same, ratings)


def test_not_before_six_weeks() -> None:
    same = days(30, [6, 6, 6])
    assert not suggest_review(START, START + timedelta(days=41), FIRST_WEEKS + same, [])


def test_morning_pain_easing_by_2_points_or_30_percent_is_improvement() -> None:
    assert not suggest_review(START, AFTER_6_WEEKS, FIRST_WEEKS + days(36, [4, 4, 4]), [])
    low = days(1, [3, 3, 3])
    assert not suggest_review(START, AFTER_6_WEEKS, low + days(36, [2, 2]), [])  # 3 -> 2: 33 %


def test_a_movement_2_points_easier_is_improvement_even_if_pain_is_the_same() -> None:
    ratings = [(START, "into_car", 7), (AFTER_6_WEEKS, "into_car", 5)]
    assert not suggest_review(START, AFTER_6_WEEKS, FIRST_WEEKS + days(36, [6, 6]), ratings)


def test_too_few_ratings_or_little_pain_to_begin_with_suggests_nothing() -> None:
    assert not suggest_review(START, AFTER_6_WEEKS, FIRST_WEEKS + days(40, [6]), [])
    assert not suggest_review(START, AFTER_6_WEEKS, days(1, [1, 1]) + days(36, [1, 1]), [])


def test_pain_rising_by_2_week_on_week_is_noticed() -> None:
    today = START + timedelta(days=13)
    assert pain_rising(days(0, [3, 3, 2, 3, 3, 3, 3]) + days(7, [5, 6, 5, 5, 6, 5, 5]), today)
    assert not pain_rising(days(0, [3, 3, 3, 3, 3, 3, 3]) + days(7, [4, 4, 5, 4, 4, 4, 4]), today)
    assert not pain_rising(days(7, [8, 8, 8]), today)  # nothing the week before to compare

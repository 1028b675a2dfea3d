"""The rules for reading outcomes, as data/outcomes.yaml sets them."""

from __future__ import annotations

from datetime import date, timedelta

from bot.coaching.catalogue import default_data_dir
from bot.coaching.outcomes import (
    change,
    due,
    high_interference,
    load_outcome_rules,
    no_improvement,
    peg_score,
)

RULES = load_outcome_rules(default_data_dir())
START = date(2026, 9, 7)


def test_two_points_on_an_activity_is_a_real_change_and_one_is_not() -> None:
    assert change(RULES, 3, 5) == "up"
    assert change(RULES, 3, 4) == "same"
    assert change(RULES, 6, 4) == "down"


def test_the_peg_score_is_the_mean_of_its_three_items() -> None:
    assert peg_score(5, 6, 6) == 5.7


def test_re_rating_is_due_every_two_weeks_with_a_day_of_slack() -> None:
    assert due(RULES, None, START)
    assert not due(RULES, START, START + timedelta(days=9))
    assert due(RULES, START, START + timedelta(days=13))


def test_interference_of_seven_or_more_is_high() -> None:
    assert high_interference(RULES, 7, 2) and not high_interference(RULES, 6, 6)


def test_no_improvement_needs_six_weeks_and_nothing_better_by_two_points() -> None:
    six_weeks = START + timedelta(weeks=6)
    assert not no_improvement(RULES, START, START + timedelta(weeks=5), [(3, 3)], [5, 5])
    assert no_improvement(RULES, START, six_weeks, [(3, 4)], [5.0, 4.0])
    assert not no_improvement(RULES, START, six_weeks, [(3, 5)], [5.0, 5.0])
    assert not no_improvement(RULES, START, six_weeks, [(3, 3)], [6.0, 4.0])

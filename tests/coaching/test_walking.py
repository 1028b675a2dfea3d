"""The daily walk: a goal apart from the routine that grows only when mornings settle."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.plan import initial_plan
from bot.coaching.simulate import simulate
from bot.coaching.walking import log_walk, walked
from bot.telegram.walking import walk_line
from bot.understanding.minutes import parse_minutes


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_the_goal_starts_at_what_the_person_already_walks(catalogue: Catalogue) -> None:
    assert initial_plan(catalogue, [], 2, walk_minutes=20).walk_goal == 20
    assert initial_plan(catalogue, [], 2, walk_minutes=0).walk_goal == 5, "a few minutes at least"
    assert initial_plan(catalogue, [], 2, walk_minutes=90).walk_goal == 40, "at most the top"


def test_the_walk_grows_for_the_steady_profile_and_holds_in_a_flare() -> None:
    catalogue = load_catalogue()
    steady = list(simulate(catalogue, 56, "steady", 1))
    goals = [day["walk_goal"] for day in steady]
    assert goals[-1] > goals[0]
    assert all(later >= earlier for earlier, later in itertools.pairwise(goals))
    grown = [c for day in steady for c in day["changes"] if c["exercise"] == "walk"]
    assert grown and all(2 <= c["to"] - c["from"] <= 5 for c in grown)
    flare = list(simulate(catalogue, 56, "flare", 1))
    during = [day["walk_goal"] for day in flare if day["flare"]]
    assert during and len(set(during)) == 1, "no growth while in a flare"


def test_walks_add_up_within_a_day_and_show_on_today(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [], 2, walk_minutes=15)
    today = date(2026, 3, 2)
    plan = log_walk(log_walk(plan, today, 10), today, 8)
    assert walked(plan, today) == 18
    assert "15 min" in walk_line(catalogue.rules, plan, today)
    assert "18 logged so far" in walk_line(catalogue.rules, plan, today)
    plan.flare = True
    assert "5–10 minutes in all" in walk_line(catalogue.rules, plan, today)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("20", 20),
        ("about 15", 15),
        ("walked 25 min", 25),
        ("I walked 20 min.", 20),
        ("twenty minutes", 20),
        ("half an hour", 30),
        ("an hour and a half", 90),
        ("1h10", 70),
        ("1.5 hours", 90),
        ("2 hours", 120),
        ("hardly any", 0),
        ("I didn't walk", 0),
        ("not much", 0),
        ("I don't walk much", 0),
        ("no", 0),
        ("walked to work, 12 min", 12),
        ("10 or 20", None),
        ("", None),
        ("lots", None),
        ("999", None),
    ],
)
def test_minutes_are_read_as_people_type_them(typed: str, minutes: int | None) -> None:
    assert parse_minutes(typed) == minutes

"""A person's goal in kilos sets their ladder's ceiling, reached one step at a time."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.simulate import parse_script, replay


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


GOOD_DAY = {"pain": 2, "effort": 3, "feel": "right", "morning": "same", "morning_pain": 2}


def lifted(catalogue: Catalogue, goals: dict[str, Any]) -> list[float]:
    script = {
        "usual_pain": 3,
        "transitions": ["lifting_from_floor"],
        "goals": goals,
        "days": [GOOD_DAY] * 110,
    }
    days = list(replay(catalogue, parse_script(script, catalogue)))
    return [d["loads"].get("lift_floor_real", {}).get("load_kg", 0.0) for d in days]


def test_a_12_kg_goal_takes_the_lifting_ladder_to_12_kg_one_kilo_at_a_time(
    catalogue: Catalogue,
) -> None:
    with_goal, without = lifted(catalogue, {"lifting_from_floor": 12}), lifted(catalogue, {})
    assert max(without) == 10  # the catalogue's own ceiling
    assert max(with_goal) == 12
    steps = [b - a for a, b in pairwise(with_goal) if b != a and a]
    assert steps and all(step == 1 for step in steps)


def test_a_goal_heavier_than_the_limit_stops_at_it(catalogue: Catalogue) -> None:
    assert max(lifted(catalogue, {"lifting_from_floor": 40})) <= 20


def test_the_lower_stages_keep_their_own_ceilings(catalogue: Catalogue) -> None:
    script = {
        "usual_pain": 3,
        "transitions": ["lifting_from_floor"],
        "goals": {"lifting_from_floor": 12},
        "days": [GOOD_DAY] * 80,
    }
    days = list(replay(catalogue, parse_script(script, catalogue)))
    partly = [d["loads"].get("lift_light_partly_loaded", {}).get("load_kg", 0.0) for d in days]
    assert max(partly) <= 6

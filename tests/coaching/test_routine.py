"""Today's routine: order, length and doses."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.coaching.catalogue import TRANSITIONS, Catalogue, load_catalogue
from bot.coaching.microload import initial_plan
from bot.coaching.routine import build_routine, dose_text, movement_snack

CATEGORY_ORDER = ["breathing", "mobility", "motor_control", "anchor", "transition", "walking"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_the_daily_routine_runs_breathing_first_then_mobility_anchors_and_transitions(
    catalogue: Catalogue,
) -> None:
    plan = initial_plan(catalogue, ["out_of_bed", "carrying"])
    routine = build_routine(catalogue, plan, "daily")
    categories = [catalogue[item.exercise_id].category for item in routine.items]
    assert categories[0] == "breathing"
    warmups = {"mobility", "motor_control"}
    ranks = [
        0 if c == "breathing" else 1 if c in warmups else CATEGORY_ORDER.index(c)
        for c in categories
    ]
    assert ranks == sorted(ranks)
    assert {"bed_log_roll_supported", "carry_supported"} <= {i.exercise_id for i in routine.items}
    assert sum(c == "anchor" for c in categories) >= 2


@pytest.mark.parametrize("at_ceiling", [False, True])
def test_every_daily_routine_lasts_7_to_12_minutes(catalogue: Catalogue, at_ceiling: bool) -> None:
    rng = random.Random(5)
    for count in (1, 2, 3):
        for chosen in itertools.combinations(TRANSITIONS, count):
            plan = initial_plan(catalogue, list(chosen))
            for transition in chosen:
                plan.stages[transition] = rng.choice(("supported", "partly_loaded", "integrated"))
            if at_ceiling:
                for exercise in catalogue.exercises.values():
                    for name, variable in exercise.variables.items():
                        plan.loads[exercise.id].values[name] = variable.ceiling
            for day in range(7):
                plan.sessions = day
                minutes = build_routine(catalogue, plan, "daily").minutes
                assert 7 <= minutes <= 12, (chosen, day, minutes)


def test_the_flare_routine_is_only_gentle_breathing_and_walking(catalogue: Catalogue) -> None:
    routine = build_routine(catalogue, initial_plan(catalogue, ["lifting_from_floor"]), "flare")
    assert {catalogue[i.exercise_id].category for i in routine.items} == {"breathing", "walking"}


def test_the_weekly_session_is_longer_and_carries_no_extra_load(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["carrying"])
    plan.loads["hip_hinge"].values["load_kg"] = 4
    routine = build_routine(catalogue, plan, "weekly")
    assert 12 <= routine.minutes <= 20
    hinge = next(item for item in routine.items if item.exercise_id == "hip_hinge")
    assert hinge.dose["load_kg"] == 0


def test_doses_read_naturally(catalogue: Catalogue) -> None:
    assert dose_text(catalogue["side_plank_knees"], {"hold_s": 25}) == "2 × 25 s each side"
    assert dose_text(catalogue["breathing_supine"], {"breaths": 6}) == "6 slow breaths"
    assert (
        dose_text(catalogue["hip_hinge"], {"reps": 6, "tempo_s": 3, "load_kg": 2})
        == "2 × 6 reps, 3 s down, 2 kg"
    )


def test_a_movement_snack_is_about_two_minutes_from_the_persons_plan(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["low_chair"])
    snacks = [movement_snack(catalogue, plan, seed) for seed in range(20)]
    assert all(1 <= len(snack) <= 2 for snack in snacks)
    assert all(sum(item.seconds for item in snack) <= 150 for snack in snacks)
    assert any(item.exercise_id == "chair_sit_to_stand_supported" for item in snacks[0])
    assert len({tuple(i.exercise_id for i in snack) for snack in snacks}) > 1, "varied by seed"

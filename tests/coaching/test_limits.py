"""What the safety answers allow: loaded and prone exercises, doses and ladder stages."""

from __future__ import annotations

import pytest

from bot.coaching.catalogue import STAGES, TRANSITIONS, Catalogue, load_catalogue
from bot.coaching.limits import (
    NO_LIMITS,
    Limits,
    allows,
    allows_stage,
    cap_dose,
    is_loaded,
    is_prone,
)

CAUTIOUS = Limits(cautious=True)
PREGNANT = Limits(pregnant=True)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def start_dose(catalogue: Catalogue, exercise_id: str) -> dict[str, float]:
    exercise = catalogue[exercise_id]
    return {name: variable.start for name, variable in exercise.variables.items()}


def test_loaded_and_prone_come_from_the_data(catalogue: Catalogue) -> None:
    loaded = {e.id for e in catalogue.exercises.values() if is_loaded(e)}
    prone = {e.id for e in catalogue.exercises.values() if is_prone(e)}
    assert {"hip_hinge_bag", "lift_floor_real", "carry_real", "carry_supported"} <= loaded
    assert "prone_extension" in prone
    assert not loaded & {"easy_walk", "breathing_supine", "bird_dog"}


def test_without_limits_every_exercise_dose_and_stage_is_allowed(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        dose = start_dose(catalogue, exercise.id)
        assert allows(exercise, NO_LIMITS) and cap_dose(exercise, dose, NO_LIMITS) == dose
    assert all(allows_stage(t, s, NO_LIMITS) for t in TRANSITIONS for s in STAGES)


def test_a_cautious_person_is_never_offered_a_kg_load(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        capped = cap_dose(exercise, start_dose(catalogue, exercise.id), CAUTIOUS)
        assert not capped.get("load_kg"), exercise.id
    hinge = catalogue["hip_hinge_bag"]
    assert allows(hinge, CAUTIOUS)  # the movement stays, without the kilos
    assert cap_dose(hinge, {"reps": 5, "tempo_s": 2, "load_kg": 3}, CAUTIOUS) == {
        "reps": 5,
        "tempo_s": 2,
        "load_kg": 0.0,
    }


def test_a_cautious_person_does_not_reach_real_life_lifting_or_carrying(
    catalogue: Catalogue,
) -> None:
    for transition in ("lifting_from_floor", "carrying"):
        assert not allows_stage(transition, "integrated", CAUTIOUS)
        assert allows_stage(transition, "partly_loaded", CAUTIOUS)
        assert not allows(catalogue.drill(transition, "integrated"), CAUTIOUS)
    for transition in ("out_of_bed", "into_car", "low_chair"):
        assert allows_stage(transition, "integrated", CAUTIOUS)
        assert allows(catalogue.drill(transition, "integrated"), CAUTIOUS)


def test_pregnancy_leaves_out_loaded_and_prone_exercises_and_nothing_else(
    catalogue: Catalogue,
) -> None:
    left_out = {e.id for e in catalogue.exercises.values() if not allows(e, PREGNANT)}
    expected = {e.id for e in catalogue.exercises.values() if is_loaded(e) or is_prone(e)}
    assert left_out == expected
    assert "prone_extension" in left_out and "cat_camel" not in left_out
    assert not allows_stage("carrying", "integrated", PREGNANT)


def test_limits_default_to_none() -> None:
    assert Limits() == NO_LIMITS and not NO_LIMITS.cautious and not NO_LIMITS.pregnant

"""The micro-load rules, as the person would hear them."""

from __future__ import annotations

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.microload import (
    NextMorning,
    PlanState,
    SessionOutcome,
    apply_next_morning,
    apply_session,
    initial_plan,
    with_transitions,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def session(
    exercises: list[str], pain: int = 1, effort: int = 3, feel: str = "right"
) -> SessionOutcome:
    return SessionOutcome(
        "daily", exercises, {exercise: feel for exercise in exercises}, pain=pain, effort=effort
    )  # type: ignore[arg-type]


def comfortable_twice(
    catalogue: Catalogue, plan: PlanState, exercise: str
) -> tuple[PlanState, list]:  # type: ignore[type-arg]
    plan, _ = apply_session(catalogue, plan, session([exercise]), NextMorning("same"))
    return apply_session(catalogue, plan, session([exercise]), NextMorning("same"))


def test_two_comfortable_sessions_progress_one_variable_by_one_step(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["out_of_bed"])
    plan, changes = comfortable_twice(catalogue, plan, "side_plank_knees")
    assert len(changes) == 1
    change = changes[0]
    assert (change.exercise, change.variable, change.from_, change.to) == (
        "side_plank_knees",
        "hold_s",
        10,
        15,
    )
    assert change.reason == (
        "Side plank on knees +5 s: the last 2 sessions felt right and your back was fine the "
        "next morning."
    )
    assert plan.loads["side_plank_knees"].values["hold_s"] == 15


def test_one_comfortable_session_is_not_yet_enough(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    _, changes = apply_session(catalogue, plan, session(["hip_hinge"]), NextMorning("same"))
    assert [c for c in changes if c.is_change] == []


def test_too_easy_progresses_after_a_single_session(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    _, changes = apply_session(
        catalogue, plan, session(["hip_hinge"], feel="too_easy"), NextMorning("better")
    )
    assert [c.kind for c in changes] == ["progress"]
    assert "felt too easy" in changes[0].reason


def test_a_pain_of_6_holds_the_load_and_says_why(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    before = plan.loads["hip_hinge"].values.copy()
    plan, changes = apply_session(catalogue, plan, session(["hip_hinge"], pain=6), None)
    assert [c.kind for c in changes] == ["hold"]
    assert "a pain of 6 is just above the 0–5 zone" in changes[0].reason
    assert plan.loads["hip_hinge"].values == before


def test_pain_well_above_the_zone_regresses_one_step(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    plan, _ = comfortable_twice(catalogue, plan, "supported_bridge")
    plan, changes = apply_session(catalogue, plan, session(["supported_bridge"], pain=7), None)
    assert [c.kind for c in changes] == ["regress"]
    assert changes[0].variable == "hold_s" and changes[0].to == 5
    assert "a pain of 7 is well above" in changes[0].reason


def test_too_hard_regresses_one_step(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    _, changes = apply_session(catalogue, plan, session(["cat_camel"], feel="too_hard"), None)
    assert [c.kind for c in changes] == ["regress"]
    assert changes[0].from_ == 6 and changes[0].to == 5


def test_a_worse_morning_regresses_the_last_progression_one_step(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    plan, (_progress,) = comfortable_twice(catalogue, plan, "side_plank_knees")
    plan, changes = apply_next_morning(catalogue, plan, NextMorning("worse", 5))
    assert [c.kind for c in changes] == ["regress"]
    assert (changes[0].variable, changes[0].from_, changes[0].to) == ("hold_s", 15, 10)
    assert "worse the next morning" in changes[0].reason


def test_a_worse_morning_blocks_progress_at_the_next_session(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    plan, _ = apply_session(catalogue, plan, session(["hip_hinge"]), NextMorning("same"))
    plan, changes = apply_session(catalogue, plan, session(["hip_hinge"]), NextMorning("worse"))
    assert [c.kind for c in changes] == ["hold"]
    assert "worse this morning" in changes[0].reason


def test_variables_rotate_and_only_one_changes_at_a_time(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    moved = []
    for _ in range(6):
        plan, changes = apply_session(
            catalogue, plan, session(["hip_hinge"], feel="too_easy"), NextMorning("same")
        )
        assert len([c for c in changes if c.exercise == "hip_hinge"]) == 1
        moved.append(changes[0].variable)
    assert moved[:3] == ["reps", "tempo_s", "load_kg"]
    assert moved[3] == "reps"


def test_ceilings_are_respected_and_a_ladder_steps_up_at_the_top(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["out_of_bed"])
    drill = "bed_log_roll_supported"
    kinds = []
    for _ in range(10):
        plan, changes = apply_session(
            catalogue, plan, session([drill], feel="too_easy"), NextMorning("same")
        )
        kinds += [c.kind for c in changes]
        if plan.stages["out_of_bed"] != "supported":
            break
    ceiling = catalogue[drill].variables["reps"].ceiling
    assert plan.loads[drill].values["reps"] == ceiling
    assert kinds[-1] == "stage_up" and plan.stages["out_of_bed"] == "partly_loaded"


def test_too_hard_at_the_floor_drops_down_the_ladder(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["into_car"])
    plan.stages["into_car"] = "partly_loaded"
    drill = catalogue.drill("into_car", "partly_loaded").id
    plan.loads[drill].values["reps"] = 1
    plan, changes = apply_session(catalogue, plan, session([drill], feel="too_hard"), None)
    assert [c.kind for c in changes] == ["stage_down"]
    assert plan.stages["into_car"] == "supported"


def test_pain_of_8_switches_to_the_flare_routine_at_once(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    plan, changes = apply_session(catalogue, plan, session(["hip_hinge"], pain=8), None)
    assert plan.flare and [c.kind for c in changes] == ["flare_on"]


def test_two_bad_days_in_a_row_start_a_flare_and_calm_days_end_it(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    plan, _ = apply_session(catalogue, plan, session(["hip_hinge"], pain=6), None)
    assert not plan.flare and plan.bad_days == 1
    plan, _ = apply_session(catalogue, plan, session(["hip_hinge"], pain=2), NextMorning("same"))
    assert plan.bad_days == 0, "a good day in between resets the count"
    plan, _ = apply_session(catalogue, plan, session(["hip_hinge"], pain=7), None)
    plan, _ = apply_next_morning(catalogue, plan, NextMorning("worse"))
    assert not plan.flare and plan.bad_days == 1, "a painful session and its morning: one day"
    plan, changes = apply_session(catalogue, plan, session(["hip_hinge"], pain=6), None)
    assert plan.flare and changes[-1].kind == "flare_on"
    flare_session = SessionOutcome("flare", ["easy_walk"], {}, pain=2, effort=2)
    plan, changes = apply_session(catalogue, plan, flare_session, NextMorning("same"))
    assert plan.flare
    plan, changes = apply_session(catalogue, plan, flare_session, NextMorning("better"))
    assert not plan.flare and changes[-1].kind == "flare_off"


def test_nothing_changes_without_answers_and_skipped_exercises_stay(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, [])
    outcome = SessionOutcome("daily", ["hip_hinge"], {}, skipped=["cat_camel"])
    new_plan, changes = apply_session(catalogue, plan, outcome, None)
    assert changes == []
    assert new_plan.loads == plan.loads


def test_the_plan_survives_a_round_trip_through_json(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["carrying"])
    plan, _ = comfortable_twice(catalogue, plan, "carry_supported")
    assert PlanState.from_dict(plan.to_dict()) == plan


def test_changing_transitions_keeps_the_stage_of_the_ones_kept(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["out_of_bed", "into_car"])
    plan.stages["out_of_bed"] = "integrated"
    plan = with_transitions(catalogue, plan, ["out_of_bed", "carrying"])
    assert plan.stages == {"out_of_bed": "integrated", "carrying": "supported"}

"""Today's routine: order, length and doses."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from bot.coaching.catalogue import POSITIONS, TRANSITIONS, Catalogue, load_catalogue
from bot.coaching.limits import NO_LIMITS, Limits
from bot.coaching.plan import PlanState, initial_plan
from bot.coaching.routine import build_routine, dose_text, draw_snack, movement_snack, snack_menu


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_a_session_goes_from_the_floor_up_and_never_gets_down_to_the_floor_twice(
    catalogue: Catalogue,
) -> None:
    for plan in plans(catalogue):
        for variant in ("daily", "weekly", "flare"):
            routine = build_routine(catalogue, plan, variant)  # type: ignore[arg-type]
            positions = [catalogue[item.exercise_id].position for item in routine.items]
            floor = [p for p in positions if POSITIONS.index(p) < POSITIONS.index("sitting")]
            assert positions[: len(floor)] == floor, "all the floor work together, first"
            ranks = [rank(catalogue, item.exercise_id) for item in routine.items]
            assert ranks == sorted(ranks), (variant, positions)
            for position in set(positions):  # breathing leads its own position group
                group = [i for i in routine.items if catalogue[i.exercise_id].position == position]
                kinds = [catalogue[i.exercise_id].category == "breathing" for i in group]
                assert kinds == sorted(kinds, reverse=True)


def test_the_daily_routine_keeps_its_anchors_and_the_persons_drills(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["out_of_bed", "carrying"])
    routine = build_routine(catalogue, plan, "daily")
    categories = [catalogue[item.exercise_id].category for item in routine.items]
    assert "breathing" in categories
    assert {"bed_log_roll_supported", "carry_supported"} <= {i.exercise_id for i in routine.items}
    assert sum(c == "anchor" for c in categories) >= 2


def test_the_equipment_is_listed_once_in_the_order_it_is_needed(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["out_of_bed", "carrying", "low_chair"])
    routine = build_routine(catalogue, plan, "daily")
    needed = [thing for item in routine.items for thing in catalogue[item.exercise_id].equipment]
    assert routine.equipment == list(dict.fromkeys(needed))
    assert {"bed", "bag", "chair"} <= set(routine.equipment)


def rank(catalogue: Catalogue, exercise_id: str) -> float:
    """Floor positions, then a bed, then sitting and standing."""
    exercise = catalogue[exercise_id]
    on_bed = "bed" in exercise.equipment
    return POSITIONS.index("sitting") - 0.5 if on_bed else POSITIONS.index(exercise.position)


def plans(catalogue: Catalogue) -> list[PlanState]:
    """Every pair of trouble movements, at their first and their last ladder stage."""
    result = []
    for pair in itertools.combinations(TRANSITIONS, 2):
        plan = initial_plan(catalogue, list(pair))
        result.append(plan)
        result.append(replace(plan, stages={t: "integrated" for t in pair}))
    return result


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


def test_the_flare_routine_leaves_out_everything_not_flare_safe(catalogue: Catalogue) -> None:
    routine = build_routine(catalogue, initial_plan(catalogue, ["lifting_from_floor"]), "flare")
    assert all("flare" in catalogue[i.exercise_id].variants for i in routine.items)
    assert {"breathing", "walking"} <= {catalogue[i.exercise_id].category for i in routine.items}


def test_the_weekly_session_is_longer_and_carries_no_extra_load(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["carrying"])
    plan.loads["carry_supported"].values["load_kg"] = 3
    routine = build_routine(catalogue, plan, "weekly")
    assert 12 <= routine.minutes <= 20
    carry = next(item for item in routine.items if item.exercise_id == "carry_supported")
    assert carry.dose["load_kg"] == 0.5
    assert "hip_hinge_bag" not in {item.exercise_id for item in routine.items}


def test_every_weekly_session_lasts_12_to_20_minutes(catalogue: Catalogue) -> None:
    for count in (1, 2, 3):
        for chosen in itertools.combinations(TRANSITIONS, count):
            plan = initial_plan(catalogue, list(chosen))
            for stage in ("supported", "partly_loaded", "integrated"):
                for transition in chosen:
                    plan.stages[transition] = stage
                minutes = build_routine(catalogue, plan, "weekly").minutes
                assert 12 <= minutes <= 20, (chosen, stage, minutes)


def test_doses_read_naturally(catalogue: Catalogue) -> None:
    assert dose_text(catalogue["side_plank_knees"], {"hold_s": 25}) == "2 × 25 s each side"
    assert dose_text(catalogue["breathing_supine"], {"breaths": 6}) == "6 slow breaths"
    assert (
        dose_text(catalogue["hip_hinge_bag"], {"reps": 6, "tempo_s": 3, "load_kg": 2})
        == "2 × 6 reps, 3 s down, 2 kg"
    )


def test_a_movement_snack_is_about_two_minutes_from_the_persons_plan(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["low_chair"])
    snacks = [movement_snack(catalogue, plan, seed) for seed in range(20)]
    assert all(1 <= len(snack) <= 2 for snack in snacks)
    assert all(sum(item.seconds for item in snack) <= 150 for snack in snacks)
    assert any(item.exercise_id == "chair_sit_to_stand_supported" for item in snacks[0])
    assert len({tuple(i.exercise_id for i in snack) for snack in snacks}) > 1, "varied by seed"


def test_a_snack_drawn_from_a_menu_made_once_is_the_one_movement_snack_picks(
    catalogue: Catalogue,
) -> None:
    """Reminders make a plan's snack menu once and draw each person's snack from it."""
    for plan in plans(catalogue):
        for limits in (NO_LIMITS, Limits(cautious=True), Limits(pregnant=True)):
            menu = snack_menu(catalogue, plan, limits)
            for seed in range(25):
                assert draw_snack(menu, seed) == movement_snack(catalogue, plan, seed, limits)


def test_a_range_is_shown_in_words_not_as_a_number(catalogue: Catalogue) -> None:
    text = dose_text(catalogue["prone_extension"], {"range_level": 2, "reps": 5})
    assert text == "5 reps, hands, elbows half bent"
    assert " of " not in dose_text(catalogue["cat_camel"], {"reps": 6, "range_level": 3})


def test_one_rep_or_breath_reads_in_the_singular() -> None:
    catalogue = load_catalogue()
    tilts = catalogue.exercises["pelvic_tilts"]
    assert dose_text(tilts, {"reps": 1}) == "1 rep"
    assert dose_text(tilts, {"reps": 6}) == "6 reps"


@pytest.mark.parametrize(
    "transitions", [[], ["out_of_bed"], ["out_of_bed", "into_car", "lifting_from_floor"]]
)
def test_a_flare_day_lasts_five_to_eight_minutes_with_the_persons_own_safe_drill(
    catalogue: Catalogue, transitions: list[str]
) -> None:
    routine = build_routine(catalogue, initial_plan(catalogue, transitions), "flare")
    seconds = sum(item.seconds for item in routine.items)
    assert 5 * 60 <= seconds <= 8 * 60
    ids = [item.exercise_id for item in routine.items]
    assert ids[0].startswith("breathing") and "easy_walk" in ids
    if "out_of_bed" in transitions:
        assert "bed_log_roll_supported" in ids  # their own drill, at its supported stage

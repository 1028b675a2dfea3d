"""The micro-load rules, as a physiotherapist would state them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.limits import NO_LIMITS, Limits
from bot.coaching.microload import (
    FREQUENT_FLARES,
    LONG_FLARE,
    Change,
    Feel,
    NextMorning,
    SessionOutcome,
    apply_next_morning,
    apply_session,
    apply_transition_ratings,
    current_baseline,
    end_flare,
    flare_mornings_left,
    start_flare,
)
from bot.coaching.plan import PlanState, initial_plan, with_transitions
from bot.coaching.routine import build_routine

MONDAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@dataclass
class Person:
    """Lives day by day: a session at 18:00, the next-morning answer at 07:30 the day after."""

    catalogue: Catalogue
    plan: PlanState
    day: date = MONDAY
    changes: list[Change] = field(default_factory=list)

    def session(
        self,
        done: list[str],
        pain: int | None = 1,
        effort: int | None = 3,
        feel: Feel | dict[str, Feel] = "right",
        variant: str = "daily",
        limits: Limits = NO_LIMITS,
        upcoming: list[str] | None = None,
    ) -> list[Change]:
        feels = feel if isinstance(feel, dict) else dict.fromkeys(done, feel)
        outcome = SessionOutcome(
            variant,  # type: ignore[arg-type]
            done,
            feels,
            at=datetime.combine(self.day, time(18), UTC),
            pain=pain,
            effort=effort,
            workout=self.plan.sessions + 1,
        )
        self.plan, self.changes = apply_session(
            self.catalogue, self.plan, outcome, limits, upcoming=upcoming or done
        )
        return self.changes

    def morning(self, pain: int | None, compared: str | None = None) -> list[Change]:
        self.day += timedelta(days=1)
        at = datetime.combine(self.day, time(7, 30), UTC)
        response = NextMorning(compared, pain, at=at)  # type: ignore[arg-type]
        self.plan, self.changes = apply_next_morning(self.catalogue, self.plan, response)
        return self.changes

    def answer(
        self, pain: int | None, compared: str | None, workout: int | None, hour: int = 20
    ) -> list[Change]:
        """A morning answer given today at `hour`, about workout (session) `workout`."""
        at = datetime.combine(self.day, time(hour), UTC)
        response = NextMorning(compared, pain, at, workout)  # type: ignore[arg-type]
        self.plan, self.changes = apply_next_morning(self.catalogue, self.plan, response)
        return self.changes

    def skip_day(self, days: int = 1) -> None:
        self.day += timedelta(days=days)

    def value(self, exercise: str, variable: str) -> float:
        return self.plan.dose(self.catalogue[exercise])[variable]


def person(catalogue: Catalogue, usual: int | None = 2, transitions: list[str] | None = None):  # type: ignore[no-untyped-def]
    return Person(catalogue, initial_plan(catalogue, transitions or [], usual))


def kinds(changes: list[Change]) -> list[str]:
    return [change.kind for change in changes]


def steps(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.exercise, c.variable) for c in changes if c.kind in ("progress", "stage_up")]


# --- the person's baseline -------------------------------------------------------------------


def test_the_usual_pain_stands_in_until_five_mornings_then_the_median_rounded_down(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=6)
    for pain in (2, 2, 3, 2):
        p.morning(pain)
    assert current_baseline(catalogue.rules, p.plan) == 6, "four mornings are not enough"
    p.morning(3)
    assert current_baseline(catalogue.rules, p.plan) == 2
    p.morning(3)
    assert current_baseline(catalogue.rules, p.plan) == 2, "a median of 2.5 is a 2"


def test_the_baseline_rises_by_at_most_one_point_in_28_days(catalogue: Catalogue) -> None:
    p = person(catalogue, usual=2)
    seen = []
    for _ in range(56):
        p.morning(5)
        seen.append(current_baseline(catalogue.rules, p.plan))
    assert seen[0] == 2 and max(seen[:28]) == 3, "a worsening person keeps their yardstick"
    assert all(later - seen[i] <= 1 for i in range(56) for later in seen[i : i + 29])
    assert seen[-1] == 4


def test_a_usual_6_person_rating_6_stays_on_the_normal_routine(catalogue: Catalogue) -> None:
    p = person(catalogue, usual=6)
    for _ in range(14):
        p.session(["cat_camel"], pain=6, effort=4)
        p.morning(6)
        assert not p.plan.flare
        assert "flare_on" not in kinds(p.changes)
    assert p.value("cat_camel", "reps") > catalogue["cat_camel"].variables["reps"].start


def test_a_usual_0_person_rating_3_is_inside_the_acceptable_zone(catalogue: Catalogue) -> None:
    p = person(catalogue, usual=0)
    changes = p.session(["cat_camel"], pain=3)
    assert not p.plan.flare
    assert not [c for c in changes if c.kind in ("regress", "flare_on")]


def test_a_pain_of_6_for_a_usual_2_person_steps_back_what_the_session_first_did(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    p.session(["side_plank_knees"], feel="too_easy")
    assert p.value("side_plank_knees", "hold_s") == 15
    p.morning(2)
    changes = p.session(["side_plank_knees"], pain=6)
    assert kinds(changes) == ["regress"]
    assert p.value("side_plank_knees", "hold_s") == 10
    assert "a pain of 6 is more than your usual 2 allows" in changes[0].reason
    assert not p.plan.flare, "a single session pain below 8 never starts a flare"


# --- progress, one change at a time ----------------------------------------------------------


def test_two_comfortable_sessions_progress_one_variable_by_one_step(catalogue: Catalogue) -> None:
    p = person(catalogue)
    assert p.session(["side_plank_knees"]) == []
    p.morning(2)
    changes = p.session(["side_plank_knees"])
    assert [(c.exercise, c.variable, c.from_, c.to) for c in changes] == [
        ("side_plank_knees", "hold_s", 10, 15)
    ]
    assert changes[0].reason == (
        "Side plank on knees: holds 5 s longer next time (15 s) — the last 2 sessions felt right."
    )


def test_too_easy_steps_once_then_waits_for_the_morning_after_the_step_was_done(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    assert steps(p.session(["cat_camel"], feel="too_easy")) == [("cat_camel", "reps")]
    p.morning(2)
    assert steps(p.session(["cat_camel"], feel="too_easy")) == [], "first done today"
    p.morning(2)
    assert steps(p.session(["cat_camel"], feel="too_easy")) == [("cat_camel", "range_level")]


def test_each_exercise_waits_for_its_own_morning_or_36_hours_then_only_a_small_step(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    p.session(["cat_camel", "hip_hinge_bag"], feel="too_easy")  # both step: reps
    p.skip_day()  # no morning answer; the next session 24 h later does the new doses
    p.session(["cat_camel", "hip_hinge_bag"], feel="too_easy")
    p.skip_day()
    changes = p.session(["cat_camel", "hip_hinge_bag"], feel="too_easy")
    assert steps(changes) == [], "their own windows are still open (24 h after first done)"
    p.skip_day()
    moved = [c for c in p.session(["cat_camel", "hip_hinge_bag"], feel="too_easy")]
    units = {catalogue[c.exercise].variables[c.variable].unit for c in moved if c.is_change}
    assert units and units <= {"reps", "s", "s down", "breaths"}, "never kilos unanswered"


def test_without_any_answered_morning_no_kilos_and_no_ladder_stage(catalogue: Catalogue) -> None:
    p = person(catalogue, transitions=["out_of_bed"])
    p.plan.loads["bed_log_roll_supported"].values["reps"] = 8  # at its reps ceiling
    assert steps(p.session(["bed_log_roll_supported"], feel="too_easy")) == []
    p.session(["cat_camel"])
    p.morning(2)
    changes = p.session(["bed_log_roll_supported"], feel="too_easy")
    assert kinds(changes) == ["stage_up"], "an answered morning since: the ladder may climb"


def test_at_most_two_progressions_per_check_in_and_the_rest_are_next_in_line(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, transitions=["out_of_bed"])
    done = ["cat_camel", "bird_dog", "supported_bridge", "bed_log_roll_supported", "pelvic_tilts"]
    p.session(done)
    p.morning(2)
    changes = p.session(done)
    assert len(steps(changes)) == 2
    assert steps(changes)[0] == ("bed_log_roll_supported", "reps"), "their own drill goes first"
    waiting = [c for c in changes if c.kind == "hold"]
    assert len(waiting) == 1 and waiting[0].reason.startswith("Next in line:")


def test_a_worse_morning_by_2_undoes_exactly_the_two_steps_performed_the_day_before(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    done = ["cat_camel", "bird_dog", "supported_bridge", "pelvic_tilts"]
    first = steps(p.session(done, feel="too_easy"))
    assert len(first) == 2
    before = {e: dict(p.plan.loads[e].values) for e in done}
    p.morning(2)
    planned_today = steps(p.session(done, feel="too_easy"))
    assert planned_today and not set(planned_today) & set(first)
    changes = p.morning(4)
    undone = [(c.exercise, c.variable) for c in changes if "waits" not in c.reason]
    assert sorted(undone) == sorted(first)
    called_off = [(c.exercise, c.variable) for c in changes if "waits" in c.reason]
    assert sorted(called_off) == sorted(planned_today)
    for exercise in done:
        untouched = {name: value for name, value in before[exercise].items()}
        for _, name in [s for s in first if s[0] == exercise]:
            untouched[name] -= catalogue[exercise].variables[name].step
        assert p.plan.loads[exercise].values == untouched


def test_a_morning_one_point_over_holds_and_nothing_progresses_next_time(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    p.session(["cat_camel"], feel="too_easy")
    p.morning(2)
    planned = steps(p.session(["bird_dog", "cat_camel"], feel="too_easy"))
    assert [exercise for exercise, _ in planned] == ["bird_dog"]
    changes = p.morning(3)
    assert [c.exercise for c in changes] == ["bird_dog"], "only what was planned is called off"
    assert p.value("cat_camel", "reps") == 7, "what was performed stays"
    changes = p.session(["bird_dog", "supported_bridge"], feel="too_easy")
    assert steps(changes) == []
    assert "wasn't quite back to usual" in changes[-1].reason


def test_a_worse_morning_undoes_a_ladder_stage_up(catalogue: Catalogue) -> None:
    p = person(catalogue, transitions=["out_of_bed"])
    p.plan.loads["bed_log_roll_supported"].values["reps"] = 8
    p.session(["cat_camel"])
    p.morning(2)
    changes = p.session(["bed_log_roll_supported"], feel="too_easy")
    assert kinds(changes) == ["stage_up"] and p.plan.stages["out_of_bed"] == "partly_loaded"
    p.morning(2)
    p.session([catalogue.drill("out_of_bed", "partly_loaded").id])
    changes = p.morning(5)
    assert kinds(changes) == ["stage_down"]
    assert p.plan.stages["out_of_bed"] == "supported"


def test_variables_take_turns(catalogue: Catalogue) -> None:
    p = person(catalogue)
    moved = []
    for _ in range(6):
        moved += [v for e, v in steps(p.session(["hip_hinge_bag"], feel="too_easy"))]
        p.morning(2)
    assert moved[:3] == ["reps", "tempo_s", "load_kg"]


def test_too_hard_steps_back_one_variable_and_at_the_floor_drops_down_the_ladder(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, transitions=["into_car"])
    changes = p.session(["cat_camel"], feel="too_hard")
    assert (changes[0].kind, changes[0].from_, changes[0].to) == ("regress", 6, 5)
    p.plan.stages["into_car"] = "partly_loaded"
    drill = catalogue.drill("into_car", "partly_loaded").id
    p.plan.loads[drill].values = {name: v.floor for name, v in catalogue[drill].variables.items()}
    p.morning(2)
    changes = p.session([drill], feel="too_hard")
    assert kinds(changes) == ["stage_down"] and p.plan.stages["into_car"] == "supported"


def test_a_cautious_person_never_gets_added_kilos_or_integrated_lifting(
    catalogue: Catalogue,
) -> None:
    cautious = Limits(cautious=True)
    p = person(catalogue, transitions=["lifting_from_floor"])
    for _ in range(30):
        for drill in [catalogue.drill("lifting_from_floor", p.plan.stages["lifting_from_floor"])]:
            p.session(["hip_hinge_bag", drill.id], feel="too_easy", limits=cautious)
            p.morning(2)
    assert (
        p.value("hip_hinge_bag", "load_kg") == catalogue["hip_hinge_bag"].variables["load_kg"].start
    )
    assert p.plan.stages["lifting_from_floor"] != "integrated"


# --- flares ------------------------------------------------------------------------------------


def test_two_high_mornings_in_a_row_start_a_flare_one_does_not(catalogue: Catalogue) -> None:
    p = person(catalogue, usual=2)
    p.session(["cat_camel"])
    p.morning(6)
    assert not p.plan.flare
    p.session(["cat_camel"])
    assert kinds(p.morning(6)) == ["flare_on"] and p.plan.flare


def test_one_rating_of_max_8_or_baseline_plus_3_starts_a_flare_at_once(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=6)
    p.session(["cat_camel"], pain=8)
    assert not p.plan.flare, "8 is only usual + 2 for this person"
    p.morning(6)
    p.session(["cat_camel"], pain=9)
    assert p.plan.flare


def test_the_flare_day_routine_is_their_own_routine_at_floor_doses_with_a_walk(
    catalogue: Catalogue,
) -> None:
    plan = initial_plan(catalogue, ["out_of_bed"], 2)
    plan, _ = start_flare(catalogue, plan, "you told me", datetime(2026, 3, 2, 9, tzinfo=UTC))
    daily_ids = {i.exercise_id for i in build_routine(catalogue, plan, "daily").items}
    routine = build_routine(catalogue, plan, "flare")
    ids = [item.exercise_id for item in routine.items]
    assert any(catalogue[i].category == "breathing" for i in ids)
    assert any(catalogue[i].category == "walking" for i in ids)
    assert len(ids) > 2, "not only breathing and a walk"
    for item in routine.items:
        exercise = catalogue[item.exercise_id]
        assert "flare" in exercise.variants
        if exercise.category == "walking":  # a walk as able fills the day to its 5 minutes
            continue
        assert item.dose == {n: v.floor for n, v in exercise.variables.items()}
        if exercise.category != "breathing":
            assert exercise.id in daily_ids, "from their own routine"


def test_leaving_a_flare_resumes_below_the_pre_flare_loads_and_holds_for_3_sessions(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=2, transitions=["out_of_bed"])
    p.plan.stages["out_of_bed"] = "integrated"
    p.plan.loads["cat_camel"].values["reps"] = 9
    before = {key: dict(load.values) for key, load in p.plan.loads.items()}
    p.session(["cat_camel"])
    p.morning(9)
    assert p.plan.flare
    p.session(["easy_walk"], variant="flare")
    p.morning(3)
    assert p.plan.flare, "one settled morning is not enough"
    p.session(["easy_walk"], variant="flare")
    changes = p.morning(3)
    assert not p.plan.flare and changes[0].kind == "flare_off"
    assert "nothing goes up for the next 3 daily sessions" in changes[0].reason
    assert p.plan.stages["out_of_bed"] == "partly_loaded"
    for exercise in catalogue.exercises.values():
        now, was = p.plan.loads[exercise.id].values, before[exercise.id]
        lowered = [n for n in now if now[n] < was[n]]
        at_floor = all(was[n] == v.floor for n, v in exercise.variables.items())
        assert len(lowered) == 1 or at_floor, exercise.id
        assert all(now[n] <= was[n] for n in now)
    for done in (1, 2, 3):
        changes = p.session(["cat_camel"], feel="too_easy")
        assert steps(changes) == [] and f"({done} of 3 done)" in changes[-1].reason
        p.morning(2)
    assert steps(p.session(["cat_camel"], feel="too_easy")) != []


def test_a_long_flare_or_a_third_in_eight_weeks_suggests_a_clinician(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=2)
    p.plan, _ = start_flare(catalogue, p.plan, "told", datetime.combine(p.day, time(9), UTC))
    signals = []
    for _ in range(12):
        p.session(["easy_walk"], variant="flare")
        signals += p.plan.signals
        p.morning(7)
        signals += p.plan.signals
    assert signals.count(LONG_FLARE) == 1
    for _ in range(2):
        p.morning(2)
        p.morning(2)
        assert not p.plan.flare
        p.plan, _ = start_flare(catalogue, p.plan, "told", datetime.combine(p.day, time(9), UTC))
    assert FREQUENT_FLARES in p.plan.signals


# --- week to week ------------------------------------------------------------------------------


def test_mornings_a_point_worse_than_the_week_before_hold_the_next_week(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=2)
    p.day = MONDAY - timedelta(days=15)  # Sunday two weeks back: mornings from Monday on
    for pain in (2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 3):
        p.morning(pain)
    assert p.day.weekday() == 6
    p.skip_day()
    changes = p.session(["cat_camel"], feel="too_easy")
    assert steps(changes) == []
    assert any("mornings averaged 3.1/10 last week, up from 2.0" in c.reason for c in changes)


def test_the_weekly_re_rating_steers_the_ladder(catalogue: Catalogue) -> None:
    p = person(catalogue, transitions=["out_of_bed", "into_car"])
    p.plan.stages["into_car"] = "partly_loaded"
    p.plan, changes = apply_transition_ratings(
        catalogue, p.plan, {"out_of_bed": (7, 4), "into_car": (3, 6)}
    )
    assert kinds(changes) == ["stage_down"] and p.plan.stages["into_car"] == "supported"
    drill = catalogue.drill("out_of_bed", "supported").id
    p.session(["cat_camel"])
    p.morning(2)
    changes = p.session([drill], feel="right")
    assert kinds(changes) == ["stage_up"], "before the reps ceiling"
    assert p.plan.stages["out_of_bed"] == "partly_loaded"


def test_three_weeks_at_the_top_make_a_maintenance_exercise_said_once(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    exercise = catalogue["cat_camel"]
    p.plan.loads["cat_camel"].values = {n: v.ceiling for n, v in exercise.variables.items()}
    said = []
    for _ in range(30):
        said += [c for c in p.session(["cat_camel"], feel="too_easy") if "maintenance" in c.reason]
        p.morning(2)
    assert len(said) == 1 and "3 weeks" in said[0].reason


# --- the plan as data ----------------------------------------------------------------------------


def test_the_plan_survives_a_round_trip_through_json(catalogue: Catalogue) -> None:
    p = person(catalogue, transitions=["carrying"])
    p.session(["carry_supported", "cat_camel"], feel="too_easy")
    p.morning(3)
    assert PlanState.from_dict(p.plan.to_dict()) == p.plan


def test_a_plan_saved_by_the_first_engine_still_loads(catalogue: Catalogue) -> None:
    old = {
        "loads": {"cat_camel": {"values": {"reps": 7}, "next_var": 1, "comfortable": 0}},
        "stages": {"out_of_bed": "supported"},
        "flare": False,
        "bad_days": 1,
        "settled_days": 0,
        "sessions": 4,
        "last_done": ["cat_camel"],
        "last_pain": 2,
    }
    plan = PlanState.from_dict(old)
    assert plan.loads["cat_camel"].values == {"reps": 7} and plan.sessions == 4


def test_changing_transitions_keeps_the_stage_of_the_ones_kept(catalogue: Catalogue) -> None:
    plan = initial_plan(catalogue, ["out_of_bed", "into_car"])
    plan.stages["out_of_bed"] = "integrated"
    plan = with_transitions(catalogue, plan, ["out_of_bed", "carrying"])
    assert plan.stages == {"out_of_bed": "integrated", "carrying": "supported"}


def test_a_step_nobody_answered_about_settles_after_36_hours(catalogue: Catalogue) -> None:
    p = person(catalogue)
    p.session(["cat_camel"], feel="too_easy")  # planned
    p.skip_day()
    p.session(["cat_camel"], feel="too_easy")  # first done; no morning answer ever comes
    assert p.plan.open_step("cat_camel") is not None
    p.skip_day()
    p.session(["bird_dog"])  # 24 hours later: not yet
    assert p.plan.open_step("cat_camel") is not None
    p.skip_day()
    p.session(["bird_dog"])  # 48 hours after it was first done: settled as "same"
    assert p.plan.open_step("cat_camel") is None


def test_im_better_ends_a_flare_with_the_same_step_down_as_settled_mornings() -> None:
    catalogue = load_catalogue()
    plan = initial_plan(catalogue, [])
    flared, _ = start_flare(catalogue, plan, "told", datetime(2026, 11, 23, 9, 0))
    assert flare_mornings_left(catalogue.rules, flared) == 2
    ended, changes = end_flare(catalogue, flared)
    assert not ended.flare and ended.pre_flare is None
    assert ended.calm_sessions_left == catalogue.rules.flare.calm_sessions_after
    assert changes[0].kind == "flare_off" and "feeling better" in changes[0].reason
    assert end_flare(catalogue, ended) == (ended, [])

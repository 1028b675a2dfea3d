"""The engine v3 rules for messy people: late and half answers, breaks, rotation, silence,
struggling, worsening and high usual pain — as a physiotherapist would state them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.microload import (
    ASK_MORNING,
    CLINICIAN,
    PAIN_TREND_UP,
    REVIEW,
    resume_after_break,
    start_flare,
)
from bot.coaching.routine import build_routine
from bot.coaching.walking import log_walk
from tests.coaching.test_microload import Person, kinds, person, steps

FOUR = ["cat_camel", "bird_dog", "supported_bridge", "pelvic_tilts"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def values(p: Person) -> dict[str, dict[str, float]]:
    return {e: dict(p.plan.loads[e].values) for e in p.plan.loads}


# --- late and half answers ------------------------------------------------------------------


def test_a_late_morning_answer_undoes_the_steps_of_the_session_it_is_about(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    first = steps(p.session(FOUR, feel="too_easy"))  # session 1 plans two steps
    p.morning(2)
    assert steps(p.session(FOUR, feel="too_easy")) != [], "session 2 does them, plans two more"
    second = [(s.exercise, s.variable) for s in p.plan.steps if s.performed_at is None]
    p.skip_day()
    p.session(FOUR, feel="too_easy")  # session 3 does the second pair; nobody answered yet
    after_three = values(p)
    changes = p.answer(4, "worse", workout=2)  # the morning after session 2, given late
    undone = sorted((c.exercise, c.variable) for c in changes if c.kind == "regress")
    assert undone == sorted(first), "what session 2 did first, not what session 3 did"
    for exercise, variable in second:
        assert p.plan.loads[exercise].values[variable] == after_three[exercise][variable]


def test_worse_without_a_number_steps_back_like_two_points_over(catalogue: Catalogue) -> None:
    p = person(catalogue)
    first = steps(p.session(FOUR, feel="too_easy"))
    p.morning(2)
    p.session(FOUR)
    changes = p.morning(None, "worse")
    undone = [(c.exercise, c.variable) for c in changes if "waits" not in c.reason]
    assert sorted(undone) == sorted(first)
    p.skip_day(2)
    p.session(FOUR)
    assert all(c.kind != "regress" for c in p.changes), "judged once, never turned into same"


def test_bare_worse_mornings_count_toward_a_flare_only_as_usual_plus_2(
    catalogue: Catalogue,
) -> None:
    calm = person(catalogue, usual=1)
    for _ in range(3):
        calm.session(FOUR)
        calm.morning(None, "worse")
    assert not calm.plan.flare, "usual 1: a bare Worse is a 3, not a flare morning"
    sore = person(catalogue, usual=4)
    for _ in range(2):
        sore.session(FOUR)
        sore.morning(None, "worse")
    assert sore.plan.flare, "usual 4: a bare Worse is a 6, two of them a flare"


def test_the_number_after_a_bare_worse_is_filed_and_can_still_start_a_flare(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=2)
    p.session(FOUR)
    p.skip_day()
    p.answer(None, "worse", workout=1, hour=7)
    assert not p.plan.flare
    changes = p.answer(9, "worse", workout=1, hour=7)
    assert p.plan.flare and kinds(changes) == ["flare_on"]
    assert p.plan.mornings[-1][1] == 9


def test_mornings_are_filed_under_the_date_of_their_session(catalogue: Catalogue) -> None:
    p = person(catalogue)
    session_day = p.day
    p.session(FOUR)
    p.skip_day()
    p.session(FOUR)
    p.answer(3, "same", workout=1)  # given the day after, after the next session
    assert p.plan.mornings[-1][0] == session_day.isoformat()


def test_three_unanswered_mornings_in_a_row_ask_about_this_morning(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    raised = []
    for _ in range(5):
        p.session(FOUR)
        raised.append(ASK_MORNING in p.plan.signals)
        p.skip_day()
    assert raised == [False, False, False, True, True]
    p.morning(2)
    p.session(FOUR)
    assert ASK_MORNING not in p.plan.signals


# --- the baseline and rising mornings ---------------------------------------------------------


def test_mornings_rising_two_points_over_weeks_stop_progress_and_raise_pain_rising(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=2)
    for pain in [2] * 14 + [4] * 7:
        p.morning(pain)
    changes = p.session(FOUR, feel="too_easy")
    assert steps(changes) == []
    assert PAIN_TREND_UP in p.plan.signals
    assert any("crept up" in c.reason for c in changes)


# --- detraining ---------------------------------------------------------------------------------


def test_a_week_off_welcomes_back_progresses_nothing_and_runs_start_again(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    p.session(FOUR)
    p.morning(2)
    p.skip_day(7)
    changes = p.session(FOUR)
    assert steps(changes) == [] and "Welcome back after 8 days" in changes[-1].reason
    p.morning(2)
    assert steps(p.session(FOUR)) != [], "two comfortable sessions since the break"


def test_three_weeks_off_resume_one_step_below_the_last_dose_done(catalogue: Catalogue) -> None:
    p = person(catalogue, transitions=["out_of_bed"])
    p.plan.stages["out_of_bed"] = "integrated"
    p.plan.loads["cat_camel"].values["reps"] = 8
    p.session(["cat_camel"], feel="too_easy")  # plans reps 9, never done
    last_done = {"reps": 8}
    p.skip_day(21)
    now = datetime.combine(p.day, time(18), UTC)
    back = resume_after_break(catalogue, p.plan, now)
    assert back.dose(catalogue["cat_camel"])["reps"] == last_done["reps"] - 1
    assert back.stages["out_of_bed"] == "partly_loaded", "integrated stages one lower"
    routine = build_routine(catalogue, back, "daily")
    done = [item.exercise_id for item in routine.items]
    changes = p.session(done, feel="too_easy")
    assert steps(changes) == [] and "one step below where you left it" in changes[-1].reason
    assert p.value("cat_camel", "reps") == 7, "the check-in keeps what the routine did"


# --- one change at a time -----------------------------------------------------------------------


def test_a_weekly_session_performs_no_new_dose(catalogue: Catalogue) -> None:
    p = person(catalogue)
    p.session(["cat_camel"], feel="too_easy")  # cat camel: 7 reps next time
    p.morning(2)
    weekly = build_routine(catalogue, p.plan, "weekly")
    doses = {item.exercise_id: item.dose for item in weekly.items}
    assert doses["cat_camel"]["reps"] == 6, "the weekly session does the dose last done"
    p.session(["cat_camel"], variant="weekly")
    assert [s.performed_at for s in p.plan.steps] == [None]


def test_steps_are_planned_only_for_exercises_of_the_next_session(catalogue: Catalogue) -> None:
    p = person(catalogue)
    changes = p.session(FOUR, feel="too_easy", upcoming=["bird_dog"])
    assert [exercise for exercise, _ in steps(changes)] == ["bird_dog"]


def test_never_more_than_two_new_doses_wait_so_a_session_performs_two_at_most(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    assert len(steps(p.session(FOUR, feel="too_easy"))) == 2
    waiting = {s.exercise for s in p.plan.steps}
    p.morning(2)
    others = [e for e in FOUR if e not in waiting]
    assert steps(p.session(others, feel="too_easy", upcoming=FOUR)) == [], "two still wait"
    p.morning(2)
    p.session(FOUR)
    assert sum(s.performed_at == 3 for s in p.plan.steps) == 2


# --- flares ------------------------------------------------------------------------------------


def test_the_pre_flare_dose_is_the_dose_last_performed(catalogue: Catalogue) -> None:
    p = person(catalogue)
    p.session(["cat_camel"], feel="too_easy")  # 7 reps planned, never done
    at = datetime.combine(p.day + timedelta(days=1), time(9), UTC)
    p.plan, _ = start_flare(catalogue, p.plan, "told", at)
    p.morning(2)
    p.morning(2)
    assert not p.plan.flare
    assert p.value("cat_camel", "reps") == 5, "one below the 6 last done, not below 7"


def test_weekly_sessions_do_not_count_toward_the_calm_sessions_after_a_flare(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    at = datetime.combine(p.day, time(9), UTC)
    p.plan, _ = start_flare(catalogue, p.plan, "told", at)
    p.morning(2)
    p.morning(2)
    p.session(FOUR, variant="weekly")
    changes = p.session(FOUR, feel="too_easy")
    assert "(1 of 3 done)" in changes[-1].reason


# --- too hard -------------------------------------------------------------------------------------


def test_too_hard_on_most_of_a_session_steps_all_of_it_down_once_in_one_line(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    for exercise in FOUR:
        load = p.plan.loads[exercise]
        load.values = {n: v.ceiling for n, v in catalogue[exercise].variables.items()}
    feel = {"cat_camel": "too_hard", "bird_dog": "too_hard", "supported_bridge": "too_hard"}
    changes = p.session(FOUR, feel={**feel, "pelvic_tilts": "right"})  # type: ignore[dict-item]
    shown = [c for c in changes if c.shown]
    assert len(shown) == 1 and "all of it steps back once" in shown[0].reason
    lowered = [c.exercise for c in changes if c.kind == "regress" and not c.shown]
    assert sorted(lowered) == sorted(FOUR)


def test_too_hard_at_its_gentlest_asks_what_was_hard_weekly_then_suggests_a_review(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue)
    load = p.plan.loads["cat_camel"]
    load.values = {n: v.floor for n, v in catalogue["cat_camel"].variables.items()}
    asked, review = [], []
    for _ in range(9):
        changes = p.session(["cat_camel"], feel="too_hard")
        asked.append(any("What made it hard" in c.reason for c in changes))
        assert not any("already at its gentlest" in c.reason for c in changes)
        review.append(REVIEW in p.plan.signals)
        p.morning(2)
    assert asked == [True] + [False] * 6 + [True, False]
    assert review == [False] * 7 + [True, False]


# --- pain -------------------------------------------------------------------------------------


def test_no_progression_after_a_session_pain_of_7_whatever_the_baseline(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=8)
    changes = p.session(FOUR, pain=7, feel="too_easy")
    assert steps(changes) == [] and "a pain of 7" in changes[-1].reason


def test_a_usual_pain_of_7_suggests_a_clinician_in_the_first_week_once(
    catalogue: Catalogue,
) -> None:
    p = person(catalogue, usual=7)
    raised = []
    for _ in range(3):
        p.session(FOUR, pain=6)
        raised.append(CLINICIAN in p.plan.signals)
        p.morning(7)
    assert raised == [True, False, False]


def test_a_plateau_says_why_once_a_week(catalogue: Catalogue) -> None:
    p = person(catalogue)
    said = []
    for _ in range(9):
        changes = p.session(FOUR, effort=6)
        said.append(any("effort 6" in c.reason for c in changes))
        p.morning(2)
    assert said == [True] + [False] * 6 + [True, False]


def test_the_walk_grows_after_a_week_with_the_goal_walked_on_four_days(
    catalogue: Catalogue,
) -> None:
    for days_walked, grows in ((4, True), (3, False)):
        p = person(catalogue)
        p.plan.walk_goal = 10
        p.skip_day(-7)  # the week before MONDAY
        for day in range(7):
            minutes = 12 if day < days_walked else 2
            p.plan = log_walk(p.plan, p.day + timedelta(days=day), minutes)
        p.skip_day(7)
        walk = [c for c in p.session(FOUR) if c.exercise == "walk"]
        assert bool(walk) == grows
        if grows:
            assert p.plan.walk_goal == 12 and "on 4 days last week" in walk[0].reason

"""Replay the real engine day by day, for a made-up person or a scripted one.

Anyone (a clinician, a test) can check the rules by writing a story as JSON and reading what the
engine did each day: `python -m bot simulate --script FILE --json`. The synthetic profiles
respond to load: a worse morning gets likelier when the load rose in the last few days.

A day's fields: pain, effort, feel (one word or a map per exercise), morning (better, same,
worse; "worse" alone is Worse tapped without the number), morning_pain, morning_late (that
morning answer comes the day after, after that day's session), skip, flare, rerate (the weekly
0–10 re-rating, {"out_of_bed": 4}), walk (minutes walked). Each output day adds the lines the
person reads that calendar day (said.morning: what the answer about the day before said that
morning; said.checkin: what the check-in said, with a late morning answer given then; the
engine keeps the two to three), the signals it raised and the new doses the session performed
(performed_new). A day's `changes` are those its answers made, the next morning's included.

Profiles:
- steady: usual pain 2; tolerates the programme well; mostly "right", sometimes "too easy".
- flare: like steady, then a week of high pain (days 15–21), then recovery.
- plateau: usual pain 4; borderline pain and mixed answers; the plan mostly holds.
- low: usual pain 1; a calm back that still has worse mornings after quick increases.
- high: usual pain 6, persistent pain; sixes are ordinary days for this person.
- late: like steady; 30% of mornings answered late, 20% "worse" without the number.
- silent: like steady, never answers a morning.
- breaks: like steady, with three weeks off (days 18–38).
- struggling: usual pain 3; "too hard" on many exercises, efforts of 5–6.
- creeping: usual pain 2; mornings slowly worsen to about 6 over eight weeks.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, get_args

from bot.coaching.catalogue import TRANSITIONS, Catalogue
from bot.coaching.microload import (
    Change,
    Compared,
    Feel,
    NextMorning,
    SessionOutcome,
    apply_next_morning,
    apply_session,
    apply_transition_ratings,
    current_baseline,
    resume_after_break,
    start_flare,
)
from bot.coaching.plan import PlanState, initial_plan
from bot.coaching.routine import Routine, build_routine
from bot.coaching.walking import log_walk

Profile = Literal[
    "steady",
    "flare",
    "plateau",
    "low",
    "high",
    "late",
    "silent",
    "breaks",
    "struggling",
    "creeping",
]
PROFILES: tuple[str, ...] = get_args(Profile)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
START = date(2026, 1, 5)  # a Monday
SESSION_AT, MORNING_AT, LATE_AT = time(18, 0), time(7, 30), time(20, 0)
FLARE_DAYS = range(15, 22)
BREAK_DAYS = range(18, 39)
USUAL: dict[str, int] = {
    "steady": 2,
    "flare": 2,
    "plateau": 4,
    "low": 1,
    "high": 6,
    "late": 2,
    "silent": 2,
    "breaks": 2,
    "struggling": 3,
    "creeping": 2,
}
PROFILE_TRANSITIONS = ["out_of_bed", "into_car", "lifting_from_floor"]


class ScriptError(ValueError):
    """The script is malformed; the message names the day and the field."""


@dataclass(frozen=True)
class Day:
    pain: int | None = None
    effort: int | None = None
    feel: Feel | dict[str, Feel] | None = None
    morning: Compared | None = None
    morning_pain: int | None = None
    skip: bool = False
    flare: bool = False
    morning_late: bool = False
    rerate: dict[str, int] | None = None
    walk: float | None = None


@dataclass(frozen=True)
class Script:
    usual_pain: int | None
    transitions: list[str]
    weekly_day: int  # Monday = 0
    days: list[Day]
    goals: dict[str, float] = field(default_factory=dict)  # transition -> kg ("goals")


def simulate(
    catalogue: Catalogue, days: int, profile: Profile, seed: int
) -> Iterator[dict[str, Any]]:
    """A synthetic person for `days` days."""
    rng = random.Random(seed)
    recent: deque[int] = deque(maxlen=3)  # steps taken on each of the last days

    def answer(index: int, plan: PlanState) -> Day:
        return _synthetic(catalogue, profile, index, rng, sum(recent))

    for output in _run(catalogue, USUAL[profile], PROFILE_TRANSITIONS, 6, days, answer):
        recent.append(sum(c["kind"] in ("progress", "stage_up") for c in output["changes"]))
        yield output


def replay(catalogue: Catalogue, script: Script) -> Iterator[dict[str, Any]]:
    """A scripted person: exactly the days written."""
    return _run(
        catalogue,
        script.usual_pain,
        script.transitions,
        script.weekly_day,
        len(script.days),
        lambda index, _plan: script.days[index - 1],
        script.goals,
    )


def _run(
    catalogue: Catalogue,
    usual: int | None,
    transitions: list[str],
    weekly_day: int,
    days: int,
    answer: Any,
    goals: dict[str, float] | None = None,
) -> Iterator[dict[str, Any]]:
    plan = replace(initial_plan(catalogue, transitions, usual), goals=dict(goals or {}))
    late: NextMorning | None = None  # a morning answer that comes after the next session
    rated: dict[str, int] = {}
    done_before: dict[tuple[str, str], float] = {}  # the highest dose each variable was done at
    read_next_morning: list[str] = []  # what the morning answer says, read the day after
    for index in range(1, days + 1):
        today = START + timedelta(days=index - 1)
        session_at = datetime.combine(today, SESSION_AT, UTC)
        day: Day = answer(index, plan)
        changes: list[Change] = []
        signals: list[str] = []
        said: dict[str, list[str]] = {"checkin": [], "morning": read_next_morning}
        read_next_morning = []
        if day.flare:
            plan, new = start_flare(catalogue, plan, "you told me you're in a flare", session_at)
            changes += new
            signals += plan.signals
        if day.rerate:
            ratings = {t: (rated.get(t), score) for t, score in day.rerate.items()}
            rated.update(day.rerate)
            plan, new = apply_transition_ratings(catalogue, plan, ratings)
            changes += new
        if day.walk:
            plan = log_walk(plan, today, day.walk)
        variant: Literal["daily", "weekly", "flare"] = (
            "flare" if plan.flare else "weekly" if today.weekday() == weekly_day else "daily"
        )
        routine = build_routine(catalogue, resume_after_break(catalogue, plan, session_at), variant)
        performed_new: list[dict[str, str]] = []
        if not day.skip:
            performed_new = _new_doses(catalogue, routine, done_before)
            done = [item.exercise_id for item in routine.items]
            feels = _feels(day.feel, done)
            outcome = SessionOutcome(
                variant, done, feels, session_at, pain=day.pain, effort=day.effort, workout=index
            )
            plan, new = apply_session(catalogue, plan, outcome)
            changes += new
            signals += plan.signals
            said["checkin"] = _said(new)
        if late is not None:
            plan, new = apply_next_morning(catalogue, plan, late)
            changes += new
            signals += plan.signals
            said["checkin"] += _said(new)
            late = None
        if day.morning is not None or day.morning_pain is not None:
            when = (LATE_AT, 1) if day.morning_late else (MORNING_AT, 1)
            morning_at = datetime.combine(today + timedelta(days=when[1]), when[0], UTC)
            workout = None if day.skip else index
            response = NextMorning(day.morning, day.morning_pain, morning_at, workout)
            if day.morning_late:
                late = response
            else:
                plan, new = apply_next_morning(catalogue, plan, response)
                changes += new
                signals += plan.signals
                read_next_morning = _said(new)
        yield {
            "day": index,
            "variant": routine.variant,
            "skipped": day.skip,
            "checkin": {
                "pain": None if day.skip else day.pain,
                "effort": None if day.skip else day.effort,
                "morning": day.morning,
                "morning_pain": day.morning_pain,
                "morning_late": day.morning_late,
            },
            "minutes": routine.minutes,
            "routine": _routine(routine),
            "loads": _loads(catalogue, plan, [i.exercise_id for i in routine.items]),
            "changes": [_change(change) for change in changes],
            "said": said,
            "performed_new": performed_new,
            "signals": list(dict.fromkeys(signals)),
            "flare": plan.flare,
            "baseline": current_baseline(catalogue.rules, plan),
            "walk_goal": plan.walk_goal,
        }


def _new_doses(
    catalogue: Catalogue, routine: Routine, done_before: dict[tuple[str, str], float]
) -> list[dict[str, str]]:
    """What this session does for the first time: a variable above anything done before (and
    above its start), or a ladder stage above supported done for the first time."""
    new = []
    for item in routine.items:
        exercise = catalogue[item.exercise_id]
        first = (exercise.id, "stage") not in done_before
        if exercise.stage not in (None, "supported") and first:
            new.append({"exercise": exercise.id, "variable": "stage"})
        done_before[(exercise.id, "stage")] = 1
        for name, value in item.dose.items():
            variable = exercise.variables.get(name)
            highest = done_before.get((exercise.id, name), variable.start if variable else value)
            if value > highest + 1e-9:
                new.append({"exercise": exercise.id, "variable": name})
            done_before[(exercise.id, name)] = max(value, highest)
    return new


def _routine(routine: Routine) -> list[dict[str, Any]]:
    return [{"exercise": i.exercise_id, "dose": i.dose} for i in routine.items]


def _said(changes: list[Change]) -> list[str]:
    """The lines the person reads: what the engine chose to show."""
    return [change.reason for change in changes if change.shown]


def _feels(feel: Feel | dict[str, Feel] | None, done: list[str]) -> dict[str, Feel]:
    if feel is None:
        return {}
    if isinstance(feel, dict):
        return {exercise: value for exercise, value in feel.items() if exercise in done}
    return dict.fromkeys(done, feel)


def _loads(catalogue: Catalogue, plan: PlanState, routine: list[str]) -> dict[str, Any]:
    """Doses of today's exercises and of any exercise that moved off its start, with the
    ladder stage of the person's drills."""
    drills = {catalogue.drill(t, stage).id: stage for t, stage in plan.stages.items()}
    loads: dict[str, Any] = {}
    for exercise in catalogue.exercises.values():
        values = plan.dose(exercise)
        moved = any(values[n] != v.start for n, v in exercise.variables.items())
        if exercise.id in routine or moved or exercise.id in drills:
            loads[exercise.id] = dict(values)
            if exercise.id in drills:
                loads[exercise.id]["stage"] = drills[exercise.id]
    return loads


def _change(change: Change) -> dict[str, Any]:
    return {
        "exercise": change.exercise,
        "variable": change.variable,
        "from": change.from_,
        "to": change.to,
        "kind": change.kind,
        "reason": change.reason,
        "shown": change.shown,  # False: kept for /history, not among the day's lines
    }


# --- synthetic people --------------------------------------------------------------------------


def _synthetic(
    catalogue: Catalogue, profile: Profile, index: int, rng: random.Random, recent_steps: int
) -> Day:
    """One day's answers. Quick increases (steps in the last three days) make a worse morning
    likelier, as they would for a real back."""
    usual = USUAL[profile]
    feels: tuple[Feel, ...] = ("too_easy", "right", "too_hard")
    walk = 30.0 if rng.random() < 0.7 else 3.0  # most days they walk the goal (or more)
    if profile == "breaks" and index in BREAK_DAYS:
        return Day(skip=True)
    if profile == "flare" and index in FLARE_DAYS:
        return Day(
            pain=rng.choice((7, 8)),
            effort=rng.choice((6, 7)),
            feel={e: rng.choices(feels, (0, 1, 3))[0] for e in catalogue.exercises},
            morning="worse",
            morning_pain=rng.choice((6, 7, 8)),
        )
    worse_chance = {"plateau": 0.12, "high": 0.04}.get(profile, 0.05) + 0.025 * recent_steps
    worse = rng.random() < worse_chance
    if profile == "plateau":
        pain, effort = rng.choices((3, 4, 5, 6), (3, 4, 3, 1))[0], rng.choice((4, 5, 6, 7))
        weights = (1, 8, 1)
    elif profile == "high":
        pain, effort = rng.choices((5, 6, 7), (3, 5, 2))[0], rng.choice((3, 4, 5))
        weights = (2, 16, 1)
    elif profile == "struggling":
        pain, effort = rng.choice((2, 3, 4)), rng.choice((5, 6))
        weights = (1, 5, 5)
    else:
        pain = min(usual + 2, max(0, round(rng.gauss(usual - 0.5, 1.0))))
        effort = rng.choice((3, 4))
        weights = (2, 17, 1)
    feel = {exercise: rng.choices(feels, weights)[0] for exercise in catalogue.exercises}
    if profile == "silent":
        return Day(pain, effort, feel, walk=walk)
    if profile == "creeping":
        level = usual + 4 * index / 56
        morning = max(0, min(10, round(rng.gauss(level, 0.6))))
        return Day(pain, effort, feel, "worse" if morning > usual else "same", morning, walk=walk)
    late = profile == "late" and rng.random() < 0.3
    if profile == "late" and rng.random() < 0.2:
        return Day(pain, effort, feel, "worse", None, morning_late=late, walk=walk)
    if worse:
        morning_pain = min(10, usual + rng.choice((1, 2, 2, 3)))
        return Day(pain, effort, feel, "worse", morning_pain, morning_late=late, walk=walk)
    morning_pain = max(0, usual + rng.choice((-1, 0, 0, 0, 1)))
    compared: Compared = "better" if morning_pain < usual else "same"
    return Day(pain, effort, feel, compared, morning_pain, morning_late=late, walk=walk)


# --- scripts -----------------------------------------------------------------------------------


def parse_script(data: Any, catalogue: Catalogue) -> Script:
    """A scripted person from JSON; every mistake names the day and the field."""
    if not isinstance(data, dict):
        raise ScriptError("the script must be a JSON object with 'days'")
    unknown = set(data) - {"usual_pain", "transitions", "weekly_day", "days", "goals"}
    if unknown:
        raise ScriptError(f"unknown field(s) {sorted(unknown)}")
    usual = _rating(data.get("usual_pain"), "field 'usual_pain'")
    transitions = data.get("transitions", [])
    if not isinstance(transitions, list) or not all(isinstance(t, str) for t in transitions):
        raise ScriptError("field 'transitions': expected a list of transition ids")
    bad = [t for t in transitions if t not in TRANSITIONS]
    if bad:
        raise ScriptError(f"field 'transitions': unknown {bad}; known: {list(TRANSITIONS)}")
    weekly = data.get("weekly_day", "sun")
    if weekly not in WEEKDAYS:
        raise ScriptError(f"field 'weekly_day': expected one of {list(WEEKDAYS)}, got {weekly!r}")
    days = data.get("days")
    if not isinstance(days, list) or not days:
        raise ScriptError("field 'days': expected a non-empty list")
    parsed = [_day(entry, number, catalogue) for number, entry in enumerate(days, 1)]
    return Script(usual, list(transitions), WEEKDAYS.index(weekly), parsed, _goals(data))


def _goals(data: dict[str, Any]) -> dict[str, float]:
    goals = data.get("goals", {})
    if not isinstance(goals, dict):
        raise ScriptError("field 'goals': expected an object like {\"lifting_from_floor\": 12}")
    for transition, kg in goals.items():
        if transition not in TRANSITIONS:
            raise ScriptError(f"field 'goals': unknown transition {transition!r}")
        if not isinstance(kg, int | float) or isinstance(kg, bool) or kg <= 0:
            raise ScriptError(f"field 'goals', {transition}: expected kilograms, got {kg!r}")
    return {transition: float(kg) for transition, kg in goals.items()}


DAY_FIELDS = {
    "pain",
    "effort",
    "feel",
    "morning",
    "morning_pain",
    "skip",
    "flare",
    "morning_late",
    "rerate",
    "walk",
}


def _day(entry: Any, number: int, catalogue: Catalogue) -> Day:
    where = f"day {number}"
    if not isinstance(entry, dict):
        raise ScriptError(f"{where}: expected an object")
    unknown = set(entry) - DAY_FIELDS
    if unknown:
        raise ScriptError(f"{where}: unknown field(s) {sorted(unknown)}")
    feel = entry.get("feel")
    feels: tuple[str, ...] = get_args(Feel)
    if isinstance(feel, dict):
        for exercise, value in feel.items():
            if exercise not in catalogue:
                raise ScriptError(f"{where}, field 'feel': unknown exercise {exercise!r}")
            if value not in feels:
                raise ScriptError(f"{where}, field 'feel.{exercise}': expected one of {feels}")
    elif feel is not None and feel not in feels:
        raise ScriptError(f"{where}, field 'feel': expected one of {feels} or a map")
    morning = entry.get("morning")
    if morning is not None and morning not in get_args(Compared):
        raise ScriptError(f"{where}, field 'morning': expected better, same or worse")
    for flag in ("skip", "flare", "morning_late"):
        if not isinstance(entry.get(flag, False), bool):
            raise ScriptError(f"{where}, field '{flag}': expected true or false")
    rerate = entry.get("rerate")
    if rerate is not None:
        if not isinstance(rerate, dict) or not rerate:
            raise ScriptError(f"{where}, field 'rerate': expected a map like {{\"out_of_bed\": 4}}")
        for transition, score in rerate.items():
            if transition not in TRANSITIONS:
                raise ScriptError(f"{where}, field 'rerate': unknown transition {transition!r}")
            _rating(score, f"{where}, field 'rerate.{transition}'")
    walk = entry.get("walk")
    if walk is not None and (
        isinstance(walk, bool) or not isinstance(walk, int | float) or not 0 <= walk <= 600
    ):
        raise ScriptError(f"{where}, field 'walk': expected minutes from 0 to 600, got {walk!r}")
    return Day(
        pain=_rating(entry.get("pain"), f"{where}, field 'pain'"),
        effort=_rating(entry.get("effort"), f"{where}, field 'effort'"),
        feel=feel,
        morning=morning,
        morning_pain=_rating(entry.get("morning_pain"), f"{where}, field 'morning_pain'"),
        skip=entry.get("skip", False),
        flare=entry.get("flare", False),
        morning_late=entry.get("morning_late", False),
        rerate=rerate,
        walk=None if walk is None else float(walk),
    )


def _rating(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ScriptError(f"{where}: expected a whole number from 0 to 10 or null, got {value!r}")
    return value

"""The micro-load engine: what changes after a check-in or a next-morning answer, and why.

Numbers live in data/progression.yaml, each with its source; pain is judged against the
person's own baseline B (pain.py). Plain Python over plain data: no Telegram, no database.

After a session's check-in
- Too much pain (above max(5, B+1)): undo the steps this session was the first to perform (if
  it performed none, the latest step among what it did), cancel steps not yet performed, and
  progress nothing. A single session pain starts a flare only at max(8, B+3) or more.
- "Too hard": that exercise steps back (its open step first, else one variable, else a stage).
- An exercise is ready to progress after comfortable sessions (pain acceptable, effort light to
  moderate; "right" twice or "too easy" once). It may step only once the response to its last
  step is known: the morning after the session that first did it (or 36 hours without an answer,
  counted as "same"). Nothing progresses after an unsettled morning, in a week on hold, or in
  the first sessions after a flare.
- At most two steps per check-in (longest comfortable run first, then the person's transition
  drills): one change at a time, so that the next morning can be read. The rest are "next in
  line". Variables take turns; at every ceiling a transition drill climbs its ladder; an
  exercise that stays at its top for three weeks becomes a maintenance exercise.

After a next-morning answer (pain against B)
- At or below B: the steps the last session performed are settled.
- One point over: hold; what the check-in planned is cancelled.
- Two or more over: exactly the steps that session was the first to perform are stepped back,
  and what its check-in planned is cancelled.

Flares
- Start: two mornings in a row at max(6, B+2) or more; any rating at max(8, B+3) or more; /flare.
- End: two mornings in a row within a point of B (as it was when the flare began). Every
  exercise resumes one step below its pre-flare dose, integrated ladder stages one stage lower,
  and nothing progresses for three sessions.
- A flare longer than 10 days or a third flare in 8 weeks raises a signal: see a clinician.

Week to week
- Mean morning pain a point or more above the week before: no steps the following week.
- The daily walk (apart from the routine) grows by about 10% (2–5 minutes, up to 40) after a
  week whose mornings all settled; otherwise it holds. It counts as one of the check-in's steps.
- The weekly 0–10 re-rating of a trouble movement: 2 or more easier (or 3 or less) lets its
  ladder climb before the reps ceiling; 2 or more harder steps it back one stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Literal

from bot.coaching.catalogue import STAGES, Catalogue, Exercise, Rules, Variable
from bot.coaching.limits import NO_LIMITS, Limits, allows_stage, cap_dose
from bot.coaching.pain import (
    baseline,
    describe_baseline,
    flare_rating,
    high_morning,
    morning_level,
    settled,
    too_much,
)
from bot.coaching.plan import ExerciseLoad, PlanState, Step, iso_week, parse_time

Feel = Literal["too_easy", "right", "too_hard"]
Compared = Literal["better", "same", "worse"]
ChangeKind = Literal[
    "progress", "hold", "regress", "stage_up", "stage_down", "flare_on", "flare_off"
]
# What the adapter is told to act on (suggest a clinician, run the safety check again).
LONG_FLARE, FREQUENT_FLARES, PAIN_TREND_UP = "long_flare", "repeat_flare", "pain_rising"
MORNINGS_KEPT = 30


@dataclass(frozen=True)
class SessionOutcome:
    variant: Literal["daily", "weekly", "flare"]
    done: list[str]
    feels: dict[str, Feel]
    at: datetime  # when the check-in was saved, in the person's time zone
    skipped: list[str] = field(default_factory=list)
    pain: int | None = None
    effort: int | None = None


@dataclass(frozen=True)
class NextMorning:
    compared: Compared | None
    pain: int | None
    at: datetime  # when it was answered, in the person's time zone


@dataclass(frozen=True)
class Change:
    exercise: str
    variable: str
    from_: float | str
    to: float | str
    reason: str
    kind: ChangeKind

    @property
    def is_change(self) -> bool:
        return self.kind != "hold"


def current_baseline(rules: Rules, plan: PlanState) -> int:
    """B, from the mornings outside flares."""
    return baseline(rules, _usual_mornings(plan), plan.usual_pain)


def baseline_text(rules: Rules, plan: PlanState) -> str:
    """B in plain words, saying where it comes from."""
    own = len(_usual_mornings(plan)) >= rules.baseline.min_mornings
    return describe_baseline(current_baseline(rules, plan), own)


def _usual_mornings(plan: PlanState) -> list[int]:
    return [pain for _, pain, in_flare in plan.mornings if not in_flare]


# --- after a session -----------------------------------------------------------------------


def apply_session(
    catalogue: Catalogue, plan: PlanState, outcome: SessionOutcome, limits: Limits = NO_LIMITS
) -> tuple[PlanState, list[Change]]:
    """The plan for the next session, and every decision with its reason."""
    rules = catalogue.rules
    plan = plan.copy()
    plan.signals = []
    plan.sessions += 1
    number, day = plan.sessions, outcome.at.date()
    b = current_baseline(rules, plan)
    previous_at = parse_time(plan.last_session_at)
    plan.last_session_at = outcome.at.isoformat()
    changes: list[Change] = []
    known = _response_known(rules, plan, number - 1, previous_at, outcome.at)
    for step in plan.steps:
        if step.performed_at is None and step.exercise in outcome.done:
            step.performed_at, step.performed_on = number, outcome.at.isoformat()
    _week_to_week(rules, plan, day, changes)
    pain = outcome.pain
    if plan.flare:
        _flare_day(rules, plan, day)
        return plan, changes
    if pain is not None and flare_rating(rules, pain, b):
        _enter_flare(rules, plan, b, day, f"a pain of {pain} is well above your usual {b}", changes)
        return plan, changes
    calm_left = plan.calm_sessions_left
    plan.calm_sessions_left = max(0, calm_left - 1)
    if pain is not None and too_much(rules, pain, b):
        why = f"a pain of {pain} is more than your usual {b} allows"
        changes.extend(_session_too_much(catalogue, plan, outcome, number, why))
        return plan, changes
    for exercise_id in outcome.done:
        if outcome.feels.get(exercise_id) == "too_hard" and exercise_id in catalogue:
            exercise = catalogue[exercise_id]
            changes.append(_ease(catalogue, plan, exercise, "it felt too hard"))
    if outcome.variant != "daily":
        return plan, changes

    ready = _count_comfort(catalogue, plan, outcome, b)
    if not ready:
        return plan, changes
    blocked = _blocked(rules, plan, outcome, number, known, calm_left, day)
    if blocked:
        changes.append(_hold("routine", f"Nothing new next time: {blocked}"))
        return plan, changes
    _grow_walk(rules, plan, changes)
    allowance = rules.progression.max_progressions_per_checkin - sum(
        change.is_change for change in changes
    )
    changes.extend(_progress_some(catalogue, plan, outcome, ready, number, day, limits, allowance))
    return plan, changes


def _response_known(
    rules: Rules, plan: PlanState, previous: int, previous_at: datetime | None, now: datetime
) -> bool:
    """Is the morning after the previous session known? A step first done 36 hours ago with
    no answer since counts as "same": it is settled, so nobody's plan stays stuck."""
    wait = timedelta(hours=rules.morning.answer_wait_hours)
    plan.steps = [
        step
        for step in plan.steps
        if step.performed_on is None
        or plan.morning_for >= (step.performed_at or 0)
        or now - datetime.fromisoformat(step.performed_on) < wait
    ]
    if previous < 1 or plan.morning_for >= previous:
        return True
    return previous_at is not None and now - previous_at >= wait


def _count_comfort(
    catalogue: Catalogue, plan: PlanState, outcome: SessionOutcome, b: int
) -> list[Exercise]:
    """Update each exercise's run of comfortable sessions; those whose run is long enough."""
    rules = catalogue.rules
    pain, effort = outcome.pain, outcome.effort
    if pain is None or effort is None:
        return []
    easy_enough = effort <= rules.effort.progress_max
    ready = []
    for exercise_id in outcome.done:
        feel = outcome.feels.get(exercise_id)
        if exercise_id not in catalogue or feel is None:
            continue
        exercise = catalogue[exercise_id]
        load = plan.load(exercise)
        if not easy_enough or feel == "too_hard":
            load.comfortable = 0
            continue
        load.comfortable += 1
        needed = (
            rules.progression.too_easy_sessions
            if feel == "too_easy"
            else rules.progression.comfortable_sessions
        )
        transition = _transition_of(plan, exercise)
        if load.comfortable >= needed or transition in plan.ladder_ready:
            ready.append(exercise)
    return ready


def _blocked(
    rules: Rules,
    plan: PlanState,
    outcome: SessionOutcome,
    number: int,
    known: bool,
    calm_left: int,
    day: date,
) -> str | None:
    """Why nothing may progress at this check-in, if anything stops it."""
    effort = outcome.effort
    if effort is not None and effort >= rules.effort.hold_from:
        return f"an effort of {effort} is harder than this kind of training needs."
    if calm_left > 0:
        total = rules.flare.calm_sessions_after
        return (
            f"you're just back from a flare: nothing new for your first {total} sessions "
            f"({total - calm_left + 1} of {total} done)."
        )
    if plan.hold_week == iso_week(day):
        return "your mornings were worse last week than the week before, so this week we hold."
    if not known:
        return "I'll wait to hear how your back is the morning after your last session."
    if plan.morning_for == number - 1 and plan.morning_level in ("hold", "back"):
        return "your back wasn't quite back to usual this morning."
    return None


def _progress_some(
    catalogue: Catalogue,
    plan: PlanState,
    outcome: SessionOutcome,
    ready: list[Exercise],
    number: int,
    day: date,
    limits: Limits,
    allowance: int,
) -> list[Change]:
    """At most `allowance` steps, by priority; the rest are next in line."""
    order = {exercise_id: index for index, exercise_id in enumerate(outcome.done)}
    waiting = [exercise for exercise in ready if plan.open_step(exercise.id) is None]
    waiting.sort(
        key=lambda e: (
            -plan.load(e).comfortable,
            _transition_of(plan, e) is None,
            order.get(e.id, 0),
        )
    )
    changes: list[Change] = []
    later: list[str] = []
    for exercise in waiting:
        load = plan.load(exercise)
        if sum(change.is_change for change in changes) >= allowance:
            later.append(exercise.name)
            continue
        feel = outcome.feels.get(exercise.id)
        needed = catalogue.rules.progression.comfortable_sessions
        why = "it felt too easy" if feel == "too_easy" else f"the last {needed} sessions felt right"
        early = _transition_of(plan, exercise) in plan.ladder_ready
        if early:
            why = "you rated this movement much easier this week"
        change = _step_up(catalogue, plan, exercise, number, why, limits, stage_only=early)
        if change is not None:
            changes.append(change)
            load.top_since = None
            continue
        maintenance = _at_top(catalogue.rules, exercise, load, day)
        if maintenance is not None:
            changes.append(maintenance)
    if later:
        names = ", ".join(later[:3]) + (f" and {len(later) - 3} more" if len(later) > 3 else "")
        changes.append(
            _hold(
                "routine",
                f"Next in line: {names}. One or two changes at a time, so that we can tell "
                "what your back responds to",
            )
        )
    return changes


def _at_top(rules: Rules, exercise: Exercise, load: ExerciseLoad, day: date) -> Change | None:
    """An exercise that can go no higher: after three weeks it is kept as maintenance."""
    if load.maintenance:
        return None
    if load.top_since is None:
        load.top_since = day.isoformat()
        return None
    days = (day - date.fromisoformat(load.top_since)).days
    if days < rules.progression.maintenance_after_days:
        return None
    load.maintenance = True
    return _hold(
        exercise.id,
        f"{exercise.name} has been at its top dose for {days // 7} weeks: it is now one of "
        "your maintenance exercises — keep doing it just like this",
    )


def _session_too_much(
    catalogue: Catalogue, plan: PlanState, outcome: SessionOutcome, number: int, why: str
) -> list[Change]:
    """Undo what this session did first; if it did nothing new, the latest step among what it
    did. Cancel anything not yet performed."""
    first = [step for step in plan.steps if step.performed_at == number]
    changes = [_undo(catalogue, plan, step, why) for step in first]
    if first:
        return changes
    done = [catalogue[e] for e in outcome.done if e in catalogue]
    latest = max(done, key=lambda e: plan.load(e).last_step_at, default=None)
    if latest is not None and plan.load(latest).last_step_at > 0:
        changes.append(_ease(catalogue, plan, latest, why))
    else:
        changes.append(_hold("routine", f"Your plan stays as it is: {why}"))
    for exercise in done:
        plan.load(exercise).comfortable = 0
    return changes


# --- the next morning -----------------------------------------------------------------------


def apply_next_morning(
    catalogue: Catalogue, plan: PlanState, response: NextMorning
) -> tuple[PlanState, list[Change]]:
    """The 24-hour rule: how the last session's new steps went down, judged against B."""
    rules = catalogue.rules
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    b = current_baseline(rules, plan)
    day = response.at.date()
    if response.pain is not None:
        kept = [m for m in plan.mornings if m[0] != day.isoformat()]
        plan.mornings = [*kept, (day.isoformat(), response.pain, plan.flare)][-MORNINGS_KEPT:]
    pain = _morning_pain(rules, response, b)
    if pain is None:
        return plan, changes
    if plan.flare:
        _flare_morning(catalogue, plan, pain, day, changes)
        return plan, changes
    if flare_rating(rules, pain, b):
        why = f"a morning pain of {pain} is far above your usual {b}"
        _enter_flare(rules, plan, b, day, why, changes)
        return plan, changes
    worse_no_number = response.pain is None and response.compared == "worse"
    plan.high_mornings = (
        plan.high_mornings + 1 if worse_no_number or high_morning(rules, pain, b) else 0
    )
    if plan.high_mornings >= rules.flare.high_mornings_to_enter:
        _enter_flare(rules, plan, b, day, f"{plan.high_mornings} hard mornings in a row", changes)
        return plan, changes
    number = plan.sessions
    if number == 0 or plan.morning_for >= number:
        return plan, changes  # that session's morning was already counted
    level = morning_level(rules, pain, b)
    plan.morning_for, plan.morning_level = number, level
    performed = [step for step in plan.steps if step.performed_at == number]
    if level == "fine":
        plan.steps = [step for step in plan.steps if step.performed_at != number]
        return plan, changes
    if level == "hold":
        plan.steps = [step for step in plan.steps if step.performed_at != number]
        why = "your back is a little above usual this morning"
        changes += _cancel_planned(catalogue, plan, number, why)
        if not changes:
            changes.append(_hold("routine", f"Nothing new next time: {why}"))
        return plan, changes
    why = "your back was worse than usual the morning after"
    changes += [_undo(catalogue, plan, step, why) for step in performed]
    changes += _cancel_planned(catalogue, plan, number, why)
    if not changes:
        changes.append(
            _hold(
                "routine",
                "Nothing was increased last time, so your plan stays as it is and nothing new "
                "comes next time; if mornings stay worse, I'll switch to gentler sessions",
            )
        )
    return plan, changes


def _morning_pain(rules: Rules, response: NextMorning, b: int) -> int | None:
    """The number if given; otherwise "better"/"same" count as usual and "worse" as a change
    people notice."""
    if response.pain is not None:
        return response.pain
    if response.compared == "worse":
        return b + rules.morning.step_back_above_baseline
    if response.compared is not None:
        return b
    return None


# --- flares ---------------------------------------------------------------------------------


def start_flare(
    catalogue: Catalogue, plan: PlanState, why: str, at: datetime
) -> tuple[PlanState, list[Change]]:
    """The person says they are in a flare: gentle sessions from now on, until it settles."""
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    if not plan.flare:
        b = current_baseline(catalogue.rules, plan)
        _enter_flare(catalogue.rules, plan, b, at.date(), why, changes)
    return plan, changes


def _enter_flare(
    rules: Rules, plan: PlanState, b: int, day: date, why: str, changes: list[Change]
) -> None:
    plan.pre_flare = {
        "values": {key: dict(load.values) for key, load in plan.loads.items()},
        "last_var": {key: load.last_var for key, load in plan.loads.items()},
        "stages": dict(plan.stages),
    }
    plan.flare, plan.flare_since, plan.flare_baseline = True, day.isoformat(), b
    plan.long_flare_told = False
    plan.high_mornings = plan.calm_mornings = 0
    plan.steps = []
    window = day - timedelta(weeks=rules.flare.frequent_weeks)
    plan.flare_starts = [
        *(start for start in plan.flare_starts if date.fromisoformat(start) > window),
        day.isoformat(),
    ]
    if len(plan.flare_starts) >= rules.flare.frequent_count:
        plan.signals.append(FREQUENT_FLARES)
    changes.append(
        Change(
            "routine",
            "variant",
            "daily",
            "flare",
            f"Switching to gentle flare-day sessions (your own easiest movements, breathing and "
            f"an easy walk): {why}. We'll build back up once your mornings settle.",
            "flare_on",
        )
    )


def _flare_day(rules: Rules, plan: PlanState, day: date) -> None:
    since = date.fromisoformat(plan.flare_since) if plan.flare_since else day
    if (day - since).days > rules.flare.long_flare_days and not plan.long_flare_told:
        plan.long_flare_told = True
        plan.signals.append(LONG_FLARE)


def _flare_morning(
    catalogue: Catalogue, plan: PlanState, pain: int, day: date, changes: list[Change]
) -> None:
    rules = catalogue.rules
    b = plan.flare_baseline if plan.flare_baseline is not None else current_baseline(rules, plan)
    plan.calm_mornings = plan.calm_mornings + 1 if settled(rules, pain, b) else 0
    if plan.calm_mornings < rules.flare.settled_mornings_to_leave:
        _flare_day(rules, plan, day)
        return
    _leave_flare(catalogue, plan, f"after {plan.calm_mornings} settled mornings", changes)


def end_flare(catalogue: Catalogue, plan: PlanState) -> tuple[PlanState, list[Change]]:
    """The person says they are better ("I'm better"): the flare ends as after settled
    mornings, with the same step down below the pre-flare doses."""
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    if plan.flare:
        _leave_flare(catalogue, plan, "now that you're feeling better", changes)
    return plan, changes


def flare_mornings_left(rules: Rules, plan: PlanState) -> int:
    """Settled mornings in a row still needed for the flare to end by itself."""
    return max(rules.flare.settled_mornings_to_leave - plan.calm_mornings, 0)


def _leave_flare(catalogue: Catalogue, plan: PlanState, why: str, changes: list[Change]) -> None:
    _resume_below(catalogue, plan, changes)
    plan.flare, plan.flare_since, plan.pre_flare = False, None, None
    plan.calm_mornings = plan.high_mornings = 0
    plan.calm_sessions_left = catalogue.rules.flare.calm_sessions_after
    changes.insert(
        0,
        Change(
            "routine",
            "variant",
            "flare",
            "daily",
            f"Back to your regular routine {why}. Every exercise "
            f"restarts one step below where it was before the flare, and nothing goes up for "
            f"the next {plan.calm_sessions_left} sessions.",
            "flare_off",
        ),
    )


def _resume_below(catalogue: Catalogue, plan: PlanState, changes: list[Change]) -> None:
    """One step below the pre-flare dose for every exercise; integrated ladders one stage down."""
    before = plan.pre_flare or {}
    values: dict[str, dict[str, float]] = before.get("values", {})
    last_vars: dict[str, str | None] = before.get("last_var", {})
    for exercise in catalogue.exercises.values():
        load = plan.load(exercise)
        load.values = dict(values.get(exercise.id, load.values))
        load.comfortable = 0
        names = list(exercise.variables)
        last = last_vars.get(exercise.id)
        for name in ([last] if last in names else []) + list(reversed(names)):
            assert name is not None
            if _move(exercise, load, name, -1) is not None:
                load.last_var = None
                break
    stages = before.get("stages", plan.stages)
    plan.stages = {t: stages.get(t, stage) for t, stage in plan.stages.items()}
    for transition, stage in list(plan.stages.items()):
        if stage == "integrated":
            plan.stages[transition] = "partly_loaded"
            drill = catalogue.drill(transition, "partly_loaded")
            changes.append(
                Change(
                    catalogue.drill(transition, "integrated").id,
                    "stage",
                    "integrated",
                    "partly_loaded",
                    f"One step back on your ladder after the flare: {drill.name} for now.",
                    "stage_down",
                )
            )


# --- week to week ----------------------------------------------------------------------------


def _week_to_week(rules: Rules, plan: PlanState, day: date, changes: list[Change]) -> None:
    """At the first check-in of a week: were last week's mornings worse than the week before?"""
    week = iso_week(day)
    if plan.week_checked == week:
        return
    plan.week_checked = week
    last = _week_mean(rules, plan, day - timedelta(weeks=1))
    before = _week_mean(rules, plan, day - timedelta(weeks=2))
    rise = last - before if last is not None and before is not None else 0.0
    plan.walk_ready = False
    if rise < rules.weekly.hold_if_mean_rises:
        plan.walk_ready = _settled_week(rules, plan, day - timedelta(weeks=1))
        return
    if rise >= rules.weekly.recheck_if_mean_rises:
        plan.signals.append(PAIN_TREND_UP)
    plan.hold_week = week
    changes.append(
        _hold(
            "routine",
            f"No new steps this week: your mornings averaged {last:.1f}/10 last week, "
            f"up from {before:.1f} the week before",
        )
    )


def _settled_week(rules: Rules, plan: PlanState, day: date) -> bool:
    """Did every answered morning of that week settle (enough answered, none in a flare)?"""
    week = iso_week(day)
    mornings = [m for m in plan.mornings if iso_week(date.fromisoformat(m[0])) == week]
    b = current_baseline(rules, plan)
    return len(mornings) >= rules.weekly.min_mornings and not any(
        in_flare or not settled(rules, pain, b) for _, pain, in_flare in mornings
    )


def _grow_walk(rules: Rules, plan: PlanState, changes: list[Change]) -> None:
    """The walk grows once in a week that follows a settled one, at a check-in where things may
    progress (it takes one of the check-in's steps); otherwise it holds."""
    walking, goal = rules.walking, plan.walk_goal
    if not plan.walk_ready or goal is None or goal >= walking.ceiling:
        return
    plan.walk_ready = False
    step = min(walking.step_max, max(walking.step_min, round(goal * walking.growth_pct / 100)))
    plan.walk_goal = float(min(walking.ceiling, goal + step))
    changes.append(
        Change(
            "walk",
            "minutes",
            goal,
            plan.walk_goal,
            f"Daily walk +{plan.walk_goal - goal:g} min, to {plan.walk_goal:g}: your mornings "
            "stayed settled all last week.",
            "progress",
        )
    )


def _week_mean(rules: Rules, plan: PlanState, day: date) -> float | None:
    week = iso_week(day)
    pains = [pain for when, pain, _ in plan.mornings if iso_week(date.fromisoformat(when)) == week]
    return mean(pains) if len(pains) >= rules.weekly.min_mornings else None


def apply_transition_ratings(
    catalogue: Catalogue, plan: PlanState, ratings: dict[str, tuple[int | None, int]]
) -> tuple[PlanState, list[Change]]:
    """The weekly 0–10 difficulty re-rating of each trouble movement steers its ladder:
    much easier lets it climb at the next good session; much harder steps it back now."""
    rules = catalogue.rules.ladders
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    for transition, (previous, now) in ratings.items():
        stage = plan.stages.get(transition)
        if stage is None:
            continue
        if previous is not None and now - previous >= rules.stage_down_rise:
            plan.ladder_ready = [t for t in plan.ladder_ready if t != transition]
            drill = catalogue.drill(transition, stage)
            why = f"you rated this movement harder this week ({previous} → {now})"
            step = plan.open_step(drill.id)
            if step is not None and step.kind == "stage_up":
                changes.append(_undo(catalogue, plan, step, why))
                continue
            change = _ladder(catalogue, plan, drill, -1, why)
            if change is not None:
                changes.append(change)
            continue
        easier = previous is not None and previous - now >= rules.stage_up_drop
        ready = easier or now <= rules.easy_at_or_below
        if ready and transition not in plan.ladder_ready and stage != STAGES[-1]:
            plan.ladder_ready.append(transition)
    return plan, changes


# --- single steps ---------------------------------------------------------------------------


def _step_up(
    catalogue: Catalogue,
    plan: PlanState,
    exercise: Exercise,
    number: int,
    why: str,
    limits: Limits,
    stage_only: bool = False,
) -> Change | None:
    """One variable one step up (variables take turns), or at every ceiling the next ladder
    stage. Recorded as an open step until its 24-hour response is known."""
    load = plan.load(exercise)
    names = list(exercise.variables)
    for offset in range(0 if stage_only else len(names)):
        name = names[(load.next_var + offset) % len(names)]
        current = load.values.get(name, exercise.variables[name].start)
        new = _round(current + exercise.variables[name].step)
        if cap_dose(exercise, {name: new}, limits).get(name) != new:
            continue
        change = _move(exercise, load, name, +1, why)
        if change is not None:
            load.next_var = (names.index(name) + 1) % len(names)
            load.comfortable, load.last_var, load.last_step_at = 0, name, number
            plan.steps.append(Step(exercise.id, name, current, new, "progress", number))
            return change
    transition = _transition_of(plan, exercise)
    if transition is None or exercise.stage is None:
        return None
    index = STAGES.index(exercise.stage) + 1
    if index >= len(STAGES) or not allows_stage(transition, STAGES[index], limits):
        return None
    change = _ladder(catalogue, plan, exercise, +1, why)
    if change is not None:
        load.comfortable = 0
        plan.ladder_ready = [t for t in plan.ladder_ready if t != transition]
        drill = catalogue.drill(transition, STAGES[index])
        plan.load(drill).last_step_at = number
        plan.steps.append(
            Step(
                drill.id,
                "stage",
                exercise.stage,
                STAGES[index],
                "stage_up",
                number,
                transition=transition,
                from_exercise=exercise.id,
            )
        )
    return change


def _ease(catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str) -> Change:
    """Make one exercise easier: take back its open step, else one variable down, else one
    ladder stage down."""
    load = plan.load(exercise)
    load.comfortable = 0
    step = plan.open_step(exercise.id)
    if step is not None:
        return _undo(catalogue, plan, step, why)
    names = list(exercise.variables)
    for name in ([load.last_var] if load.last_var in names else []) + list(reversed(names)):
        assert name is not None
        change = _move(exercise, load, name, -1, why)
        if change is not None:
            load.last_var = None
            return change
    change = _ladder(catalogue, plan, exercise, -1, why)
    if change is not None:
        return change
    return _hold(
        exercise.id,
        f"{exercise.name} is already at its gentlest: {why}; do only what feels comfortable",
    )


def _undo(
    catalogue: Catalogue, plan: PlanState, step: Step, why: str, planned: bool = False
) -> Change:
    """Take one open step back exactly (a planned one nobody has done yet is just called off)."""
    plan.steps = [other for other in plan.steps if other is not step]
    exercise = catalogue[step.exercise]
    if step.kind == "stage_up" and step.transition is not None:
        plan.stages[step.transition] = step.before  # type: ignore[assignment]
        back = catalogue[step.from_exercise] if step.from_exercise else exercise
        reason = (
            f"{exercise.name} waits; {back.name} stays for now: {why}."
            if planned
            else f"Back to {back.name} for now: {why}."
        )
        return Change(exercise.id, "stage", step.after, step.before, reason, "stage_down")
    load = plan.load(exercise)
    load.values[step.variable] = float(step.before)
    load.last_var = None
    variable = exercise.variables[step.variable]
    amount = float(step.after) - float(step.before)
    reason = (
        f"{exercise.name}: the planned step ({_delta(variable, amount)}) waits — {why}."
        if planned
        else _reason(exercise, step.variable, float(step.after), float(step.before), why)
    )
    return Change(exercise.id, step.variable, step.after, step.before, reason, "regress")


def _cancel_planned(catalogue: Catalogue, plan: PlanState, number: int, why: str) -> list[Change]:
    """Take back what the check-in of session `number` planned; nobody has done it yet."""
    planned = [s for s in plan.steps if s.performed_at is None and s.planned_at == number]
    return [_undo(catalogue, plan, step, why, planned=True) for step in planned]


def _ladder(
    catalogue: Catalogue, plan: PlanState, exercise: Exercise, direction: int, why: str
) -> Change | None:
    """Move the person's ladder for this drill's transition one stage up (+1) or down (-1)."""
    transition = _transition_of(plan, exercise)
    if transition is None or exercise.stage is None:
        return None
    index = STAGES.index(exercise.stage) + direction
    if not 0 <= index < len(STAGES):
        return None
    new_stage = STAGES[index]
    plan.stages[transition] = new_stage
    drill = catalogue.drill(transition, new_stage)
    if direction > 0:
        plan.load(exercise).last_var = None
        reason = f"Next step on your ladder: {drill.name} replaces {exercise.name} ({why})."
        return Change(exercise.id, "stage", exercise.stage, new_stage, reason, "stage_up")
    reason = f"One step back on your ladder to {drill.name}: {why}."
    return Change(exercise.id, "stage", exercise.stage, new_stage, reason, "stage_down")


def _transition_of(plan: PlanState, exercise: Exercise) -> str | None:
    """The person's transition this drill currently serves, if it is one of their drills."""
    if exercise.category != "transition" or exercise.stage is None:
        return None
    return next((t for t in exercise.transitions if plan.stages.get(t) == exercise.stage), None)


def _move(
    exercise: Exercise, load: ExerciseLoad, name: str, direction: int, why: str = ""
) -> Change | None:
    """One step of one variable up (+1) or down (-1), if its ceiling or floor allows."""
    variable = exercise.variables[name]
    current = load.values.get(name, variable.start)
    new = _round(current + direction * variable.step)
    if not variable.floor - 1e-9 <= new <= variable.ceiling + 1e-9:
        return None
    load.values[name] = new
    reason = _reason(exercise, name, current, new, why)
    return Change(
        exercise.id, name, current, new, reason, "progress" if direction > 0 else "regress"
    )


def _hold(exercise: str, reason: str) -> Change:
    return Change(exercise, "none", "", "", reason.rstrip(".") + ".", "hold")


def _round(value: float) -> float:
    return round(value, 2)


def _delta(variable: Variable, amount: float) -> str:
    """One step in words, as it will feel next time: "2 more reps", "holds 5 s longer"."""
    size = f"{abs(amount):g}"
    more = amount > 0
    one = abs(amount) == 1
    match variable.unit:
        case "reps":
            return (
                f"{size} more rep{'' if one else 's'}"
                if more
                else f"{size} rep{'' if one else 's'} fewer"
            )
        case "breaths":
            noun = "breath" if one else "breaths"
            return f"{size} more {noun}" if more else f"{size} {noun} fewer"
        case "s":
            return f"holds {size} s {'longer' if more else 'shorter'}"
        case "s down":
            return f"{size} s {'slower' if more else 'quicker'} lowering"
        case "kg":
            return f"{size} kg {'heavier' if more else 'lighter'}"
        case "min":
            return f"{size} min {'longer' if more else 'shorter'}"
        case "m":
            return f"{size} m {'further' if more else 'shorter'}"
        case "level":
            return "a little more range" if more else "a little less range"
    return f"{'+' if more else '−'}{size} {variable.unit}"


def _amount(variable: Variable, value: float) -> str:
    """The dose that results, in the same words the step card uses."""
    if variable.levels:
        return variable.level_text(value)
    unit = {"s down": "s lowering", "level": "level"}.get(variable.unit, variable.unit)
    if value == 1 and unit in ("reps", "breaths"):
        unit = unit.removesuffix("s")  # "1 rep", never "1 reps"
    return f"{value:g} {unit}"


def _reason(exercise: Exercise, name: str, before: float, after: float, why: str) -> str:
    """ "Supported bridge: holds 2 s longer next time (7 s) — the last 2 sessions felt right." """
    variable = exercise.variables[name]
    step = _delta(variable, after - before)
    return f"{exercise.name}: {step} next time ({_amount(variable, after)}) — {why}."

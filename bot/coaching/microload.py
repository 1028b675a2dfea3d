"""The micro-load engine: after each check-in, at most one small change per exercise.

Rules (thresholds in data/progression.yaml, after the pain-monitoring model):
- progress ONE variable by one step when the session was comfortable — pain within the
  acceptable zone, effort light-to-moderate, the last morning not worse, the exercise marked
  "right" (two sessions in a row) or "too easy" (one) — rotating which variable moves;
- at every variable's ceiling, a transition drill steps up its ladder (supported -> partly
  loaded -> integrated);
- hold when borderline (pain just over the zone, hard effort, no answer), and say why;
- regress one step (or one ladder stage) when pain clearly exceeded the zone, the exercise
  was "too hard", or the next morning was worse;
- bad days in a row switch to the flare-day routine until pain settles.
Plain Python over plain data: no Telegram, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.coaching.catalogue import STAGES, Catalogue, Exercise, Stage, Variable

Feel = Literal["too_easy", "right", "too_hard"]
Compared = Literal["better", "same", "worse"]
ChangeKind = Literal[
    "progress", "hold", "regress", "stage_up", "stage_down", "flare_on", "flare_off"
]


@dataclass
class ExerciseLoad:
    values: dict[str, float]
    next_var: int = 0  # which progressable variable moves next (rotation)
    comfortable: int = 0  # comfortable sessions in a row since the last change
    last_var: str | None = None  # the variable that moved last, undone first on a bad day

    def to_dict(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "next_var": self.next_var,
            "comfortable": self.comfortable,
            "last_var": self.last_var,
        }


@dataclass
class PlanState:
    loads: dict[str, ExerciseLoad]
    stages: dict[str, Stage]  # transition -> current ladder stage
    flare: bool = False
    bad_days: int = 0
    settled_days: int = 0
    sessions: int = 0
    last_done: list[str] = field(default_factory=list)
    last_pain: int | None = None

    def dose(self, exercise: Exercise) -> dict[str, float]:
        load = self.loads.get(exercise.id)
        start = {name: variable.start for name, variable in exercise.variables.items()}
        return {**start, **(load.values if load else {})}

    def to_dict(self) -> dict[str, Any]:
        return {
            "loads": {key: load.to_dict() for key, load in self.loads.items()},
            "stages": dict(self.stages),
            "flare": self.flare,
            "bad_days": self.bad_days,
            "settled_days": self.settled_days,
            "sessions": self.sessions,
            "last_done": list(self.last_done),
            "last_pain": self.last_pain,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanState:
        return cls(
            loads={key: ExerciseLoad(**load) for key, load in data["loads"].items()},
            stages=dict(data["stages"]),
            flare=bool(data.get("flare", False)),
            bad_days=int(data.get("bad_days", 0)),
            settled_days=int(data.get("settled_days", 0)),
            sessions=int(data.get("sessions", 0)),
            last_done=list(data.get("last_done", [])),
            last_pain=data.get("last_pain"),
        )


@dataclass(frozen=True)
class SessionOutcome:
    variant: Literal["daily", "weekly", "flare"]
    done: list[str]
    feels: dict[str, Feel]
    skipped: list[str] = field(default_factory=list)
    pain: int | None = None
    effort: int | None = None


@dataclass(frozen=True)
class NextMorning:
    compared: Compared
    pain: int | None = None


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


def initial_plan(catalogue: Catalogue, transitions: list[str]) -> PlanState:
    """Every exercise at its start values; chosen transitions at the supported stage."""
    loads = {
        exercise.id: ExerciseLoad({name: v.start for name, v in exercise.variables.items()})
        for exercise in catalogue.exercises.values()
    }
    return PlanState(loads=loads, stages={name: "supported" for name in transitions})


def with_transitions(catalogue: Catalogue, plan: PlanState, transitions: list[str]) -> PlanState:
    """The plan after the person changed which transitions trouble them: kept ones keep their
    stage, new ones start supported, dropped ones leave the routine."""
    stages: dict[str, Stage] = {name: plan.stages.get(name, "supported") for name in transitions}
    loads = dict(plan.loads)
    for exercise in catalogue.exercises.values():
        loads.setdefault(
            exercise.id, ExerciseLoad({name: v.start for name, v in exercise.variables.items()})
        )
    return replace(plan, stages=stages, loads=loads)


# --- after a session -----------------------------------------------------------------------


def apply_session(
    catalogue: Catalogue,
    plan: PlanState,
    outcome: SessionOutcome,
    last_next_morning: NextMorning | None,
) -> tuple[PlanState, list[Change]]:
    """The plan for the next session, and every decision with its reason."""
    rules = catalogue.rules
    plan = _copy(plan)
    plan.sessions += 1
    plan.last_done = list(outcome.done)
    changes: list[Change] = []
    pain, effort = outcome.pain, outcome.effort
    plan.last_pain = pain
    morning_worse = last_next_morning is not None and last_next_morning.compared == "worse"

    # A day is bad when the session hurt too much or the next morning was worse; the morning
    # is counted when it is answered (apply_next_morning), so here only the session's pain.
    painful = pain is not None and pain > rules.pain.acceptable_max
    if pain is not None and pain >= rules.pain.flare_from and not plan.flare:
        return _enter_flare(plan, f"a pain of {pain} during the session is a flare", changes)
    if plan.flare:
        return _flare_session(catalogue, plan, pain, painful or morning_worse, changes)
    if painful:
        plan.bad_days += 1
    elif not morning_worse:
        plan.bad_days = 0
    if plan.bad_days >= rules.flare.bad_days_to_enter:
        return _enter_flare(plan, f"{plan.bad_days} hard days in a row", changes)

    for exercise_id in outcome.done:
        if exercise_id not in catalogue:
            continue
        exercise = catalogue[exercise_id]
        feel = outcome.feels.get(exercise_id)
        change = _decide(
            catalogue, plan, exercise, feel, pain, effort, last_next_morning, outcome.variant
        )
        if change is not None:
            changes.append(change)
    return plan, changes


def _decide(
    catalogue: Catalogue,
    plan: PlanState,
    exercise: Exercise,
    feel: Feel | None,
    pain: int | None,
    effort: int | None,
    morning: NextMorning | None,
    variant: str,
) -> Change | None:
    rules = catalogue.rules
    morning_worse = morning is not None and morning.compared == "worse"
    load = plan.loads.setdefault(exercise.id, ExerciseLoad(plan.dose(exercise)))
    if feel == "too_hard":
        return _regress(catalogue, plan, exercise, f"{exercise.name} felt too hard")
    if pain is not None and pain >= rules.pain.regress_from:
        return _regress(
            catalogue,
            plan,
            exercise,
            f"a pain of {pain} is well above the 0–{rules.pain.acceptable_max} zone",
        )
    load_text = f"{exercise.name} stays as it is"
    if morning_worse:
        load.comfortable = 0
        return _hold(exercise, f"{load_text}: your back was worse this morning")
    if pain is not None and pain > rules.pain.acceptable_max:
        load.comfortable = 0
        return _hold(
            exercise,
            f"{load_text}: a pain of {pain} is just above the "
            f"0–{rules.pain.acceptable_max} zone, so we wait for it to settle",
        )
    if effort is not None and effort >= rules.effort.hold_from:
        load.comfortable = 0
        return _hold(
            exercise,
            f"{load_text}: an effort of {effort} is harder than this kind of training needs",
        )
    if pain is None or effort is None or feel is None:
        return None  # nothing to go on: silently keep the load
    if variant != "daily" or effort > rules.effort.progress_max:
        return None
    load.comfortable += 1
    needed = (
        rules.progression.too_easy_sessions
        if feel == "too_easy"
        else rules.progression.comfortable_sessions
    )
    if load.comfortable < needed:
        return None
    why = "it felt too easy" if feel == "too_easy" else f"the last {needed} sessions felt right"
    after = " and your back was fine the next morning" if morning is not None else ""
    return _progress(catalogue, plan, exercise, f"{why}{after}")


def _progress(catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str) -> Change:
    load = plan.loads[exercise.id]
    names = list(exercise.variables)
    for offset in range(len(names)):
        name = names[(load.next_var + offset) % len(names)]
        change = _step(exercise, load, name, +1, why)
        if change is not None:
            load.next_var = (names.index(name) + 1) % len(names)
            load.comfortable, load.last_var = 0, name
            return change
    stage_change = _stage_up(catalogue, plan, exercise, why)
    if stage_change is not None:
        return stage_change
    load.comfortable = 0
    return _hold(exercise, f"{exercise.name} is at its top dose: keep it as a steady habit")


def _regress(catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str) -> Change:
    load = plan.loads.setdefault(exercise.id, ExerciseLoad(plan.dose(exercise)))
    load.comfortable = 0
    names = list(exercise.variables)
    order = ([load.last_var] if load.last_var in names else []) + list(reversed(names))
    for name in order:
        assert name is not None
        change = _step(exercise, load, name, -1, why)
        if change is not None:
            load.last_var = None
            return change
    stage_change = _stage_down(catalogue, plan, exercise, why)
    if stage_change is not None:
        return stage_change
    return _hold(
        exercise,
        f"{exercise.name} is already at its gentlest: {why}; do only what feels comfortable",
    )


def _stage_up(catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str) -> Change | None:
    return _ladder_step(catalogue, plan, exercise, +1, why)


def _stage_down(
    catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str
) -> Change | None:
    return _ladder_step(catalogue, plan, exercise, -1, why)


def _ladder_step(
    catalogue: Catalogue, plan: PlanState, exercise: Exercise, direction: int, why: str
) -> Change | None:
    """Move the person's ladder for this drill's transition one stage up (+1) or down (-1)."""
    if exercise.category != "transition" or exercise.stage is None:
        return None
    index = STAGES.index(exercise.stage) + direction
    transition = next(
        (t for t in exercise.transitions if plan.stages.get(t) == exercise.stage), None
    )
    if not 0 <= index < len(STAGES) or transition is None:
        return None
    new_stage = STAGES[index]
    plan.stages[transition] = new_stage
    drill = catalogue.drill(transition, new_stage)
    if direction > 0:
        plan.loads[exercise.id].last_var = None  # this drill is done with; nothing to undo
        reason = f"Next step on your ladder: {drill.name} replaces {exercise.name} ({why})."
        return Change(exercise.id, "stage", exercise.stage, new_stage, reason, "stage_up")
    reason = f"One step back on your ladder to {drill.name}: {why}."
    return Change(exercise.id, "stage", exercise.stage, new_stage, reason, "stage_down")


def _step(
    exercise: Exercise, load: ExerciseLoad, name: str, direction: int, why: str
) -> Change | None:
    """One step of one variable up (+1) or down (-1), if its ceiling or floor allows."""
    variable = exercise.variables[name]
    current = load.values.get(name, variable.start)
    new = _round(current + direction * variable.step)
    if not variable.floor - 1e-9 <= new <= variable.ceiling + 1e-9:
        return None
    load.values[name] = new
    reason = f"{exercise.name} {_delta(variable, new - current)}: {why}."
    return Change(
        exercise.id, name, current, new, reason, "progress" if direction > 0 else "regress"
    )


def _hold(exercise: Exercise, reason: str) -> Change:
    return Change(exercise.id, "none", "", "", reason + ".", "hold")


# --- flares ---------------------------------------------------------------------------------


def start_flare(plan: PlanState, why: str) -> tuple[PlanState, list[Change]]:
    """The person says they are in a flare: gentle sessions from now on, until it settles."""
    plan = _copy(plan)
    if plan.flare:
        return plan, []
    return _enter_flare(plan, why, [])


def _enter_flare(
    plan: PlanState, why: str, changes: list[Change]
) -> tuple[PlanState, list[Change]]:
    plan.flare, plan.bad_days, plan.settled_days = True, 0, 0
    changes.append(
        Change(
            "routine",
            "variant",
            "daily",
            "flare",
            f"Switching to gentle flare-day sessions (breathing and easy walking): "
            f"{why}. We'll build back up once your back settles.",
            "flare_on",
        )
    )
    return plan, changes


def _flare_session(
    catalogue: Catalogue, plan: PlanState, pain: int | None, bad_day: bool, changes: list[Change]
) -> tuple[PlanState, list[Change]]:
    settled = not bad_day and pain is not None and pain <= catalogue.rules.flare.settled_pain_max
    plan.settled_days = plan.settled_days + 1 if settled else 0
    if plan.settled_days >= catalogue.rules.flare.settled_days_to_leave:
        calm = plan.settled_days
        plan.flare, plan.settled_days, plan.bad_days = False, 0, 0
        changes.append(
            Change(
                "routine",
                "variant",
                "flare",
                "daily",
                f"Back to your regular routine: {calm} calm days in a row.",
                "flare_off",
            )
        )
    return plan, changes


# --- the next morning -----------------------------------------------------------------------


def apply_next_morning(
    catalogue: Catalogue, plan: PlanState, response: NextMorning
) -> tuple[PlanState, list[Change]]:
    """A worse morning steps back, one step each, the exercises most recently stepped up."""
    plan = _copy(plan)
    changes: list[Change] = []
    session_painful = (
        plan.last_pain is not None and plan.last_pain > catalogue.rules.pain.acceptable_max
    )
    if response.compared != "worse":
        if not session_painful and not plan.flare:
            plan.bad_days = 0
        return plan, changes
    if plan.flare:
        plan.settled_days = 0
        return plan, changes
    if not session_painful:  # the same day counts once
        plan.bad_days += 1
    if plan.bad_days >= catalogue.rules.flare.bad_days_to_enter:
        return _enter_flare(plan, f"{plan.bad_days} hard days in a row", changes)
    # Undo what was stepped up most recently; what was already steady just holds.
    for exercise_id in plan.last_done:
        load = plan.loads.get(exercise_id)
        if exercise_id in catalogue and load is not None and load.last_var is not None:
            changes.append(
                _regress(
                    catalogue, plan, catalogue[exercise_id], "your back was worse the next morning"
                )
            )
    if not changes:
        changes.append(
            Change(
                "routine",
                "none",
                "",
                "",
                "Your plan stays as it is after a "
                "worse morning; if it happens again I'll make the sessions "
                "gentler.",
                "hold",
            )
        )
    return plan, changes


# --- helpers ----------------------------------------------------------------------------------


def _copy(plan: PlanState) -> PlanState:
    return PlanState.from_dict(plan.to_dict())


def _round(value: float) -> float:
    return round(value, 2)


def _delta(variable: Variable, amount: float) -> str:
    sign = "+" if amount > 0 else "−"
    size = abs(amount)
    number = f"{size:g}"
    if variable.unit == "level":
        return f"range {sign}{number} level"
    if variable.unit == "s down":
        return f"{sign}{number} s slower lowering"
    return f"{sign}{number} {variable.unit}"

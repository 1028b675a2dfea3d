"""A person's micro-load plan as plain data: doses, ladder stages, open steps, recent mornings.

The engine (microload.py) reads and returns these; storage keeps them as JSON. Every field has a
default so that plans saved by older versions still load.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any, Literal

from bot.coaching.catalogue import Catalogue, Exercise, Stage

StepKind = Literal["progress", "stage_up"]


@dataclass
class ExerciseLoad:
    values: dict[str, float]
    next_var: int = 0  # which progressable variable moves next (rotation)
    comfortable: int = 0  # comfortable sessions in a row since the last change
    last_var: str | None = None  # the variable that moved up last: stepped back first
    top_since: str | None = None  # ISO date it first could not progress any further
    maintenance: bool = False  # kept at its top dose on purpose (and the person was told)
    last_step_at: int = 0  # the session number whose check-in last stepped it up
    hard_at_floor_since: str | None = None  # ISO date "too hard" first came at its gentlest
    floor_asked: str | None = None  # ISO date we last asked what was hard (not every day)


@dataclass
class Step:
    """One progression whose 24-hour response is not known yet.

    Planned at a check-in; "performed" once a session has done it; settled (and forgotten)
    when the morning after that session is fine, undone when that morning is clearly worse."""

    exercise: str  # the exercise that will be done at the new dose (the new drill for a stage)
    variable: str  # a variable name, or "stage"
    before: float | str
    after: float | str
    kind: StepKind
    planned_at: int  # the session number whose check-in planned it
    performed_at: int | None = None  # the first session that did it
    performed_on: str | None = None  # when (ISO datetime): 36 hours without an answer settle it
    transition: str | None = None  # for stage steps
    from_exercise: str | None = None  # for stage steps: the drill it replaced


@dataclass
class PlanState:
    loads: dict[str, ExerciseLoad]
    stages: dict[str, Stage]  # transition -> current ladder stage
    usual_pain: int | None = None  # the onboarding answer; stands in for the baseline at first
    # (ISO date, pain, during a flare), oldest first; flare mornings don't move the baseline
    mornings: list[tuple[str, int, bool]] = field(default_factory=list)
    sessions: int = 0
    last_session_at: str | None = None  # ISO datetime of the last check-in
    steps: list[Step] = field(default_factory=list)
    morning_for: int = 0  # the session whose next morning was answered last
    morning_level: str | None = None  # fine | hold | back: how that morning was
    flare: bool = False
    flare_since: str | None = None  # ISO date
    flare_baseline: int | None = None  # the baseline when it started, judged against on the way out
    flare_starts: list[str] = field(default_factory=list)  # ISO dates, the last 8 weeks
    pre_flare: dict[str, Any] | None = None  # loads and stages when the flare started
    high_mornings: int = 0  # mornings in a row at or above the flare line
    calm_mornings: int = 0  # during a flare: settled mornings in a row
    calm_sessions_left: int = 0  # after a flare: sessions that may not progress
    hold_week: str | None = None  # ISO week ("2026-W07") in which nothing progresses
    week_checked: str | None = None  # the last ISO week the week-to-week rule looked at
    ladder_ready: list[str] = field(default_factory=list)  # transitions cleared by a re-rating
    long_flare_told: bool = False  # the current flare's "over 10 days" signal was raised
    walk_goal: float | None = None  # minutes a day, apart from the routine
    walks: list[tuple[str, float]] = field(default_factory=list)  # (ISO date, minutes walked)
    signals: list[str] = field(default_factory=list)  # for the adapter: long_flare, ...
    # (session number, workout id, ISO date): which session a morning answer is about
    session_log: list[tuple[int, int | None, str]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)  # sessions whose morning was answered
    answered_on: str | None = None  # ISO date of the latest morning answer
    unanswered: int = 0  # sessions in a row whose morning nobody answered
    baselines: list[tuple[str, int]] = field(default_factory=list)  # (ISO date, B) as it was
    pain_rising: bool = False  # mornings 2+ points up over 2-4 weeks: nothing progresses
    worse_pending: int | None = None  # "Worse" without its number, for this session
    said_on: str | None = None  # ISO date of `said_count`: lines about the plan read that day
    said_count: int = 0
    # The latest of those lines that were changes, as read (two days' worth): /today recalls
    # these and no others, so it never tells what the day's lines left for /history.
    told: list[str] = field(default_factory=list)
    plateau_told: str | None = None  # ISO date a plateau last said why
    clinician_told: bool = False  # clinician_suggested was raised (once)
    review_told: bool = False  # review_suggested was raised (once)
    # The person's own goals for a ladder, in kg ("lift my 12 kg daughter"): they set the
    # ceiling of that ladder's load, reached a step at a time like any other.
    goals: dict[str, float] = field(default_factory=dict)

    def dose(self, exercise: Exercise) -> dict[str, float]:
        load = self.loads.get(exercise.id)
        start = {name: variable.start for name, variable in exercise.variables.items()}
        return {**start, **(load.values if load else {})}

    def done_dose(self, exercise: Exercise) -> dict[str, float]:
        """The dose last performed: planned steps nobody has done yet left out."""
        dose = self.dose(exercise)
        for step in self.steps:
            unperformed = step.exercise == exercise.id and step.performed_at is None
            if unperformed and step.variable in dose:
                dose[step.variable] = float(step.before)
        return dose

    def done_stages(self) -> dict[str, Stage]:
        """Ladder stages as last performed: a planned stage step nobody has done yet left out."""
        stages = dict(self.stages)
        for step in self.steps:
            if step.kind == "stage_up" and step.performed_at is None and step.transition:
                stages[step.transition] = step.before  # type: ignore[assignment]
        return stages

    def load(self, exercise: Exercise) -> ExerciseLoad:
        return self.loads.setdefault(exercise.id, ExerciseLoad(self.dose(exercise)))

    def open_step(self, exercise_id: str) -> Step | None:
        return next((step for step in self.steps if step.exercise == exercise_id), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanState:
        state = _known(cls, data)
        state["loads"] = {
            key: ExerciseLoad(**_known(ExerciseLoad, load)) for key, load in data["loads"].items()
        }
        state["steps"] = [Step(**_known(Step, step)) for step in data.get("steps", [])]
        state["walks"] = [(str(day), float(minutes)) for day, minutes in data.get("walks", [])]
        state["mornings"] = [
            (str(day), int(pain), bool(flare)) for day, pain, flare in data.get("mornings", [])
        ]
        state["session_log"] = [
            (int(number), None if workout is None else int(workout), str(day))
            for number, workout, day in data.get("session_log", [])
        ]
        state["baselines"] = [(str(day), int(b)) for day, b in data.get("baselines", [])]
        return cls(**state)

    def copy(self) -> PlanState:
        return PlanState.from_dict(self.to_dict())


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    """Only the fields `kind` has: plans saved by older versions carry a few retired ones."""
    names = {item.name for item in fields(kind)}
    return {key: value for key, value in data.items() if key in names}


def initial_plan(
    catalogue: Catalogue,
    transitions: list[str],
    usual_pain: int | None = None,
    walk_minutes: int | None = None,
) -> PlanState:
    """Every exercise at its start values; chosen transitions at the supported stage; the
    walking goal at what the person already walks (and at least a few minutes)."""
    loads = {
        exercise.id: ExerciseLoad({name: v.start for name, v in exercise.variables.items()})
        for exercise in catalogue.exercises.values()
    }
    return PlanState(
        loads=loads,
        stages={name: "supported" for name in transitions},
        usual_pain=usual_pain,
        walk_goal=first_walk_goal(catalogue, walk_minutes),
    )


def first_walk_goal(catalogue: Catalogue, walk_minutes: int | None) -> float:
    """What the person already walks on a usual day, at least a few minutes, at most the top."""
    walking = catalogue.rules.walking
    return float(min(walking.ceiling, max(walking.start_min, walk_minutes or 0)))


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


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None

"""Today's routine from the plan: what to do, in what order, at what dose, in how many minutes.

Daily (7–12 minutes): breathing first, then motor control and mobility, then the anchor
movements, then the person's transition drills at their current ladder stage. The weekly
maintenance session is mobility and coordination without heavy loading. The flare-day routine is
the person's own routine cut to what the catalogue marks flare-safe, at floor doses, with
breathing and an easy walk. What the safety answers rule out (limits.py) never appears.
Every session then runs from the floor up (by_position), so getting down happens once.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal

from bot.coaching.catalogue import POSITIONS, Catalogue, Exercise, Variant
from bot.coaching.limits import NO_LIMITS, Limits, allows, cap_dose
from bot.coaching.plan import PlanState
from bot.i18n import _, ngettext

# Optional items are added while the estimate stays under this, leaving room for rounding.
DAILY_FILL_S = 11 * 60 + 20
SWITCH_S, SETUP_S = 10, 15  # changing sides or sets; getting into position
SNACK_S = 150
# A flare day's routine: short, but long enough to count (issue 23; method.md: frequent
# gentle movement through a flare).
FLARE_MINUTES = (5, 8)
WARMUPS = 3  # mobility and motor-control drills offered per day, rotating through the pool


@dataclass(frozen=True)
class RoutineItem:
    exercise_id: str
    name: str
    dose: dict[str, float]
    dose_text: str
    seconds: int
    cues: tuple[str, ...]
    hold_s: int | None
    equipment: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    variant: Variant
    items: list[RoutineItem]
    minutes: int

    @property
    def equipment(self) -> list[str]:
        """What to have ready, each thing once, in the order the session needs it."""
        return list(dict.fromkeys(thing for item in self.items for thing in item.equipment))


def build_routine(
    catalogue: Catalogue,
    plan: PlanState,
    variant: Literal["daily", "weekly", "flare"],
    limits: Limits = NO_LIMITS,
) -> Routine:
    if variant == "flare":
        items = _flare(catalogue, plan)
    elif variant == "weekly":
        items = _weekly(catalogue, plan)
    else:
        items = _daily(catalogue, plan)
    items = [
        _item(catalogue[item.exercise_id], cap_dose(catalogue[item.exercise_id], item.dose, limits))
        for item in items
        if allows(catalogue[item.exercise_id], limits)
    ]
    items = by_position(catalogue, items)
    total = sum(item.seconds for item in items)
    return Routine(variant, items, max(1, round(total / 60)))


def by_position(catalogue: Catalogue, items: list[RoutineItem]) -> list[RoutineItem]:
    """From the floor up (lying, side-lying, hands and knees, kneeling, sitting, standing), so
    nobody gets down to the floor twice; within a position the planned order stays. Drills on a
    bed come after the floor work and before sitting: up from the floor, then onto the bed."""

    def rank(item: RoutineItem) -> float:
        exercise = catalogue[item.exercise_id]
        if "bed" in exercise.equipment:
            return POSITIONS.index("sitting") - 0.5
        return POSITIONS.index(exercise.position)

    return sorted(items, key=rank)


def _daily(catalogue: Catalogue, plan: PlanState) -> list[RoutineItem]:
    day = plan.sessions
    breathing = _rotate(catalogue.of("breathing", "daily"), day)[:1]
    anchors = _rotate(catalogue.of("anchor", "daily"), day)
    drills = [catalogue.drill(transition, stage) for transition, stage in plan.stages.items()]
    warmups = _rotate(
        catalogue.of("mobility", "daily") + catalogue.of("motor_control", "daily"), day
    )
    required = [*breathing, *anchors[:2], *drills]
    optional = [*warmups[:WARMUPS], *anchors[2:], *catalogue.of("walking", "daily")]
    chosen = {exercise.id for exercise in required}
    total = sum(item_seconds(exercise, plan.dose(exercise)) for exercise in required)
    for exercise in optional:
        seconds = item_seconds(exercise, plan.dose(exercise))
        if total + seconds <= DAILY_FILL_S:
            chosen.add(exercise.id)
            total += seconds
    order = [*breathing, *warmups, *anchors, *drills, *catalogue.of("walking", "daily")]
    return [_item(exercise, plan.dose(exercise)) for exercise in order if exercise.id in chosen]


def _weekly(catalogue: Catalogue, plan: PlanState) -> list[RoutineItem]:
    """Mobility and coordination, 12–20 minutes, with any load kept at its lightest."""
    exercises = [
        *_rotate(catalogue.of("breathing", "weekly"), plan.sessions)[:2],
        *catalogue.of("mobility", "weekly"),
        *catalogue.of("motor_control", "weekly"),
        *catalogue.of("anchor", "weekly"),
        *(
            catalogue.drill(transition, stage)
            for transition, stage in plan.done_stages().items()
            if "weekly" in catalogue.drill(transition, stage).variants
        ),
        *catalogue.of("walking", "weekly"),
    ]
    # the doses last performed: the weekly session does no new dose (microload.py)
    return [
        _item(exercise, _unloaded(exercise, plan.done_dose(exercise))) for exercise in exercises
    ]


def _flare(catalogue: Catalogue, plan: PlanState) -> list[RoutineItem]:
    """A flare day of FLARE_MINUTES: breathing, the person's own transition drills at their
    supported stage and the flare-safe rest of their routine, all at floor doses, and a walk as
    able, which fills the day up to its least (and the rest waits when it runs long)."""
    own = [
        exercise
        for item in _daily(catalogue, plan)
        if "flare" in (exercise := catalogue[item.exercise_id]).variants
    ]
    drills = [
        drill
        for transition in plan.stages
        if (drill := catalogue.ladders.get((transition, "supported"))) is not None
        and "flare" in drill.variants
    ]
    breathing = catalogue.of("breathing", "flare")[:1]
    walks = catalogue.of("walking", "flare")
    exercises = [*breathing, *drills, *own]
    unique = {exercise.id: exercise for exercise in exercises if exercise not in walks}
    items = [_item(exercise, _floors(exercise)) for exercise in unique.values()]
    low, high = (minutes * 60 for minutes in FLARE_MINUTES)
    while len(items) > 1 and sum(item.seconds for item in items) > high - 60:
        items.pop()  # the last of their routine waits for a better day; breathing stays
    for walk in walks:
        room = max(low - sum(item.seconds for item in items), 0)
        variable = walk.variables["minutes"]
        minutes = min(max(variable.floor, math.ceil(room / 60)), variable.ceiling)
        items.append(_item(walk, {**_floors(walk), "minutes": float(minutes)}))
    return items


@dataclass(frozen=True)
class SnackMenu:
    """What `movement_snack` draws from for one plan and set of limits, made once for many
    sit breaks: the allowed snack exercises in catalogue order, the person's own drills, and
    each exercise's single-round item."""

    pool: tuple[Exercise, ...]
    own: frozenset[str]
    items: dict[str, RoutineItem]


def snack_menu(catalogue: Catalogue, plan: PlanState, limits: Limits = NO_LIMITS) -> SnackMenu:
    own = frozenset(catalogue.drill(t, stage).id for t, stage in plan.stages.items())
    pool = tuple(e for e in catalogue.exercises.values() if e.snack and allows(e, limits))
    items = {e.id: _item(e, _one_set(e, plan.dose(e))) for e in pool}
    return SnackMenu(pool, own, items)


def draw_snack(menu: SnackMenu, seed: int) -> list[RoutineItem]:
    """The snack `movement_snack` picks for this seed, from a menu made ahead (its items are
    shared between draws: read them, don't change them)."""
    rng = random.Random(seed)
    pool = list(menu.pool)
    rng.shuffle(pool)
    pool.sort(key=lambda exercise: exercise.id not in menu.own)  # their own drills first
    chosen: list[RoutineItem] = []
    total = 0
    for exercise in pool:
        item = menu.items[exercise.id]
        if total + item.seconds <= SNACK_S:
            chosen.append(item)
            total += item.seconds
        if len(chosen) == 2:
            break
    return chosen


def movement_snack(
    catalogue: Catalogue, plan: PlanState, seed: int, limits: Limits = NO_LIMITS
) -> list[RoutineItem]:
    """About two minutes of movement for a sit break, from the person's own plan."""
    rng = random.Random(seed)
    own = {catalogue.drill(t, stage).id for t, stage in plan.stages.items()}
    pool = [e for e in catalogue.exercises.values() if e.snack and allows(e, limits)]
    rng.shuffle(pool)
    pool.sort(key=lambda exercise: exercise.id not in own)  # their own drills first
    chosen: list[RoutineItem] = []
    total = 0
    for exercise in pool:
        dose = _one_set(exercise, plan.dose(exercise))
        seconds = item_seconds(exercise, dose)
        if total + seconds <= SNACK_S:
            chosen.append(_item(exercise, dose))
            total += seconds
        if len(chosen) == 2:
            break
    return chosen


# --- doses and time ------------------------------------------------------------------------


def item_seconds(exercise: Exercise, dose: dict[str, float]) -> int:
    """A rough, honest estimate of how long an exercise takes at this dose."""
    rounds = exercise.fixed.sets * exercise.fixed.sides
    if "minutes" in dose:
        return int(dose["minutes"] * 60)
    if "distance_m" in dose:
        work = dose["distance_m"] / 0.8 + 10  # careful carrying pace, plus pick up and put down
    else:
        count = dose.get("reps", dose.get("breaths", 1))
        per_rep = exercise.seconds_per_rep + dose.get("tempo_s", 0) + dose.get("hold_s", 0)
        work = count * per_rep
    return math.ceil(rounds * work + (rounds - 1) * SWITCH_S + SETUP_S)


def dose_text(exercise: Exercise, dose: dict[str, float]) -> str:
    """ "2 × 25 s each side", "6 slow breaths", "2 × 6 reps, 3 s down, 2 kg",
    "5 reps, hands, elbows half bent" (a range is named in words, never "range 2 of 4")."""
    sets, sides = exercise.fixed.sets, exercise.fixed.sides
    if "minutes" in dose:
        main = _("{n} min").format(n=_n(dose["minutes"]))
    elif "distance_m" in dose:
        main = _("{n} m").format(n=_n(dose["distance_m"]))
    elif "breaths" in dose:
        count = dose["breaths"]
        main = ngettext("{n} slow breath", "{n} slow breaths", _plural(count)).format(n=_n(count))
    elif "hold_s" in dose and "reps" in dose:
        main = _("{reps} × {seconds} s hold").format(
            reps=_n(dose["reps"]), seconds=_n(dose["hold_s"])
        )
    elif "hold_s" in dose:
        main = _("{n} s").format(n=_n(dose["hold_s"]))
    else:
        count = dose.get("reps", 1)
        main = ngettext("{n} rep", "{n} reps", _plural(count)).format(n=_n(count))
    text = f"{sets} × {main}" if sets > 1 else main
    if sides == 2:
        text = _("{dose} each side").format(dose=text)
    extras = []
    if dose.get("tempo_s"):
        extras.append(_("{n} s down").format(n=_n(dose["tempo_s"])))
    if dose.get("load_kg"):
        extras.append(_("{n} kg").format(n=_n(dose["load_kg"])))
    for name, variable in exercise.variables.items():
        if variable.levels and name in dose:
            extras.append(variable.level_text(dose[name]))
    return ", ".join([text, *extras])


def _item(exercise: Exercise, dose: dict[str, float]) -> RoutineItem:
    hold = dose.get("hold_s")
    return RoutineItem(
        exercise_id=exercise.id,
        name=exercise.name,
        dose=dict(dose),
        dose_text=dose_text(exercise, dose),
        seconds=item_seconds(exercise, dose),
        cues=tuple(exercise.cues),
        hold_s=int(hold) if hold else None,
        equipment=tuple(exercise.equipment),
    )


def _floors(exercise: Exercise) -> dict[str, float]:
    return {name: variable.floor for name, variable in exercise.variables.items()}


def _unloaded(exercise: Exercise, dose: dict[str, float]) -> dict[str, float]:
    if "load_kg" in dose:
        return {**dose, "load_kg": exercise.variables["load_kg"].floor}
    return dose


def _one_set(exercise: Exercise, dose: dict[str, float]) -> dict[str, float]:
    """A snack is a single easy round: no added weight, minutes capped at one."""
    dose = _unloaded(exercise, dose)
    if "minutes" in dose:
        dose = {**dose, "minutes": 1}
    return dose


def _rotate(exercises: list[Exercise], day: int) -> list[Exercise]:
    if not exercises:
        return []
    shift = day % len(exercises)
    return exercises[shift:] + exercises[:shift]


def _n(value: float) -> str:
    return f"{value:g}"


def _plural(value: float) -> int:
    """The count that picks a plural form: 1 is "1 rep", anything else "1.5 reps", "6 reps"."""
    return 1 if value == 1 else 2 if value != int(value) else int(value)

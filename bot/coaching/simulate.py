"""A made-up person follows the plan for N days, so anyone can see how the real engine behaves.

Profiles:
- steady: tolerates the programme well; mostly "right", sometimes "too easy"; low pain.
- flare: like steady, then a week of high pain and worse mornings, then recovery.
- plateau: borderline pain around 4–6 and mixed feelings; the plan mostly holds.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any, Literal

from bot.coaching.catalogue import Catalogue
from bot.coaching.microload import (
    Compared,
    Feel,
    NextMorning,
    PlanState,
    SessionOutcome,
    apply_next_morning,
    apply_session,
    initial_plan,
)
from bot.coaching.routine import build_routine

Profile = Literal["steady", "flare", "plateau"]
TRANSITIONS = ["out_of_bed", "into_car", "lifting_from_floor"]
FLARE_DAYS = range(15, 22)
WEEKLY_EVERY = 7


def simulate(
    catalogue: Catalogue, days: int, profile: Profile, seed: int
) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    plan = initial_plan(catalogue, TRANSITIONS)
    morning: NextMorning | None = None
    for day in range(1, days + 1):
        variant: Literal["daily", "weekly", "flare"] = (
            "flare" if plan.flare else "weekly" if day % WEEKLY_EVERY == 0 else "daily"
        )
        routine = build_routine(catalogue, plan, variant)
        pain, effort, compared = _person(profile, day, rng, plan)
        done = [item.exercise_id for item in routine.items]
        feels = {exercise: _feel(profile, day, rng) for exercise in done}
        outcome = SessionOutcome(variant, done, feels, pain=pain, effort=effort)
        plan, session_changes = apply_session(catalogue, plan, outcome, morning)
        morning = NextMorning(compared, pain=max(0, pain - 1) if compared != "worse" else pain)
        plan, morning_changes = apply_next_morning(catalogue, plan, morning)
        changes = [c for c in (*session_changes, *morning_changes) if c.is_change]
        yield {
            "day": day,
            "variant": routine.variant,
            "routine": [
                {"exercise": item.exercise_id, "dose": item.dose} for item in routine.items
            ],
            "minutes": routine.minutes,
            "checkin": {"pain": pain, "effort": effort, "next_morning": compared},
            "changes": [
                {
                    "exercise": c.exercise,
                    "variable": c.variable,
                    "from": c.from_,
                    "to": c.to,
                    "reason": c.reason,
                }
                for c in changes
            ],
        }


def _person(
    profile: Profile, day: int, rng: random.Random, plan: PlanState
) -> tuple[int, int, Compared]:
    if profile == "flare" and day in FLARE_DAYS:
        return rng.choice((7, 8)), rng.choice((6, 7)), "worse"
    if profile == "plateau":
        compared: Compared = rng.choices(("same", "worse", "better"), (6, 2, 2))[0]
        pain = rng.choices((3, 4, 5, 6), (3, 4, 3, 1))[0]
        return pain, rng.choice((4, 5, 6, 7)), compared
    pain = min(4, max(0, round(rng.gauss(1.5, 1.0))))
    compared = rng.choices(("better", "same", "worse"), (4, 6, 1))[0]
    return pain, rng.choice((3, 4)), compared


def _feel(profile: Profile, day: int, rng: random.Random) -> Feel:
    if profile == "flare" and day in FLARE_DAYS:
        return "too_hard" if rng.random() < 0.75 else "right"
    weights = (1, 8, 1) if profile == "plateau" else (4, 15, 1)
    feels: tuple[Feel, ...] = ("too_easy", "right", "too_hard")
    return rng.choices(feels, weights)[0]

"""The daily walk as data: what was logged, and how today's walk reads. Its goal grows in the
engine (microload.py), after weeks whose mornings settled."""

from __future__ import annotations

from datetime import date

from bot.coaching.catalogue import Rules
from bot.coaching.plan import PlanState

WALKS_KEPT = 56


def log_walk(plan: PlanState, day: date, minutes: float) -> PlanState:
    """Minutes walked today, added to what was already logged today (the last 8 weeks kept)."""
    plan = plan.copy()
    today = day.isoformat()
    before = walked(plan, day)
    kept = [walk for walk in plan.walks if walk[0] != today]
    plan.walks = [*kept, (today, before + minutes)][-WALKS_KEPT:]
    return plan


def walked(plan: PlanState, day: date) -> float:
    return sum(minutes for when, minutes in plan.walks if when == day.isoformat())


def walk_line(rules: Rules, plan: PlanState, today: date) -> str:
    """Today's walk as /today shows it."""
    if plan.flare:
        walking = rules.walking
        return (
            f"🚶 Walk today: {walking.flare_min}–{walking.flare_max} minutes in all, a few at a "
            "time, as you're able (the routine's walk counts)."
        )
    done = walked(plan, today)
    so_far = f" ({done:g} logged so far)" if done else ""
    goal = plan.walk_goal or 0
    return f"🚶 Walk today: {goal:g} min, apart from the routine{so_far}. Log it with /walk."

"""The daily walk as data: what was logged (bot/telegram/walking.py says it in words). Its goal
grows in the engine (microload.py), after weeks whose mornings settled."""

from __future__ import annotations

from datetime import date

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

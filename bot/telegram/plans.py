"""Loading and saving a person's micro-load plan around the pure engine."""

from __future__ import annotations

from dataclasses import replace

from bot.coaching.microload import Change
from bot.coaching.plan import PlanState, first_walk_goal, initial_plan, with_transitions
from bot.storage.models import User
from bot.telegram.common import Services


async def load_plan(svc: Services, user: User) -> PlanState:
    """The person's plan, made on first use from their chosen transitions and usual walking;
    their "usual pain" from the settings stands in for a baseline until they have answered a
    few mornings."""
    stored = await svc.storage.coaching.plan(user.id)
    if stored is None:
        plan = initial_plan(
            svc.catalogue, list(user.transitions), user.typical_pain, user.walk_minutes
        )
        await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())
        return plan
    plan = PlanState.from_dict(stored)
    goal = plan.walk_goal or first_walk_goal(svc.catalogue, user.walk_minutes)
    return replace(plan, usual_pain=user.typical_pain, walk_goal=goal)


async def update_transitions(svc: Services, user: User) -> None:
    """The person picked other trouble movements: their ladders follow, kept ones keep their
    stage."""
    plan = with_transitions(svc.catalogue, await load_plan(svc, user), list(user.transitions))
    await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())


def change_rows(changes: list[Change]) -> list[dict[str, str]]:
    """The engine's changes as the rows storage keeps (and /history shows)."""
    return [
        {
            "exercise": change.exercise,
            "variable": change.variable,
            "kind": change.kind,
            "from_value": str(change.from_),
            "to_value": str(change.to),
            "reason": change.reason,
        }
        for change in changes
    ]


async def record_changes(svc: Services, user: User, plan: PlanState, changes: list[Change]) -> None:
    """A new plan and its changes that come from no check-in (/flare, a weekly re-rating)."""
    await svc.storage.coaching.record_changes(
        user.id, plan.to_dict(), change_rows(changes), svc.clock.now()
    )

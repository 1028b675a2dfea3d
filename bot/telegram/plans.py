"""Loading and saving a person's micro-load plan around the pure engine."""

from __future__ import annotations

from bot.coaching.microload import PlanState, initial_plan, with_transitions
from bot.storage.models import User
from bot.telegram.common import Services


async def load_plan(svc: Services, user: User) -> PlanState:
    """The person's plan; made on first use from their chosen transitions."""
    stored = await svc.storage.coaching.plan(user.id)
    if stored is None:
        plan = initial_plan(svc.catalogue, list(user.transitions))
        await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())
        return plan
    return PlanState.from_dict(stored)


async def update_transitions(svc: Services, user: User) -> None:
    """The person picked other trouble movements: their ladders follow, kept ones keep their
    stage."""
    plan = with_transitions(svc.catalogue, await load_plan(svc, user), list(user.transitions))
    await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())

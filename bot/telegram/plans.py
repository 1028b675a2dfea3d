"""Loading and saving a person's micro-load plan around the pure engine, and its results in
words: the adapter every conversation uses to ask the engine something."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.coaching.catalogue import Rules
from bot.coaching.microload import Change, NextMorning, apply_next_morning, flare_mornings_left
from bot.coaching.plan import PlanState, first_walk_goal, initial_plan, with_transitions
from bot.i18n import N_, _, ngettext
from bot.storage.models import Checkin, User
from bot.telegram.common import Services
from bot.telegram.parsing import zone

# Change lines a person reads after a check-in; the rest are in /history.
SHOWN_CHANGES = 3
FLARE_DAY = N_("🔥 Flare day {day}: one more good morning and we build back up.")
FLARE_DAY_TWO = N_("🔥 Flare day {day}: two good mornings in a row and we build back up.")
FLARE_DAY_MORE = N_("🔥 Flare day {day}: {left} good mornings in a row and we build back up.")
OTHER_CHANGES = N_("Today's other changes are in /history.")
PLAN_STAYS = N_("Your plan stays as it is.")
FOR_NEXT_TIME, NEXT_TIME = N_("For next time:"), N_("Next time:")
SESSION_STAYS = N_("Your next session stays as it is, nothing new.")


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


def describe_changes(changes: list[Change], quiet_if_none: bool = False) -> str:
    """At most three lines, changes before holds, only the ones the engine chose to show (it
    keeps a day to three); the full list is in /history."""
    shown = [c for c in changes if c.shown]
    ordered = [c for c in shown if c.is_change] + [c for c in shown if not c.is_change]
    if not ordered and len(shown) < len(changes):
        return _(OTHER_CHANGES)
    if not ordered:
        return "" if quiet_if_none else _(PLAN_STAYS)
    lines = [f"• {change.reason}" for change in ordered[:SHOWN_CHANGES]]
    if len(ordered) > SHOWN_CHANGES:
        lines.append(more_in_history(len(ordered) - SHOWN_CHANGES))
    title = _(FOR_NEXT_TIME) if ordered[0].is_change else _(NEXT_TIME)
    return title + "\n" + "\n".join(lines)


def more_in_history(count: int) -> str:
    """ "(and 2 more in /history)": the change lines left out of a short list."""
    more = ngettext("(and {n} more in /history)", "(and {n} more in /history)", count)
    return more.format(n=count)


async def store_result(
    svc: Services,
    user: User,
    checkin: Checkin,
    before: PlanState,
    after: PlanState,
    changes: list[Change],
) -> None:
    await svc.storage.coaching.apply_engine_result(
        user.id,
        checkin.id,
        before.to_dict(),
        after.to_dict(),
        change_rows(changes),
        svc.clock.now(),
    )


async def record_pain_day(svc: Services, user: User) -> str:
    """A day skipped for pain counts, for the engine, as a morning worse than usual."""
    now = svc.clock.now()
    if user.consent_at is None:
        return ""
    checkin = await svc.storage.coaching.open_checkin(user.id, "next_morning", None, now)
    checkin = (
        await svc.storage.coaching.update_checkin(user.id, checkin.id, now, compared="worse")
        or checkin
    )
    if checkin.applied_at is not None:
        return ""
    plan = await load_plan(svc, user)
    response = NextMorning("worse", None, at=now.astimezone(zone(user.timezone)))
    new_plan, changes = apply_next_morning(svc.catalogue, plan, response)
    await store_result(svc, user, checkin, plan, new_plan, changes)
    real = [change for change in changes if change.is_change]
    return describe_changes(real) if real else _(SESSION_STAYS)


def flare_status(rules: Rules, plan: PlanState, today: date) -> str | None:
    """Where a flare stands, said on every flare day: "Flare day 3: one more good morning and
    we build back up." None outside a flare."""
    if not plan.flare:
        return None
    since = date.fromisoformat(plan.flare_since) if plan.flare_since else today
    left = flare_mornings_left(rules, plan)
    day = (today - since).days + 1
    text = {1: FLARE_DAY, 2: FLARE_DAY_TWO}.get(left, FLARE_DAY_MORE)
    return _(text).format(day=day, left=left)


async def flare_line(svc: Services, user: User) -> str | None:
    """The flare status for a person, if they are in one (a missing plan is no flare)."""
    stored = await svc.storage.coaching.plan(user.id)
    if stored is None:
        return None
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    return flare_status(svc.catalogue.rules, PlanState.from_dict(stored), today)

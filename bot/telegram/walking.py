"""The daily walk, apart from the routine: today's goal, and logging what was walked.

`/walk 20` logs at once; `/walk` asks, with buttons, and a typed answer ("about 15", "half an
hour") is taken while that question is open. The goal itself grows in the engine
(bot/coaching/microload.py), after weeks whose mornings settled.
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.coaching.catalogue import Rules
from bot.coaching.plan import PlanState
from bot.coaching.walking import log_walk, walked
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.parsing import zone
from bot.telegram.people import ready_user
from bot.telegram.plans import load_plan
from bot.understanding.minutes import parse_minutes

ASKING = "walk:today"  # the open question "how many minutes did you walk today?"

HOW_LONG = N_(
    'How many minutes did you walk today? Your goal is {goal}. Tap or type, like "about 20".'
)
MINUTES_BUTTON = N_("{n} min")
NOT_TODAY = N_("Not today")
TAPPED = N_("✓ {n} min")
TAPPED_NOT_TODAY = N_("✓ Not today")
ASK_NUMBER = N_('How many minutes? A number, like "15" or "half an hour".')
NONE_TODAY = N_("That's fine — tomorrow is another day. Even 5 minutes counts.")
NOT_STORED = N_("{minutes} minutes — well done! (I don't store it: see /settings.)")
GOAL_DONE = N_("Logged {minutes} min. That's today's {goal}-minute walk done — nice.")
SO_FAR = N_("Logged {minutes} min: {done} of {goal} so far today.")
TODAY_IN_FLARE = N_(
    "🚶 Walk today: {low}–{high} minutes in all, a few at a time, as you're able (the "
    "routine's walk counts)."
)
TODAY = N_("🚶 Walk today: {goal} min, apart from the routine. Log it with /walk.")
TODAY_SO_FAR = N_(
    "🚶 Walk today: {goal} min, apart from the routine ({done} logged so far). Log it with /walk."
)


def walk_line(rules: Rules, plan: PlanState, today: date) -> str:
    """Today's walk as /today shows it."""
    if plan.flare:
        walking = rules.walking
        return _(TODAY_IN_FLARE).format(low=walking.flare_min, high=walking.flare_max)
    done, goal = walked(plan, today), plan.walk_goal or 0
    if done:
        return _(TODAY_SO_FAR).format(goal=f"{goal:g}", done=f"{done:g}")
    return _(TODAY).format(goal=f"{goal:g}")


async def walk(update: Update, context: Context) -> None:
    """/walk [minutes]."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    if context.args:
        await take_minutes(update, context, user, " ".join(context.args))
        return
    plan = await load_plan(svc, user)
    goal = int(plan.walk_goal or 10)
    await svc.storage.users.set(user, awaiting=ASKING, awaiting_since=svc.clock.now())
    choices = sorted({goal, max(5, goal // 2), goal + 5})
    await reply(
        update,
        _(HOW_LONG).format(goal=goal),
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(_(MINUTES_BUTTON).format(n=n), callback_data=f"walk:{n}")
                    for n in choices
                ],
                [InlineKeyboardButton(_(NOT_TODAY), callback_data="walk:0")],
            ]
        ),
    )


async def walk_button(update: Update, context: Context) -> None:
    """ "walk:<minutes>"."""
    query = update.callback_query
    assert query is not None
    user = await ready_user(update, context)
    value = (query.data or "").removeprefix("walk:")
    if user is None or not value.isdecimal() or len(value) > 3:
        await query.answer(_(texts.STALE_BUTTON))
        return
    await query.answer()
    await settle(update, _(TAPPED).format(n=value) if value != "0" else _(TAPPED_NOT_TODAY))
    await take_minutes(update, context, user, value)


async def take_minutes(update: Update, context: Context, user: User, text: str) -> None:
    """Log typed or tapped minutes (the open walk question closes)."""
    svc = services(context)
    minutes = parse_minutes(text)
    if minutes is None:
        await reply(update, _(ASK_NUMBER))
        return
    if user.awaiting == ASKING:
        await svc.storage.users.set(user, awaiting=None)
    if minutes == 0:
        await reply(update, _(NONE_TODAY))
        return
    if user.consent_at is None:
        await reply(update, _(NOT_STORED).format(minutes=minutes))
        return
    await reply(update, await log_minutes(svc, user, minutes))


async def log_minutes(svc: Services, user: User, minutes: int) -> str:
    """Store the minutes for today and say how that compares with the goal."""
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    plan = log_walk(await load_plan(svc, user), today, minutes)
    await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())
    done, goal = walked(plan, today), plan.walk_goal or 0
    if done >= goal:
        return _(GOAL_DONE).format(minutes=minutes, goal=f"{goal:g}")
    return _(SO_FAR).format(minutes=minutes, done=f"{done:g}", goal=f"{goal:g}")

"""The daily walk, apart from the routine: today's goal, and logging what was walked.

`/walk 20` logs at once; `/walk` asks, with buttons, and a typed answer ("about 15", "half an
hour") is taken while that question is open. The goal itself grows in the engine
(bot/coaching/microload.py), after weeks whose mornings settled.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.coaching.walking import log_walk, walked
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.parsing import zone
from bot.telegram.people import ready_user
from bot.telegram.plans import load_plan
from bot.understanding.minutes import parse_minutes

ASKING = "walk:today"  # the open question "how many minutes did you walk today?"


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
        f'How many minutes did you walk today? Your goal is {goal}. Tap or type, like "about 20".',
        InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(f"{n} min", callback_data=f"walk:{n}") for n in choices],
                [InlineKeyboardButton("Not today", callback_data="walk:0")],
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
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await settle(update, f"✓ {value} min" if value != "0" else "✓ Not today")
    await take_minutes(update, context, user, value)


async def take_minutes(update: Update, context: Context, user: User, text: str) -> None:
    """Log typed or tapped minutes (the open walk question closes)."""
    svc = services(context)
    minutes = parse_minutes(text)
    if minutes is None:
        await reply(update, 'How many minutes? A number, like "15" or "half an hour".')
        return
    if user.awaiting == ASKING:
        await svc.storage.users.set(user, awaiting=None)
    if minutes == 0:
        await reply(update, "That's fine — tomorrow is another day. Even 5 minutes counts.")
        return
    if user.consent_at is None:
        await reply(update, f"{minutes} minutes — well done! (I don't store it: see /settings.)")
        return
    await reply(update, await log_minutes(svc, user, minutes))


async def log_minutes(svc: Services, user: User, minutes: int) -> str:
    """Store the minutes for today and say how that compares with the goal."""
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    plan = log_walk(await load_plan(svc, user), today, minutes)
    await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())
    done, goal = walked(plan, today), plan.walk_goal or 0
    if done >= goal:
        return f"Logged {minutes} min. That's today's {goal:g}-minute walk done — nice."
    return f"Logged {minutes} min: {done:g} of {goal:g} so far today."

"""The flare protocol: /flare, a pain answer of 8 or more, or a sharp rise over usual.

Gentle sessions from now on, reassurance in plain words, the red-flag check again, and when to
seek care. A red flag stops the programme until a clinician has checked the person.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.coaching.microload import start_flare
from bot.storage.models import User
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.parsing import zone
from bot.telegram.plans import load_plan
from bot.telegram.questions import URGENT_SIGNS
from bot.telegram.setup import ask, current_user

# A rise this far above a person's usual pain counts as a flare even below 8.
SHARP_RISE = 3
FLARE_PAIN = 8

FLARE_TEXT = (
    "Sorry you're having a rough time. Flare-ups are common, and most settle within days to a "
    "few weeks. Gentle movement usually helps more than rest, so for now your sessions are "
    "short and easy: slow breathing and an easy walk. Your streak is safe.\n\n"
    "See a doctor soon if the pain keeps getting worse, wakes you at night and doesn't ease, "
    "comes with fever or feeling unwell, or if nothing improves over a few weeks.\n\n"
    "One safety question: do you have any of these right now?\n" + URGENT_SIGNS
)


def is_flare_pain(pain: int, usual: int | None) -> bool:
    return pain >= FLARE_PAIN or (usual is not None and pain >= usual + SHARP_RISE)


async def flare(update: Update, context: Context) -> None:
    user = await current_user(update, context)
    if user is None:
        return
    if user.onboarding_step is not None:
        await reply(update, "Let's finish setting up first — send /start.")
        return
    await flare_protocol(update, context, user, "you told me you're in a flare")


async def flare_protocol(update: Update, context: Context, user: User, why: str) -> None:
    svc = services(context)
    await enter_flare(svc, user, why)
    await reply(
        update,
        FLARE_TEXT,
        InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("None of these", callback_data="redflag:no")],
                [InlineKeyboardButton("Yes, at least one", callback_data="redflag:yes")],
            ]
        ),
    )


async def enter_flare(svc: Services, user: User, why: str) -> None:
    now = svc.clock.now()
    plan, changes = start_flare(await load_plan(svc, user), why)
    rows = [
        {
            "exercise": c.exercise,
            "variable": c.variable,
            "kind": c.kind,
            "from_value": str(c.from_),
            "to_value": str(c.to),
            "reason": c.reason,
        }
        for c in changes
    ]
    await svc.storage.coaching.record_changes(user.id, plan.to_dict(), rows, now)
    await svc.storage.habits.mark(user.id, now.astimezone(zone(user.timezone)).date(), "flare")


async def red_flag_answer(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    svc, user = services(context), await current_user(update, context)
    if user is None:
        return
    if query.data == "redflag:yes":
        await settle(update, "✓ Yes, at least one")
        user = await svc.storage.users.update(user.id, red_flags="urgent", onboarding_step="urgent")
        await svc.storage.nudges.cancel_pending(user.id)
        await ask(update, context, user, "urgent")
        return
    await settle(update, "✓ None of these — good. /today has your gentle routine.")

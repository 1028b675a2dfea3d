"""Safety that follows through: the limits a person's answers set, the
"have you seen a doctor?" follow-up, re-checks of the screen, and the "no improvement" review.

- A flare (bot/telegram/flare.py) asks the urgent signs again.
- An urgent sign stops the programme until a clinician has checked the person.
- A "see a doctor soon" sign: a careful mode (Limits.cautious), and a week later the question
  whether they could see a doctor; "cleared" lifts it, "not yet" asks again a week later.
- The whole screen again at weeks 4 and 8, from /settings, and when the coaching notices a long
  or repeated flare or rising pain (`offer_recheck`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.coaching.emergency import help_for
from bot.coaching.limits import Limits
from bot.coaching.reminders import DOCTOR_FOLLOW_UP, DOCTOR_LATER, rechecks_due_by
from bot.coaching.review import pain_rising, suggest_review
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, Services, services, settle, tapped_label
from bot.telegram.parsing import zone
from bot.telegram.questions import AT_LEAST_ONE, QUESTIONS
from bot.telegram.setup import ask, current_user

Markup = InlineKeyboardMarkup
CAUTIOUS_LINE = N_(
    "🩺 Going carefully until a doctor has checked what you told me: no added weights, and no "
    "real-life lifting or carrying yet."
)
PREGNANT_LINE = N_(
    "🤰 While you're pregnant, exercises with added weight or lying face down are left out. "
    "From about 20 weeks, keep exercises lying flat on your back short, and if you feel dizzy, "
    "sick or short of breath, roll onto your side."
)

DOCTOR_QUESTION = N_(
    "Last time you told me about something worth checking with a doctor. "
    "Have you been able to see a doctor?"
)
DOCTOR_REPLIES = {
    "cleared": N_(
        "That's good to hear. Careful mode is off, and your plan can build up again, step by step."
    ),
    "notyet": N_(
        "OK. We'll keep going carefully meanwhile. Please do book that appointment; I'll ask "
        "again in a week."
    ),
    "later": N_("Sure, I'll ask again tomorrow."),
}

CLEARED, REMIND_LATER = N_("Yes, I'm cleared"), N_("Remind me later")
ALREADY_NOTED = N_("✓ Already noted, thanks.")

# Why the safety screen is offered again; the lead's engine signals use the first keys.
RECHECK_WHY = {
    "long_flare": N_(
        "This flare has lasted more than 10 days, so let's go through the safety check again."
    ),
    "repeat_flare": N_(
        "That's your third flare in 8 weeks, so let's go through the safety check again."
    ),
    "pain_rising": N_(
        "Your morning pain has gone up by 2 or more this week, so let's go through the safety "
        "check again."
    ),
    "scheduled": N_("Time for your regular safety check: it takes a moment."),
}
# After a screen answered this recently, a signal does not ask again.
RECHECK_GAP = timedelta(days=3)

PHYSIO_REVIEW = N_(
    "Looking back over six weeks: your morning pain hasn't eased and your trouble movements feel "
    "about the same. That happens, and it's nobody's fault. It would be worth asking a "
    "physiotherapist to take a look; they can check what's going on and adjust the plan with "
    "you. I'll keep coaching you meanwhile, as usual."
)


# --- limits ----------------------------------------------------------------------------------


def limits_for(user: User) -> Limits:
    """What this person's safety answers allow, for the routine builder and the engine."""
    return Limits(cautious=user.red_flags == "soon", pregnant=user.pregnant)


def limits_note(limits: Limits) -> str:
    """One line per limit in force, saying why the routine looks as it does."""
    return "\n".join(
        line
        for on, line in ((limits.cautious, _(CAUTIOUS_LINE)), (limits.pregnant, _(PREGNANT_LINE)))
        if on
    )


# --- the urgent signs asked again (after a flare starts, or a typed sign) ---------------


async def red_flag_answer(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await current_user(update, context)
    if user is not None:
        await red_flag_chosen(update, context, user, query.data or "")


# The urgent signs asked after a flare, or after a typed message that might describe one
# (bot/telegram/typed.py): each button's (question, answer) for the safety log.
RED_FLAG_ANSWERS = {
    "redflag:yes": ("flare_urgent", "urgent"),
    "redflag:no": ("flare_urgent", "none"),
    "redflag:typed": ("typed_urgent", "urgent"),
    "redflag:none": ("typed_urgent", "none"),
}
NO_NOTES = {
    "flare_urgent": N_("✓ None of these — good. /today has your gentle routine."),
    "typed_urgent": texts.NONE_NOW,
}


async def red_flag_chosen(update: Update, context: Context, user: User, data: str) -> None:
    """Yes or no to the urgent signs, tapped or typed."""
    svc = services(context)
    question, answer = RED_FLAG_ANSWERS.get(data, RED_FLAG_ANSWERS["redflag:no"])
    if answer == "urgent":
        if update.callback_query is not None:
            await settle(update, "✓ " + _(AT_LEAST_ONE))
        await urgent_stop(update, context, user, question)
        return
    if (user.awaiting or "").startswith("redflag"):
        await svc.storage.users.set(user, awaiting=None)
    await svc.storage.safety.record(user.id, question, "none", svc.clock.now())
    await settle(update, texts.with_number(NO_NOTES[question], help_for(user.timezone)))


async def urgent_stop(update: Update, context: Context, user: User, question: str) -> None:
    """An urgent sign, tapped or typed: seek care today, every reminder cancelled, and the
    programme stopped until the person says a clinician has checked them."""
    svc = services(context)
    now = svc.clock.now()
    user = await svc.storage.users.update(
        user.id, red_flags="urgent", onboarding_step="urgent", screened_at=now
    )
    await svc.storage.safety.record(user.id, question, "urgent", now)
    await svc.storage.nudges.cancel_pending(user.id)
    await ask(update, context, user, "urgent")


# --- the doctor follow-up and scheduled re-checks (sent as nudges) ---------------------------


async def safety_nudge(svc: Services, slot: str, user: User) -> tuple[str, Markup]:
    """The "doctor" or "recheck" nudge. Sending it plans the next one: an unanswered doctor
    question comes again a week later; a re-check moves on to the next week (4, then 8)."""
    now = svc.clock.now()
    if slot == "doctor":
        await svc.storage.users.set(user, doctor_ask_at=now + DOCTOR_FOLLOW_UP)
        await svc.planner.replan(user.id, "doctor", now, now)
        buttons = [
            [InlineKeyboardButton(_(CLEARED), callback_data="doctor:cleared")],
            [
                InlineKeyboardButton(_(texts.CONFIRM_NOT_YET), callback_data="doctor:notyet"),
                InlineKeyboardButton(_(REMIND_LATER), callback_data="doctor:later"),
            ],
        ]
        return _(DOCTOR_QUESTION), Markup(buttons)
    assert slot == "recheck" and user.onboarded_at is not None
    sent = max(rechecks_due_by(user.onboarded_at, now), user.rechecks_sent + 1)
    await svc.storage.users.set(user, rechecks_sent=sent)
    await svc.planner.replan(user.id, "recheck", now, now)
    return await _recheck_question(svc, user, "scheduled")


async def doctor_answer(update: Update, context: Context) -> None:
    """Yes, I'm cleared / Not yet / Remind me later."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    svc, user = services(context), await current_user(update, context)
    choice = (query.data or "").removeprefix("doctor:")
    if user is None or choice not in DOCTOR_REPLIES:
        return
    if user.red_flags != "soon":  # an old button: already cleared, or stopped for a check
        await settle(update, _(ALREADY_NOTED))
        return
    now = svc.clock.now()
    if choice == "cleared":
        await svc.storage.users.update(
            user.id, red_flags="checked", cleared_at=now, doctor_ask_at=None
        )
    else:
        wait = DOCTOR_FOLLOW_UP if choice == "notyet" else DOCTOR_LATER
        await svc.storage.users.set(user, doctor_ask_at=now + wait)
    await svc.storage.safety.record(user.id, "doctor", choice, now)
    await svc.planner.replan(user.id, "doctor", now, now)
    await settle(update, f"✓ {tapped_label(update)}\n\n{_(DOCTOR_REPLIES[choice])}")


async def offer_recheck(bot: Bot, svc: Services, user: User, why: str) -> bool:
    """Ask the full safety screen again, saying why (`why` is a key of RECHECK_WHY).

    For the coaching's signals: a flare lasting more than 10 days ("long_flare"), a third flare
    within 8 weeks ("repeat_flare"), weekly morning pain up by 2 or more ("pain_rising").
    Nothing is sent (False) to someone not set up, stopped or blocked, or who answered the
    screen in the last few days."""
    now = svc.clock.now()
    if user.onboarding_step is not None or user.stopped or not user.active:
        return False
    if user.screened_at is not None and now - user.screened_at < RECHECK_GAP:
        return False
    text, markup = await _recheck_question(svc, user, why)
    await bot.send_message(user.chat_id, text, reply_markup=markup)
    return True


async def _recheck_question(svc: Services, user: User, why: str) -> tuple[str, Markup]:
    """The urgent half of the screen, opened like a /settings question: its answer leads on to
    the "see a doctor soon" half."""
    user = await svc.storage.users.update(user.id, awaiting="urgent")
    text, markup = QUESTIONS["urgent"].ask(user)
    return f"{_(RECHECK_WHY[why])}\n\n{text}", markup


# --- weekly: rising pain and "no improvement" ------------------------------------------------


async def weekly_safety_review(bot: Bot, svc: Services, user: User) -> None:
    """From the weekly review: rising pain re-offers the screen; six weeks without improvement
    suggests a physiotherapist's review, once, and coaching carries on."""
    tz = zone(user.timezone)

    def day(moment: datetime) -> date:
        return moment.astimezone(tz).date()

    now = svc.clock.now()
    checkins = await svc.storage.coaching.checkins_since(user.id, user.created_at)
    mornings = [  # like with like: a session's pain is no morning's
        (day(c.created_at), c.pain)
        for c in checkins
        if c.kind == "next_morning" and c.pain is not None
    ]
    if pain_rising(mornings, day(now)):
        await offer_recheck(bot, svc, user, "pain_rising")
    if user.review_suggested_at is not None or user.onboarded_at is None:
        return
    ratings = [
        (day(r.created_at), r.transition, r.score)
        for r in await svc.storage.coaching.transition_ratings_since(user.id, user.created_at)
    ]
    if suggest_review(day(user.onboarded_at), day(now), mornings, ratings):
        await svc.storage.users.set(user, review_suggested_at=now)
        await bot.send_message(user.chat_id, _(PHYSIO_REVIEW))

"""Flare mode with a way out: /flare, a pain well above usual, or hard mornings start it; it ends
by itself after settled mornings in a row (bot/coaching/microload.py) or when the person taps
"I'm better". Every flare day says where it stands; /flare during one shows just that."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.coaching.microload import TOLD_FLARE, end_flare, start_flare
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.parsing import zone
from bot.telegram.people import button_user
from bot.telegram.plans import flare_line, load_plan, record_changes
from bot.telegram.questions import AT_LEAST_ONE, NONE_OF_THESE, urgent_signs
from bot.telegram.safety import offer_recheck
from bot.telegram.setup import current_user

Markup = InlineKeyboardMarkup
FLARE_TEXT = N_(
    "🔥 Flare mode. Flare-ups are common, and most settle within days to a few weeks. Until "
    "then your sessions are short and gentle, and your streak is safe.\n\n"
    "It ends by itself after {mornings} good mornings in a row (pain near your usual), or when "
    "you tap 🌤 I'm better. Then we build back up, a step below where you were.\n\n"
    "See a doctor soon if the pain keeps getting worse, wakes you at night, comes with fever "
    "or feeling unwell, or nothing improves over a few weeks."
)
SAFETY_QUESTION = N_("One safety question: do you have any of these right now?")
BETTER = (N_("🌤 I'm better"), "flare:better")
GENTLE = (N_("🌿 A gentle session now"), "go:flare")
BETTER_NOTE = N_("Better already? Tap 🌤 I'm better and we build back up, a step below.")
EASING = N_("Glad it's easing!")
NOT_EASING = N_(
    "Sorry it hasn't eased yet. Your sessions stay short and gentle until it does; tap "
    "🌤 I'm better once it has."
)
ENDED = N_("🌤 Glad you're better! {reason}\n\n/today has your routine.")
NOT_IN_FLARE = N_("You're not in a flare now, so there's nothing to end. /today has your routine.")


def _markup(*buttons: tuple[str, str]) -> Markup:
    return Markup([[InlineKeyboardButton(_(label), callback_data=data)] for label, data in buttons])


def better_markup() -> Markup:
    return _markup(BETTER)


async def flare(update: Update, context: Context) -> None:
    """/flare: starts one; during one, where it stands and the way out, not the whole text."""
    user = await current_user(update, context)
    if user is None:
        return
    if user.onboarding_step is not None:
        await reply(update, _("Let's finish setting up first — send /start."))
        return
    svc = services(context)
    status = await flare_line(svc, user)
    if status is not None:
        await reply(update, f"{status}\n\n{_(BETTER_NOTE)}", _markup(BETTER, GENTLE))
        return
    signals = await enter_flare(svc, user, TOLD_FLARE)
    await flare_notice(update, context, user)
    for signal in signals:  # a third flare in a few weeks: time for a clinician's look
        await offer_recheck(context.bot, svc, user, signal)


async def flare_notice(update: Update, context: Context, user: User) -> None:
    """What a person hears when a flare starts, whoever noticed it (they, or the coaching): how
    it ends, then the urgent signs asked again."""
    svc = services(context)
    mornings = svc.catalogue.rules.flare.settled_mornings_to_leave
    await reply(update, _(FLARE_TEXT).format(mornings=_word(mornings)), better_markup())
    await svc.storage.users.set(user, awaiting="redflag", awaiting_since=svc.clock.now())
    await reply(
        update,
        _(SAFETY_QUESTION) + "\n" + urgent_signs(),
        _markup((NONE_OF_THESE, "redflag:no"), (AT_LEAST_ONE, "redflag:yes")),
    )


async def enter_flare(svc: Services, user: User, why: str) -> list[str]:
    """Start the flare-day routine; the coaching's signals (e.g. a third flare) come back."""
    now = svc.clock.now()
    local = now.astimezone(zone(user.timezone))
    plan, changes = start_flare(svc.catalogue, await load_plan(svc, user), why, local)
    await record_changes(svc, user, plan, changes)
    await svc.storage.habits.mark(user.id, local.date(), "flare")
    return plan.signals


async def said_better(update: Update, context: Context, user: User, outright: bool) -> bool:
    """ "Feeling better" typed during a flare. Said outright ("I'm better", "the flare is
    over"), it ends the flare as the button does; anything less sure ("a bit better than
    yesterday but still bad") is asked about, with the button. False outside a flare."""
    status = await flare_line(services(context), user)
    if status is None:
        return False
    if outright:
        await _end(update, context, user)
    else:
        await reply(update, f"{status}\n\n{_(EASING)} {_(BETTER_NOTE)}", better_markup())
    return True


async def said_not_better(update: Update, context: Context, user: User) -> bool:
    """ "Not better yet" during a flare: the flare goes on, and the way out stays in reach.
    False outside a flare."""
    status = await flare_line(services(context), user)
    if status is None:
        return False
    await reply(update, f"{status}\n\n{_(NOT_EASING)}", better_markup())
    return True


async def on_better(update: Update, context: Context) -> None:
    """ "I'm better": the flare ends now, with the engine's step down after a flare."""
    user = await button_user(update, context)
    if user is not None:
        await _end(update, context, user)


async def _end(update: Update, context: Context, user: User) -> None:
    svc = services(context)
    plan, changes = end_flare(svc.catalogue, await load_plan(svc, user))
    if not changes:
        await settle(update, _(NOT_IN_FLARE))
        return
    await record_changes(svc, user, plan, changes)
    await settle(update, _(ENDED).format(reason=changes[0].reason))


def _word(number: int) -> str:
    return {1: _("one"), 2: _("two"), 3: _("three")}.get(number, str(number))

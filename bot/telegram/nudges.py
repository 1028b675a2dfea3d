"""Reminder messages and what their buttons do; /sit, /stand, /meeting, /pause, /resume and
/schedule; and how a guided session quiets reminders (`session_started`, `session_ended`)."""

from __future__ import annotations

import functools
import logging
import weakref
from datetime import date, datetime, time, timedelta
from typing import Any

from babel.dates import format_datetime
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot import i18n
from bot.coaching.catalogue import Catalogue
from bot.coaching.limits import Limits
from bot.coaching.nudge_timing import in_quiet_hours, stable_offset, to_utc
from bot.coaching.plan import PlanState, initial_plan
from bot.coaching.reminders import (
    IGNORED_BEFORE_SPACING,
    LATER,
    SAFETY,
    SNOOZE,
    carried_by_morning,
    morning_time,
    own_timer_end,
)
from bot.coaching.routine import SnackMenu, draw_snack, movement_snack, snack_menu
from bot.i18n import N_, _, ngettext
from bot.reminders.dispatcher import Recipient
from bot.reminders.planner import reminder_settings
from bot.storage.models import Rule, User
from bot.storage.nudges import Claimed
from bot.telegram import own_exercise
from bot.telegram.checkin import morning_question
from bot.telegram.common import Context, Services, day_name, reply, services, settle
from bot.telegram.day import done_today, habit_line, hold_sit_breaks, local_day
from bot.telegram.parsing import zone
from bot.telegram.people import button_user, ready_user
from bot.telegram.plans import flare_status
from bot.telegram.progress import send_weekly_review
from bot.telegram.questions import describe_desk, describe_quiet, hhmm
from bot.telegram.ratelimit import BULK
from bot.telegram.routine import current_routine, todays_variant
from bot.telegram.safety import limits_for, safety_nudge

log = logging.getLogger(__name__)
Markup = InlineKeyboardMarkup
PAUSES = {"1d": timedelta(days=1), "3d": timedelta(days=3), "7d": timedelta(days=7)}
# "Until I resume" is a pause without an end date; this far ahead is as good as never.
UNTIL_RESUMED = timedelta(days=3650)
# Meeting mode holds sit breaks until "Meeting's over", or this long at most.
MEETING_HOLD = timedelta(hours=3)
# From this local hour a routine reminder counts the day's sit breaks taken.
EVENING_FROM = 16
# "Not sitting": no sit breaks for about this long (not the whole afternoon).
AWAY = timedelta(hours=1)
# The slower rhythms offered after breaks went by unanswered, by the current one (minutes).
SLOWER = {45: 60, 60: 120}
POSTPONE = timedelta(minutes=30)
# The morning message's buttons for the routine it carries.
START_NOW, LATER_LABEL = N_("▶️ Start now"), N_("⏰ Later")
LATER_NOTE = N_("No problem — I'll remind you again in an hour.")
LATER_AT_NOTE = N_("No problem — I'll remind you at {at}.")
SLOT_NAMES = {
    "sit": N_("Sit break"),
    "daily": N_("Daily routine"),
    "weekly": N_("Weekly session"),
    "morning": N_("Morning check-in"),
    "later": N_("Routine (put off)"),
    "doctor": N_("Have you seen a doctor?"),
    "recheck": N_("Safety check"),
}
RULE_REMINDER = N_("Your rule reminder")
MEETING_MODE = N_(
    "👥 Meeting mode: no sit breaks until you tap Meeting's over (at most until {until}). "
    "Other reminders carry on."
)
MEETING_OVER = N_("✅ Meeting's over")
SIT_STARTED = N_(
    "Sit timer started: I'll nudge you in {minutes} minutes. Send /stand when you're up."
)
STOPS_AT = N_("It stops by itself at {at}.")
QUIET_TIMER = N_("It falls in your quiet hours, but a timer you start yourself still rings.")
UP = N_("Good to be up! The sit timer starts again from now.")
NEXT_BREAK = N_("Next break: {at}.")
PAUSE_QUESTION = N_(
    'Pause all reminders for how long? Tap one, or type a length like "2 hours".\n'
    "(Only sit breaks, for an hour or a meeting? Tap 🚶 Not sitting on one, or send /meeting.)"
)
PAUSED_UNTIL = N_("Paused until {until}. Your streak is safe — paused days don't count against it.")
PAUSED_OPEN = N_(
    "Paused until you send /resume. Your streak is safe — paused days don't count against it."
)
NOT_PAUSED = N_(
    "Reminders aren't paused, so there's nothing to resume. /schedule shows what's coming."
)
RESUMED = N_("Welcome back! Reminders are on again. /schedule shows what's coming.")
# /schedule
PAUSED_HEADER = N_("Reminders are paused until {until} (/resume).")
COMING_UP = N_("Coming up in the next 24 hours:")
NOTHING_SCHEDULED = N_("Nothing scheduled.")
YOUR_REMINDERS = N_("Your reminders:")
SIT_OFF = N_("Sit breaks: off")
SIT_OFF_NO_DESK = N_("Sit breaks: off (no desk hours set)")
SIT_EVERY = N_("Sit breaks every {minutes} min, {desk}")
SIT_EVERY_AFTERNOONS = N_("Sit breaks every {minutes} min, afternoons, {desk}")
SPACED = N_("further apart for now: the last few went by (a Done brings them back)")
HELD_UNTIL = N_("held until {until} ({why})")
HELD_WHY = {"session": N_("during your session"), "meeting": N_("meeting mode")}
HELD_PAUSED = N_("paused")
ROUTINE_AT = N_("Routine {at}")
DONE_FOR_TODAY = N_("done for today ✅")
WEEKLY_AT = N_("Weekly session {day} {at}")
MORNING_AT = N_("Morning check-in {at}, the day after a session")
MORNING_AUTOMATIC = N_("(automatic: /settings to choose)")
QUIET_HOURS = N_("Quiet hours {quiet}")
SPREAD = N_(
    "Routine, morning and sit-break reminders come a few minutes after their time, always the "
    "same for you, so thousands of people's reminders don't all arrive at once."
)
ARRIVES = N_("(arrives {at})")
# When a reminder comes, as each language writes it ("Mon 09:45", "Mo 09:45", "lun 09:45").
DAY_AND_TIME, TIME_ONLY = "ccc HH:mm", "HH:mm"


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(_(text), callback_data=data)


async def send_nudge(bot: ExtBot[Any], svc: Services, nudge: Claimed, recipient: Recipient) -> int:
    """Compose and send one due nudge; returns Telegram's message id.

    The nudge itself is the first request, so that a retry (after a send that surely never
    reached Telegram) repeats nothing; the weekly review follows it, once, come what may."""
    user = recipient.user
    text, markup = await compose(svc, nudge, recipient)
    if bot.rate_limiter is None:  # no limiter, so no queue for replies to jump
        message = await bot.send_message(user.chat_id, text, reply_markup=markup)
    else:
        message = await bot.send_message(
            user.chat_id, text, reply_markup=markup, rate_limit_args=BULK
        )
    if nudge.slot == "weekly":
        try:
            await send_weekly_review(bot, svc, user)
        except TelegramError as error:
            log.warning("weekly review not sent: %s", type(error).__name__)
    return message.message_id


def reminder_buttons(slot: str) -> list[tuple[str, str]]:
    """(label, data) of a reminder's buttons, so a typed "done" or "later" can answer it too."""
    if slot == "sit":  # three at most: the rest of the holds follow "Not sitting"
        return [
            (N_("✅ Done"), "sit:done"),
            (N_("⏰ Snooze 10 min"), "sit:snooze"),
            (N_("🚶 Not sitting"), "sit:away"),
        ]
    if slot in ("daily", "later", "weekly"):
        variant = "weekly" if slot == "weekly" else "daily"
        return [
            (N_("▶️ Start"), f"go:{variant}"),
            (N_("Later"), f"later:{variant}"),
            (N_("Skip today"), "skip:ask"),
        ]
    return []


@functools.cache
def _reminder_markup(slot: str, language: str) -> Markup:
    """A reminder's keyboard, made once per slot and language (Telegram objects are immutable)."""
    buttons = [_button(label, data) for label, data in reminder_buttons(slot)]
    return Markup([buttons[:2], buttons[2:]])


# Snack menus of the starting plan, by catalogue (one per language: the items' words are in it),
# then by transitions and limits.
_STARTING_MENUS: weakref.WeakKeyDictionary[
    Catalogue, dict[tuple[tuple[str, ...], Limits], SnackMenu]
] = weakref.WeakKeyDictionary()


def _starting_menu(catalogue: Catalogue, transitions: tuple[str, ...], limits: Limits) -> SnackMenu:
    menus = _STARTING_MENUS.setdefault(catalogue, {})
    menu = menus.get((transitions, limits))
    if menu is None:
        if len(menus) >= 256:  # a handful of combinations in practice; bounded all the same
            menus.clear()
        plan = initial_plan(catalogue, list(transitions))
        menu = menus[transitions, limits] = snack_menu(catalogue, plan, limits)
    return menu


def sit_text(user: User, now: datetime) -> str:
    """Only what the bot knows: how long they sat, when they started a /sit timer themselves."""
    move = user.move_minutes
    if user.sit_manual and user.sitting_since is not None:
        minutes = round((now - user.sitting_since).total_seconds() / 60)
        sat = _("You've been sitting for {minutes} minutes — time for a {move}-minute move.")
        return sat.format(minutes=minutes, move=move)
    return _("Time for a {move}-minute move.").format(move=move)


def fewer_offer(user: User) -> tuple[str, Markup]:
    """After breaks went by unanswered: fewer of them, or as they are."""
    buttons = []
    slower = SLOWER.get(user.sit_minutes)
    if slower is not None:
        label = (
            _("Every {minutes} min").format(minutes=slower)
            if slower < 120
            else _("Every {hours} hours").format(hours=slower // 60)
        )
        buttons.append(InlineKeyboardButton(label, callback_data=f"sit:every:{slower}"))
    if not user.sit_afternoons:
        buttons.append(_button(N_("Afternoons only"), "sit:pm"))
    buttons.append(_button(N_("Keep as is"), "sit:keep"))
    text = _(
        "The last {count} sit breaks went by, so I'm sending them further "
        "apart for now. Would fewer suit you?"
    ).format(count=IGNORED_BEFORE_SPACING)
    return text, Markup([buttons])


async def compose(svc: Services, nudge: Claimed, recipient: Recipient) -> tuple[str, Markup | None]:
    user = recipient.user
    if nudge.slot == "sit" and user.sit_ignored == IGNORED_BEFORE_SPACING:
        return fewer_offer(user)
    if nudge.slot == "sit":
        limits = limits_for(user)
        spoken = svc.catalogue.speaking(i18n.current())  # the same moves, in their words
        if recipient.plan is not None:
            plan = PlanState.from_dict(recipient.plan)
            snack = movement_snack(spoken, plan, seed=nudge.id, limits=limits)
        else:  # no plan saved yet: the starting one, the same for everyone with these answers
            snack = draw_snack(_starting_menu(spoken, tuple(user.transitions), limits), nudge.id)
        moves = "\n".join(f"• {item.name}: {item.dose_text}" for item in snack)
        markup = _reminder_markup("sit", i18n.current())
        return f"{sit_text(user, svc.clock.now())}\n\n{moves}", markup
    if nudge.slot in ("daily", "later", "weekly"):
        variant = "weekly" if nudge.slot == "weekly" else "daily"
        due = (
            _("Time for your weekly maintenance session. Ready when you are.")
            if variant == "weekly"
            else _("Time for your daily routine. Ready when you are.")
        )
        text = f"{due}{await _breaks_taken(svc, user)}"
        stored = PlanState.from_dict(recipient.plan) if recipient.plan is not None else None
        today = svc.clock.now().astimezone(zone(user.timezone)).date()
        status = flare_status(svc.catalogue.rules, stored, today) if stored else None
        if status is not None:  # every flare day says where it stands
            text = f"{status}\n{_('Time for your gentle flare-day routine.')}"
        return text, _reminder_markup(nudge.slot, i18n.current())
    if nudge.slot in SAFETY:
        return await safety_nudge(svc, nudge.slot, user)
    if nudge.slot == "morning":
        return await _morning_with_today(svc, user)
    if nudge.slot.startswith("rule:"):
        rule_id = int(nudge.slot.split(":", 1)[1])
        rule = next((rule for rule in recipient.rules if rule.id == rule_id), None)
        if rule is not None and rule.own_exercise_id is not None:
            exercise = await svc.storage.own_exercises.get(user.id, rule.own_exercise_id)
            if exercise is not None:
                return own_exercise.reminder_text(exercise), own_exercise.result_markup(exercise.id)
        if rule is None:
            return _("📌 Your rule: reminder"), None
        return _("📌 Your rule: {rule}").format(rule=rule.text), None
    raise ValueError(f"unknown slot {nudge.slot}")


async def _breaks_taken(svc: Services, user: User) -> str:
    """In an afternoon or evening reminder, the day's sit breaks taken, when there were any."""
    now = svc.clock.now()
    if now.astimezone(zone(user.timezone)).hour < EVENING_FROM:
        return ""
    start = to_utc(local_day(user, now), time(0, 0), zone(user.timezone))
    taken = len(await svc.storage.nudges.answered_since(user.id, "sit", "done", start))
    if taken == 0:
        return ""
    took = ngettext("You took {n} sit break today 👍", "You took {n} sit breaks today 👍", taken)
    return "\n" + took.format(n=taken)


async def _morning_with_today(svc: Services, user: User) -> tuple[str, Markup | None]:
    """One morning message: the question, and today's routine with it when its reminder would
    come at about the same time (that reminder is then not sent on its own)."""
    text, markup = await morning_question(svc, user)
    now = svc.clock.now()
    variant = await morning_routine(svc, user, now)
    if variant is None:
        return text, markup
    daily = await _pending_due(svc, user.id, "daily")
    if daily is not None and carried_by_morning(now, daily):  # not yet moved: not on its own
        await svc.planner.replan(user.id, "daily", daily, now)
    routine = await current_routine(svc, user, variant)
    plan = (
        _("Today: {minutes} gentle minutes of your routine.")
        if variant == "flare"
        else _("Today: {minutes} minutes of your routine.")
    ).format(minutes=routine.minutes)
    start = [_button(START_NOW, f"go:{variant}"), _button(LATER_LABEL, f"later:{variant}")]
    rows = [*markup.inline_keyboard, start] if markup is not None else [start]
    return f"{text}\n\n{plan}", Markup(rows)


async def morning_routine(svc: Services, user: User, sent_at: datetime) -> str | None:
    """The routine (its variant) a morning message sent at `sent_at` carries with its ▶️ Start
    now and ⏰ Later, or None when it carries none."""
    variant = await todays_variant(svc, user)
    if user.routine_time is None or variant == "weekly" or done_today(user, sent_at):
        return None
    routine_at = to_utc(local_day(user, sent_at), user.routine_time, zone(user.timezone))
    if not carried_by_morning(sent_at, routine_at + stable_offset(user.id)):
        return None
    return variant


# --- sit-break buttons -------------------------------------------------------------------


async def sit_done(update: Update, context: Context) -> None:
    """They moved: the sit timer restarts from now."""
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.set(user, sitting_since=now, sit_ignored=0)
    await svc.planner.replan(user.id, "sit", now, now)
    query = update.callback_query
    if query is not None and query.message is not None:
        await svc.storage.nudges.mark_answered(user.id, query.message.message_id, "done")
    await settle(update, _("✅ Nice work! The sit timer starts again from now."))


async def sit_snooze(update: Update, context: Context) -> None:
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.set(user, sit_ignored=0)
    await svc.planner.schedule(user.id, "sit", now + SNOOZE, now)
    await settle(update, _("⏰ OK, I'll remind you again in 10 minutes."))


async def sit_away(update: Update, context: Context) -> None:
    """Not sitting: quiet for about an hour, then breaks as usual; the longer holds follow."""
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.set(user, sitting_since=None, sit_manual=False, sit_ignored=0)
    await hold_sit_breaks(svc, user.id, now + AWAY, "break")
    text = _("🚶 Got it — no sit breaks for about an hour.")
    longer = Markup(
        [[_button(N_("🌙 Rest of today"), "sit:today"), _button(N_("👥 Meeting"), "sit:meeting")]]
    )
    message = query.message if query is not None else None
    if query is not None and isinstance(message, Message) and message.text:
        await query.edit_message_text(f"{message.text}\n\n{text}", reply_markup=longer)
        return
    await reply(update, text, longer)


async def fewer_chosen(update: Update, context: Context) -> None:
    """Every 60 min / every 2 hours / afternoons only / keep as is: the chosen rhythm from now."""
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    choice, now = (query.data or "").removeprefix("sit:"), svc.clock.now()
    if choice.startswith("every:") and choice.removeprefix("every:").isdigit():
        minutes = int(choice.removeprefix("every:"))
        await svc.storage.users.set(user, sit_minutes=minutes, sit_ignored=0)
        note = (
            _("Sit breaks every {minutes} min from now.").format(minutes=minutes)
            if minutes < 120
            else _("Sit breaks every {hours} hours from now.").format(hours=minutes // 60)
        )
    elif choice == "pm":
        await svc.storage.users.set(user, sit_afternoons=True, sit_ignored=0)
        note = _("Sit breaks in the afternoons only, from 13:00. /settings changes it.")
    else:
        await svc.storage.users.set(user, sit_ignored=0)
        note = _("Keeping sit breaks every {minutes} min.").format(minutes=user.sit_minutes)
    await svc.planner.replan(user.id, "sit", now, now)
    await settle(update, "✓ " + note)


SIT_HOLDS = (
    (N_("⏭ Skip this one"), "sit:skip"),
    (N_("⏰ In 30 min"), "sit:p30"),
    (N_("⏸ 1 hour"), "sit:p1h"),
    (N_("🌙 Rest of today"), "sit:today"),
    (N_("👥 In a meeting"), "sit:meeting"),
)


async def sit_more(update: Update, context: Context) -> None:
    """ "Pause breaks" on a sit break: the short pauses, in place of its buttons."""
    query = update.callback_query
    if await button_user(update, context) is None or query is None:
        return
    buttons = [_button(label, data) for label, data in SIT_HOLDS]
    await query.edit_message_reply_markup(Markup([buttons[:2], buttons[2:4], buttons[4:]]))


async def sit_hold(update: Update, context: Context) -> None:
    """Skip this break, postpone it, or hold sit breaks alone for an hour, the day or a meeting
    (other reminders carry on; /pause is for whole days)."""
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    choice, now = (query.data or "").removeprefix("sit:"), svc.clock.now()
    await svc.storage.users.set(user, sit_ignored=0)
    if choice == "skip":
        due = await _pending_due(svc, user.id, "sit")
        skipped = (
            _("⏭ Skipped — no move this time. The next one comes at {at}.").format(
                at=_local(user, due, day=False)
            )
            if due
            else _("⏭ Skipped — no move this time.")
        )
        await settle(update, skipped)
        return
    if choice == "p30":
        await svc.planner.schedule(user.id, "sit", now + POSTPONE, now)
        await settle(update, _("⏰ OK, I'll remind you in 30 minutes."))
        return
    holds = {
        "p1h": (now + timedelta(hours=1), "break"),
        "today": (_end_of_day(user, now), "break"),
        "meeting": (now + MEETING_HOLD, "meeting"),
    }
    if choice not in holds:
        return
    until, kind = holds[choice]
    await hold_sit_breaks(svc, user.id, until, kind)
    if kind == "meeting":
        await settle(update, _("👥 Meeting mode."))
        await _meeting_started(update, user, until)
        return
    held = (
        _("⏸ No sit breaks for the rest of today. Other reminders carry on.")
        if choice == "today"
        else _("⏸ No sit breaks for an hour. Other reminders carry on.")
    )
    await settle(update, held)


async def meeting(update: Update, context: Context) -> None:
    """/meeting: sit breaks held before the meeting starts, not only from a break's buttons."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    until = svc.clock.now() + MEETING_HOLD
    await hold_sit_breaks(svc, user.id, until, "meeting")
    await _meeting_started(update, user, until)


async def _meeting_started(update: Update, user: User, until: datetime) -> None:
    await reply(
        update,
        _(MEETING_MODE).format(until=_local(user, until, day=False)),
        Markup([[_button(MEETING_OVER, "sit:back")]]),
    )


async def sit_back(update: Update, context: Context) -> None:
    """Meeting's over: sit breaks count on from the desk block (they were sitting)."""
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    if user.sit_pause == "meeting":
        await hold_sit_breaks(svc, user.id, None, None)
    await settle(update, _("✅ Welcome back — sit breaks are on again."))


async def later(update: Update, context: Context) -> None:
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.planner.schedule(user.id, "later", now + LATER, now)
    await settle(update, _(LATER_NOTE))


async def later_at(update: Update, context: Context, user: User, due: datetime) -> None:
    """Later, at a time the person typed ("at 6pm", "after work")."""
    svc = services(context)
    await svc.planner.schedule(user.id, "later", due, svc.clock.now())
    await reply(update, _(LATER_AT_NOTE).format(at=_local(user, due, day=False)))


# --- commands ------------------------------------------------------------------------------


async def sit(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    # A timer asked for now ends any hold on sit breaks (an hour, a meeting).
    await svc.storage.users.update(
        user.id, sitting_since=now, sit_manual=True, sit_paused_until=None, sit_pause=None
    )
    await svc.planner.replan(user.id, "sit", now, now)
    due = await _pending_due(svc, user.id, "sit")
    text = _(SIT_STARTED).format(minutes=user.sit_minutes)
    fresh = await svc.storage.users.get(user.id) or user
    ends = own_timer_end(reminder_settings(fresh, []))
    if ends:
        text += " " + _(STOPS_AT).format(at=_local(user, ends, day=False))
    if due is not None and _quiet_at(user, due):
        text += "\n" + _(QUIET_TIMER)
    await reply(update, text)


async def stand(update: Update, context: Context) -> None:
    """Up from the chair: any /sit timer stops, and the next break is a whole stretch from now
    (not the stretch counted from the desk block's start)."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.set(user, sitting_since=now, sit_manual=False)
    await svc.planner.replan(user.id, "sit", now, now)
    due = await _pending_due(svc, user.id, "sit")
    soon = due is not None and due - now < timedelta(hours=12)
    after = " " + _(NEXT_BREAK).format(at=_local(user, due, day=False)) if soon and due else ""
    await reply(update, _(UP) + after)


PAUSE_BUTTONS = (
    (N_("1 day"), "1d"),
    (N_("3 days"), "3d"),
    (N_("A week"), "7d"),
    (N_("Until I resume"), "on"),
)


async def pause(update: Update, context: Context) -> None:
    user = await ready_user(update, context)
    if user is None:
        return
    svc = services(context)
    await svc.storage.users.set(user, awaiting="pause", awaiting_since=svc.clock.now())
    buttons = [_button(label, f"pause:{key}") for label, key in PAUSE_BUTTONS]
    await reply(update, _(PAUSE_QUESTION), Markup([buttons[:3], buttons[3:]]))


async def pause_chosen(update: Update, context: Context) -> None:
    user = await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    choice = (query.data or "").removeprefix("pause:")
    if choice in PAUSES or choice == "on":
        await apply_pause(update, context, user, PAUSES.get(choice))


async def apply_pause(
    update: Update, context: Context, user: User, length: timedelta | None
) -> None:
    """Pause for a length, tapped or typed ("2 hours"); None pauses until /resume."""
    svc = services(context)
    now = svc.clock.now()
    until = now + (length or UNTIL_RESUMED)
    cleared = {"awaiting": None} if user.awaiting == "pause" else {}
    await svc.storage.users.set(user, paused_until=until, **cleared)
    await svc.planner.replan_all(user.id, now)
    await mark_paused_days(svc, user, now, until if length else now + PAUSES["7d"])
    paused = _(PAUSED_UNTIL).format(until=_local(user, until)) if length else _(PAUSED_OPEN)
    await settle(update, paused)


async def resume(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    if user.paused_until is None or user.paused_until <= now:
        await reply(update, _(NOT_PAUSED))
        return
    await svc.storage.users.set(user, paused_until=None)
    await svc.planner.replan_all(user.id, now)
    # Days still ahead are no longer paused; today keeps its mark (part of it was).
    await svc.storage.habits.clear(user.id, local_day(user, now) + timedelta(days=1), "paused")
    await reply(update, _(RESUMED))


async def schedule(update: Update, context: Context) -> None:
    """How the person's reminders are set, then what is coming in the next 24 hours."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    rules = await svc.storage.rules.for_user(user.id)
    pending = await svc.storage.nudges.pending(user.id)
    horizon = now + timedelta(hours=24)
    lines = [
        f"• {_local(user, nudge.due_at)} — {_slot_name(nudge.slot, rules)}"
        for nudge in pending
        if nudge.due_at <= horizon
    ]
    if user.paused_until is not None and user.paused_until > now:
        header = _(PAUSED_HEADER).format(until=_local(user, user.paused_until))
    else:
        header = _(COMING_UP)
    body = "\n".join(lines) if lines else _(NOTHING_SCHEDULED)
    text = f"{preview(user, rules, now)}\n\n{header}\n{body}\n\n{await habit_line(svc, user)}"
    await reply(update, text)


def preview(user: User, rules: list[Rule], now: datetime) -> str:
    """The person's reminders in words: what comes when, and why a time may read a bit later."""
    settings = reminder_settings(user, rules)
    lines = [_(YOUR_REMINDERS)]
    if not user.sit_rule_on or settings.desk is None:
        lines.append("• " + _(SIT_OFF_NO_DESK if user.sit_rule_on else SIT_OFF))
    else:
        every = SIT_EVERY_AFTERNOONS if user.sit_afternoons else SIT_EVERY
        lines.append("• " + _(every).format(minutes=user.sit_minutes, desk=describe_desk(user)))
        if user.sit_ignored >= IGNORED_BEFORE_SPACING:
            lines.append("  " + _(SPACED))
        if user.sit_paused_until is not None and user.sit_paused_until > now:
            why = _(HELD_WHY.get(user.sit_pause or "", HELD_PAUSED))
            until = _local(user, user.sit_paused_until, day=False)
            lines.append("  " + _(HELD_UNTIL).format(until=until, why=why))
    spread = stable_offset(user.id)
    if user.routine_time is not None:
        late = _spread_note(user.routine_time, spread)
        done = " · " + _(DONE_FOR_TODAY) if done_today(user, now) else ""
        lines.append("• " + _(ROUTINE_AT).format(at=hhmm(user.routine_time)) + late + done)
    if user.weekly_day is not None and user.weekly_time is not None:
        late = _spread_note(user.weekly_time, spread)
        weekly = _(WEEKLY_AT).format(day=day_name(user.weekly_day), at=hhmm(user.weekly_time))
        lines.append(f"• {weekly}{late}")
    chosen = "" if user.morning_time else " " + _(MORNING_AUTOMATIC)
    lines.append("• " + _(MORNING_AT).format(at=hhmm(morning_time(settings))) + chosen)
    if user.quiet_start is not None:
        lines.append("• " + _(QUIET_HOURS).format(quiet=describe_quiet(user)))
    if spread >= timedelta(minutes=1):
        lines.append(_(SPREAD))
    return "\n".join(lines)


def _spread_note(at: time, spread: timedelta) -> str:
    if spread < timedelta(minutes=1):
        return ""
    shown = (datetime.combine(date(2000, 1, 1), at) + spread).strftime("%H:%M")
    return " " + _(ARRIVES).format(at=shown)


# --- helpers -------------------------------------------------------------------------------


def _slot_name(slot: str, rules: list[Rule]) -> str:
    if slot.startswith("rule:"):
        rule = next((rule for rule in rules if slot == f"rule:{rule.id}"), None)
        if rule is not None and rule.own_exercise_id is not None:
            return rule.text  # "🩺 <the clinician's exercise>"
        return f"📌 {rule.text}" if rule else _(RULE_REMINDER)
    return _(SLOT_NAMES[slot]) if slot in SLOT_NAMES else slot


def _local(user: User, moment: datetime, day: bool = True) -> str:
    """A reminder's moment in the person's zone and language: "Mon 09:45", or "09:45"."""
    local = moment.astimezone(zone(user.timezone))
    return format_datetime(local, DAY_AND_TIME if day else TIME_ONLY, locale=i18n.locale())


def _quiet_at(user: User, moment: datetime) -> bool:
    start, end = user.quiet_start, user.quiet_end
    return (
        start is not None
        and end is not None
        and in_quiet_hours(moment, zone(user.timezone), start, end)
    )


def _end_of_day(user: User, now: datetime) -> datetime:
    return to_utc(local_day(user, now) + timedelta(days=1), time(0, 0), zone(user.timezone))


async def _pending_due(svc: Services, user_id: int, slot: str) -> datetime | None:
    pending = await svc.storage.nudges.pending(user_id)
    return next((nudge.due_at for nudge in pending if nudge.slot == slot), None)


async def mark_paused_days(svc: Services, user: User, start: datetime, end: datetime) -> None:
    tz = zone(user.timezone)
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        await svc.storage.habits.mark(user.id, day, "paused", overwrite=False)
        day += timedelta(days=1)

"""Reminder messages and what their buttons do; /sit, /stand, /pause, /resume and /schedule."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ExtBot

from bot.coaching.habit import summarise
from bot.coaching.microload import PlanState, initial_plan
from bot.coaching.reminders import LATER, SNOOZE, next_due
from bot.coaching.routine import movement_snack
from bot.reminders.dispatcher import Recipient
from bot.reminders.planner import reminder_settings
from bot.storage.models import User
from bot.storage.nudges import Claimed
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.parsing import zone
from bot.telegram.ratelimit import BULK
from bot.telegram.routine import button_user, ready_user

Markup = InlineKeyboardMarkup
PAUSES = {"1d": timedelta(days=1), "3d": timedelta(days=3), "7d": timedelta(days=7)}
# "Until I resume" is a pause without an end date; this far ahead is as good as never.
UNTIL_RESUMED = timedelta(days=3650)
SLOT_NAMES = {
    "sit": "Sit break",
    "daily": "Daily routine",
    "weekly": "Weekly session",
    "morning": "Morning check-in",
    "later": "Routine (put off)",
}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def send_nudge(bot: ExtBot[Any], svc: Services, nudge: Claimed, recipient: Recipient) -> int:
    """Compose and send one due nudge; returns Telegram's message id."""
    user = recipient.user
    text, markup = await compose(svc, nudge, recipient)
    if nudge.slot == "weekly":
        from bot.telegram.progress import send_weekly_review

        await send_weekly_review(bot, svc, user)
    if bot.rate_limiter is None:  # no limiter, so no queue for replies to jump
        message = await bot.send_message(user.chat_id, text, reply_markup=markup)
    else:
        message = await bot.send_message(
            user.chat_id, text, reply_markup=markup, rate_limit_args=BULK
        )
    return message.message_id


async def compose(svc: Services, nudge: Claimed, recipient: Recipient) -> tuple[str, Markup | None]:
    user = recipient.user
    if nudge.slot == "sit":
        plan = (
            PlanState.from_dict(recipient.plan)
            if recipient.plan is not None
            else initial_plan(svc.catalogue, list(user.transitions))
        )
        snack = movement_snack(svc.catalogue, plan, seed=nudge.id)
        moves = "\n".join(f"• {item.name}: {item.dose_text}" for item in snack)
        text = (
            f"You've been sitting for {user.sit_minutes} minutes — time to move for "
            f"{user.move_minutes}.\n\n{moves}"
        )
        return text, Markup(
            [
                [_button("✅ Done", "sit:done"), _button("⏰ Snooze 10 min", "sit:snooze")],
                [_button("🚶 Not sitting", "sit:away")],
            ]
        )
    if nudge.slot in ("daily", "later", "weekly"):
        variant = "weekly" if nudge.slot == "weekly" else "daily"
        what = "weekly maintenance session" if variant == "weekly" else "daily routine"
        return f"Time for your {what}. Ready when you are.", Markup(
            [
                [_button("▶️ Start", f"go:{variant}"), _button("Later", f"later:{variant}")],
                [_button("Skip today", "skip:ask")],
            ]
        )
    if nudge.slot == "morning":
        from bot.telegram.checkin import morning_question

        return await morning_question(svc, user)
    if nudge.slot.startswith("rule:"):
        rule_id = int(nudge.slot.split(":", 1)[1])
        rule = next((rule for rule in recipient.rules if rule.id == rule_id), None)
        return f"📌 Your rule: {rule.text if rule else 'reminder'}", None
    raise ValueError(f"unknown slot {nudge.slot}")


# --- sit-break buttons -------------------------------------------------------------------


async def sit_done(update: Update, context: Context) -> None:
    """They moved: the sit timer restarts from now."""
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.update(user.id, sitting_since=now)
    await svc.planner.replan(user.id, "sit", now, now)
    query = update.callback_query
    if query is not None and query.message is not None:
        await svc.storage.nudges.mark_answered(user.id, query.message.message_id, "done")
    await settle(update, "✅ Nice work! The sit timer starts again from now.")


async def sit_snooze(update: Update, context: Context) -> None:
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.planner.schedule(user.id, "sit", now + SNOOZE, now)
    await settle(update, "⏰ OK, I'll remind you again in 10 minutes.")


async def sit_away(update: Update, context: Context) -> None:
    """Not sitting: quiet until the next desk block (or the manual timer stops)."""
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.update(user.id, sitting_since=None, sit_manual=False)
    settings = reminder_settings(await _fresh(svc, user), [])
    from bot.coaching.nudge_timing import next_desk_block_start

    due = None
    if settings.desk is not None and settings.sit_rule_on:
        block = next_desk_block_start(now, settings.tz, settings.desk)
        due = next_due("sit", settings, block) if block is not None else None
    await svc.planner.schedule(user.id, "sit", due, now)
    await settle(update, "🚶 Got it — no sitting reminders until your next desk block.")


async def later(update: Update, context: Context) -> None:
    svc, user = services(context), await button_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.planner.schedule(user.id, "later", now + LATER, now)
    await settle(update, "No problem — I'll remind you again in an hour.")


# --- commands ------------------------------------------------------------------------------


async def sit(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.update(user.id, sitting_since=now, sit_manual=True)
    await svc.planner.replan(user.id, "sit", now, now)
    await reply(
        update,
        f"Sit timer started: I'll nudge you in {user.sit_minutes} minutes. "
        "Send /stand when you're up.",
    )


async def stand(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.update(user.id, sitting_since=None, sit_manual=False)
    await svc.planner.replan(user.id, "sit", now, now)
    await reply(update, "Sit timer stopped. Desk-hour reminders carry on as usual.")


async def pause(update: Update, context: Context) -> None:
    if await ready_user(update, context) is None:
        return
    await reply(
        update,
        "Pause all reminders for how long?",
        Markup(
            [
                [
                    _button("1 day", "pause:1d"),
                    _button("3 days", "pause:3d"),
                    _button("A week", "pause:7d"),
                ],
                [_button("Until I resume", "pause:on")],
            ]
        ),
    )


async def pause_chosen(update: Update, context: Context) -> None:
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    choice = (query.data or "").removeprefix("pause:")
    now = svc.clock.now()
    length = PAUSES.get(choice, UNTIL_RESUMED if choice == "on" else None)
    if length is None:
        return
    until = now + length
    await svc.storage.users.update(user.id, paused_until=until)
    await svc.planner.replan_all(user.id, now)
    await mark_paused_days(svc, user, now, until if choice != "on" else now + PAUSES["7d"])
    when = "until you send /resume" if choice == "on" else "until " + _local(user, until)
    await settle(
        update, f"Paused {when}. Your streak is safe — paused days don't count against it."
    )


async def resume(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    await svc.storage.users.update(user.id, paused_until=None)
    await svc.planner.replan_all(user.id, now)
    await reply(update, "Welcome back! Reminders are on again. /schedule shows what's coming.")


async def schedule(update: Update, context: Context) -> None:
    """What is coming in the next 24 hours, in the person's time."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    now = svc.clock.now()
    pending = await svc.storage.nudges.pending(user.id)
    horizon = now + timedelta(hours=24)
    lines = [
        f"• {_local(user, nudge.due_at)} — {_slot_name(nudge.slot)}"
        for nudge in pending
        if nudge.due_at <= horizon
    ]
    if user.paused_until is not None and user.paused_until > now:
        header = f"Reminders are paused until {_local(user, user.paused_until)} (/resume)."
    else:
        header = "Coming up in the next 24 hours:"
    body = "\n".join(lines) if lines else "Nothing scheduled."
    await reply(update, f"{header}\n{body}\n\n{await habit_line(svc, user)}")


async def habit_line(svc: Services, user: User) -> str:
    """The forgiving habit score and streak, in one line."""
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    marks = await svc.storage.habits.days(user.id, today - timedelta(days=365))
    summary = summarise([(day, outcome) for day, outcome in marks], today)  # type: ignore[misc]
    if summary.done_days == 0:
        return "Habit score: just getting started — your first session counts."
    streak = f"{summary.streak} day{'s' if summary.streak != 1 else ''}"
    return (
        f"Habit score {summary.percent}% · streak {streak} (best {summary.best_streak}). "
        "Paused and flare days never break it."
    )


# --- helpers -------------------------------------------------------------------------------


def _slot_name(slot: str) -> str:
    return SLOT_NAMES.get(slot, "Your rule reminder" if slot.startswith("rule:") else slot)


def _local(user: User, moment: datetime) -> str:
    local = moment.astimezone(zone(user.timezone))
    return local.strftime("%a %H:%M")


async def _fresh(svc: Services, user: User) -> User:
    return await svc.storage.users.get(user.id) or user


async def mark_paused_days(svc: Services, user: User, start: datetime, end: datetime) -> None:
    tz = zone(user.timezone)
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        await svc.storage.habits.mark(user.id, day, "paused", overwrite=False)
        day += timedelta(days=1)

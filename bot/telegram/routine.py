"""/today and /weekly: today's routine, then a guided session one exercise at a time."""

from __future__ import annotations

from typing import Any, cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.coaching.routine import Routine, build_routine
from bot.storage.models import User, Workout
from bot.telegram import texts
from bot.telegram.common import Context, Services, edit_or_reply, reply, services
from bot.telegram.parsing import zone
from bot.telegram.plans import load_plan
from bot.telegram.setup import current_user

Markup = InlineKeyboardMarkup
STEP_ACTIONS = {"done": "done", "hard": "too_hard", "skip": "skipped"}
VARIANT_TITLES = {
    "daily": "Today's routine",
    "weekly": "Weekly maintenance session",
    "flare": "Flare-day routine (gentle)",
}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def today(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    await show_routine(update, svc, user, await todays_variant(svc, user))


async def weekly(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    await show_routine(update, svc, user, "weekly")


async def todays_variant(svc: Services, user: User) -> str:
    plan = await load_plan(svc, user)
    if plan.flare:
        return "flare"
    local_day = svc.clock.now().astimezone(zone(user.timezone)).weekday()
    return "weekly" if user.weekly_day == local_day else "daily"


async def current_routine(svc: Services, user: User, variant: str) -> Routine:
    plan = await load_plan(svc, user)
    if plan.flare and variant != "flare":
        variant = "flare"
    return build_routine(svc.catalogue, plan, variant)  # type: ignore[arg-type]


async def show_routine(update: Update, svc: Services, user: User, variant: str) -> None:
    routine = await current_routine(svc, user, variant)
    lines = [
        f"{index}. {item.name} — {item.dose_text}" for index, item in enumerate(routine.items, 1)
    ]
    text = f"{VARIANT_TITLES[routine.variant]} · about {routine.minutes} min\n\n" + "\n".join(lines)
    news = await recent_changes_text(svc, user)
    if news:
        text += "\n\n" + news
    await reply(
        update,
        text,
        Markup([[_button("▶️ Start", f"go:{routine.variant}"), _button("Skip today", "skip:ask")]]),
    )


async def recent_changes_text(svc: Services, user: User) -> str:
    """The changes from the latest check-in, so the person sees why today differs."""
    latest = await svc.storage.coaching.latest_checkin(user.id, "session")
    morning = await svc.storage.coaching.latest_checkin(user.id, "next_morning")
    reasons: list[str] = []
    for checkin in (latest, morning):
        if checkin is not None and checkin.applied_at is not None:
            changes = await svc.storage.coaching.changes_for(user.id, checkin.id)
            reasons += [change.reason for change in changes if change.from_value != change.to_value]
    if not reasons:
        return ""
    return "What changed since last time:\n" + "\n".join(f"• {reason}" for reason in reasons)


async def start(update: Update, context: Context) -> None:
    """The Start button (on /today or on a reminder): begin a guided session."""
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    variant = (query.data or "").removeprefix("go:")
    if variant not in VARIANT_TITLES:
        variant = "daily"
    routine = await current_routine(svc, user, variant)
    items: list[dict[str, Any]] = [
        {
            "exercise_id": item.exercise_id,
            "name": item.name,
            "dose": item.dose,
            "dose_text": item.dose_text,
            "cues": list(item.cues),
            "hold_s": item.hold_s,
        }
        for item in routine.items
    ]
    workout = await svc.storage.coaching.start_workout(
        user.id, routine.variant, items, svc.clock.now()
    )
    await reply(update, *step_message(workout))


def step_message(workout: Workout) -> tuple[str, Markup]:
    position, items = workout.position, workout.routine
    item = items[position]
    cues = "\n".join(f"• {cue}" for cue in item["cues"])
    text = f"{position + 1}/{len(items)} · {item['name']}\n{item['dose_text']}\n\n{cues}"
    prefix = f"wo:{workout.id}:{position}:"
    rows = [
        [_button("✅ Done", prefix + "done"), _button("😣 Too hard", prefix + "hard")],
        [_button("⏭ Skip", prefix + "skip"), _button("⏹ Stop", prefix + "stop")],
    ]
    if item.get("hold_s"):
        rows.insert(0, [_button(f"⏱ {item['hold_s']} s timer", prefix + "timer")])
    return text, Markup(rows)


async def step(update: Update, context: Context) -> None:
    """Done / Too hard / Skip / Stop / Timer on one exercise of a guided session."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    try:
        _, workout_id, position, action = (query.data or "").split(":")
        workout_key, step_index = int(workout_id), int(position)
    except ValueError:
        await query.answer(texts.STALE_BUTTON)
        return
    user_id = query.from_user.id
    now = svc.clock.now()
    if action == "timer":
        await start_timer(update, context, user_id, workout_key, step_index)
        return
    if action == "stop":
        workout = await svc.storage.coaching.stop_workout(user_id, workout_key, now)
    elif action in STEP_ACTIONS:
        workout = await svc.storage.coaching.record_step(
            user_id, workout_key, step_index, STEP_ACTIONS[action], now
        )
    else:
        workout = None
    if workout is None:
        await query.answer("Already noted.")
        return
    await query.answer()
    if workout.status == "started":
        await edit_or_reply(update, *step_message(workout))
        return
    from bot.telegram.checkin import begin_checkin

    done = sum(1 for result in workout.results.values() if result != "skipped")
    ending = (
        "Session complete — well done! 🎉"
        if workout.status == "finished"
        else (f"Stopped after {done} exercise{'s' if done != 1 else ''}. Stopping early is fine.")
    )
    await edit_or_reply(update, ending)
    await begin_checkin(update, context, workout)


async def start_timer(
    update: Update, context: Context, user_id: int, workout_id: int, position: int
) -> None:
    query = update.callback_query
    assert query is not None
    workout = await services(context).storage.coaching.workout(user_id, workout_id)
    if workout is None or workout.status != "started" or position >= len(workout.routine):
        await query.answer(texts.STALE_BUTTON)
        return
    hold = int(workout.routine[position].get("hold_s") or 0)
    await query.answer(f"Timer: {hold} s")
    message = await reply(update, f"⏱ {hold} s — hold steady and keep breathing out slowly…")
    if message is not None and context.job_queue is not None:
        context.job_queue.run_once(
            _timer_done,
            hold,
            data=(message.chat_id, message.message_id, hold),
            name=f"timer:{message.chat_id}",
        )


async def _timer_done(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.job is not None
    chat_id, message_id, hold = cast(tuple[int, int, int], context.job.data)
    await context.bot.edit_message_text(
        f"⏱ {hold} s — time! Ease off gently.", chat_id=chat_id, message_id=message_id
    )


async def button_user(update: Update, context: Context) -> User | None:
    """For a button tap: acknowledge it (so the client stops spinning), then the person, if they
    have finished setting up."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await ready_user(update, context)


async def ready_user(update: Update, context: Context) -> User | None:
    """A person who has finished setting up and has not been stopped by a red flag."""
    user = await current_user(update, context)
    if user is None:
        return None
    if user.onboarding_step is not None:
        await reply(update, texts.FINISH_SETUP_FIRST)
        return None
    return user


SKIP_REASONS = {"pain": "My back hurts", "time": "No time", "forgot": "I forgot"}


async def skip(update: Update, context: Context) -> None:
    """ "Skip today", with a reason the coaching sees: a pain day is forgiven and eases the load."""
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    reason = (query.data or "").removeprefix("skip:")
    if reason not in SKIP_REASONS:
        await reply(
            update,
            "Why are you skipping today?",
            Markup([[_button(label, f"skip:{key}") for key, label in SKIP_REASONS.items()]]),
        )
        return
    now = svc.clock.now()
    day = now.astimezone(zone(user.timezone)).date()
    if reason == "pain":
        await svc.storage.habits.mark(user.id, day, "skipped_pain")
        from bot.telegram.checkin import record_pain_day

        note = await record_pain_day(svc, user)
        await edit_or_reply(update, "Rest is fine on a bad day — your streak is safe. " + note)
        return
    await svc.storage.habits.mark(user.id, day, "missed", overwrite=False)
    await edit_or_reply(
        update, "Noted. Even two minutes of gentle movement counts — see you tomorrow!"
    )

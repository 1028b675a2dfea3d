"""/today and /weekly: today's routine, then a guided session one exercise at a time."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import i18n
from bot.coaching.catalogue import Catalogue
from bot.coaching.microload import resume_after_break
from bot.coaching.plan import PlanState
from bot.coaching.routine import Routine, RoutineItem, build_routine
from bot.i18n import N_, _, ngettext
from bot.storage.models import User, Workout
from bot.telegram import own_exercise, texts, timers
from bot.telegram.checkin import ask_missed_morning, begin_checkin
from bot.telegram.common import Context, Services, edit_or_reply, reply, services
from bot.telegram.day import done_today, session_ended, session_started
from bot.telegram.parsing import zone
from bot.telegram.people import button_user, ready_user
from bot.telegram.plans import (
    SHOWN_CHANGES,
    flare_status,
    load_plan,
    more_in_history,
    record_pain_day,
)
from bot.telegram.safety import limits_for, limits_note
from bot.telegram.walking import walk_line

Markup = InlineKeyboardMarkup
STEP_ACTIONS = {"done": "done", "hard": "too_hard", "skip": "skipped"}
SHOW_EASIER = N_("👀 Show me the easier way")  # under "Too hard": bot/telegram/show.py
NOTHING_DONE = N_("Stopped before any exercise — that's fine. /today has it when you're ready.")
VARIANT_TITLES = {
    "daily": N_("Today's routine"),
    "weekly": N_("Weekly maintenance session"),
    "flare": N_("Flare-day routine (gentle)"),
}
TOMORROWS = N_("Tomorrow's routine")
HEADING = N_("{title} · about {minutes} min")
CHANGED = N_("What changed since last time:")
START, START_EXTRA, SKIP_TODAY = N_("▶️ Start"), N_("▶️ Start an extra"), N_("Skip today")
BETTER = N_("🌤 I'm better")
DONE, SKIP, TOO_HARD = N_("✅ Done"), N_("⏭ Skip"), N_("😣 Too hard")
ABOUT, SHOW_ME, STOP, UNDO = N_("ℹ️ About it"), N_("👀 Show me"), N_("⏹ Stop"), N_("↩️ Oops, undo")
NOTHING_TO_UNDO, ALREADY_NOTED = N_("Nothing to undo."), N_("Already noted.")
NOTED_HARD, UNDONE = N_("Noted: too hard."), N_("Undone: this one again.")
COMPLETE = N_("Session complete — well done! 🎉")
SKIP_WHY = N_("Why are you skipping today?")
ALREADY_DONE = N_("Today's session is already done ✅ — nothing to skip.")
REST_IS_FINE = N_("Rest is fine on a bad day — your streak is safe.")
SKIPPED = N_("Noted. Even two minutes of gentle movement counts — see you tomorrow!")


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def today(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    tomorrow = done_today(user, svc.clock.now())  # done: tomorrow's, or a short extra now
    variant = await todays_variant(svc, user, int(tomorrow))
    await show_routine(update, svc, user, variant, done_today=tomorrow)
    await ask_missed_morning(update, context, user)


async def weekly(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    await show_routine(update, svc, user, "weekly")


async def todays_variant(svc: Services, user: User, days_ahead: int = 0) -> str:
    plan = await load_plan(svc, user)
    if plan.flare:
        return "flare"
    local_day = svc.clock.now().astimezone(zone(user.timezone)).weekday()
    return "weekly" if user.weekly_day == (local_day + days_ahead) % 7 else "daily"


async def current_routine(svc: Services, user: User, variant: str) -> Routine:
    plan = resume_after_break(svc.catalogue, await load_plan(svc, user), svc.clock.now())
    if plan.flare and variant != "flare":
        variant = "flare"
    spoken = svc.catalogue.speaking(i18n.current())  # the same routine, in their words
    return build_routine(spoken, plan, variant, limits_for(user))  # type: ignore[arg-type]


async def show_routine(
    update: Update, svc: Services, user: User, variant: str, done_today: bool = False
) -> None:
    routine = await current_routine(svc, user, variant)
    lines = [
        f"{index}. {item.name} — {item.dose_text}" for index, item in enumerate(routine.items, 1)
    ]
    tomorrow = done_today and routine.variant == "daily"
    title = _(TOMORROWS) if tomorrow else _(VARIANT_TITLES[routine.variant])
    plan = await load_plan(svc, user)
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    status = flare_status(svc.catalogue.rules, plan, today)
    if status is not None:  # every flare day says where it stands
        title = f"{status}\n\n{title}"
    if done_today:  # today's is done: this is tomorrow's, or a short extra now
        title = _(texts.DONE_FOR_TODAY) + "\n\n" + title
    lines += await own_exercise.routine_lines(svc, user)  # a clinician's, as they gave it
    text = _(HEADING).format(title=title, minutes=routine.minutes) + "\n\n" + "\n".join(lines)
    if routine.equipment:  # announced before Start, not discovered mid-session
        text += "\n\n" + texts.needed(routine.equipment)
    text += "\n\n" + walk_line(svc.catalogue.rules, plan, today)
    news = await recent_changes_text(svc, user, plan)
    if news:
        text += "\n\n" + news
    safety_note = limits_note(limits_for(user))  # why the routine leaves things out
    if safety_note:
        text += "\n\n" + safety_note
    await svc.storage.users.update(
        user.id, awaiting=f"go:{routine.variant}", awaiting_since=svc.clock.now()
    )
    await reply(update, text, routine_markup(routine.variant, done_today))


def routine_markup(variant: str, done: bool = False) -> Markup:
    """Start and Skip today; once today is done there is nothing to skip."""
    better = [[_button(_(BETTER), "flare:better")]] if variant == "flare" else []
    if done:
        return Markup([[_button(_(START_EXTRA), f"go:{variant}")], *better])
    return Markup(
        [[_button(_(START), f"go:{variant}"), _button(_(SKIP_TODAY), "skip:ask")], *better]
    )


async def recent_changes_text(svc: Services, user: User, plan: PlanState) -> str:
    """The changes from the latest check-ins, so the person sees why today differs: only the
    lines they were told then (the engine keeps a day to three; the rest wait in /history)."""
    latest = await svc.storage.coaching.latest_checkin(user.id, "session")
    morning = await svc.storage.coaching.latest_checkin(user.id, "next_morning")
    reasons: list[str] = []
    for checkin in (latest, morning):
        if checkin is not None and checkin.applied_at is not None:
            changes = await svc.storage.coaching.changes_for(user.id, checkin.id)
            reasons += [change.reason for change in changes if change.reason in plan.told]
    if not reasons:
        return ""
    lines = [f"• {reason}" for reason in reasons[:SHOWN_CHANGES]]  # the rest in /history
    if len(reasons) > SHOWN_CHANGES:
        lines.append(more_in_history(len(reasons) - SHOWN_CHANGES))
    return _(CHANGED) + "\n" + "\n".join(lines)


async def start(update: Update, context: Context) -> None:
    """The Start button (on /today or on a reminder): begin a guided session."""
    user = await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    await begin_session(update, context, user, (query.data or "").removeprefix("go:"))


async def begin_session(update: Update, context: Context, user: User, variant: str) -> None:
    """A guided session starts; "done", "skip" or "stop" typed now answer its steps."""
    svc = services(context)
    if variant not in VARIANT_TITLES:
        variant = "daily"
    routine = await current_routine(svc, user, variant)
    workout = await svc.storage.coaching.start_workout(
        user.id,
        routine.variant,
        session_items(svc.catalogue.speaking(i18n.current()), routine.items),
        svc.clock.now(),
    )
    await session_started(svc, user.id)  # no sit break mid-session
    await _on_step_message(update, context, workout, *step_message(workout), new=True)


def session_items(catalogue: Catalogue, items: list[RoutineItem]) -> list[dict[str, Any]]:
    """What a guided session stores per step: enough to show it even if the catalogue changes."""
    return [
        {
            "exercise_id": item.exercise_id,
            "name": item.name,
            "dose": item.dose,
            "dose_text": item.dose_text,
            "cues": list(item.cues),
            "caution": catalogue[item.exercise_id].caution,
            "hold_s": item.hold_s,
            "sets": catalogue[item.exercise_id].fixed.sets,
            "sides": catalogue[item.exercise_id].fixed.sides,
            "seconds_per_rep": catalogue[item.exercise_id].seconds_per_rep,
        }
        for item in items
    ]


def step_message(workout: Workout, with_picture: bool = True) -> tuple[str, Markup]:
    position, items = workout.position, workout.routine
    item = items[position]
    cues = "\n".join(f"• {cue}" for cue in item["cues"])
    text = f"{position + 1}/{len(items)} · {item['name']}\n{item['dose_text']}\n\n{cues}"
    if item.get("caution"):  # when to leave it out; older sessions stored none
        text += f"\n\n⚠️ {item['caution']}"
    prefix = f"wo:{workout.id}:{position}:"
    # ✅ Done is alone on the first row of every step, so a thumb finds it in the same place;
    # Too hard is never where Done was on another step.
    extras = [_button(label, prefix + "timer") for label in [timers.button_label(item)] if label]
    extras.append(_button(_(ABOUT), prefix + "info"))
    if with_picture:
        extras.append(_button(_(SHOW_ME), prefix + "show"))
    last = [_button(_(STOP), prefix + "stop")]
    if position > 0:
        last.insert(0, _button(_(UNDO), prefix + "undo"))
    rows = [
        [_button(_(DONE), prefix + "done")],
        [_button(_(SKIP), prefix + "skip"), _button(_(TOO_HARD), prefix + "hard")],
        extras,
        last,
    ]
    return text, Markup(rows)


async def step(update: Update, context: Context) -> None:
    """Done / Too hard / Skip / Stop / Timer / Show me on one exercise of a guided session."""
    query = update.callback_query
    assert query is not None
    try:
        _prefix, workout_id, position, action = (query.data or "").split(":")
        workout_key, step_index = int(workout_id), int(position)
    except ValueError:
        await query.answer(_(texts.STALE_BUTTON))
        return
    await take_step(update, context, query.from_user.id, workout_key, step_index, action)


async def take_step(
    update: Update, context: Context, user_id: int, workout_key: int, step_index: int, action: str
) -> None:
    """One answer to a step of a guided session, tapped or typed."""
    svc = services(context)
    now = svc.clock.now()
    if action in ("timer", "info"):
        await step_extra(update, context, user_id, workout_key, step_index, action)
        return
    if action == "stop":
        workout = await svc.storage.coaching.stop_workout(user_id, workout_key, now)
    elif action == "undo":
        workout = await svc.storage.coaching.undo_step(user_id, workout_key, step_index)
    elif action in STEP_ACTIONS:
        workout = await svc.storage.coaching.record_step(
            user_id, workout_key, step_index, STEP_ACTIONS[action], now
        )
    else:
        workout = None
    if workout is None:
        nothing = NOTHING_TO_UNDO if action == "undo" else ALREADY_NOTED
        await acknowledge(update, _(nothing))
        return
    notes = {"hard": NOTED_HARD, "undo": UNDONE}
    note = notes.get(action)
    await acknowledge(update, _(note) if note and update.callback_query else None)
    if update.effective_chat is not None:
        await timers.stop(context, update.effective_chat.id)
    # "Too hard" is answered at once, with the easier way to do it, on the step's own message;
    # what follows then comes as a new message below it.
    if action == "hard":
        show = Markup([[_button(_(SHOW_EASIER), f"wo:{workout.id}:{step_index}:show")]])
        easier = too_hard_text(svc, workout.routine[step_index])
        await _on_step_message(update, context, workout, easier, show)
    new = action == "hard"
    if workout.status == "started":
        await _on_step_message(update, context, workout, *step_message(workout), new=new)
        return
    await session_ended(svc, user_id, finished=workout.status == "finished")
    done = sum(1 for result in workout.results.values() if result != "skipped")
    if done == 0:  # nothing to ask how it felt about
        await _on_step_message(update, context, workout, _(NOTHING_DONE), None, new=new)
        return
    ending = (
        _(COMPLETE)
        if workout.status == "finished"
        else ngettext(
            "Stopped after {n} exercise. Stopping early is fine.",
            "Stopped after {n} exercises. Stopping early is fine.",
            done,
        ).format(n=done)
    )
    await _on_step_message(update, context, workout, ending, None, new=new)
    if workout.status == "finished" and workout.variant == "daily":
        person = await svc.storage.users.get(user_id)
        if person is not None:
            await own_exercise.after_session(context.bot, svc, person)
    await begin_checkin(update, context, workout)


async def _on_step_message(
    update: Update,
    context: Context,
    workout: Workout,
    text: str,
    markup: Markup | None,
    new: bool = False,
) -> None:
    """A session keeps one message per step, edited in place whether a button was tapped or a
    word typed; its id rides on the open question ("wo:<workout>:<message>")."""
    svc = services(context)
    user = await svc.storage.users.get(workout.user_id)
    chat = update.effective_chat
    query = update.callback_query
    shown: int | None = None
    if query is not None and query.message is not None:
        shown = query.message.message_id
    elif user is not None and (user.awaiting or "").startswith(f"wo:{workout.id}:"):
        shown = int((user.awaiting or "").rsplit(":", 1)[1])
    if not new and shown is not None and chat is not None:
        try:
            await context.bot.edit_message_text(
                text, chat_id=chat.id, message_id=shown, reply_markup=markup
            )
        except BadRequest as error:  # a picture's caption, or deleted: a new message
            if "not modified" not in str(error).lower():
                shown = None
    else:
        shown = None
    if shown is None:
        message = await reply(update, text, markup)
        shown = message.message_id if message is not None else None
    awaiting = f"wo:{workout.id}:{shown}"
    if shown is not None and workout.status == "started" and user and user.awaiting != awaiting:
        await svc.storage.users.update(
            workout.user_id, awaiting=awaiting, awaiting_since=svc.clock.now()
        )


async def step_extra(
    update: Update, context: Context, user_id: int, workout_id: int, position: int, action: str
) -> None:
    """The step's timer, or what it is for and how to make it easier (ℹ️)."""
    svc = services(context)
    workout = await svc.storage.coaching.workout(user_id, workout_id)
    if workout is None or workout.status != "started" or position != workout.position:
        await acknowledge(update, _(texts.STALE_BUTTON))
        return
    if action == "timer":
        await acknowledge(update, await timers.start(update, context, workout, position))
        return
    await acknowledge(update)
    spoken = svc.catalogue.speaking(i18n.current())
    exercise = spoken.exercises.get(workout.routine[position]["exercise_id"])
    if exercise is None:
        await reply(update, _(texts.STALE_BUTTON))
        return
    await reply(
        update,
        _(texts.ABOUT_EXERCISE).format(
            name=exercise.name,
            purpose=exercise.purpose,
            mistakes="\n".join(f"• {mistake}" for mistake in exercise.mistakes),
            easier=exercise.easier,
        ),
    )


def too_hard_text(svc: Services, item: dict[str, Any]) -> str:
    exercise = svc.catalogue.speaking(i18n.current()).exercises.get(item["exercise_id"])
    easier = exercise.easier if exercise is not None else None
    return _(texts.TOO_HARD).format(name=item["name"]) + (
        f"\n\n{_(texts.EASIER_NOW).format(easier=easier)}" if easier else ""
    )


async def acknowledge(update: Update, note: str | None = None) -> None:
    """A tap is answered (so the client stops spinning); a typed answer gets the note, if any."""
    if update.callback_query is not None:
        await update.callback_query.answer(note)
    elif note:
        await reply(update, note)


SKIP_REASONS = {"pain": N_("My back hurts"), "time": N_("No time"), "forgot": N_("I forgot")}


async def skip(update: Update, context: Context) -> None:
    """ "Skip today", with a reason the coaching sees: a pain day is forgiven and eases the load."""
    user = await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    await skip_today(update, context, user, (query.data or "").removeprefix("skip:"))


async def skip_today(update: Update, context: Context, user: User, reason: str) -> None:
    """Skipping today, tapped or typed: without a known reason, ask for one."""
    svc = services(context)
    if done_today(user, svc.clock.now()):
        await edit_or_reply(update, _(ALREADY_DONE))
        return
    if reason not in SKIP_REASONS:
        await svc.storage.users.set(user, awaiting="skip", awaiting_since=svc.clock.now())
        await reply(
            update,
            _(SKIP_WHY),
            Markup([[_button(_(label), f"skip:{key}") for key, label in SKIP_REASONS.items()]]),
        )
        return
    if (user.awaiting or "").startswith(("go:", "skip")):
        await svc.storage.users.set(user, awaiting=None)
    now = svc.clock.now()
    day = now.astimezone(zone(user.timezone)).date()
    if reason == "pain":
        await svc.storage.habits.mark(user.id, day, "skipped_pain")
        note = await record_pain_day(svc, user)
        await edit_or_reply(update, f"{_(REST_IS_FINE)} {note}".strip())
        return
    await svc.storage.habits.mark(user.id, day, "missed", overwrite=False)
    await edit_or_reply(update, _(SKIPPED))

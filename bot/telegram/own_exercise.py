"""/myexercise: an exercise someone's clinician prescribed — its name, dose, a cue and how often.

It comes with the daily routine or as its own reminder 1–3 times a day, its Done / Too hard /
Skip is recorded (and counts toward the habit score), and BackCoach never changes its dose:
that is the clinician's call. Reminders ride on the personal rules' slots (a rule row each
time, marked with the exercise), so the planner and dispatcher need nothing new.

Open questions: own:name, own:dose:<id>, own:cue:<id>, own:times:<id>:<n>, own:edit:<id>.
Buttons: own:add | own:often:<id>:<0-3> | own:<id>:done|hard|skip | own:edit:<id> |
own:del:<id>.
"""

from __future__ import annotations

import re
from datetime import time

from babel.lists import format_list
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import i18n
from bot.i18n import N_, _
from bot.storage.models import OwnExercise, User
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.people import button_user, ready_user
from bot.telegram.setup import svc_update
from bot.understanding.times import parse_time
from bot.understanding.zones import zone

Markup = InlineKeyboardMarkup
MAX_EXERCISES = 3
WAKING = (time(6, 0), time(22, 0))  # without quiet hours of their own
RESULTS = {"done": "done", "hard": "too_hard", "skip": "skipped"}

ASK_NAME = N_(
    "Add an exercise your physio or doctor gave you. What is it called? "
    "(In your words, like “clamshells” or “McKenzie press-ups”.)"
)
ASK_DOSE = N_("And the dose they gave you — like “3 × 10”, “2 sets of 8” or “30 seconds, 3 times”?")
ASK_CUE = N_("A short cue to remember, in a line? Or type “skip”.")
# Typed for "no cue": the English words always, and the word ASK_CUE offers in their language.
NO_CUE = ("skip", "no", "none", "-")
SKIP = N_("skip")
ASK_OFTEN = N_("How often?")
NOT_A_DOSE = N_("A dose with a number, please — like “3 × 10” or “30 seconds”.")
OUT_OF_HOURS = N_("{at} is outside your waking hours ({start}–{end}). Please send other times.")
OWN_CALL = N_("I never change its dose: that's your clinician's call. Tell them how it goes.")
HEADER = N_("Exercises from your clinician:")
NOTE = {
    "done": N_("✅ Done — noted."),
    "too_hard": N_("Noted: too hard. Worth telling your clinician."),
    "skipped": N_("Skipped — fine."),
}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _often_markup(exercise_id: int) -> Markup:
    return Markup(
        [
            [_button(_("With my daily routine"), f"own:often:{exercise_id}:0")],
            [_button(_("Once a day"), f"own:often:{exercise_id}:1")],
            [_button(_("Twice a day"), f"own:often:{exercise_id}:2")],
            [_button(_("3 times a day"), f"own:often:{exercise_id}:3")],
        ]
    )


def result_markup(exercise_id: int) -> Markup:
    return Markup(
        [
            [_button(_("✅ Done"), f"own:{exercise_id}:done")],
            [
                _button(_("😣 Too hard"), f"own:{exercise_id}:hard"),
                _button(_("Skip"), f"own:{exercise_id}:skip"),
            ],
        ]
    )


def line(exercise: OwnExercise) -> str:
    cue = f" ({exercise.cue})" if exercise.cue else ""
    return f"🩺 {exercise.name} — {exercise.dose}{cue}"


def reminder_text(exercise: OwnExercise) -> str:
    return _("Time for your clinician's exercise:\n{exercise}").format(exercise=line(exercise))


async def my_exercise(update: Update, context: Context) -> None:
    user = await ready_user(update, context)
    if user is None:
        return
    svc = services(context)
    exercises = await svc.storage.own_exercises.current(user.id)
    if not exercises:
        await _ask(context, user, "own:name")
        await reply(update, _(ASK_NAME))
        return
    lines, rows = [_(HEADER)], []
    for exercise in exercises:
        times = await svc.storage.own_exercises.times(user.id, exercise.id)
        when = ", ".join(f"{at:%H:%M}" for at in times) if times else _("with the daily routine")
        lines.append(f"{line(exercise)} · {when}")
        rows.append(
            [
                _button(f"✏️ {exercise.name[:20]}", f"own:edit:{exercise.id}"),
                _button(_("🗑 Remove"), f"own:del:{exercise.id}"),
            ]
        )
    if len(exercises) < MAX_EXERCISES:
        rows.append([_button(_("➕ Add one"), "own:add")])
    await reply(update, "\n".join(lines) + f"\n\n{_(OWN_CALL)}", Markup(rows))


async def _ask(context: Context, user: User, key: str) -> None:
    await svc_update(context, user, awaiting=key, awaiting_since=services(context).clock.now())


async def take_typed(update: Update, context: Context, user: User, text: str) -> None:
    """The answer to the open own: question."""
    svc = services(context)
    words = " ".join(text.split())
    parts = (user.awaiting or "").split(":")
    now = svc.clock.now()
    if parts[1] == "name":
        if not words or len(words) > 80:
            await reply(update, _("A short name, please (up to 80 letters)."))
            return
        exercise = await svc.storage.own_exercises.start(user.id, words, now)
        await _ask(context, user, f"own:dose:{exercise.id}")
        await reply(update, _(ASK_DOSE))
        return
    exercise_id = int(parts[2])
    if parts[1] in ("dose", "edit"):
        if not re.search(r"\d", words) or len(words) > 80:
            await reply(update, _(NOT_A_DOSE))
            return
        await svc.storage.own_exercises.set(user.id, exercise_id, dose=words)
        if parts[1] == "edit":
            await svc_update(context, user, awaiting=None)
            await reply(update, _("Updated: {dose}.").format(dose=words) + " " + _(OWN_CALL))
            return
        await _ask(context, user, f"own:cue:{exercise_id}")
        await reply(update, _(ASK_CUE))
    elif parts[1] == "cue":
        skipped = words.lower() in (*NO_CUE, _(SKIP).lower())
        cue = "" if skipped else words[:200]
        await svc.storage.own_exercises.set(user.id, exercise_id, cue=cue)
        await svc_update(context, user, awaiting=None)
        await reply(update, _(ASK_OFTEN), _often_markup(exercise_id))
    elif parts[1] == "times":
        await _take_times(update, context, user, exercise_id, int(parts[3]), words)


async def _take_times(
    update: Update, context: Context, user: User, exercise_id: int, count: int, text: str
) -> None:
    svc = services(context)
    pieces = [p for p in re.split(r",|;|\b(?:and|und|y)\b|\s&\s", text) if p.strip()]
    times = [parse_time(piece.strip()) for piece in pieces]
    if len(times) != count or any(at is None for at in times):
        if count == 1:  # 1-3 times: two and three take the same plural in every language here
            await reply(update, _("Please send one time, like “8:00”."))
        else:
            await reply(update, _("Please send {n} times, like “8:00, 13:00”.").format(n=count))
        return
    start, end = _waking(user)
    for at in times:
        assert at is not None
        if not start <= at <= end:
            await reply(
                update,
                _(OUT_OF_HOURS).format(
                    at=f"{at:%H:%M}", start=f"{start:%H:%M}", end=f"{end:%H:%M}"
                ),
            )
            return
    exercise = await svc.storage.own_exercises.get(user.id, exercise_id)
    if exercise is None:
        return
    chosen = sorted(at for at in times if at is not None)
    await svc.storage.own_exercises.set_times(user.id, exercise, chosen, svc.clock.now())
    await svc_update(context, user, awaiting=None)
    await svc.planner.replan_all(user.id, svc.clock.now())
    when = format_list([f"{at:%H:%M}" for at in chosen], locale=i18n.locale())
    added = _("Added: {exercise}. I'll remind you at {times}.").format(
        exercise=line(exercise), times=when
    )
    await reply(update, f"{added} {_(OWN_CALL)}")


def _waking(user: User) -> tuple[time, time]:
    """The day between quiet hours that cross midnight (the usual kind), else 06:00–22:00."""
    start, end = user.quiet_start, user.quiet_end
    if start is not None and end is not None and end < start:
        return end, start
    return WAKING


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = await button_user(update, context)
    if user is None or query is None:
        return
    svc = services(context)
    parts = (query.data or "").split(":")
    now = svc.clock.now()
    if parts[1] == "add":
        if len(await svc.storage.own_exercises.current(user.id)) >= MAX_EXERCISES:
            await settle(update, _("Three is the most: remove one first."))
            return
        await _ask(context, user, "own:name")
        await settle(update, _(ASK_NAME))
        return
    if len(parts) < 3 or (not parts[2].isdigit() and not parts[1].isdigit()):
        return
    if parts[1] == "often" and len(parts) == 4 and parts[3] in "0123":
        exercise = await svc.storage.own_exercises.get(user.id, int(parts[2]))
        if exercise is None:
            return
        count = int(parts[3])
        if count == 0:
            await svc.storage.own_exercises.set(user.id, exercise.id, in_routine=True)
            await svc.storage.own_exercises.set_times(user.id, exercise, [], now)
            await svc.planner.replan_all(user.id, now)
            added = _("Added: {exercise}. It comes with your daily routine.").format(
                exercise=line(exercise)
            )
            await settle(update, f"{added} {_(OWN_CALL)}")
            return
        await svc.storage.own_exercises.set(user.id, exercise.id, in_routine=False)
        await _ask(context, user, f"own:times:{exercise.id}:{count}")
        if count == 1:
            await settle(update, _("At what time?"))
        else:
            await settle(update, _("At which {n} times? Like “8:00, 13:00”.").format(n=count))
    elif parts[1] == "edit":
        exercise = await svc.storage.own_exercises.get(user.id, int(parts[2]))
        if exercise is not None:
            await _ask(context, user, f"own:edit:{exercise.id}")
            await reply(
                update,
                _("The new dose for {name}? (Now: {dose}.)").format(
                    name=exercise.name, dose=exercise.dose
                ),
            )
    elif parts[1] == "del":
        await svc.storage.own_exercises.remove(user.id, int(parts[2]), now)
        await svc.planner.replan_all(user.id, now)
        await settle(update, _("Removed. What you logged stays in /report and /export."))
    elif parts[1].isdigit() and parts[2] in RESULTS:
        await record(svc, user, int(parts[1]), RESULTS[parts[2]])
        await settle(update, _(NOTE[RESULTS[parts[2]]]))


async def record(svc: Services, user: User, exercise_id: int, result: str) -> None:
    """One go of the exercise; a done one counts for the day's habit mark."""
    if await svc.storage.own_exercises.get(user.id, exercise_id) is None:
        return
    now = svc.clock.now()
    await svc.storage.own_exercises.log(user.id, exercise_id, result, now)
    if result == "done":
        today = now.astimezone(zone(user.timezone)).date()
        await svc.storage.habits.mark(user.id, today, "done", overwrite=False)


async def after_session(bot: Bot, svc: Services, user: User) -> None:
    """With the daily routine: each exercise the clinician gave, asked after the session."""
    for exercise in await svc.storage.own_exercises.current(user.id):
        if exercise.in_routine:
            await bot.send_message(
                user.chat_id,
                _("And your clinician's exercise:\n{exercise}").format(exercise=line(exercise)),
                reply_markup=result_markup(exercise.id),
            )


async def routine_lines(svc: Services, user: User) -> list[str]:
    return [line(e) for e in await svc.storage.own_exercises.current(user.id) if e.in_routine]

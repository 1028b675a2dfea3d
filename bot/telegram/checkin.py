"""Check-ins: after a session (pain, effort, how each exercise felt) and the next morning.

Every answer is saved as it comes, keyed by the check-in's id in the button data, so answers
given hours later or out of order land in the right place. The engine runs when the person
taps Save (or the morning number), and its changes are stored with their reasons.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.coaching.microload import (
    ASK_MORNING,
    CLINICIAN,
    REVIEW,
    Change,
    NextMorning,
    SessionOutcome,
    apply_next_morning,
    apply_session,
    baseline_text,
    current_baseline,
    flare_pain_why,
)
from bot.coaching.nudge_timing import to_utc
from bot.coaching.pain import flare_rating, may_flare
from bot.coaching.plan import PlanState
from bot.coaching.ratings import BORG_CR10, effort_in, parse_rating
from bot.coaching.reminders import MORNING_ENDS
from bot.i18n import N_, _
from bot.storage.models import Checkin, User, Workout
from bot.telegram import texts
from bot.telegram.common import Context, Services, edit_or_reply, reply, services, settle
from bot.telegram.day import habit_line
from bot.telegram.flare import enter_flare, flare_notice
from bot.telegram.learn import lesson_due, send_lesson
from bot.telegram.parsing import zone
from bot.telegram.plans import describe_changes, load_plan, record_changes, store_result
from bot.telegram.safety import RECHECK_WHY, limits_for, offer_recheck
from bot.telegram.setup import current_user

Markup = InlineKeyboardMarkup
FEELS = {"easy": "too_easy", "right": "right", "hard": "too_hard"}
FEEL_LABELS = {"too_easy": N_("too easy"), "right": N_("right"), "too_hard": N_("too hard")}
FEEL_ORDER = ("right", "too_easy", "too_hard")  # what one tap on an exercise moves it to
FEEL_MARKS = {"right": "👍", "too_easy": "🥱", "too_hard": "😣"}
KEYS = {feel: key for key, feel in FEELS.items()}
COMPARED = ("better", "same", "worse")
COMPARED_LABELS = {"better": N_("Better"), "same": N_("Same"), "worse": N_("Worse")}
COMPARED_SAID = {
    "better": N_("Compared with usual: better."),
    "same": N_("Compared with usual: same."),
    "worse": N_("Compared with usual: worse."),
}
# The next-morning question is about the latest session this recent.
MORNING_WINDOW = timedelta(hours=36)
# After a few unanswered mornings the check-in asks about this one, compared with usual.
ASK_THIS_MORNING = N_(
    "And how was your back this morning, before this session, compared with usual?"
)
# A morning question missed (unanswered by noon, or let go after a pause or a hold) is asked
# once more when the person next writes or opens /today, from noon until this local time.
ASK_MISSED_MORNING = N_("How was your back this morning compared with usual?")
MISSED_MORNING_UNTIL = time(18, 0)
ONE_HOUR = timedelta(hours=1)
# Signals the engine raises that need a kind word, not the safety screen again.
SIGNAL_NOTES = {
    CLINICIAN: N_(
        "Your usual pain is high. Alongside this programme, it's worth seeing a GP or "
        "physiotherapist about it — we'll carry on gently meanwhile."
    ),
    REVIEW: N_(
        "Some exercises have felt too hard for a week even at their gentlest. A "
        "physiotherapist could look at them with you; until then, do only what feels "
        "comfortable."
    ),
}


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _scale(prefix: str) -> list[list[InlineKeyboardButton]]:
    buttons = [_button(str(score), f"{prefix}{score}") for score in range(11)]
    return [buttons[:6], buttons[6:]]


# --- after a session -------------------------------------------------------------------------


async def begin_checkin(update: Update, context: Context, workout: Workout) -> None:
    svc = services(context)
    user = await svc.storage.users.get(workout.user_id)
    if user is None:
        return
    if user.consent_at is None:
        await reply(
            update,
            _(
                "You haven't allowed me to store ratings, so I'll keep your plan as "
                "it is. You can change that in /settings."
            ),
        )
        return
    checkin = await svc.storage.coaching.open_checkin(
        user.id, "session", workout.id, svc.clock.now()
    )
    too_hard = {ex: "too_hard" for ex, result in workout.results.items() if result == "too_hard"}
    if too_hard and not checkin.feels:
        await svc.storage.coaching.update_checkin(
            user.id, checkin.id, svc.clock.now(), feels=too_hard
        )
    await ask_pain(update, context, user, checkin.id)


async def ask_pain(update: Update, context: Context, user: User, checkin_id: int) -> None:
    await _await(context, user, f"ci:{checkin_id}:pain")
    await reply(
        update,
        _(
            "Quick check-in. How much pain did you feel during the session, from 0 (none) to 10 "
            "(worst imaginable)? Tap or type a number."
        ),
        Markup(_scale(f"ci:{checkin_id}:pain:")),
    )


EFFORT_QUESTION = N_("How hard did it feel overall (0 = nothing at all, 10 = maximal)?")


async def send_effort_question(update: Update, checkin_id: int) -> None:
    await reply(update, _(EFFORT_QUESTION), effort_markup(checkin_id))


def effort_markup(checkin_id: int) -> Markup:
    buttons = [
        _button(effort_label(score, words), f"ci:{checkin_id}:effort:{score}")
        for score, words in BORG_CR10.items()
    ]
    return Markup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def effort_label(score: int, words: str) -> str:
    """A point between two named anchors ("hard+") reads best as its number alone; `words`
    are the scale's English, shown in the person's language."""
    return str(score) if words.endswith("+") else f"{score} · {_(words)}"


def feel_message(checkin: Checkin, workout: Workout, each: bool = False) -> tuple[str, Markup]:
    """First one question ("all about right?"); only "Some didn't" opens one button per
    exercise, named, each tap moving it on: right → too easy → too hard → right."""
    done = [
        (index, item)
        for index, item in enumerate(workout.routine)
        if workout.results.get(item["exercise_id"]) in ("done", "too_hard")
    ]
    marked = [
        f"• {item['name']}: {_(FEEL_LABELS[checkin.feels[item['exercise_id']]])}"
        for _index, item in done
        if checkin.feels.get(item["exercise_id"]) in ("too_easy", "too_hard")
    ]
    prefix = f"ci:{checkin.id}:"
    if not each:
        if marked:
            text = _("Last one: did the others feel about right?")
            text += "\n\n" + "\n".join(marked)
        else:
            text = _("Last one: did every exercise feel about right?")
        all_right = _("✅ The others felt right") if marked else _("✅ All felt right")
        return text, Markup(
            [
                [_button(all_right, prefix + "allright")],
                [_button(_("Some didn't"), prefix + "each")],
            ]
        )
    rows = []
    for index, item in done:
        feel = checkin.feels.get(item["exercise_id"]) or "right"
        following = FEEL_ORDER[(FEEL_ORDER.index(feel) + 1) % len(FEEL_ORDER)]
        rows.append(
            [
                _button(
                    f"{FEEL_MARKS[feel]} {item['name']}", f"{prefix}feel:{index}:{KEYS[following]}"
                )
            ]
        )
    rows.append([_button(_("💾 Save"), prefix + "save")])
    text = _(
        "Tap each exercise that didn't feel right: once for too easy, twice for too hard. "
        "Then Save.\n\n👍 right · 🥱 too easy · 😣 too hard"
    )
    return text, Markup(rows)


async def on_checkin_button(update: Update, context: Context) -> None:
    """All "ci:<id>:..." buttons: pain, effort, feel, all-right, save, redo."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    parts = (query.data or "").split(":")
    user = await current_user(update, context)
    checkin = None
    if user is not None and len(parts) >= 3 and parts[1].isdigit():
        checkin = await svc.storage.coaching.checkin(user.id, int(parts[1]))
    if user is None or checkin is None or checkin.kind != "session":
        await query.answer(_(texts.STALE_BUTTON))
        return
    await query.answer()
    action, args = parts[2], parts[3:]
    if action in ("pain", "effort") and args:
        await take_rating(update, context, user, checkin, action, args[0])
    elif action == "feel" and len(args) == 2:
        await take_feel(update, context, user, checkin, args[0], args[1])
    elif action == "allright":
        await take_all_right(update, context, user, checkin)
    elif action == "each":
        await show_feels(update, context, user, checkin, in_place=True, each=True)
    elif action == "why":
        await show_why(update, context, user, checkin)
    elif action == "save":
        await save_session_checkin(update, context, user, checkin)
    elif action == "redo":
        await redo_checkin(update, context, user, checkin)


async def take_rating(
    update: Update, context: Context, user: User, checkin: Checkin, field: str, raw: str
) -> None:
    svc = services(context)
    value = parse_rating(raw)
    if value is None and field == "effort":
        value = effort_in(raw)  # "moderate", "mittel", "moderado": the scale's own words
    if value is None:
        await reply(update, _('Please send a number from 0 to 10, like "3" or "4/10".'))
        return
    if checkin.applied_at is not None:
        await reply(
            update,
            _("That check-in is already saved. Tap “Correct my answers” on it to change it."),
        )
        return
    # The answer and the next question are stored together: effort after pain, then the
    # exercises' feel ("all right" or "save", typed).
    asked = f"ci:{checkin.id}:{'effort' if field == 'pain' else 'feel'}"
    now = svc.clock.now()
    if not await svc.storage.coaching.answer_checkin(checkin, now, asked, **{field: value}):
        return  # the check-in was deleted meanwhile (/delete)
    user.awaiting, user.awaiting_since = asked, now
    if update.callback_query is not None:
        said = _("Pain: {value}/10") if field == "pain" else _("Effort: {value}/10")
        await settle(update, said.format(value=value))
    if field == "pain":
        if await _flare_check(update, context, user, value):
            await _await(context, user, asked)  # the flare notice asked its own question
        await send_effort_question(update, checkin.id)
    else:
        await show_feels(update, context, user, checkin, in_place=False)


async def show_feels(
    update: Update,
    context: Context,
    user: User,
    checkin: Checkin,
    in_place: bool,
    each: bool = False,
) -> None:
    svc = services(context)
    workout = await svc.storage.coaching.workout(user.id, checkin.workout_id or 0)
    if workout is None:
        return
    if checkin.applied_at is not None:  # an old feel message: the saved check-in stays as it is
        await settle(update, _("Already saved."))
        return
    text, markup = feel_message(checkin, workout, each)
    if in_place:
        await edit_or_reply(update, text, markup)
    else:
        await reply(update, text, markup)


async def take_feel(
    update: Update, context: Context, user: User, checkin: Checkin, index: str, key: str
) -> None:
    svc = services(context)
    workout = await svc.storage.coaching.workout(user.id, checkin.workout_id or 0)
    if workout is None or not index.isdigit() or int(index) >= len(workout.routine):
        return
    if key not in FEELS or checkin.applied_at is not None:
        return
    exercise = workout.routine[int(index)]["exercise_id"]
    feels = {**checkin.feels, exercise: FEELS[key]}
    checkin = (
        await svc.storage.coaching.update_checkin(user.id, checkin.id, svc.clock.now(), feels=feels)
        or checkin
    )
    await show_feels(update, context, user, checkin, in_place=True, each=True)


async def show_why(update: Update, context: Context, user: User, checkin: Checkin) -> None:
    """ "Why?" under a check-in's summary: every reason that check-in gave, not just three."""
    changes = await services(context).storage.coaching.changes_for(user.id, checkin.id)
    if not changes:
        await reply(update, _("That check-in changed nothing, so there's nothing to explain."))
        return
    lines = "\n".join(f"• {change.reason}" for change in changes)
    await reply(
        update,
        _("Why, in full:\n{lines}\n\nAll earlier changes are in /history.").format(lines=lines),
    )


async def take_all_right(update: Update, context: Context, user: User, checkin: Checkin) -> None:
    svc = services(context)
    workout = await svc.storage.coaching.workout(user.id, checkin.workout_id or 0)
    if workout is None or checkin.applied_at is not None:
        return
    feels = dict(checkin.feels)
    for exercise, result in workout.results.items():
        if result == "done":
            feels.setdefault(exercise, "right")
    await svc.storage.coaching.update_checkin(user.id, checkin.id, svc.clock.now(), feels=feels)
    fresh = await svc.storage.coaching.checkin(user.id, checkin.id)
    if fresh is not None:
        await save_session_checkin(update, context, user, fresh)


async def save_session_checkin(
    update: Update, context: Context, user: User, checkin: Checkin
) -> None:
    svc = services(context)
    if checkin.applied_at is not None:
        return
    workout = await svc.storage.coaching.workout(user.id, checkin.workout_id or 0)
    if workout is None:
        return
    async with svc.storage.one_commit():  # a retry after a fault finds all of it saved or none
        if (user.awaiting or "").startswith(f"ci:{checkin.id}:"):
            await _await(context, user, None)  # saved: its questions are closed
        plan = await load_plan(svc, user)
        now = svc.clock.now()
        outcome = SessionOutcome(
            variant=workout.variant,  # type: ignore[arg-type]
            done=[ex for ex, result in workout.results.items() if result in ("done", "too_hard")],
            feels=dict(checkin.feels),
            at=_local(user, now),
            skipped=[ex for ex, result in workout.results.items() if result == "skipped"],
            pain=checkin.pain,
            effort=checkin.effort,
            workout=workout.id,
        )
        new_plan, changes = apply_session(svc.catalogue, plan, outcome, limits_for(user))
        await store_result(svc, user, checkin, plan, new_plan, changes)
        if workout.status == "finished":
            local_day = (workout.ended_at or now).astimezone(_tz(user)).date()
            await svc.storage.habits.mark(user.id, local_day, "done")
        await svc.planner.schedule_morning(user.id, workout.ended_at or now, now)
        # A flare this check-in's pain started (when it was typed) calls for its lesson now.
        during = await svc.storage.coaching.changes_since(user.id, checkin.created_at)
        started = [
            Change(c.exercise, c.variable, c.from_value, c.to_value, c.reason, "flare_on")
            for c in during
            if c.kind == "flare_on" and c.checkin_id is None
        ]
        lesson = await lesson_due(svc, user, [*changes, *started])
        line = await habit_line(svc, user)
    summary = describe_changes(changes)
    baseline = baseline_text(svc.catalogue.rules, new_plan)
    text = _("Saved, thank you.") + f"\n\n{summary}\n{baseline}\n\n{line}"
    buttons = [_button(_("✏️ Correct my answers"), f"ci:{checkin.id}:redo")]
    if changes:  # the summary names three; "Why?" opens them all
        buttons.insert(0, _button(_("❓ Why?"), f"ci:{checkin.id}:why"))
    await edit_or_reply(update, text, Markup([buttons]))
    await _follow_up(update, context, user, new_plan, changes)
    if lesson is not None:
        await send_lesson(update, lesson)


async def redo_checkin(update: Update, context: Context, user: User, checkin: Checkin) -> None:
    """Re-open a saved check-in: the plan goes back to how it was, and the questions come again."""
    svc = services(context)
    latest = await svc.storage.coaching.latest_checkin(user.id, "session")
    if checkin.applied_at is None or checkin.plan_before is None:
        await ask_pain(update, context, user, checkin.id)
        return
    if latest is None or latest.id != checkin.id:
        await reply(update, _("Only your latest check-in can be corrected."))
        return
    now = svc.clock.now()
    await svc.storage.coaching.save_plan(user.id, checkin.plan_before, now)
    await svc.storage.coaching.update_checkin(user.id, checkin.id, now, applied_at=None)
    await settle(update, _("Let's redo it."))
    await ask_pain(update, context, user, checkin.id)


# --- the next morning ------------------------------------------------------------------------


async def morning_question(svc: Services, user: User) -> tuple[str, Markup | None]:
    """The text and buttons of the next-morning nudge, for the latest session."""
    workouts = await svc.storage.coaching.workouts_since(user.id, svc.clock.now() - MORNING_WINDOW)
    workout_id = workouts[-1].id if workouts else 0
    return _("Good morning — how's your back compared with usual?"), _morning_buttons(workout_id)


def _morning_buttons(workout_id: int) -> Markup:
    return Markup(
        [[_button(_(COMPARED_LABELS[word]), f"am:{workout_id}:{word}") for word in COMPARED]]
    )


async def ask_missed_morning(update: Update, context: Context, user: User) -> None:
    """The morning question of the latest session, once more, when it went unanswered this
    morning (or was never sent, a pause or a hold lasting past noon): one line with its three
    buttons, at the next contact from noon into the afternoon, and only once. Asking opens the
    morning check-in, which marks it asked (and tells the planner it is no longer owed)."""
    svc = services(context)
    now = svc.clock.now()
    local = _local(user, now)
    if not MORNING_ENDS <= local.time() < MISSED_MORNING_UNTIL:
        return
    fresh = await svc.storage.users.get(user.id)  # as the reply just given left them
    if fresh is None or fresh.consent_at is None or fresh.red_flags == "urgent":
        return
    if fresh.onboarding_step is not None or not _free_to_ask(fresh.awaiting):
        return
    midnight = to_utc(local.date(), time(0, 0), _tz(user))
    workouts = await svc.storage.coaching.workouts_since(user.id, now - MORNING_WINDOW)
    latest = workouts[-1] if workouts else None
    if latest is None or latest.ended_at is None or latest.ended_at >= midnight:
        return  # no session, or one today: its morning is tomorrow's
    checkins = await svc.storage.coaching.checkins_since(user.id, latest.started_at)
    if not any(c.kind == "session" and c.workout_id == latest.id for c in checkins):
        return  # no saved check-in: the morning after has nothing to judge
    if any(c.kind == "next_morning" and c.created_at >= (latest.ended_at or now) for c in checkins):
        return  # answered, asked again already, or a day logged as bad
    if await _morning_just_sent(svc, user.id, now):
        return  # never the same question twice within the hour
    await svc.storage.coaching.open_checkin(user.id, "next_morning", latest.id, now)
    await reply(update, _(ASK_MISSED_MORNING), _morning_buttons(latest.id))


def _free_to_ask(awaiting: str | None) -> bool:
    """Nothing asked that wants typed words (a rating, a set-up question, a session step):
    at most a menu or /today's Start is open."""
    return not awaiting or awaiting.startswith(("menu:", "go:"))


async def _morning_just_sent(svc: Services, user_id: int, now: datetime) -> bool:
    """A morning question still to come, or sent within the last hour."""
    if any(nudge.slot == "morning" for nudge in await svc.storage.nudges.pending(user_id)):
        return True
    return any(
        nudge.slot == "morning" and nudge.sent_at is not None and now - nudge.sent_at < ONE_HOUR
        for nudge in await svc.storage.nudges.log(user_id, limit=20)
    )


async def missed_morning_asked(svc: Services, user: User) -> int | None:
    """The session (its workout id) whose morning question was asked again today and is not
    answered yet, so "same" or "worse" typed now answers it."""
    now = svc.clock.now()
    midnight = to_utc(_local(user, now).date(), time(0, 0), _tz(user))
    for checkin in reversed(await svc.storage.coaching.checkins_since(user.id, midnight)):
        if checkin.kind != "next_morning":
            continue
        unanswered = checkin.compared is None and checkin.pain is None
        if unanswered and checkin.applied_at is None and checkin.workout_id is not None:
            return checkin.workout_id
        return None
    return None


async def on_morning_button(update: Update, context: Context, data: str | None = None) -> None:
    """ "am:<workout>:better|same|worse" then "am:<workout>:pain:<n>" (or typed: `data` is then
    what the words mean, and goes the same way as the button)."""
    query = update.callback_query
    parts = (data or (query.data if query is not None else None) or "").split(":")
    user = await current_user(update, context)
    if user is None or len(parts) < 3 or not parts[1].isdigit():
        if query is not None:
            await query.answer(_(texts.STALE_BUTTON))
        return
    if query is not None:
        await query.answer()
    await take_morning(update, context, user, parts)


async def take_morning(update: Update, context: Context, user: User, parts: list[str]) -> None:
    """A morning answer, tapped or typed: its button's data split on ":"."""
    svc = services(context)
    if user.consent_at is None:
        await settle(update, _("Thanks! (Ratings aren't stored: see /settings.)"))
        return
    workout_id = int(parts[1]) or None
    if workout_id is not None and await svc.storage.coaching.workout(user.id, workout_id) is None:
        return
    checkin = await svc.storage.coaching.open_checkin(
        user.id, "next_morning", workout_id, svc.clock.now()
    )
    if parts[2] in COMPARED:
        checkin = (
            await svc.storage.coaching.update_checkin(
                user.id, checkin.id, svc.clock.now(), compared=parts[2]
            )
            or checkin
        )
        await settle(update, _(COMPARED_SAID[parts[2]]))
        await _await(context, user, f"am:{checkin.id}")
        skip = _button(_("Skip"), f"am:{parts[1]}:pain:skip")
        await reply(
            update,
            _("And how much does it hurt right now, 0–10?"),
            Markup([*_scale(f"am:{parts[1]}:pain:"), [skip]]),
        )
        if parts[2] == "worse" and checkin.applied_at is None:  # judged now, as usual + 2
            await _judge_morning(update, context, user, checkin, None)
    elif parts[2] == "pain" and len(parts) == 4:
        await take_morning_pain(update, context, user, checkin, parts[3])


async def take_morning_pain(
    update: Update, context: Context, user: User, checkin: Checkin, raw: str
) -> None:
    svc = services(context)
    pain = None if raw == "skip" else parse_rating(raw)
    if pain is None and raw != "skip":
        await reply(update, _("Please send a number from 0 to 10, or tap Skip."))
        return
    await _await(context, user, None)
    now = svc.clock.now()
    checkin = await svc.storage.coaching.update_checkin(user.id, checkin.id, now, pain=pain) or (
        checkin
    )
    if update.callback_query is not None:
        await settle(
            update, _("Now: {pain}/10.").format(pain=pain) if pain is not None else _("Skipped.")
        )
    if checkin.compared is None:
        await reply(update, _("Thanks, noted."))
        return
    if checkin.applied_at is not None:  # "Worse" was judged already: only a flare can follow
        if pain is not None:
            plan = await load_plan(svc, user)
            new_plan, changes = apply_next_morning(
                svc.catalogue, plan, _response(user, checkin, svc.clock.now())
            )
            await record_changes(svc, user, new_plan, changes)
            await _follow_up(update, context, user, new_plan, changes)
        await reply(update, _("Thanks, noted."))
        return
    await _judge_morning(update, context, user, checkin, _("Thanks!"))


async def _judge_morning(
    update: Update, context: Context, user: User, checkin: Checkin, thanks: str | None
) -> None:
    """The engine on a morning answer, about the session its workout names."""
    svc = services(context)
    async with svc.storage.one_commit():  # a retry after a fault finds all of it saved or none
        plan = await load_plan(svc, user)
        new_plan, changes = apply_next_morning(
            svc.catalogue, plan, _response(user, checkin, svc.clock.now())
        )
        await store_result(svc, user, checkin, plan, new_plan, changes)
        lesson = await lesson_due(svc, user, changes, morning=True)
    summary = describe_changes(changes, quiet_if_none=True)
    if not summary and checkin.compared == "worse":
        summary = _worse_morning_line(svc, new_plan)
    text = "\n\n".join(part for part in (thanks, summary) if part)
    if text:
        await reply(update, text)
    await _follow_up(update, context, user, new_plan, changes)
    if lesson is not None:
        await send_lesson(update, lesson)


def _response(user: User, checkin: Checkin, now: datetime) -> NextMorning:
    return NextMorning(
        checkin.compared,  # type: ignore[arg-type]
        checkin.pain,
        at=_local(user, now),
        workout=checkin.workout_id,
    )


def _worse_morning_line(svc: Services, plan: PlanState) -> str:
    """What a worse morning changes, when the plan itself did not change: in one line."""
    if plan.flare:
        return _("Your routines stay short and gentle while your back settles.")
    left = svc.catalogue.rules.flare.high_mornings_to_enter - plan.high_mornings
    if plan.high_mornings and left == 1:
        return _("Noted. If tomorrow morning is hard too, I'll switch you to gentler routines.")
    if plan.high_mornings:
        return _("Noted. A few more hard mornings in a row and your routines get gentler.")
    return _("Noted. Nothing new goes up until your back settles again.")


async def on_typed_rating(update: Update, context: Context, user: User, text: str) -> None:
    """Typed numbers while a check-in question is open ("4", "4/10", "about 4")."""
    svc = services(context)
    awaiting = user.awaiting or ""
    parts = awaiting.split(":")
    if len(parts) < 2 or not parts[1].isdigit():
        return
    checkin = await svc.storage.coaching.checkin(user.id, int(parts[1]))
    if checkin is None:
        await _await(context, user, None)
        await reply(update, _(texts.NOT_UNDERSTOOD))
        return
    skipped = parts[0] == "am" and text == "skip"  # the morning pain has a Skip button
    effort_words = parts[0] == "ci" and parts[2:] == ["effort"] and effort_in(text) is not None
    if parse_rating(text) is None and not skipped and not effort_words:
        await reply(
            update,
            _(
                'I need a number from 0 to 10 — for example "3" or "4/10". '
                "Or tap one of the buttons above."
            ),
        )
        return
    if parts[0] == "ci" and len(parts) == 3:
        await take_rating(update, context, user, checkin, parts[2], text)
    elif parts[0] == "am":
        await take_morning_pain(update, context, user, checkin, text)


# --- shared ------------------------------------------------------------------------------------


async def _flare_check(update: Update, context: Context, user: User, pain: int) -> bool:
    """A rating this high starts the flare protocol at once, not only when the check-in is
    saved: the safety question should not wait for the effort and feel answers. True if it
    started one. Below the absolute floor no baseline makes a flare: the plan is not read."""
    svc = services(context)
    if not may_flare(svc.catalogue.rules, pain):
        return False
    plan = await load_plan(svc, user)
    b = current_baseline(svc.catalogue.rules, plan)
    if plan.flare or not flare_rating(svc.catalogue.rules, pain, b):
        return False
    signals = await enter_flare(svc, user, flare_pain_why(pain, b))
    await flare_notice(update, context, user)
    for signal in signals:
        await offer_recheck(context.bot, svc, user, signal)
    return True


async def _follow_up(
    update: Update, context: Context, user: User, plan: PlanState, changes: list[Change]
) -> None:
    """What the engine's result asks of the conversation: the flare notice with its safety
    question, and the full safety check again when the coaching noticed a reason for it."""
    if any(change.kind == "flare_on" for change in changes):
        await flare_notice(update, context, user)
    for signal in plan.signals:
        if signal in RECHECK_WHY:
            await offer_recheck(context.bot, services(context), user, signal)
        elif signal in SIGNAL_NOTES:
            await reply(update, _(SIGNAL_NOTES[signal]))
        elif signal == ASK_MORNING and len(plan.session_log) > 1:
            previous = plan.session_log[-2][1] or 0
            await reply(update, _(ASK_THIS_MORNING), _morning_buttons(previous))


async def _await(context: Context, user: User, key: str | None) -> None:
    await services(context).storage.users.set(
        user, awaiting=key, awaiting_since=services(context).clock.now()
    )


def _tz(user: User) -> ZoneInfo:
    return zone(user.timezone)


def _local(user: User, moment: datetime) -> datetime:
    """The engine counts days and weeks as the person lives them."""
    return moment.astimezone(_tz(user))

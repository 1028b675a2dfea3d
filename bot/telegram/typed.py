"""Typed messages: a button's label typed instead of tapped, short words that mean what they say
where they are typed, and free text read for its meaning before "I didn't understand".

`users.awaiting` names what the person was last asked ("tz", "ci:7:pain", "wo:12:345", "pause",
"erase"...). The buttons of that question are re-derived from its definition and typed text is
matched against their labels (bot/understanding/intents.py), so nothing extra is stored. Warning
signs (bot/understanding/symptoms.py) are read before anything else, wherever they are typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import i18n
from bot.coaching.nudge_timing import to_utc
from bot.coaching.ratings import BORG_CR10, parse_rating
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import (
    flare,
    nudges,
    outcomes,
    own_exercise,
    privacy,
    progress,
    routine,
    safety,
    walking,
)
from bot.telegram.checkin import (
    MORNING_WINDOW,
    ask_missed_morning,
    feel_message,
    missed_morning_asked,
    morning_question,
    on_morning_button,
    on_typed_rating,
    save_session_checkin,
    take_all_right,
    take_morning,
)
from bot.telegram.common import Context, Services, reply, services
from bot.telegram.day import done_today, local_day
from bot.telegram.help import show_help
from bot.telegram.parsing import zone
from bot.telegram.people import ready_user
from bot.telegram.questions import (
    AT_LEAST_ONE,
    NONE_OF_THESE,
    QUESTIONS,
    resolve,
    settings_keyboard,
    summary,
    typed_choice,
    urgent_signs,
)
from bot.telegram.rules import on_typed_rule
from bot.telegram.setup import ask, show_settings, svc_update, take_answer
from bot.understanding.answers import compared_in
from bot.understanding.intents import Intents, load_intents, normalise, parse_duration
from bot.understanding.minutes import parse_minutes
from bot.understanding.symptoms import Finding, Symptoms, load_symptoms
from bot.understanding.times import normalize, read_time

Buttons = Sequence[tuple[str, str]]
# Words typed this long after the morning question ("worse", "same as usual") answer it.
MORNING_REPLY_WINDOW = timedelta(hours=12)
Command = Callable[[Update, Context], Awaitable[None]]

# The menus' labels in English, shown (and matched when typed) in the person's language.
MAIN_MENU = (
    (N_("📋 Today's routine"), "menu:today"),
    (N_("😣 My back hurts"), "menu:pain"),
    (N_("⏸ Pause reminders"), "menu:pause"),
    (N_("❓ Help"), "menu:help"),
)
PAIN_MENU = (
    (N_("🔥 It's a flare-up"), "menu:flare"),
    (N_("🌿 A gentle session now"), "go:flare"),
    (N_("📝 Log a bad day and rest"), "skip:pain"),
)
QUIET_MENU = ((N_("⏸ Pause reminders"), "menu:pause"), (N_("⏹ Stop all messages"), "menu:stop"))
MENUS = {"menu:main": MAIN_MENU, "menu:pain": PAIN_MENU, "menu:quiet": QUIET_MENU}
UNSURE_BUTTONS = ((N_("Yes, I have one of these"), "redflag:typed"), (N_("No"), "redflag:none"))
FLARE_BUTTONS = ((NONE_OF_THESE, "redflag:no"), (AT_LEAST_ONE, "redflag:yes"))

SOON_LEAD = N_("What you describe — {says} — is worth a doctor's look.")
NOT_SURE = N_(
    "I'm not sure what you mean — I understand buttons and a few plain words (/help has the "
    "rest). Is it one of these?"
)
PAIN_TEXT = N_(
    "Sorry your back is giving you a hard time. Bad days happen and usually pass. "
    "What would help most?"
)
PAIN_SCORE_TEXT = N_("Sorry it's {score}/10 today — that's a lot. What would help most?")
QUIET_TEXT = N_("Do you want a break from reminders, or to stop all messages?")
BETTER_TEXT = N_("Great to hear! Keep moving gently — /today has your routine.")
# The session's own buttons, named as the person's language labels them.
SESSION_WORDS = N_('In a session I understand "done", "skip", "too hard", "back" and "stop".')
SESSION_PAIN = N_("Sorry it hurts. 😣 Too hard shows an easier way; ⏹ Stop is fine too.")
ASK_SIGN = N_(
    "Just to be safe — do you have {sign} right now? Any of these, right now, needs urgent care:"
)
ASK_SIGNS = N_("Just to be safe — any of these? Any of these, right now, needs urgent care:")
# A typed "done" or "later" answers the latest reminder if it came this recently.
REMINDER_REPLY_WINDOW = timedelta(hours=1)
# The morning message's own buttons for the routine it carries, and what typed words choose.
MORNING_ROUTINE_BUTTONS = ((nudges.START_NOW, "start"), (nudges.LATER_LABEL, "later"))
LATER_WHEN = N_('What time suits you? Type it like "at 18:00".')
# A later time typed must be at least this far ahead, today.
SOONEST_LATER = timedelta(minutes=5)


def shown(buttons: Buttons) -> list[tuple[str, str]]:
    """(label, data) of buttons kept in English, as the person sees them: what a typed label is
    matched against."""
    return [(_(label), data) for label, data in buttons]


def markup(buttons: Buttons, per_row: int = 1) -> InlineKeyboardMarkup:
    keys = [InlineKeyboardButton(label, callback_data=data) for label, data in shown(buttons)]
    return InlineKeyboardMarkup([keys[i : i + per_row] for i in range(0, len(keys), per_row)])


def labels(keyboard: InlineKeyboardMarkup) -> list[tuple[str, str]]:
    """(label, callback data) of every button, as shown."""
    return [
        (button.text, str(button.callback_data))
        for row in keyboard.inline_keyboard
        for button in row
        if button.callback_data is not None
    ]


def read_signs(context: Context, text: str) -> Finding:
    return load_symptoms(services(context).settings.data_dir).read(text)


def sign_words(symptoms: Symptoms, sign: str) -> str:
    """A warning sign's plain words in the person's language ("chest pain", "Brustschmerzen"),
    in English where that language's list does not name it."""
    reader = symptoms.readers.get(i18n.current())
    try:
        return symptoms.says(sign) if reader is None else reader.says(sign)
    except StopIteration:
        return symptoms.says(sign)


async def stated_urgent_sign(update: Update, context: Context, user: User, text: str) -> bool:
    """An urgent warning sign stated in any message, whatever was asked (on the urgent screen
    too): the safety screen's urgent path (seek care now, reminders cancelled, programme on
    hold)."""
    if read_signs(context, text).level != "urgent":
        return False
    await safety.urgent_stop(update, context, user, "typed_urgent")
    return True


async def stated_soon_sign(update: Update, context: Context, user: User, text: str) -> bool:
    """A "see a doctor soon" sign stated in any message: the screen's own "soon" answer (careful
    mode, the doctor question in a week), said back in the sign's words. The open question
    stays open: a set-up question is asked again, a rating still takes its number."""
    found = read_signs(context, text)
    if found.level != "soon" or user.red_flags == "urgent":
        return False
    awaiting = user.awaiting or ""
    answer = QUESTIONS["soon"].from_button(user, "yes")
    if awaiting == "soon":  # the screen's own question, answered in words
        await take_answer(update, context, user, "soon", answer, False)
        return True
    svc = services(context)
    now = svc.clock.now()
    updates = {column: resolve(value, now) for column, value in answer.updates.items()}
    user = await svc.storage.users.update(user.id, **updates)
    await svc.storage.safety.record(user.id, "typed_soon", answer.log or "soon", now)
    await svc.planner.replan_all(user.id, now)
    says = (
        found.says
        if found.sign is None
        else sign_words(load_symptoms(svc.settings.data_dir), found.sign)
    )
    await reply(update, _(SOON_LEAD).format(says=says) + "\n\n" + (answer.note or ""))
    if awaiting in QUESTIONS:
        await ask(update, context, user, awaiting)
    elif awaiting.startswith(("ci:", "am:")):  # the rating still takes its number
        await _rating(update, context, user, text, load_intents(svc.settings.data_dir))
    return True


async def on_typed(update: Update, context: Context, user: User, text: str) -> None:
    """Everything typed that is not a command: the open question first, then free text."""
    intents = load_intents(services(context).settings.data_dir)
    if await answer_open_question(update, context, user, text, intents):
        return
    if user.onboarding_step is not None:
        await reply(update, _("Please answer the question above — tap a button."))
        return
    await answer_free_text(update, context, user, text, intents)
    await ask_missed_morning(update, context, user)


async def answer_open_question(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> bool:
    """Typed text as the answer to what was last asked; False when it isn't one."""
    awaiting = user.awaiting or ""
    if awaiting in QUESTIONS:
        await _setup_question(update, context, user, text, intents)
        return True
    if awaiting.endswith(":feel"):
        return await _feels(update, context, user, text, intents)
    if awaiting.startswith(("ci:", "am:")):
        if awaiting.startswith("am:") and await _start_or_later(
            update, context, user, text, intents
        ):
            return True  # the morning message's ▶️ Start now / ⏰ Later, typed
        if _says_something_else(text, intents):  # "my back is sore today": not refused
            await answer_free_text(update, context, user, text, intents)
            fresh = await services(context).storage.users.get(user.id)
            if fresh is not None and (fresh.awaiting or "").startswith("menu:"):
                await svc_update(context, fresh, awaiting=awaiting)  # the rating still counts
            return True
        await _rating(update, context, user, text, intents)
        return True
    if awaiting.startswith("rule:"):
        if intents.word(text) == "cancel":
            await _close(update, context, user, _("OK, no change to your rules."))
        else:
            await on_typed_rule(update, context, user, text)
        return True
    if awaiting.startswith("wo:"):
        return await _step(update, context, user, text, intents)
    if awaiting.startswith("own:"):
        if intents.word(text) == "cancel":
            await _close(update, context, user, _("OK — /myexercise whenever you like."))
        else:
            await own_exercise.take_typed(update, context, user, text)
        return True
    if awaiting == outcomes.ASKING_NAME:
        if intents.word(text) == "cancel":
            await _close(update, context, user, _("OK — send /goals whenever you like."))
        else:
            await outcomes.take_name(update, context, user, text)
        return True
    if awaiting.startswith("psfs:") and (score := parse_rating(text)) is not None:
        index = awaiting.removeprefix("psfs:")
        if index.isdigit():  # the weekly re-rating, typed: the same as its button
            await progress.take_transition_rating(update, context, user, int(index), score)
            return True
    if awaiting == walking.ASKING and parse_minutes(text) is not None:
        await walking.take_minutes(update, context, user, text)
        return True
    answered = await _short_question(update, context, user, text, intents)
    if not answered and awaiting:
        await svc_update(context, user, awaiting=None)  # they moved on
    return answered


async def _setup_question(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> None:
    """A set-up question (onboarding or /settings): a label, a word, or the typed value."""
    key = user.awaiting or ""
    question = QUESTIONS[key]
    if intents.word(text) == "cancel" and user.onboarding_step is None:
        await svc_update(context, user, awaiting=None)
        await reply(update, _("OK, nothing changed.") + "\n\n" + summary(user), settings_keyboard())
        return
    if question.typed_first and question.from_text is not None:
        read = question.from_text(user, text)  # "sat" is Saturday, not "Sat 09:00"
        if read.error is None:
            await take_answer(update, context, user, key, read, False)
            return
    _asked, keyboard = question.ask(user)
    prefix = f"set:{key}:"
    buttons = [(label, data.removeprefix(prefix)) for label, data in labels(keyboard)]
    value = intents.match_button(text, buttons)
    if value is None:
        value = typed_choice(key, text, [value for _label, value in buttons])
    if value is not None:
        await take_answer(update, context, user, key, question.from_button(user, value), False)
        return
    if question.from_text is None:  # one line: the question and its buttons are just above
        await count_miss(context, f"question:{key}")
        await reply(update, _('Please tap one of the buttons above, or type "yes" or "no".'))
        return
    answer = question.from_text(user, text)
    if answer.error:
        await count_miss(context, f"question:{key}")
    await take_answer(update, context, user, key, answer, False)


def _says_something_else(text: str, intents: Intents) -> bool:
    """No number and no answer word, but a message with a meaning of its own."""
    if parse_rating(text) is not None or intents.word(text) is not None:
        return False
    return intents.read(text).kind != "unknown"


async def _rating(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> None:
    """A check-in number; the effort scale's words and the morning's Skip work typed too."""
    awaiting = user.awaiting or ""
    word = intents.word(text)
    if word == "cancel":
        await _close(update, context, user, _("OK — no rating this time."))
        return
    if awaiting.startswith("am:") and word in ("skip", "no"):
        text = "skip"
    elif awaiting.endswith(":effort"):
        scale = [(f"{score} · {_(words)}", str(score)) for score, words in BORG_CR10.items()]
        text = intents.match_button(text, scale) or text
    await on_typed_rating(update, context, user, text)


async def _feels(update: Update, context: Context, user: User, text: str, intents: Intents) -> bool:
    """The last check-in question: "all right" or "save" (or "done") typed."""
    svc = services(context)
    checkin_id = (user.awaiting or "").split(":")[1]
    checkin = await svc.storage.coaching.checkin(user.id, int(checkin_id or 0))
    if checkin is None:
        return False
    workout = await svc.storage.coaching.workout(user.id, checkin.workout_id or 0)
    if workout is None:
        return False
    _text, keyboard = feel_message(checkin, workout)
    finish = [(label, data.rsplit(":", 1)[1]) for label, data in labels(keyboard)]
    finish = [(label, action) for label, action in finish if action in ("allright", "save")]
    word = intents.word(text)
    chosen = {"done": "save", "fine": "allright"}.get(word or "") or intents.match_button(
        text, finish
    )
    if chosen is None:
        return False
    await svc_update(context, user, awaiting=None)
    if chosen == "allright":
        await take_all_right(update, context, user, checkin)
    else:
        await save_session_checkin(update, context, user, checkin)
    return True


async def _step(update: Update, context: Context, user: User, text: str, intents: Intents) -> bool:
    """ "done", "skip", "too hard", "stop" (the session, not /stop) during a guided session."""
    svc = services(context)
    workout_id = (user.awaiting or "").removeprefix("wo:").split(":")[0]
    workout = await svc.storage.coaching.workout(user.id, int(workout_id or 0))
    if workout is None or workout.status != "started":
        await svc_update(context, user, awaiting=None)
        return False
    _text, keyboard = routine.step_message(workout)
    plain = normalise(text)
    typed = "stop" if intents.word(text) == "cancel" else text
    chosen = intents.match_button(typed, labels(keyboard))
    if plain in intents.words.get("undo", ()):  # "back" is a step back here, not a way out
        chosen = "undo"
    elif plain in intents.words.get("next", ()):
        chosen = "done"
    if chosen is None:  # the session stays open: the next "done" still counts
        kind = intents.read(text).kind
        if kind in ("thanks", "emoji"):
            await answer_free_text(update, context, user, text, intents)
        else:
            await reply(update, _(SESSION_PAIN) if kind == "pain" else _(SESSION_WORDS))
        return True
    action = chosen.rsplit(":", 1)[-1]
    await routine.take_step(update, context, user.id, workout.id, workout.position, action)
    return True


async def _short_question(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> bool:
    """Questions answered in one tap: /delete, /pause, the urgent signs, /today's Start or
    Skip, the reasons for skipping, and the bot's own menus."""
    awaiting = user.awaiting or ""
    if awaiting and intents.word(text) == "cancel":
        if awaiting == "erase":
            await privacy.erase_answer(update, context, user.id, False)
        else:
            await _close(update, context, user, _("OK."))
        return True
    if awaiting == "erase":
        chosen = intents.match_button(text, privacy.erase_choices())
        if chosen is not None:
            await privacy.erase_answer(update, context, user.id, chosen == "erase:yes")
        return chosen is not None
    if awaiting == "pause":
        return await _pause(update, context, user, text, intents)
    if awaiting.startswith("redflag"):
        buttons = UNSURE_BUTTONS if awaiting == "redflag:ask" else FLARE_BUTTONS
        chosen = intents.match_button(text, shown(buttons))
        if chosen is not None:
            await safety.red_flag_chosen(update, context, user, chosen)
        return chosen is not None
    if awaiting.startswith("go:"):
        offered = labels(routine.routine_markup(awaiting.removeprefix("go:")))
        return await _menu_choice(update, context, user, intents.match_button(text, offered))
    if awaiting == "skip":
        reasons = [(_(label), f"skip:{key}") for key, label in routine.SKIP_REASONS.items()]
        return await _menu_choice(update, context, user, intents.match_button(text, reasons))
    if awaiting in MENUS:
        chosen = intents.match_button(text, shown(MENUS[awaiting]))
        return await _menu_choice(update, context, user, chosen)
    return False


async def _pause(update: Update, context: Context, user: User, text: str, intents: Intents) -> bool:
    """A /pause length: one of the buttons, or typed ("2 hours", "a week")."""
    choice = intents.match_button(text, shown(nudges.PAUSE_BUTTONS))
    if choice is not None:
        await nudges.apply_pause(update, context, user, nudges.PAUSES.get(choice))
        return True
    length = parse_duration(text)
    if length is not None:
        await nudges.apply_pause(update, context, user, length)
        return True
    if intents.word(text) == "no":
        await _close(update, context, user, _("OK, reminders stay on."))
        return True
    return False


async def _close(update: Update, context: Context, user: User, note: str) -> None:
    await svc_update(context, user, awaiting=None)
    await reply(update, note)


# --- free text ---------------------------------------------------------------------------


async def answer_free_text(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> None:
    """No question open: what the message is about, or the few things people most often want."""
    if await _morning_words(update, context, user, text):
        return
    if await _start_or_later(update, context, user, text, intents):
        return
    if await _reminder_reply(update, context, user, text, intents):
        return
    reading = intents.read(text)
    kind = reading.kind
    if kind == "urgent":
        await safety.urgent_stop(update, context, user, "typed_urgent")
    elif kind == "soon":
        await stated_soon_sign(update, context, user, text)
    elif kind == "urgent_unsure":
        await count_miss(context, "urgent: not sure")
        await ask_about_signs(update, context, user, reading.sign)
    elif kind == "pain":
        score = reading.score
        words = _(PAIN_SCORE_TEXT).format(score=score) if score and score >= 7 else _(PAIN_TEXT)
        await show_menu(update, context, user, "menu:pain", words)
    elif kind == "walked" and parse_minutes(text):
        await walking.take_minutes(update, context, user, text)
    elif kind == "better":
        if not await flare.said_better(update, context, user, intents.better_outright(text)):
            await reply(update, _(BETTER_TEXT))
    elif kind == "not_better":
        if not await flare.said_not_better(update, context, user):
            await show_menu(update, context, user, "menu:pain", _(PAIN_TEXT))
    elif kind == "quiet":
        await show_menu(update, context, user, "menu:quiet", _(QUIET_TEXT))
    elif kind == "skip_today":  # the reason when it was said ("keine Zeit"), else asked
        reason = SKIP_WORDS.get(intents.word(text) or "", "")
        await routine.skip_today(update, context, user, reason)
    elif kind in COMMANDS:
        await COMMANDS[kind](update, context)
    elif kind == "greeting":
        hello = (
            _("Hi {name}! What would you like to do?").format(name=user.first_name)
            if user.first_name
            else _("Hi! What would you like to do?")
        )
        await show_menu(update, context, user, "menu:main", hello)
    elif kind == "thanks":
        await reply(update, _("You're welcome! 🙂") if intents.thanked(text) else "👍")
    elif kind == "emoji":
        await reply(update, "🙂")
    else:
        await count_miss(context, "free text")
        await show_menu(update, context, user, "menu:main", _(NOT_SURE))


async def _morning_words(update: Update, context: Context, user: User, text: str) -> bool:
    """ "worse", "same as usual", "a bit better actually" typed after the morning question, not
    yet answered: the same as its button."""
    word = compared_in(text)
    if word is None:
        return False
    svc = services(context)
    asked_again = await missed_morning_asked(svc, user)
    if asked_again is not None:
        await on_morning_button(update, context, f"am:{asked_again}:{word}")
        return True
    now = svc.clock.now()
    sent = next(
        (
            nudge.sent_at
            for nudge in await svc.storage.nudges.log(user.id, limit=20)
            if nudge.slot == "morning" and nudge.status == "sent" and nudge.sent_at is not None
        ),
        None,
    )
    if sent is None or now - sent > MORNING_REPLY_WINDOW:
        return False
    if any(
        c.kind == "next_morning" for c in await svc.storage.coaching.checkins_since(user.id, sent)
    ):
        return False  # answered already
    workouts = await svc.storage.coaching.workouts_since(user.id, sent - MORNING_WINDOW)
    workout = [w.id for w in workouts if w.started_at <= sent]
    await on_morning_button(update, context, f"am:{workout[-1] if workout else 0}:{word}")
    return True


async def _start_or_later(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> bool:
    """ "start", "let's go", "now", "later", "after work", "at 6pm" typed while the morning
    message's ▶️ Start now / ⏰ Later is open: the same as its buttons, and a time typed sets
    when the routine is asked about again."""
    svc = services(context)
    now = svc.clock.now()
    chosen = intents.match_button(text, shown(MORNING_ROUTINE_BUTTONS))
    after_work = intents.word(text) == "after_work"
    at = None if chosen or after_work else _typed_later_time(user, text, now)
    if chosen is None and at is None and not after_work:
        return False
    variant = await _open_morning_routine(svc, user)
    if variant is None:
        return False
    if chosen == "start":
        await routine.begin_session(update, context, user, variant)
    elif chosen == "later":
        await nudges.later(update, context)
    elif after_work and (at := _end_of_work(user, now)) is None:
        await reply(update, _(LATER_WHEN))
    elif at is not None:
        await nudges.later_at(update, context, user, at)
    return True


async def _open_morning_routine(svc: Services, user: User) -> str | None:
    """The routine today's morning message carries, while its ▶️ Start now / ⏰ Later is
    open: sent today, not this long ago, and no session started since; None otherwise."""
    now = svc.clock.now()
    sent = next(
        (
            nudge.sent_at
            for nudge in await svc.storage.nudges.log(user.id, limit=20)
            if nudge.slot == "morning" and nudge.status == "sent" and nudge.sent_at is not None
        ),
        None,
    )
    if (
        sent is None
        or now - sent > MORNING_REPLY_WINDOW
        or local_day(user, sent) != local_day(user, now)
    ):
        return None
    if await svc.storage.coaching.workouts_since(user.id, sent) or done_today(user, now):
        return None
    return await nudges.morning_routine(svc, user, sent)


def _typed_later_time(user: User, text: str, now: datetime) -> datetime | None:
    """ "at 6pm", "18:30", "at 6" (the next 6 o'clock today): a time later today, or None. A
    bare number is not a time here (it may be a pain rating)."""
    plain = normalize(text)
    read = read_time(plain) if len(plain) <= 40 else None
    if read is None or not (read[1] or plain.startswith("at ")):
        return None
    at = read[0]
    readings = [at] if read[1] or at.hour >= 12 else [at, at.replace(hour=at.hour + 12)]
    tz = zone(user.timezone)
    for reading in readings:
        due = to_utc(local_day(user, now), reading, tz)
        if due - now >= SOONEST_LATER:
            return due
    return None


def _end_of_work(user: User, now: datetime) -> datetime | None:
    """ "after work": when today's desk hours end, if that is still ahead."""
    day = local_day(user, now)
    if user.desk_end is None or str(day.weekday()) not in user.desk_days.split(","):
        return None
    due = to_utc(day, user.desk_end, zone(user.timezone))
    return due if due - now >= SOONEST_LATER else None


async def _reminder_reply(
    update: Update, context: Context, user: User, text: str, intents: Intents
) -> bool:
    """ "done", "later", "start", "skip" typed soon after a reminder answer that reminder."""
    svc = services(context)
    latest = await svc.storage.nudges.log(user.id, limit=1)
    nudge = latest[0] if latest else None
    if nudge is None or nudge.status != "sent" or nudge.sent_at is None:
        return False
    if svc.clock.now() - nudge.sent_at > REMINDER_REPLY_WINDOW:
        return False
    if nudge.slot == "morning":  # its buttons carry the session's id: made again to match
        _text, keyboard = await morning_question(svc, user)
        chosen = intents.match_button(text, labels(keyboard)) if keyboard else None
        if chosen is not None:
            await take_morning(update, context, user, chosen.split(":"))
        return chosen is not None
    buttons = shown(nudges.reminder_buttons(nudge.slot))
    plain = normalise(text)
    if intents.word(text) is None and plain not in {normalise(label) for label, _data in buttons}:
        return False  # free text is read for its meaning, not matched against a reminder
    chosen = intents.match_button(text, buttons)
    if chosen is not None and chosen in SIT_ANSWERS:
        await SIT_ANSWERS[chosen](update, context)
        return True
    if chosen is not None and chosen.startswith("later:"):
        await nudges.later(update, context)
        return True
    return await _menu_choice(update, context, user, chosen)


async def ask_about_signs(update: Update, context: Context, user: User, sign: str | None) -> None:
    """An urgent sign mentioned, but not as happening now ("what if...", "years ago"): ask
    rather than guess, in the sign's own words. Yes takes the same path as the screen."""
    symptoms = load_symptoms(services(context).settings.data_dir)
    question = _(ASK_SIGN).format(sign=sign_words(symptoms, sign)) if sign else _(ASK_SIGNS)
    await _await(context, user, "redflag:ask")
    await reply(update, question + "\n\n" + urgent_signs(), markup(UNSURE_BUTTONS))


async def show_menu(update: Update, context: Context, user: User, menu: str, text: str) -> None:
    await _await(context, user, menu)
    await reply(update, text, markup(MENUS[menu], per_row=2 if menu == "menu:main" else 1))


async def on_menu_button(update: Update, context: Context) -> None:
    """A tap on one of the menus above ("menu:<what>")."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await ready_user(update, context)
    if user is not None:
        await _menu_choice(update, context, user, query.data)


async def _menu_choice(update: Update, context: Context, user: User, chosen: str | None) -> bool:
    """Do what a menu button (or its typed label) means; False if nothing was chosen."""
    if chosen is None:
        return False
    if (user.awaiting or "").startswith(("menu:", "go:", "skip")):
        await svc_update(context, user, awaiting=None)
    if chosen.startswith("go:"):
        await routine.begin_session(update, context, user, chosen.removeprefix("go:"))
    elif chosen.startswith("skip:"):
        await routine.skip_today(update, context, user, chosen.removeprefix("skip:"))
    elif chosen == "menu:pain":
        await show_menu(update, context, user, "menu:pain", _(PAIN_TEXT))
    elif chosen.removeprefix("menu:") in MENU_COMMANDS:
        await MENU_COMMANDS[chosen.removeprefix("menu:")](update, context)
    else:
        return False
    return True


async def _await(context: Context, user: User, key: str) -> None:
    """Remember what was asked, and when: a typed answer belongs to it for a while."""
    await svc_update(context, user, awaiting=key, awaiting_since=services(context).clock.now())


async def count_miss(context: Context, kind: str) -> None:
    """Counted by kind only; what was typed is never stored or logged."""
    svc = services(context)
    await svc.storage.misses.count(kind, svc.clock.now())


# The reason a typed "skip today" gives, as the Skip today question's buttons name it.
SKIP_WORDS = {"skip_time": "time", "skip_forgot": "forgot", "skip_pain": "pain"}
COMMANDS: dict[str, Command] = {
    "today": routine.today,
    "settings": show_settings,
    "progress": progress.progress,
    "help": show_help,
}
SIT_ANSWERS: dict[str, Command] = {
    "sit:done": nudges.sit_done,
    "sit:snooze": nudges.sit_snooze,
    "sit:away": nudges.sit_away,
}
MENU_COMMANDS: dict[str, Command] = {
    "today": routine.today,
    "flare": flare.flare,
    "pause": nudges.pause,
    "stop": privacy.stop,
    "help": show_help,
}

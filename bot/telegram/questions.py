"""The setup questions, shared by onboarding (/start) and /settings.

Each question knows how to ask itself, how to read a button answer and how to read a typed one.
An answer is a set of column updates for the user's row, or a friendly error to re-ask with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.storage.models import User
from bot.telegram.parsing import (
    WEEKDAY_NAMES,
    days_from_str,
    days_to_str,
    format_days,
    parse_desk_hours,
    parse_time,
    parse_timezone,
    parse_weekday,
)
from bot.telegram.texts import TRANSITION_LABELS

MAX_TRANSITIONS = 3
COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)
DESK_PRESETS = ("0-4|08:00|16:30", "0-4|09:00|17:00", "0-4|09:00|17:30", "0-4|10:00|18:00")
ROUTINE_TIMES = ("07:00", "07:30", "08:00", "12:30", "18:00", "20:00")
WEEKLY_TIMES = ("09:00", "10:00", "17:00", "18:00", "19:00")


class _Now:
    """Stands for "the current time" in an answer; the handler fills in its clock's time."""


NOW = _Now()


@dataclass(frozen=True)
class Answer:
    updates: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    # True when the question stays open after this answer (e.g. ticking transitions one by one).
    stay: bool = False
    # Something to say right after the answer is taken (e.g. "please seek care today").
    note: str | None = None


Keyboard = InlineKeyboardMarkup


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    ask: Callable[[User], tuple[str, Keyboard]]
    from_button: Callable[[User, str], Answer]
    from_text: Callable[[User, str], Answer] | None = None


def _button(text: str, key: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=f"set:{key}:{value}")


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else "not set"


# --- consent -------------------------------------------------------------------------------


def _ask_consent(user: User) -> tuple[str, Keyboard]:
    text = (
        "To adjust your exercises I need to keep your pain and effort ratings. They are health "
        "data: I store them only to coach you, never share them, and you can export or delete "
        "everything at any time.\n\nMay I store your ratings?"
    )
    return text, Keyboard(
        [[_button("Yes, store my ratings", "consent", "yes")], [_button("No", "consent", "no")]]
    )


def _consent_button(user: User, value: str) -> Answer:
    if value == "yes":
        return Answer({"consent_at": NOW})
    if value == "no":
        return Answer(
            {"consent_at": None},
            error=(
                "That's fine — without your ratings I can't adjust the exercises safely, so I "
                "can't coach you yet. If you change your mind, tap Yes below."
            ),
        )
    return Answer(error="Please tap Yes or No.")


# --- red flags -----------------------------------------------------------------------------

URGENT_SIGNS = (
    "• new trouble controlling your bladder or bowels\n"
    "• numbness around your genitals, buttocks or inner thighs\n"
    "• weakness or numbness in both legs\n"
    "• new problems with sexual function"
)
SOON_SIGNS = (
    "• fever, or feeling generally unwell\n"
    "• a history of cancer, or weight loss you can't explain\n"
    "• constant pain at night that doesn't ease when you rest or shift\n"
    "• pain that started after a fall or accident, or with osteoporosis or long-term steroids\n"
    "• back pain that is new and you are over 50\n"
    "• no improvement at all over several weeks"
)
SEEK_CARE_TODAY = (
    "Please get medical help today — call your doctor's urgent line or go to an emergency "
    "department. These signs can mean a nerve problem that needs checking quickly. "
    "I'll pause the programme. Once a clinician has checked you, tap the button below."
)
SEE_DOCTOR_SOON = (
    "Thanks for telling me. Please book an appointment with a doctor in the next days to get "
    "that checked. Gentle movement is usually fine meanwhile; stop anything that makes it worse."
)


def _ask_urgent(user: User) -> tuple[str, Keyboard]:
    if user.red_flags == "urgent":
        return SEEK_CARE_TODAY, Keyboard(
            [[_button("A clinician has checked me", "urgent", "checked")]]
        )
    text = "A quick safety check. Do you have any of these right now?\n\n" + URGENT_SIGNS
    return text, Keyboard(
        [
            [_button("None of these", "urgent", "no")],
            [_button("Yes, at least one", "urgent", "yes")],
        ]
    )


def _urgent_button(user: User, value: str) -> Answer:
    if value == "no":
        return Answer({"red_flags": "clear"})
    if value == "yes":
        return Answer({"red_flags": "urgent"}, stay=True)
    if value == "checked" and user.red_flags == "urgent":
        return Answer({"red_flags": "checked"})
    return Answer(error="Please tap one of the buttons.")


def _ask_soon(user: User) -> tuple[str, Keyboard]:
    text = "And do any of these apply to you?\n\n" + SOON_SIGNS
    return text, Keyboard(
        [[_button("None of these", "soon", "no")], [_button("Yes, at least one", "soon", "yes")]]
    )


def _soon_button(user: User, value: str) -> Answer:
    if value == "no":
        return Answer()
    if value == "yes":
        flags = user.red_flags if user.red_flags == "checked" else "soon"
        return Answer({"red_flags": flags}, note=SEE_DOCTOR_SOON)
    return Answer(error="Please tap one of the buttons.")


# --- time zone -----------------------------------------------------------------------------


def _ask_timezone(user: User) -> tuple[str, Keyboard]:
    text = (
        'Which time zone are you in? Tap one, type a city or zone name (like "Lisbon" or '
        '"Europe/Berlin"), or send me your location (📎 → Location).'
    )
    buttons = [_button(name.split("/")[-1].replace("_", " "), "tz", name) for name in COMMON_ZONES]
    return text, Keyboard(_rows(buttons, 3))


def _timezone_answer(user: User, value: str) -> Answer:
    zone = parse_timezone(value)
    if zone is None:
        return Answer(
            error=(
                'I couldn\'t find that time zone. Try a big city near you ("Madrid"), a zone '
                'name ("America/Chicago"), or send your location.'
            )
        )
    return Answer({"timezone": zone})


# --- desk hours ----------------------------------------------------------------------------


def _desk_label(preset: str) -> str:
    days, start, end = preset.split("|")
    first, last = (int(day) for day in days.split("-"))
    return f"{WEEKDAY_NAMES[first]}–{WEEKDAY_NAMES[last]} {start}–{end}"


def describe_desk(user: User) -> str:
    days = days_from_str(user.desk_days)
    if not days or user.desk_start is None or user.desk_end is None:
        return "none (no sitting reminders)"
    return f"{format_days(days)} {hhmm(user.desk_start)}–{hhmm(user.desk_end)}"


def _ask_desk(user: User) -> tuple[str, Keyboard]:
    text = (
        "When do you usually sit at a desk? I'll remind you to move during those hours. "
        'Tap one or type your own, like "Mon-Fri 08:30-17:00".'
    )
    buttons = [_button(_desk_label(preset), "desk", preset) for preset in DESK_PRESETS]
    buttons.append(_button("I don't sit at a desk", "desk", "none"))
    return text, Keyboard(_rows(buttons, 2))


def _desk_button(user: User, value: str) -> Answer:
    if value == "none":
        return Answer({"desk_days": "", "desk_start": None, "desk_end": None})
    try:
        days, start, end = value.split("|")
        first, last = (int(day) for day in days.split("-"))
    except ValueError:
        return Answer(error="Please tap one of the buttons or type your hours.")
    return _desk_text(user, f"{WEEKDAY_NAMES[first]}-{WEEKDAY_NAMES[last]} {start}-{end}")


def _desk_text(user: User, text: str) -> Answer:
    parsed = parse_desk_hours(text)
    if parsed is None:
        return Answer(
            error=(
                "I couldn't read those hours. Please write days and times like "
                '"Mon-Fri 09:00-17:30" or just "9:00-17:30" for weekdays.'
            )
        )
    days, start, end = parsed
    return Answer({"desk_days": days_to_str(days), "desk_start": start, "desk_end": end})


# --- routine time --------------------------------------------------------------------------


def _ask_routine(user: User) -> tuple[str, Keyboard]:
    text = (
        "When would you like your daily routine (7–12 minutes)? "
        'Tap a time or type one, like "7:15".'
    )
    buttons = [_button(slot, "routine", slot) for slot in ROUTINE_TIMES]
    return text, Keyboard(_rows(buttons, 3))


def _time_answer(column: str) -> Callable[[User, str], Answer]:
    def answer(user: User, value: str) -> Answer:
        parsed = parse_time(value)
        if parsed is None:
            return Answer(error='Please send a time like "7:30" or "18:00".')
        return Answer({column: parsed})

    return answer


# --- weekly session ------------------------------------------------------------------------


def _ask_weekly_day(user: User) -> tuple[str, Keyboard]:
    text = (
        "Once a week there's a slightly longer maintenance session (mobility and coordination, "
        "nothing heavy). Which day suits you?"
    )
    buttons = [_button(name, "wday", str(index)) for index, name in enumerate(WEEKDAY_NAMES)]
    return text, Keyboard(_rows(buttons, 4))


def _weekly_day_answer(user: User, value: str) -> Answer:
    day = int(value) if value.isdigit() and int(value) < 7 else parse_weekday(value)
    if day is None:
        return Answer(error='Please tap a day, or type one like "Sunday".')
    return Answer({"weekly_day": day})


def _ask_weekly_time(user: User) -> tuple[str, Keyboard]:
    text = "And at what time? Tap one or type it."
    buttons = [_button(slot, "wtime", slot) for slot in WEEKLY_TIMES]
    return text, Keyboard(_rows(buttons, 3))


def describe_weekly(user: User) -> str:
    if user.weekly_day is None:
        return "not set"
    return f"{WEEKDAY_NAMES[user.weekly_day]} {hhmm(user.weekly_time)}"


# --- trouble transitions -------------------------------------------------------------------


def _ask_transitions(user: User) -> tuple[str, Keyboard]:
    chosen = list(user.transitions)
    text = (
        f"Which movements bother you most? Pick one to {MAX_TRANSITIONS}; we'll practise them "
        "step by step, from supported to real life. Tap Done when ready."
    )
    buttons = [
        _button(("✅ " if key in chosen else "") + label, "tr", key)
        for key, label in TRANSITION_LABELS.items()
    ]
    rows = _rows(buttons, 1)
    rows.append([_button(f"Done ({len(chosen)} chosen)", "tr", "done")])
    return text, Keyboard(rows)


def _transitions_button(user: User, value: str) -> Answer:
    chosen = list(user.transitions)
    if value == "done":
        if not chosen:
            return Answer(error="Please pick at least one movement, then tap Done.", stay=True)
        return Answer()
    if value not in TRANSITION_LABELS:
        return Answer(error="Please tap one of the movements.", stay=True)
    if value in chosen:
        chosen.remove(value)
    elif len(chosen) >= MAX_TRANSITIONS:
        return Answer(error=f"You can pick up to {MAX_TRANSITIONS}. Untick one first.", stay=True)
    else:
        chosen.append(value)
    return Answer({"transitions": chosen}, stay=True)


def describe_transitions(user: User) -> str:
    return ", ".join(TRANSITION_LABELS.get(key, key) for key in user.transitions) or "none"


# --- quiet hours ---------------------------------------------------------------------------

QUIET_PRESETS = ("22:00-07:00", "21:00-08:00", "23:00-06:30")


def describe_quiet(user: User) -> str:
    if user.quiet_start is None or user.quiet_end is None:
        return "none"
    return f"{hhmm(user.quiet_start)}–{hhmm(user.quiet_end)}"


def _ask_quiet(user: User) -> tuple[str, Keyboard]:
    text = (
        "Quiet hours: no reminders at all during these times (they can cross midnight). "
        'Tap one or type your own, like "22:30-07:00".'
    )
    buttons = [_button(preset.replace("-", "–"), "quiet", preset) for preset in QUIET_PRESETS]
    buttons.append(_button("No quiet hours", "quiet", "none"))
    return text, Keyboard(_rows(buttons, 2))


def _quiet_answer(user: User, value: str) -> Answer:
    if value.strip().lower() in ("none", "no", "off"):
        return Answer({"quiet_start": None, "quiet_end": None})
    parts = [part for part in value.replace("–", "-").replace(" to ", "-").split("-") if part]
    times = [parse_time(part) for part in parts]
    if len(times) != 2 or None in times or times[0] == times[1]:
        return Answer(error='Please send two times like "22:00-07:00", or tap a button.')
    return Answer({"quiet_start": times[0], "quiet_end": times[1]})


# --- typical pain --------------------------------------------------------------------------


def _ask_pain(user: User) -> tuple[str, Keyboard]:
    text = (
        "On a usual day, how bad is your back pain, from 0 (none) to 10 (worst imaginable)? "
        "Tap or type a number."
    )
    buttons = [_button(str(score), "pain", str(score)) for score in range(11)]
    return text, Keyboard(_rows(buttons, 6))


def _pain_answer(user: User, value: str) -> Answer:
    from bot.coaching.ratings import parse_rating

    score = parse_rating(value)
    if score is None:
        return Answer(error='Please send a number from 0 to 10, like "3".')
    return Answer({"typical_pain": score})


QUESTIONS: dict[str, Question] = {
    question.key: question
    for question in (
        Question("consent", "Storing my ratings", _ask_consent, _consent_button),
        Question("urgent", "Safety check", _ask_urgent, _urgent_button),
        Question("soon", "Safety check", _ask_soon, _soon_button),
        Question("tz", "Time zone", _ask_timezone, _timezone_answer, _timezone_answer),
        Question("desk", "Desk hours", _ask_desk, _desk_button, _desk_text),
        Question(
            "routine",
            "Daily routine time",
            _ask_routine,
            _time_answer("routine_time"),
            _time_answer("routine_time"),
        ),
        Question(
            "wday", "Weekly session day", _ask_weekly_day, _weekly_day_answer, _weekly_day_answer
        ),
        Question(
            "wtime",
            "Weekly session time",
            _ask_weekly_time,
            _time_answer("weekly_time"),
            _time_answer("weekly_time"),
        ),
        Question("tr", "Trouble movements", _ask_transitions, _transitions_button),
        Question("pain", "Typical pain", _ask_pain, _pain_answer, _pain_answer),
        Question("quiet", "Quiet hours", _ask_quiet, _quiet_answer, _quiet_answer),
    )
}

# In /settings, some answers lead straight to a second question.
FOLLOW_UPS = {"wday": "wtime", "urgent": "soon"}

ONBOARDING_ORDER = (
    "consent",
    "urgent",
    "soon",
    "tz",
    "desk",
    "routine",
    "wday",
    "wtime",
    "tr",
    "pain",
)


def next_step(current: str) -> str | None:
    index = ONBOARDING_ORDER.index(current)
    return ONBOARDING_ORDER[index + 1] if index + 1 < len(ONBOARDING_ORDER) else None


def summary(user: User) -> str:
    pain = "not set" if user.typical_pain is None else f"{user.typical_pain}/10"
    return "\n".join(
        (
            f"🌍 Time zone: {user.timezone}",
            f"🪑 Desk hours: {describe_desk(user)}",
            f"⏰ Daily routine: {hhmm(user.routine_time)}",
            f"📅 Weekly session: {describe_weekly(user)}",
            f"🔁 Trouble movements: {describe_transitions(user)}",
            f"📊 Typical pain: {pain}",
            f"🌙 Quiet hours: {describe_quiet(user)}",
            f"🔒 Storing ratings: {'yes' if user.consent_at else 'no'}",
        )
    )


SETTINGS_MENU = (
    ("tz", "🌍 Time zone"),
    ("desk", "🪑 Desk hours"),
    ("routine", "⏰ Routine time"),
    ("wday", "📅 Weekly session"),
    ("tr", "🔁 Trouble movements"),
    ("pain", "📊 Typical pain"),
    ("quiet", "🌙 Quiet hours"),
    ("consent", "🔒 Storing ratings"),
)


def settings_keyboard() -> Keyboard:
    buttons = [
        InlineKeyboardButton(label, callback_data=f"edit:{key}") for key, label in SETTINGS_MENU
    ]
    return Keyboard(_rows(buttons, 2))

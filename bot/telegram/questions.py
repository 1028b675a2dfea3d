"""The setup questions, shared by onboarding (/start) and /settings.

Each question knows how to ask itself, how to read a button answer and how to read a typed one.
An answer is a set of column updates for the user's row, or a friendly error to re-ask with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import i18n
from bot.coaching.emergency import help_for
from bot.coaching.reminders import DOCTOR_FOLLOW_UP, MORNING_ENDS, default_morning
from bot.coaching.screen import load_screen
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import day_name, day_names
from bot.telegram.texts import TRANSITION_LABELS, with_number
from bot.understanding.answers import (
    age_in,
    movements_in,
    no_desk,
    sit_minutes_in,
    time_in,
    weekday_in,
    yes_or_no,
)
from bot.understanding.places import zone_country
from bot.understanding.times import (
    WEEKDAY_NAMES,
    days_from_str,
    days_to_str,
    early_bare_hour,
    parse_desk_hours,
    parse_time,
    parse_time_range,
    parse_weekday,
)
from bot.understanding.zones import OTHER, Found, read_zone, zone_label

# --- what the questions say, kept together for review and translation ----------------------

CONSENT_QUESTION = N_(
    "To adjust your exercises I need to keep your pain and effort ratings. They are health "
    "data: I store them only to coach you, never share them, and you can export or delete "
    "everything at any time.\n\nMay I store your ratings?"
)
TAP_YES_OR_NO = N_("Please tap Yes or No.")
NO_CONSENT = N_(
    "That's fine. Sit breaks and your routines work as usual; I just won't ask for or store "
    "ratings, so your exercises stay at their current level. You can change this any time "
    "in /settings."
)
RATINGS_KEPT = N_(
    "The ratings you gave before are still stored. /export downloads them, and /delete erases "
    "them along with everything else."
)
AGE_QUESTION = N_("Are you {age} or over?")
TAP_A_BUTTON = N_("Please tap one of the buttons.")
URGENT_QUESTION = N_("A quick safety check. Do you have any of these right now?")
SOON_QUESTION = N_("And do any of these apply to you?")
SOON_SINCE_CHECKED = N_("And is anything on this list new since a clinician checked you?")
NONE_OF_THESE, AT_LEAST_ONE = N_("None of these"), N_("Yes, at least one")
TAP_OR_YES_NO = N_('Please tap one of the buttons above, or type "yes" or "no".')
PREGNANCY_QUESTION = N_(
    "Are you pregnant at the moment? I ask because a few exercises are better left out during "
    "pregnancy."
)
TIMEZONE_QUESTION = N_(
    'Which time zone are you in? Tap one, type your city or country (like "Munich" or '
    '"São Paulo"), or send me your location (📎 → Location).'
)
TYPE_YOUR_CITY = N_("No problem — type the city you live in or a big city near you.")
ZONE_NOT_FOUND = N_(
    'I couldn\'t find that time zone. Try a big city near you ("Madrid"), your country '
    '("Japan"), or send your location.'
)
ZONE_FOUND = N_("Got it: {place} is on {zone}.")
DESK_QUESTION = N_(
    "When do you usually sit at a desk? I'll remind you to move during those hours. Tap one or "
    'type your own, like "Mon-Fri 08:30-17:00".'
)
SIT_QUESTION = N_("How often should I remind you to get up and move while you sit? Tap or type.")
SIT_NOT_READ = N_('Tap one, or type like "every hour" or "every 90 minutes".')
TAP_OR_TYPE_HOURS = N_("Please tap one of the buttons or type your hours.")
DESK_NOT_READ = N_(
    'I couldn\'t read those hours. Please write days and times like "Mon-Fri 09:00-17:30", '
    '"weekdays 9 to 5" or just "9-17:30" for weekdays.'
)
DESK_ECHO = N_("Desk hours: {days} {start}–{end} ✓")
NO_DESK_ECHO = N_("No desk hours: no sitting reminders ✓")
ROUTINE_QUESTION = N_(
    'When would you like your daily routine (7–12 minutes)? Tap a time or type one, like "7:15".'
)
TIME_NOT_READ = N_('Please send a time like "7:30" or "18:00".')
WEEKLY_QUESTION = N_(
    "Once a week there's a slightly longer maintenance session (mobility and coordination, "
    'nothing heavy). When suits you? Tap one, or type a day and time, like "Saturday 9:30".'
)
OTHER_DAY = N_("Other day or time")
TAP_OR_TYPE_WEEKLY = N_('Please tap one, or type a day and time, like "Saturday 9:30".')
WEEKLY_DAY_QUESTION = N_("Which day suits you for the weekly session?")
DAY_NOT_READ = N_('Please tap a day, or type one like "Sunday".')
WEEKLY_TIME_QUESTION = N_("And at what time? Tap one or type it.")
MOVEMENTS_QUESTION = N_(
    "Which movements bother you most? Pick up to {most}; we'll practise them step by step, "
    "from supported to real life. Tap Done when ready."
)
PICK_ONE_MOVEMENT = N_("Please pick at least one movement, then tap Done.")
TAP_A_MOVEMENT = N_("Please tap one of the movements.")
TOO_MANY_MOVEMENTS = N_("You can pick up to {most}. Untick one first.")
MOVEMENTS_NOT_READ = N_('Tap the movements above, or name them, like "out of bed, car".')

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
WEEKLY_PRESETS = ((6, "10:00"), (5, "09:00"))  # Sunday 10:00, Saturday 09:00


@dataclass(frozen=True)
class _Now:
    """Stands for "the current time" (plus `later`) in an answer; the handler fills in its
    clock's time."""

    later: timedelta = timedelta(0)


NOW = _Now()


def resolve(value: Any, now: datetime) -> Any:
    """An answer's column value, with NOW (or NOW plus a while) made a real time."""
    return now + value.later if isinstance(value, _Now) else value


@dataclass(frozen=True)
class Answer:
    updates: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    # True when the question stays open after this answer (e.g. ticking transitions one by one).
    stay: bool = False
    # Something to say right after the answer is taken (e.g. "please see a doctor soon").
    note: str | None = None
    # True when the conversation ends here (a kind refusal): nothing more is asked.
    end: bool = False
    # For safety questions: the answer as kept, with its time, in the safety answers log.
    log: str | None = None
    # Buttons that go with `error` instead of asking the question again ("which Portland?").
    keyboard: InlineKeyboardMarkup | None = None
    # What the tapped message keeps as the answer when the button's label doesn't say it
    # ("Done" under the movements: the movements chosen).
    shown: str | None = None
    # A follow-up question asked next ("Other day or time": which day, then what time).
    then: str | None = None


Keyboard = InlineKeyboardMarkup


@dataclass(frozen=True)
class Question:
    key: str
    ask: Callable[[User], tuple[str, Keyboard]]
    from_button: Callable[[User, str], Answer]
    from_text: Callable[[User, str], Answer] | None = None
    # Typed words are read for their meaning before being matched to a button's label
    # ("sat" on "Sat 09:00 / Sun 10:00" is a day, its time still to come).
    typed_first: bool = False


def _button(text: str, key: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=f"set:{key}:{value}")


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else _("not set")


# --- consent -------------------------------------------------------------------------------


def _ask_consent(user: User) -> tuple[str, Keyboard]:
    return _(CONSENT_QUESTION), Keyboard(
        [
            [_button(_("Yes, store my ratings"), "consent", "yes")],
            [_button(_("No"), "consent", "no")],
        ]
    )


def _consent_button(user: User, value: str) -> Answer:
    if value == "yes":
        return Answer({"consent_at": NOW})
    if value == "no":  # a valid answer: everything but the step-ups works without ratings
        return Answer({"consent_at": None}, note=_no_consent_note(user))
    return Answer(error=_(TAP_YES_OR_NO))


def _no_consent_note(user: User) -> str:
    if user.consent_at is None:
        return _(NO_CONSENT)
    return _(NO_CONSENT) + "\n\n" + _(RATINGS_KEPT)


# --- age, red flags and pregnancy -----------------------------------------------------------

SCREEN = load_screen()
MINIMUM_AGE = SCREEN.minimum_age


def urgent_signs() -> str:
    """The screen's urgent signs as a list, in the person's language."""
    return SCREEN.bullets("urgent", i18n.current())


def soon_signs() -> str:
    return SCREEN.bullets("soon", i18n.current())


UNDER_AGE = N_(
    "Thank you for telling me. BackCoach is made for adults ({age} and over), so I "
    "can't coach you, sorry. A doctor, school nurse or physiotherapist can look at your back "
    "and find the right exercises for you: please talk to one, with a parent or carer if you "
    "like. /delete erases what I have stored so far."
)
SEE_DOCTOR_SOON = N_(
    "Thanks for telling me. Please book an appointment with a doctor in the next few days to "
    "get that checked. Until then we go carefully: no added weights and no real-life lifting or "
    "carrying. In a week I'll ask how it went."
)
PREGNANCY_NOTE = N_(
    "Thank you. I'll leave out exercises with added weight and those lying face down. "
    "{on_your_back} Please check with your midwife or doctor that this kind of gentle exercise "
    "suits you, and tell them about your back. You can change this answer any time in /settings."
)


def under_age() -> str:
    """Said kindly to someone under the minimum age, at sign-up and whenever they come back."""
    return _(UNDER_AGE).format(age=MINIMUM_AGE)


def pregnancy_note() -> str:
    return _(PREGNANCY_NOTE).format(on_your_back=_(texts.ON_YOUR_BACK))


KEEP = ("soon", "checked")  # a "none of these" keeps a pending or cleared doctor check


def _ask_age(user: User) -> tuple[str, Keyboard]:
    return _(AGE_QUESTION).format(age=MINIMUM_AGE), Keyboard(
        [
            [_button(_("Yes, {age} or over").format(age=MINIMUM_AGE), "age", "yes")],
            [_button(_("No, under {age}").format(age=MINIMUM_AGE), "age", "no")],
        ]
    )


def _age_button(user: User, value: str) -> Answer:
    if value == "yes":
        return Answer({"adult": True}, log="adult")
    if value == "no":
        return Answer({"adult": False}, note=under_age(), end=True, log="under_age")
    return Answer(error=_(TAP_A_BUTTON))


def _ask_urgent(user: User) -> tuple[str, Keyboard]:
    if user.red_flags == "urgent":
        return with_number(texts.SEEK_CARE_NOW, help_for(user.timezone)), Keyboard(
            [[_button(_(texts.CHECKED_BUTTON), "urgent", "checked")]]
        )
    text = _(URGENT_QUESTION) + "\n\n" + urgent_signs()
    return text, Keyboard(
        [
            [_button(_(NONE_OF_THESE), "urgent", "no")],
            [_button(_(AT_LEAST_ONE), "urgent", "yes")],
        ]
    )


def _urgent_button(user: User, value: str) -> Answer:
    if user.red_flags == "urgent":  # stopped: only a clinician's check starts it again
        return _urgent_stopped(user, value)
    if value == "no":
        return Answer({} if user.red_flags in KEEP else {"red_flags": "clear"}, log="none")
    if value == "yes":
        # The programme and its reminders stop until a clinician has checked them.
        updates = {"red_flags": "urgent", "onboarding_step": "urgent", "screened_at": NOW}
        return Answer(updates, stay=True, log="urgent")
    return Answer(error=_(TAP_A_BUTTON))


def _urgent_stopped(user: User, value: str) -> Answer:
    """ "A clinician has checked me" asks once more; only an examination resumes."""
    if value == "checked":
        confirm = Keyboard(
            [
                [_button(_(texts.CONFIRM_YES), "urgent", "examined")],
                [_button(_(texts.CONFIRM_NOT_YET), "urgent", "notyet")],
            ]
        )
        return Answer(error=_(texts.CLINICIAN_CONFIRM), keyboard=confirm)
    if value == "examined":
        return Answer(
            {"red_flags": "checked", "cleared_at": NOW, "doctor_ask_at": None}, log="checked"
        )
    if value == "notyet":
        return Answer(note=with_number(texts.NOT_CHECKED_YET, help_for(user.timezone)), end=True)
    return Answer(stay=True)


def _urgent_text(user: User, text: str) -> Answer:
    """Typed on the urgent screen ("what if I can't get to a hospital?"): a calm answer with
    the number to call, for the country or city typed if one is; never "tap a button"."""
    if user.red_flags != "urgent":
        return Answer(error=_(TAP_OR_YES_NO))
    place = read_zone(text)  # "I'm in Toronto": that country's number
    zone = place.zone if isinstance(place, Found) else None
    help = help_for(zone or user.timezone, typed=text)
    keyboard = Keyboard([[_button(_(texts.CHECKED_BUTTON), "urgent", "checked")]])
    # A place named whose number I don't have: not asked for it again.
    answer = with_number(texts.URGENT_TYPED, help, ask=zone is None)
    return Answer(error=answer, keyboard=keyboard)


def _ask_soon(user: User) -> tuple[str, Keyboard]:
    if user.red_flags == "checked" and user.cleared_at is not None:
        text = _(SOON_SINCE_CHECKED) + "\n\n" + soon_signs()
    else:
        text = _(SOON_QUESTION) + "\n\n" + soon_signs()
    return text, Keyboard(
        [
            [_button(_(NONE_OF_THESE), "soon", "no")],
            [_button(_(AT_LEAST_ONE), "soon", "yes")],
        ]
    )


def _soon_button(user: User, value: str) -> Answer:
    if value == "no":
        return Answer({"screened_at": NOW}, log="none")
    if value == "yes":
        updates: dict[str, Any] = {"red_flags": "soon", "soon_at": NOW, "screened_at": NOW}
        if user.red_flags != "soon" or user.doctor_ask_at is None:
            updates["doctor_ask_at"] = _Now(DOCTOR_FOLLOW_UP)
        return Answer(updates, note=_(SEE_DOCTOR_SOON), log="soon")
    return Answer(error=_(TAP_A_BUTTON))


def _ask_pregnant(user: User) -> tuple[str, Keyboard]:
    return _(PREGNANCY_QUESTION), Keyboard(
        [
            [_button(_("No (or doesn't apply)"), "pregnant", "no")],
            [_button(_("Yes, I'm pregnant"), "pregnant", "yes")],
        ]
    )


def _pregnant_button(user: User, value: str) -> Answer:
    if value == "yes":
        return Answer({"pregnant": True}, note=pregnancy_note(), log="pregnant")
    if value == "no":
        return Answer({"pregnant": False}, log="not_pregnant")
    return Answer(error=_(TAP_A_BUTTON))


def describe_safety(user: User) -> str:
    if user.red_flags == "urgent":
        return _("paused until a clinician has checked you")
    if user.screened_at is not None:
        day = format_date(user.screened_at, i18n.pick(DAY_MONTH), locale=i18n.locale())
        when = _("last checked {day}").format(day=day)
    else:
        when = _("done at set-up") if user.onboarded_at else _("not yet done")
    if user.red_flags == "soon":
        return _("{when}; going carefully until a doctor has checked you").format(when=when)
    return when


# A day of the month and its month, short: "03 Dec", "3. Dez.", "3 dic".
DAY_MONTH = {"en": "dd MMM", "de": "d. MMM", "es": "d MMM"}


# --- time zone -----------------------------------------------------------------------------


def _ask_timezone(user: User) -> tuple[str, Keyboard]:
    text = _(TIMEZONE_QUESTION)
    buttons = [_button(city_of(name), "tz", name) for name in COMMON_ZONES]
    return text, Keyboard(_rows(buttons, 3))


def city_of(name: str) -> str:
    """A zone's city as the person's language names it: "London", "Londres"; "UTC"."""
    english = name.split("/")[-1].replace("_", " ")
    if i18n.current() == i18n.ENGLISH:
        return english
    return str(i18n.locale().time_zones.get(name, {}).get("city") or english)


def zone_name(name: str) -> str:
    """'Europe/Berlin' -> 'Berlin (Germany)', in the person's language ("Berlín (Alemania)")."""
    if i18n.current() == i18n.ENGLISH:
        return zone_label(name)
    if name in ("UTC", "Etc/UTC"):
        return "UTC"
    fixed = re.fullmatch(r"Etc/GMT([+-])(\d+)", name)
    if fixed:
        sign = "-" if fixed.group(1) == "+" else "+"
        return _("UTC{offset} all year").format(offset=f"{sign}{fixed.group(2)}")
    country = zone_country(name)
    city = city_of(name)
    where = i18n.locale().territories.get(country) if country else None
    return f"{city} ({where})" if where else city


def _timezone_answer(user: User, value: str) -> Answer:
    if value == OTHER:
        return Answer(error=_(TYPE_YOUR_CITY))
    found = read_zone(value)
    if found is None:
        return Answer(error=_(ZONE_NOT_FOUND))
    if not isinstance(found, Found):
        buttons = [[_button(option.label, "tz", option.zone)] for option in found.options]
        return Answer(error=found.question, keyboard=Keyboard(buttons))
    note = (
        _(ZONE_FOUND).format(place=found.place, zone=zone_name(found.zone)) if found.place else None
    )
    return Answer({"timezone": found.zone}, note=note)


# --- desk hours ----------------------------------------------------------------------------


def _desk_label(preset: str) -> str:
    days, start, end = preset.split("|")
    first, last = (int(day) for day in days.split("-"))
    return f"{day_name(first)}–{day_name(last)} {start}–{end}"


def describe_desk(user: User) -> str:
    days = days_from_str(user.desk_days)
    if not days or user.desk_start is None or user.desk_end is None:
        return _("none (no sitting reminders)")
    return f"{day_names(days)} {hhmm(user.desk_start)}–{hhmm(user.desk_end)}"


def _ask_desk(user: User) -> tuple[str, Keyboard]:
    text = _(DESK_QUESTION)
    buttons = [_button(_desk_label(preset), "desk", preset) for preset in DESK_PRESETS]
    buttons.append(_button(_("I don't sit at a desk"), "desk", "none"))
    return text, Keyboard(_rows(buttons, 2))


SIT_RHYTHMS = (
    (45, N_("Every 45 min")),
    (60, N_("Every hour (suggested)")),
    (120, N_("A few times a day")),
)


def _ask_sit(user: User) -> tuple[str, Keyboard]:
    text = _(SIT_QUESTION)
    buttons = [_button(_(label), "sit", str(minutes)) for minutes, label in SIT_RHYTHMS]
    return text, Keyboard(_rows(buttons, 1))


def _sit_button(user: User, value: str) -> Answer:
    """A tapped rhythm: the tapped message already shows it, so nothing more is said."""
    answer = _sit_text(user, value)
    return Answer(answer.updates, error=answer.error)


def _sit_text(user: User, value: str) -> Answer:
    """A typed rhythm, echoed back as understood."""
    minutes = int(value) if value.isdigit() else sit_minutes_in(value)
    if minutes is None or not 15 <= minutes <= 240:
        return Answer(error=_(SIT_NOT_READ))
    return Answer({"sit_minutes": minutes, "sit_ignored": 0}, note=f"{describe_sit(minutes)} ✓")


def describe_sit(minutes: int) -> str:
    if minutes == 120:
        return _("A sit break a few times a day (every 2 hours)")
    if minutes == 60:
        return _("A sit break every hour")
    if minutes % 60 == 0:
        return _("A sit break every {hours} h").format(hours=minutes // 60)
    return _("A sit break every {minutes} min").format(minutes=minutes)


def _desk_button(user: User, value: str) -> Answer:
    if value == "none":
        return Answer({"desk_days": "", "desk_start": None, "desk_end": None})
    try:
        days, start, end = value.split("|")
        first, last = (int(day) for day in days.split("-"))
    except ValueError:
        return Answer(error=_(TAP_OR_TYPE_HOURS))
    tapped = _desk_text(user, f"{WEEKDAY_NAMES[first]}-{WEEKDAY_NAMES[last]} {start}-{end}")
    return Answer(tapped.updates, error=tapped.error)  # the tapped message shows it: no echo


def _desk_text(user: User, text: str) -> Answer:
    parsed = parse_desk_hours(text)
    if parsed is None and no_desk(text):
        return Answer({"desk_days": "", "desk_start": None, "desk_end": None}, note=_(NO_DESK_ECHO))
    if parsed is None:
        return Answer(error=_(DESK_NOT_READ))
    days, start, end = parsed
    echo = _(DESK_ECHO).format(days=day_names(days), start=hhmm(start), end=hhmm(end))
    return Answer({"desk_days": days_to_str(days), "desk_start": start, "desk_end": end}, note=echo)


# --- routine time --------------------------------------------------------------------------


def _ask_routine(user: User) -> tuple[str, Keyboard]:
    text = _(ROUTINE_QUESTION)
    buttons = [_button(slot, "routine", slot) for slot in ROUTINE_TIMES]
    return text, Keyboard(_rows(buttons, 3))


def _time_answer(column: str) -> Callable[[User, str], Answer]:
    def answer(user: User, value: str) -> Answer:
        parsed = parse_time(value)
        if parsed is None and (inside := time_in(value)) is not None:
            value, parsed = inside, parse_time(inside)  # "after work, 6:30pm"
        if parsed is None:
            return Answer(error=_(TIME_NOT_READ))
        note = None
        if early_bare_hour(value):
            if i18n.current() != i18n.ENGLISH:  # "18:30": a 24-hour clock, no "pm"
                afternoon = f"{parsed.hour + 12}:{parsed.minute:02d}"
            elif parsed.minute:
                afternoon = f"{parsed.hour}:{parsed.minute:02d}pm"
            else:
                afternoon = f"{parsed.hour}pm"
            note = _(
                'That\'s {time} in the morning. For the afternoon, send "{afternoon}".'
            ).format(time=f"{parsed:%H:%M}", afternoon=afternoon)
        return Answer({column: parsed}, note=note)

    return answer


# --- weekly session ------------------------------------------------------------------------


def _ask_weekly(user: User) -> tuple[str, Keyboard]:
    """Day and time in one question: two common choices, or any other."""
    buttons = [
        _button(f"{day_name(day)} {slot}", "weekly", f"{day}|{slot}")
        for day, slot in WEEKLY_PRESETS
    ]
    return _(WEEKLY_QUESTION), Keyboard([buttons, [_button(_(OTHER_DAY), "weekly", "other")]])


def _weekly_button(user: User, value: str) -> Answer:
    if value == "other":
        return Answer(then="wday")
    day, _bar, slot = value.partition("|")
    at = parse_time(slot)
    if not day.isdigit() or int(day) > 6 or at is None:
        return Answer(error=_(TAP_OR_TYPE_WEEKLY))
    return Answer({"weekly_day": int(day), "weekly_time": at})


def _weekly_text(user: User, text: str) -> Answer:
    """ "Saturday 9:30" sets both; "sunday morning" the day, and then asks the time."""
    day = weekday_in(text)
    if day is None:
        return Answer(error=_(TAP_OR_TYPE_WEEKLY))
    typed_time = time_in(text)
    if typed_time is None:
        return Answer({"weekly_day": day}, then="wtime")
    at = _time_answer("weekly_time")(user, typed_time)
    return Answer({"weekly_day": day, **at.updates}, note=at.note)


def _ask_weekly_day(user: User) -> tuple[str, Keyboard]:
    buttons = [_button(day_name(day), "wday", str(day)) for day in range(7)]
    return _(WEEKLY_DAY_QUESTION), Keyboard(_rows(buttons, 4))


def _weekly_day_answer(user: User, value: str) -> Answer:
    day = int(value) if value.isdigit() and int(value) < 7 else parse_weekday(value)
    if day is None:
        day = weekday_in(value)  # "sunday morning"
    if day is None:
        return Answer(error=_(DAY_NOT_READ))
    return Answer({"weekly_day": day}, then="wtime")


def _ask_weekly_time(user: User) -> tuple[str, Keyboard]:
    text = _(WEEKLY_TIME_QUESTION)
    buttons = [_button(slot, "wtime", slot) for slot in WEEKLY_TIMES]
    return text, Keyboard(_rows(buttons, 3))


def describe_weekly(user: User) -> str:
    if user.weekly_day is None:
        return _("not set")
    return f"{day_name(user.weekly_day)} {hhmm(user.weekly_time)}"


# --- trouble transitions -------------------------------------------------------------------


def _ask_transitions(user: User) -> tuple[str, Keyboard]:
    chosen = list(user.transitions)
    text = _(MOVEMENTS_QUESTION).format(most=MAX_TRANSITIONS)
    buttons = [
        _button(("✅ " if key in chosen else "") + _(label), "tr", key)
        for key, label in TRANSITION_LABELS.items()
    ]
    rows = _rows(buttons, 1)
    rows.append([_button(_("Done ({n} chosen)").format(n=len(chosen)), "tr", "done")])
    return text, Keyboard(rows)


def _transitions_button(user: User, value: str) -> Answer:
    chosen = list(user.transitions)
    if value == "done":
        if not chosen:
            return Answer(error=_(PICK_ONE_MOVEMENT), stay=True)
        return Answer(shown=describe_transitions(user))
    if value not in TRANSITION_LABELS:
        return Answer(error=_(TAP_A_MOVEMENT), stay=True)
    if value in chosen:
        chosen.remove(value)
    elif len(chosen) >= MAX_TRANSITIONS:
        return Answer(error=_(TOO_MANY_MOVEMENTS).format(most=MAX_TRANSITIONS), stay=True)
    else:
        chosen.append(value)
    return Answer({"transitions": chosen}, stay=True)


def _transitions_text(user: User, text: str) -> Answer:
    """ "getting out of bed and getting into the car": those, and on to the next question."""
    found = movements_in(text)
    if not found:
        return Answer(error=_(MOVEMENTS_NOT_READ))
    chosen = found[:MAX_TRANSITIONS]
    echo = _("Got it: {movements}.").format(
        movements=", ".join(_(TRANSITION_LABELS[key]) for key in chosen)
    )
    if len(found) > MAX_TRANSITIONS:
        echo += " " + _("(Up to {most} for now: change them any time in /settings.)").format(
            most=MAX_TRANSITIONS
        )
    return Answer({"transitions": chosen}, note=echo)


def describe_transitions(user: User) -> str:
    return ", ".join(_(TRANSITION_LABELS.get(key, key)) for key in user.transitions) or _("none")


# --- quiet hours ---------------------------------------------------------------------------

QUIET_PRESETS = ("22:00-07:00", "21:00-08:00", "23:00-06:30")


def describe_quiet(user: User) -> str:
    if user.quiet_start is None or user.quiet_end is None:
        return _("none")
    return f"{hhmm(user.quiet_start)}–{hhmm(user.quiet_end)}"


def _ask_quiet(user: User) -> tuple[str, Keyboard]:
    text = _(
        "Quiet hours: no reminders at all during these times (they can cross midnight). "
        'Tap one or type your own, like "22:30-07:00".'
    )
    buttons = [_button(preset.replace("-", "–"), "quiet", preset) for preset in QUIET_PRESETS]
    buttons.append(_button(_("No quiet hours"), "quiet", "none"))
    return text, Keyboard(_rows(buttons, 2))


def _quiet_answer(user: User, value: str) -> Answer:
    if value.strip().lower() in ("none", "no", "off"):
        return Answer({"quiet_start": None, "quiet_end": None})
    times = parse_time_range(value, overnight=True)
    if times is None:
        return Answer(error=_('Please send two times like "22:00-07:00", or tap a button.'))
    return Answer({"quiet_start": times[0], "quiet_end": times[1]})


# --- next-morning check-in ------------------------------------------------------------------

MORNING_TIMES = ("06:30", "07:00", "07:30", "08:00", "09:00", "10:00")


def describe_morning(user: User) -> str:
    if user.morning_time is not None:
        return hhmm(user.morning_time)
    desk = user.desk_start if days_from_str(user.desk_days) else None
    return _("{time} (automatic)").format(time=hhmm(default_morning(desk, user.routine_time)))


def _ask_morning(user: User) -> tuple[str, Keyboard]:
    text = _(
        "The morning after a session I ask how your back feels. When should that question come? "
        'Now: {now}. Tap a time or type one, like "7:45".'
    ).format(now=describe_morning(user))
    buttons = [_button(slot, "morning", slot) for slot in MORNING_TIMES]
    buttons.append(_button(_("Automatic"), "morning", "auto"))
    return text, Keyboard(_rows(buttons, 3))


def _morning_answer(user: User, value: str) -> Answer:
    if value.strip().lower() in ("auto", "automatic"):
        return Answer({"morning_time": None})
    parsed = parse_time(value)
    if parsed is None or parsed > MORNING_ENDS:
        return Answer(error=_('Please send a morning time, by noon, like "7:45" or "09:00".'))
    return Answer({"morning_time": parsed})


# --- typical pain --------------------------------------------------------------------------


def _ask_pain(user: User) -> tuple[str, Keyboard]:
    text = _(
        "On a usual day, how bad is your back pain, from 0 (none) to 10 (worst imaginable)? "
        "Tap or type a number."
    )
    buttons = [_button(str(score), "pain", str(score)) for score in range(11)]
    return text, Keyboard(_rows(buttons, 6))


def _pain_answer(user: User, value: str) -> Answer:
    from bot.coaching.ratings import parse_rating

    score = parse_rating(value)
    if score is None:
        return Answer(error=_('Please send a number from 0 to 10, like "3".'))
    return Answer({"typical_pain": score}, shown=f"{score}/10")


# --- walking ------------------------------------------------------------------------------

WALK_PRESETS = (
    (N_("Hardly any"), 0),
    (N_("About 10 min"), 10),
    (N_("About 20 min"), 20),
    (N_("30 min or more"), 30),
)


def _ask_walk(user: User) -> tuple[str, Keyboard]:
    text = _(
        "Walking helps backs too. On a usual day, about how many minutes do you walk, all "
        'together? Tap or type, like "about 15".'
    )
    buttons = [_button(_(label), "walk", str(minutes)) for label, minutes in WALK_PRESETS]
    return text, Keyboard(_rows(buttons, 2))


def _walk_answer(user: User, value: str) -> Answer:
    from bot.understanding.minutes import parse_minutes

    minutes = parse_minutes(value)
    if minutes is None:
        return Answer(error=_('Please send minutes, like "15" or "about 20 min".'))
    return Answer({"walk_minutes": minutes})


def describe_walk(user: User) -> str:
    if user.walk_minutes is None:
        return _("not set")
    if user.walk_minutes == 0:
        return _("hardly any")
    return _("about {minutes} min a day").format(minutes=user.walk_minutes)


QUESTIONS: dict[str, Question] = {
    question.key: question
    for question in (
        Question("consent", _ask_consent, _consent_button),
        Question("age", _ask_age, _age_button),
        Question("urgent", _ask_urgent, _urgent_button, _urgent_text),
        Question("soon", _ask_soon, _soon_button),
        Question("pregnant", _ask_pregnant, _pregnant_button),
        Question("tz", _ask_timezone, _timezone_answer, _timezone_answer),
        Question("desk", _ask_desk, _desk_button, _desk_text),
        Question("sit", _ask_sit, _sit_button, _sit_text),
        Question(
            "routine",
            _ask_routine,
            _time_answer("routine_time"),
            _time_answer("routine_time"),
        ),
        Question("weekly", _ask_weekly, _weekly_button, _weekly_text, typed_first=True),
        Question("wday", _ask_weekly_day, _weekly_day_answer, _weekly_day_answer),
        Question(
            "wtime",
            _ask_weekly_time,
            _time_answer("weekly_time"),
            _time_answer("weekly_time"),
        ),
        Question("tr", _ask_transitions, _transitions_button, _transitions_text),
        Question("pain", _ask_pain, _pain_answer, _pain_answer),
        Question("walk", _ask_walk, _walk_answer, _walk_answer),
        Question("quiet", _ask_quiet, _quiet_answer, _quiet_answer),
        Question("morning", _ask_morning, _morning_answer, _morning_answer),
    )
}

# In /settings, some answers lead straight to a second question.
FOLLOW_UPS = {"urgent": "soon"}

ONBOARDING_ORDER = (
    "consent",
    "age",
    "urgent",
    "soon",
    "pregnant",
    "tz",
    "desk",
    "sit",
    "routine",
    "weekly",
    "tr",
    "pain",
    "walk",
)
# Follow-ups asked only after some answers (Answer.then), and the question they belong to.
FOLLOW_UP_OF = {"wday": "weekly", "wtime": "weekly"}
# Questions left out when an earlier answer makes them moot: no desk, no sit-break rhythm.
SKIPPED_IF: dict[str, Callable[[User], bool]] = {"sit": lambda user: not user.desk_days}
# After a tap, these are asked in the same message, below the answer just given: one message
# holds questions that belong together (consent and age; the "soon" screen and pregnancy; desk
# hours and the sit-break rhythm; the routine's time and the weekly session's; the movements,
# usual pain and walking).
ASKED_BELOW = frozenset(("age", "pregnant", "sit", "weekly", "wday", "wtime", "pain", "walk"))


def next_step(current: str, user: User) -> str | None:
    """The onboarding question after this one (after a follow-up: after its question)."""
    index = ONBOARDING_ORDER.index(FOLLOW_UP_OF.get(current, current))
    for step in ONBOARDING_ORDER[index + 1 :]:
        if not (step in SKIPPED_IF and SKIPPED_IF[step](user)):
            return step
    return None


def previous_step(current: str, user: User) -> str | None:
    """Where Back goes: from a follow-up, its question; else the question asked before."""
    if current in FOLLOW_UP_OF:
        return FOLLOW_UP_OF[current]
    index = ONBOARDING_ORDER.index(current) if current in ONBOARDING_ORDER else 0
    for step in reversed(ONBOARDING_ORDER[:index]):
        if not (step in SKIPPED_IF and SKIPPED_IF[step](user)):
            return step
    return None


# Onboarding's Back goes to these; not into consent and the safety screen, whose answers are
# logged as given.
BACK_TO = frozenset(ONBOARDING_ORDER[ONBOARDING_ORDER.index("tz") :])


def summary(user: User) -> str:
    pain = _("not set") if user.typical_pain is None else f"{user.typical_pain}/10"
    lines = (
        _("🌍 Time zone: {zone}").format(zone=f"{zone_name(user.timezone)} · {user.timezone}"),
        _("🪑 Desk hours: {hours}").format(hours=describe_desk(user)),
        f"⏱ {describe_sit(user.sit_minutes)}",
        _("⏰ Daily routine: {time}").format(time=hhmm(user.routine_time)),
        _("📅 Weekly session: {when}").format(when=describe_weekly(user)),
        _("🔁 Trouble movements: {movements}").format(movements=describe_transitions(user)),
        _("📊 Typical pain: {pain}").format(pain=pain),
        _("🚶 Usual walking: {walking}").format(walking=describe_walk(user)),
        _("🌙 Quiet hours: {hours}").format(hours=describe_quiet(user))
        if user.quiet_start is not None and user.quiet_end is not None
        else _("🌙 Quiet hours: none"),
        _("🌅 Morning check-in: {time}").format(time=describe_morning(user)),
        _("🔒 Storing ratings: {answer}").format(answer=_("yes") if user.consent_at else _("no")),
        _("🩺 Safety check: {state}").format(state=describe_safety(user)),
        *((_("🤰 Pregnant: no weights, nothing lying face down"),) if user.pregnant else ()),
    )
    return "\n".join(lines)


SETTINGS_MENU = (
    ("tz", N_("🌍 Time zone")),
    ("desk", N_("🪑 Desk hours")),
    ("sit", N_("⏱ Sit breaks")),
    ("routine", N_("⏰ Routine time")),
    ("wday", N_("📅 Weekly session")),
    ("tr", N_("🔁 Trouble movements")),
    ("pain", N_("📊 Typical pain")),
    ("walk", N_("🚶 Usual walking")),
    ("quiet", N_("🌙 Quiet hours")),
    ("morning", N_("🌅 Morning check-in")),
    ("consent", N_("🔒 Storing ratings")),
    ("urgent", N_("🩺 Safety check")),
    ("pregnant", N_("🤰 Pregnancy")),
)


def typed_choice(key: str, text: str, values: list[str]) -> str | None:
    """The button a choice question's typed words mean ("I'm 41" on the age question: Yes),
    when that button is on the question now; else None."""
    choice: str | None
    if key == "age" and (years := age_in(text)) is not None:
        choice = "yes" if years >= MINIMUM_AGE else "no"
    elif key == "wday":
        day = weekday_in(text)
        choice = None if day is None else str(day)
    else:
        choice = yes_or_no(text)
    return choice if choice in values else None


def settings_keyboard() -> Keyboard:
    buttons = [
        InlineKeyboardButton(_(label), callback_data=f"edit:{key}") for key, label in SETTINGS_MENU
    ]
    language = InlineKeyboardButton(_("🌐 Language"), callback_data="lang")
    return Keyboard(_rows([*buttons, language], 2))

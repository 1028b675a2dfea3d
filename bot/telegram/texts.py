"""What the bot says that is not tied to one question, kept together for review."""

from __future__ import annotations

from bot import i18n
from bot.coaching.emergency import Help
from bot.i18n import N_, _

DISCLAIMER = N_(
    "BackCoach supports you in managing your own back care with gentle, regular exercise. "
    "It is not medical care: it does not diagnose, and it gives no advice on medication. "
    "If something feels wrong, talk to a doctor or physiotherapist."
)

WELCOME = N_(
    "Hi {name}! I'm BackCoach. Each day I'll give you a short routine (7–12 minutes), nudge you to "
    "move when you've been sitting a while, and adjust your exercises in small steps based on "
    "how your back responds."
)


def welcome(name: str | None) -> str:
    """The first words to someone new, with what BackCoach is not."""
    return _(WELCOME).format(name=name or _("there")) + "\n\n" + _(DISCLAIMER)


WELCOME_BACK = N_(
    "Welcome back, {name}. Your settings and history are all still here. "
    "Use /settings to change anything, or /help to see what I can do."
)

COMMANDS = [
    ("today", N_("Today's routine, then a guided session")),
    ("weekly", N_("The weekly maintenance session")),
    ("progress", N_("Your progress chart and what changed")),
    ("learn", N_("Short lessons about your back")),
    ("walk", N_("Log today's walk, like /walk 20")),
    ("history", N_("Your recent log")),
    ("goals", N_("What matters to you, rated every two weeks")),
    ("myexercise", N_("Add an exercise your physio or doctor gave you")),
    ("report", N_("A one-page summary (PDF) for your GP or physio")),
    ("schedule", N_("Your reminders, and what's coming today")),
    ("rules", N_("Your personal rules, like 'sit 45, move 2'")),
    ("sit", N_("Start a sit timer outside desk hours")),
    ("stand", N_("Stop the sit timer")),
    ("meeting", N_("In a meeting: no sit breaks until it's over")),
    ("pause", N_("Pause reminders for a while")),
    ("resume", N_("Turn reminders back on")),
    ("settings", N_("See and change your settings")),
    ("cancel", N_("Close the open question")),
    ("flare", N_("Having a flare-up? Switch to gentle sessions")),
    ("privacy", N_("What is stored and why")),
    ("export", N_("Download all your data")),
    ("stop", N_("Stop all messages (data kept)")),
    ("delete", N_("Erase all your data")),
    ("language", N_("Choose the language: English, Deutsch, Español")),
    ("start", N_("Set up BackCoach (safe to run again)")),
    ("help", N_("What BackCoach does and its commands")),
]

NOT_UNDERSTOOD = N_(
    "Sorry, I didn't understand that. Tap a button, or see /help for what I can do."
)

UNKNOWN_COMMAND = N_("I don't know that command. /help lists the ones I do.")

SEND_START = N_("Hi! Send /start to set up BackCoach.")

FINISH_SETUP_FIRST = N_(
    "Let's finish setting up first — it takes a minute. Send /start to carry on."
)

# Lying on the back late in pregnancy: the womb can press on the big vein back to the heart
# (ACOG Committee Opinion 804, 2020; NHS "Exercise in pregnancy": not flat on the back for long).
ON_YOUR_BACK = N_(
    "From about 20 weeks, keep exercises lying flat on your back short, and if you feel dizzy, "
    "sick or short of breath, roll onto your side."
)

# --- urgent signs: every text names the person's emergency number (bot/coaching/emergency.py);
# written out whole in each, so that each translates as one piece.

CHECKED_BUTTON = N_("A clinician has checked me")
SEEK_CARE_NOW = N_(
    "Please {call} or go to an emergency department now. These signs can mean a nerve or "
    "another problem that needs checking straight away, and quick care makes a real "
    "difference. If someone can take you, ask them; please don't drive yourself.{ask_country}"
    "\n\nI've paused the programme and your reminders. Once a clinician has checked you, tap "
    "the button below."
)
ASK_COUNTRY = N_(" Tell me your country and I'll give you its number.")
ON_HOLD = N_(
    "Your programme is on hold until a clinician has checked you — please get that done first. "
    "If you have those signs now, {call} or go to an emergency department. Once you've been "
    "checked, send /start and tap “A clinician has checked me”."
)
URGENT_TYPED = N_(
    "{call_now} now. If you can't get to a hospital, they can send help or tell you "
    "where to go. If someone can take you, ask them; please don't drive yourself. If you're on "
    "your own, say so on the phone.\n\n"
    "These signs can mean a nerve needs checking quickly, so being seen straight away is the "
    "safe choice, even if they ease.{advice}{ask_country}\n\n"
    "Once a clinician has checked you, tap “A clinician has checked me”."
)
URGENT_ADVICE = N_(
    " If you're unsure, {advice} can advise you, but with these signs please don't wait."
)
CLINICIAN_CONFIRM = N_(
    "Just to be sure: did a doctor or nurse examine you about these symptoms and say it's fine "
    "to exercise?"
)
CONFIRM_YES, CONFIRM_NOT_YET = N_("Yes, they said it's fine"), N_("Not yet")
NOT_CHECKED_YET = N_(
    "OK — your programme stays on hold until then. If you have those signs now, please {call} "
    "or go to an emergency department. Once a clinician has checked you, tap “A clinician has "
    "checked me”."
)
NONE_NOW = N_(
    "✓ Good — thanks for checking. If any of these ever start, {call} or go to an emergency "
    "department straight away."
)
CALL = N_("call {number}")
CALL_IN = N_("In {country}, call {number}")
CALL_NOW = N_("Call {number}")
LOCAL_NUMBER = N_("your local emergency number")


def with_number(template: str, help: Help, ask: bool = True) -> str:
    """An urgent text, in the person's language, with their number in it, or the fallback
    words and (`ask`) a question for their country when it is unknown."""
    number = help.number if help.known else _(LOCAL_NUMBER)
    return _(template).format(
        call=_(CALL).format(number=number),
        call_now=_(CALL_IN).format(country=country_name(help), number=number)
        if help.known
        else _(CALL_NOW).format(number=number),
        advice=_(URGENT_ADVICE).format(advice=help.advice) if help.advice else "",
        ask_country=_(ASK_COUNTRY) if ask and not help.known else "",
    )


def country_name(help: Help) -> str:
    """ "the UK" in English (the data's words), Babel's name for the country otherwise."""
    if i18n.current() == i18n.ENGLISH or help.code is None:
        return help.country or ""
    return str(i18n.locale().territories.get(help.code, help.country or ""))


SETUP_DONE = N_(
    "All set! Here is what I have:\n\n{summary}\n\n"
    "Send /today for today's routine. When you have a minute, name what your back makes hard "
    "(the button, or /goals later), so we can watch it get easier. /settings changes any of "
    "this; /help lists the rest."
)

SETTINGS_HEADER = N_("Your settings (tap one to change it):\n\n{summary}")

SAVED = N_("Saved.")

TRANSITION_LABELS = {
    "out_of_bed": N_("Getting out of bed"),
    "into_car": N_("Getting into or out of a car"),
    "low_chair": N_("Sitting down on a low chair"),
    "up_from_floor": N_("Getting up from the floor"),
    "turning_to_reach": N_("Turning to reach for something"),
    "lifting_from_floor": N_("Lifting something from the floor"),
    "carrying": N_("Carrying things"),
    "socks_and_shoes": N_("Putting on socks and shoes"),
    "up_after_sitting": N_("Getting up after sitting a long time"),
}

STALE_BUTTON = N_("That button is out of date. Send /today or /help to carry on.")

DONE_FOR_TODAY = N_(
    "✅ Done for today — nice work! Here's tomorrow's routine, or a short extra now if you like."
)

PRIVATE_ONLY = N_(
    "Hi! I'm BackCoach, a personal back-care coach. I only work in a private chat, so that "
    "your settings and ratings stay yours. Start one here: {link}"
)
PRIVATE_ONLY_SHORT = N_("BackCoach only works in a private chat.")

CHECKED_BACK = N_(
    "Thanks — I'm glad you've been checked. Your reminders are back on, and sessions stay "
    "gentle until your back settles: /today shows today's."
)

EQUIPMENT_WORDS = {
    "chair": N_("a sturdy chair"),
    "cushion": N_("a cushion"),
    "broomstick": N_("a broomstick"),
    "bag": N_("a bag"),
    "box": N_("a box"),
    "table": N_("a table"),
    "step": N_("a step"),
    "stool": N_("a low stool"),
    "bed": N_("your bed"),
    "car": N_("your car"),
}
HAVE_READY = N_("🧰 Have ready: {things}.")
LIST_END = N_("{first} and {last}")


def needed(equipment: list[str]) -> str:
    """ "Have ready: a sturdy chair, a broomstick and your bed." """
    words = [
        _(EQUIPMENT_WORDS[thing]) if thing in EQUIPMENT_WORDS else thing for thing in equipment
    ]
    listed = (
        _(LIST_END).format(first=", ".join(words[:-1]), last=words[-1])
        if len(words) > 1
        else words[0]
    )
    return _(HAVE_READY).format(things=listed)


ABOUT_EXERCISE = N_(
    "ℹ️ {name}\n\nWhat it's for: {purpose}\n\nCommon mistakes:\n{mistakes}\n\n"
    "Easier version: {easier}"
)
TOO_HARD = N_("😣 {name}: noted as too hard — thanks for saying so. I'll make it easier next time.")
EASIER_NOW = N_("If you'd like to try it now, the easier version: {easier}")

CLOSED = N_("OK, closed — nothing changed.")
NOTHING_TO_CANCEL = N_("There's no open question to cancel. /help lists what I can do.")
CANCEL_IN_SETUP = N_(
    "Set-up needs these answers to work, so I'll keep your place. Tap Back to change an "
    "earlier answer, or /delete to erase what I have so far."
)
CANCEL_IN_SESSION = N_("Your session is still open: tap ⏹ Stop on it to end it, or carry on.")

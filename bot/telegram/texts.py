"""What the bot says that is not tied to one question. Kept together so wording is easy to review."""

from __future__ import annotations

DISCLAIMER = (
    "BackCoach supports you in managing your own back care with gentle, regular exercise. "
    "It is not medical care: it does not diagnose, and it gives no advice on medication. "
    "If something feels wrong, talk to a doctor or physiotherapist."
)

WELCOME = (
    "Hi {name}! I'm BackCoach. Each day I'll give you a short routine (7–12 minutes), nudge you to "
    "move when you've been sitting a while, and adjust your exercises in small steps based on "
    "how your back responds.\n\n" + DISCLAIMER
)

WELCOME_BACK = (
    "Welcome back, {name}. Your settings and history are all still here. "
    "Use /settings to change anything, or /help to see what I can do."
)

HELP = (
    "BackCoach helps you build a daily back-care habit: a short routine, movement breaks while "
    "you sit, and small, careful progressions.\n\n"
    "/start – set up (safe to run again, nothing is lost)\n"
    "/settings – see and change your time zone, desk hours, routine time, weekly session, "
    "trouble movements and typical pain\n"
    "/help – this message\n\n" + DISCLAIMER
)

NOT_UNDERSTOOD = (
    "Sorry, I didn't understand that. Tap a button, or see /help for what I can do."
)

UNKNOWN_COMMAND = "I don't know that command. /help lists the ones I do."

FINISH_SETUP_FIRST = "Let's finish setting up first — it takes a minute. Send /start to carry on."

SETUP_DONE = (
    "All set! Here is what I have:\n\n{summary}\n\n"
    "You can change any of this with /settings."
)

SETTINGS_HEADER = "Your settings (tap one to change it):\n\n{summary}"

SAVED = "Saved."

TRANSITION_LABELS = {
    "out_of_bed": "Getting out of bed",
    "into_car": "Getting into or out of a car",
    "low_chair": "Sitting down on a low chair",
    "up_from_floor": "Getting up from the floor",
    "turning_to_reach": "Turning to reach for something",
    "lifting_from_floor": "Lifting something from the floor",
    "carrying": "Carrying things",
}

COMMANDS = [
    ("start", "Set up BackCoach (safe to run again)"),
    ("settings", "See and change your settings"),
    ("help", "What BackCoach does and its commands"),
]

"""What the bot says that is not tied to one question, kept together for review."""

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

COMMANDS = [
    ("today", "Today's routine, then a guided session"),
    ("weekly", "The weekly maintenance session"),
    ("progress", "Your progress chart and what changed"),
    ("history", "Your recent log"),
    ("schedule", "What's coming today"),
    ("rules", "Your personal rules, like 'sit 45, move 2'"),
    ("sit", "Start a sit timer outside desk hours"),
    ("stand", "Stop the sit timer"),
    ("pause", "Pause reminders for a while"),
    ("resume", "Turn reminders back on"),
    ("settings", "See and change your settings"),
    ("flare", "Having a flare-up? Switch to gentle sessions"),
    ("privacy", "What is stored and why"),
    ("export", "Download all your data"),
    ("stop", "Stop all messages (data kept)"),
    ("delete", "Erase all your data"),
    ("start", "Set up BackCoach (safe to run again)"),
    ("help", "What BackCoach does and its commands"),
]

HELP = (
    "BackCoach helps you build a daily back-care habit: a short routine (7–12 minutes), "
    "movement breaks while you sit, and small, careful progressions — one change at a time, "
    "always with a reason. After each session I ask about pain and effort, and the next "
    "morning how your back feels; that decides your next step.\n\n"
    + "\n".join(f"/{command} – {description}" for command, description in COMMANDS)
    + "\n\nYou can also just type numbers when I ask for a rating.\n\n"
    + DISCLAIMER
)

NOT_UNDERSTOOD = "Sorry, I didn't understand that. Tap a button, or see /help for what I can do."

UNKNOWN_COMMAND = "I don't know that command. /help lists the ones I do."

FINISH_SETUP_FIRST = "Let's finish setting up first — it takes a minute. Send /start to carry on."

SETUP_DONE = (
    "All set! Here is what I have:\n\n{summary}\n\n"
    "Send /today for today's routine. You can change any of this with /settings, and /help "
    "lists everything I can do."
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

STALE_BUTTON = "That button is out of date. Send /today or /help to carry on."


CHECKED_BACK = (
    "Thanks — I'm glad you've been checked. Your reminders are back on, and sessions stay "
    "gentle until your back settles: /today shows today's."
)

"""What typed words mean: button labels typed instead of tapped, short words in context, and
free text read for meaning. Each row is one message a person might send and what it must mean."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.coaching.catalogue import default_data_dir
from bot.understanding.intents import Intents, load_intents, normalise, parse_duration

# The buttons as the bot shows them (label, what a tap sends).
STEP = [
    ("⏱ 30 s timer", "timer"),
    ("✅ Done", "done"),
    ("😣 Too hard", "hard"),
    ("⏭ Skip", "skip"),
    ("⏹ Stop", "stop"),
]
PAUSE = [("1 day", "1d"), ("3 days", "3d"), ("A week", "7d"), ("Until I resume", "on")]
DELETE = [("Yes, erase everything", "erase:yes"), ("No, keep it", "erase:no")]
SAFETY = [("None of these", "no"), ("Yes, at least one", "yes")]
CONSENT = [("Yes, store my ratings", "yes"), ("No", "no")]
MOVEMENTS = [
    ("✅ Getting out of bed", "out_of_bed"),
    ("Getting into or out of a car", "into_car"),
    ("Sitting down on a low chair", "low_chair"),
    ("Lifting something from the floor", "lifting_from_floor"),
    ("Done (1 chosen)", "done"),
]
TODAY = [("▶️ Start", "go:daily"), ("Skip today", "skip:ask")]
SKIP_WHY = [("My back hurts", "pain"), ("No time", "time"), ("I forgot", "forgot")]
QUIET = [("22:00–07:00", "22:00-07:00"), ("21:00–08:00", "21:00-08:00"), ("No quiet hours", "none")]
ZONES = [("London", "Europe/London"), ("New York", "America/New_York"), ("São Paulo", "x")]
PAIN_MENU = [
    ("🔥 It's a flare-up", "flare"),
    ("🌿 A gentle session now", "gentle"),
    ("📝 Log a bad day and rest", "log"),
]
EFFORT = [
    (f"{n} · {w}", str(n)) for n, w in ((3, "moderate"), (4, "fairly hard"), (7, "very hard"))
]

LABELS = [
    # the issue's own examples
    ("skip", STEP, "skip"),
    ("done", MOVEMENTS, "done"),
    ("yes", DELETE, "erase:yes"),
    ("no", SAFETY, "no"),
    # a guided step
    ("Skip", STEP, "skip"),
    ("SKIP!", STEP, "skip"),
    ("⏭ skip", STEP, "skip"),
    ("Done", STEP, "done"),
    ("done ✅", STEP, "done"),
    ("finished", STEP, "done"),
    ("too hard", STEP, "hard"),
    ("Too HARD 😣", STEP, "hard"),
    ("hard", STEP, "hard"),
    ("stop", STEP, "stop"),  # the session, never /stop
    ("Stop.", STEP, "stop"),
    ("quit", STEP, "stop"),
    ("timer", STEP, "timer"),
    ("pass", STEP, "skip"),
    # /pause
    ("1 day", PAUSE, "1d"),
    ("3 days", PAUSE, "3d"),
    ("a week", PAUSE, "7d"),
    ("A WEEK", PAUSE, "7d"),
    ("week", PAUSE, "7d"),
    ("until I resume", PAUSE, "on"),
    ("resume", PAUSE, "on"),
    # /delete
    ("Yes", DELETE, "erase:yes"),
    ("yeah", DELETE, "erase:yes"),
    ("yes, erase everything", DELETE, "erase:yes"),
    ("No", DELETE, "erase:no"),
    ("nope", DELETE, "erase:no"),
    ("keep it", DELETE, "erase:no"),
    # the safety check
    ("none", SAFETY, "no"),
    ("None of these", SAFETY, "no"),
    ("nah", SAFETY, "no"),
    ("yes", SAFETY, "yes"),
    ("Yes, at least one", SAFETY, "yes"),
    # consent
    ("yes", CONSENT, "yes"),
    ("Sí", CONSENT, "yes"),
    ("no", CONSENT, "no"),
    # trouble movements
    ("getting out of bed", MOVEMENTS, "out_of_bed"),
    ("Lifting something from the floor", MOVEMENTS, "lifting_from_floor"),
    ("car", MOVEMENTS, "into_car"),
    ("I'm done", MOVEMENTS, "done"),
    # /today and skipping
    ("start", TODAY, "go:daily"),
    ("let's go", TODAY, "go:daily"),
    ("Skip", TODAY, "skip:ask"),
    ("skip today", TODAY, "skip:ask"),
    ("my back hurts", SKIP_WHY, "pain"),
    ("no time", SKIP_WHY, "time"),
    ("forgot", SKIP_WHY, "forgot"),
    # quiet hours, time zones: labels with dashes and accents
    ("no", QUIET, "none"),
    ("22:00-07:00", QUIET, "22:00-07:00"),
    ("no quiet hours", QUIET, "none"),
    ("sao paulo", ZONES, "x"),
    ("SÃO PAULO", ZONES, "x"),
    ("new york", ZONES, "America/New_York"),
    # menus
    ("flare", PAIN_MENU, "flare"),
    ("flare-up", PAIN_MENU, "flare"),
    ("gentle session", PAIN_MENU, "gentle"),
    ("rest", PAIN_MENU, "log"),
    # the effort scale's words
    ("moderate", EFFORT, "3"),
    ("fairly hard", EFFORT, "4"),
]

NO_MATCH = [
    ("maybe", DELETE),  # not a yes: nothing is erased
    ("ok", DELETE),  # "ok" is not consent to erase everything
    ("yes", STEP),  # no yes button on a step
    ("day", [("1 day", "1d"), ("3 day pass", "3d")]),  # two labels hold it: ambiguous
    ("no", STEP),
    ("", STEP),
    ("👍", PAUSE),
    ("hard", EFFORT),  # "fairly hard", "very hard": ambiguous
]

FREE_TEXT = [
    # the urgent warning signs, as people say them
    (
        "since this morning I have numbness in both legs and trouble controlling my bladder",
        "urgent",
    ),
    ("I can't control my bladder", "urgent"),
    ("I wet myself this morning and my back is killing me", "urgent"),
    ("trouble controlling my bowels since yesterday", "urgent"),
    ("incontinence since the weekend", "urgent"),
    ("I can't pee", "urgent"),
    ("numb around my bum", "urgent"),
    ("my inner thighs are numb", "urgent"),
    ("numbness in my groin", "urgent"),
    ("can't feel the toilet paper when I wipe", "urgent"),
    ("both legs feel weak", "urgent"),
    ("my legs are giving way", "urgent"),
    ("no feeling in my legs", "urgent"),
    ("I can’t get an erection since my back went", "urgent"),
    ("Numbness in BOTH legs!!", "urgent"),
    # denied: never the urgent stop
    ("no numbness", "unknown"),
    ("I have no numbness in my legs", "unknown"),
    ("I don't have any numbness in both legs", "unknown"),
    ("my legs aren't numb", "unknown"),
    ("no bladder problems, just stiff", "pain"),
    ("no numbness and weakness in my legs", "unknown"),
    ("my left leg is numb", "unknown"),  # one leg is not both legs
    ("tingling in my foot", "unknown"),
    ("pins and needles in both legs", "urgent"),  # "and" inside a sign splits nothing
    ("I have chest pain", "urgent"),
    ("my left leg is getting weaker every day", "urgent"),
    ("my foot keeps dragging when I walk", "urgent"),
    ("I have a fever and my back hurts", "soon"),
    # unsure: asked, not acted on
    ("I used to have bladder problems years ago", "urgent_unsure"),
    ("what if I get numbness in both legs?", "urgent_unsure"),
    ("my bladder feels weird", "urgent_unsure"),
    # pain reports
    ("my back hurts today", "pain"),
    ("pain 7 today", "pain"),
    ("bad day", "pain"),
    ("back is killing me", "pain"),
    ("so sore this morning", "pain"),
    ("I think I'm having a flare", "pain"),
    ("6/10 pain", "pain"),
    # better
    ("no pain today!", "better"),
    ("feeling much better", "better"),
    ("I'm better", "better"),
    ("the flare is over", "better"),
    ("better than yesterday but still bad", "better"),
    ("not better", "not_better"),
    ("I'm not feeling any better", "not_better"),
    ("no pain, better today", "better"),
    # today's routine
    ("what should I do", "today"),
    ("What should I do today?", "today"),
    ("today", "today"),
    ("let's go", "today"),
    ("routine", "today"),
    # others
    ("stop", "quiet"),
    ("too many reminders", "quiet"),
    ("settings", "settings"),
    ("how am I doing", "progress"),
    ("help", "help"),
    ("?", "help"),
    ("hi", "greeting"),
    ("Good morning!", "greeting"),
    ("thanks", "thanks"),
    ("Thank you so much", "thanks"),
    ("ok", "thanks"),
    ("okay 👍", "thanks"),
    ("👍", "emoji"),
    ("🙏🙏", "emoji"),
    ("asdf qwer", "unknown"),
    ("what's the weather in Paris", "unknown"),
]

SIGNS = [
    ("I can't control my bladder", "bladder_bowel"),
    ("numb around my bum", "saddle"),
    ("both legs feel weak", "both_legs"),
    ("I can't get an erection since my back went", "sexual"),
    ("my left leg is getting weaker every day", "one_leg_weakening"),
]

DURATIONS = [
    ("2 hours", timedelta(hours=2)),
    ("2h", timedelta(hours=2)),
    ("for 3 days", timedelta(days=3)),
    ("a week", timedelta(weeks=1)),
    ("two hours", timedelta(hours=2)),
    ("half an hour", timedelta(minutes=30)),
    ("45 min", timedelta(minutes=45)),
    ("1.5 hours", timedelta(minutes=90)),
    ("5 minutes", None),  # too short to be a pause
    ("100 days", None),  # longer than any pause: "Until I resume" is for that
    ("soon", None),
]


@pytest.fixture(scope="module")
def intents() -> Intents:
    return load_intents(default_data_dir())


@pytest.mark.parametrize(("typed", "buttons", "meaning"), LABELS)
def test_a_typed_label_or_word_means_its_button(
    intents: Intents, typed: str, buttons: list[tuple[str, str]], meaning: str
) -> None:
    assert intents.match_button(typed, buttons) == meaning


@pytest.mark.parametrize(("typed", "buttons"), NO_MATCH)
def test_text_that_is_no_button_or_could_be_two_means_none(
    intents: Intents, typed: str, buttons: list[tuple[str, str]]
) -> None:
    assert intents.match_button(typed, buttons) is None


@pytest.mark.parametrize(("text", "kind"), FREE_TEXT)
def test_free_text_is_read_for_its_meaning(intents: Intents, text: str, kind: str) -> None:
    assert intents.read(text).kind == kind


@pytest.mark.parametrize(
    ("text", "outright"),
    [
        ("I'm better", True),
        ("feeling better", True),
        ("The flare’s over!", True),
        ("Much better, thanks", True),
        ("back to normal", True),
        ("a bit better", False),
        ("better than yesterday but still bad", False),
        ("not better", False),
        ("I'm better I think?", False),
    ],
)
def test_better_said_outright_is_told_from_better_with_a_but(
    intents: Intents, text: str, outright: bool
) -> None:
    assert intents.better_outright(text) is outright


@pytest.mark.parametrize(("text", "sign"), SIGNS)
def test_the_urgent_sign_is_named_so_the_question_back_can_name_it(
    intents: Intents, text: str, sign: str
) -> None:
    assert intents.read(text).sign == sign


def test_a_pain_number_is_read_with_the_report(intents: Intents) -> None:
    assert intents.read("pain 7 today").score == 7
    assert intents.read("6/10 pain").score == 6
    assert intents.read("my back hurts").score is None


@pytest.mark.parametrize(("text", "length"), DURATIONS)
def test_a_pause_can_be_typed_as_a_length(text: str, length: timedelta | None) -> None:
    assert parse_duration(text) == length


def test_labels_are_compared_without_case_accents_or_emoji() -> None:
    assert normalise("✅ Done (2 chosen)") == "done 2 chosen"
    assert normalise("SÃO Paulo") == normalise("sao paulo")
    assert normalise("Mon–Fri 09:00–17:30") == "mon-fri 09:00-17:30"
    assert normalise("I can’t") == "i can't"


def test_a_plain_word_never_picks_a_button_just_because_a_label_holds_it(
    intents: Intents,
) -> None:
    assert intents.match_button("today", TODAY) is None  # not "Skip today"
    assert intents.match_button("skip today", TODAY) == "skip:ask"


@pytest.mark.parametrize(
    ("text", "thanked"),
    [
        ("thanks a lot", True),
        ("Danke dir!", True),
        ("dankeschön", True),
        ("muchas gracias", True),
        ("ok cool", False),
        ("alles klar", False),
        ("vale", False),
    ],
)
def test_a_thank_you_is_told_from_a_plain_ok_in_every_language(
    intents: Intents, text: str, thanked: bool
) -> None:
    assert intents.thanked(text) is thanked

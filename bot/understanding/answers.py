"""Set-up answers typed in words: "yes that's fine", "I'm 41", "no, none of these", "sunday
morning", "after work, 6:30pm", "getting out of bed and getting into the car".

Each reader finds the one thing its question needs inside whatever else was said, or None
when it isn't there (the caller then says in a line what it expects). Vocabulary in
data/answers.yaml.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from bot.understanding.intents import normalise
from bot.understanding.text import german_spanish_to_digits
from bot.understanding.times import DAY_NAME, TIME_PHRASE, parse_time, parse_weekday

DATA = Path(__file__).resolve().parents[2] / "data" / "answers.yaml"
_AGE = re.compile(r"(?<![\d:.])(\d{1,3})(?![\d:.])")
_DAY = re.compile(rf"\b{DAY_NAME}\b")
_TIME = re.compile(rf"(?<![\w:.]){TIME_PHRASE}", re.IGNORECASE)
# Small words around a short day name and its time: "Sa um 10", "do a las 10", "am Do".
_BESIDE_A_DAY = frozenset({"um", "a", "las", "la", "at", "am", "el", "los", "gegen", "uhr"})
_WORDS = re.compile(r"[a-z0-9']+(?:/[a-z]+)?")


@functools.cache
def _vocabulary() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return loaded


def _plain(text: str) -> str:
    return " ".join(_WORDS.findall(normalise(text)))


def yes_or_no(text: str) -> str | None:
    """'yes' or 'no' for an answer that starts with one ("yep, go ahead", "nope none"), or
    says "none of these" anywhere; None when it says neither or both. A letter drawn out is
    read once ("siii", "neeein")."""
    plain = re.sub(r"([a-z])\1{2,}", r"\1", _plain(text))
    vocabulary = _vocabulary()
    anywhere = vocabulary["anywhere_no"]
    assert isinstance(anywhere, list)
    if any(re.search(rf"\b{pattern}\b", plain) for pattern in anywhere):
        return "no"
    starts = vocabulary["starts"]
    assert isinstance(starts, dict)
    found = {
        meaning
        for meaning, phrases in starts.items()
        if any(plain == p or plain.startswith(p + " ") for p in phrases)
    }
    return found.pop() if len(found) == 1 else None


def age_in(text: str) -> int | None:
    """The one plausible age a message states ("I'm 41", "41 years old"), else None."""
    ages = [int(n) for n in _AGE.findall(normalise(text)) if 0 < int(n) < 120]
    return ages[0] if len(ages) == 1 else None


def weekday_in(text: str) -> int | None:
    """The one weekday named in a message ("sunday morning", "on Saturdays please"; "Sonntag
    früh", "el sábado"), or a short name standing alone or before a time ("Do", "Sa um 10",
    "do a las 10"): "do" is also English, "mi" also Spanish for "my"."""
    plain = normalise(text)
    days = {parse_weekday(match) for match in _DAY.findall(plain)} - {None}
    if not days:
        rest = _TIME.sub(" ", german_spanish_to_digits(plain)).split()
        alone = [word for word in rest if word not in _BESIDE_A_DAY]
        days = {parse_weekday(alone[0])} - {None} if len(alone) == 1 else set()
    return days.pop() if len(days) == 1 else None


def time_in(text: str) -> str | None:
    """The one clock time inside a message ("after work, 6:30pm" -> "6:30pm"), as typed
    (German and Spanish number words as digits: "nach der Arbeit, um halb sieben" -> "halb 7")."""
    plain = german_spanish_to_digits(normalise(text))
    found = [m.group(0).strip() for m in _TIME.finditer(plain) if parse_time(m.group(0))]
    return found[0] if len(set(found)) == 1 else None


def sit_minutes_in(text: str) -> int | None:
    """How often a sit break, in minutes: "hourly", "every 45 minutes", "a few times a day"."""
    plain = _plain(text)
    rhythms = _vocabulary()["sit_rhythm"]
    assert isinstance(rhythms, dict)
    for minutes, phrases in rhythms.items():
        if any(re.search(rf"\b{phrase}\b", plain) for phrase in phrases):
            return int(minutes)
    found = re.search(r"\b(\d{2,3}) ?(?:min|mins|minutes?)?\b", plain)
    return int(found.group(1)) if found else None


def no_desk(text: str) -> bool:
    """Whether an answer to "when do you sit at a desk?" says there is none ("no desk", "none",
    "I'm retired")."""
    plain = _plain(text)
    phrases = _vocabulary()["no_desk"]
    assert isinstance(phrases, list)
    return yes_or_no(text) == "no" or any(re.search(rf"\b{p}\b", plain) for p in phrases)


def compared_in(text: str) -> str | None:
    """ "better", "same" or "worse" for a morning answer in words ("a bit better actually",
    "same as usual", "not great"); None when it says none of them, or more than one."""
    plain = _plain(text)
    vocabulary = _vocabulary()
    words, greetings = vocabulary["compared"], vocabulary["compared_ignore"]
    assert isinstance(words, dict) and isinstance(greetings, list)
    for phrase in greetings:
        plain = re.sub(rf"\b{phrase}\b", " ", plain)
    # Longest phrases first, each taken out once found: "not great" is never also "great".
    pairs = sorted(
        ((phrase, meaning) for meaning, phrases in words.items() for phrase in phrases),
        key=lambda pair: -len(pair[0]),
    )
    found = set()
    for phrase, meaning in pairs:
        if re.search(rf"\b{phrase}\b", plain):
            found.add(meaning)
            plain = re.sub(rf"\b{phrase}\b", " ", plain)
    return found.pop() if len(found) == 1 else None


def movements_in(text: str) -> list[str]:
    """The trouble movements a sentence names, in the order data/answers.yaml lists them."""
    plain = _plain(text)
    movements = _vocabulary()["movements"]
    assert isinstance(movements, dict)
    return [
        key
        for key, phrases in movements.items()
        if any(re.search(rf"\b{phrase}\b", plain) for phrase in phrases)
    ]

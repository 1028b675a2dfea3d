"""What a typed message means: a button's label, a short word, or free text.

Rules, not a language model: every pattern lives in data/intents.yaml, so what the bot
understands can be read, reviewed and grown. Warning signs are read first, as concepts, by
bot/understanding/symptoms.py (data/symptoms.yaml): one place for each sign.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from bot.i18n import _
from bot.understanding.symptoms import Symptoms, load_symptoms
from bot.understanding.text import NUMBERS_DATA, fold, german_spanish_to_digits

# Which free-text intents exist, in the order they are tried after the warning signs.
FREE_TEXT_ORDER = (
    "walked",
    "not_better",
    "better",
    "pain",
    "skip_today",
    "today",
    "quiet",
    "settings",
    "progress",
    "help",
)
WHOLE_TEXT_ORDER = ("greeting", "thanks")
# A pause typed as a length ("2 hours") is kept within these bounds.
MIN_PAUSE, MAX_PAUSE = timedelta(minutes=10), timedelta(days=90)

_SPACES = re.compile(r"\s+")
_NEARBY = r"(?:\s+\S+){0,3}\s+"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DURATION = re.compile(
    r"^(?:for\s+)?(?:(\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|half an?)\s*)?"
    r"(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$"
)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_PAIN_SCORE = re.compile(
    r"\b(10|\d)\s*(?:/|out of|von|de|sobre)\s*10\b"
    r"|\b(?:pain|schmerz\w*|dolor)\D{0,12}?\b(10|\d)\b"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternGroup(_Strict):
    patterns: list[str] = Field(default_factory=list)
    whole: list[str] = Field(default_factory=list)


class FreeText(_Strict):
    walked: PatternGroup
    not_better: PatternGroup
    better: PatternGroup
    pain: PatternGroup
    skip_today: PatternGroup
    today: PatternGroup
    quiet: PatternGroup
    settings: PatternGroup
    progress: PatternGroup
    help: PatternGroup
    greeting: PatternGroup
    thanks: PatternGroup


class IntentFile(_Strict):
    words: dict[str, list[str]] = Field(min_length=1)
    filler: list[str]
    free_text: FreeText


@dataclass(frozen=True)
class Reading:
    """What a message was read as. `kind` is one of "urgent" (an urgent warning sign, stated),
    "soon" (a sign for a doctor soon), "urgent_unsure" (an urgent sign mentioned but not said to
    be happening now: ask), FREE_TEXT_ORDER, WHOLE_TEXT_ORDER, "emoji" or
    "unknown"; `sign` names the warning sign, `score` a pain number if one was given."""

    kind: str
    sign: str | None = None
    score: int | None = None


def normalise(text: str) -> str:
    """Lower case, no accents, no emoji or punctuation (but apostrophes, digits, ':', '/')."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'")):
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        if category[0] in "LN" or char in "':/":
            kept.append(char.lower())
        elif char in "-–—":
            kept.append("-")
        else:
            kept.append(" ")
    return _SPACES.sub(" ", "".join(kept)).strip(" -")


def _shown(label: str) -> set[str]:
    """A button's label as written and as the person sees it, in their language, normalised."""
    return {normalise(label), normalise(_(label))} if label else {""}


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern.replace(" ~ ", _NEARBY) + r")(?!\w)")


def _any(patterns: Sequence[str]) -> re.Pattern[str]:
    return _compile("|".join(f"(?:{p})" for p in patterns))


_SIGN_KINDS = {"urgent": "urgent", "soon": "soon", "ask": "urgent_unsure"}


class Intents:
    def __init__(self, data: IntentFile, symptoms: Symptoms) -> None:
        self.symptoms = symptoms
        self.words = {
            name: tuple(normalise(w) for w in words) for name, words in data.words.items()
        }
        self.filler = frozenset(normalise(word) for word in data.filler)
        groups = data.free_text
        self._free = {name: _any(getattr(groups, name).patterns) for name in FREE_TEXT_ORDER}
        self._whole = {
            name: re.compile("(?:" + "|".join(getattr(groups, name).whole) + ")")
            for name in WHOLE_TEXT_ORDER
        }
        self._better_outright = re.compile("(?:" + "|".join(groups.better.whole) + ")")
        self._thanked = _any(groups.thanks.patterns)

    # --- short answers to a question with buttons ----------------------------------------

    def word(self, text: str) -> str | None:
        """The word class ("yes", "skip", "cancel"...) a short answer belongs to, if any."""
        typed = normalise(text)
        return next((name for name, words in self.words.items() if typed in words), None)

    def tags(self, label: str) -> set[str]:
        """The word classes a button answers to: its label, as written or as shown in the
        person's language, is one of the words, or starts with one ("Yes, erase everything"
        -> yes; "⏭ Skip" -> skip; "No time", shown as "Keine Zeit" -> skip_time)."""
        shown = _shown(label)
        return {
            name
            for name, words in self.words.items()
            if any(
                plain == word or plain.startswith(word + " ") for word in words for plain in shown
            )
        }

    def match_button(self, text: str, buttons: Sequence[tuple[str, str]]) -> str | None:
        """The value of the button (label, value) that typed text means, or None.

        In order: the label itself; a word its label answers to; words found, in order, in
        exactly one label ("week" -> "A week"). Ambiguity is no match."""
        typed = normalise(text)
        if not typed:
            return None
        exact = [value for label, value in buttons if typed in _shown(label)]
        if exact:
            return exact[0]
        word = self.word(typed)
        if word is not None:
            tagged = [value for label, value in buttons if word in self.tags(label)]
            return tagged[0] if len(tagged) == 1 else None
        if len(typed) < 3 or typed in self.filler:
            return None
        inside = re.compile(r"(?:^|[\s-])" + re.escape(typed) + r"(?:[\s-]|$)")
        found = [
            value
            for label, value in buttons
            if any(inside.search(shown) for shown in _shown(label))
        ]
        return found[0] if len(found) == 1 else None

    # --- free text ----------------------------------------------------------------------

    def better_outright(self, text: str) -> bool:
        """The whole message says the back is better, in so many words ("I'm better", "the
        flare is over"), not "a bit better but still bad"."""
        return self._better_outright.fullmatch(normalise(text)) is not None

    def thanked(self, text: str) -> bool:
        """A thank-you in so many words ("danke", "thanks a lot"), not only "ok" or "cool"."""
        return self._thanked.search(normalise(text)) is not None

    def read(self, text: str) -> Reading:
        found = self.symptoms.read(text)
        if found.level in _SIGN_KINDS:
            return Reading(_SIGN_KINDS[found.level], sign=found.sign)
        plain = normalise(text)
        if not plain:
            return Reading("emoji" if text.strip() and "?" not in text else "help")
        for name in FREE_TEXT_ORDER:
            if self._free[name].search(plain):
                return Reading(name, score=pain_score(plain) if name == "pain" else None)
        for name in WHOLE_TEXT_ORDER:
            if self._whole[name].fullmatch(plain):
                return Reading(name)
        return Reading("unknown")


def pain_score(plain: str) -> int | None:
    """A 0-10 number given with a pain report ("pain 7 today", "6/10")."""
    match = _PAIN_SCORE.search(plain)
    if match is None:
        return None
    return int(match.group(1) or match.group(2))


def parse_duration(text: str) -> timedelta | None:
    """A pause length: "2 hours", "30 min", "3 days", "a week", "1d", "half an hour"; "2
    Stunden", "eine Woche", "drei Tage", "dos horas", "una semana", "media hora"."""
    match = _DURATION.match(_SPACES.sub(" ", text.strip().lower().rstrip(".!")))
    if match is None:
        return _other_duration(text)
    amount_text, unit = match.group(1) or "1", match.group(2)[0]
    if amount_text.startswith("half"):
        amount = 0.5
    else:
        amount = float(_NUMBER_WORDS.get(amount_text, 0) or amount_text.replace(",", "."))
    length = timedelta(**{_UNITS[unit]: amount})
    return length if MIN_PAUSE <= length <= MAX_PAUSE else None


def _other_duration(text: str) -> timedelta | None:
    """A pause length in German or Spanish words (data/numbers.yaml, "durations")."""
    words = _duration_words()
    plain = german_spanish_to_digits(fold(text))
    units = "|".join(word for unit in _UNITS.values() for word in words[unit])
    ones = "|".join(words["one"] + words["half"])
    match = re.fullmatch(
        rf"(?:(?:{'|'.join(words['for'])})\s+)?(?:(\d+(?:[.,]\d+)?|{ones})\s*)?({units})", plain
    )
    if match is None:
        return None
    amount_text, unit_word = match.group(1) or "1", match.group(2)
    unit = next(unit for unit in _UNITS.values() if unit_word in words[unit])
    if amount_text in words["half"]:
        amount = 0.5
    else:
        amount = 1.0 if amount_text in words["one"] else float(amount_text.replace(",", "."))
    length = timedelta(**{unit: amount})
    return length if MIN_PAUSE <= length <= MAX_PAUSE else None


@cache
def _duration_words() -> dict[str, list[str]]:
    raw = yaml.safe_load(NUMBERS_DATA.read_text(encoding="utf-8"))["durations"]
    return {key: [str(word) for word in words] for key, words in raw.items()}


@cache
def load_intents(data_dir: Path) -> Intents:
    """Read and check data/intents.yaml (and data/symptoms.yaml) once; a broken file fails at
    start-up."""
    raw = yaml.safe_load((data_dir / "intents.yaml").read_text(encoding="utf-8"))
    return Intents(IntentFile.model_validate(raw), load_symptoms(data_dir))

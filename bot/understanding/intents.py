"""What a typed message means: a button's label, a short word, or free text.

Rules, not a language model: every pattern lives in data/intents.yaml, so what the bot
understands can be read, reviewed and grown. The urgent warning signs are read first and
carefully: a denied sign ("no numbness") is ignored, and anything uncertain becomes a question
back to the person, never a silent guess.
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

# Which free-text intents exist, in the order they are tried after the urgent signs.
FREE_TEXT_ORDER = ("walked", "better", "pain", "today", "quiet", "settings", "progress", "help")
WHOLE_TEXT_ORDER = ("greeting", "thanks")
# Words before a sign that can deny it ("I don't have any numbness ...").
NEGATION_REACH = 5
# A pause typed as a length ("2 hours") is kept within these bounds.
MIN_PAUSE, MAX_PAUSE = timedelta(minutes=10), timedelta(days=90)

_SENTENCE = re.compile(r"[.;!?\n]+|\b(?:but|however|though|although|yet)\b")
_CLAUSE = re.compile(r",|\b(?:and|or|plus|also)\b")
_SPACES = re.compile(r"\s+")
_NEARBY = r"(?:\s+\S+){0,3}\s+"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DURATION = re.compile(
    r"^(?:for\s+)?(?:(\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|half an?)\s*)?"
    r"(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$"
)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_PAIN_SCORE = re.compile(r"\b(10|\d)\s*(?:/|out of)\s*10\b|\bpain\D{0,12}?\b(10|\d)\b")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sign(_Strict):
    definite: list[str] = Field(min_length=1)
    unsure: list[str] = Field(min_length=1)


class UrgentRules(_Strict):
    source: str = Field(min_length=10)
    negations: list[str] = Field(min_length=1)
    hedges: list[str]
    signs: dict[str, Sign] = Field(min_length=1)


class PatternGroup(_Strict):
    patterns: list[str] = Field(default_factory=list)
    whole: list[str] = Field(default_factory=list)


class FreeText(_Strict):
    urgent: UrgentRules
    walked: PatternGroup
    better: PatternGroup
    pain: PatternGroup
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
    """What a message was read as. `kind` is one of "urgent" (a warning sign, stated),
    "urgent_unsure" (it might be one: ask), FREE_TEXT_ORDER, WHOLE_TEXT_ORDER, "emoji" or
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


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + pattern.replace(" ~ ", _NEARBY) + r")(?!\w)")


def _any(patterns: Sequence[str]) -> re.Pattern[str]:
    return _compile("|".join(f"(?:{p})" for p in patterns))


class Intents:
    def __init__(self, data: IntentFile) -> None:
        self.words = {
            name: tuple(normalise(w) for w in words) for name, words in data.words.items()
        }
        self.filler = frozenset(normalise(word) for word in data.filler)
        urgent = data.free_text.urgent
        self.source = urgent.source
        self._negation = _any(urgent.negations)
        self._hedge = _any(urgent.hedges)
        self._signs = {
            name: (_any(sign.definite), _any(sign.unsure)) for name, sign in urgent.signs.items()
        }
        groups = data.free_text
        self._free = {name: _any(getattr(groups, name).patterns) for name in FREE_TEXT_ORDER}
        self._whole = {
            name: re.compile("(?:" + "|".join(getattr(groups, name).whole) + ")")
            for name in WHOLE_TEXT_ORDER
        }

    # --- short answers to a question with buttons ----------------------------------------

    def word(self, text: str) -> str | None:
        """The word class ("yes", "skip", "cancel"...) a short answer belongs to, if any."""
        typed = normalise(text)
        return next((name for name, words in self.words.items() if typed in words), None)

    def tags(self, label: str) -> set[str]:
        """The word classes a button answers to: its label is one of the words, or starts
        with one ("Yes, erase everything" -> yes; "⏭ Skip" -> skip)."""
        plain = normalise(label)
        return {
            name
            for name, words in self.words.items()
            if any(plain == word or plain.startswith(word + " ") for word in words)
        }

    def match_button(self, text: str, buttons: Sequence[tuple[str, str]]) -> str | None:
        """The value of the button (label, value) that typed text means, or None.

        In order: the label itself; a word its label answers to; words found, in order, in
        exactly one label ("week" -> "A week"). Ambiguity is no match."""
        typed = normalise(text)
        if not typed:
            return None
        exact = [value for label, value in buttons if normalise(label) == typed]
        if exact:
            return exact[0]
        word = self.word(typed)
        if word is not None:
            tagged = [value for label, value in buttons if word in self.tags(label)]
            return tagged[0] if len(tagged) == 1 else None
        if len(typed) < 3 or typed in self.filler:
            return None
        inside = re.compile(r"(?:^|[\s-])" + re.escape(typed) + r"(?:[\s-]|$)")
        found = [value for label, value in buttons if inside.search(normalise(label))]
        return found[0] if len(found) == 1 else None

    # --- free text ----------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        urgent = self.urgent(text)
        if urgent is not None:
            return urgent
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

    def urgent(self, text: str) -> Reading | None:
        """A stated urgent warning sign ("urgent"), a possible one ("urgent_unsure"), or None.

        A sign counts as stated when it is not denied in its own clause and nothing makes it
        doubtful: an earlier denial in the same sentence ("no numbness and weakness in my
        legs"), a hedge ("years ago", "should I worry"), or a question mark."""
        doubtful = "?" in text or bool(self._hedge.search(normalise(text)))
        unsure: str | None = None
        for sentence in _SENTENCE.split(text.lower()):
            denied_before = False
            for raw in _CLAUSE.split(sentence):
                clause = normalise(raw)
                stated, mentioned = self._signs_in(clause)
                if stated and not (doubtful or denied_before):
                    return Reading("urgent", sign=stated)
                unsure = unsure or stated or mentioned
                denied_before = denied_before or bool(self._negation.search(clause))
        return Reading("urgent_unsure", sign=unsure) if unsure else None

    def _signs_in(self, clause: str) -> tuple[str | None, str | None]:
        """(a sign stated and not denied, a sign only mentioned) in one clause."""
        mentioned = None
        for name, (definite, unsure) in self._signs.items():
            for match in definite.finditer(clause):
                if not self._denied(clause, match):
                    return name, None
            hint = unsure.search(clause)
            if mentioned is None and hint is not None and not self._denied(clause, hint):
                mentioned = name
        return None, mentioned

    def _denied(self, clause: str, match: re.Match[str]) -> bool:
        before = clause[: match.start()].split()[-NEGATION_REACH:]
        if self._negation.search(" ".join(before)):
            return True
        inside = match.group(0).split()[1:]  # "legs aren't numb"; not "no feeling in my legs"
        return any(word in ("not", "never") or word.endswith("n't") for word in inside)


def pain_score(plain: str) -> int | None:
    """A 0-10 number given with a pain report ("pain 7 today", "6/10")."""
    match = _PAIN_SCORE.search(plain)
    if match is None:
        return None
    return int(match.group(1) or match.group(2))


def parse_duration(text: str) -> timedelta | None:
    """A pause length: "2 hours", "30 min", "3 days", "a week", "1d", "half an hour"."""
    match = _DURATION.match(_SPACES.sub(" ", text.strip().lower().rstrip(".!")))
    if match is None:
        return None
    amount_text, unit = match.group(1) or "1", match.group(2)[0]
    if amount_text.startswith("half"):
        amount = 0.5
    else:
        amount = float(_NUMBER_WORDS.get(amount_text, 0) or amount_text.replace(",", "."))
    length = timedelta(**{_UNITS[unit]: amount})
    return length if MIN_PAUSE <= length <= MAX_PAUSE else None


@cache
def load_intents(data_dir: Path) -> Intents:
    """Read and check data/intents.yaml once; a broken file fails at start-up."""
    raw = yaml.safe_load((data_dir / "intents.yaml").read_text(encoding="utf-8"))
    return Intents(IntentFile.model_validate(raw))

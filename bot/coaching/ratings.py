"""Reading ratings people type, and the words of the effort scale."""

from __future__ import annotations

import re

from bot.i18n import N_, _
from bot.understanding.text import fold, words_to_digits

# Borg CR10 anchors, in our own words (Borg 1998). 6, 8 and 9 sit between named anchors.
# Marked for translation: `_(words)` where they are shown, and read back by `effort_in`.
BORG_CR10: dict[int, str] = {
    0: N_("nothing at all"),
    1: N_("very light"),
    2: N_("light"),
    3: N_("moderate"),
    4: N_("fairly hard"),
    5: N_("hard"),
    6: N_("hard+"),
    7: N_("very hard"),
    8: N_("very hard+"),
    9: N_("very, very hard"),
    10: N_("maximal"),
}

_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:[.,]\d+)?")
_OUT_OF_TEN = re.compile(r"(\d+)\s*(?:/|out of|of)\s*10\b", re.IGNORECASE)


def parse_rating(text: str) -> int | None:
    """A 0–10 rating from what someone typed: "4", "4/10", "about 4", "pain 3", "~7", "four"."""
    cleaned = words_to_digits(text.strip().lower())
    if not cleaned or len(cleaned) > 40:
        return None
    out_of_ten = _OUT_OF_TEN.search(cleaned)
    if out_of_ten:
        cleaned = cleaned.replace(out_of_ten.group(0), out_of_ten.group(1))
    numbers = _NUMBER.findall(cleaned)
    if len(set(numbers)) != 1:
        return None
    value = float(numbers[0].replace(",", "."))
    if not value.is_integer() or not 0 <= value <= 10:
        return None
    return int(value)


def effort_in(text: str) -> int | None:
    """The effort scale's point whose words were typed, in the person's language ("moderate",
    "mittel", "moderado"); the points between two anchors ("hard+") have a number only."""
    typed = fold(text)
    found = [
        score
        for score, words in BORG_CR10.items()
        if not words.endswith("+") and fold(_(words)) == typed
    ]
    return found[0] if typed and len(found) == 1 else None

"""Minutes of walking as people type them: "20", "about 15", "walked 25 min", "half an hour",
"an hour and a half", "1h10", "hardly any"; "zwanzig Minuten", "eine halbe Stunde", "gar
nicht", "media hora", "una hora y media", "nada" (German and Spanish words in
data/numbers.yaml)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from bot.understanding.text import NUMBERS_DATA, words_to_digits

_WORDS: dict[str, Any] = yaml.safe_load(NUMBERS_DATA.read_text(encoding="utf-8"))["minutes"]
_PHRASES: list[tuple[str, int]] = sorted(_WORDS["phrases"].items(), key=lambda p: -len(p[0]))
_OTHER_HOURS = "|".join(sorted(_WORDS["hours"], key=len, reverse=True))
_OTHER_NONE = "|".join(sorted(_WORDS["none"], key=len, reverse=True))

_NONE = re.compile(
    r"\b(?:none|nothing|hardly|barely|not today|didn.?t|did not|no walk|not much|not a lot"
    rf"|very little|rarely|don.?t walk|do not walk|{_OTHER_NONE})\b|^no$"
)
_HOURS = re.compile(
    rf"(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hours?|{_OTHER_HOURS})(?![a-z])\s*(?:(?:and|und|y)\s*)?"
    r"(\d+)?\s*(?:m|min|mins|minutes?|minuten|minutos)?"
)
_MINUTES = re.compile(r"\b(\d+(?:[.,]\d+)?)\b")
LONGEST = 600  # ten hours of walking in a day is already a typo more often than not


def parse_minutes(text: str) -> int | None:
    """Whole minutes, or None if there is no clear amount."""
    plain = words_to_digits(" ".join(text.casefold().split()).replace("half an hour", "30 min"))
    plain = plain.replace("an hour and a half", "90 min").replace("an hour", "60 min")
    plain = plain.replace("a quarter of an hour", "15 min")
    for phrase, minutes in _PHRASES:
        plain = plain.replace(phrase, f"{minutes} min")
    if _NONE.search(plain):
        return 0
    hours = _HOURS.search(plain)
    if hours:
        total = float(hours.group(1).replace(",", ".")) * 60 + int(hours.group(2) or 0)
    else:
        found = {float(n.replace(",", ".")) for n in _MINUTES.findall(plain)}
        if len(found) != 1:
            return None
        total = found.pop()
    minutes = round(total)
    return minutes if 0 <= minutes <= LONGEST else None

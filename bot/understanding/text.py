"""Folding typed text to a plain key, and number words.

The place table stores keys folded by `fold`, so "München", "Munchen" and "MUNCHEN" meet.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_PUNCTUATION = re.compile(r"[\s\-‐‑–—_/'’`´.,;:!?()\"«»]+")

_UP_TO_TWENTY = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_WORDS = {word: value for value, word in enumerate(_UP_TO_TWENTY.split(" "))}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_NUMBER = re.compile(
    r"\b(?:(?P<tens>twenty|thirty|forty|fifty)[\s-]?(?P<unit>one|two|three|four|five|six|seven|"
    r"eight|nine)|(?P<word>"
    + "|".join(sorted([*NUMBER_WORDS, *_TENS, "nought", "a dozen"], key=len, reverse=True))
    + r"))\b"
)


def fold(text: str) -> str:
    """'  São-Paulo ' -> 'sao paulo'; 'MÜNCHEN' -> 'munchen': lower case, no accents or dashes."""
    lowered = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    plain = "".join(char for char in lowered if not unicodedata.combining(char))
    return _PUNCTUATION.sub(" ", plain).strip()


def words_to_digits(text: str) -> str:
    """'four out of ten' -> '4 out of 10'; 'forty-five' -> '45'. Text is expected lower case."""

    def number(match: re.Match[str]) -> str:
        if match.group("tens"):
            return str(_TENS[match.group("tens")] + NUMBER_WORDS[match.group("unit")])
        word = match.group("word")
        special = {"nought": 0, "a dozen": 12}
        return str(special.get(word, NUMBER_WORDS.get(word, _TENS.get(word))))

    return _NUMBER.sub(number, text)


def parse_number(text: str) -> int | None:
    """'4', 'four', ' Twelve ', 'forty-five' -> the whole number; anything else -> None."""
    cleaned = words_to_digits(text.strip().lower()).strip()
    return int(cleaned) if cleaned.isdigit() and len(cleaned) <= 6 else None


def parse_numbers(text: str) -> list[int]:
    """Every whole number in a sentence: '45 sitting, two moving' -> [45, 2]."""
    return [int(found) for found in re.findall(r"\d+", words_to_digits(text.lower()))]

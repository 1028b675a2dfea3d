"""Folding typed text to a plain key, and number words (English here; German and Spanish in
data/numbers.yaml).

The place table stores keys folded by `fold`, so "München", "Munchen" and "MUNCHEN" meet.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

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


NUMBERS_DATA = Path(__file__).resolve().parents[2] / "data" / "numbers.yaml"


def _spellings(word: str) -> set[str]:
    """'fünf' -> {'fünf', 'funf', 'fuenf'}; 'dreißig' -> {'dreißig', 'dreissig'}: as typed
    with and without accents."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    spelled = word.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    return {word} | {variant.replace("ß", "ss") for variant in (word, plain, spelled)}


@functools.cache
def _other_languages() -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str], int]:
    """German and Spanish number words: one pattern for them all (compounds first), the value
    of each spelling, the "out of ten" pattern and the value of Spanish "once"."""
    raw = yaml.safe_load(NUMBERS_DATA.read_text(encoding="utf-8"))
    values: dict[str, int] = {}
    for words in raw["words"].values():
        for word, value in words.items():
            values.update(dict.fromkeys(_spellings(str(word)), int(value)))
    compounds: list[str] = []
    for language, parts in raw["compound"].items():
        units = {s: int(v) for w, v in parts["units"].items() for s in _spellings(str(w))}
        tens = {s: int(v) for w, v in parts["tens"].items() for s in _spellings(str(w))}
        for unit, unit_value in units.items():
            for ten, ten_value in tens.items():
                spelled = f"{unit}und{ten}" if language == "de" else f"{ten} y {unit}"
                values[spelled] = ten_value + unit_value
                compounds.append(spelled)
    once = int(raw["once"])
    near_once = r"(?=\s+(?:y\s|menos\b|de\s+(?:la|diez|10)\b|minutos?\b|horas?\b))"
    alternatives = sorted(values, key=len, reverse=True)
    pattern = re.compile(
        r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b"
        rf"|(?<=las )once\b|\bonce\b{near_once}"
    )
    joins = "|".join(map(re.escape, raw["out_of"]))
    out_of = re.compile(rf"\b(\d+)\s+(?:{joins})\s+10\b")
    return pattern, values, out_of, once


def fold(text: str) -> str:
    """'  São-Paulo ' -> 'sao paulo'; 'MÜNCHEN' -> 'munchen': lower case, no accents or dashes."""
    lowered = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    plain = "".join(char for char in lowered if not unicodedata.combining(char))
    return _PUNCTUATION.sub(" ", plain).strip()


def words_to_digits(text: str) -> str:
    """'four out of ten' -> '4 out of 10'; 'forty-five' -> '45'; 'fünfundvierzig' -> '45';
    'treinta y cinco' -> '35'; 'drei von zehn', 'tres de diez' -> '3/10'. Text is expected
    lower case."""

    def number(match: re.Match[str]) -> str:
        if match.group("tens"):
            return str(_TENS[match.group("tens")] + NUMBER_WORDS[match.group("unit")])
        word = match.group("word")
        special = {"nought": 0, "a dozen": 12}
        return str(special.get(word, NUMBER_WORDS.get(word, _TENS.get(word))))

    return german_spanish_to_digits(_NUMBER.sub(number, text))


def german_spanish_to_digits(text: str) -> str:
    """Only the German and Spanish number words as digits ('um halb sieben' -> 'um halb 7'),
    for readers whose English words stay as they are. Text is expected lower case."""
    pattern, values, out_of, once = _other_languages()
    digits = pattern.sub(lambda match: str(values.get(match.group(0), once)), text)
    return out_of.sub(r"\1/10", digits)


def parse_number(text: str) -> int | None:
    """'4', 'four', ' Twelve ', 'forty-five' -> the whole number; anything else -> None."""
    cleaned = words_to_digits(text.strip().lower()).strip()
    return int(cleaned) if cleaned.isdigit() and len(cleaned) <= 6 else None


def parse_numbers(text: str) -> list[int]:
    """Every whole number in a sentence: '45 sitting, two moving' -> [45, 2]."""
    return [int(found) for found in re.findall(r"\d+", words_to_digits(text.lower()))]

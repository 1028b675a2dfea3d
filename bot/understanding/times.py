"""Times, days and time ranges as people type them, in English, German and Spanish.

"noon", "around 1pm", "7.30", "730", "quarter past 7", "half past six", "ten"; "weekdays",
"Mon to Fri", "every day"; "9-17 Mon-Fri", "Mon-Fri 9 to 5" (09:00-17:00). German "halb acht"
(07:30), "viertel vor acht", "um 7 Uhr abends", "Mo–Fr 9–17", "Montag bis Freitag 9 bis 17
Uhr"; Spanish "a las siete y media", "ocho menos cuarto", "de la tarde", "lunes a viernes de 9
a 17". German and Spanish day names and parts of the day are in data/times.yaml.
A bare hour is read on the 24-hour clock ("7" is 07:00) except where a range makes the intent
plain: desk hours "9 to 5" end at 17:00, quiet hours "10 to 6" start at 22:00.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time
from pathlib import Path
from typing import Any

import yaml

from bot.i18n import current as speaking_now
from bot.understanding.text import words_to_digits

DATA = Path(__file__).resolve().parents[2] / "data" / "times.yaml"
_WORDS: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _either(phrases: list[str]) -> str:
    return "|".join(sorted(phrases, key=len, reverse=True))


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS, EVERY_DAY = frozenset(range(5)), frozenset(range(7))
_DAY_WORDS = {
    word: index
    for index, words in enumerate(
        (
            "mon monday mo",
            "tue tues tuesday tu",
            "wed weds wednesday",
            "thu thur thurs thursday th",
            "fri friday fr",
            "sat saturday sa",
            "sun sunday su",
        )
    )
    for word in words.split()
}
_SPANISH_DAYS = {
    word: index
    for index, words in enumerate(_WORDS["weekdays"]["es"])
    for word in words.split()
    if word not in _DAY_WORDS
}
_GERMAN_DAYS = {
    word: index
    for index, words in enumerate(_WORDS["weekdays"]["de"])
    for word in words.split()
    if word not in _DAY_WORDS
}
# Day words that are English words too ("so", "do") or a single letter: days only for a German
# or Spanish speaker, or beside other German or Spanish day words.
_AMBIGUOUS = frozenset({"so", "do"} | {word for word in _SPANISH_DAYS if len(word) == 1})
_FULL_NAMES = [
    words.split()[0] for language in ("de", "es") for words in _WORDS["weekdays"][language]
]
DAY_NAME = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|(?:" + "|".join(_FULL_NAMES) + r")s?)"
_GROUPS = _WORDS["day_groups"]
# Whole phrases that name a set of days, tried before single day names.
DAY_GROUPS = (
    (r"every\s*day|everyday|daily|each day|all days|all week|every single day|7 days", "all"),
    (r"(?:mon|monday)s?\s*(?:-|to|till|until|thru|through)\s*(?:sun|sunday)s?", "all"),
    (r"week\s*days?|work\s*days?|working days|business days|work\s*week", "weekdays"),
    (r"(?:the\s+)?week\s*ends?", "weekends"),
    *((_either(phrases), name) for name, phrases in _GROUPS.items()),
)
_JOINS = {kind: frozenset(words) for kind, words in _WORDS["day_joins"].items()}
_MERIDIEM = r"(?:a\.?\s?m\.?|p\.?\s?m\.?)"
_PARTS: dict[str, list[str]] = _WORDS["day_parts"]
_PART_OF = {phrase: part for part, phrases in _PARTS.items() for phrase in phrases}
_DAY_PART = (
    r"(?:in the morning|in the afternoon|in the evening|at night|tonight|this evening|"
    r"morning|afternoon|evening|" + _either(list(_PART_OF)) + ")"
)
_NOON = frozenset(["noon", "midday", "12 noon", *_WORDS["noon"]])
_MIDNIGHT = frozenset(["midnight", *_WORDS["midnight"]])
# "ten to six", "20 past 7", "quarter to 8"; "9 to 5" is a range, not 08:55.
_MINUTES = r"(?:quarter|half|(?:5|10|20|25)(?:\s+minutes?)?|\d{1,2}\s+minutes?)"
# German: "halb 8" (07:30), "5 vor halb 8" (07:25), "viertel nach 7", "10 vor 8", "dreiviertel
# 8" (07:45), "7 uhr 30"; Spanish: "7 y media", "7 y cuarto", "7 y 10", "8 menos cuarto".
_GERMAN_CLOCK = (
    r"(?:(?:viertel|\d{1,2})\s+(?:nach|vor)\s+)?halb\s+\d{1,2}"
    r"|(?:viertel|\d{1,2}(?:\s+minuten)?)\s+(?:nach|vor)\s+\d{1,2}"
    r"|(?:dreiviertel|drei\s+viertel|viertel)\s+\d{1,2}"
    r"|\d{1,2}\s*uhr\s*\d{2}"
)
_SPANISH_CLOCK = r"\d{1,2}\s+(?:y\s+(?:media|cuarto|\d{1,2})|menos\s+(?:cuarto|\d{1,2}))(?!\d)"
_CLOCK = (
    rf"(?:{_GERMAN_CLOCK}|{_SPANISH_CLOCK}"
    rf"|{_MINUTES}\s+(?:past|after|to|before|til|till)\s+\d{{1,2}}"
    r"|half\s+\d{1,2}|noon|midday|midnight|12\s+noon|"
    + _either([*_WORDS["noon"], *_WORDS["midnight"]])
    + r"|\d{3,4}(?!\d)|\d{1,2}(?:\s*[:.h]\s*\d{2}|\s+\d{2})?(?!\d))"
)
TIME_PHRASE = (
    rf"{_CLOCK}(?:\s*{_MERIDIEM}(?![a-z])|\s*o\s*clock|\s*h(?![a-z])|\s*hrs|\s*uhr(?![a-z]))?"
    rf"(?:\s*{_DAY_PART})?"
)
_FILLER = re.compile(
    r"^(?:(?:at|around|about|approx|approximately|roughly|circa|ca|by|say|maybe|like|~|@)\s*"
    r"|(?:" + _either(_WORDS["fillers"]) + r")\s+)+"
)
_ISH = re.compile(
    r"\s*(?:-?ish|or so|give or take|approx|oder so|o asi|mas o menos|"
    + _either(_WORDS["exact"])
    + ")$"
)
# A German or Spanish part of the day said first: "am Abend um 8", "por la noche a las 9".
_PART_FIRST = re.compile(rf"^({_either(list(_PART_OF))})\s+(?:um\s+|a las\s+|a la\s+)?(.+)$")
_RANGE_JOIN = (
    r"(?:\s*(?:-|to|till|til|until|thru|through|and)\s*"
    r"|\s+(?:bis|und|a|hasta|y)\s+(?:(?:um|las?)\s+)?)"
)
_RANGE = re.compile(
    r"(?:(?:from|between|von|ab|zwischen|de|desde|entre)\s+(?:(?:las?|um)\s+)?)?"
    rf"(?P<start>{TIME_PHRASE}){_RANGE_JOIN}(?P<end>{TIME_PHRASE})"
)


def normalize(text: str) -> str:
    """Lower case, plain letters, one kind of dash, number words as digits, single spaces."""
    lowered = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in lowered if not unicodedata.combining(char))
    plain = re.sub(r"[–—‐‑−]", "-", plain).replace("’", "'").replace("o'clock", "o clock")
    plain = re.sub(r"\s*&\s*|\s*\+\s*", " and ", plain).replace("ß", "ss")
    plain = re.sub(r"\b(las?) una\b", r"\1 1", plain)  # "a la una": one o'clock
    return " ".join(words_to_digits(plain).split())


def read_time(text: str) -> tuple[time, bool] | None:
    """A time and whether it was unambiguous (am/pm, 24-hour, noon) or a bare hour like '5'."""
    cleaned = _PART_FIRST.sub(r"\2 \1", text.strip())
    cleaned = _ISH.sub("", _FILLER.sub("", cleaned)).strip()
    cleaned = re.sub(r"\s*o\s*clock$", "", cleaned)
    if cleaned in _NOON or cleaned in _MIDNIGHT:
        return time(12 if cleaned in _NOON else 0), True
    part = re.search(rf"\s*{_DAY_PART}$", cleaned)
    day_part = part.group(0).strip() if part else ""
    cleaned = cleaned[: part.start()] if part else cleaned
    meridiem_match = re.search(rf"\s*{_MERIDIEM}$", cleaned)
    meridiem = ""
    if meridiem_match:
        meridiem = "am" if "a" in meridiem_match.group(0) else "pm"
        cleaned = cleaned[: meridiem_match.start()]
    cleaned = re.sub(r"\s*(?:h|hrs|uhr)$", "", cleaned).strip()
    if cleaned in ("noon", "midday", "12 noon"):
        return (time(12), True) if not meridiem and not day_part else None
    if cleaned == "midnight":
        return (time(0), True) if not meridiem and not day_part else None
    parsed = _hour_minute(cleaned)
    if parsed is None:
        return None
    hour, minute = parsed
    if minute > 59:
        return None
    if day_part and not meridiem:
        part_name = _PART_OF.get(day_part, day_part)
        meridiem = "am" if "morning" in part_name else "pm"
        if part_name in ("at night", "tonight", "night") and (hour < 6 or hour == 12):
            meridiem = "am"
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        return time(hour % 12 + (12 if meridiem == "pm" else 0), minute), True
    if hour > 23:
        return None
    return time(hour, minute), hour == 0 or hour > 12 or cleaned.startswith("0")


def _german_or_spanish(text: str) -> tuple[int, int] | None:
    """ "halb 8" -> 7:30, "5 vor halb 8" -> 7:25, "viertel nach 7" -> 7:15, "dreiviertel 8" ->
    7:45, "7 uhr 30"; "7 y media" -> 7:30, "8 menos cuarto" -> 7:45, "7 y 10" -> 7:10."""
    amounts = {"viertel": 15, "cuarto": 15, "media": 30}
    half = re.fullmatch(r"(?:(viertel|\d{1,2})\s+(nach|vor)\s+)?halb\s+(\d{1,2})", text)
    relative = re.fullmatch(
        r"(viertel|\d{1,2})(?:\s+minuten)?\s+(nach|vor)\s+(\d{1,2})"
        r"|(\d{1,2})\s+(y|menos)\s+(media|cuarto|\d{1,2})",
        text,
    )
    quarters = re.fullmatch(r"(dreiviertel|drei\s+viertel|viertel)\s+(\d{1,2})", text)
    if half:
        shift = amounts.get(half.group(1) or "") or int(half.group(1) or 0)
        minutes = 30 + (shift if half.group(2) == "nach" else -shift)
        hour = int(half.group(3)) - 1
    elif relative:
        amount, direction, hour_text = (relative.group(1), relative.group(2), relative.group(3))
        if amount is None:
            hour_text, direction, amount = relative.group(4), relative.group(5), relative.group(6)
        shift = amounts.get(amount) or int(amount)
        if shift >= 60:
            return None
        forward = direction in ("nach", "y")
        hour = int(hour_text) - (0 if forward else 1)
        minutes = shift if forward else 60 - shift
    elif quarters:
        minutes = 15 if quarters.group(1) == "viertel" else 45
        hour = int(quarters.group(2)) - 1
    else:
        clock = re.fullmatch(r"(\d{1,2})\s*uhr\s*(\d{2})", text)
        return (int(clock.group(1)), int(clock.group(2))) if clock else None
    if not 0 <= hour + 1 <= 24 or not 0 <= minutes < 60:
        return None
    return hour % 24, minutes


def _hour_minute(text: str) -> tuple[int, int] | None:
    other = _german_or_spanish(text)
    if other is not None:
        return other
    relative = re.fullmatch(rf"({_MINUTES})\s+(past|after|to|before|til|till)\s+(\d{{1,2}})", text)
    if relative:
        amount, direction, hour = relative.groups()
        minutes = {"quarter": 15, "half": 30}.get(amount) or int(amount.split()[0])
        hour_value = int(hour)
        if minutes >= 60 or not 0 <= hour_value <= 24:
            return None
        if direction in ("past", "after"):
            return hour_value % 24, minutes
        return (hour_value - 1) % 24, 60 - minutes
    british_half = re.fullmatch(r"half\s+(\d{1,2})", text)
    if british_half:
        return int(british_half.group(1)), 30
    clock = re.fullmatch(r"(\d{1,2})(?:\s*[:.h]\s*(\d{2})|\s+(\d{2}))?", text)
    if clock:
        return int(clock.group(1)), int(clock.group(2) or clock.group(3) or 0)
    packed = re.fullmatch(r"(\d{1,2})(\d{2})", text)
    if packed:
        return int(packed.group(1)), int(packed.group(2))
    return None


def parse_time(text: str) -> time | None:
    """'7:30', '7.30', '730', '19h', '7pm', 'noon', 'around 1pm', 'half past six' -> a time."""
    if len(text) > 60:
        return None
    read = read_time(normalize(text))
    return read[0] if read else None


def early_bare_hour(text: str) -> bool:
    """'4', 'four', '4:30' (not '4am', '04:00' or '16'): early, without am or pm, so maybe
    meant in the afternoon."""
    read = read_time(normalize(text)) if len(text) <= 60 else None
    return read is not None and not read[1] and 1 <= read[0].hour <= 6


def parse_weekday(text: str) -> int | None:
    """'mon', 'Monday', 'tues', 'Sundays' -> 0, 0, 1, 6 (Monday is 0); 'Montag', 'samstags',
    'miércoles' too, and for a German or Spanish speaker 'So' and 'Do' (Thursday in German,
    Sunday in Spanish)."""
    word = re.sub(r"^(?:on|every|each|am|jeden|el|los|cada)\s+", "", normalize(text).strip(" .,"))
    return _weekday(word, _speaking_de_or_es())


def _speaking_de_or_es() -> str | None:
    language = speaking_now()
    return language if language in ("de", "es") else None


def _weekday(word: str, language: str | None) -> int | None:
    """A day's number; words that are also English words ("so", "do") or single letters only
    in German or Spanish (`language`)."""
    tables = {"de": _GERMAN_DAYS, "es": _SPANISH_DAYS}
    if word in _AMBIGUOUS:
        return tables[language].get(word) if language else None
    for table in (_DAY_WORDS, _GERMAN_DAYS, _SPANISH_DAYS):
        if word in table:
            return table[word]
        if len(word) > 3 and word.removesuffix("s") in table:
            return table[word.removesuffix("s")]
    return None


def _language_of_days(tokens: list[str]) -> str | None:
    """ "es" when a token is a Spanish-only day word ("lu", "vie"), "de" for a German-only one
    ("di", "montag"), else the person's language if German or Spanish."""
    for language, own, other in (("es", _SPANISH_DAYS, _GERMAN_DAYS), ("de", _GERMAN_DAYS, {})):
        if any(t in own and t not in other and t not in _AMBIGUOUS for t in tokens):
            return language
    return _speaking_de_or_es()


def parse_days(text: str) -> frozenset[int] | None:
    """'Mon-Fri', 'mon to fri', 'mon, wed and fri', 'weekdays', 'every day', 'every day except
    Sunday' -> weekday numbers; a range may wrap ('Fri-Mon'). Anything else -> None."""
    cleaned = normalize(text).replace("/", ",")
    for pattern, name in DAY_GROUPS:
        cleaned = re.sub(rf"\b(?:{pattern})\b", f" {name} ", cleaned)
    tokens = re.findall(r"[a-z]+|-", cleaned)
    language = _language_of_days(tokens)
    days: set[int] = set()
    removed: set[int] = set()
    target, pending_range = days, False
    last: int | None = None
    for token in tokens:
        if token in ("on", "every", "each", "only", "and", "from", "the", "or", "also"):
            continue
        if token in ("except", "but", "not", "excluding", "without") or token in _JOINS["except"]:
            target, last = removed, None
            continue
        if token in _JOINS["skip"] and _weekday(token, language) is None:
            continue
        if token in ("-", "to", "till", "until", "thru", "through") or token in _JOINS["range"]:
            if last is None:
                return None
            pending_range = True
            continue
        group = {"all": EVERY_DAY, "weekdays": WEEKDAYS, "weekends": frozenset({5, 6})}.get(token)
        if group is not None:
            target |= group
            last, pending_range = None, False
            continue
        day = _weekday(token, language)
        if day is None:
            return None
        if pending_range and last is not None:
            current = last
            while current != day:
                current = (current + 1) % 7
                target.add(current)
            pending_range, last = False, None
            continue
        target.add(day)
        last = day
    if pending_range:
        return None
    if removed and not days:
        days = set(EVERY_DAY)
    result = frozenset(days - removed)
    return result or None


def _range(text: str) -> tuple[re.Match[str], tuple[time, bool], tuple[time, bool]] | None:
    for match in _RANGE.finditer(text):
        start, end = read_time(match.group("start")), read_time(match.group("end"))
        if start is not None and end is not None:
            return match, start, end
    return None


def _plus_12(at: time) -> time:
    return at.replace(hour=at.hour + 12) if at.hour < 12 else at


def parse_time_range(text: str, overnight: bool = False) -> tuple[time, time] | None:
    """'9-5', '9am to 5:30pm', 'from 8:30 till 17' -> (start, end).

    Office hours (overnight=False) must end after they start: '9 to 5' is 09:00-17:00. Quiet
    hours may cross midnight: '10 to 6' is 22:00-06:00, '22:30-07:00' as written.
    """
    found = _range(normalize(text))
    if found is None:
        return None
    _, (start, start_sure), (end, end_sure) = found
    if not overnight and end <= start and not end_sure:
        end = _plus_12(end)
    if overnight and end < start and not start_sure and 6 <= start.hour < 12:
        start = _plus_12(start)
    if start == end or (not overnight and end <= start):
        return None
    return start, end


def parse_desk_hours(text: str) -> tuple[frozenset[int], time, time] | None:
    """'Mon-Fri 9-17', '9-17 Mon-Fri', 'weekdays 9-5', 'Mon to Fri 9 to 5' -> (days, start, end).

    No days given means weekdays.
    """
    if len(text) > 120:
        return None
    cleaned = normalize(text)
    found = _range(cleaned)
    if found is None:
        return None
    match = found[0]
    hours = parse_time_range(match.group(0))
    rest = (cleaned[: match.start()] + " " + cleaned[match.end() :]).strip(" ,;:")
    rest = re.sub(
        r"^(?:i work|i sit|work|desk|at my desk|at a desk|ich arbeite|ich sitze|arbeite|"
        r"am schreibtisch|trabajo|en el escritorio)\b",
        "",
        rest,
    ).strip(" ,;:")
    days = parse_days(rest) if rest else WEEKDAYS
    if hours is None or days is None:
        return None
    return days, hours[0], hours[1]


def format_days(days: frozenset[int]) -> str:
    """{0,1,2,3,4} -> 'Mon–Fri'; {0,2,4} -> 'Mon, Wed, Fri'."""
    ordered = sorted(days)
    if not ordered:
        return "no days"
    if len(ordered) == 7:
        return "every day"
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAY_NAMES[ordered[0]]}–{WEEKDAY_NAMES[ordered[-1]]}"
    return ", ".join(WEEKDAY_NAMES[day] for day in ordered)


def days_to_str(days: frozenset[int]) -> str:
    return ",".join(str(day) for day in sorted(days))


def days_from_str(stored: str) -> frozenset[int]:
    return frozenset(int(day) for day in stored.split(",") if day)


class Located:
    """Text normalized word by word, remembering where each word came from, so a phrase found in
    the normalized text ("6pm", "mon-fri") can be cut out of what the person wrote."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts: list[str] = []
        self._spans: list[tuple[int, int, int, int]] = []
        position = 0
        for word in re.finditer(r"\S+", text):
            normalized = normalize(word.group(0))
            if not normalized:
                continue
            self._spans.append((position, position + len(normalized), word.start(), word.end()))
            parts.append(normalized)
            position += len(normalized) + 1
        self.normalized = " ".join(parts)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the person's words that the normalized span start:end touches."""
        touched = [span for span in self._spans if span[1] > start and span[0] < end]
        return touched[0][2], touched[-1][3]

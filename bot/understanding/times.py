"""Times, days and time ranges as people type them.

"noon", "around 1pm", "7.30", "730", "quarter past 7", "half past six", "ten"; "weekdays",
"Mon to Fri", "every day"; "9-17 Mon-Fri", "Mon-Fri 9 to 5" (09:00-17:00).
A bare hour is read on the 24-hour clock ("7" is 07:00) except where a range makes the intent
plain: desk hours "9 to 5" end at 17:00, quiet hours "10 to 6" start at 22:00.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time

from bot.understanding.text import words_to_digits

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
DAY_NAME = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
# Whole phrases that name a set of days, tried before single day names.
DAY_GROUPS = (
    (r"every\s*day|everyday|daily|each day|all days|all week|every single day|7 days", "all"),
    (r"(?:mon|monday)s?\s*(?:-|to|till|until|thru|through)\s*(?:sun|sunday)s?", "all"),
    (r"week\s*days?|work\s*days?|working days|business days|work\s*week", "weekdays"),
    (r"(?:the\s+)?week\s*ends?", "weekends"),
)
_MERIDIEM = r"(?:a\.?\s?m\.?|p\.?\s?m\.?)"
_DAY_PART = (
    r"(?:in the morning|in the afternoon|in the evening|at night|tonight|this evening|"
    r"morning|afternoon|evening)"
)
# "ten to six", "20 past 7", "quarter to 8"; "9 to 5" is a range, not 08:55.
_MINUTES = r"(?:quarter|half|(?:5|10|20|25)(?:\s+minutes?)?|\d{1,2}\s+minutes?)"
_CLOCK = (
    rf"(?:{_MINUTES}\s+(?:past|after|to|before|til|till)\s+\d{{1,2}}"
    r"|half\s+\d{1,2}|noon|midday|midnight|12\s+noon"
    r"|\d{3,4}(?!\d)|\d{1,2}(?:\s*[:.h]\s*\d{2}|\s+\d{2})?(?!\d))"
)
TIME_PHRASE = (
    rf"{_CLOCK}(?:\s*{_MERIDIEM}(?![a-z])|\s*o\s*clock|\s*h(?![a-z])|\s*hrs)?(?:\s*{_DAY_PART})?"
)
_FILLER = re.compile(
    r"^(?:(?:at|around|about|approx|approximately|roughly|circa|ca|by|say|maybe|like|~|@)\s*)+"
)
_ISH = re.compile(r"\s*(?:-?ish|or so|give or take|approx)$")
_RANGE_JOIN = r"\s*(?:-|to|till|til|until|thru|through|and)\s*"
_RANGE = re.compile(
    rf"(?:from\s+|between\s+)?(?P<start>{TIME_PHRASE}){_RANGE_JOIN}(?P<end>{TIME_PHRASE})"
)


def normalize(text: str) -> str:
    """Lower case, plain letters, one kind of dash, number words as digits, single spaces."""
    lowered = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in lowered if not unicodedata.combining(char))
    plain = re.sub(r"[–—‐‑−]", "-", plain).replace("’", "'").replace("o'clock", "o clock")
    plain = re.sub(r"\s*&\s*|\s*\+\s*", " and ", plain)
    return " ".join(words_to_digits(plain).split())


def read_time(text: str) -> tuple[time, bool] | None:
    """A time and whether it was unambiguous (am/pm, 24-hour, noon) or a bare hour like '5'."""
    cleaned = _ISH.sub("", _FILLER.sub("", text.strip())).strip()
    cleaned = re.sub(r"\s*o\s*clock$", "", cleaned)
    part = re.search(rf"\s*{_DAY_PART}$", cleaned)
    day_part = part.group(0).strip() if part else ""
    cleaned = cleaned[: part.start()] if part else cleaned
    meridiem_match = re.search(rf"\s*{_MERIDIEM}$", cleaned)
    meridiem = ""
    if meridiem_match:
        meridiem = "am" if "a" in meridiem_match.group(0) else "pm"
        cleaned = cleaned[: meridiem_match.start()]
    cleaned = re.sub(r"\s*(?:h|hrs)$", "", cleaned).strip()
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
        meridiem = "am" if "morning" in day_part else "pm"
        if day_part in ("at night", "tonight") and (hour < 6 or hour == 12):
            meridiem = "am"
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        return time(hour % 12 + (12 if meridiem == "pm" else 0), minute), True
    if hour > 23:
        return None
    return time(hour, minute), hour == 0 or hour > 12 or cleaned.startswith("0")


def _hour_minute(text: str) -> tuple[int, int] | None:
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
    """'mon', 'Monday', 'tues', 'Sundays' -> 0, 0, 1, 6 (Monday is 0)."""
    word = re.sub(r"^(?:on|every|each)\s+", "", normalize(text).strip(" .,"))
    return _DAY_WORDS.get(word.removesuffix("s")) if len(word) > 3 else _DAY_WORDS.get(word)


def parse_days(text: str) -> frozenset[int] | None:
    """'Mon-Fri', 'mon to fri', 'mon, wed and fri', 'weekdays', 'every day', 'every day except
    Sunday' -> weekday numbers; a range may wrap ('Fri-Mon'). Anything else -> None."""
    cleaned = normalize(text).replace("/", ",")
    for pattern, name in DAY_GROUPS:
        cleaned = re.sub(rf"\b(?:{pattern})\b", f" {name} ", cleaned)
    tokens = re.findall(r"[a-z]+|-", cleaned)
    days: set[int] = set()
    removed: set[int] = set()
    target, pending_range = days, False
    last: int | None = None
    for token in tokens:
        if token in ("on", "every", "each", "only", "and", "from", "the", "or", "also"):
            continue
        if token in ("except", "but", "not", "excluding", "without"):
            target, last = removed, None
            continue
        if token in ("-", "to", "till", "until", "thru", "through"):
            if last is None:
                return None
            pending_range = True
            continue
        group = {"all": EVERY_DAY, "weekdays": WEEKDAYS, "weekends": frozenset({5, 6})}.get(token)
        if group is not None:
            target |= group
            last, pending_range = None, False
            continue
        day = parse_weekday(token)
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
    rest = re.sub(r"^(?:i work|i sit|work|desk|at my desk|at a desk)\b", "", rest).strip()
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

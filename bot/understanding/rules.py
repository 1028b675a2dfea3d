"""Reading a personal rule: "stretch after work at 6pm weekdays" -> what, when, which days.

The time and the days may stand anywhere ("Walk after lunch 13:15 Mon-Fri", "Every Monday at
noon: call mum"); what is left is the rule's own words, as the person wrote them.
"""

from __future__ import annotations

import re
from datetime import time

from bot.understanding.times import (
    DAY_GROUPS,
    DAY_NAME,
    EVERY_DAY,
    TIME_PHRASE,
    Located,
    normalize,
    parse_days,
    read_time,
)

MAX_TEXT = 200
# "forty five" is read word by word below; joined as "forty-five" it stays one number.
_COMPOUND = re.compile(
    r"\b(twenty|thirty|forty|fifty) (one|two|three|four|five|six|seven|eight|nine)\b", re.IGNORECASE
)
_NOT_A_TIME = r"(?!\s*(?:min|mins|minutes|hours?|hrs|times|reps|x\b|kg|km|k\b|steps|%|/))"
_TIME_SEARCH = re.compile(
    rf"(?<![\w:.])(?P<at>(?:at|around|about|by|@)\s*)?(?P<time>{TIME_PHRASE})(?!\w|[:.]\d){_NOT_A_TIME}"
)
_DAY_ITEM = "|".join([*(pattern for pattern, _ in DAY_GROUPS), DAY_NAME, r"mo|tu|th|fr|sa|su"])
_DAYS_SEARCH = re.compile(
    rf"(?<![\w])(?:(?:on|every|each)\s+)?(?:{_DAY_ITEM})"
    rf"(?:\s*(?:,|and|or|-|to|through|thru|until|till|/|&|except|but not)\s*(?:{_DAY_ITEM}))*"
    r"(?![\w])"
)
_FULL_DAYS = re.compile(r"day|daily|week")
_EDGE_WORDS = re.compile(r"^(?:at|on|every|each|from|around|about|by|@)\s+|\s+(?:at|on|every|each|"
                         r"from|around|about|by|@)$", re.IGNORECASE)  # fmt: skip
_SURE = re.compile(r"[:.h]\d|am|pm|noon|midnight|clock|past|to|morning|afternoon|evening|night")
_SIT_WORDS = re.compile(
    r"\b(?:(?P<sit>sit|sits|sitting|seated)|move|moving|walk|walking|stand|standing|stretch|"
    r"stretching|get up)\b"
)
_CLOCK_WRITTEN = re.compile(r"\d[:.]\d|\d\s*(?:am|pm)\b|\bat\s+\d")


def _find_time(located: Located) -> tuple[int, int, time, bool] | None:
    """The time in a rule: the last one written like a time ('at 7', '7:30', '6pm', 'noon'),
    and whether it is sure (not a bare hour that could be morning or afternoon)."""
    found: list[tuple[int, int, time, bool, bool]] = []
    for match in _TIME_SEARCH.finditer(located.normalized):
        read = read_time(match.group("time"))
        if read is None:
            continue
        written_as_time = bool(match.group("at")) or bool(_SURE.search(match.group("time")))
        sure = read[1] or read[0].hour == 12
        found.append((match.start(), match.end(), read[0], written_as_time, sure))
    clear = [item for item in found if item[3]]
    trailing = [item for item in found if _only_days_after(located.normalized[item[1] :])]
    for start, end, at, _, sure in (clear or trailing)[-1:]:
        return start, end, at, sure
    return None


def unsure_hour(text: str) -> tuple[time, time] | None:
    """A rule's time typed as a bare hour ("at 7", "for two"): its morning and afternoon
    readings, so the person is asked which; None when the time is clear (or absent)."""
    found = _find_time(Located(_COMPOUND.sub(r"\1-\2", " ".join(text.split())[:240])))
    if found is None or found[3]:
        return None
    at = found[2]
    return at, at.replace(hour=at.hour + 12)


def parse_sit_rule(text: str) -> tuple[int, int] | None:
    """ "If I sit more than 30 minutes I move for two" -> (30, 2): the sit-break rule in the
    person's own numbers, not a reminder at a time. Each number belongs to the word before it
    ("sit" or "move"); None unless there is exactly one of each."""
    plain = normalize(text[:240])
    if _CLOCK_WRITTEN.search(plain):
        return None
    words = [(m.start(), "sit" if m.group("sit") else "move") for m in _SIT_WORDS.finditer(plain)]
    numbers: dict[str, list[int]] = {"sit": [], "move": []}
    for number in re.finditer(r"\b\d+\b", plain):
        before = [kind for at, kind in words if at < number.start()]
        if before:
            numbers[before[-1]].append(int(number.group(0)))
    if len(numbers["sit"]) != 1 or len(numbers["move"]) != 1:
        return None
    return numbers["sit"][0], numbers["move"][0]


def _only_days_after(rest: str) -> bool:
    rest = rest.strip(" ,.;:!")
    return not rest or parse_days(rest) is not None


def parse_rule(text: str) -> tuple[str, time, frozenset[int]] | None:
    """'Warm up first at 8:00 Mon-Fri' -> ('Warm up first', 08:00, {0..4}); no time -> None."""
    written = _COMPOUND.sub(r"\1-\2", " ".join(text.split())[:240])
    located = Located(written)
    found = _find_time(located)
    if found is None:
        return None
    start, end, at, _ = found
    cuts = [located.original(start, end)]
    marked = located.normalized[:start] + " | " + located.normalized[end:]
    offset = len(" | ") - (end - start)
    days: set[int] = set()
    for match in _DAYS_SEARCH.finditer(marked):
        parsed = parse_days(match.group(0))
        between_before = marked[: match.start()].rstrip()
        between_after = marked[match.end() :].lstrip()
        near_time = between_before.endswith("|") or between_after.startswith("|")
        at_end = not between_after.strip(" ,.;:!")
        # A lone "Sun" or "Sat" opening the sentence is more likely a word ("Sun salutation").
        at_start = not between_before.strip() and parsed is not None and len(parsed) > 1
        edge = near_time or at_end or at_start
        if parsed is None or not (edge or _FULL_DAYS.search(match.group(0))):
            continue
        days |= parsed
        shift = offset if match.start() > start else 0
        cuts.append(located.original(match.start() - shift, match.end() - shift))
    rule_text = written
    for cut_start, cut_end in sorted(cuts, reverse=True):
        rule_text = rule_text[:cut_start] + " " + rule_text[cut_end:]
    rule_text = " ".join(rule_text.split())
    previous = None
    while previous != rule_text:
        previous = rule_text
        rule_text = _EDGE_WORDS.sub("", rule_text.strip(" -–—,:;.!")).strip()
    if not rule_text:
        return None
    return rule_text[:MAX_TEXT], at, frozenset(days) or EVERY_DAY

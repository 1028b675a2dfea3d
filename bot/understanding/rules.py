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
_NOT_A_TIME = (
    r"(?!\s*(?:min|mins|minutes|hours?|hrs|times|reps|x\b|kg|km|k\b|steps|%|/"
    r"|minuten|minutos|stunden?|horas?|mal\b|veces|wiederholungen|repeticiones))"
)
# German and Spanish small words around a time or days: "um 7", "a las 7", "am Samstag".
_AT = r"(?:at|around|about|by|@)\s*|(?:um|gegen|so um|a las|a la|sobre las|hacia las)\s+"
_TIME_SEARCH = re.compile(
    rf"(?<![\w:.])(?P<at>{_AT})?(?P<time>{TIME_PHRASE})(?!\w|[:.]\d){_NOT_A_TIME}"
)
_DAY_ITEM = "|".join([*(pattern for pattern, _ in DAY_GROUPS), DAY_NAME, r"mo|tu|th|fr|sa|su"])
_DAY_JOIN = r"und|y|bis|a|al|hasta|ausser|excepto|menos"
_DAYS_SEARCH = re.compile(
    rf"(?<![\w])(?:(?:on|every|each|am|jeden|el|los|cada)\s+)?(?:{_DAY_ITEM})"
    rf"(?:\s*(?:,|and|or|-|to|through|thru|until|till|/|&|except|but not|{_DAY_JOIN})\s*"
    rf"(?:{_DAY_ITEM}))*(?![\w])"
)
_FULL_DAYS = re.compile(r"day|daily|week|tag|woche|dia|diario|semana")
_EDGE = r"at|on|every|each|from|around|about|by|@"
# German and Spanish ones only at the end, next to a time or days cut out ("Dehnen um").
_EDGE_AT_END = r"um|am|jeden|a las|a la|el|los|cada|de"
_EDGE_WORDS = re.compile(rf"^(?:{_EDGE})\s+|\s+(?:{_EDGE}|{_EDGE_AT_END})$", re.IGNORECASE)
_SURE = re.compile(
    r"[:.h]\d|am|pm|noon|midnight|clock|past|to|morning|afternoon|evening|night"
    r"|halb|viertel|morgens|fruh|vormittags|nachmittags|abends|nachts|mittag|mitternacht"
    r"|media|cuarto|menos|manana|tarde|noche|madrugada|mediodia|medianoche"
)
# A sit rule's words, and the small words that may stand between a number and its word.
_SIT_WORD = re.compile(
    r"sit|sits|sitting|seated|sat"
    r"|sitze|sitzen|sitzt|gesessen|sitzend|sentado|sentada|sentados|sentarme|sentarse"
)
_MOVE_WORD = re.compile(
    r"move|moving|movement|walk|walking|stand|standing|stretch|stretching|up|get|break"
    r"|bewegen|bewege|bewegung|gehen|gehe|laufen|laufe|aufstehen|stehe|auf|dehnen"
    r"|moverme|mover|muevo|moviendome|caminar|camino|caminando|andar|levantarme|levanto"
    r"|estirar|estiro|pausa"
)
_UNITS = frozenset({"m", "min", "mins", "minute", "minutes", "minuten", "minuto", "minutos"})
# German and Spanish small words: "nach 30 Minuten Sitzen", "más de 30 minutos sentado".
_OTHER_GAPS = (
    "nach fur mehr als uber langer mindestens etwa ca jede alle dann und ich mich lang bin"
    " de por mas que cada durante unos y luego al despues tras estar estoy si wenn"
)
_GAPS = frozenset(
    [
        *_OTHER_GAPS.split(),
        "for",
        "of",
        "more",
        "than",
        "over",
        "longer",
        "at",
        "least",
        "about",
        "around",
        "after",
        "every",
        "each",
        "a",
        "an",
        "the",
        "i",
        "then",
        "and",
        "straight",
        "down",
    ]
)
_TOKENS = re.compile(r"[a-z]+|\d+|[,;.!?:]")
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


def sit_rule_readings(text: str) -> list[tuple[int, int]]:
    """ "If I sit more than 30 minutes I move for two", "move 2 minutes after 30 minutes
    sitting", "every 40 min of sitting, 3 min moving" -> [(30, 2)], [(30, 2)], [(40, 3)]: the
    sit-break rule in the person's own numbers, not a reminder at a time. Each number belongs to
    a "sit" or "move" word next to it, either side (small words like "for", "more than", "of"
    may stand between). None for other rules; two or more readings when it is unclear which
    number is which (the person is then asked)."""
    plain = normalize(text[:240])
    if _CLOCK_WRITTEN.search(plain):
        return []
    tokens = _TOKENS.findall(plain)
    kinds = [_word_kind(token) for token in tokens]
    candidates: list[tuple[int, set[str]]] = []
    for index, token in enumerate(tokens):
        if token.isdigit():
            sides = {_neighbour(kinds, index, -1), _neighbour(kinds, index, +1)}
            if sides - {None}:
                candidates.append((int(token), {side for side in sides if side}))
    return sorted(
        {
            (sit, move)
            for sit_at, (sit, sit_sides) in enumerate(candidates)
            for move_at, (move, move_sides) in enumerate(candidates)
            if sit_at != move_at and "sit" in sit_sides and "move" in move_sides
        }
        if len(candidates) >= 2
        else set()
    )


def _word_kind(token: str) -> str | None:
    """ "sit" or "move" for a word of either, "gap" for one that may stand between a number and
    its word, "unit" for minutes, None for anything else (it ends the search)."""
    if token.isdigit():
        return "number"
    if _SIT_WORD.fullmatch(token):
        return "sit"
    if _MOVE_WORD.fullmatch(token):
        return "move"
    if token in _UNITS:
        return "unit"
    return "gap" if token in _GAPS else None


def _neighbour(kinds: list[str | None], index: int, step: int) -> str | None:
    """The sit or move word a number at `index` leans on, looking one way past its unit and
    small words; None if another number or any other word comes first."""
    at = index + step
    while 0 <= at < len(kinds) and kinds[at] in ("unit", "gap"):
        at += step
    if 0 <= at < len(kinds) and kinds[at] in ("sit", "move"):
        return kinds[at]
    return None


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

"""Warning signs in what people type, read as concepts rather than sentences.

A symptom (numb, tingling, weak, dragging) in a place (both legs, one leg, the saddle area), or
a sign's own words (bladder or bowel changes, chest pain, a serious accident, a fever...). Each
sign found is then read in its clause: denied ("no numbness"), over ("it has gone"), only
wondered about ("what if"), in the past, about someone else, with a harmless cause ("from
sitting on it"), or the same for years. What stands decides: "urgent" (emergency now), "soon"
(a doctor in the next few days), "ask" (an urgent sign mentioned, not said to be happening:
ask back), or "none". The vocabulary, with its sources, is data/symptoms.yaml (English),
data/symptoms_de.yaml (German) and data/symptoms_es.yaml (Spanish). A message is read in every
language at once: a person may type German while the bot speaks English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import OSA

Level = Literal["none", "ask", "soon", "urgent"]
RANK: dict[str, int] = {"none": 0, "ask": 1, "soon": 2, "urgent": 3}
_NEARBY = r"(?:\s+\S+){0,3}\s+"
_SENTENCE = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?;\n…])+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|,")
_QUOTES = str.maketrans({"'": None, "’": None, "‘": None, "`": None})
# Each language's vocabulary file, English first: it wins a tie and names a sign's plain words.
LANGUAGES = {"en": "symptoms.yaml", "de": "symptoms_de.yaml", "es": "symptoms_es.yaml"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    """One way a sign shows: a symptom in a place, or the sign's own patterns."""

    sign: str
    level: Literal["urgent", "soon", "ask"]  # ask: too vague to act on, worth a question
    says: str = Field(min_length=3)
    source: str = Field(min_length=10)
    symptom: list[str] = Field(default_factory=list)
    place: str | None = None
    patterns: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    harmless_numb: bool = False
    harmless_weak: bool = False
    stable_is_none: bool = False
    needs_progress: bool = False
    event: bool = False  # an accident: long ago or only feared, it is not a sign
    history: bool = False  # cancer, steroids...: the past is the point
    sentence: bool = False  # its patterns may span clauses


class Negation(_Strict):
    before: list[str] = Field(min_length=1)
    reach: int = Field(ge=1)
    not_denials: list[str]
    after: list[str]
    # Just after a sign, these deny it too ("die Beine kribbeln nicht", "hormigueo no tengo").
    following: list[str] = Field(default_factory=list)
    following_reach: int = Field(default=2, ge=1)


class SymptomFile(_Strict):
    # Regex and replacement: "my leg's" -> "my leg is" (typed text only), "ue" -> "u" (typed
    # text, patterns and vocabulary alike, so "Rücken", "Ruecken" and "Rucken" are one word).
    contractions: list[tuple[str, str]]
    spelling: list[tuple[str, str]]
    # A clause opening so speaks of the place named just before ("..., it's weak").
    points_back: list[str] = Field(min_length=1)
    # Just before a resolution or a harmless cause, these undo it ("hasnt gone").
    undone: list[str] = Field(min_length=1)
    # Words (patterns) that show a message is (partly) in this language, as typed (before typos
    # are corrected, so English "fibre" is not Spanish "fiebre"), none of them shared with
    # another language ("osteoporosis", "me"). A message is read in the languages it shows, or in
    # all if it shows none.
    markers: list[str] = Field(min_length=1)
    vocabulary: list[str] = Field(min_length=1)
    not_typos: list[str]
    negation: Negation
    clause_breaks: list[str]
    conditional: list[str]
    topic: list[str]
    past: list[str]
    present: list[str]
    stable: list[str]
    change: list[str]
    progress: list[str]
    harmless_numb: list[str]
    harmless_weak: list[str]
    other_person: list[str]
    first_person: list[str]
    words: dict[str, list[str]] = Field(min_length=1)
    signs: list[Rule] = Field(min_length=1)


@dataclass(frozen=True)
class Finding:
    """What a message says about warning signs: the level, which sign, and its plain words."""

    level: Level
    sign: str | None = None
    says: str | None = None


NOTHING = Finding("none")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _any(patterns: Sequence[str]) -> re.Pattern[str]:
    joined = "|".join(f"(?:{p.replace(' ~ ', _NEARBY)})" for p in patterns)
    return re.compile(r"\b(?:" + joined + r")(?!\w)")


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    symptoms: tuple[tuple[str, re.Pattern[str]], ...]
    place: re.Pattern[str] | None
    patterns: re.Pattern[str] | None
    needs: re.Pattern[str] | None
    unless: re.Pattern[str] | None


class Reader:
    """Warning signs in one language's words."""

    def __init__(self, data: SymptomFile) -> None:
        self._contractions = [(re.compile(a), b) for a, b in data.contractions]
        self._spelling = [(re.compile(a), b) for a, b in data.spelling]
        self._points_back = re.compile(r"^(?:,\s*)?(?:" + "|".join(data.points_back) + r")\b")
        self._undone = re.compile(r"(?:^|\s)(?:" + "|".join(data.undone) + r")\s$")
        self.vocabulary = frozenset(self._spelt(word) for word in data.vocabulary)
        self._protected = frozenset(self._spelt(w) for w in data.not_typos) | self.vocabulary
        self._markers = self._any(data.markers)
        self._by_letter: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_letter.setdefault(word[0], []).append(word)
        self._negation = self._any(data.negation.before)
        self._reach = data.negation.reach
        self._not_denials = self._any(data.negation.not_denials)
        self._topic = self._any(data.topic)
        self._resolved = self._any(data.negation.after)
        self._following = self._any(data.negation.following) if data.negation.following else None
        self._following_reach = data.negation.following_reach
        self._breaks = self._any(data.clause_breaks)
        self._conditional = self._any(data.conditional)
        self._past = self._any(data.past)
        self._present = self._any([*data.present, *data.change])
        self._stable = self._any(data.stable)
        self._change = self._any(data.change)
        self._progress = self._any(data.progress)
        self._harmless_numb = self._any(data.harmless_numb)
        self._harmless_weak = self._any(data.harmless_weak)
        self._other = self._any(data.other_person)
        self._me = self._any(data.first_person)
        words = {name: self._any(patterns) for name, patterns in data.words.items()}
        self._saddle = words["saddle"]
        self._one_of, self._legs = words["one_of"], words["legs"]
        rules = tuple(
            _Compiled(
                rule,
                tuple((name, words[name]) for name in rule.symptom),
                words[rule.place] if rule.place else None,
                self._any(rule.patterns) if rule.patterns else None,
                self._any(rule.needs) if rule.needs else None,
                self._any(rule.unless) if rule.unless else None,
            )
            for rule in data.signs
        )
        self._rules = rules
        self._within = tuple(c for c in rules if not c.rule.sentence)
        self._across = tuple(c for c in rules if c.rule.sentence)

    # --- folding and spelling -------------------------------------------------------------

    def shows(self, text: str) -> bool:
        """Whether the message has a word of this language (see SymptomFile.markers)."""
        return bool(self._markers.search(self._folded(text)))

    def keep_as_typed(self, words: frozenset[str]) -> None:
        """Never correct these words (another language's sign words: German "Inkontinenz" is
        not a typo of English "incontinent")."""
        self._protected |= words

    def _spelt(self, text: str) -> str:
        """A word or pattern in the folded spelling that typed text is read in."""
        plain = _plain(text.replace("ß", "ss"))
        for pattern, replacement in self._spelling:
            plain = pattern.sub(replacement, plain)
        return plain

    def _any(self, patterns: Sequence[str]) -> re.Pattern[str]:
        return _any([self._spelt(pattern) for pattern in patterns])

    def _folded(self, text: str) -> str:
        plain = text.casefold()
        for pattern, replacement in self._contractions:
            plain = pattern.sub(replacement, plain)
        return self._spelt(plain.translate(_QUOTES))

    def sentences(self, text: str) -> list[str]:
        """Lower case, no accents or apostrophes, typos corrected; one string per sentence."""
        found = []
        for sentence in _SENTENCE.split(self._folded(text)):
            tokens = [self._spell(token) for token in _TOKEN.findall(sentence)]
            if tokens:
                found.append(" ".join(tokens).replace(" ,", ","))
        return found

    def _spell(self, token: str) -> str:
        if len(token) < 5 or not token.isalpha() or token in self._protected:
            return token
        limit = 1 if len(token) < 8 else 2
        choices = self._by_letter.get(token[0], [])
        best = process.extractOne(token, choices, scorer=OSA.distance, score_cutoff=limit)
        if best is None or best[0] in (token + "s", token[:-1]):  # "thigh" is not "thighs"
            return token
        return str(best[0])

    # --- reading --------------------------------------------------------------------------

    def read(self, text: str) -> Finding:
        """The strongest warning sign the message states (see the module's docstring)."""
        sentences = self.sentences(text)
        whole = " . ".join(sentences)
        stable = bool(self._stable.search(whole)) and not self._change.search(
            self._stable.sub(" ", whole)
        )
        progress = bool(self._progress.search(whole))
        found: list[Finding] = [NOTHING]
        for sentence in sentences:
            whole_sentence = (sentence, 0, len(sentence))
            found += self._found(self._across, whole_sentence, "", stable, progress)
            previous = ""
            for a, b in self._clauses(sentence):
                clause = sentence[a:b]
                where = previous if self._points_back.match(clause) else ""
                previous = clause
                found += self._found(self._within, (sentence, a, b), where, stable, progress)
        return max(found, key=lambda finding: RANK[finding.level])

    def _clauses(self, sentence: str) -> list[tuple[int, int]]:
        cuts = [0, *(m.start() for m in self._breaks.finditer(sentence)), len(sentence)]
        return [(a, b) for a, b in pairwise(cuts) if b > a]

    def _found(
        self,
        rules: Sequence[_Compiled],
        span: tuple[str, int, int],
        where: str,
        stable: bool,
        progress: bool,
    ) -> Iterator[Finding]:
        """Each sign stated in one clause (a span of its sentence); `where` is an earlier clause
        it may point back to."""
        sentence, start, end = span
        clause = sentence[start:end]
        following = next(
            (sentence[end + a : end + b] for a, b in self._clauses(sentence[end:])), ""
        )
        for compiled in rules:
            rule = compiled.rule
            for group, match in self._matches(compiled, clause, where):
                if self._not_stated(clause, match, following, rule.history):
                    continue
                if compiled.unless is not None and compiled.unless.search(sentence):
                    continue
                if compiled.needs is not None and not compiled.needs.search(sentence):
                    continue
                if rule.needs_progress and not progress:
                    continue
                if rule.stable_is_none and stable:
                    continue
                if self._harmless(rule, group, sentence):
                    continue
                yield self._as_said(rule, span, clause[: match.start()])

    def _matches(
        self, compiled: _Compiled, clause: str, where: str
    ) -> Iterator[tuple[str, re.Match[str]]]:
        """(word group, match) for each sign found: a symptom with its place, or a pattern."""
        if compiled.patterns is not None:
            for match in compiled.patterns.finditer(clause):
                yield "pattern", match
        place = compiled.place
        if place is None or not (self._has_place(place, clause) or self._has_place(place, where)):
            return
        for group, pattern in compiled.symptoms:
            for match in pattern.finditer(clause):
                yield group, match

    def _has_place(self, place: re.Pattern[str], clause: str) -> bool:
        """A place named in the clause, not inside another: "between my legs" is the saddle
        area, "one of my legs" is one leg."""
        if place is self._saddle:
            return bool(place.search(clause))
        inside = [m.span() for m in self._saddle.finditer(clause)]
        if place is self._legs:
            inside += [m.span() for m in self._one_of.finditer(clause)]
        return any(not any(a <= m.start() < b for a, b in inside) for m in place.finditer(clause))

    def _not_stated(self, clause: str, match: re.Match[str], following: str, history: bool) -> bool:
        """Denied shortly before, over after (in its clause, or the next one that points back:
        "..., but it's fine now"; not for a history, where "Chemo ist vorbei" is the point),
        or about someone else."""
        before = " ".join(clause[: match.start()].split()[-self._reach :])
        if self._negation.search(self._not_denials.sub(" ", before)):
            return True
        after = clause[match.end() :] + (following if self._points_back.match(following) else "")
        next_words = " ".join(clause[match.end() :].split()[: self._following_reach])
        if self._following is not None and self._following.search(next_words):
            return True
        over = None if history else self._resolved.search(after)
        if over is not None and not self._undone.search(
            clause[: match.end()] + after[: over.start()]
        ):
            return True
        return bool(self._other.search(clause)) and not self._me.search(clause)

    def _harmless(self, rule: Rule, group: str, sentence: str) -> bool:
        if rule.harmless_numb and group in ("numb", "tingle"):
            cause = self._harmless_numb.search(sentence)
            if cause is not None and not self._undone.search(sentence[: cause.start()]):
                return True
        return (
            rule.harmless_weak
            and group in ("weak", "drag")
            and bool(self._harmless_weak.search(sentence))
        )

    def _as_said(self, rule: Rule, span: tuple[str, int, int], before: str) -> Finding:
        """A found sign, as the person put it: now, wondered about, or in the past."""
        if self._topic.search(before):
            return NOTHING
        conditional = bool(self._conditional.search(before))
        past = not rule.history and self._in_the_past(*span)
        if not (conditional or past):
            return Finding(rule.level, rule.sign, rule.says)
        if rule.level == "urgent" and not rule.event:
            return Finding("ask", rule.sign, rule.says)
        return NOTHING

    def _in_the_past(self, sentence: str, start: int, end: int) -> bool:
        """The past said in the sign's clause, or elsewhere in its sentence with no word of now
        in between: "I had cancer years ago and now my legs are going numb" is now."""
        head, clause, tail = sentence[:start], sentence[start:end], sentence[end:]
        if self._past.search(clause):
            return True
        if self._past.search(tail) and not self._present.search(clause):
            return True
        ends = [match.end() for match in self._past.finditer(head)]
        return bool(ends) and not self._present.search(head[ends[-1] :] + clause)

    def says(self, sign: str) -> str:
        """A sign's plain words ("chest pain"), for a question back or a note."""
        return next(c.rule.says for c in self._rules if c.rule.sign == sign)


# A message is read for signs up to four times on its way (the urgent check, the "soon" check,
# the intents): its reading is kept for the rest of its handling, which runs in a task (and so
# a context) of its own, and is never shared with another person's message.
_LAST_READ: ContextVar[tuple[Symptoms, str, Finding] | None] = ContextVar(
    "last_symptoms_read", default=None
)


class Symptoms:
    """Warning signs in every supported language at once: the strongest any language finds."""

    def __init__(self, readers: dict[str, Reader]) -> None:
        self.readers = readers
        self._english = readers["en"]
        for language, reader in readers.items():
            for other, words in readers.items():
                if other != language:
                    reader.keep_as_typed(words.vocabulary)

    def read(self, text: str) -> Finding:
        """The strongest warning sign the message states, read in each language it shows (all,
        if it shows none: "fiebre" alone); a sign is named in English words, as the bot speaks.
        "my dad had cancer" is not read as Spanish, "meine Oma hat Inkontinenz" not as English."""
        last = _LAST_READ.get()
        if last is not None and last[0] is self and last[1] == text:
            return last[2]
        found = self._read(text)
        _LAST_READ.set((self, text, found))
        return found

    def _read(self, text: str) -> Finding:
        readers = [reader for reader in self.readers.values() if reader.shows(text)]
        found = max(
            (reader.read(text) for reader in readers or self.readers.values()),
            key=lambda finding: RANK[finding.level],
        )
        if found.sign is None:
            return found
        return Finding(found.level, found.sign, self._english.says(found.sign))

    def says(self, sign: str) -> str:
        """A sign's plain words ("chest pain"), for a question back or a note."""
        return self._english.says(sign)


@cache
def load_symptoms(data_dir: Path) -> Symptoms:
    """Read and check data/symptoms*.yaml once; a broken file fails at start-up."""
    readers = {}
    for language, name in LANGUAGES.items():
        raw = yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))
        readers[language] = Reader(SymptomFile.model_validate(raw))
    return Symptoms(readers)

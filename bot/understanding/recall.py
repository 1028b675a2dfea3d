"""How well typed warning signs are recognised, over a labelled corpus of phrasings; and how
well everything else typed is read (times, days, numbers, yes/no, answers, intents).

A corpus maps a label ("urgent", "soon", "ordinary") to the messages that must be read so.
Recall is the share of a label's messages read at that level (an urgent sign must be urgent; a
"soon" sign may also be read as urgent); a false urgent alarm is an ordinary message read as
urgent. Used by scripts/symptom_recall.py and tests/understanding/test_symptom_corpus.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

import yaml

from bot.coaching.ratings import parse_rating
from bot.i18n import speaking
from bot.understanding import answers, times
from bot.understanding.intents import load_intents, parse_duration
from bot.understanding.minutes import parse_minutes
from bot.understanding.rules import parse_rule, sit_rule_readings
from bot.understanding.symptoms import RANK, Symptoms

LABELS = ("urgent", "soon", "ordinary")
WANTED = {"urgent": "urgent", "soon": "soon", "ordinary": "none"}


@dataclass
class Figures:
    counts: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    false_urgent: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # label, level, text

    def recall(self, label: str) -> float:
        return self.hits.get(label, 0) / self.counts[label] if self.counts.get(label) else 1.0

    def false_urgent_rate(self) -> float:
        ordinary = self.counts.get("ordinary", 0)
        return self.false_urgent / ordinary if ordinary else 0.0


def load_corpus(path: Path) -> dict[str, list[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(raw) <= set(LABELS), f"labels are {LABELS}"
    return {label: [str(text) for text in raw.get(label) or []] for label in LABELS}


def measure(symptoms: Symptoms, corpus: dict[str, list[str]]) -> Figures:
    figures = Figures()
    for label, texts in corpus.items():
        figures.counts[label] = len(texts)
        for text in texts:
            level = symptoms.read(text).level
            if label == "ordinary":
                hit = RANK[level] < RANK["soon"]
                figures.false_urgent += level == "urgent"
            else:
                hit = RANK[level] >= RANK[WANTED[label]]
            figures.hits[label] = figures.hits.get(label, 0) + hit
            if level != WANTED[label]:
                figures.misses.append((label, level, text))
    return figures


# --- everything else people type: times, days, numbers, yes/no, set-up answers, intents -------
# A words corpus maps a concept to {what is typed: what it must be read as}; each concept has a
# reader below giving its reading in the same form (times "07:30", days "Mon–Fri", desk hours
# "Mon–Fri 09:00–17:00"). Used by scripts/words_recall.py and
# tests/understanding/test_words_corpus.py; read in the corpus's language (bot.i18n.speaking).

Reader = Callable[[str], object]


@dataclass
class WordFigures:
    counts: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[str, str, object, object]] = field(default_factory=list)  # concept, text,
    # wanted, read

    def recall(self, concept: str | None = None) -> float:
        counts = self.counts.values() if concept is None else [self.counts.get(concept, 0)]
        hits = self.hits.values() if concept is None else [self.hits.get(concept, 0)]
        return sum(hits) / sum(counts) if sum(counts) else 1.0

    def total(self) -> int:
        return sum(self.counts.values())


def _hhmm(at: time | None) -> str | None:
    return f"{at:%H:%M}" if at else None


def word_readers(data_dir: Path, skip_buttons: Sequence[tuple[str, str]]) -> dict[str, Reader]:
    """Each concept's reader; `skip_buttons` are the (English label, value) of the skip
    reasons, as the bot shows them."""
    intents = load_intents(data_dir)

    def days(text: str) -> str | None:
        found = times.parse_days(text)
        return times.format_days(found) if found else None

    def desk(text: str) -> str | None:
        found = times.parse_desk_hours(text)
        if found is None:
            return None
        return f"{times.format_days(found[0])} {found[1]:%H:%M}–{found[2]:%H:%M}"

    def rule(text: str) -> str | None:
        found = parse_rule(text)
        return f"{found[0]} | {found[1]:%H:%M} | {times.format_days(found[2])}" if found else None

    return {
        "time": lambda text: _hhmm(times.parse_time(text)),
        "days": days,
        "desk_hours": desk,
        "rating": parse_rating,
        "minutes": parse_minutes,
        "yes_no": answers.yes_or_no,
        "word": intents.word,
        "skip_reason": lambda text: intents.match_button(text, skip_buttons),
        "intent": lambda text: intents.read(text).kind,
        "movements": answers.movements_in,
        "sit_rhythm": answers.sit_minutes_in,
        "no_desk": answers.no_desk,
        "weekday": answers.weekday_in,
        "rule": rule,
        "sit_rule": lambda text: [list(reading) for reading in sit_rule_readings(text)],
        "pause": lambda text: str(found) if (found := parse_duration(text)) else None,
        "pain_score": lambda text: intents.read(text).score,
    }


def load_words_corpus(path: Path) -> dict[str, dict[str, object]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        str(concept): {str(text): wanted for text, wanted in items.items()}
        for concept, items in raw.items()
    }


def measure_words(
    readers: dict[str, Reader], corpus: dict[str, dict[str, object]], language: str
) -> WordFigures:
    assert set(corpus) <= set(readers), f"concepts are {sorted(readers)}"
    figures = WordFigures()
    with speaking(language):
        for concept, items in corpus.items():
            figures.counts[concept] = len(items)
            for text, wanted in items.items():
                read = readers[concept](text)
                hit = read == wanted
                figures.hits[concept] = figures.hits.get(concept, 0) + hit
                if not hit:
                    figures.misses.append((concept, text, wanted, read))
    return figures

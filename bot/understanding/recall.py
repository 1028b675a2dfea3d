"""How well typed warning signs are recognised, over a labelled corpus of phrasings.

A corpus maps a label ("urgent", "soon", "ordinary") to the messages that must be read so.
Recall is the share of a label's messages read at that level (an urgent sign must be urgent; a
"soon" sign may also be read as urgent); a false urgent alarm is an ordinary message read as
urgent. Used by scripts/symptom_recall.py and tests/understanding/test_symptom_corpus.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

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

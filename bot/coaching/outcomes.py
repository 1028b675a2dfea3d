"""Outcomes beyond pain: the person's own activities (0 = can't do it, 10 = as before) and the
three-item pain-and-interference score (PEG), with the rules for reading them.

Rules, in prose (numbers in data/outcomes.yaml, with sources):
- A change in an activity of `real_change` points or more is a real change, said so in plain
  words; less is "about the same" (`change`: a direction the telegram layer words).
- The PEG score is the mean of its three items (pain, interference with enjoyment of life and
  with general activity), each 0-10; lower is better.
- Activities and PEG are re-rated every `every_days` days.
- At the first PEG, an interference item at `high` or more suggests seeing a clinician early;
  the programme continues.
- After `review_after_weeks` weeks, when no activity has improved by `real_change` and the PEG
  is not better by as much, a physiotherapist's review is suggested once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from statistics import mean

import yaml


@dataclass(frozen=True)
class OutcomeRules:
    most_activities: int
    real_change: int
    peg_high: int
    every_days: int
    review_after_weeks: int


def load_outcome_rules(data_dir: Path) -> OutcomeRules:
    raw = yaml.safe_load((data_dir / "outcomes.yaml").read_text(encoding="utf-8"))
    return OutcomeRules(
        most_activities=int(raw["activities"]["most"]),
        real_change=int(raw["activities"]["real_change"]),
        peg_high=int(raw["peg"]["high"]),
        every_days=int(raw["every_days"]),
        review_after_weeks=int(raw["review_after_weeks"]),
    )


def change(rules: OutcomeRules, first: int, latest: int) -> str:
    """How an activity moved since its first rating: "up", "down" (by a real change) or "same".

    The telegram layer words it in the person's language."""
    difference = latest - first
    if difference >= rules.real_change:
        return "up"
    if difference <= -rules.real_change:
        return "down"
    return "same"


def peg_score(pain: int, enjoyment: int, activity: int) -> float:
    return round(mean((pain, enjoyment, activity)), 1)


def due(rules: OutcomeRules, last_rated: date | None, today: date) -> bool:
    """Time to re-rate: never rated, or `every_days` (less a day of slack) since the last."""
    return last_rated is None or today - last_rated >= timedelta(days=rules.every_days - 1)


def high_interference(rules: OutcomeRules, enjoyment: int, activity: int) -> bool:
    return max(enjoyment, activity) >= rules.peg_high


def no_improvement(
    rules: OutcomeRules,
    started: date,
    today: date,
    activities: Sequence[tuple[int, int]],  # (first, latest) per activity
    pegs: Sequence[float],  # PEG scores, oldest first
) -> bool:
    """Weeks in, nothing the person named got easier and the PEG did not fall either."""
    if today - started < timedelta(weeks=rules.review_after_weeks):
        return False
    if not activities and len(pegs) < 2:
        return False
    improved = any(latest - first >= rules.real_change for first, latest in activities)
    peg_better = len(pegs) >= 2 and pegs[0] - pegs[-1] >= rules.real_change
    return not improved and not peg_better

"""A habit score that forgives, in the spirit of Loop Habit Tracker.

The score is an exponential moving average of done days: each day it moves a little towards 1
(done) or 0 (missed), so one missed day dents it instead of wiping out weeks of work. Days that
were paused, spent in a flare, or skipped because of pain are forgiven: they leave the score and
the streak exactly as they were.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

DayOutcome = Literal["done", "missed", "skipped_pain", "paused", "flare"]
# Loop's multiplier for a daily habit: 0.5 ** (sqrt(frequency) / 13), a half-life of 13 days.
MULTIPLIER = 0.5 ** (math.sqrt(1.0) / 13.0)
PRECEDENCE = {"done": 4, "flare": 3, "skipped_pain": 2, "paused": 1, "missed": 0}


@dataclass(frozen=True)
class HabitSummary:
    score: float
    percent: int
    streak: int
    best_streak: int
    done_days: int


def summarise(
    outcomes: Sequence[tuple[date, DayOutcome]], today: date | None = None
) -> HabitSummary:
    """Score and streaks from day outcomes; days without an entry count as missed, up to
    `today` (not counting today itself if nothing happened yet)."""
    by_day: dict[date, DayOutcome] = {}
    for day, outcome in outcomes:
        if day not in by_day or PRECEDENCE[outcome] > PRECEDENCE[by_day[day]]:
            by_day[day] = outcome
    if not by_day:
        return HabitSummary(0.0, 0, 0, 0, 0)
    first = min(by_day)
    last = max(by_day)
    if today is not None and today - timedelta(days=1) > last:
        last = today - timedelta(days=1)
    score, streak, best, done = 0.0, 0, 0, 0
    day = first
    while day <= last:
        outcome = by_day.get(day, "missed")
        if outcome == "done":
            score = score * MULTIPLIER + (1 - MULTIPLIER)
            streak += 1
            done += 1
            best = max(best, streak)
        elif outcome == "missed":
            score *= MULTIPLIER
            streak = 0
        day += timedelta(days=1)
    return HabitSummary(score, round(score * 100), streak, best, done)

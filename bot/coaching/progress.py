"""What the last weeks show: the pain trend and where it started and ended, the flares. In
words, in the person's language: bot/telegram/progress_summary.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

# A change of about two points on a 0-10 pain scale is what people notice (method.md); one
# point between halves of the period is worth mentioning as a tendency.
TENDENCY = 1.0
# A trend needs ratings of one kind spread over two weeks: a few days say nothing yet.
TREND_DAYS = 14


@dataclass(frozen=True)
class ProgressData:
    session_pain: Sequence[tuple[date, int]] = ()
    morning_pain: Sequence[tuple[date, int]] = ()
    effort: Sequence[tuple[date, int]] = ()
    sessions_per_week: Sequence[tuple[date, int]] = ()
    snacks_per_day: Sequence[tuple[date, int]] = ()
    changes: Sequence[tuple[date, str]] = field(default_factory=tuple)
    transition_ratings: Sequence[tuple[date, str, int]] = ()
    # The person's own yardsticks: usual pain B and the highest session pain still fine.
    baseline: int | None = None
    acceptable_max: int = 5
    flares: Sequence[tuple[date, date | None]] = ()  # (first day, last day or None: ongoing)
    walks: Sequence[tuple[date, float]] = ()  # minutes walked per day, apart from the routine
    walk_goal: float | None = None


def flare_periods(
    events: Sequence[tuple[date, str]], since: date, ongoing: bool
) -> list[tuple[date, date | None]]:
    """Flare spans from the flare_on/flare_off changes in the window: a flare that began before
    the window starts at its edge, one still running has no end."""
    periods: list[tuple[date, date | None]] = []
    start: date | None = None
    for day, kind in sorted(events):
        if kind == "flare_on" and start is None:
            start = day
        elif kind == "flare_off":
            periods.append((since if start is None else start, day))
            start = None
    if start is None and ongoing and not periods:
        start = since
    if start is not None:
        periods.append((start, None))
    return periods


def pain_trend(points: Sequence[tuple[date, int]]) -> str:
    """'easing', 'rising', 'steady' or 'not enough data', comparing the two halves of one kind
    of rating (mornings with mornings, sessions with sessions) once they span two weeks."""
    days = sorted(day for day, _ in points)
    if len(points) < 4 or (days[-1] - days[0]).days + 1 < TREND_DAYS:
        return "not enough data"
    ordered = [pain for _, pain in sorted(points)]
    half = len(ordered) // 2
    difference = mean(ordered[half:]) - mean(ordered[:half])
    if difference <= -TENDENCY:
        return "easing"
    if difference >= TENDENCY:
        return "rising"
    return "steady"


def ends(points: Sequence[tuple[date, int]]) -> tuple[int, int]:
    """About where a span of ratings started and where it is now (a third at each end)."""
    ordered = [pain for _, pain in sorted(points)]
    third = max(1, len(ordered) // 3)
    return round(mean(ordered[:third])), round(mean(ordered[-third:]))


def rating_ends(ratings: Sequence[tuple[date, str, int]]) -> dict[str, tuple[int, int]]:
    """Each trouble movement's first and latest rating."""
    ends: dict[str, tuple[int, int]] = {}
    for _, name, score in sorted(ratings):
        ends[name] = (ends[name][0], score) if name in ends else (score, score)
    return ends

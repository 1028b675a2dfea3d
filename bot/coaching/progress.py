"""What the last weeks show, in plain words: the pain trend, the best streak, what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

from bot.coaching.habit import HabitSummary

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


def span_heading(days: int) -> str:
    """The real span the summary covers: "Your last 4 days", or weeks from two weeks on."""
    if days <= 1:
        return "Your first day:"
    if days < 14:
        return f"Your last {days} days:"
    return f"Your last {round(days / 7)} weeks:"


def _morning_line(points: Sequence[tuple[date, int]]) -> str:
    trend = pain_trend(points)
    if trend == "not enough data":
        so_far = f" ({_count(len(points), 'morning')} so far)" if points else ""
        return f"• Morning pain: I can show a trend after two weeks of mornings{so_far}."
    first, last = _ends(points)
    words = {
        "easing": f"easing — from about {first} to about {last} out of 10. Well done.",
        "rising": f"rising — from about {first} to about {last} out of 10. Sessions stay "
        "gentle; if it keeps climbing, see a doctor or physiotherapist.",
        "steady": f"steady at about {last} out of 10.",
    }
    return f"• Morning pain is {words[trend]}"


def _session_line(points: Sequence[tuple[date, int]]) -> str:
    trend = pain_trend(points)
    first, last = _ends(points)
    if trend == "not enough data":
        usual = round(mean(pain for _, pain in points))
        return f"• Pain during sessions so far: about {usual} out of 10."
    if trend == "steady":
        return f"• Pain during sessions is steady at about {last} out of 10."
    return f"• Pain during sessions is {trend} — from about {first} to about {last} out of 10."


def summary_text(data: ProgressData, habit: HabitSummary, days: int, baseline: str) -> str:
    """The summary under the chart; `days` is the span it covers (since set-up, at most the
    chart's weeks)."""
    lines = [span_heading(days), _morning_line(data.morning_pain)]
    if data.session_pain:
        lines.append(_session_line(data.session_pain))
    lines.append(f"• {baseline}")
    sessions = sum(count for _, count in data.sessions_per_week)
    snacks = sum(count for _, count in data.snacks_per_day)
    lines.append(f"• {_count(sessions, 'session')} done, {_count(snacks, 'movement break')} taken.")
    lines.append(f"• Habit score {habit.percent}%, best streak {_count(habit.best_streak, 'day')}.")
    if data.walk_goal is not None:
        minutes = sum(walked for _, walked in data.walks)
        logged = _count(len(data.walks), "day") + f", {minutes:g} min" if data.walks else "none yet"
        lines.append(f"• Walking goal {data.walk_goal:g} min a day; walks logged: {logged}.")
    if data.transition_ratings:
        lines.append(
            "• How hard your trouble movements feel (0–10): "
            + ", ".join(
                f"{name.replace('_', ' ')} {first} → {last}"
                for name, (first, last) in _rating_ends(data.transition_ratings).items()
            )
        )
    if data.changes:
        lines.append(f"• {_count(len(data.changes), 'change')} to your plan; the latest:")
        lines += [f"   – {reason}" for _, reason in list(data.changes)[-3:]]
    return "\n".join(lines)


def weekly_caption(data: ProgressData, week_start: date) -> str:
    """The weekly review under its chart, in six lines at most: the pain trend, this week's
    sessions and breaks, and the latest change to the plan."""
    pain = [*data.session_pain, *data.morning_pain]
    trend = pain_trend(pain)
    lines = ["Your weekly review"]
    if trend == "not enough data":
        lines.append("• Pain: a few more check-ins and I can show a trend.")
    else:
        first, last = _ends(pain)
        lines.append(
            {
                "easing": f"• Pain is easing: about {first} → {last}/10. Well done.",
                "rising": f"• Pain is rising: about {first} → {last}/10, so sessions stay gentle.",
                "steady": f"• Pain is steady at about {last}/10.",
            }[trend]
        )
    sessions = sum(count for week, count in data.sessions_per_week if week >= week_start)
    snacks = sum(count for day, count in data.snacks_per_day if day >= week_start)
    lines.append(f"• This week: {_count(sessions, 'session')}, {_count(snacks, 'movement break')}.")
    recent = [reason for day, reason in data.changes if day >= week_start]
    if recent:
        lines.append(f"• Latest change: {recent[-1]}")
    lines.append("/progress has the whole picture.")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _ends(points: Sequence[tuple[date, int]]) -> tuple[int, int]:
    ordered = [pain for _, pain in sorted(points)]
    third = max(1, len(ordered) // 3)
    return round(mean(ordered[:third])), round(mean(ordered[-third:]))


def _rating_ends(ratings: Sequence[tuple[date, str, int]]) -> dict[str, tuple[int, int]]:
    ends: dict[str, tuple[int, int]] = {}
    for _, name, score in sorted(ratings):
        ends[name] = (ends[name][0], score) if name in ends else (score, score)
    return ends

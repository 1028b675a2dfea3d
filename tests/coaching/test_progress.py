"""The /progress summary in plain words, and flare periods read from the plan's changes."""

from __future__ import annotations

from datetime import date, timedelta

from bot.coaching.habit import HabitSummary
from bot.coaching.progress import ProgressData, flare_periods
from bot.telegram.progress_summary import summary_text

SINCE = date(2026, 9, 30)
BASELINE = "I take your usual pain as 3/10 until I have a few mornings to go on."


def day(n: int) -> date:
    return SINCE + timedelta(days=n)


def test_one_of_anything_is_said_in_the_singular() -> None:
    data = ProgressData(
        sessions_per_week=[(day(0), 1)], snacks_per_day=[(day(1), 1)], changes=[(day(1), "Up")]
    )
    habit = HabitSummary(score=0.1, percent=10, streak=1, best_streak=1, done_days=1)
    text = summary_text(data, habit, 8, BASELINE)
    assert "1 session done, 1 movement break taken." in text
    assert "best streak 1 day." in text
    assert "1 change to your plan" in text
    assert f"• {BASELINE}" in text


def test_more_than_one_is_said_in_the_plural() -> None:
    data = ProgressData(sessions_per_week=[(day(0), 2)], snacks_per_day=[(day(1), 0)])
    habit = HabitSummary(score=0.1, percent=10, streak=1, best_streak=2, done_days=2)
    text = summary_text(data, habit, 8, BASELINE)
    assert "2 sessions done, 0 movement breaks taken." in text
    assert "best streak 2 days." in text


def test_a_flare_runs_from_flare_on_to_flare_off() -> None:
    events = [(day(3), "flare_on"), (day(9), "flare_off"), (day(20), "flare_on")]
    assert flare_periods(events, SINCE, ongoing=True) == [(day(3), day(9)), (day(20), None)]


def test_a_flare_that_began_before_the_window_starts_at_its_edge() -> None:
    assert flare_periods([(day(4), "flare_off")], SINCE, ongoing=False) == [(SINCE, day(4))]
    assert flare_periods([], SINCE, ongoing=True) == [(SINCE, None)]
    assert flare_periods([], SINCE, ongoing=False) == []


HABIT = HabitSummary(score=0.5, percent=50, streak=3, best_streak=3, done_days=3)


def test_a_session_pain_is_never_compared_with_a_morning_pain() -> None:
    data = ProgressData(
        session_pain=[(day(0), 3), (day(1), 3), (day(2), 3)],
        morning_pain=[(day(1), 6), (day(2), 6), (day(3), 6)],
    )
    text = summary_text(data, HABIT, 4, BASELINE)
    assert text.startswith("Your last 4 days:")
    assert "rising" not in text
    assert (
        "• Morning pain: I can show a trend after two weeks of mornings (3 mornings so far)."
        in text
    )
    assert "• Pain during sessions so far: about 3 out of 10." in text


def test_no_trend_before_two_weeks_of_mornings_then_mornings_with_mornings() -> None:
    rising = [(day(n), 2 if n < 7 else 5) for n in range(0, 13, 2)]  # 13 days: not yet
    assert "rising" not in summary_text(ProgressData(morning_pain=rising), HABIT, 13, BASELINE)
    rising.append((day(13), 5))  # two weeks of mornings
    text = summary_text(ProgressData(morning_pain=rising), HABIT, 14, BASELINE)
    assert "• Morning pain is rising — from about 2 to about 5 out of 10." in text
    sessions = [(day(n), 4 - n // 5) for n in range(15)]
    text = summary_text(ProgressData(session_pain=sessions), HABIT, 15, BASELINE)
    assert "• Pain during sessions is easing — from about 4 to about 2 out of 10." in text


def test_the_heading_names_the_real_span() -> None:
    assert summary_text(ProgressData(), HABIT, 1, BASELINE).startswith("Your first day:")
    assert summary_text(ProgressData(), HABIT, 13, BASELINE).startswith("Your last 13 days:")
    assert summary_text(ProgressData(), HABIT, 17, BASELINE).startswith("Your last 2 weeks:")
    assert summary_text(ProgressData(), HABIT, 20, BASELINE).startswith("Your last 3 weeks:")
    assert summary_text(ProgressData(), HABIT, 56, BASELINE).startswith("Your last 8 weeks:")

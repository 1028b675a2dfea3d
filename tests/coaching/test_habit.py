"""The habit score forgives bad days and pauses; a missed day only dents it."""

from __future__ import annotations

from datetime import date, timedelta

from bot.coaching.habit import summarise

START = date(2026, 11, 2)


def days(*outcomes: str) -> list[tuple[date, str]]:
    return [(START + timedelta(days=n), outcome) for n, outcome in enumerate(outcomes)]


def test_done_days_build_the_score_and_the_streak() -> None:
    summary = summarise(days(*["done"] * 10))  # type: ignore[arg-type]
    assert summary.streak == summary.best_streak == summary.done_days == 10
    assert 0.35 < summary.score < 0.45


def test_a_paused_or_flare_day_neither_breaks_nor_dents_anything() -> None:
    plain = summarise(days("done", "done", "done"))  # type: ignore[arg-type]
    forgiven = summarise(days("done", "paused", "flare", "skipped_pain", "done", "done"))  # type: ignore[arg-type]
    assert forgiven.streak == 3
    assert forgiven.score == plain.score


def test_a_missed_day_breaks_the_streak_but_only_dents_the_score() -> None:
    before = summarise(days(*["done"] * 20))  # type: ignore[arg-type]
    after = summarise(days(*["done"] * 20, "missed"))  # type: ignore[arg-type]
    assert after.streak == 0 and after.best_streak == 20
    assert before.score * 0.9 < after.score < before.score


def test_days_without_any_entry_count_as_missed() -> None:
    outcomes = [(START, "done"), (START + timedelta(days=3), "done")]
    summary = summarise(outcomes, today=START + timedelta(days=3))  # type: ignore[arg-type]
    assert summary.streak == 1 and summary.done_days == 2


def test_done_wins_when_a_day_has_several_marks() -> None:
    summary = summarise([(START, "missed"), (START, "done")])  # type: ignore[list-item]
    assert summary.done_days == 1

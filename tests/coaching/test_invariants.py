"""The engine's promises, checked over 20 seeds × every profile × 56 days of `simulate`.

Each promise is a rule a physiotherapist would state; the test prints what it measured.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.pain import acceptable_max
from bot.coaching.simulate import PROFILES, simulate

SEEDS = range(1, 21)
DAYS = 56
STEPS = ("progress", "stage_up")


@cache
def run(profile: str, seed: int) -> list[dict[str, Any]]:
    return list(simulate(load_catalogue(), DAYS, profile, seed))  # type: ignore[arg-type]


def exercise_steps(day: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in day["changes"] if c["kind"] in STEPS and c["exercise"] != "walk"]


def big(catalogue: Catalogue, change: dict[str, Any]) -> bool:
    """Kilos or a ladder stage: the steps that need an answered morning."""
    if change["kind"] == "stage_up":
        return True
    return catalogue[change["exercise"]].variables[change["variable"]].unit == "kg"


def check(catalogue: Catalogue, days: list[dict[str, Any]], figures: Counter[str]) -> None:
    answered_about = 0  # the latest session day whose morning was answered before a check-in
    pending: list[tuple[int, int]] = []  # (answered on day, about day)
    last_step: dict[str, int] = {}
    last_done: dict[str, dict[str, Any]] = {}
    before_flare: dict[str, dict[str, Any]] = {}
    for index, day in enumerate(days):
        number = day["day"]
        answered_about = max([answered_about, *(a for on, a in pending if on <= number)])
        pending = [(on, a) for on, a in pending if on > number]
        b_before = days[index - 1]["baseline"] if index else day["baseline"]
        new = day["performed_new"]
        figures["new doses"] += len(new)
        figures["most new doses in a session"] = max(
            figures["most new doses in a session"], len(new)
        )
        assert len(new) <= 2, (number, new)
        if day["variant"] == "weekly":
            assert new == [], "a weekly session performs no new dose"
        steps = exercise_steps(day)
        figures["progressions"] += len(steps)
        if steps:
            pain = day["checkin"]["pain"]
            assert pain is not None and pain < 7, (number, pain)
            assert pain < acceptable_max(catalogue.rules, b_before), (number, pain, b_before)
        for change in steps:
            if big(catalogue, change):
                figures["kg or stage steps"] += 1
                assert answered_about > last_step.get(change["exercise"], 0), (number, change)
            last_step[change["exercise"]] = number
        if day["variant"] == "daily" and not day["skipped"]:  # done before that day's news
            last_done.update({item["exercise"]: item["dose"] for item in day["routine"]})
        kinds = {change["kind"] for change in day["changes"]}
        if "flare_on" in kinds:
            before_flare = {e: dict(d) for e, d in last_done.items()}
        if "flare_off" in kinds:
            figures["flare returns"] += 1
            assert_below(catalogue, before_flare, day["loads"])
        checkin = day["checkin"]
        if not day["skipped"] and (checkin["morning"] or checkin["morning_pain"] is not None):
            pending.append((number + (2 if checkin["morning_late"] else 1), number))
        lines = len(day["said"]["morning"]) + len(day["said"]["checkin"])
        figures["most lines in a day"] = max(figures["most lines in a day"], lines)
        assert lines <= 3, (number, lines)
    baselines = [day["baseline"] for day in days]
    for start, b in enumerate(baselines):
        rise = max(baselines[start : start + 29]) - b
        figures["largest B rise in 28 days"] = max(figures["largest B rise in 28 days"], rise)
        assert rise <= 1, (start + 1, baselines)


def assert_below(catalogue: Catalogue, done: dict[str, Any], now: dict[str, Any]) -> None:
    """Every exercise back below the dose it last performed (or at its floor)."""
    for exercise_id in done.keys() & now.keys():
        variables = catalogue[exercise_id].variables
        was = {n: done[exercise_id][n] for n in variables if n in done[exercise_id]}
        after = {n: now[exercise_id][n] for n in was}
        assert all(after[n] <= was[n] for n in was), (exercise_id, was, after)
        at_floor = all(was[n] == variables[n].floor for n in was)
        assert at_floor or any(after[n] < was[n] for n in was), (exercise_id, was, after)


@pytest.mark.slow
def test_the_engine_keeps_its_promises_for_every_profile_over_eight_weeks() -> None:
    catalogue = load_catalogue()
    print()
    for profile in PROFILES:
        figures: Counter[str] = Counter()
        for seed in SEEDS:
            days = run(profile, seed)
            check(catalogue, days, figures)
            figures["days in flare"] += sum(day["flare"] for day in days)
            signals = {s for day in days for s in day["signals"]}
            figures.update(f"signal {signal}" for signal in signals)
        shown = ", ".join(f"{key}: {value}" for key, value in sorted(figures.items()))
        print(f"{profile} ({len(SEEDS)} seeds × {DAYS} days): {shown}")

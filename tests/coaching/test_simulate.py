"""Eight weeks of the real engine on made-up and scripted people."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.simulate import PROFILES, ScriptError, parse_script, replay, simulate

SEEDS = range(1, 21)
STEPS = ("progress", "stage_up")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@cache
def run(profile: str, seed: int) -> list[dict[str, Any]]:
    return list(simulate(load_catalogue(), 56, profile, seed))  # type: ignore[arg-type]


def progressions(day: dict[str, Any]) -> int:
    """Steps of exercises (the walk has its own rule)."""
    return sum(c["kind"] in STEPS and c["exercise"] != "walk" for c in day["changes"])


def test_the_steady_profile_progresses_and_the_flare_profile_recovers() -> None:
    steady = [d for d in run("steady", 1) if d["variant"] == "daily"]
    total = sum(progressions(d) for d in steady)
    assert total > 20
    flare = run("flare", 1)
    assert any(d["flare"] for d in flare[14:22])
    assert not flare[-1]["flare"]
    assert any(progressions(d) for d in flare[35:])


def test_daily_sessions_stay_between_7_and_12_minutes() -> None:
    for profile in PROFILES:
        for day in run(profile, 1):
            if day["variant"] == "daily":
                assert 7 <= day["minutes"] <= 12


ISSUE_EXAMPLE = {
    "usual_pain": 6,
    "transitions": ["out_of_bed"],
    "days": [
        {"pain": 6, "effort": 4, "feel": "right", "morning_pain": 6},
        {"skip": True},
        {"flare": True},
        {"pain": 2, "effort": 3, "feel": {"bird_dog": "too_easy"}, "morning": "worse"},
    ],
}


def test_a_scripted_person_replays_day_by_day(catalogue: Catalogue) -> None:
    days = list(replay(catalogue, parse_script(ISSUE_EXAMPLE, catalogue)))
    assert [d["variant"] for d in days] == ["daily", "daily", "flare", "flare"]
    assert days[0]["baseline"] == 6 and not days[0]["flare"]
    assert days[1]["skipped"]
    assert [c["kind"] for c in days[2]["changes"]] == ["flare_on"]
    for day in days:
        assert set(day) >= {"day", "variant", "minutes", "routine", "loads", "changes"}
        assert set(day) >= {"flare", "baseline"}
        for item in day["routine"]:
            assert item["exercise"] in day["loads"]


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ({**ISSUE_EXAMPLE, "transitions": ["out_of_bath"]}, "field 'transitions': unknown"),
        ({**ISSUE_EXAMPLE, "days": [{"pain": 11}]}, "day 1, field 'pain'"),
        ({**ISSUE_EXAMPLE, "days": [{}, {"feel": "meh"}]}, "day 2, field 'feel'"),
        ({**ISSUE_EXAMPLE, "days": [{"feel": {"nope": "right"}}]}, "unknown exercise 'nope'"),
        ({**ISSUE_EXAMPLE, "days": [{"morning": "awful"}]}, "day 1, field 'morning'"),
        ({**ISSUE_EXAMPLE, "days": [{"sleep": 8}]}, "day 1: unknown field(s) ['sleep']"),
        ({**ISSUE_EXAMPLE, "weekly_day": "funday"}, "field 'weekly_day'"),
        ({**ISSUE_EXAMPLE, "days": []}, "field 'days'"),
        ({**ISSUE_EXAMPLE, "days": [{}, {"morning_late": "yes"}]}, "day 2, field 'morning_late'"),
        ({**ISSUE_EXAMPLE, "days": [{"rerate": {"nope": 3}}]}, "day 1, field 'rerate'"),
        ({**ISSUE_EXAMPLE, "days": [{"rerate": {"into_car": 11}}]}, "field 'rerate.into_car'"),
        ({**ISSUE_EXAMPLE, "days": [{"walk": -5}]}, "day 1, field 'walk'"),
    ],
)
def test_a_malformed_script_names_the_day_and_the_field(
    catalogue: Catalogue, script: dict[str, Any], message: str
) -> None:
    with pytest.raises(ScriptError, match=re.escape(message)):
        parse_script(script, catalogue)


def test_the_command_line_replays_a_script_as_json(tmp_path: Path) -> None:
    script = tmp_path / "story.json"
    script.write_text(json.dumps(ISSUE_EXAMPLE))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "simulate", "--script", str(script), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    days = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["day"] for d in days] == [1, 2, 3, 4]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**ISSUE_EXAMPLE, "transitions": ["nope"]}))
    failed = subprocess.run(
        [sys.executable, "-m", "bot", "simulate", "--script", str(bad)],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 2 and "transitions" in failed.stderr


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_runs_from_the_command_line(profile: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "simulate", "--profile", profile, "--days", "7"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.count("\nday ") + result.stdout.startswith("day ") == 7


def test_a_scripted_late_answer_is_judged_against_its_own_session(catalogue: Catalogue) -> None:
    easy = {"pain": 1, "effort": 3, "feel": "too_easy"}
    script = {
        "usual_pain": 2,
        "days": [
            {**easy, "morning_pain": 2},
            {**easy, "morning_pain": 5, "morning_late": True},  # first does day 1's steps
            {**easy, "morning": "worse"},
            {**easy, "rerate": {"out_of_bed": 4}, "walk": 20},
        ],
        "transitions": ["out_of_bed"],
    }
    days = list(replay(catalogue, parse_script(script, catalogue)))
    planned = {
        (c["exercise"], c["variable"]) for c in days[0]["changes"] if c["kind"] == "progress"
    }
    assert {(d["exercise"], d["variable"]) for d in days[1]["performed_new"]} == planned
    undone = {(c["exercise"], c["variable"]) for c in days[2]["changes"] if c["kind"] == "regress"}
    assert planned <= undone, "day 2's late morning steps back what day 2 did first"
    assert all(isinstance(day["signals"], list) for day in days)
    assert all(set(day["said"]) == {"checkin", "morning"} for day in days)


def test_said_is_what_the_person_reads_that_day_three_lines_at_most() -> None:
    for profile in ("steady", "low", "late", "struggling"):
        for seed in range(1, 6):
            for day in run(profile, seed):
                lines = day["said"]["morning"] + day["said"]["checkin"]
                assert len(lines) <= 3, (profile, seed, day["day"], lines)


def test_a_morning_answer_is_said_on_the_morning_it_is_given(catalogue: Catalogue) -> None:
    easy = {"pain": 1, "effort": 3, "feel": "too_easy"}
    script = {
        "usual_pain": 2,
        "days": [{**easy, "morning_pain": 2}, {**easy, "morning": "worse"}, {"skip": True}],
        "transitions": ["out_of_bed"],
    }
    days = list(replay(catalogue, parse_script(script, catalogue)))
    assert days[0]["said"]["morning"] == [] and days[1]["said"]["morning"] == []
    assert days[2]["said"]["morning"], "day 2's worse morning is read on day 3"

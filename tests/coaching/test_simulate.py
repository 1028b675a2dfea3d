"""Eight weeks of the real engine on made-up people."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.coaching.simulate import simulate


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def total_load(day: dict) -> float:  # type: ignore[type-arg]
    return sum(sum(item["dose"].values()) for item in day["routine"])


@pytest.mark.parametrize("profile", ["steady", "flare", "plateau"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_invariants_hold_for_every_profile(catalogue: Catalogue, profile: str, seed: int) -> None:
    days = list(simulate(catalogue, 56, profile, seed))  # type: ignore[arg-type]
    assert [day["day"] for day in days] == list(range(1, 57))
    for day in days:
        if day["variant"] == "daily":
            assert 7 <= day["minutes"] <= 12
        variables: dict[str, set[str]] = {}
        for change in day["changes"]:
            variables.setdefault(change["exercise"], set()).add(change["variable"])
        assert all(len(v) == 1 for v in variables.values()), "never two variables at once"
        for change in day["changes"]:
            assert change["reason"]
            if (
                change["exercise"] in catalogue
                and change["variable"] in catalogue[change["exercise"]].variables
            ):
                variable = catalogue[change["exercise"]].variables[change["variable"]]
                assert variable.floor <= change["to"] <= variable.ceiling


def test_the_steady_profile_progresses(catalogue: Catalogue) -> None:
    days = [d for d in simulate(catalogue, 56, "steady", 1) if d["variant"] == "daily"]
    assert total_load(days[-1]) > total_load(days[0])


def test_the_flare_profile_regresses_then_recovers(catalogue: Catalogue) -> None:
    days = list(simulate(catalogue, 56, "flare", 1))
    variants = [day["variant"] for day in days]
    assert "flare" in variants[15:24]
    assert variants[-10:].count("flare") < 10, "back to regular sessions"
    during = [c for day in days[14:22] for c in day["changes"]]
    assert any("flare" in c["reason"].lower() for c in during)
    later = [c for day in days[30:] for c in day["changes"]]
    assert any(c["to"] != c["from"] and "+" in c["reason"] for c in later), "progress resumes"


def test_simulate_prints_one_json_object_per_day() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "simulate",
            "--days",
            "5",
            "--profile",
            "steady",
            "--seed",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["day"] for line in lines] == [1, 2, 3, 4, 5]
    assert set(lines[0]) >= {"day", "routine", "minutes", "checkin", "changes"}
    assert set(lines[0]["checkin"]) == {"pain", "effort", "next_morning"}

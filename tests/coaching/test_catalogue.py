"""The catalogue is data, checked at start-up with errors that say where to look."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.coaching.catalogue import TRANSITIONS, CatalogueError, default_data_dir, load_catalogue


def test_the_catalogue_covers_the_method() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.exercises) >= 30
    breathing = {e.id for e in catalogue.of("breathing", "daily")}
    assert {
        "breathing_supine",
        "breathing_side_lying",
        "breathing_quadruped",
        "breathing_tall_kneeling",
    } <= breathing
    for transition in TRANSITIONS:
        for stage in ("supported", "partly_loaded", "integrated"):
            assert catalogue.drill(transition, stage)
    assert all(exercise.source for exercise in catalogue.exercises.values())


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def test_adding_an_exercise_is_a_data_change_only(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with (data / "exercises.yaml").open("a") as file:
        file.write(
            "\n  - id: wall_slide\n    name: Wall slide\n    category: mobility\n"
            "    variants: [daily]\n    cues: [Slide your arms up the wall.]\n"
            "    variables:\n      reps: {unit: reps, start: 5, step: 1, floor: 3, ceiling: 10}\n"
            "    source: Example source 2024\n"
        )
    assert "wall_slide" in load_catalogue(data)


def test_a_bad_field_is_named_with_its_file_and_exercise(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (data / "exercises.yaml").read_text()
    text = text.replace(
        "hold_s: {unit: s, start: 10, step: 5, floor: 5, ceiling: 30}",
        "hold_s: {unit: s, start: 10, step: 0, floor: 5, ceiling: 30}",
    )
    (data / "exercises.yaml").write_text(text)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    message = str(error.value)
    assert "exercises.yaml" in message and "side_plank_knees" in message
    assert "variables.hold_s.step" in message


def test_a_missing_ladder_stage_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (
        (data / "exercises.yaml")
        .read_text()
        .replace("stage: integrated\n", "stage: supported\n", 1)
    )
    (data / "exercises.yaml").write_text(text)
    with pytest.raises(CatalogueError, match="no drill for ladder stage"):
        load_catalogue(data)

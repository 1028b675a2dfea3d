"""After "Too hard", the picture shows the easier version the text describes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.coaching.catalogue import STAGES, Catalogue, CatalogueError, load_catalogue
from bot.illustrations.pictures import (
    EASIER,
    easier_version,
    exercise_scene,
    picture_key,
    render_picture,
)
from tests.illustrations.test_poses import copy_data


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_a_ladder_step_that_points_lower_shows_the_lower_step(catalogue: Catalogue) -> None:
    shown, _, _ = easier_version(catalogue, "bed_roll_partly_loaded")
    assert shown == "bed_log_roll_supported"
    shown, _, _ = easier_version(catalogue, "car_real")
    assert shown == "car_sit_swivel_supported", "'Practise on a chair at home first.'"


def test_every_pointer_goes_down_its_own_ladder(catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises.values():
        if exercise.easier_shows is None or exercise.stage is None:
            continue
        lower = catalogue[exercise.easier_shows]
        assert set(lower.transitions) & set(exercise.transitions), exercise.id
        assert lower.stage is not None
        assert STAGES.index(lower.stage) < STAGES.index(exercise.stage), exercise.id


def test_otherwise_the_same_exercise_at_its_smallest_range(catalogue: Catalogue) -> None:
    shown, dose, _ = easier_version(catalogue, "open_book_rotation")
    assert shown == "open_book_rotation" and dose["range_level"] == 1
    assert dose["reps"] == catalogue["open_book_rotation"].variables["reps"].floor


def test_a_pointer_to_no_exercise_stops_the_start_up(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "exercises.yaml"
    path.write_text(
        path.read_text().replace("easier_shows: bed_log_roll_supported", "easier_shows: nap", 1)
    )
    with pytest.raises(CatalogueError, match=r"bed_roll_partly_loaded.*easier_shows.*'nap'"):
        load_catalogue(data)


def test_the_easier_bird_dog_keeps_both_hands_and_the_toes_down(catalogue: Catalogue) -> None:
    shown, dose, easier = easier_version(catalogue, "bird_dog")
    assert (shown, easier) == ("bird_dog", True)
    keys = exercise_scene(catalogue, shown, dose, easier).keys
    for key in keys:
        assert key.points["hand_n"][1] < 0.04 and key.points["hand_f"][1] < 0.04
    assert keys[-1].points["toe_f"][1] < 0.04, "the leg slides back, toes on the floor"
    reaching = exercise_scene(catalogue, "bird_dog").keys[-1]
    assert reaching.points["hand_n"][1] > 0.2, "the full version reaches an arm forward"


@pytest.mark.parametrize("exercise_id", ["bird_dog", "curl_up", "dead_bug", "supported_bridge"])
def test_an_exercise_with_its_own_easier_positions_has_a_picture_of_them(
    catalogue: Catalogue, exercise_id: str
) -> None:
    shown, dose, easier = easier_version(catalogue, exercise_id)
    assert easier and picture_key(catalogue, shown, dose, easier) == (exercise_id, EASIER)
    picture = render_picture(catalogue, shown, dose, easier)
    assert picture.filename.startswith(f"{exercise_id}-easier.")
    assert picture.data != render_picture(catalogue, exercise_id, dose).data

"""Every exercise has a picture, posed by joint angles: the data is checked at start-up, the
figure stands on the floor, and the picture follows the person's level and the exercise's tempo."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.coaching.catalogue import Catalogue, default_data_dir, load_catalogue
from bot.datafile import DataFileError
from bot.illustrations.figure import Pose, forward
from bot.illustrations.motion import RADII, SURFACES
from bot.illustrations.pictures import exercise_scene, picture_key, render_picture


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def test_every_exercise_has_two_to_four_key_positions(catalogue: Catalogue) -> None:
    assert set(catalogue.poses) == set(catalogue.exercises)
    assert all(2 <= len(entry.poses) <= 4 for entry in catalogue.poses.values())


def test_an_exercise_without_poses_stops_start_up_naming_the_file_and_the_exercise(
    tmp_path: Path,
) -> None:
    data = copy_data(tmp_path)
    text = (data / "poses.yaml").read_text()
    text = re.sub(r"\n  cat_camel:\n(    .*\n|      .*\n)+", "\n", text)
    (data / "poses.yaml").write_text(text)
    with pytest.raises(DataFileError, match=r"poses\.yaml.*cat_camel.*every exercise needs"):
        load_catalogue(data)


def test_a_wrong_angle_is_named_with_its_file_exercise_and_field(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (data / "poses.yaml").read_text()
    text = text.replace("label: round up, lean: 62,", "label: round up, lean: lots,", 1)
    (data / "poses.yaml").write_text(text)
    with pytest.raises(DataFileError) as error:
        load_catalogue(data)
    assert "poses.yaml" in str(error.value) and "cat_camel" in str(error.value)
    assert "poses.1.lean" in str(error.value)


def test_a_standing_figure_is_one_body_height_tall() -> None:
    points = forward(Pose(base="standing").angles()).points
    sole = min(points["heel_n"][1], points["toe_n"][1])
    top = points["head"][1] + 0.06
    assert top - sole == pytest.approx(1.0, abs=0.03)
    assert points["knee_n"][0] == pytest.approx(points["ankle_n"][0], abs=1e-9)  # straight legs


def _hump(points: dict[str, tuple[float, float, float]]) -> float:
    """How far the middle of the back bows away from the line pelvis to neck."""
    (x1, y1, _), (x2, y2, _), (x, y, _) = points["hip"], points["neck"], points["chest"]
    return abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / math.dist((x1, y1), (x2, y2))


def test_a_rounded_back_shows_as_a_curve_and_a_neutral_back_as_a_line(
    catalogue: Catalogue,
) -> None:
    neutral, rounded, _ = exercise_scene(catalogue, "cat_camel", {"range_level": 3}).keys
    assert _hump(neutral.points) < 0.01
    assert _hump(rounded.points) > 0.04


def test_every_frame_of_every_exercise_rests_on_its_surface(catalogue: Catalogue) -> None:
    """Nothing floats: in every frame the lowest part of the body is on the floor, a mat or the
    bed (seen from above, a part nearer the viewer may be drawn a little lower)."""
    for exercise_id in catalogue.exercises:
        for frame in exercise_scene(catalogue, exercise_id).frames:
            lowest = min(frame.points[name][1] - radius for name, radius in RADII.items())
            assert lowest <= max(SURFACES.values()) + 1e-6, exercise_id
            if frame.elevation < 7:  # the plain side view: exactly on a surface
                assert any(abs(lowest - height) < 0.02 for height in SURFACES.values()), exercise_id


def test_the_picture_shows_the_persons_range_level(catalogue: Catalogue) -> None:
    def head_rise(level: int) -> float:
        start, end, _ = exercise_scene(catalogue, "cat_camel", {"range_level": level}).keys
        return abs(end.points["head"][1] - start.points["head"][1])

    low, middle, whole = head_rise(1), head_rise(2), head_rise(3)
    assert 0 < low < middle < whole
    assert low / whole == pytest.approx(1 / 3, abs=0.1)
    assert picture_key(catalogue, "cat_camel", {"range_level": 1}) == ("cat_camel", 1)
    assert picture_key(catalogue, "cat_camel", {"range_level": 3}) == ("cat_camel", 3)
    small = render_picture(catalogue, "cat_camel", {"range_level": 1})
    assert small.data != render_picture(catalogue, "cat_camel", {"range_level": 3}).data


def test_the_loop_lowers_at_the_exercises_own_tempo(catalogue: Catalogue) -> None:
    for tempo in (2, 4):
        drawn = exercise_scene(catalogue, "hip_hinge", {"tempo_s": tempo})
        half = len(drawn.frames) // 2
        lowering = sum(drawn.durations_ms[:half]) - 350  # less the pause at the top
        assert lowering == pytest.approx(tempo * 1000, abs=10)


def test_an_animation_is_a_small_looping_gif_and_breathing_a_still(catalogue: Catalogue) -> None:
    moving = render_picture(catalogue, "supported_bridge")
    assert moving.kind == "animation" and moving.filename.endswith(".gif")
    image = Image.open(io.BytesIO(moving.data))
    assert image.format == "GIF" and image.size == (320, 240)
    assert 8 <= image.n_frames <= 12 and image.info.get("loop") == 0
    assert len(moving.data) < 80_000
    still = render_picture(catalogue, "breathing_supine")
    assert still.kind == "photo" and still.data.startswith(b"\x89PNG")


def test_the_illustration_modules_leave_matplotlib_unimported_until_drawing() -> None:
    code = (
        "import sys, bot.telegram.show, bot.illustrations.pictures, bot.illustrations.render;"
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr

"""Each picture shows what its cues say: checked on the drawn (projected) key positions, since
a bend that points straight at the camera is a bend nobody sees."""

from __future__ import annotations

import math

import pytest

from bot.coaching.catalogue import Catalogue, load_catalogue
from bot.illustrations.figure import HEAD_R
from bot.illustrations.motion import Placed
from bot.illustrations.pictures import exercise_scene, full_range

XY = tuple[float, float]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def keys(catalogue: Catalogue, exercise_id: str) -> list[Placed]:
    return exercise_scene(catalogue, exercise_id, full_range(catalogue[exercise_id])).keys


def xy(key: Placed, name: str) -> XY:
    x, y, _ = key.points[name]
    return (x, y)


def bend(key: Placed, first: str, joint: str, last: str) -> float:
    """The angle drawn at `joint`, degrees: 180 is a straight line on the picture."""
    (ax, ay), (bx, by), (cx, cy) = xy(key, first), xy(key, joint), xy(key, last)
    one, two = (ax - bx, ay - by), (cx - bx, cy - by)
    cosine = (one[0] * two[0] + one[1] * two[1]) / (math.hypot(*one) * math.hypot(*two))
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def distance_to_segment(point: XY, start: XY, end: XY) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    length = (bx - ax) ** 2 + (by - ay) ** 2
    t = max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length))
    return math.dist(point, (ax + t * (bx - ax), ay + t * (by - ay)))


def test_the_side_plank_on_knees_shows_bent_knees_and_a_bent_supporting_arm(
    catalogue: Catalogue,
) -> None:
    for key in keys(catalogue, "side_plank_knees"):
        for side in ("n", "f"):
            assert bend(key, f"hip_{side}", f"knee_{side}", f"ankle_{side}") < 140
        assert bend(key, "shoulder_f", "elbow_f", "wrist_f") < 140, "on the forearm"
    down, up = keys(catalogue, "side_plank_knees")
    assert xy(up, "hip")[1] - xy(down, "hip")[1] > 0.05, "the hips lift"


def test_the_open_book_lies_on_its_side_seen_from_the_front(catalogue: Catalogue) -> None:
    """Seen from high above, a person on their side looks face down; from the front their
    shoulders stack one above the other."""
    for key in keys(catalogue, "open_book_rotation"):
        assert xy(key, "shoulder_n")[1] - xy(key, "shoulder_f")[1] > 0.12
        assert key.facing == 0.0, "the chest faces the viewer"


def test_belly_breathing_rests_both_hands_on_the_body_and_the_belly_rises(
    catalogue: Catalogue,
) -> None:
    breathe_in, breathe_out = keys(catalogue, "breathing_supine")
    for key in (breathe_in, breathe_out):
        for hand, part in (("hand_n", "belly"), ("hand_f", "chest")):
            assert math.dist(xy(key, hand), xy(key, part)) < 0.09, (hand, "not in the air")
    assert xy(breathe_in, "belly")[1] - xy(breathe_out, "belly")[1] > 0.04
    for exercise_id in ("breathing_quadruped", "breathing_tall_kneeling"):
        first, second = keys(catalogue, exercise_id)
        assert math.dist(xy(first, "belly"), xy(second, "belly")) > 0.04, exercise_id


@pytest.mark.parametrize(
    "exercise_id", ["bed_log_roll_supported", "bed_roll_partly_loaded", "bed_morning_real"]
)
def test_getting_out_of_bed_keeps_the_legs_over_the_bed_not_off_its_foot(
    catalogue: Catalogue, exercise_id: str
) -> None:
    scene = exercise_scene(catalogue, exercise_id)
    (bed,) = [prop for prop in scene.standing if prop.prop.kind == "bed"]
    half = 0.6 * bed.prop.size
    for key in scene.keys:
        for name in ("ankle_n", "ankle_f", "toe_n", "toe_f", "head"):
            assert bed.x - half < xy(key, name)[0] < bed.x + half, (name, key)


def test_the_broomstick_hinge_keeps_the_face_clear_of_the_near_arm(
    catalogue: Catalogue,
) -> None:
    for key in keys(catalogue, "hip_hinge"):
        head = xy(key, "head")
        for start, end in (
            ("shoulder_n", "elbow_n"),
            ("elbow_n", "wrist_n"),
            ("wrist_n", "hand_n"),
        ):
            assert distance_to_segment(head, xy(key, start), xy(key, end)) > HEAD_R

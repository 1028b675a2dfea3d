"""From key positions to a placed, timed loop of frames: scaling by level, easing, placing on the
floor, and the props that stand where a key position puts them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from bot.coaching.catalogue import Exercise
from bot.illustrations.figure import Pose, elevation, forward, project
from bot.illustrations.poses import Illustration, Prop

Point = tuple[float, float, float]  # picture x, picture y, depth
SURFACES = {"floor": 0.0, "mat": 0.012, "bed": 0.235, "step": 0.12}
# How far the body's surface lies below a joint, so the back (not the spine) meets the floor.
RADII = {
    "head": 0.06,
    "hip": 0.055,
    "sacrum": 0.05,
    "chest": 0.055,
    "neck": 0.045,
    "shoulder_n": 0.04,
    "shoulder_f": 0.04,
    "elbow_n": 0.025,
    "elbow_f": 0.025,
    "knee_n": 0.03,
    "knee_f": 0.03,
    "hand_n": 0.01,
    "hand_f": 0.01,
    "wrist_n": 0.015,
    "wrist_f": 0.015,
    "heel_n": 0.0,
    "heel_f": 0.0,
    "toe_n": 0.0,
    "toe_f": 0.0,
}
FRAMES_PER_HALF = 6
PAUSE_MS = 350
MAX_LOOP_S = 8.0


@dataclass(frozen=True)
class Placed:
    """One frame: every joint in picture coordinates, and which way the person faces."""

    points: dict[str, Point]
    facing: float  # +1 right, -1 left, about 0 towards the viewer
    elevation: float = 0.0  # the camera's, degrees above the floor

    def landmark(self, name: str) -> tuple[float, float]:
        pairs = {"hands": "grip", "feet": "ankle", "knees": "knee", "shoulders": "shoulder"}
        if name in pairs:
            first, second = self._single(f"{pairs[name]}_n"), self._single(f"{pairs[name]}_f")
            return ((first[0] + second[0]) / 2, (first[1] + second[1]) / 2)
        return self._single(name)

    def _single(self, name: str) -> tuple[float, float]:
        name = {"back": "sacrum", "hand_n": "grip_n", "hand_f": "grip_f"}.get(name, name)
        if name.startswith("grip_"):
            side = name[-1]
            wrist, hand = self.points[f"wrist_{side}"], self.points[f"hand_{side}"]
            return ((wrist[0] + hand[0]) / 2, (wrist[1] + hand[1]) / 2)
        point = self.points[name]
        return (point[0], point[1])


@dataclass(frozen=True)
class StandingProp:
    """A prop fixed in the picture: its top centre, the way the person faced when it was placed
    (a chair's backrest goes behind them), and the camera's height then."""

    prop: Prop
    x: float
    y: float
    facing: float
    elevation: float


@dataclass(frozen=True)
class Scene:
    frames: list[Placed]
    durations_ms: list[int]
    keys: list[Placed]
    labels: list[str]
    standing: list[StandingProp]
    held: list[Prop]


def amplitude(exercise: Exercise, dose: Mapping[str, float] | None) -> float:
    """Share of the full movement to show: the person's range level over its ceiling."""
    for name, variable in exercise.variables.items():
        if variable.unit == "level":
            level = (dose or {}).get(name, variable.start)
            return max(0.0, min(1.0, level / variable.ceiling))
    return 1.0


def level_of(exercise: Exercise, dose: Mapping[str, float] | None) -> int:
    """What makes this person's picture differ from another's: range level, else tempo."""
    for name, variable in exercise.variables.items():
        if variable.unit == "level" or name == "tempo_s":
            return round((dose or {}).get(name, variable.start))
    return 0


def scene(
    illustration: Illustration, exercise: Exercise, dose: Mapping[str, float] | None = None
) -> Scene:
    share, camera = amplitude(exercise, dose), illustration.camera
    start = illustration.poses[0].angles()
    keys = [start] + [
        {name: start[name] + (value - start[name]) * share for name, value in pose.angles().items()}
        for pose in illustration.poses[1:]
    ]
    poses = illustration.poses
    placed_keys = [_place(keys[0], poses[0], None, poses[0], 1.0, camera)]
    for index in range(1, len(keys)):
        previous = placed_keys[-1]
        placed_keys.append(
            _place(keys[index], poses[index], previous, poses[index - 1], 1.0, camera)
        )
    forward_frames: list[Placed] = []
    per_segment = max(2, round(FRAMES_PER_HALF / (len(keys) - 1)))
    for index in range(1, len(keys)):
        for step in range(per_segment):
            t = (1 - math.cos(math.pi * step / per_segment)) / 2
            angles = {
                name: keys[index - 1][name] + (keys[index][name] - keys[index - 1][name]) * t
                for name in keys[index]
            }
            forward_frames.append(
                _place(angles, poses[index], placed_keys[index - 1], poses[index - 1], t, camera)
            )
    backward_frames = [placed_keys[-1], *reversed(forward_frames[1:])]
    frames = forward_frames + backward_frames
    durations = _durations(exercise, dose, len(forward_frames), len(backward_frames))
    standing = [
        StandingProp(prop, *_prop_point(prop, placed_keys[prop.pose]))
        for prop in illustration.prop_specs()
        if not prop.hold
    ]
    held = [prop for prop in illustration.prop_specs() if prop.hold]
    labels = [pose.label for pose in poses]
    return Scene(frames, durations, placed_keys, labels, standing, held)


def _prop_point(prop: Prop, key: Placed) -> tuple[float, float, float, float]:
    x, y = key.landmark(prop.at)
    return (x + prop.dx * (key.facing or 1.0), y + prop.dy, key.facing, key.elevation)


def _place(
    angles: dict[str, float],
    pose: Pose,
    previous: Placed | None,
    previous_pose: Pose,
    t: float,
    camera: float,
) -> Placed:
    """Project a posture and set it down: the lowest part of the body on the surface, and the
    part that stays put during this movement (the anchor) where it was in the last key position."""
    skeleton = forward(angles)
    height = camera or elevation(angles["turn"])
    # Set down in the room, before the camera: a hand on the floor nearer the viewer is drawn
    # a little lower than the back resting on the same floor, as seen from above.
    lowest = min(skeleton.points[name][1] - radius for name, radius in RADII.items())
    surface = SURFACES[previous_pose.surface] * (1 - t) + SURFACES[pose.surface] * t
    points = {
        name: project((x, y + surface - lowest, z), height)
        for name, (x, y, z) in skeleton.points.items()
    }
    dx = 0.0
    if previous is not None:
        anchor = pose.anchor_name()
        at_origin = Placed(points, 0.0).landmark(anchor)
        target = previous.landmark(anchor)
        dx = target[0] - at_origin[0] + (pose.shift - previous_pose.shift) * t
    placed = {name: (x + dx, y, depth) for name, (x, y, depth) in points.items()}
    front = skeleton.frames["pelvis"][0]
    facing = front[0] if abs(front[0]) > 0.3 else 0.0
    return Placed(placed, math.copysign(1.0, facing) if facing else 0.0, height)


def _durations(
    exercise: Exercise, dose: Mapping[str, float] | None, forward_count: int, back_count: int
) -> list[int]:
    """The exercise's own tempo: its lowering time where it has one, else half a repetition
    each way; a pause at the start and a hold at the far end."""
    rep = min(max(exercise.seconds_per_rep, 2.0), MAX_LOOP_S)
    values = dict(dose or {})
    tempo = exercise.variables.get("tempo_s")
    down = values.get("tempo_s", tempo.start) if tempo is not None else rep / 2
    up = 1.2 if tempo is not None else rep / 2
    hold = exercise.variables.get("hold_s")
    hold_ms = min(values.get("hold_s", hold.start), 2.0) * 1000 if hold is not None else PAUSE_MS
    durations = [round(down * 1000 / forward_count)] * forward_count
    durations += [round(up * 1000 / back_count)] * back_count
    durations[0] += PAUSE_MS
    durations[forward_count] += round(hold_ms)
    return durations

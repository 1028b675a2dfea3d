"""The figure model: a pose as joint angles, and forward kinematics from them to points.

Lengths are fractions of body height. The body has a pelvis, a lumbar and a thoracic segment (so a
rounded back looks rounded), a neck and head, two arms and two legs. Angles are in degrees and
relative to the parent segment, as a physiotherapist would name them; the whole body's
orientation is `lean` (tipping in the picture plane: +90 face down with the head to the right,
-90 face up with the head to the left) after `turn` (about the vertical: 90 faces the viewer).
A small amount of 3D lets side-lying, rolling and swivelling read correctly; the camera looks
from slightly above, more so when the person lies turned towards it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Vec = tuple[float, float, float]
Pair = tuple[float, float]  # (near limb, far limb) as seen in the plain side view
Base = Literal["lying", "prone", "side_lying", "hands_knees", "kneeling", "sitting", "standing"]

FOOT_UP = 0.04  # ankle above the sole
SHANK, THIGH = 0.245, 0.245
PELVIS, LUMBAR, THORAX, NECK = 0.07, 0.10, 0.15, 0.05
HEAD_R = 0.06
UPPER_ARM, FOREARM, HAND = 0.17, 0.15, 0.06
HEEL, TOES = 0.03, 0.11
HIP_HALF, SHOULDER_HALF = 0.05, 0.09
BACK_DEPTH = 0.05  # from the spine line to the back surface, for the broomstick and the floor
BELLY_RISE = 0.06  # how far a full breath in lifts the front of the belly

# Per base: (lean, turn) of the pelvis, and which body part stays put while moving into the pose.
BASES: dict[str, tuple[float, float, str]] = {
    "lying": (-90.0, 0.0, "feet"),
    "prone": (90.0, 0.0, "hip"),
    "side_lying": (90.0, 90.0, "hip"),
    "hands_knees": (80.0, 0.0, "knees"),
    "kneeling": (0.0, 0.0, "knees"),
    "sitting": (0.0, 0.0, "hip"),
    "standing": (0.0, 0.0, "feet"),
}
Anchor = Literal["feet", "knees", "hip", "hands", "head", "shoulders"]


def _pair(value: float | list[float]) -> Pair:
    if isinstance(value, list):
        if len(value) != 2:
            raise ValueError("give one angle, or two: [near, far]")
        return (float(value[0]), float(value[1]))
    return (float(value), float(value))


class Pose(BaseModel):
    """One key position. Limb angles take one number for both sides or [near, far]."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base: Base
    label: str = ""
    lean: float | None = None
    turn: float | None = None
    spine: tuple[float, float] = (0.0, 0.0)  # lumbar, thoracic flexion (+ rounds forward)
    twist: float = 0.0  # thoracic rotation
    neck: float = 0.0  # + nods forward
    hip: float | list[float] = 0.0  # flexion: + brings the thigh forward
    hip_out: float | list[float] = 0.0  # abduction / opening like a book
    knee: float | list[float] = 0.0  # flexion
    ankle: float | list[float] = 0.0  # + points the toes (plantar flexion)
    shoulder: float | list[float] = 0.0  # flexion: 90 reaches forward, 180 overhead
    shoulder_out: float | list[float] = 0.0  # abduction, out to the side
    arm_turn: float | list[float] = 0.0  # swings a raised arm round the body's long axis
    elbow: float | list[float] = 0.0  # flexion
    wrist: float | list[float] = 0.0  # 90: palm flat on the floor, fingers forward
    anchor: Anchor | None = None
    surface: Literal["floor", "mat", "bed", "step"] = "floor"
    shift: float = Field(default=0.0, ge=-1.0, le=1.0)  # horizontal, for moving along a bed
    belly: float = Field(default=0.0, ge=0.0, le=1.0)  # 1: the belly risen with a breath in

    def angles(self) -> dict[str, float]:
        """Every angle as a flat name -> degrees map, for interpolation."""
        lean, turn, _ = BASES[self.base]
        flat = {
            "lean": lean if self.lean is None else self.lean,
            "turn": turn if self.turn is None else self.turn,
            "lumbar": self.spine[0],
            "thoracic": self.spine[1],
            "twist": self.twist,
            "neck": self.neck,
            "shift": self.shift,
            "belly": self.belly,
        }
        for name in (
            "hip",
            "hip_out",
            "knee",
            "ankle",
            "shoulder",
            "shoulder_out",
            "arm_turn",
            "elbow",
            "wrist",
        ):
            near, far = _pair(getattr(self, name))
            flat[f"{name}_n"], flat[f"{name}_f"] = near, far
        return flat

    def anchor_name(self) -> str:
        return self.anchor or BASES[self.base][2]


# --- 3D frames: (anterior, up along the segment, the near side), all unit vectors -------------
Frame = tuple[Vec, Vec, Vec]


def _add(a: Vec, b: Vec, scale: float = 1.0) -> Vec:
    return (a[0] + b[0] * scale, a[1] + b[1] * scale, a[2] + b[2] * scale)


def _mix(a: Vec, b: Vec, ca: float, cb: float) -> Vec:
    return (a[0] * ca + b[0] * cb, a[1] * ca + b[1] * cb, a[2] * ca + b[2] * cb)


def _flex(frame: Frame, degrees: float) -> Frame:
    """Tip the segment's up axis towards its front (about the side axis)."""
    a, u, n = frame
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (_mix(a, u, c, -s), _mix(u, a, c, s), n)


def _side(frame: Frame, degrees: float) -> Frame:
    """Tip the segment's up axis away from the near side (about the front axis)."""
    a, u, n = frame
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (a, _mix(u, n, c, -s), _mix(n, u, c, s))


def _twist(frame: Frame, degrees: float) -> Frame:
    """Turn the segment about its own long axis (front towards the near side)."""
    a, u, n = frame
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (_mix(a, n, c, s), u, _mix(n, a, c, -s))


def root_frame(lean: float, turn: float) -> Frame:
    """The pelvis: turned about the vertical, then tipped in the picture plane."""
    t, lean_r = math.radians(turn), math.radians(lean)
    a: Vec = (math.cos(t), 0.0, math.sin(t))
    n: Vec = (-math.sin(t), 0.0, math.cos(t))
    u: Vec = (0.0, 1.0, 0.0)

    def tip(v: Vec) -> Vec:  # rotate about the viewing axis; +lean moves up towards +x
        c, s = math.cos(lean_r), math.sin(lean_r)
        return (v[0] * c + v[1] * s, -v[0] * s + v[1] * c, v[2])

    return (tip(a), tip(u), tip(n))


@dataclass(frozen=True)
class Skeleton:
    """Joint positions in 3D (x right, y up, z towards the viewer), before placing on the floor."""

    points: dict[str, Vec]
    frames: dict[str, Frame]


def forward(angles: dict[str, float]) -> Skeleton:
    """Forward kinematics from the pelvis (between the hip joints) out to the hands and feet."""
    pelvis = root_frame(angles["lean"], angles["turn"])
    points: dict[str, Vec] = {"hip": (0.0, 0.0, 0.0)}
    frames: dict[str, Frame] = {"pelvis": pelvis}
    sacrum = _add(points["hip"], pelvis[1], PELVIS)
    lumbar = _flex(pelvis, angles["lumbar"])
    chest_base = _add(sacrum, lumbar[1], LUMBAR)
    thorax = _twist(_flex(lumbar, angles["thoracic"]), angles["twist"])
    neck_base = _add(chest_base, thorax[1], THORAX)
    head = _flex(thorax, angles["neck"])
    head_centre = _add(neck_base, head[1], NECK + HEAD_R)
    points.update(sacrum=sacrum, chest=chest_base, neck=neck_base, head=head_centre)
    # The belly: halfway up the lumbar segment, pushed forwards as a breath in fills it.
    waist = _add(sacrum, lumbar[1], LUMBAR * 0.5)
    points["waist"] = waist
    points["belly"] = _add(waist, lumbar[0], BELLY_RISE * angles.get("belly", 0.0))
    points["nose"] = _add(head_centre, head[0], HEAD_R)
    frames.update(lumbar=lumbar, thorax=thorax, head=head)
    for side, sign in (("n", 1.0), ("f", -1.0)):
        hip = _add(points["hip"], pelvis[2], HIP_HALF * sign)
        thigh = _flex(_side(pelvis, angles[f"hip_out_{side}"] * sign), -angles[f"hip_{side}"])
        knee = _add(hip, thigh[1], -THIGH)
        shank = _flex(thigh, angles[f"knee_{side}"])
        ankle = _add(knee, shank[1], -SHANK)
        foot = _flex(shank, angles[f"ankle_{side}"])
        points[f"hip_{side}"], points[f"knee_{side}"], points[f"ankle_{side}"] = hip, knee, ankle
        points[f"heel_{side}"] = _add(_add(ankle, foot[0], -HEEL), foot[1], -FOOT_UP)
        points[f"toe_{side}"] = _add(_add(ankle, foot[0], TOES), foot[1], -FOOT_UP * 0.6)
        shoulder = _add(_add(neck_base, thorax[1], -0.025), thorax[2], SHOULDER_HALF * sign)
        swung = _twist(thorax, angles[f"arm_turn_{side}"] * sign)
        arm = _flex(
            _side(swung, angles[f"shoulder_out_{side}"] * sign), -angles[f"shoulder_{side}"]
        )
        elbow = _add(shoulder, arm[1], -UPPER_ARM)
        forearm = _flex(arm, -angles[f"elbow_{side}"])
        wrist = _add(elbow, forearm[1], -FOREARM)
        points[f"shoulder_{side}"], points[f"elbow_{side}"] = shoulder, elbow
        points[f"wrist_{side}"] = wrist
        hand = _flex(forearm, -angles[f"wrist_{side}"])
        points[f"hand_{side}"] = _add(wrist, hand[1], -HAND)
        frames[f"thigh_{side}"], frames[f"forearm_{side}"] = thigh, forearm
    return Skeleton(points, frames)


def elevation(turn: float) -> float:
    """Camera height above the horizontal, degrees: more when the person faces the viewer, so
    side-lying knees and a swivel on a seat read as depth."""
    return 6.0 + 26.0 * abs(math.sin(math.radians(turn)))


def project(point: Vec, elevation_deg: float) -> tuple[float, float, float]:
    """Picture x, picture y, and depth (bigger is nearer the viewer)."""
    e = math.radians(elevation_deg)
    x, y, z = point
    return (x, y * math.cos(e) - z * math.sin(e), z * math.cos(e) + y * math.sin(e))

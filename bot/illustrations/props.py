"""Props as simple shapes in picture units (body height 1): a floor mat, a pillow, a chair, a
stool, a low step, a box, a bed, a table, a broomstick along the back, a bag in the hand.

Shapes only, no drawing library: the renderer turns them into lines and filled outlines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from bot.illustrations.motion import Placed, StandingProp
from bot.illustrations.poses import Prop

XY = tuple[float, float]
# Where a prop's top sits below the landmark it is placed at (a seat is under the hip joint).
BELOW = {"hip": 0.055, "head": 0.06, "back": 0.05, "knees": 0.03, "knee_n": 0.03, "knee_f": 0.03}
BELOW_DEFAULT = 0.015


@dataclass(frozen=True)
class Shape:
    kind: Literal["polygon", "line"]
    points: list[XY]
    width: float = 0.0  # lines: thickness in picture units
    fill: str = "prop"  # prop | mat | soft | wood


def _rect(left: float, bottom: float, right: float, top: float, fill: str = "prop") -> Shape:
    return Shape("polygon", [(left, bottom), (right, bottom), (right, top), (left, top)], 0, fill)


def standing_shapes(item: StandingProp) -> list[Shape]:
    prop, facing = item.prop, item.facing
    x = item.x
    top = item.y - BELOW.get(prop.at, BELOW_DEFAULT)
    s = prop.size
    if prop.kind == "mat":  # a floor mat, in perspective: deeper the higher the camera
        depth = max(0.22 * s * math.sin(math.radians(item.elevation)), 0.006)
        return [_rect(x - 0.55 * s, -depth, x + 0.55 * s, depth + 0.012, "mat")]
    if prop.kind == "pillow":
        return [_pillow(x, max(top, 0.045 * s), 0.17 * s, 0.045 * s)]
    if prop.kind in ("chair", "stool"):
        return _seat(x, top, facing, s, backrest=prop.kind == "chair")
    if prop.kind == "step":
        return [_rect(x - 0.13 * s, 0.0, x + 0.13 * s, top, "wood")]
    if prop.kind == "box":
        return _box(x, top, 0.13 * s)
    if prop.kind == "bed":
        return [
            _rect(x - 0.6 * s, top - 0.07, x + 0.6 * s, top, "soft"),
            _rect(x - 0.6 * s, 0.08, x + 0.6 * s, top - 0.07, "wood"),
            _rect(x - 0.58 * s, 0.0, x - 0.54 * s, 0.08, "wood"),
            _rect(x + 0.54 * s, 0.0, x + 0.58 * s, 0.08, "wood"),
        ]
    if prop.kind == "table":
        direction = facing or 1.0
        near, far = x - 0.06 * direction, x + 0.34 * direction
        left, right = min(near, far), max(near, far)
        return [
            _rect(left, top - 0.025, right, top, "wood"),
            _rect(left + 0.02, 0.0, left + 0.045, top - 0.025, "wood"),
            _rect(right - 0.045, 0.0, right - 0.02, top - 0.025, "wood"),
        ]
    return []


def held_shapes(prop: Prop, frame: Placed) -> list[Shape]:
    """A prop that moves with the body in this frame."""
    s = prop.size
    if prop.kind == "broomstick":
        return [_stick(frame)]
    x, y = frame.landmark(prop.at)
    if prop.kind == "box":
        side = 0.13 * s
        return _box(x, y + side * 0.35, side)
    if prop.kind == "bag":
        width, height = 0.12 * s, 0.13 * s
        return [
            Shape("line", [(x - 0.025, y - 0.01), (x, y + 0.01), (x + 0.025, y - 0.01)], 0.008),
            _rect(x - width / 2, y - 0.03 - height, x + width / 2, y - 0.03, "soft"),
        ]
    return []


def _pillow(x: float, top: float, width: float, height: float) -> Shape:
    points = [
        (x + width / 2 * math.cos(angle), top - height / 2 + height / 2 * math.sin(angle))
        for angle in (math.tau * step / 20 for step in range(20))
    ]
    return Shape("polygon", points, 0, "soft")


def _seat(x: float, top: float, facing: float, size: float, backrest: bool) -> list[Shape]:
    direction = facing or 1.0
    front, back = x + 0.09 * direction * size, x - 0.13 * direction * size
    if facing == 0:
        front, back = x + 0.13 * size, x - 0.13 * size
    left, right = min(front, back), max(front, back)
    shapes = [
        _rect(left, top - 0.03, right, top, "wood"),
        _rect(left + 0.01, 0.0, left + 0.035, top - 0.03, "wood"),
        _rect(right - 0.035, 0.0, right - 0.01, top - 0.03, "wood"),
    ]
    if backrest and facing != 0:
        shapes.append(_rect(back - 0.012 * direction, top, back + 0.013 * direction, top + 0.26))
    elif backrest:
        shapes.insert(0, _rect(left + 0.02, top, right - 0.02, top + 0.24))
    return shapes


def _box(x: float, top: float, side: float) -> list[Shape]:
    return [
        _rect(x - side / 2, top - side, x + side / 2, top, "wood"),
        Shape("line", [(x - side / 2, top - side * 0.3), (x + side / 2, top - side * 0.3)], 0.006),
    ]


def _stick(frame: Placed) -> Shape:
    """A broomstick resting on the back: tailbone, between the shoulder blades, back of the head."""
    hip, neck = frame.landmark("hip"), frame.landmark("neck")
    head, nose = frame.landmark("head"), frame.landmark("nose")
    length = math.dist(hip, neck) or 1.0
    ux, uy = (neck[0] - hip[0]) / length, (neck[1] - hip[1]) / length
    nx, ny = -uy, ux
    if nx * (nose[0] - head[0]) + ny * (nose[1] - head[1]) > 0:
        nx, ny = -nx, -ny
    offset = 0.07
    start = (hip[0] + nx * offset - ux * 0.12, hip[1] + ny * offset - uy * 0.12)
    end = (neck[0] + nx * offset + ux * 0.22, neck[1] + ny * offset + uy * 0.22)
    return Shape("line", [start, end], 0.018, "wood")

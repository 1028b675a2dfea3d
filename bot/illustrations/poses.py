"""data/poses.yaml: every exercise's key positions and props, checked at start-up.

An exercise's picture is data like the rest of it: 2–4 key positions as joint angles (start, end,
and where it helps the middle) plus the props it needs. A missing or wrong entry stops the bot
at start-up with an error naming the file, the exercise and the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.datafile import DataFileError, describe, read_yaml
from bot.illustrations.figure import Pose

PropKind = Literal[
    "mat", "pillow", "chair", "stool", "step", "box", "bed", "table", "broomstick", "bag"
]
Landmark = Literal[
    "hip",
    "head",
    "hands",
    "hand_n",
    "hand_f",
    "feet",
    "ankle_n",
    "ankle_f",
    "knees",
    "knee_n",
    "knee_f",
    "shoulders",
    "back",
]


class Prop(BaseModel):
    """A prop either stands where a body landmark is in one key position (`pose`), or, with
    `hold`, moves with that landmark in every frame (a box in the hands, a stick on the back)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: PropKind
    at: Landmark = "hip"
    pose: int = Field(default=0, ge=0, le=3)
    hold: bool = False
    dx: float = Field(default=0.0, ge=-1.0, le=1.0)
    dy: float = Field(default=0.0, ge=-1.0, le=1.0)
    size: float = Field(default=1.0, gt=0.2, le=3.0)


class Illustration(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    poses: list[Pose] = Field(min_length=2, max_length=4)
    # The easier version's key positions, where a smaller dose of `poses` would not show it
    # ("slide only the leg back, toes on the floor"): the picture after "Too hard".
    easier: list[Pose] | None = Field(default=None, min_length=2, max_length=4)
    props: list[Prop | PropKind] = Field(default_factory=list)
    still: bool = False  # the step card shows a still: movement too small for an animation
    camera: float = Field(default=0.0, ge=0.0, le=60.0)  # degrees from above, 0: by the pose

    def prop_specs(self) -> list[Prop]:
        return [item if isinstance(item, Prop) else Prop(kind=item) for item in self.props]

    def easier_version(self) -> Illustration:
        """The same picture posed by `easier`; itself where there is none."""
        if self.easier is None:
            return self
        return self.model_copy(update={"poses": self.easier, "easier": None})


class PosesError(DataFileError):
    """poses.yaml is wrong or incomplete; the message names the file, exercise and field."""


def load_poses(path: Path, exercise_ids: Iterable[str]) -> dict[str, Illustration]:
    """Every exercise's illustration; refuses a file that leaves any exercise out."""
    document = read_yaml(path, PosesError)
    if not isinstance(document, dict) or not isinstance(document.get("poses"), dict):
        raise PosesError(f"{path}: expected a top-level 'poses:' mapping of exercise ids")
    wanted = list(exercise_ids)
    entries: dict[str, Illustration] = {}
    for exercise_id, entry in document["poses"].items():
        try:
            illustration = Illustration.model_validate(entry)
        except ValidationError as error:
            raise PosesError(f"{path}: exercise '{exercise_id}': {describe(error)}") from error
        shortest = min(len(illustration.poses), len(illustration.easier or illustration.poses))
        for prop in illustration.prop_specs():
            if prop.pose >= shortest:
                raise PosesError(
                    f"{path}: exercise '{exercise_id}': field 'props': {prop.kind} refers to "
                    f"key position {prop.pose}, but there are {shortest}"
                )
        entries[str(exercise_id)] = illustration
    missing = [exercise_id for exercise_id in wanted if exercise_id not in entries]
    if missing:
        raise PosesError(f"{path}: no poses for exercise(s) {missing}: every exercise needs 2–4")
    unknown = sorted(set(entries) - set(wanted))
    if unknown:
        raise PosesError(f"{path}: poses for unknown exercise(s) {unknown}")
    return entries

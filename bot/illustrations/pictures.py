"""What the rest of the bot asks for: one exercise's picture at a person's level, a contact sheet
of the whole catalogue, every animation written to a folder. Rendering is CPU work of a few
hundred milliseconds: callers in the event loop run it in a worker thread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.coaching.catalogue import Catalogue, Exercise
from bot.illustrations.motion import Scene, level_of, scene

PictureKey = tuple[str, int]  # (exercise id, level): what makes two people's pictures differ


@dataclass(frozen=True)
class Picture:
    key: PictureKey
    kind: Literal["animation", "photo"]
    data: bytes
    filename: str


def picture_key(catalogue: Catalogue, exercise_id: str, dose: Mapping[str, float]) -> PictureKey:
    return (exercise_id, level_of(catalogue[exercise_id], dose))


def exercise_scene(
    catalogue: Catalogue, exercise_id: str, dose: Mapping[str, float] | None = None
) -> Scene:
    return scene(catalogue.poses[exercise_id], catalogue[exercise_id], dose)


def render_picture(
    catalogue: Catalogue, exercise_id: str, dose: Mapping[str, float] | None = None
) -> Picture:
    """The animation, or the still where the exercise asks for one (breathing)."""
    from bot.illustrations.render import animation_gif, key_strip_png

    dose = dose or {}
    key = picture_key(catalogue, exercise_id, dose)
    drawn = exercise_scene(catalogue, exercise_id, dose)
    if catalogue.poses[exercise_id].still:
        data = key_strip_png(drawn, panel=(240, 180))
        return Picture(key, "photo", data, f"{exercise_id}-{key[1]}.png")
    return Picture(key, "animation", animation_gif(drawn), f"{exercise_id}-{key[1]}.gif")


def full_range(exercise: Exercise) -> dict[str, float]:
    """The dose that shows the whole movement (each range at its ceiling), for review."""
    return {
        name: variable.ceiling
        for name, variable in exercise.variables.items()
        if variable.unit == "level"
    }


def easier_version(catalogue: Catalogue, exercise_id: str) -> tuple[str, dict[str, float]]:
    """What "Show me" pictures after "Too hard": the exercise its `easier` points to (a ladder's
    lower step), else this one at its smallest dose (the smallest range, the slowest tempo)."""
    exercise = catalogue[catalogue[exercise_id].easier_shows or exercise_id]
    return exercise.id, {name: variable.floor for name, variable in exercise.variables.items()}


def contact_sheet(catalogue: Catalogue) -> bytes:
    """Every exercise's key positions, full range, with its name."""
    from bot.illustrations.render import contact_sheet_png

    return contact_sheet_png(
        (exercise.name, exercise_scene(catalogue, exercise.id, full_range(exercise)))
        for exercise in catalogue.exercises.values()
    )


def write_animations(catalogue: Catalogue, folder: Path) -> list[Path]:
    """Every exercise's animation at each of its levels (one file where it has none)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for exercise in catalogue.exercises.values():
        for dose in level_doses(exercise):
            picture = render_picture(catalogue, exercise.id, dose)
            path = folder / picture.filename
            path.write_bytes(picture.data)
            written.append(path)
    return written


def level_doses(exercise: Exercise) -> list[dict[str, float]]:
    """One dose per picture the exercise can have: each range level, else each tempo."""
    for name, variable in exercise.variables.items():
        if variable.unit == "level" or name == "tempo_s":
            count = int((variable.ceiling - variable.floor) / variable.step) + 1
            return [{name: variable.floor + step * variable.step} for step in range(count)]
    return [{}]

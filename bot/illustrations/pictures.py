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
EASIER = -1  # the level in a picture key for an exercise's own easier key positions


@dataclass(frozen=True)
class Picture:
    key: PictureKey
    kind: Literal["animation", "photo"]
    data: bytes
    filename: str


def picture_key(
    catalogue: Catalogue, exercise_id: str, dose: Mapping[str, float], easier: bool = False
) -> PictureKey:
    if easier:
        return (exercise_id, EASIER)
    return (exercise_id, level_of(catalogue[exercise_id], dose))


def exercise_scene(
    catalogue: Catalogue,
    exercise_id: str,
    dose: Mapping[str, float] | None = None,
    easier: bool = False,
) -> Scene:
    """`easier`: posed by the exercise's own easier key positions, where it has them."""
    illustration = catalogue.poses[exercise_id]
    if easier:
        illustration = illustration.easier_version()
    return scene(illustration, catalogue[exercise_id], dose)


def render_picture(
    catalogue: Catalogue,
    exercise_id: str,
    dose: Mapping[str, float] | None = None,
    easier: bool = False,
) -> Picture:
    """The animation, or the still where the exercise asks for one (breathing)."""
    from bot.illustrations.render import animation_gif, key_strip_png

    dose = dose or {}
    key = picture_key(catalogue, exercise_id, dose, easier)
    drawn = exercise_scene(catalogue, exercise_id, dose, easier)
    name = f"{exercise_id}-{'easier' if easier else key[1]}"
    if catalogue.poses[exercise_id].still:
        return Picture(key, "photo", key_strip_png(drawn, panel=(240, 180)), f"{name}.png")
    return Picture(key, "animation", animation_gif(drawn), f"{name}.gif")


def easier_version(catalogue: Catalogue, exercise_id: str) -> tuple[str, dict[str, float], bool]:
    """What "Show me" pictures after "Too hard", as (exercise, dose, easier key positions): the
    exercise its `easier` points to (a ladder's lower step), else its own easier key positions,
    else this one at its smallest dose."""
    exercise = catalogue[catalogue[exercise_id].easier_shows or exercise_id]
    smallest = {name: variable.floor for name, variable in exercise.variables.items()}
    return exercise.id, smallest, catalogue.poses[exercise.id].easier is not None


def full_range(exercise: Exercise) -> dict[str, float]:
    """The dose that shows the whole movement (each range at its ceiling), for review."""
    return {
        name: variable.ceiling
        for name, variable in exercise.variables.items()
        if variable.unit == "level"
    }


def contact_sheet(catalogue: Catalogue) -> bytes:
    """Every exercise's key positions, full range, with its name; its easier version next."""
    from bot.illustrations.render import contact_sheet_png

    strips: list[tuple[str, Scene]] = []
    for exercise in catalogue.exercises.values():
        strips.append((exercise.name, exercise_scene(catalogue, exercise.id, full_range(exercise))))
        if catalogue.poses[exercise.id].easier is not None:
            easier = exercise_scene(catalogue, exercise.id, full_range(exercise), easier=True)
            strips.append((f"{exercise.name}: easier", easier))
    return contact_sheet_png(strips)


def write_animations(catalogue: Catalogue, folder: Path) -> list[Path]:
    """Every exercise's animation at each of its levels (one file where it has none)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for exercise in catalogue.exercises.values():
        versions = [(dose, False) for dose in level_doses(exercise)]
        if catalogue.poses[exercise.id].easier is not None:
            versions.append((easier_version(catalogue, exercise.id)[1], True))
        for dose, easier in versions:
            picture = render_picture(catalogue, exercise.id, dose, easier)
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

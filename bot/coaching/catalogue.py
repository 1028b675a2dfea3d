"""The exercise catalogue and the micro-load rules, read from data/ and checked at start-up.

Everything the coaching needs to know about an exercise is data: adding one means editing
data/exercises.yaml only. A mistake there stops the bot at start-up with an error that names the
file, the exercise and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Category = Literal["breathing", "mobility", "motor_control", "anchor", "transition", "walking"]
Stage = Literal["supported", "partly_loaded", "integrated"]
Variant = Literal["daily", "weekly", "flare"]
STAGES: tuple[Stage, ...] = ("supported", "partly_loaded", "integrated")
TRANSITIONS = (
    "out_of_bed",
    "into_car",
    "low_chair",
    "up_from_floor",
    "turning_to_reach",
    "lifting_from_floor",
    "carrying",
)


class CatalogueError(ValueError):
    """A data file is wrong; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variable(_Strict):
    unit: str
    start: float
    step: float = Field(gt=0)
    floor: float
    ceiling: float

    @model_validator(mode="after")
    def _ordered(self) -> Variable:
        if not self.floor <= self.start <= self.ceiling:
            raise ValueError(
                f"needs floor <= start <= ceiling, got {self.floor}, {self.start}, {self.ceiling}"
            )
        return self


class Fixed(_Strict):
    sets: int = Field(default=1, ge=1, le=5)
    sides: int = Field(default=1, ge=1, le=2)


class Exercise(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    category: Category
    cues: list[str] = Field(min_length=1, max_length=4)
    variants: list[Variant] = Field(min_length=1)
    transitions: list[str] = Field(default_factory=list)
    stage: Stage | None = None
    anchor: bool = False
    snack: bool = False
    fixed: Fixed = Fixed()
    variables: dict[str, Variable] = Field(min_length=1)
    seconds_per_rep: float = Field(default=4, gt=0)
    caution: str | None = None
    source: str = Field(min_length=5)

    @model_validator(mode="after")
    def _transition_fields(self) -> Exercise:
        unknown = [name for name in self.transitions if name not in TRANSITIONS]
        if unknown:
            raise ValueError(f"unknown transitions {unknown}; known: {list(TRANSITIONS)}")
        if self.category == "transition" and (not self.transitions or self.stage is None):
            raise ValueError("a transition drill needs `transitions` and a ladder `stage`")
        return self


class PainRules(_Strict):
    source: str
    acceptable_max: int = Field(ge=0, le=10)
    regress_from: int = Field(ge=0, le=10)
    flare_from: int = Field(ge=0, le=10)


class EffortRules(_Strict):
    source: str
    progress_max: int = Field(ge=0, le=10)
    hold_from: int = Field(ge=0, le=10)


class ProgressionRules(_Strict):
    source: str
    comfortable_sessions: int = Field(ge=1)
    too_easy_sessions: int = Field(ge=1)


class FlareRules(_Strict):
    source: str
    bad_days_to_enter: int = Field(ge=1)
    settled_days_to_leave: int = Field(ge=1)
    settled_pain_max: int = Field(ge=0, le=10)


class Rules(_Strict):
    pain: PainRules
    effort: EffortRules
    progression: ProgressionRules
    flare: FlareRules


class Catalogue:
    """All exercises by id, the rules, and the ladders: (transition, stage) -> exercise."""

    def __init__(self, exercises: list[Exercise], rules: Rules) -> None:
        self.exercises = {exercise.id: exercise for exercise in exercises}
        self.rules = rules
        self.ladders: dict[tuple[str, Stage], Exercise] = {}
        for exercise in exercises:
            if exercise.category == "transition" and exercise.stage is not None:
                for transition in exercise.transitions:
                    self.ladders[(transition, exercise.stage)] = exercise

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def of(self, category: Category, variant: Variant) -> list[Exercise]:
        return [
            exercise
            for exercise in self.exercises.values()
            if exercise.category == category and variant in exercise.variants
        ]

    def drill(self, transition: str, stage: Stage) -> Exercise:
        return self.ladders[(transition, stage)]


def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data"


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    data_dir = data_dir or default_data_dir()
    exercises = _load_exercises(data_dir / "exercises.yaml")
    rules = _load_model(data_dir / "progression.yaml", Rules)
    catalogue = Catalogue(exercises, rules)
    for transition in TRANSITIONS:
        missing = [stage for stage in STAGES if (transition, stage) not in catalogue.ladders]
        if missing:
            raise CatalogueError(
                f"{data_dir / 'exercises.yaml'}: transition '{transition}' has no drill for "
                f"ladder stage(s) {missing}"
            )
    return catalogue


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CatalogueError(f"{path}: file not found") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML: {error}") from error


def _load_exercises(path: Path) -> list[Exercise]:
    document = _read_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("exercises"), list):
        raise CatalogueError(f"{path}: expected a top-level 'exercises:' list")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, entry in enumerate(document["exercises"]):
        label = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            exercise = Exercise.model_validate(entry)
        except ValidationError as error:
            raise CatalogueError(f"{path}: exercise '{label}': {_describe(error)}") from error
        if exercise.id in seen:
            raise CatalogueError(f"{path}: exercise '{exercise.id}': field 'id': duplicate id")
        seen.add(exercise.id)
        exercises.append(exercise)
    return exercises


def _load_model(path: Path, model: type[Rules]) -> Rules:
    try:
        return model.model_validate(_read_yaml(path))
    except ValidationError as error:
        raise CatalogueError(f"{path}: {_describe(error)}") from error


def _describe(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(entry)"
        parts.append(f"field '{where}': {problem['msg']}")
    return "; ".join(parts)

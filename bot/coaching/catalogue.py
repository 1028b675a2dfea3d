"""The exercise catalogue and the micro-load rules, read from data/ and checked at start-up.

Everything the coaching needs to know about an exercise is data: adding one means editing
data/exercises.yaml, and data/poses.yaml for its picture. A mistake there stops the bot at
start-up with an error that names the file, the exercise and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.datafile import DataFileError, describe, read_yaml
from bot.i18n import ENGLISH
from bot.illustrations.poses import Illustration, load_poses

Category = Literal["breathing", "mobility", "motor_control", "anchor", "transition", "walking"]
Stage = Literal["supported", "partly_loaded", "integrated"]
Variant = Literal["daily", "weekly", "flare"]
# Where an exercise starts, in session order: from the floor up, so nobody gets down twice.
# Prone (face down) matters for safety too: pregnancy leaves it out.
Position = Literal["lying", "prone", "side_lying", "hands_knees", "kneeling", "sitting", "standing"]
POSITIONS: tuple[Position, ...] = get_args(Position)
# What to have ready, named on the /today card before Start.
Equipment = Literal[
    "chair", "cushion", "broomstick", "bag", "box", "table", "step", "stool", "bed", "car"
]
STAGES: tuple[Stage, ...] = ("supported", "partly_loaded", "integrated")
TRANSITIONS = (
    "out_of_bed",
    "into_car",
    "low_chair",
    "up_from_floor",
    "turning_to_reach",
    "lifting_from_floor",
    "carrying",
    "socks_and_shoes",
    "up_after_sitting",
)


class CatalogueError(DataFileError):
    """exercises.yaml, lessons.yaml or progression.yaml is wrong; the message names the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variable(_Strict):
    """One thing the micro-load engine may change. A range (unit `level`) counts 1, 2, 3… and
    names each level in words, because "range 2 of 4" tells a person nothing."""

    unit: str
    start: float
    step: float = Field(gt=0)
    floor: float
    ceiling: float
    levels: list[str] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Variable:
        if not self.floor <= self.start <= self.ceiling:
            raise ValueError(
                f"needs floor <= start <= ceiling, got {self.floor}, {self.start}, {self.ceiling}"
            )
        if self.unit == "level":
            if not self.levels:
                raise ValueError("a range (unit: level) needs `levels`, one line per level")
            if len(self.levels) != self.ceiling or self.floor < 1 or self.step != 1:
                raise ValueError(
                    f"a range counts 1..ceiling in steps of 1 with one line per level: "
                    f"ceiling {self.ceiling:g}, {len(self.levels)} levels"
                )
        elif self.levels is not None:
            raise ValueError("only a range (unit: level) has `levels`")
        return self

    def level_text(self, value: float) -> str:
        """The words for a range level: "hands, elbows half bent"."""
        assert self.levels is not None
        index = min(max(round(value), 1), len(self.levels)) - 1
        return self.levels[index]


class Fixed(_Strict):
    sets: int = Field(default=1, ge=1, le=5)
    sides: int = Field(default=1, ge=1, le=2)


class ExerciseWords(_Strict):
    """An exercise's texts in another language (`translations:` in data/exercises.yaml);
    everything else about it (dose, position, source) is the same in every language."""

    name: str
    cues: list[str] = Field(min_length=1, max_length=4)
    purpose: str = Field(min_length=10, max_length=200)
    mistakes: list[str] = Field(min_length=1, max_length=3)
    easier: str = Field(min_length=10, max_length=200)
    caution: str | None = None
    # A range's level names, by variable: {"range_level": ["…", "…"]}.
    levels: dict[str, list[str]] = Field(default_factory=dict)


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
    position: Position
    equipment: list[Equipment] = Field(default_factory=list)
    # What the ℹ️ on a session step shows; `easier` is offered at once on "Too hard".
    purpose: str = Field(min_length=10, max_length=200)
    mistakes: list[str] = Field(min_length=1, max_length=3)
    easier: str = Field(min_length=10, max_length=200)
    # The exercise whose picture shows `easier` (a ladder's lower step); unset: this one, smallest.
    easier_shows: str | None = None
    source: str = Field(min_length=5)
    translations: dict[str, ExerciseWords] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _translations_fit(self) -> Exercise:
        for language, words in self.translations.items():
            if len(words.cues) != len(self.cues) or len(words.mistakes) != len(self.mistakes):
                raise ValueError(
                    f"translations.{language}: not as many cues or mistakes as in English"
                )
            if bool(words.caution) != bool(self.caution):
                raise ValueError(f"translations.{language}: caution given in one language only")
            for name, levels in words.levels.items():
                variable = self.variables.get(name)
                if variable is None or len(levels) != len(variable.levels or ()):
                    raise ValueError(f"translations.{language}.levels.{name}: no such range")
        return self

    def speaking(self, language: str) -> Exercise:
        """This exercise with its texts in `language` (English where it has none)."""
        words = self.translations.get(language)
        if words is None:
            return self
        variables = {
            name: variable.model_copy(update={"levels": words.levels[name]})
            if name in words.levels
            else variable
            for name, variable in self.variables.items()
        }
        return self.model_copy(
            update={
                "name": words.name,
                "cues": words.cues,
                "purpose": words.purpose,
                "mistakes": words.mistakes,
                "easier": words.easier,
                "caution": words.caution,
                "variables": variables,
            }
        )

    @model_validator(mode="after")
    def _transition_fields(self) -> Exercise:
        unknown = [name for name in self.transitions if name not in TRANSITIONS]
        if unknown:
            raise ValueError(f"unknown transitions {unknown}; known: {list(TRANSITIONS)}")
        if self.category == "transition" and (not self.transitions or self.stage is None):
            raise ValueError("a transition drill needs `transitions` and a ladder `stage`")
        return self


# What the short lessons are about, and the moments that send one out of turn.
LessonTopic = Literal[
    "traffic_light",
    "hurt_not_harm",
    "flares",
    "small_steps",
    "breathing",
    "rounding_safe",
    "scans",
    "sleep",
    "stress",
    "pacing",
    "work",
    "sitting",
    "walking",
    "confidence",
    "red_flags",
]
LessonTrigger = Literal["first_session", "flare_on", "worse_morning", "lifting_stage"]
LESSON_WORDS = (60, 90)


class Lesson(_Strict):
    """A short read in BackCoach's own words; `week` places it in the daily order. Its title and
    text are written in each language BackCoach speaks (bot/i18n.py), English always; the
    checks on length read the English, which the other languages follow."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    titles: dict[str, Annotated[str, Field(min_length=3, max_length=60)]] = Field(alias="title")
    topic: LessonTopic
    trigger: LessonTrigger | None = None
    week: int | None = Field(default=None, ge=1, le=52)
    texts: dict[str, str] = Field(alias="text")
    source: str = Field(min_length=5)

    @property
    def title(self) -> str:
        return self.titles[ENGLISH]

    @property
    def text(self) -> str:
        return self.texts[ENGLISH]

    def title_in(self, language: str) -> str:
        return self.titles.get(language) or self.title

    def text_in(self, language: str) -> str:
        return self.texts.get(language) or self.text

    @model_validator(mode="after")
    def _sendable(self) -> Lesson:
        if ENGLISH not in self.titles or ENGLISH not in self.texts:
            raise ValueError("a lesson needs its title and text in English (`en:`)")
        words = len(self.text.split())
        if not LESSON_WORDS[0] <= words <= LESSON_WORDS[1]:
            raise ValueError(
                f"text has {words} words; a lesson needs {LESSON_WORDS[0]}–{LESSON_WORDS[1]}"
            )
        if self.trigger is None and self.week is None:
            raise ValueError("a lesson needs a `trigger`, a `week` or both, or it is never sent")
        return self


class BaselineRules(_Strict):
    source: str
    mornings: int = Field(ge=1)
    min_mornings: int = Field(ge=1)
    default: int = Field(ge=0, le=10)
    max_rise: int = Field(ge=0, le=10)
    rise_days: int = Field(ge=1)


class PainRules(_Strict):
    source: str
    acceptable_max: int = Field(ge=0, le=10)
    acceptable_above_baseline: int = Field(ge=0, le=10)
    no_progress_from: int = Field(ge=0, le=10)
    clinician_usual_from: int = Field(ge=0, le=10)
    clinician_within_days: int = Field(ge=1)


class MorningRules(_Strict):
    source: str
    settled_above_baseline: int = Field(ge=0, le=10)
    step_back_above_baseline: int = Field(ge=1, le=10)
    answer_wait_hours: float = Field(gt=0)
    small_step_units: list[str]
    unanswered_to_ask: int = Field(ge=1)


class EffortRules(_Strict):
    source: str
    progress_max: int = Field(ge=0, le=10)
    hold_from: int = Field(ge=0, le=10)


class ProgressionRules(_Strict):
    source: str
    comfortable_sessions: int = Field(ge=1)
    too_easy_sessions: int = Field(ge=1)
    max_progressions_per_checkin: int = Field(ge=1)
    max_new_doses_per_session: int = Field(ge=1)
    max_lines_per_day: int = Field(ge=1)
    plateau_note_days: int = Field(ge=1)
    maintenance_after_days: int = Field(ge=1)
    goal_kg_max: float = Field(gt=0)


class FlareRules(_Strict):
    source: str
    high_morning_min: int = Field(ge=0, le=10)
    high_morning_above_baseline: int = Field(ge=0, le=10)
    high_mornings_to_enter: int = Field(ge=1)
    any_rating_min: int = Field(ge=0, le=10)
    any_rating_above_baseline: int = Field(ge=0, le=10)
    settled_mornings_to_leave: int = Field(ge=1)
    calm_sessions_after: int = Field(ge=0)
    long_flare_days: int = Field(ge=1)
    frequent_count: int = Field(ge=2)
    frequent_weeks: int = Field(ge=1)


class DetrainingRules(_Strict):
    source: str
    welcome_back_days: int = Field(ge=1)
    step_down_days: int = Field(ge=1)


class TooHardRules(_Strict):
    source: str
    session_share: float = Field(gt=0, lt=1)
    review_after_days: int = Field(ge=1)


class WeeklyRules(_Strict):
    source: str
    hold_if_mean_rises: float = Field(gt=0)
    recheck_if_mean_rises: float = Field(gt=0)
    min_mornings: int = Field(ge=1)
    rising_points: float = Field(gt=0)
    rising_weeks: int = Field(ge=1)


class LadderRules(_Strict):
    source: str
    stage_up_drop: int = Field(ge=1, le=10)
    easy_at_or_below: int = Field(ge=0, le=10)
    stage_down_rise: int = Field(ge=1, le=10)


class WalkingRules(_Strict):
    source: str
    start_min: int = Field(ge=0)
    goal_days: int = Field(ge=1, le=7)
    growth_pct: float = Field(gt=0)
    step_min: int = Field(ge=1)
    step_max: int = Field(ge=1)
    ceiling: int = Field(ge=1)
    flare_min: int = Field(ge=0)
    flare_max: int = Field(ge=1)


class Rules(_Strict):
    baseline: BaselineRules
    pain: PainRules
    morning: MorningRules
    effort: EffortRules
    progression: ProgressionRules
    flare: FlareRules
    detraining: DetrainingRules
    too_hard: TooHardRules
    weekly: WeeklyRules
    ladders: LadderRules
    walking: WalkingRules


class Catalogue:
    """All exercises by id, the rules, and the ladders: (transition, stage) -> exercise."""

    def __init__(
        self, exercises: list[Exercise], rules: Rules, lessons: Sequence[Lesson] = ()
    ) -> None:
        self.exercises = {exercise.id: exercise for exercise in exercises}
        self.rules = rules
        self.lessons = tuple(lessons)
        self.poses: dict[str, Illustration] = {}  # each exercise's picture (data/poses.yaml)
        self._languages: dict[str, Catalogue] = {}
        self.ladders: dict[tuple[str, Stage], Exercise] = {}
        for exercise in exercises:
            if exercise.category == "transition" and exercise.stage is not None:
                for transition in exercise.transitions:
                    self.ladders[(transition, exercise.stage)] = exercise

    def speaking(self, language: str) -> Catalogue:
        """The same catalogue with the exercises' texts in `language`, for what a person reads
        (the coaching decides the same with either)."""
        if language not in self._languages:
            spoken = Catalogue(
                [exercise.speaking(language) for exercise in self.exercises.values()],
                self.rules,
                self.lessons,
            )
            spoken.poses = self.poses
            self._languages[language] = spoken
        return self._languages[language]

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
    catalogue = Catalogue(exercises, rules, _load_lessons(data_dir / "lessons.yaml"))
    for exercise in exercises:
        if exercise.easier_shows is not None and exercise.easier_shows not in catalogue:
            raise CatalogueError(
                f"{data_dir / 'exercises.yaml'}: exercise '{exercise.id}': field 'easier_shows': "
                f"no exercise '{exercise.easier_shows}'"
            )
    for transition in TRANSITIONS:
        missing = [stage for stage in STAGES if (transition, stage) not in catalogue.ladders]
        if missing:
            raise CatalogueError(
                f"{data_dir / 'exercises.yaml'}: transition '{transition}' has no drill for "
                f"ladder stage(s) {missing}"
            )
    catalogue.poses = load_poses(data_dir / "poses.yaml", catalogue.exercises)
    return catalogue


def _load_exercises(path: Path) -> list[Exercise]:
    document = read_yaml(path, CatalogueError)
    if not isinstance(document, dict) or not isinstance(document.get("exercises"), list):
        raise CatalogueError(f"{path}: expected a top-level 'exercises:' list")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, entry in enumerate(document["exercises"]):
        label = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            exercise = Exercise.model_validate(entry)
        except ValidationError as error:
            raise CatalogueError(f"{path}: exercise '{label}': {describe(error)}") from error
        if exercise.id in seen:
            raise CatalogueError(f"{path}: exercise '{exercise.id}': field 'id': duplicate id")
        seen.add(exercise.id)
        exercises.append(exercise)
    return exercises


def _load_model(path: Path, model: type[Rules]) -> Rules:
    try:
        return model.model_validate(read_yaml(path, CatalogueError))
    except ValidationError as error:
        raise CatalogueError(f"{path}: {describe(error)}") from error


def _load_lessons(path: Path) -> list[Lesson]:
    document = read_yaml(path, CatalogueError)
    if not isinstance(document, dict) or not isinstance(document.get("lessons"), list):
        raise CatalogueError(f"{path}: expected a top-level 'lessons:' list")
    lessons: list[Lesson] = []
    for index, entry in enumerate(document["lessons"]):
        label = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            lesson = Lesson.model_validate(entry)
        except ValidationError as error:
            raise CatalogueError(f"{path}: lesson '{label}': {describe(error)}") from error
        if any(seen.id == lesson.id for seen in lessons):
            raise CatalogueError(f"{path}: lesson '{lesson.id}': field 'id': duplicate id")
        lessons.append(lesson)
    unused = sorted(set(get_args(LessonTrigger)) - {lesson.trigger for lesson in lessons})
    if unused:
        raise CatalogueError(f"{path}: no lesson for trigger(s) {unused}")
    return lessons

"""Which short lesson is due: at most one a day, never the same twice.

A lesson goes out after a check-in. Some moments send a matching lesson out of turn (the pain
traffic light after the first session, flares after a flare starts, and so on); otherwise the
next unread lesson in week order, none before its week: months 2 and 3 get their own lessons
instead of reading them all in the first weeks. The week counts from the first lesson read,
which comes with the first session. Pure: the caller supplies what was read and today's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol

from bot.coaching.catalogue import Catalogue, Lesson, LessonTrigger

# Ladders whose loaded stages bring real lifting or carrying: time to say rounding is safe.
LIFTING_TRANSITIONS = ("lifting_from_floor", "carrying")
LOADED_STAGES = ("partly_loaded", "integrated")


class ChangeLike(Protocol):
    """The parts of a micro-load engine change that can trigger a lesson."""

    @property
    def exercise(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def to(self) -> float | str: ...


def due_lesson(
    lessons: Sequence[Lesson],
    read_on: Mapping[str, date],
    today: date,
    trigger: LessonTrigger | None = None,
    daily: bool = True,
) -> Lesson | None:
    """The lesson to send now, or None. `read_on` maps lesson ids to the (local) day each was
    read; `daily` is False where only a triggered lesson may go out (a morning check-in)."""
    if today in read_on.values():
        return None
    unread = [lesson for lesson in lessons if lesson.id not in read_on]
    if trigger is not None:
        for lesson in unread:
            if lesson.trigger == trigger:
                return lesson
    if not daily:
        return None
    week = programme_week(read_on, today)
    return next_in_order(lesson for lesson in unread if _week(lesson) <= week)


def programme_week(read_on: Mapping[str, date], today: date) -> int:
    """The person's week of the programme, 1 before any lesson was read."""
    if not read_on:
        return 1
    return (today - min(read_on.values())).days // 7 + 1


def next_in_order(lessons: Iterable[Lesson]) -> Lesson | None:
    """The first lesson by week (file order within a week); trigger-only lessons never come."""
    ordered = sorted((lesson for lesson in lessons if lesson.week is not None), key=_week)
    return ordered[0] if ordered else None


def trigger_for(
    catalogue: Catalogue,
    changes: Iterable[ChangeLike],
    *,
    morning: bool,
    first_session: bool,
) -> LessonTrigger | None:
    """The moment these engine changes mark, most pressing first: a flare starting, a step back
    after a worse morning, the first session, or a lifting or carrying ladder reaching load."""
    changes = list(changes)
    kinds = {change.kind for change in changes}
    if "flare_on" in kinds:
        return "flare_on"
    if morning and "regress" in kinds:
        return "worse_morning"
    if first_session:
        return "first_session"
    for change in changes:
        if change.kind == "stage_up" and change.to in LOADED_STAGES:
            drill = catalogue.exercises.get(change.exercise)
            if drill is not None and set(drill.transitions) & set(LIFTING_TRANSITIONS):
                return "lifting_stage"
    return None


def _week(lesson: Lesson) -> int:
    return lesson.week or 0

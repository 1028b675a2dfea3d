"""A guided step shows the exercise's dose, cues and, under them, when to leave it out."""

from __future__ import annotations

from bot.coaching.catalogue import load_catalogue
from bot.coaching.routine import RoutineItem
from bot.storage.models import Workout
from bot.telegram.routine import session_items, step_message


def test_every_caution_in_the_data_reaches_the_step_text_under_the_cues() -> None:
    catalogue = load_catalogue()
    cautious = [exercise for exercise in catalogue.exercises.values() if exercise.caution]
    assert len(cautious) >= 8
    items = [
        RoutineItem(
            exercise_id=exercise.id,
            name=exercise.name,
            dose={},
            dose_text="1 rep",
            seconds=10,
            cues=tuple(exercise.cues),
            hold_s=None,
        )
        for exercise in cautious
    ]
    stored = session_items(catalogue, items)
    for position, exercise in enumerate(cautious):
        text, _ = step_message(Workout(id=7, routine=stored, position=position, results={}))
        assert f"⚠️ {exercise.caution}" in text, exercise.id
        assert text.index("⚠️") > text.index(exercise.cues[-1])


def test_a_step_without_a_caution_and_a_session_stored_before_cautions_show_none() -> None:
    plain = {"exercise_id": "cat_camel", "name": "Cat–camel", "dose_text": "6 reps", "cues": ["x"]}
    text, _ = step_message(Workout(id=1, routine=[plain], position=0, results={}))
    assert "⚠️" not in text
    text, _ = step_message(
        Workout(id=1, routine=[{**plain, "caution": None}], position=0, results={})
    )
    assert "⚠️" not in text

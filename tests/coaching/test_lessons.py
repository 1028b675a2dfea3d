"""Lessons: short reads in BackCoach's words, one a day after the check-in, never twice."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import get_args

import pytest

from bot.coaching.catalogue import (
    Catalogue,
    CatalogueError,
    LessonTopic,
    default_data_dir,
    load_catalogue,
)
from bot.coaching.lessons import due_lesson, trigger_for
from bot.coaching.pain import morning_level

DAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@dataclass(frozen=True)
class FakeChange:
    exercise: str
    kind: str
    to: float | str = ""


def test_there_are_at_least_25_short_lessons_covering_every_topic(catalogue: Catalogue) -> None:
    lessons = catalogue.lessons
    assert len(lessons) >= 25
    assert len({lesson.id for lesson in lessons}) == len(lessons)
    assert all(60 <= len(lesson.text.split()) <= 90 for lesson in lessons)
    assert {lesson.topic for lesson in lessons} == set(get_args(LessonTopic))
    sources = " ".join(lesson.source for lesson in lessons)
    for cited in ("O'Sullivan", "Butler & Moseley", "NICE NG59", "Lancet"):
        assert cited in sources


def test_the_traffic_light_is_relative_to_the_persons_usual_pain(catalogue: Catalogue) -> None:
    light = next(lesson for lesson in catalogue.lessons if lesson.id == "traffic_light")
    assert "up to 5 out of 10" in light.text and "one point above your usual" in light.text
    assert "two points above your usual, and never below 6" in light.text


def test_the_next_morning_lesson_says_what_the_engine_does(catalogue: Catalogue) -> None:
    morning = next(lesson for lesson in catalogue.lessons if lesson.id == "next_morning_check")
    rules, usual = catalogue.rules, 3
    assert morning_level(rules, usual, usual) == "fine"
    assert "at or below your usual, it coped well" in morning.text
    assert morning_level(rules, usual + 1, usual) == "hold"
    assert "One point above usual: nothing is taken away, but nothing new" in morning.text
    assert morning_level(rules, usual + 2, usual) == "back"
    assert "Two or more points above: the last step up is taken back" in morning.text
    assert "within one point" not in morning.text


def test_the_red_flags_lesson_is_as_urgent_as_the_screen(catalogue: Catalogue) -> None:
    lesson = next(lesson for lesson in catalogue.lessons if lesson.id == "red_flags_are_rare")
    assert "is an emergency: call your emergency number (999 in the UK, 112" in lesson.text
    assert "go to an emergency department straight away" in lesson.text
    assert "same day" not in lesson.text
    assert "both legs that is new or getting worse" in lesson.text


def test_sources_say_when_the_evidence_is_borrowed_from_elsewhere(catalogue: Catalogue) -> None:
    for lesson in catalogue.lessons:
        if "Silbernagel" in lesson.source or "Thomeé" in lesson.source:
            assert "extrapolat" in lesson.source, lesson.id


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("topic: sleep\n", "topic: diet\n", "field 'topic'"),
        ("id: hurt_not_harm\n", "id: traffic_light\n", "duplicate id"),
        (
            '    source: "Butler & Moseley, Explain Pain (2nd ed., 2013)"\n',
            '    source: ""\n',
            "field 'source'",
        ),
        (
            "      Pain can make sleep harder,",
            "      Pain can make sleep harder " + "and " * 30,
            "words",
        ),
    ],
)
def test_a_faulty_lesson_stops_the_start_up_and_says_where(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    data = copy_data(tmp_path)
    path = data / "lessons.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    assert "lessons.yaml" in str(error.value) and complaint in str(error.value)


def test_a_lesson_of_fewer_than_60_words_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "lessons.yaml"
    text = path.read_text()
    start = text.index("      Pain can make sleep harder")
    end = text.index("    source:", start)
    path.write_text(text[:start] + "      Sleep and pain feed each other.\n" + text[end:])
    with pytest.raises(CatalogueError, match=r"sleep_and_pain.*6 words"):
        load_catalogue(data)


def test_the_first_session_brings_the_traffic_light(catalogue: Catalogue) -> None:
    trigger = trigger_for(catalogue, [], morning=False, first_session=True)
    lesson = due_lesson(catalogue.lessons, {}, DAY, trigger)
    assert lesson is not None and lesson.id == "traffic_light"


def test_one_lesson_a_day_in_order_never_two_in_a_day_never_twice(catalogue: Catalogue) -> None:
    read: dict[str, date] = {}
    for offset in range(100):
        today = DAY + timedelta(days=offset)
        for _checkin in range(2):  # two check-ins a day still mean one lesson
            lesson = due_lesson(catalogue.lessons, read, today)
            if lesson is not None:
                assert lesson.id not in read
                read[lesson.id] = today
    days = list(read.values())
    assert len(days) == len(set(days)), "never two in a day"
    weekly = [lesson.id for lesson in catalogue.lessons if lesson.week is not None]
    assert set(read) == set(weekly)
    by_id = {lesson.id: lesson.week or 0 for lesson in catalogue.lessons}
    weeks = [by_id[lesson_id] for lesson_id in read]
    assert weeks == sorted(weeks), "in week order"


def test_a_flare_brings_the_flare_lessons_before_the_daily_order(catalogue: Catalogue) -> None:
    read = {"traffic_light": DAY}
    first = due_lesson(catalogue.lessons, read, DAY + timedelta(days=1), "flare_on")
    assert first is not None and first.id == "flares_settle"
    read[first.id] = DAY + timedelta(days=1)
    second = due_lesson(catalogue.lessons, read, DAY + timedelta(days=2), "flare_on")
    assert second is not None and second.id == "flare_day_plan"


def test_a_morning_without_a_trigger_sends_nothing(catalogue: Catalogue) -> None:
    assert due_lesson(catalogue.lessons, {}, DAY, None, daily=False) is None
    lesson = due_lesson(catalogue.lessons, {}, DAY, "worse_morning", daily=False)
    assert lesson is not None and lesson.id == "worse_morning"


def test_engine_changes_name_the_moment(catalogue: Catalogue) -> None:
    flare = [FakeChange("breathing_supine", "flare_on")]
    regress = [FakeChange("bird_dog", "regress", 3)]
    assert trigger_for(catalogue, flare, morning=False, first_session=True) == "flare_on"
    assert trigger_for(catalogue, regress, morning=True, first_session=False) == "worse_morning"
    assert trigger_for(catalogue, regress, morning=False, first_session=False) is None
    lift = [FakeChange("lift_hinge_supported", "stage_up", "partly_loaded")]
    carry = [FakeChange("carry_one_side_partly_loaded", "stage_up", "integrated")]
    bed = [FakeChange("bed_log_roll_supported", "stage_up", "partly_loaded")]
    assert trigger_for(catalogue, lift, morning=False, first_session=False) == "lifting_stage"
    assert trigger_for(catalogue, carry, morning=False, first_session=False) == "lifting_stage"
    assert trigger_for(catalogue, bed, morning=False, first_session=False) is None


def _daily_reader(catalogue: Catalogue, days: int) -> dict[str, date]:
    """What someone who checks in every day from DAY has read after `days` days."""
    read: dict[str, date] = {}
    for offset in range(days):
        lesson = due_lesson(catalogue.lessons, read, DAY + timedelta(days=offset))
        if lesson is not None:
            read[lesson.id] = DAY + timedelta(days=offset)
    return read


@pytest.mark.parametrize("week", [6, 10])
def test_months_two_and_three_bring_new_lessons(catalogue: Catalogue, week: int) -> None:
    start = (week - 1) * 7
    read = _daily_reader(catalogue, start)
    lesson = due_lesson(catalogue.lessons, read, DAY + timedelta(days=start))
    assert lesson is not None and lesson.week == week


def test_no_lesson_comes_before_its_week(catalogue: Catalogue) -> None:
    by_id = {lesson.id: lesson for lesson in catalogue.lessons}
    for lesson_id, day in _daily_reader(catalogue, 100).items():
        assert (by_id[lesson_id].week or 1) <= (day - DAY).days // 7 + 1, lesson_id


def test_the_later_lessons_cover_what_keeps_a_back_well_for_years(catalogue: Catalogue) -> None:
    later = [lesson for lesson in catalogue.lessons if (lesson.week or 0) >= 5]
    assert [lesson.week for lesson in later] == list(range(5, 13)), "one a week in months 2-3"
    titles = " ".join(lesson.title.lower() for lesson in later)
    for subject in ("flare plan", "setbacks", "sport", "lifting", "sleep", "work", "years"):
        assert subject in titles

"""The catalogue is data, checked at start-up with errors that say where to look."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.coaching.catalogue import (
    STAGES,
    TRANSITIONS,
    CatalogueError,
    default_data_dir,
    load_catalogue,
)


def test_the_catalogue_covers_the_method() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.exercises) >= 30
    breathing = {e.id for e in catalogue.of("breathing", "daily")}
    assert {
        "breathing_supine",
        "breathing_side_lying",
        "breathing_quadruped",
        "breathing_tall_kneeling",
    } <= breathing
    for transition in TRANSITIONS:
        for stage in ("supported", "partly_loaded", "integrated"):
            assert catalogue.drill(transition, stage)
    assert all(exercise.source for exercise in catalogue.exercises.values())


def copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def test_adding_an_exercise_is_a_data_change_only(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with (data / "exercises.yaml").open("a") as file:
        file.write(
            "\n  - id: wall_slide\n    name: Wall slide\n    category: mobility\n"
            "    position: standing\n    equipment: []\n"
            "    purpose: Moves the shoulders without load.\n"
            "    mistakes: [Shrugging]\n    easier: Slide a shorter way up.\n"
            "    variants: [daily]\n    cues: [Slide your arms up the wall.]\n"
            "    variables:\n      reps: {unit: reps, start: 5, step: 1, floor: 3, ceiling: 10}\n"
            "    source: Example source 2024\n"
        )
    with (data / "poses.yaml").open("a") as file:
        file.write(
            "\n  wall_slide:\n    poses:\n      - {base: standing, shoulder: 90, elbow: 90}\n"
            "      - {base: standing, shoulder: 170, elbow: 10}\n"
        )
    catalogue = load_catalogue(data)
    assert "wall_slide" in catalogue and len(catalogue.poses["wall_slide"].poses) == 2


def test_a_bad_field_is_named_with_its_file_and_exercise(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (data / "exercises.yaml").read_text()
    text = text.replace(
        "hold_s: {unit: s, start: 10, step: 5, floor: 5, ceiling: 30}",
        "hold_s: {unit: s, start: 10, step: 0, floor: 5, ceiling: 30}",
    )
    (data / "exercises.yaml").write_text(text)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    message = str(error.value)
    assert "exercises.yaml" in message and "side_plank_knees" in message
    assert "variables.hold_s.step" in message


def test_a_missing_ladder_stage_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (
        (data / "exercises.yaml")
        .read_text()
        .replace("stage: integrated\n", "stage: supported\n", 1)
    )
    (data / "exercises.yaml").write_text(text)
    with pytest.raises(CatalogueError, match="no drill for ladder stage"):
        load_catalogue(data)


def test_every_range_names_its_levels_in_words() -> None:
    catalogue = load_catalogue()
    ranges = [
        (exercise, variable)
        for exercise in catalogue.exercises.values()
        for variable in exercise.variables.values()
        if variable.unit == "level"
    ]
    assert len(ranges) >= 8
    for exercise, variable in ranges:
        assert variable.levels is not None and len(variable.levels) == variable.ceiling, exercise.id


def test_a_range_without_levels_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (data / "exercises.yaml").read_text()
    start = text.index("  - id: prone_extension")
    levels_at = text.index("        levels:\n", start)
    end = text.index("    seconds_per_rep", levels_at)
    (data / "exercises.yaml").write_text(text[:levels_at] + text[end:])
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    assert "prone_extension" in str(error.value) and "needs `levels`" in str(error.value)


def test_a_range_whose_levels_do_not_match_its_ceiling_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (data / "exercises.yaml").read_text()
    text = text.replace("          - hands, arms straight, hips relaxed\n", "", 1)
    (data / "exercises.yaml").write_text(text)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    assert "prone_extension" in str(error.value) and "ceiling 4, 3 levels" in str(error.value)


def test_the_new_trouble_movements_have_full_ladders() -> None:
    catalogue = load_catalogue()
    for transition in ("socks_and_shoes", "up_after_sitting"):
        assert transition in TRANSITIONS
        assert [catalogue.drill(transition, stage).stage for stage in STAGES] == list(STAGES)


def test_curl_up_dead_bug_and_a_flare_safe_knee_to_chest_are_offered() -> None:
    catalogue = load_catalogue()
    assert {"curl_up", "dead_bug"} <= {e.id for e in catalogue.of("motor_control", "daily")}
    assert "flare" in catalogue["knee_to_chest"].variants


def test_the_broomstick_drill_carries_no_weight_and_a_bag_hinge_does() -> None:
    catalogue = load_catalogue()
    assert "load_kg" not in catalogue["hip_hinge"].variables
    assert "load_kg" in catalogue["hip_hinge_bag"].variables
    assert any("close to your body" in cue for cue in catalogue["hip_hinge_bag"].cues)


def test_no_cue_teaches_that_bending_or_twisting_the_back_is_dangerous() -> None:
    fragile = ("keep your back long", "instead of twisting", "without letting your back")
    for exercise in load_catalogue().exercises.values():
        for cue in exercise.cues:
            assert not any(phrase in cue.lower() for phrase in fragile), (exercise.id, cue)


# A back is built to bend, twist and round: no "mistake" and no purpose says otherwise.
FEARFUL = re.compile(r"twist|round|arch|hunch|sag|balancing a cup", re.IGNORECASE)


def test_no_mistake_or_purpose_calls_twisting_rounding_or_arching_an_error() -> None:
    for exercise in load_catalogue().exercises.values():
        for text in [*exercise.mistakes, exercise.purpose]:
            assert not FEARFUL.search(text), (exercise.id, text)
    assert not any(FEARFUL.search(cue) for cue in load_catalogue()["bird_dog"].cues)


def test_getting_out_of_bed_for_real_offers_the_log_roll_as_one_option_only() -> None:
    catalogue = load_catalogue()
    real = catalogue.drill("out_of_bed", "integrated")
    assert any("one option, not a rule" in cue for cue in real.cues)
    assert not any("the way you practised" in cue for cue in real.cues)
    assert "one piece" not in " ".join(catalogue.drill("out_of_bed", "partly_loaded").cues).replace(
        "no longer has to be in one piece", ""
    )


def test_a_cue_that_names_a_weight_names_one_the_dose_can_reach() -> None:
    """Carrying a child is only offered once the dose has come near a child's weight."""
    for exercise in load_catalogue().exercises.values():
        load = exercise.variables.get("load_kg")
        for cue in exercise.cues:
            if load is None or "child" not in cue:
                continue
            weights = [float(kg) for kg in re.findall(r"(\d+(?:\.\d+)?) kg", cue)]
            assert weights, (exercise.id, cue)
            assert all(load.floor <= kg <= load.ceiling for kg in weights), (exercise.id, cue)


def _cites_evidence(source: str) -> bool:
    """Beyond the product's own seed article and method: a dated, checkable work, or an honest
    "clinical practice" where no trial exists."""
    rest = re.sub(r"[Ss]eed article(,? '[^']*')?( \([^)]*\))?|method\.md §\d", "", source)
    return bool(re.search(r"\b(19|20)\d\d\b", rest)) or "clinical practice" in rest.lower()


def test_every_exercise_and_lesson_names_a_real_source_or_says_it_has_none() -> None:
    catalogue = load_catalogue()
    items = [*catalogue.exercises.values(), *catalogue.lessons]
    assert [item.id for item in items if not _cites_evidence(item.source)] == []
    assert not _cites_evidence("Seed article ('Posture in motion': partly loaded); method.md §3")


def test_the_press_up_warns_about_stenosis_and_offers_bending_forward() -> None:
    caution = load_catalogue()["prone_extension"].caution or ""
    assert "stenosis" in caution and "knee to chest" in caution


def test_every_exercise_says_where_it_starts_what_it_needs_and_how_to_make_it_easier() -> None:
    for exercise in load_catalogue().exercises.values():
        assert exercise.position and exercise.purpose and exercise.mistakes and exercise.easier
    assert load_catalogue()["hip_hinge"].equipment == ["broomstick"]


def test_an_unknown_position_or_a_missing_easier_version_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    text = (data / "exercises.yaml").read_text()
    (data / "exercises.yaml").write_text(
        text.replace("position: lying", "position: upside_down", 1)
    )
    with pytest.raises(CatalogueError, match="position"):
        load_catalogue(data)
    easier = text.index("    easier:")
    end = text.index("\n", easier) + 1
    (data / "exercises.yaml").write_text(text[:easier] + text[end:])
    with pytest.raises(CatalogueError, match="easier"):
        load_catalogue(data)


def test_every_sit_break_move_suits_an_office_desk() -> None:
    """Sit breaks come at work: nothing beyond the chair and the desk, and never the floor."""
    snacks = [e for e in load_catalogue().exercises.values() if e.snack]
    assert len(snacks) >= 4
    for exercise in snacks:
        assert exercise.position in ("sitting", "standing"), exercise.id
        assert set(exercise.equipment) <= {"chair", "table"}, exercise.id


def test_every_exercise_is_written_in_every_language_bot_coach_speaks() -> None:
    from bot import i18n

    catalogue = load_catalogue()
    others = set(i18n.SUPPORTED) - {i18n.ENGLISH}
    missing = {e.id: others - set(e.translations) for e in catalogue.exercises.values()}
    assert not {k: v for k, v in missing.items() if v}


def test_an_exercise_spoken_in_german_keeps_its_dose_and_changes_its_words() -> None:
    catalogue = load_catalogue()
    english, german = catalogue["pelvic_tilts"], catalogue.speaking("de")["pelvic_tilts"]
    assert (
        german.name == "Beckenkippen im Liegen"
        and german.variables["reps"] == english.variables["reps"]
    )
    assert german.variables["range_level"].levels != english.variables["range_level"].levels
    assert catalogue.speaking("de") is catalogue.speaking("de")

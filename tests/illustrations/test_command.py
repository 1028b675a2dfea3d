"""`python -m bot illustrations`: a contact sheet for review, and every animation as a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from bot.__main__ import main
from bot.coaching.catalogue import load_catalogue
from bot.illustrations.pictures import level_doses


@pytest.mark.slow
def test_the_sheet_has_a_row_of_key_positions_for_every_exercise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "sheet.png"
    assert main(["illustrations", "--sheet", str(sheet)]) == 0
    catalogue = load_catalogue()
    count = len(catalogue.exercises)
    assert f"{count} exercises" in capsys.readouterr().out
    image = Image.open(sheet)
    strip_height = 128 + 22  # one exercise: title and key positions
    easier = sum(1 for poses in catalogue.poses.values() if poses.easier is not None)
    assert easier >= 4, "an easier version gets its own row"
    assert image.height == -(-(count + easier) // 2) * strip_height


@pytest.mark.slow
def test_out_writes_one_animation_per_exercise_and_level(tmp_path: Path) -> None:
    assert main(["illustrations", "--out", str(tmp_path / "gifs")]) == 0
    catalogue = load_catalogue()
    expected = sum(len(level_doses(exercise)) for exercise in catalogue.exercises.values())
    expected += sum(1 for poses in catalogue.poses.values() if poses.easier is not None)
    files = sorted((tmp_path / "gifs").iterdir())
    assert len(files) == expected
    assert {path.suffix for path in files} == {".gif", ".png"}  # breathing drills are stills
    assert all(path.stat().st_size > 1000 for path in files)


def test_without_an_output_it_says_what_to_write(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["illustrations"]) == 2
    assert "--sheet" in capsys.readouterr().err

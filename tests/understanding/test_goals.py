"""Activities read as ladder goals, only where they name both a ladder and a weight."""

from __future__ import annotations

import pytest

from bot.coaching.catalogue import default_data_dir
from bot.understanding.goals import ladder_goal


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("pick up my 12 kg daughter", ("lifting_from_floor", 12.0)),
        ("Lift a 10kg bag of compost", ("lifting_from_floor", 10.0)),
        ("carry 20 lbs of shopping", ("carrying", 9.0)),
        ("carrying my son, he's 14 kilos", ("carrying", 14.0)),
        ("pick up my daughter", None),  # no weight: rated and shown, no ceiling
        ("sit through a film", None),
        ("walk 5 km", None),
        ("meine Tochter hochheben, sie wiegt 12 kg", ("lifting_from_floor", 12.0)),
        ("Einkäufe tragen, so 8 Kilo", ("carrying", 8.0)),
        ("levantar a mi hijo de 15 kilos", ("lifting_from_floor", 15.0)),
        ("llevar la compra, unos 6 kg", ("carrying", 6.0)),
        ("eine Stunde im Kino sitzen", None),
    ],
)
def test_an_activity_with_a_weight_sets_its_ladders_goal(
    text: str, goal: tuple[str, float] | None
) -> None:
    assert ladder_goal(default_data_dir(), text) == goal

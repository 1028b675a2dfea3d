"""Pain zones against the person's own baseline: what a single rating can and cannot start."""

from __future__ import annotations

from bot.coaching.catalogue import load_catalogue
from bot.coaching.pain import flare_rating, may_flare

RULES = load_catalogue().rules


def test_below_the_absolute_floor_no_baseline_makes_a_rating_a_flare() -> None:
    for pain in range(0, 11):
        for b in range(0, 11):
            if flare_rating(RULES, pain, b):
                assert may_flare(RULES, pain), (pain, b)
    assert not may_flare(RULES, 7) and may_flare(RULES, 8)

"""What people are offered by name: every trouble movement, and the lessons command."""

from __future__ import annotations

from bot.coaching.catalogue import TRANSITIONS
from bot.telegram import texts


def test_onboarding_offers_every_trouble_movement_with_a_friendly_name() -> None:
    assert list(texts.TRANSITION_LABELS) == list(TRANSITIONS)
    assert texts.TRANSITION_LABELS["socks_and_shoes"] == "Putting on socks and shoes"
    assert texts.TRANSITION_LABELS["up_after_sitting"] == "Getting up after sitting a long time"


def test_learn_is_in_the_command_menu_and_the_help() -> None:
    assert "learn" in dict(texts.COMMANDS)
    assert "/learn" in texts.HELP and "lesson" in texts.HELP

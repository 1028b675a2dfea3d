"""What people are offered by name: every trouble movement, the commands, the effort scale."""

from __future__ import annotations

from bot.coaching.catalogue import TRANSITIONS
from bot.coaching.ratings import BORG_CR10
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.checkin import effort_label
from bot.telegram.help import help_all
from bot.telegram.questions import QUESTIONS


def test_onboarding_offers_every_trouble_movement_with_a_friendly_name() -> None:
    assert list(texts.TRANSITION_LABELS) == list(TRANSITIONS)
    assert texts.TRANSITION_LABELS["socks_and_shoes"] == "Putting on socks and shoes"
    assert texts.TRANSITION_LABELS["up_after_sitting"] == "Getting up after sitting a long time"


def test_learn_is_in_the_command_menu_and_the_help() -> None:
    assert "learn" in dict(texts.COMMANDS)
    assert "/learn" in help_all() and "lesson" in help_all()


def test_the_trouble_movements_question_reads_naturally_and_cancel_is_a_command() -> None:
    text, _ = QUESTIONS["tr"].ask(User(transitions=[]))
    assert "one to 3" not in text and "Pick up to 3" in text
    assert "cancel" in dict(texts.COMMANDS) and "/cancel" in help_all()


def test_the_effort_scale_names_no_point_with_a_bare_plus() -> None:
    labels = [effort_label(score, words) for score, words in BORG_CR10.items()]
    assert not any("+" in label for label in labels) and "3 · moderate" in labels

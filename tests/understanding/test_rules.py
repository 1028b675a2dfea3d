"""Personal rules as people type them: what to do, at what time, on which days."""

from __future__ import annotations

from datetime import time

import pytest

from bot.understanding.rules import parse_rule, sit_rule_readings, unsure_hour

WEEKDAYS, EVERY_DAY = frozenset(range(5)), frozenset(range(7))

RULES = [
    ("stretch after work at 6pm weekdays", ("stretch after work", time(18), WEEKDAYS)),
    ("No lifting without a warm-up at 08:00", ("No lifting without a warm-up", time(8), EVERY_DAY)),
    ("Walk after lunch 13:15 Mon-Fri", ("Walk after lunch", time(13, 15), WEEKDAYS)),
    ("Every Monday at noon: call mum", ("call mum", time(12), frozenset({0}))),
    ("Call mum on Sundays at 6pm", ("Call mum", time(18), frozenset({6}))),
    ("Stretch at half past six on weekdays", ("Stretch", time(6, 30), WEEKDAYS)),
    ("Take a walk around 1pm", ("Take a walk", time(13), EVERY_DAY)),
    ("Lunch walk at twelve thirty", ("Lunch walk", time(12, 30), EVERY_DAY)),
    ("Drink water at 10 every day", ("Drink water", time(10), EVERY_DAY)),
    ("Water break 15:00 mon, wed and fri", ("Water break", time(15), frozenset({0, 2, 4}))),
    ("On weekdays at 10am, drink water", ("drink water", time(10), WEEKDAYS)),
    ("Mon-Fri stretch 9am", ("stretch", time(9), WEEKDAYS)),
    ("Sun salutation at 7", ("Sun salutation", time(7), EVERY_DAY)),
    ("walk 10000 steps at 7pm", ("walk 10000 steps", time(19), EVERY_DAY)),
    ("stand up for 30 minutes at 3pm", ("stand up for 30 minutes", time(15), EVERY_DAY)),
    ("stretch at four", ("stretch", time(4), EVERY_DAY)),
    ("stretch at six forty five pm", ("stretch", time(18, 45), EVERY_DAY)),
    ("Evening stretch at 7 in the evening", ("Evening stretch", time(19), EVERY_DAY)),
    ("Check posture at quarter past 10 weekdays", ("Check posture", time(10, 15), WEEKDAYS)),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "meant"), RULES)
def test_a_rule_keeps_its_words_and_finds_its_time_and_days_anywhere(
    typed: str, meant: tuple[str, time, frozenset[int]]
) -> None:
    assert parse_rule(typed) == meant


@pytest.mark.parametrize("typed", ["just some words", "at 7", "stretch at 7:3", "stretch often"])
def test_a_rule_without_a_time_or_without_words_is_refused(typed: str) -> None:
    assert parse_rule(typed) is None


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("if I sit more than 30 minutes I move for two", (30, 2)),
        ("If I sit for forty-five minutes, I stand up and walk for 3", (45, 3)),
        ("sitting 60 min then stretch 5", (60, 5)),
        ("move 2 minutes after 30 minutes sitting", (30, 2)),
        ("every 40 min of sitting, 3 min moving", (40, 3)),
        ("Every 45 minutes sitting: stand up 2 minutes", (45, 2)),
        ("a 2 minute break every 30 minutes of sitting", (30, 2)),
    ],
)
def test_a_sit_rule_typed_as_a_sentence_gives_its_two_numbers(
    typed: str, numbers: tuple[int, int]
) -> None:
    assert sit_rule_readings(typed) == [numbers]


@pytest.mark.parametrize("typed", ["stretch at 7pm", "walk after sitting at 13:15", "sit up"])
def test_other_rules_are_not_sit_rules(typed: str) -> None:
    assert sit_rule_readings(typed) == []


def test_a_sit_rule_whose_numbers_could_go_either_way_has_both_readings() -> None:
    assert sit_rule_readings("sit 30 move 2 sit") == [(2, 30), (30, 2)]


def test_a_bare_hour_has_two_readings_a_clear_time_none() -> None:
    assert unsure_hour("stretch at four") == (time(4), time(16))
    assert unsure_hour("move for two") == (time(2), time(14))
    for clear in ("stretch at 7pm", "walk 13:15", "warm up at 08:00", "lunch walk at noon"):
        assert unsure_hour(clear) is None

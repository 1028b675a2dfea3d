"""The safety screen is data: complete against the NHS/NICE lists, each item with a source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.coaching.reminders import (
    ReminderSettings,
    next_due,
    recheck_due,
    rechecks_due_by,
)
from bot.coaching.screen import load_screen


def test_every_screen_item_names_its_source() -> None:
    screen = load_screen()
    for item in [*screen.urgent, *screen.soon]:
        assert len(item.source) > 10, item.id
    assert screen.minimum_age == 18


def test_the_screen_covers_what_was_missing() -> None:
    screen = load_screen()
    urgent = {item.id for item in screen.urgent}
    soon = {item.id for item in screen.soon}
    assert {"bladder_bowel", "saddle_numbness", "both_legs", "one_leg_weakening"} <= urgent
    assert {"infection_risk", "spine_shape", "upper_back", "age_at_onset"} <= soon
    assert "under 20" in next(i.says() for i in screen.soon if i.id == "age_at_onset")


ONBOARDED = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_rechecks_come_at_weeks_4_and_8_then_stop() -> None:
    assert recheck_due(ONBOARDED, 0) == ONBOARDED + timedelta(weeks=4)
    assert recheck_due(ONBOARDED, 1) == ONBOARDED + timedelta(weeks=8)
    assert recheck_due(ONBOARDED, 2) is None
    assert recheck_due(None, 0) is None
    assert rechecks_due_by(ONBOARDED, ONBOARDED + timedelta(weeks=10)) == 2


def test_safety_follow_ups_keep_to_pauses_and_quiet_hours_and_overdue_ones_come_now() -> None:
    zone = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 2, 2, 12, tzinfo=UTC)
    due = now + timedelta(days=7)
    settings = ReminderSettings(user_id=1, tz=zone, doctor_at=due, recheck_at=None)
    assert next_due("doctor", settings, now) == due
    assert next_due("recheck", settings, now) is None
    assert next_due("doctor", settings, due + timedelta(days=1)) == due + timedelta(days=1)
    paused = ReminderSettings(user_id=1, tz=zone, doctor_at=due, paused_until=due + timedelta(1))
    assert next_due("doctor", paused, now) == due + timedelta(days=1)
    assert "doctor" in settings.slots() and "recheck" in settings.slots()

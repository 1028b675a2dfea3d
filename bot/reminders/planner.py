"""Keeps each person's pending nudges in the database in line with their settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.coaching.nudge_timing import DeskHours
from bot.coaching.reminders import (
    MORNING_MIN_GAP,
    ReminderSettings,
    RuleTime,
    next_due,
    next_morning,
    recheck_due,
)
from bot.storage import Storage
from bot.storage.models import Rule, User
from bot.telegram.parsing import days_from_str, zone


def reminder_settings(user: User, rules: list[Rule]) -> ReminderSettings:
    desk_days = days_from_str(user.desk_days)
    desk = (
        DeskHours(desk_days, user.desk_start, user.desk_end)
        if desk_days and user.desk_start is not None and user.desk_end is not None
        else None
    )
    return ReminderSettings(
        user_id=user.id,
        tz=zone(user.timezone),
        desk=desk,
        sit_minutes=user.sit_minutes,
        sit_rule_on=user.sit_rule_on,
        sitting_since=user.sitting_since,
        sit_manual=user.sit_manual,
        routine_time=user.routine_time,
        weekly_day=user.weekly_day,
        weekly_time=user.weekly_time,
        morning_time=user.morning_time,
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
        paused_until=user.paused_until,
        sit_paused_until=user.sit_paused_until,
        routine_done_on=user.routine_done_on,
        rules=tuple(
            RuleTime(rule.id, rule.at_time, days_from_str(rule.weekdays))
            for rule in rules
            if rule.enabled
        ),
        doctor_at=user.doctor_ask_at if user.red_flags == "soon" else None,
        recheck_at=recheck_due(user.onboarded_at, user.rechecks_sent),
    )


class Planner:
    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    async def _settings(self, user_id: int) -> tuple[User, ReminderSettings] | None:
        user = await self._storage.users.get(user_id)
        if user is None:
            return None
        rules = await self._storage.rules.for_user(user_id)
        return user, reminder_settings(user, rules)

    def _receives(self, user: User) -> bool:
        return user.active and not user.stopped and user.onboarding_step is None

    async def replan_all(self, user_id: int, now: datetime) -> None:
        """After onboarding, a settings change, a pause or a resume: recompute every slot."""
        loaded = await self._settings(user_id)
        if loaded is None:
            return
        user, settings = loaded
        if not self._receives(user):
            await self._storage.nudges.cancel_pending(user_id)
            return
        await self._storage.nudges.cancel_pending(user_id, keep=("morning", "later"))
        for slot in settings.slots():
            await self._storage.nudges.set_pending(
                user_id, slot, next_due(slot, settings, now), now
            )
        await self._retime_morning(user_id, settings, now)

    async def replan(self, user_id: int, slot: str, after: datetime, now: datetime) -> None:
        """The next nudge of one slot, e.g. after one was sent or a sit break was answered."""
        loaded = await self._settings(user_id)
        if loaded is None:
            return
        user, settings = loaded
        due = next_due(slot, settings, after) if self._receives(user) else None
        await self._storage.nudges.set_pending(user_id, slot, due, now)

    async def schedule(self, user_id: int, slot: str, due: datetime | None, now: datetime) -> None:
        """A one-off nudge at a given time (snooze, "later"), or None to cancel it."""
        await self._storage.nudges.set_pending(user_id, slot, due, now)

    async def schedule_morning(self, user_id: int, session_end: datetime, now: datetime) -> None:
        loaded = await self._settings(user_id)
        if loaded is None or not self._receives(loaded[0]):
            return
        await self._storage.nudges.set_pending(
            user_id, "morning", next_morning(loaded[1], session_end), now
        )

    async def _retime_morning(
        self, user_id: int, settings: ReminderSettings, now: datetime
    ) -> None:
        """A waiting next-morning question follows a new morning time (or quiet hours). One that
        falls inside a pause stays: it is skipped only if the pause still holds when it is due,
        so a short pause (or /resume) never loses it."""
        for nudge in await self._storage.nudges.pending(user_id):
            if nudge.slot == "morning" and nudge.due_at > now:
                due = next_morning(replace(settings, paused_until=None), now - MORNING_MIN_GAP)
                if due != nudge.due_at:
                    await self._storage.nudges.set_pending(user_id, "morning", due, now)

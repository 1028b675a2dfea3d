"""Keeps each person's pending nudges in the database in line with their settings."""

from __future__ import annotations

from datetime import datetime

from bot.coaching.nudge_timing import DeskHours
from bot.coaching.reminders import ReminderSettings, RuleTime, next_due, next_morning
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
        rules=tuple(
            RuleTime(rule.id, rule.at_time, days_from_str(rule.weekdays))
            for rule in rules
            if rule.enabled
        ),
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
        if settings.paused_until is not None:
            await self._drop_one_offs_inside_pause(user_id, settings, now)

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

    async def _drop_one_offs_inside_pause(
        self, user_id: int, settings: ReminderSettings, now: datetime
    ) -> None:
        """A next-morning question or a "later" reminder that falls inside the pause is dropped."""
        assert settings.paused_until is not None
        for nudge in await self._storage.nudges.pending(user_id):
            if nudge.slot in ("morning", "later") and nudge.due_at < settings.paused_until:
                await self._storage.nudges.set_pending(user_id, nudge.slot, None, now)

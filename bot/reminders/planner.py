"""Keeps each person's pending nudges in the database in line with their settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.coaching.nudge_timing import DeskHours
from bot.coaching.reminders import (
    ReminderSettings,
    RuleTime,
    morning_again,
    next_due,
    recheck_due,
)
from bot.storage import Storage
from bot.storage.models import Rule, User
from bot.telegram.parsing import days_from_str, zone

# The next-morning question is about a session this recent.
MORNING_WINDOW = timedelta(hours=36)
# A weekly session finished this recently may be this week's (Monday to Sunday).
WEEKLY_LOOKBACK = timedelta(days=8)


def reminder_settings(
    user: User,
    rules: list[Rule],
    weekly_done_on: date | None = None,
    morning_due: datetime | None = None,
) -> ReminderSettings:
    """The person's settings as the timing rules read them; the last weekly session and a
    waiting morning question come from storage (the planner loads them)."""
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
        sit_ignored=user.sit_ignored,
        sit_afternoons=user.sit_afternoons,
        routine_time=user.routine_time,
        weekly_day=user.weekly_day,
        weekly_time=user.weekly_time,
        morning_time=user.morning_time,
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
        paused_until=user.paused_until,
        sit_paused_until=user.sit_paused_until,
        routine_done_on=user.routine_done_on,
        weekly_done_on=weekly_done_on,
        morning_due=morning_due,
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

    async def _settings(self, user_id: int, now: datetime) -> tuple[User, ReminderSettings] | None:
        user = await self._storage.users.get(user_id)
        if user is None:
            return None
        rules = await self._storage.rules.for_user(user_id)
        pending = await self._storage.nudges.pending(user_id)
        morning = next((nudge.due_at for nudge in pending if nudge.slot == "morning"), None)
        workouts = await self._storage.coaching.workouts_since(user_id, now - WEEKLY_LOOKBACK)
        done = max(
            (
                w.ended_at
                for w in workouts
                if w.variant == "weekly" and w.status == "finished" and w.ended_at is not None
            ),
            default=None,
        )
        tz = zone(user.timezone)
        return user, reminder_settings(
            user, rules, done.astimezone(tz).date() if done else None, morning
        )

    def _receives(self, user: User) -> bool:
        return user.active and not user.stopped and user.onboarding_step is None

    async def replan_all(self, user_id: int, now: datetime) -> None:
        """After onboarding, a settings change, a pause or a resume: recompute every slot."""
        loaded = await self._settings(user_id, now)
        if loaded is None:
            return
        user, settings = loaded
        if not self._receives(user):
            await self._storage.nudges.cancel_pending(user_id)
            return
        await self._storage.nudges.cancel_pending(user_id, keep=("morning", "later"))
        morning = await self._replan_morning(user_id, settings, now)
        settings = replace(settings, morning_due=morning)
        for slot in settings.slots():
            await self._storage.nudges.set_pending(
                user_id, slot, next_due(slot, settings, now), now
            )

    async def replan(self, user_id: int, slot: str, after: datetime, now: datetime) -> None:
        """The next nudge of one slot, e.g. after one was sent or a sit break was answered."""
        loaded = await self._settings(user_id, now)
        if loaded is None:
            return
        user, settings = loaded
        due = next_due(slot, settings, after) if self._receives(user) else None
        await self._storage.nudges.set_pending(user_id, slot, due, now)

    async def schedule(self, user_id: int, slot: str, due: datetime | None, now: datetime) -> None:
        """A one-off nudge at a given time (snooze, "later"), or None to cancel it."""
        await self._storage.nudges.set_pending(user_id, slot, due, now)

    async def schedule_morning(self, user_id: int, session_end: datetime, now: datetime) -> None:
        """The next-morning question; a routine reminder that would come with it is carried."""
        loaded = await self._settings(user_id, now)
        if loaded is None or not self._receives(loaded[0]):
            return
        due = morning_again(loaded[1], session_end, now)
        await self._storage.nudges.set_pending(user_id, "morning", due, now)
        settings = replace(loaded[1], morning_due=due)
        await self._storage.nudges.set_pending(
            user_id, "daily", next_due("daily", settings, now), now
        )

    async def _replan_morning(
        self, user_id: int, settings: ReminderSettings, now: datetime
    ) -> datetime | None:
        """The next-morning question follows a new morning time, quiet hours and pauses, and is
        never lost to one: still owed after a pause, a safety hold or /resume, it is asked later
        the same morning. Returns when it is due, if it is."""
        session_end = await self._owed_morning(user_id, now)
        due = None if session_end is None else morning_again(settings, session_end, now)
        await self._storage.nudges.set_pending(user_id, "morning", due, now)
        return due

    async def _owed_morning(self, user_id: int, now: datetime) -> datetime | None:
        """When the latest session with a saved check-in ended, if its morning question has been
        neither sent nor answered yet."""
        since = now - MORNING_WINDOW
        workouts = await self._storage.coaching.workouts_since(user_id, since - MORNING_WINDOW)
        ended = [w for w in workouts if w.ended_at is not None and w.ended_at >= since]
        if not ended:
            return None
        end = max(w.ended_at for w in ended if w.ended_at is not None)
        checkins = await self._storage.coaching.checkins_since(user_id, end - MORNING_WINDOW)
        ids = {w.id for w in ended if w.ended_at == end}
        if not any(c.kind == "session" and c.workout_id in ids for c in checkins):
            return None
        if any(c.kind == "next_morning" and c.created_at >= end for c in checkins):
            return None
        for nudge in await self._storage.nudges.log(user_id, limit=40):
            sent = nudge.status in ("sent", "unknown", "sending")
            if nudge.slot == "morning" and sent and nudge.due_at >= end:
                return None
        return end

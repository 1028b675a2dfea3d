"""What a guided session does to the person's day, and the habit line after it.

Starting a session holds sit breaks (nobody needs "time to move" on exercise 9); finishing or
stopping it restarts the sit timer from then; a finished one makes today done, so the routine
reminder stays quiet. Used by the session, check-in and reminder flows alike.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bot.coaching.habit import summarise
from bot.i18n import N_, _, ngettext
from bot.storage.models import User
from bot.telegram.common import Services
from bot.telegram.parsing import zone

# A guided session holds sit breaks until it ends; one left open holds them no longer than this.
SESSION_HOLD = timedelta(minutes=90)
# The habit score is shown from this many days after the first session done.
SCORE_AFTER_DAYS = 14
HABIT_STARTING = N_("Habit score: just getting started — your first session counts.")
HABIT_EARLY = N_(
    "{done} done so far, streak {streak} — a good start. Your habit score shows after two "
    "weeks; paused and flare days never break it."
)
HABIT = N_(
    "Habit score {percent}% · streak {streak} (best {best}). Paused and flare days never break it."
)


async def hold_sit_breaks(
    svc: Services, user_id: int, until: datetime | None, kind: str | None
) -> None:
    """Hold sit breaks alone until `until` (None: hold no more), and plan the next one."""
    now = svc.clock.now()
    await svc.storage.users.update(user_id, sit_paused_until=until, sit_pause=kind)
    await svc.planner.replan(user_id, "sit", now, now)


async def session_started(svc: Services, user_id: int) -> None:
    """A guided session holds sit breaks: nobody needs "time to move" on exercise 9. The hold
    ends with the session (`session_ended`), or after SESSION_HOLD if it is left open."""
    user = await svc.storage.users.get(user_id)
    if user is None:
        return
    until = svc.clock.now() + SESSION_HOLD
    if user.sit_paused_until is not None and user.sit_paused_until > until:
        return  # a longer hold (a meeting, the rest of today) stays as it is
    await hold_sit_breaks(svc, user_id, until, "session")


async def session_ended(svc: Services, user_id: int, finished: bool) -> None:
    """After a session (finished or stopped) the sit timer starts again from now; a finished
    one makes today done: no more routine reminders today."""
    user = await svc.storage.users.get(user_id)
    if user is None:
        return
    now = svc.clock.now()
    fields: dict[str, Any] = {"sitting_since": now}
    if user.sit_pause == "session":
        fields.update(sit_paused_until=None, sit_pause=None)
    if finished:
        fields["routine_done_on"] = local_day(user, now)
    await svc.storage.users.update(user_id, **fields)
    await svc.planner.replan(user_id, "sit", now, now)
    if finished:
        await svc.planner.replan(user_id, "daily", now, now)
        await svc.planner.replan(user_id, "weekly", now, now)
        await svc.planner.schedule(user_id, "later", None, now)


def done_today(user: User, now: datetime) -> bool:
    """Whether today's session is done (a finished one, on the person's local day)."""
    return user.routine_done_on is not None and user.routine_done_on == local_day(user, now)


async def habit_line(svc: Services, user: User) -> str:
    """The forgiving habit score and streak, in one line. The score grows slowly by design (a
    13-day half-life), so for the first two weeks only the days done are counted: "5%" after a
    full first session would read as a failing grade."""
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    marks = await svc.storage.habits.days(user.id, today - timedelta(days=365))
    summary = summarise([(day, outcome) for day, outcome in marks], today)  # type: ignore[misc]
    if summary.done_days == 0:
        return _(HABIT_STARTING)
    streak = ngettext("{n} day", "{n} days", summary.streak).format(n=summary.streak)
    first = min(day for day, outcome in marks if outcome == "done")
    if (today - first).days < SCORE_AFTER_DAYS:
        done = ngettext("{n} day", "{n} days", summary.done_days).format(n=summary.done_days)
        return _(HABIT_EARLY).format(done=done, streak=streak)
    return _(HABIT).format(percent=summary.percent, streak=streak, best=summary.best_streak)


def local_day(user: User, now: datetime) -> date:
    return now.astimezone(zone(user.timezone)).date()

"""A year of one person's ordinary use, written through the bot's own storage functions.

Each day: a guided session (its steps as the session stores them), its check-in (pain, effort,
the engine's result with the plan as it was, a change every third day), the next morning's
answer, the habit mark; on weekdays ten sit breaks (two taken) and the routine and morning
reminders, on Sundays the weekly one and a re-rating. Nudge rows are written as the dispatcher
leaves them (sent, with their message ids), in one batch a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from sqlalchemy import insert

from bot.coaching.catalogue import Catalogue
from bot.coaching.plan import initial_plan
from bot.coaching.routine import build_routine
from bot.storage import Storage
from bot.storage.models import Nudge
from bot.telegram.routine import session_items

SIT_BREAKS = 10
MESSAGE_IDS = count(1)


def nudge_row(user_id: int, slot: str, due: datetime, reason: str | None = None) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "slot": slot,
        "due_at": due,
        "first_due_at": due,
        "status": "sent",
        "reason": reason,
        "created_at": due - timedelta(minutes=45),
        "claimed_at": due,
        "claim_token": "0" * 32,
        "sent_at": due + timedelta(seconds=1),
        "message_id": next(MESSAGE_IDS),
    }


def day_nudges(user_id: int, morning: datetime) -> list[dict[str, Any]]:
    rows = [nudge_row(user_id, "morning", morning), nudge_row(user_id, "daily", morning)]
    if morning.weekday() < 5:
        rows += [
            nudge_row(
                user_id,
                "sit",
                morning + timedelta(hours=2, minutes=47 * n),
                "done" if n % 5 == 0 else None,
            )
            for n in range(SIT_BREAKS)
        ]
    if morning.weekday() == 6:
        rows.append(nudge_row(user_id, "weekly", morning + timedelta(hours=3)))
    return rows


async def live_days(
    storage: Storage, catalogue: Catalogue, user_id: int, start: datetime, days: int
) -> None:
    """`days` ordinary days of `user_id` (who must exist), the first beginning at `start`."""
    plan = initial_plan(catalogue, ["out_of_bed"], 3)
    state = plan.to_dict()
    items = session_items(catalogue, build_routine(catalogue, plan, "daily").items)
    for n in range(days):
        morning = start + timedelta(days=n)
        async with storage.engine.begin() as connection:
            await connection.execute(insert(Nudge), day_nudges(user_id, morning))
        at = morning + timedelta(hours=11)
        workout = await storage.coaching.start_workout(user_id, "daily", items, at)
        for position in range(len(items)):
            await storage.coaching.record_step(user_id, workout.id, position, "done", at)
        checkin = await storage.coaching.open_checkin(user_id, "session", workout.id, at)
        await storage.coaching.update_checkin(
            user_id,
            checkin.id,
            at,
            pain=3,
            effort=4,
            feels={i["exercise_id"]: "right" for i in items},
        )
        changes = [] if n % 3 else [_change(items[0]["exercise_id"])]
        await storage.coaching.apply_engine_result(user_id, checkin.id, state, state, changes, at)
        tomorrow = morning + timedelta(days=1, minutes=5)
        answer = await storage.coaching.open_checkin(user_id, "next_morning", workout.id, tomorrow)
        await storage.coaching.update_checkin(user_id, answer.id, tomorrow, compared="same", pain=3)
        await storage.coaching.apply_engine_result(user_id, answer.id, state, state, [], tomorrow)
        await storage.habits.mark(user_id, at.date(), "done")
        if morning.weekday() == 6:
            await storage.coaching.rate_transition(user_id, "out_of_bed", 4, at)


def _change(exercise: str) -> dict[str, str]:
    return {
        "exercise": exercise,
        "variable": "reps",
        "kind": "progress",
        "from_value": "6",
        "to_value": "7",
        "reason": "Two comfortable sessions and a settled morning: one more rep.",
    }

"""The ⏱ timer of a guided-session step: one tap paces every hold, breath or minute of it.

One message per timer, edited as it goes ("Hold 2/5"), so the chat does not fill up. A chat has
at most one timer: a second tap on the same step leaves the running one alone, a timer for a new
step replaces the old one, and moving on (Done, Too hard, Skip, Stop) ends it, so "time!" never
arrives after the person has left the step. Timers live in the process's job queue: a restart
forgets them, which costs a person one tap.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes, Job, JobQueue

from bot.storage.models import Workout
from bot.telegram.common import Context, reply

REST_S = 5  # between holds, and to switch sides
IN_SHARE = 0.4  # of a paced breath, the in-breath; the slower out-breath gets the rest
# Real seconds per timer second (tests run timers faster).
SECOND = 1.0


@dataclass(frozen=True)
class Phase:
    text: str
    seconds: float


@dataclass(frozen=True)
class Timer:
    chat_id: int
    message_id: int
    workout_id: int
    position: int
    phases: tuple[Phase, ...]
    index: int = 0


def phases(item: dict[str, Any]) -> list[Phase]:
    """The paced steps of one session step; none when it has nothing to time (reps)."""
    dose: dict[str, float] = item.get("dose") or {}
    sets, sides = int(item.get("sets") or 1), int(item.get("sides") or 1)
    if "minutes" in dose:
        total = int(dose["minutes"])
        return [
            Phase(f"🚶 {left} min to go — an easy pace, breathing naturally.", 60)
            for left in range(total, 0, -1)
        ]
    if "breaths" in dose:
        per = float(item.get("seconds_per_rep") or 8)
        inhale = round(per * IN_SHARE)
        return _rounds(
            int(dose["breaths"]),
            sets,
            sides,
            lambda n, of: [
                Phase(f"🌬 Breath {n}/{of}: in through the nose…", inhale),
                Phase(f"🌬 Breath {n}/{of}: …and slowly out.", per - inhale),
            ],
            rest=False,
        )
    hold = item.get("hold_s")
    if hold:
        return _rounds(
            int(dose.get("reps", 1)),
            sets,
            sides,
            lambda n, of: [Phase(f"⏱ Hold {n}/{of} · {hold} s — keep breathing out slowly.", hold)],
            rest=True,
        )
    return []


def _rounds(count: int, sets: int, sides: int, one: Any, rest: bool) -> list[Phase]:
    """`count` per round, every set on each side; a pause between holds, a switch between
    sides."""
    total, result = count * sets * sides, []
    for n in range(1, total + 1):
        result += one(n, total)
        if n == total:
            break
        if n % count == 0 and sides == 2:
            result.append(Phase("↔️ Switch sides.", REST_S))
        elif n % count == 0 or rest:
            result.append(Phase(f"Rest — next one in {REST_S} s.", REST_S))
    return result


def button_label(item: dict[str, Any]) -> str | None:
    dose: dict[str, float] = item.get("dose") or {}
    if not phases(item):
        return None
    if "minutes" in dose:
        return f"⏱ {dose['minutes']:g} min timer"
    if "breaths" in dose:
        return "⏱ Breathing timer"
    return "⏱ Hold timer"


async def start(update: Update, context: Context, workout: Workout, position: int) -> str:
    """Start the step's timer; the note for the tap ("already running")."""
    chat, queue = update.effective_chat, context.job_queue
    plan = tuple(phases(workout.routine[position]))
    if chat is None or queue is None or not plan:
        return "Nothing to time here."
    running = _running(queue, chat.id)
    if running is not None and (running.workout_id, running.position) == (workout.id, position):
        return "The timer is already running."
    await stop(context, chat.id)
    message = await reply(update, plan[0].text)
    if message is not None:
        timer = Timer(chat.id, message.message_id, workout.id, position, plan)
        queue.run_once(_next, plan[0].seconds * SECOND, data=timer, name=_name(chat.id))
    return "Timer started."


async def stop(context: Context, chat_id: int) -> None:
    """End the chat's timer, if one runs, and say so on its message."""
    if context.job_queue is None:
        return
    for job in context.job_queue.get_jobs_by_name(_name(chat_id)):
        job.schedule_removal()
        await _edit(context, _timer(job), "⏹ Timer stopped — on to the next one.")


async def _next(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    assert job is not None and context.job_queue is not None
    timer = _timer(job)
    timer = replace(timer, index=timer.index + 1)
    if timer.index >= len(timer.phases):
        await _edit(context, timer, "✅ Time! Ease off gently, then tap Done when you're ready.")
        return
    if await _edit(context, timer, timer.phases[timer.index].text):
        seconds = timer.phases[timer.index].seconds * SECOND
        context.job_queue.run_once(_next, seconds, data=timer, name=_name(timer.chat_id))


async def _edit(context: ContextTypes.DEFAULT_TYPE, timer: Timer, text: str) -> bool:
    try:
        await context.bot.edit_message_text(
            text, chat_id=timer.chat_id, message_id=timer.message_id
        )
    except TelegramError:  # deleted, or the chat blocked us: the timer ends quietly
        return False
    return True


def _running(queue: JobQueue[Any], chat_id: int) -> Timer | None:
    jobs: tuple[Job[Any], ...] = queue.get_jobs_by_name(_name(chat_id))
    return _timer(jobs[0]) if jobs else None


def _timer(job: Job[Any]) -> Timer:
    assert isinstance(job.data, Timer)
    return job.data


def _name(chat_id: int) -> str:
    return f"timer:{chat_id}"

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

from bot import i18n
from bot.i18n import N_, _
from bot.storage.models import Workout
from bot.telegram.common import Context, reply

REST_S = 5  # between holds, and to switch sides
IN_SHARE = 0.4  # of a paced breath, the in-breath; the slower out-breath gets the rest
# Real seconds per timer second (tests run timers faster).
SECOND = 1.0
WALK = N_("🚶 {left} min to go — an easy pace, breathing naturally.")
BREATH_IN = N_("🌬 Breath {n}/{of}: in through the nose…")
BREATH_OUT = N_("🌬 Breath {n}/{of}: …and slowly out.")
HOLD = N_("⏱ Hold {n}/{of} · {seconds} s — keep breathing out slowly.")
SWITCH = N_("↔️ Switch sides.")
REST = N_("Rest — next one in {seconds} s.")
MINUTES_TIMER = N_("⏱ {n} min timer")
BREATHING_TIMER, HOLD_TIMER = N_("⏱ Breathing timer"), N_("⏱ Hold timer")
NOTHING_TO_TIME = N_("Nothing to time here.")
RUNNING = N_("The timer is already running.")
STARTED = N_("Timer started.")
STOPPED = N_("⏹ Timer stopped — on to the next one.")
TIME_UP = N_("✅ Time! Ease off gently, then tap Done when you're ready.")


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
    language: str = i18n.ENGLISH  # the job runs outside the update: its words are kept here


def phases(item: dict[str, Any]) -> list[Phase]:
    """The paced steps of one session step; none when it has nothing to time (reps)."""
    dose: dict[str, float] = item.get("dose") or {}
    sets, sides = int(item.get("sets") or 1), int(item.get("sides") or 1)
    if "minutes" in dose:
        total = int(dose["minutes"])
        return [Phase(_(WALK).format(left=left), 60) for left in range(total, 0, -1)]
    if "breaths" in dose:
        per = float(item.get("seconds_per_rep") or 8)
        inhale = round(per * IN_SHARE)
        return _rounds(
            int(dose["breaths"]),
            sets,
            sides,
            lambda n, of: [
                Phase(_(BREATH_IN).format(n=n, of=of), inhale),
                Phase(_(BREATH_OUT).format(n=n, of=of), per - inhale),
            ],
            rest=False,
        )
    hold = item.get("hold_s")
    if hold:
        return _rounds(
            int(dose.get("reps", 1)),
            sets,
            sides,
            lambda n, of: [Phase(_(HOLD).format(n=n, of=of, seconds=hold), hold)],
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
            result.append(Phase(_(SWITCH), REST_S))
        elif n % count == 0 or rest:
            result.append(Phase(_(REST).format(seconds=REST_S), REST_S))
    return result


def button_label(item: dict[str, Any]) -> str | None:
    dose: dict[str, float] = item.get("dose") or {}
    if not phases(item):
        return None
    if "minutes" in dose:
        return _(MINUTES_TIMER).format(n=f"{dose['minutes']:g}")
    if "breaths" in dose:
        return _(BREATHING_TIMER)
    return _(HOLD_TIMER)


async def start(update: Update, context: Context, workout: Workout, position: int) -> str:
    """Start the step's timer; the note for the tap ("already running")."""
    chat, queue = update.effective_chat, context.job_queue
    plan = tuple(phases(workout.routine[position]))
    if chat is None or queue is None or not plan:
        return _(NOTHING_TO_TIME)
    running = _running(queue, chat.id)
    if running is not None and (running.workout_id, running.position) == (workout.id, position):
        return _(RUNNING)
    await stop(context, chat.id)
    message = await reply(update, plan[0].text)
    if message is not None:
        timer = Timer(
            chat.id, message.message_id, workout.id, position, plan, language=i18n.current()
        )
        queue.run_once(_next, plan[0].seconds * SECOND, data=timer, name=_name(chat.id))
    return _(STARTED)


async def stop(context: Context, chat_id: int) -> None:
    """End the chat's timer, if one runs, and say so on its message."""
    if context.job_queue is None:
        return
    for job in context.job_queue.get_jobs_by_name(_name(chat_id)):
        job.schedule_removal()
        await _edit(context, _timer(job), _(STOPPED))


async def _next(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    assert job is not None and context.job_queue is not None
    timer = _timer(job)
    timer = replace(timer, index=timer.index + 1)
    if timer.index >= len(timer.phases):
        with i18n.speaking(timer.language):
            await _edit(context, timer, _(TIME_UP))
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

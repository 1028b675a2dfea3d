"""/report: the one-page PDF summary a person can show their GP or physiotherapist.

It is sent into the person's own chat and nowhere else. People on hold after a warning sign
can make one too: that is when a clinician most wants to see it."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bot.coaching.plan import PlanState
from bot.coaching.progress import ProgressData
from bot.i18n import N_, _
from bot.reports.clinician import ClinicianSummary, render_summary
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, Services, reply, services
from bot.telegram.outcomes import GLOBAL_SCALE, peg_scores
from bot.telegram.plans import load_plan
from bot.telegram.progress import progress_data
from bot.telegram.routine import current_routine
from bot.telegram.setup import current_user
from bot.understanding.zones import zone

WEEKS = 12  # the page covers the last 12 weeks at most: about the length of the programme
CAPTION = N_(
    "A one-page summary to show your GP or physiotherapist. It stays in this chat: "
    "I don't send it anywhere else."
)
SCREEN_RESULT = {
    "clear": N_("safety questions answered: no warning signs"),
    "soon": N_("safety questions answered: a sign to see a doctor about soon"),
    "urgent": N_("a warning sign reported: advised urgent care, programme on hold"),
    "checked": N_("safety questions answered"),
}


async def report(update: Update, context: Context) -> None:
    svc, user = services(context), await current_user(update, context)
    chat = update.effective_chat
    if user is None or chat is None:
        return
    if user.onboarding_step is not None or user.adult is False:
        await reply(update, _(texts.FINISH_SETUP_FIRST))
        return
    summary = await clinician_summary(svc, user)
    pdf = await asyncio.to_thread(render_summary, summary)  # drawing takes most of a second
    await chat.send_document(
        pdf, filename=f"backcoach-summary-{summary.end:%Y-%m-%d}.pdf", caption=_(CAPTION)
    )


async def clinician_summary(svc: Services, user: User) -> ClinicianSummary:
    now = svc.clock.now()
    tz = zone(user.timezone)
    since = max(user.onboarded_at or user.created_at, now - timedelta(weeks=WEEKS))
    plan = await load_plan(svc, user)
    data = await progress_data(svc, user, since, plan)
    routine = await current_routine(svc, user, "daily")
    return ClinicianSummary(
        first_name=user.first_name,
        start=since.astimezone(tz).date(),
        end=now.astimezone(tz).date(),
        zone=user.timezone,
        usual_pain_at_start=user.typical_pain,
        baseline=data.baseline,
        morning_pain=data.morning_pain,
        session_pain=data.session_pain,
        sessions_per_week=data.sessions_per_week,
        flares=data.flares,
        routine=[(item.name, item.dose_text) for item in routine.items],
        stages=_stages(plan),
        ratings=_rating_ends(data),
        changes=data.changes,
        safety=_safety(user, tz),
        **await _outcomes(svc, user, tz),
    )


async def _outcomes(svc: Services, user: User, tz: ZoneInfo) -> dict[str, Any]:
    ratings = await svc.storage.outcomes.ratings(user.id)
    scores: dict[int, list[int]] = {}
    for rating in ratings:
        if rating.activity_id is not None:
            scores.setdefault(rating.activity_id, []).append(rating.score)
    activities = [
        (activity.name, scores[activity.id][0], scores[activity.id][-1])
        for activity in await svc.storage.outcomes.activities(user.id)
        if activity.id in scores
    ]
    peg = [(moment.astimezone(tz).date(), score) for moment, score in peg_scores(ratings)]
    answers = [
        (r.created_at.astimezone(tz).date(), _(GLOBAL_SCALE[7 - r.score]))
        for r in ratings
        if r.kind == "global"
    ]
    since = svc.clock.now() - timedelta(weeks=WEEKS)
    logs = await svc.storage.own_exercises.logs_since(user.id, since)
    prescribed = [
        (
            exercise.name,
            exercise.dose,
            sum(1 for log in logs if log.own_exercise_id == exercise.id and log.result == "done"),
            sum(
                1 for log in logs if log.own_exercise_id == exercise.id and log.result == "too_hard"
            ),
        )
        for exercise in await svc.storage.own_exercises.current(user.id)
    ]
    return {
        "activities": activities,
        "peg": peg,
        "global_change": answers,
        "clinician_exercises": prescribed,
    }


def _stages(plan: PlanState) -> list[tuple[str, str]]:
    return [(_label(name), stage) for name, stage in plan.stages.items()]


def _rating_ends(data: ProgressData) -> list[tuple[str, int, int]]:
    first: dict[str, int] = {}
    latest: dict[str, int] = {}
    for _day, transition, score in sorted(data.transition_ratings):
        first.setdefault(transition, score)
        latest[transition] = score
    return [(_label(name), first[name], latest[name]) for name in first]


def _label(transition: str) -> str:
    """An everyday movement's name (bot.telegram.texts keeps them) in the person's language."""
    return _(texts.TRANSITION_LABELS.get(transition, transition))


def _safety(user: User, tz: ZoneInfo) -> list[tuple[date, str]]:
    def day(moment: datetime) -> date:
        return moment.astimezone(tz).date()

    events: list[tuple[date, str]] = []
    if user.screened_at is not None:
        result = SCREEN_RESULT.get(user.red_flags or "", N_("answered"))
        events.append((day(user.screened_at), _(result)))
    if user.soon_at is not None:
        events.append((day(user.soon_at), _("reported a sign to see a doctor about soon")))
    if user.cleared_at is not None:
        events.append((day(user.cleared_at), _("said a clinician has checked them")))
    if user.pregnant:
        pregnant = _("pregnant: gentler limits apply")
        events.append((day(user.screened_at or user.created_at), pregnant))
    return sorted(events)

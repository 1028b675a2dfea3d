"""/progress (chart and summary), /history (recent log), and the weekly review with its
re-rating of the person's trouble movements."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, timedelta, tzinfo

from babel.dates import format_datetime
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import i18n
from bot.coaching.habit import summarise
from bot.coaching.microload import apply_transition_ratings, baseline_text, current_baseline
from bot.coaching.pain import acceptable_max
from bot.coaching.plan import PlanState
from bot.coaching.progress import ProgressData, flare_periods
from bot.i18n import N_, _
from bot.reports.chart import render_chart
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.outcomes import matters_lines, offer_rerating
from bot.telegram.parsing import zone
from bot.telegram.people import ready_user
from bot.telegram.plans import load_plan, record_changes
from bot.telegram.progress_summary import summary_text, weekly_caption
from bot.telegram.safety import weekly_safety_review

WEEKS = 8

CHART_CAPTION = N_(
    "Pain, effort, sessions and movement breaks; dotted lines mark changes to your plan."
)
# /history: one line per event, newest last.
SESSION_EVENTS = {
    "daily": N_("daily session, {status} ({done}/{total} exercises)"),
    "weekly": N_("weekly session, {status} ({done}/{total} exercises)"),
    "flare": N_("flare session, {status} ({done}/{total} exercises)"),
}
STATUSES = {
    "finished": N_("finished"),
    "stopped": N_("stopped"),
    "started": N_("started"),
}
CHECKIN_EVENT = N_("check-in: pain {pain}, effort {effort}")
MORNING_EVENT = N_("next morning: {compared}")
MORNING_PAIN_EVENT = N_("next morning: {compared}, pain {pain}")
COMPARED = {"better": N_("better"), "same": N_("same"), "worse": N_("worse")}
NOTHING_YET = N_("Nothing in the last two weeks yet. /today is a good start.")
LAST_TWO_WEEKS = N_("Your last two weeks:")
# The moment of each line of /history as each language writes it ("Mon 02 Mar 08:15",
# "Mo., 2. März 08:15", "lun 2 mar 08:15"): Babel's patterns, names from the locale.
WHEN = {"en": "EEE dd MMM HH:mm", "de": "EEE, d. MMM HH:mm", "es": "EEE d MMM HH:mm"}

RATE_MOVEMENT = N_(
    "In daily life this week, how hard was “{label}”? 0 = no trouble, 10 = can't do it. Tap or "
    "type a number."
)
LADDER_READY = N_(
    "That's easier — your practice for it can move up a step at your next good session."
)
RATINGS_THANKS = N_("Thanks — I'll show how these change over the weeks in /progress.")


async def progress_data(
    svc: Services, user: User, since: datetime, plan: PlanState
) -> ProgressData:
    tz = zone(user.timezone)

    def day(moment: datetime) -> date:
        return moment.astimezone(tz).date()

    checkins = await svc.storage.coaching.checkins_since(user.id, since)
    workouts = await svc.storage.coaching.workouts_since(user.id, since)
    changes = await svc.storage.coaching.changes_since(user.id, since)
    snacks = await svc.storage.nudges.answered_since(user.id, "sit", "done", since)
    ratings = await svc.storage.coaching.transition_ratings_since(user.id, since)
    weeks = Counter(
        day(w.started_at) - timedelta(days=day(w.started_at).weekday())
        for w in workouts
        if w.status == "finished"
    )
    b = current_baseline(svc.catalogue.rules, plan)
    flares = [(day(c.created_at), c.kind) for c in changes if c.kind in ("flare_on", "flare_off")]
    return ProgressData(
        session_pain=[
            (day(c.created_at), c.pain)
            for c in checkins
            if c.kind == "session" and c.pain is not None
        ],
        morning_pain=[
            (day(c.created_at), c.pain)
            for c in checkins
            if c.kind == "next_morning" and c.pain is not None
        ],
        effort=[(day(c.created_at), c.effort) for c in checkins if c.effort is not None],
        sessions_per_week=sorted(weeks.items()),
        snacks_per_day=sorted(Counter(day(sent) for sent in snacks).items()),
        changes=[(day(c.created_at), c.reason) for c in changes if c.kind != "hold"],
        transition_ratings=[(day(r.created_at), r.transition, r.score) for r in ratings],
        baseline=b,
        acceptable_max=acceptable_max(svc.catalogue.rules, b),
        flares=flare_periods(flares, day(since), plan.flare),
        walks=[
            (date.fromisoformat(d), m) for d, m in plan.walks if date.fromisoformat(d) >= day(since)
        ],
        walk_goal=plan.walk_goal,
    )


async def progress_report(svc: Services, user: User) -> tuple[bytes, str]:
    now = svc.clock.now()
    since = now - timedelta(weeks=WEEKS)
    plan = await load_plan(svc, user)
    data = await progress_data(svc, user, since, plan)
    today = now.astimezone(zone(user.timezone)).date()
    marks = await svc.storage.habits.days(user.id, today - timedelta(days=365))
    habit = summarise(marks, today)  # type: ignore[arg-type]
    # Drawing takes a good part of a second: off the event loop, so others are answered.
    chart = await asyncio.to_thread(render_chart, data, today - timedelta(weeks=WEEKS), today)
    baseline = baseline_text(svc.catalogue.rules, plan)
    start = (user.onboarded_at or user.created_at).astimezone(zone(user.timezone)).date()
    days = min((today - start).days + 1, WEEKS * 7)
    return chart, summary_text(data, habit, days, baseline)


async def progress(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    chat = update.effective_chat
    if user is None or chat is None:
        return
    chart, text = await progress_report(svc, user)
    await chat.send_photo(
        chart,
        caption=_(CHART_CAPTION),
    )
    matters = await matters_lines(svc, user)
    await reply(update, text + ("\n\n" + "\n".join(matters) if matters else ""))


async def history(update: Update, context: Context) -> None:
    """The last two weeks as a plain log."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    tz = zone(user.timezone)
    since = svc.clock.now() - timedelta(days=14)
    events: list[tuple[datetime, str]] = []
    for workout in await svc.storage.coaching.workouts_since(user.id, since):
        done = sum(1 for r in workout.results.values() if r != "skipped")
        text = _(SESSION_EVENTS.get(workout.variant, SESSION_EVENTS["daily"])).format(
            status=_word(STATUSES, workout.status),
            done=done,
            total=len(workout.routine),
        )
        events.append((workout.started_at, text))
    for checkin in await svc.storage.coaching.checkins_since(user.id, since):
        if checkin.kind == "session" and checkin.pain is not None:
            effort = checkin.effort if checkin.effort is not None else "–"
            text = _(CHECKIN_EVENT).format(pain=checkin.pain, effort=effort)
            events.append((checkin.created_at, text))
        elif checkin.kind == "next_morning" and checkin.compared:
            compared = _word(COMPARED, checkin.compared)
            if checkin.pain is not None:
                text = _(MORNING_PAIN_EVENT).format(compared=compared, pain=checkin.pain)
            else:
                text = _(MORNING_EVENT).format(compared=compared)
            events.append((checkin.created_at, text))
    for change in await svc.storage.coaching.changes_since(user.id, since):
        if change.kind != "hold":
            events.append((change.created_at, change.reason))
    if not events:
        await reply(update, _(NOTHING_YET))
        return
    lines = [f"{_when(moment, tz)} · {text}" for moment, text in sorted(events)[-30:]]
    await reply(update, _(LAST_TWO_WEEKS) + "\n" + "\n".join(lines))


def _word(words: dict[str, str], key: str) -> str:
    """A stored key (a session's variant, a morning's answer) in the person's language."""
    return _(words[key]) if key in words else key


def _when(moment: datetime, tz: tzinfo) -> str:
    return format_datetime(moment.astimezone(tz), i18n.pick(WHEN), locale=i18n.locale())


async def send_weekly_review(bot: Bot, svc: Services, user: User) -> None:
    """On the maintenance day: one message, the chart with a few lines under it; then the
    re-rating, which takes a tap or a typed number."""
    now = svc.clock.now()
    today = now.astimezone(zone(user.timezone)).date()
    plan = await load_plan(svc, user)
    data = await progress_data(svc, user, now - timedelta(weeks=WEEKS), plan)
    chart = await asyncio.to_thread(render_chart, data, today - timedelta(weeks=WEEKS), today)
    caption = weekly_caption(data, today - timedelta(days=6))
    await bot.send_photo(user.chat_id, chart, caption=caption)
    await weekly_safety_review(bot, svc, user)
    await ask_transition_rating(bot, svc, user, 0)
    await offer_rerating(bot, svc, user)


async def ask_transition_rating(bot: Bot, svc: Services, user: User, index: int) -> None:
    if index >= len(user.transitions):
        return
    transition = user.transitions[index]
    label = _(texts.TRANSITION_LABELS.get(transition, transition))
    buttons = [InlineKeyboardButton(str(n), callback_data=f"psfs:{index}:{n}") for n in range(11)]
    await bot.send_message(
        user.chat_id,
        _(RATE_MOVEMENT).format(label=label),
        reply_markup=InlineKeyboardMarkup([buttons[:6], buttons[6:]]),
    )
    await svc.storage.users.update(
        user.id, awaiting=f"psfs:{index}", awaiting_since=svc.clock.now()
    )


async def steer_ladder(svc: Services, user: User, transition: str, score: int) -> str:
    """A re-rating much harder than last time steps the ladder back; much easier (or easy)
    lets it climb at the next good session. What changed, in a line."""
    since = svc.clock.now() - timedelta(weeks=WEEKS)
    earlier = await svc.storage.coaching.transition_ratings_since(user.id, since)
    previous = next((r.score for r in reversed(earlier) if r.transition == transition), None)
    plan = await load_plan(svc, user)
    new_plan, changes = apply_transition_ratings(
        svc.catalogue, plan, {transition: (previous, score)}
    )
    await record_changes(svc, user, new_plan, changes)
    if changes:
        return changes[0].reason
    if transition in new_plan.ladder_ready and transition not in plan.ladder_ready:
        return _(LADDER_READY)
    return ""


async def transition_rated(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await ready_user(update, context)
    parts = (query.data or "").split(":")
    if user is None or len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return
    await take_transition_rating(update, context, user, int(parts[1]), int(parts[2]))


async def take_transition_rating(
    update: Update, context: Context, user: User, index: int, score: int
) -> None:
    """A re-rating, tapped or typed: stored, the ladder steered, and the next one asked."""
    svc = services(context)
    if index >= len(user.transitions) or not 0 <= score <= 10:
        return
    if (user.awaiting or "").startswith("psfs:"):
        user = await svc.storage.users.update(user.id, awaiting=None)
    note = ""
    if user.consent_at is not None:
        note = await steer_ladder(svc, user, user.transitions[index], score)
        await svc.storage.coaching.rate_transition(
            user.id, user.transitions[index], score, svc.clock.now()
        )
    await settle(update, f"✓ {score}/10" + (f"\n{note}" if note else ""))
    if index + 1 < len(user.transitions):
        await ask_transition_rating(context.bot, svc, user, index + 1)
    else:
        await reply(update, _(RATINGS_THANKS))

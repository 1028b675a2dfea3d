"""The micro-load engine: what changes after a check-in or a next-morning answer, and why.

Numbers live in data/progression.yaml, each with its source; pain is judged against the
person's own baseline B (pain.py). Plain Python over plain data: no Telegram, no database.

The baseline B
- The median of recent mornings outside flares, rounded down; it rises by at most 1 point in
  any 28 days, so a person who is slowly getting worse is not measured against their worsening.
- Mornings are filed under the date of the session they are about, not the date answered.

After a session's check-in
- After 14+ days without a session, every exercise resumes one step below its last performed
  dose (integrated ladder stages one lower), already in the routine of the first session back.
  After 7+ days, that first session back progresses nothing ("welcome back"), and runs of
  comfortable sessions start again: they never bridge a gap of a week.
- Too much pain (above max(5, B+1)): undo the steps this session was the first to perform (if
  it performed none, the latest step among what it did), cancel steps not yet performed, and
  progress nothing. A single session pain starts a flare only at max(8, B+3) or more.
- "Too hard": that exercise steps back (its open step first, else one variable, else a stage).
  On more than half the session, the whole session steps back once, in one line. At its
  gentlest, we ask what was hard and offer the easier way, at most weekly; after 7 days of
  "too hard" at the floors, a review is suggested (review_suggested).
- An exercise is ready to progress after comfortable sessions (effort light to moderate;
  "right" twice or "too easy" once). It may step again once the response to its own last step
  is known: the morning after the session that first did it, or 36 hours after that session
  with no answer (counted as "same"). Without an answered morning since its last step, only a
  small step (a rep, a few seconds), never kilos or a ladder stage.
- Nothing progresses after a session pain of max(5, B+1) or more, or of 7 or more whatever B;
  after an unsettled morning; in a week on hold; while mornings are rising (below); in the
  first 3 daily sessions after a flare. A plateau says why at least once a week.
- Steps are planned only for exercises of the next session, at most two per check-in (longest
  comfortable run first, then the person's transition drills), and never more than two waiting
  to be done: a session performs at most two new doses, the weekly session none. One change at
  a time, so that the next morning can be read. The rest are "next in line". Variables take
  turns; at every ceiling a transition drill climbs its ladder; an exercise that stays at its
  top for three weeks becomes a maintenance exercise. A person's goal in kilos for a ladder
  ("pick up my 12 kg daughter") is that ladder's load ceiling, up to `goal_kg_max`, reached one
  step at a time under the same rules.
- After 3 sessions in a row with no morning answer, the check-in asks about this morning
  (ask_morning). A usual pain of 7 or more at sign-up suggests a clinician in the first week
  (clinician_suggested); the programme carries on.

After a next-morning answer (pain against B), judged against the session it is about (the
workout the question was asked for), also when it comes after a later session
- At or below B: the steps that session performed first are settled.
- One point over: hold; what its check-in planned and nobody did yet is cancelled.
- Two or more over: exactly the steps that session was the first to perform are stepped back,
  and what its check-in planned is cancelled.
- "Worse" without a number counts as B+2 (it undoes, never becomes "same"); for a flare it
  counts only as B+2. The number, when it comes, is filed and checked for a flare.

Flares
- Start: two mornings in a row at max(6, B+2) or more; any rating at max(8, B+3) or more; /flare.
- End: two mornings in a row within a point of B (as it was when the flare began). Every
  exercise resumes one step below the dose it last performed, integrated ladder stages one stage
  lower, and nothing progresses for three daily sessions (weekly sessions don't count).
- A flare longer than 10 days or a third flare in 8 weeks raises a signal: see a clinician.

Week to week (weeks of sessions)
- Mean morning pain a point or more above the week before: no steps the following week.
- Mean morning pain of the last week 2 or more above any of the 4 weeks before it: nothing
  progresses until that is no longer so, and the safety check again (pain_rising).
- The daily walk (apart from the routine) has its own rule: it grows by about 10% (2–5
  minutes, up to 40) after a week in which logged walks reached the goal on at least 4 days,
  unless the week is on hold; otherwise it holds.
- The weekly 0–10 re-rating of a trouble movement: 2 or more easier (or 3 or less) lets its
  ladder climb before the reps ceiling; 2 or more harder steps it back one stage.

What the person reads: at most 3 lines about the plan a day (flares first, then steps back,
then steps up, then holds); the rest are kept for /history (Change.shown is False). Each
reason is written in the language the person speaks when the engine decides (bot.i18n's current
one, exercise names included) and stored as written.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Any, Literal

from babel.numbers import format_decimal

from bot import i18n
from bot.coaching.catalogue import STAGES, Catalogue, Exercise, Rules, Variable
from bot.coaching.limits import NO_LIMITS, Limits, allows_stage, cap_dose
from bot.coaching.pain import (
    baseline,
    describe_baseline,
    flare_rating,
    high_morning,
    may_progress,
    morning_level,
    settled,
    too_much,
)
from bot.coaching.plan import ExerciseLoad, PlanState, Step, iso_week, parse_time
from bot.coaching.routine import build_routine
from bot.i18n import N_, _, ngettext

Feel = Literal["too_easy", "right", "too_hard"]
Compared = Literal["better", "same", "worse"]
ChangeKind = Literal[
    "progress", "hold", "regress", "stage_up", "stage_down", "flare_on", "flare_off"
]
# What the adapter is told to act on (suggest a clinician, run the safety check again, ...).
LONG_FLARE, FREQUENT_FLARES, PAIN_TREND_UP = "long_flare", "repeat_flare", "pain_rising"
REVIEW, CLINICIAN, ASK_MORNING = "review_suggested", "clinician_suggested", "ask_morning"
MORNINGS_KEPT = 30
SESSIONS_KEPT = 30
BASELINES_KEPT = 60
# Which lines the person reads first when a day has more than its share.
PRIORITY = {"flare_on": 0, "flare_off": 0, "regress": 1, "stage_down": 1, "progress": 2}
# Why a flare started when the person said so (start_flare translates it where it is written).
TOLD_FLARE = N_("you told me you're in a flare")


@dataclass(frozen=True)
class SessionOutcome:
    variant: Literal["daily", "weekly", "flare"]
    done: list[str]
    feels: dict[str, Feel]
    at: datetime  # when the check-in was saved, in the person's time zone
    skipped: list[str] = field(default_factory=list)
    pain: int | None = None
    effort: int | None = None
    workout: int | None = None  # the workout id: what a morning answer names


@dataclass(frozen=True)
class NextMorning:
    compared: Compared | None
    pain: int | None
    at: datetime  # when it was answered, in the person's time zone
    workout: int | None = None  # the workout the question was asked for; None: the latest


@dataclass(frozen=True)
class Change:
    exercise: str
    variable: str
    from_: float | str
    to: float | str
    reason: str
    kind: ChangeKind
    shown: bool = True  # False: kept for /history, not among the day's lines

    @property
    def is_change(self) -> bool:
        return self.kind != "hold"


def current_baseline(rules: Rules, plan: PlanState) -> int:
    """B as last filed (it may rise only slowly), or from the usual pain before any morning."""
    if plan.baselines:
        return plan.baselines[-1][1]
    return baseline(rules, _usual_mornings(plan), plan.usual_pain)


def baseline_text(rules: Rules, plan: PlanState) -> str:
    """B in plain words, saying where it comes from."""
    own = len(_usual_mornings(plan)) >= rules.baseline.min_mornings
    return describe_baseline(current_baseline(rules, plan), own)


def _usual_mornings(plan: PlanState) -> list[int]:
    return [pain for _when, pain, in_flare in plan.mornings if not in_flare]


def _file_baseline(rules: Rules, plan: PlanState, day: date) -> None:
    """B after a new morning: from the mornings, but never more than 1 point above the lowest B
    of the last 28 days."""
    since = day - timedelta(days=rules.baseline.rise_days)
    start, recent = baseline(rules, [], plan.usual_pain), []
    for when, b in plan.baselines:
        if date.fromisoformat(when) <= since:
            start = b
        else:
            recent.append(b)
    raw = baseline(rules, _usual_mornings(plan), plan.usual_pain)
    new = min(raw, min([start, *recent]) + rules.baseline.max_rise)
    filed = sorted([*plan.baselines, (day.isoformat(), new)], key=lambda entry: entry[0])
    plan.baselines = filed[-BASELINES_KEPT:]


# --- after a session -----------------------------------------------------------------------


def resume_after_break(catalogue: Catalogue, plan: PlanState, now: datetime) -> PlanState:
    """The plan the first session after 14+ days off is built from: one step below the doses
    last performed. Unchanged otherwise; the check-in of that session keeps it."""
    plan = plan.copy()
    _step_down_after_break(catalogue, plan, _days_away(plan, now), [])
    return plan


def apply_session(
    catalogue: Catalogue,
    plan: PlanState,
    outcome: SessionOutcome,
    limits: Limits = NO_LIMITS,
    upcoming: Collection[str] | None = None,
) -> tuple[PlanState, list[Change]]:
    """The plan for the next session, and every decision with its reason. `upcoming`: the
    exercises of the next session, if the caller knows them (else the next daily routine)."""
    rules = catalogue.rules
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    away = _days_away(plan, outcome.at)
    _step_down_after_break(catalogue, plan, away, changes)
    if away >= rules.detraining.welcome_back_days:
        for load in plan.loads.values():
            load.comfortable = 0
    plan.sessions += 1
    number, day = plan.sessions, outcome.at.date()
    plan.session_log = [*plan.session_log, (number, outcome.workout, day.isoformat())][
        -SESSIONS_KEPT:
    ]
    if number > 1 and number - 1 not in plan.answered:
        plan.unanswered += 1
    if plan.unanswered >= rules.morning.unanswered_to_ask:
        plan.signals.append(ASK_MORNING)
    b = current_baseline(rules, plan)
    plan.last_session_at = outcome.at.isoformat()
    _perform(rules, plan, outcome, number)
    _settle_unanswered(rules, plan, outcome.at)
    _rising(rules, plan, day)
    _week_to_week(rules, plan, day, changes)
    _clinician(rules, plan)
    blocked_morning, plan.morning_level = plan.morning_level in ("hold", "back"), None
    pain = outcome.pain
    if plan.flare:
        _flare_day(rules, plan, day)
        return plan, _limit_lines(rules, plan, day, changes)
    if pain is not None and flare_rating(rules, pain, b):
        _enter_flare(catalogue, plan, b, day, flare_pain_why(pain, b), changes)
        return plan, _limit_lines(rules, plan, day, changes)
    calm_left = plan.calm_sessions_left
    if outcome.variant != "weekly":  # the calm sessions after a flare are daily ones
        plan.calm_sessions_left = max(0, calm_left - 1)
    if pain is not None and too_much(rules, pain, b):
        why = _("a pain of {pain} is more than your usual {b} allows").format(pain=pain, b=b)
        changes.extend(_session_too_much(catalogue, plan, outcome, number, why))
        return plan, _limit_lines(rules, plan, day, changes)
    changes.extend(_too_hard(catalogue, plan, outcome, day))
    ready = _count_comfort(catalogue, plan, outcome, b) if outcome.variant == "daily" else []
    if away >= rules.detraining.welcome_back_days:
        changes.append(_welcome_back(rules, away))
        return plan, _limit_lines(rules, plan, day, changes)
    if outcome.variant != "daily":
        return plan, _limit_lines(rules, plan, day, changes)
    blocked = _blocked(rules, plan, outcome, b, calm_left, day, blocked_morning)
    if blocked and (ready or _plateau_due(rules, plan, day, changes)):
        plan.plateau_told = day.isoformat()
        changes.append(_hold("routine", _("Nothing new next time: {why}").format(why=blocked)))
    if blocked or not ready:
        return plan, _limit_lines(rules, plan, day, changes)
    steps_now = sum(change.is_change for change in changes if change.exercise != "walk")
    waiting = sum(step.performed_at is None for step in plan.steps)
    allowance = rules.progression.max_progressions_per_checkin - steps_now - waiting
    if upcoming is None:
        upcoming = [
            item.exercise_id for item in build_routine(catalogue, plan, "daily", limits).items
        ]
    changes.extend(
        _progress_some(catalogue, plan, outcome, ready, number, day, limits, allowance, upcoming)
    )
    return plan, _limit_lines(rules, plan, day, changes)


def flare_pain_why(pain: int, b: int) -> str:
    """Why a session pain this high starts a flare, in the current language (for start_flare
    too, when the check-in starts it before it is saved)."""
    return _("a pain of {pain} is well above your usual {b}").format(pain=pain, b=b)


def _days_away(plan: PlanState, now: datetime) -> int:
    last = parse_time(plan.last_session_at)
    return (now - last).days if last is not None else 0


def _welcome_back(rules: Rules, away: int) -> Change:
    needed = rules.progression.comfortable_sessions
    if away >= rules.detraining.step_down_days:
        text = ngettext(
            "Welcome back after {away} days: every exercise restarted one step below where you "
            "left it, and nothing new this time; after {needed} comfortable session we build up "
            "again",
            "Welcome back after {away} days: every exercise restarted one step below where you "
            "left it, and nothing new this time; after {needed} comfortable sessions we build up "
            "again",
            needed,
        )
    else:
        text = ngettext(
            "Welcome back after {away} days: nothing new this time; after {needed} comfortable "
            "session we build up again",
            "Welcome back after {away} days: nothing new this time; after {needed} comfortable "
            "sessions we build up again",
            needed,
        )
    return _hold("routine", text.format(away=away, needed=needed))


def _step_down_after_break(
    catalogue: Catalogue, plan: PlanState, away: int, changes: list[Change]
) -> None:
    """14+ days off (outside a flare): one step below the doses last performed."""
    if away < catalogue.rules.detraining.step_down_days or plan.flare:
        return
    snapshot = _performed(catalogue, plan)
    plan.steps = []
    _resume_below(catalogue, plan, snapshot, changes)
    plan.last_session_at = None  # done once: the routine and the check-in agree


def _perform(rules: Rules, plan: PlanState, outcome: SessionOutcome, number: int) -> None:
    """Mark the new doses this session did: at most two; the weekly session did none (its
    routine uses the doses last performed)."""
    if outcome.variant != "daily":
        return
    room = rules.progression.max_new_doses_per_session
    for step in plan.steps:
        if room and step.performed_at is None and step.exercise in outcome.done:
            step.performed_at, step.performed_on = number, outcome.at.isoformat()
            room -= 1


def _settle_unanswered(rules: Rules, plan: PlanState, now: datetime) -> None:
    """A step first done 36 hours ago whose morning nobody answered counts as "same": settled,
    so that exercise's window is over (its next step may only be a small one)."""
    wait = timedelta(hours=rules.morning.answer_wait_hours)
    plan.steps = [
        step
        for step in plan.steps
        if step.performed_on is None or now - datetime.fromisoformat(step.performed_on) < wait
    ]


def _clinician(rules: Rules, plan: PlanState) -> None:
    """A usual pain of 7 or more at sign-up: suggest a clinician, once, in the first week."""
    usual = plan.usual_pain
    if plan.clinician_told or usual is None or usual < rules.pain.clinician_usual_from:
        return
    first, last = (date.fromisoformat(plan.session_log[i][2]) for i in (0, -1))
    if (last - first).days < rules.pain.clinician_within_days:
        plan.clinician_told = True
        plan.signals.append(CLINICIAN)


def _count_comfort(
    catalogue: Catalogue, plan: PlanState, outcome: SessionOutcome, b: int
) -> list[Exercise]:
    """Update each exercise's run of comfortable sessions; those whose run is long enough."""
    rules = catalogue.rules
    pain, effort = outcome.pain, outcome.effort
    if pain is None or effort is None:
        return []
    easy_enough = effort <= rules.effort.progress_max
    ready = []
    for exercise_id in outcome.done:
        feel = outcome.feels.get(exercise_id)
        if exercise_id not in catalogue or feel is None:
            continue
        exercise = catalogue[exercise_id]
        load = plan.load(exercise)
        if not easy_enough or feel == "too_hard":
            load.comfortable = 0
            continue
        load.comfortable += 1
        needed = (
            rules.progression.too_easy_sessions
            if feel == "too_easy"
            else rules.progression.comfortable_sessions
        )
        transition = _transition_of(plan, exercise)
        if load.comfortable >= needed or transition in plan.ladder_ready:
            ready.append(exercise)
    return ready


def _blocked(
    rules: Rules,
    plan: PlanState,
    outcome: SessionOutcome,
    b: int,
    calm_left: int,
    day: date,
    morning: bool,
) -> str | None:
    """Why nothing may progress at this check-in, if anything stops it (also a plateau's why)."""
    effort, pain = outcome.effort, outcome.pain
    if pain is not None and not may_progress(rules, pain, b):
        return _(
            "a pain of {pain} in the session: we keep these doses until sessions hurt less."
        ).format(pain=pain)
    if effort is not None and effort >= rules.effort.hold_from:
        return _("an effort of {effort} is harder than this kind of training needs.").format(
            effort=effort
        )
    if effort is not None and effort > rules.effort.progress_max:
        return _("effort {effort}: we keep this until it feels moderate ({most} or less).").format(
            effort=effort, most=rules.effort.progress_max
        )
    if calm_left > 0:
        total = rules.flare.calm_sessions_after
        return ngettext(
            "you're just back from a flare: nothing new for your first {total} daily session "
            "({done} of {total} done).",
            "you're just back from a flare: nothing new for your first {total} daily sessions "
            "({done} of {total} done).",
            total,
        ).format(total=total, done=total - calm_left + 1)
    if plan.pain_rising:
        return _("your mornings have crept up over the last weeks, so nothing goes up for now.")
    if plan.hold_week == iso_week(day):
        return _("your mornings were worse last week than the week before, so this week we hold.")
    if morning:
        return _("your back wasn't quite back to usual the morning after a recent session.")
    return None


def _plateau_due(rules: Rules, plan: PlanState, day: date, changes: list[Change]) -> bool:
    """A check-in that changes nothing says why at least once a week."""
    if any(change.shown for change in changes):
        return False
    told = plan.plateau_told
    return told is None or (day - date.fromisoformat(told)).days >= (
        rules.progression.plateau_note_days
    )


def _progress_some(
    catalogue: Catalogue,
    plan: PlanState,
    outcome: SessionOutcome,
    ready: list[Exercise],
    number: int,
    day: date,
    limits: Limits,
    allowance: int,
    upcoming: Collection[str],
) -> list[Change]:
    """At most `allowance` steps, by priority, only for exercises of the next session; the rest
    are next in line."""
    order = {exercise_id: index for index, exercise_id in enumerate(outcome.done)}
    waiting = [
        exercise
        for exercise in ready
        if plan.open_step(exercise.id) is None and exercise.id in upcoming
    ]
    waiting.sort(
        key=lambda e: (
            -plan.load(e).comfortable,
            _transition_of(plan, e) is None,
            order.get(e.id, 0),
        )
    )
    answered = max(plan.answered, default=0)
    changes: list[Change] = []
    later: list[str] = []
    for exercise in waiting:
        load = plan.load(exercise)
        if sum(change.is_change for change in changes) >= allowance:
            later.append(_name(exercise))
            continue
        feel = outcome.feels.get(exercise.id)
        needed = catalogue.rules.progression.comfortable_sessions
        why = (
            _("it felt too easy")
            if feel == "too_easy"
            else ngettext(
                "the last {n} session felt right", "the last {n} sessions felt right", needed
            ).format(n=needed)
        )
        early = _transition_of(plan, exercise) in plan.ladder_ready
        if early:
            why = _("you rated this movement much easier this week")
        small = answered <= load.last_step_at  # no answered morning since its last step
        change = _step_up(catalogue, plan, exercise, number, why, limits, early, small)
        if change is not None:
            changes.append(change)
            load.top_since = None
            continue
        maintenance = None if small else _at_top(catalogue.rules, exercise, load, day)
        if maintenance is not None:
            changes.append(maintenance)
    if later:
        names = ", ".join(later[:3])
        if len(later) > 3:
            more = len(later) - 3
            names = ngettext("{names} and {n} more", "{names} and {n} more", more).format(
                names=names, n=more
            )
        text = _(
            "Next in line: {names}. One or two changes at a time, so that we can tell what your "
            "back responds to"
        )
        changes.append(_hold("routine", text.format(names=names)))
    return changes


def _at_top(rules: Rules, exercise: Exercise, load: ExerciseLoad, day: date) -> Change | None:
    """An exercise that can go no higher: after three weeks it is kept as maintenance."""
    if load.maintenance:
        return None
    if load.top_since is None:
        load.top_since = day.isoformat()
        return None
    days = (day - date.fromisoformat(load.top_since)).days
    if days < rules.progression.maintenance_after_days:
        return None
    load.maintenance = True
    weeks = days // 7
    text = ngettext(
        "{name} has been at its top dose for {weeks} week: it is now one of your maintenance "
        "exercises — keep doing it just like this",
        "{name} has been at its top dose for {weeks} weeks: it is now one of your maintenance "
        "exercises — keep doing it just like this",
        weeks,
    )
    return _hold(exercise.id, text.format(name=_name(exercise), weeks=weeks))


def _session_too_much(
    catalogue: Catalogue, plan: PlanState, outcome: SessionOutcome, number: int, why: str
) -> list[Change]:
    """Undo what this session did first; if it did nothing new, the latest step among what it
    did. Cancel anything not yet performed."""
    first = [step for step in plan.steps if step.performed_at == number]
    changes = [_undo(catalogue, plan, step, why) for step in first]
    changes += [
        _undo(catalogue, plan, step, why, planned=True)
        for step in list(plan.steps)
        if step.performed_at is None
    ]
    if first:
        return changes
    done = [catalogue[e] for e in outcome.done if e in catalogue]
    latest = max(done, key=lambda e: plan.load(e).last_step_at, default=None)
    if latest is not None and plan.load(latest).last_step_at > 0:
        changes.append(_ease(catalogue, plan, latest, why))
    else:
        changes.append(_hold("routine", _("Your plan stays as it is: {why}").format(why=why)))
    for exercise in done:
        plan.load(exercise).comfortable = 0
    return changes


def _too_hard(
    catalogue: Catalogue, plan: PlanState, outcome: SessionOutcome, day: date
) -> list[Change]:
    """Each "too hard" exercise steps back; on more than half the session, all of it steps back
    once in one line. At the floors we ask what was hard, weekly, and suggest a review after a
    week of it."""
    rules = catalogue.rules.too_hard
    done = [e for e in outcome.done if e in catalogue]
    hard = [e for e in done if outcome.feels.get(e) == "too_hard"]
    for exercise_id in set(done) - set(hard):
        plan.load(catalogue[exercise_id]).hard_at_floor_since = None
    if not hard:
        return []
    whole = len(hard) > max(1, rules.session_share * len(done))
    changes: list[Change] = []
    floors: list[Exercise] = []
    for exercise_id in done if whole else hard:
        exercise = catalogue[exercise_id]
        change = _easier(catalogue, plan, exercise, _("it felt too hard"))
        if change is not None:
            changes.append(replace(change, shown=not whole))
        elif exercise_id in hard:
            floors.append(exercise)
    if whole and changes:
        changes.insert(
            0,
            Change(
                "routine",
                "session",
                "",
                "",
                _(
                    "Most of that session felt too hard, so all of it steps back once for next "
                    "time."
                ),
                "regress",
            ),
        )
    changes.extend(_at_floors(catalogue, plan, floors, day))
    return changes


def _at_floors(
    catalogue: Catalogue, plan: PlanState, floors: list[Exercise], day: date
) -> list[Change]:
    """Too hard at its gentlest: ask what was hard and offer the easier way (once a week at
    most); after a week of it, suggest a review."""
    rules = catalogue.rules.too_hard
    changes: list[Change] = []
    asked = any(  # one question a week, whichever exercise it is about
        load.floor_asked
        and (day - date.fromisoformat(load.floor_asked)).days < rules.review_after_days
        for load in plan.loads.values()
    )
    for exercise in floors:
        load = plan.load(exercise)
        load.hard_at_floor_since = load.hard_at_floor_since or day.isoformat()
        since = (day - date.fromisoformat(load.hard_at_floor_since)).days
        if since >= rules.review_after_days and not plan.review_told:
            plan.review_told = True
            plan.signals.append(REVIEW)
        if asked:
            continue
        asked, load.floor_asked = True, day.isoformat()
        words = _words(exercise)
        text = _(
            "{name} is as gentle as it gets. What made it hard: the position, the count, or "
            "pain? Meanwhile: {easier}"
        )
        changes.append(_hold(exercise.id, text.format(name=words.name, easier=words.easier)))
    return changes


def _limit_lines(rules: Rules, plan: PlanState, day: date, changes: list[Change]) -> list[Change]:
    """At most 3 lines a day about the plan: the most important; the rest wait in /history."""
    if plan.said_on != day.isoformat():
        plan.said_on, plan.said_count = day.isoformat(), 0
    room = rules.progression.max_lines_per_day - plan.said_count
    shown = sorted(
        (index for index, change in enumerate(changes) if change.shown),
        key=lambda index: PRIORITY.get(changes[index].kind, 3),
    )
    keep = set(shown[: max(0, room)])
    plan.said_count += len(keep)
    told = [changes[index].reason for index in sorted(keep) if changes[index].is_change]
    plan.told = [*plan.told, *told][-2 * rules.progression.max_lines_per_day :]
    return [
        change if index in keep or not change.shown else replace(change, shown=False)
        for index, change in enumerate(changes)
    ]


# --- the next morning -----------------------------------------------------------------------


def apply_next_morning(
    catalogue: Catalogue, plan: PlanState, response: NextMorning
) -> tuple[PlanState, list[Change]]:
    """The 24-hour rule: how the new doses of the session this morning is about went down,
    judged against B."""
    rules = catalogue.rules
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    b = current_baseline(rules, plan)
    number, on = _session_about(plan, response.workout)
    said_on = response.at.date()
    repeat = number is not None and number in plan.answered
    if repeat and plan.answered_on == said_on.isoformat():  # the same morning again
        if plan.worse_pending != number or response.pain is None:
            return plan, changes
    elif repeat:  # another morning with no session between: a morning, not that session's
        on = said_on - timedelta(days=1)
    day = on or said_on
    if response.pain is not None:
        kept = [m for m in plan.mornings if m[0] != day.isoformat()]
        plan.mornings = sorted([*kept, (day.isoformat(), response.pain, plan.flare)])[
            -MORNINGS_KEPT:
        ]
        _file_baseline(rules, plan, day)
    pain = _morning_pain(rules, response, b)
    if pain is None:
        return plan, changes
    if repeat and plan.answered_on == said_on.isoformat():
        plan.worse_pending = None
        _the_number_after_worse(catalogue, plan, pain, b, day, changes)
        return plan, _limit_lines(rules, plan, said_on, changes)
    plan.answered_on = said_on.isoformat()
    if number is not None and not repeat:
        plan.answered = [*plan.answered, number][-SESSIONS_KEPT:]
        plan.unanswered = 0
    bare_worse = response.pain is None and response.compared == "worse"
    plan.worse_pending = number if bare_worse else None
    if plan.flare:
        _flare_morning(catalogue, plan, pain, day, changes)
        return plan, _limit_lines(rules, plan, said_on, changes)
    if flare_rating(rules, pain, b):
        why = _("a morning pain of {pain} is far above your usual {b}").format(pain=pain, b=b)
        _enter_flare(catalogue, plan, b, day, why, changes)
        return plan, _limit_lines(rules, plan, said_on, changes)
    plan.high_mornings = plan.high_mornings + 1 if high_morning(rules, pain, b) else 0
    if plan.high_mornings >= rules.flare.high_mornings_to_enter:
        why = _hard_mornings(plan.high_mornings)
        _enter_flare(catalogue, plan, b, day, why, changes)
        return plan, _limit_lines(rules, plan, said_on, changes)
    if number is None or repeat:
        return plan, _limit_lines(rules, plan, said_on, changes)
    level = morning_level(rules, pain, b)
    if number >= plan.morning_for:
        plan.morning_for, plan.morning_level = number, level
    elif level != "fine":
        plan.morning_level = level
    changes += _judge(catalogue, plan, number, level)
    return plan, _limit_lines(rules, plan, said_on, changes)


def _judge(catalogue: Catalogue, plan: PlanState, number: int, level: str) -> list[Change]:
    """Settle, hold or step back the new doses session `number` was the first to perform."""
    performed = [step for step in plan.steps if step.performed_at == number]
    if level == "fine":
        plan.steps = [step for step in plan.steps if step.performed_at != number]
        return []
    if level == "hold":
        plan.steps = [step for step in plan.steps if step.performed_at != number]
        why = _("your back is a little above usual this morning")
        changes = _cancel_planned(catalogue, plan, number, why)
        return changes or [_hold("routine", _("Nothing new next time: {why}").format(why=why))]
    why = _("your back was worse than usual the morning after")
    changes = [_undo(catalogue, plan, step, why) for step in performed]
    changes += _cancel_planned(catalogue, plan, number, why)
    return changes or [
        _hold(
            "routine",
            _(
                "Nothing was increased that time, so your plan stays as it is and nothing new "
                "comes next time; if mornings stay worse, I'll switch to gentler sessions"
            ),
        )
    ]


def _hard_mornings(count: int) -> str:
    return ngettext("{n} hard morning in a row", "{n} hard mornings in a row", count).format(
        n=count
    )


def _session_about(plan: PlanState, workout: int | None) -> tuple[int | None, date | None]:
    """The session (number, date) a morning answer is about: the workout it was asked for, or
    the latest session. A workout the engine never saw checked in: none."""
    if workout is not None:
        for number, logged, on in reversed(plan.session_log):
            if logged == workout:
                return number, date.fromisoformat(on)
        return None, None
    if plan.session_log:
        number, _workout, on = plan.session_log[-1]
        return number, date.fromisoformat(on)
    return (plan.sessions or None), None


def _the_number_after_worse(
    catalogue: Catalogue, plan: PlanState, pain: int, b: int, day: date, changes: list[Change]
) -> None:
    """The number after a bare "Worse", already judged as B+2: only a flare can follow."""
    rules = catalogue.rules
    if plan.flare:
        return
    if flare_rating(rules, pain, b):
        why = _("a morning pain of {pain} is far above your usual {b}").format(pain=pain, b=b)
        _enter_flare(catalogue, plan, b, day, why, changes)
        return
    assumed = b + rules.morning.step_back_above_baseline
    if high_morning(rules, pain, b) and not high_morning(rules, assumed, b):
        plan.high_mornings += 1
        if plan.high_mornings >= rules.flare.high_mornings_to_enter:
            why = _hard_mornings(plan.high_mornings)
            _enter_flare(catalogue, plan, b, day, why, changes)


def _morning_pain(rules: Rules, response: NextMorning, b: int) -> int | None:
    """The number if given; otherwise "better"/"same" count as usual and "worse" as a change
    people notice."""
    if response.pain is not None:
        return response.pain
    if response.compared == "worse":
        return b + rules.morning.step_back_above_baseline
    if response.compared is not None:
        return b
    return None


# --- flares ---------------------------------------------------------------------------------


def start_flare(
    catalogue: Catalogue, plan: PlanState, why: str, at: datetime
) -> tuple[PlanState, list[Change]]:
    """The person says they are in a flare: gentle sessions from now on, until it settles.
    `why` in English (TOLD_FLARE); it is written in the current language."""
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    if not plan.flare:
        b = current_baseline(catalogue.rules, plan)
        _enter_flare(catalogue, plan, b, at.date(), _(why), changes)
    return plan, changes


def _performed(catalogue: Catalogue, plan: PlanState) -> dict[str, Any]:
    """Doses and stages as last performed: steps planned but not yet done left out."""
    return {
        "values": {
            key: plan.done_dose(catalogue[key]) if key in catalogue else dict(load.values)
            for key, load in plan.loads.items()
        },
        "last_var": {key: load.last_var for key, load in plan.loads.items()},
        "stages": plan.done_stages(),
    }


def _enter_flare(
    catalogue: Catalogue, plan: PlanState, b: int, day: date, why: str, changes: list[Change]
) -> None:
    rules = catalogue.rules
    plan.pre_flare = _performed(catalogue, plan)
    plan.flare, plan.flare_since, plan.flare_baseline = True, day.isoformat(), b
    plan.long_flare_told = False
    plan.high_mornings = plan.calm_mornings = 0
    plan.steps = []
    window = day - timedelta(weeks=rules.flare.frequent_weeks)
    plan.flare_starts = [
        *(start for start in plan.flare_starts if date.fromisoformat(start) > window),
        day.isoformat(),
    ]
    if len(plan.flare_starts) >= rules.flare.frequent_count:
        plan.signals.append(FREQUENT_FLARES)
    changes.append(
        Change(
            "routine",
            "variant",
            "daily",
            "flare",
            _(
                "Switching to gentle flare-day sessions (your own easiest movements, breathing "
                "and an easy walk): {why}. We'll build back up once your mornings settle."
            ).format(why=why),
            "flare_on",
        )
    )


def _flare_day(rules: Rules, plan: PlanState, day: date) -> None:
    since = date.fromisoformat(plan.flare_since) if plan.flare_since else day
    if (day - since).days > rules.flare.long_flare_days and not plan.long_flare_told:
        plan.long_flare_told = True
        plan.signals.append(LONG_FLARE)


def _flare_morning(
    catalogue: Catalogue, plan: PlanState, pain: int, day: date, changes: list[Change]
) -> None:
    rules = catalogue.rules
    b = plan.flare_baseline if plan.flare_baseline is not None else current_baseline(rules, plan)
    plan.calm_mornings = plan.calm_mornings + 1 if settled(rules, pain, b) else 0
    if plan.calm_mornings < rules.flare.settled_mornings_to_leave:
        _flare_day(rules, plan, day)
        return
    calm = plan.calm_mornings
    back = ngettext(
        "Back to your regular routine after {n} settled morning.",
        "Back to your regular routine after {n} settled mornings.",
        calm,
    ).format(n=calm)
    _leave_flare(catalogue, plan, back, changes)


def end_flare(catalogue: Catalogue, plan: PlanState) -> tuple[PlanState, list[Change]]:
    """The person says they are better ("I'm better"): the flare ends as after settled
    mornings, with the same step down below the pre-flare doses."""
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    if plan.flare:
        back = _("Back to your regular routine now that you're feeling better.")
        _leave_flare(catalogue, plan, back, changes)
    return plan, changes


def flare_mornings_left(rules: Rules, plan: PlanState) -> int:
    """Settled mornings in a row still needed for the flare to end by itself."""
    return max(rules.flare.settled_mornings_to_leave - plan.calm_mornings, 0)


def _leave_flare(catalogue: Catalogue, plan: PlanState, back: str, changes: list[Change]) -> None:
    """`back`: the sentence that says why the flare is over."""
    _resume_below(catalogue, plan, plan.pre_flare or _performed(catalogue, plan), changes)
    plan.flare, plan.flare_since, plan.pre_flare = False, None, None
    plan.calm_mornings = plan.high_mornings = 0
    calm = plan.calm_sessions_left = catalogue.rules.flare.calm_sessions_after
    restart = ngettext(
        "Every exercise restarts one step below the dose you last did, and nothing goes up for "
        "the next {n} daily session.",
        "Every exercise restarts one step below the dose you last did, and nothing goes up for "
        "the next {n} daily sessions.",
        calm,
    ).format(n=calm)
    changes.insert(
        0,
        Change(
            "routine",
            "variant",
            "flare",
            "daily",
            f"{back} {restart}",
            "flare_off",
        ),
    )


def _resume_below(
    catalogue: Catalogue, plan: PlanState, before: dict[str, Any], changes: list[Change]
) -> None:
    """One step below the doses last performed for every exercise; integrated ladders one
    stage down (kept for /history: the line that says so is the caller's)."""
    values: dict[str, dict[str, float]] = before.get("values", {})
    last_vars: dict[str, str | None] = before.get("last_var", {})
    for exercise in catalogue.exercises.values():
        load = plan.load(exercise)
        load.values = dict(values.get(exercise.id, load.values))
        load.comfortable = 0
        names = list(exercise.variables)
        last = last_vars.get(exercise.id)
        for name in ([last] if last in names else []) + list(reversed(names)):
            assert name is not None
            if _move(exercise, load, name, -1) is not None:
                load.last_var = None
                break
    stages = before.get("stages", plan.stages)
    plan.stages = {t: stages.get(t, stage) for t, stage in plan.stages.items()}
    for transition, stage in list(plan.stages.items()):
        if stage == "integrated":
            plan.stages[transition] = "partly_loaded"
            drill = catalogue.drill(transition, "partly_loaded")
            changes.append(
                Change(
                    catalogue.drill(transition, "integrated").id,
                    "stage",
                    "integrated",
                    "partly_loaded",
                    _("One step back on your ladder: {drill} for now.").format(drill=_name(drill)),
                    "stage_down",
                    shown=False,
                )
            )


# --- week to week ----------------------------------------------------------------------------


def _week_to_week(rules: Rules, plan: PlanState, day: date, changes: list[Change]) -> None:
    """At the first check-in of a week: were last week's mornings worse than the week before?
    If not, the walk may grow."""
    week = iso_week(day)
    if plan.week_checked == week:
        return
    plan.week_checked = week
    last = _week_mean(rules, plan, day - timedelta(weeks=1))
    before = _week_mean(rules, plan, day - timedelta(weeks=2))
    if last is None or before is None or last - before < rules.weekly.hold_if_mean_rises:
        if not plan.flare and not plan.pain_rising:
            _grow_walk(rules, plan, day, changes)
        return
    plan.hold_week = week
    text = _(
        "No new steps this week: your mornings averaged {last}/10 last week, up from {before} "
        "the week before"
    )
    changes.append(_hold("routine", text.format(last=_decimal(last), before=_decimal(before))))


def _rising(rules: Rules, plan: PlanState, day: date) -> None:
    """Mean morning pain of the last 7 days 2 or more above that of any of the 4 weeks before:
    nothing progresses while it is so; the safety check again when it starts."""
    weekly = rules.weekly
    last = _mean_between(rules, plan, day - timedelta(days=7), day)
    rising = False
    for weeks in range(1, weekly.rising_weeks + 1):
        end = day - timedelta(weeks=weeks)
        before = _mean_between(rules, plan, end - timedelta(days=7), end)
        if last is not None and before is not None and last - before >= weekly.rising_points:
            rising = True
    if rising and not plan.pain_rising:
        plan.signals.append(PAIN_TREND_UP)
    plan.pain_rising = rising


def _mean_between(rules: Rules, plan: PlanState, start: date, end: date) -> float | None:
    """Mean of the mornings outside flares filed after `start`, up to `end`."""
    pains = [
        pain
        for when, pain, in_flare in plan.mornings
        if not in_flare and start < date.fromisoformat(when) <= end
    ]
    return mean(pains) if len(pains) >= rules.weekly.min_mornings else None


def _grow_walk(rules: Rules, plan: PlanState, day: date, changes: list[Change]) -> None:
    """The walk grows after a week in which logged walks reached the goal on 4 days."""
    walking, goal = rules.walking, plan.walk_goal
    if goal is None or goal >= walking.ceiling:
        return
    week = iso_week(day - timedelta(weeks=1))
    reached = sum(
        minutes >= goal
        for when, minutes in plan.walks
        if iso_week(date.fromisoformat(when)) == week
    )
    if reached < walking.goal_days:
        return
    step = min(walking.step_max, max(walking.step_min, round(goal * walking.growth_pct / 100)))
    plan.walk_goal = float(min(walking.ceiling, goal + step))
    changes.append(
        Change(
            "walk",
            "minutes",
            goal,
            plan.walk_goal,
            ngettext(
                "Daily walk +{step} min, to {goal}: you reached your walk on {n} day last week.",
                "Daily walk +{step} min, to {goal}: you reached your walk on {n} days last week.",
                reached,
            ).format(step=f"{plan.walk_goal - goal:g}", goal=f"{plan.walk_goal:g}", n=reached),
            "progress",
        )
    )


def _week_mean(rules: Rules, plan: PlanState, day: date) -> float | None:
    week = iso_week(day)
    pains = [
        pain
        for when, pain, in_flare in plan.mornings
        if not in_flare and iso_week(date.fromisoformat(when)) == week
    ]
    return mean(pains) if len(pains) >= rules.weekly.min_mornings else None


def apply_transition_ratings(
    catalogue: Catalogue, plan: PlanState, ratings: dict[str, tuple[int | None, int]]
) -> tuple[PlanState, list[Change]]:
    """The weekly 0–10 difficulty re-rating of each trouble movement steers its ladder:
    much easier lets it climb at the next good session; much harder steps it back now."""
    rules = catalogue.rules.ladders
    plan = plan.copy()
    plan.signals = []
    changes: list[Change] = []
    for transition, (previous, now) in ratings.items():
        stage = plan.stages.get(transition)
        if stage is None:
            continue
        if previous is not None and now - previous >= rules.stage_down_rise:
            plan.ladder_ready = [t for t in plan.ladder_ready if t != transition]
            drill = catalogue.drill(transition, stage)
            why = _("you rated this movement harder this week ({before} → {now})").format(
                before=previous, now=now
            )
            step = plan.open_step(drill.id)
            if step is not None and step.kind == "stage_up":
                changes.append(_undo(catalogue, plan, step, why))
                continue
            change = _ladder(catalogue, plan, drill, -1, why)
            if change is not None:
                changes.append(change)
            continue
        easier = previous is not None and previous - now >= rules.stage_up_drop
        ready = easier or now <= rules.easy_at_or_below
        if ready and transition not in plan.ladder_ready and stage != STAGES[-1]:
            plan.ladder_ready.append(transition)
    return plan, changes


# --- single steps ---------------------------------------------------------------------------


def _step_up(
    catalogue: Catalogue,
    plan: PlanState,
    exercise: Exercise,
    number: int,
    why: str,
    limits: Limits,
    stage_only: bool = False,
    small_only: bool = False,
) -> Change | None:
    """One variable one step up (variables take turns), or at every ceiling the next ladder
    stage. Recorded as an open step until its 24-hour response is known. `small_only`: a rep
    or a few seconds, never kilos or a stage (no answered morning since its last step)."""
    load = plan.load(exercise)
    names = list(exercise.variables)
    small = catalogue.rules.morning.small_step_units
    for offset in range(0 if stage_only else len(names)):
        name = names[(load.next_var + offset) % len(names)]
        if small_only and exercise.variables[name].unit not in small:
            continue
        current = load.values.get(name, exercise.variables[name].start)
        new = _round(current + exercise.variables[name].step)
        if cap_dose(exercise, {name: new}, limits).get(name) != new:
            continue
        top = goal_ceiling(catalogue.rules, plan, exercise, name)
        change = _move(exercise, load, name, +1, why, top)
        if change is not None:
            load.next_var = (names.index(name) + 1) % len(names)
            load.comfortable, load.last_var, load.last_step_at = 0, name, number
            plan.steps.append(Step(exercise.id, name, current, new, "progress", number))
            return change
    transition = _transition_of(plan, exercise)
    if transition is None or exercise.stage is None or small_only:
        return None
    index = STAGES.index(exercise.stage) + 1
    if index >= len(STAGES) or not allows_stage(transition, STAGES[index], limits):
        return None
    change = _ladder(catalogue, plan, exercise, +1, why)
    if change is not None:
        load.comfortable = 0
        plan.ladder_ready = [t for t in plan.ladder_ready if t != transition]
        drill = catalogue.drill(transition, STAGES[index])
        plan.load(drill).last_step_at = number
        plan.steps.append(
            Step(
                drill.id,
                "stage",
                exercise.stage,
                STAGES[index],
                "stage_up",
                number,
                transition=transition,
                from_exercise=exercise.id,
            )
        )
    return change


def _ease(catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str) -> Change:
    """Make one exercise easier, or say it is already at its gentlest."""
    change = _easier(catalogue, plan, exercise, why)
    if change is not None:
        return change
    text = _("{name} is already at its gentlest: {why}; do only what feels comfortable")
    return _hold(exercise.id, text.format(name=_name(exercise), why=why))


def _easier(catalogue: Catalogue, plan: PlanState, exercise: Exercise, why: str) -> Change | None:
    """Take back its open step, else one variable down, else one ladder stage down."""
    load = plan.load(exercise)
    load.comfortable = 0
    step = plan.open_step(exercise.id)
    if step is not None:
        return _undo(catalogue, plan, step, why)
    names = list(exercise.variables)
    for name in ([load.last_var] if load.last_var in names else []) + list(reversed(names)):
        assert name is not None
        change = _move(exercise, load, name, -1, why)
        if change is not None:
            load.last_var = None
            return change
    return _ladder(catalogue, plan, exercise, -1, why)


def _undo(
    catalogue: Catalogue, plan: PlanState, step: Step, why: str, planned: bool = False
) -> Change:
    """Take one open step back exactly (a planned one nobody has done yet is just called off)."""
    plan.steps = [other for other in plan.steps if other is not step]
    exercise = catalogue[step.exercise]
    if step.kind == "stage_up" and step.transition is not None:
        plan.stages[step.transition] = step.before  # type: ignore[assignment]
        back = catalogue[step.from_exercise] if step.from_exercise else exercise
        reason = (
            _("{name} waits; {back} stays for now: {why}.").format(
                name=_name(exercise), back=_name(back), why=why
            )
            if planned
            else _("Back to {back} for now: {why}.").format(back=_name(back), why=why)
        )
        return Change(exercise.id, "stage", step.after, step.before, reason, "stage_down")
    load = plan.load(exercise)
    load.values[step.variable] = float(step.before)
    load.last_var = None
    variable = exercise.variables[step.variable]
    amount = float(step.after) - float(step.before)
    reason = (
        _("{name}: the planned step ({step}) waits — {why}.").format(
            name=_name(exercise), step=_delta(variable, amount), why=why
        )
        if planned
        else _reason(exercise, step.variable, float(step.after), float(step.before), why)
    )
    return Change(exercise.id, step.variable, step.after, step.before, reason, "regress")


def _cancel_planned(catalogue: Catalogue, plan: PlanState, number: int, why: str) -> list[Change]:
    """Take back what the check-in of session `number` planned; nobody has done it yet."""
    planned = [s for s in plan.steps if s.performed_at is None and s.planned_at == number]
    return [_undo(catalogue, plan, step, why, planned=True) for step in planned]


def _ladder(
    catalogue: Catalogue, plan: PlanState, exercise: Exercise, direction: int, why: str
) -> Change | None:
    """Move the person's ladder for this drill's transition one stage up (+1) or down (-1)."""
    transition = _transition_of(plan, exercise)
    if transition is None or exercise.stage is None:
        return None
    index = STAGES.index(exercise.stage) + direction
    if not 0 <= index < len(STAGES):
        return None
    new_stage = STAGES[index]
    plan.stages[transition] = new_stage
    drill = catalogue.drill(transition, new_stage)
    if direction > 0:
        plan.load(exercise).last_var = None
        reason = _("Next step on your ladder: {drill} replaces {name} ({why}).").format(
            drill=_name(drill), name=_name(exercise), why=why
        )
        return Change(exercise.id, "stage", exercise.stage, new_stage, reason, "stage_up")
    reason = _("One step back on your ladder to {drill}: {why}.").format(
        drill=_name(drill), why=why
    )
    return Change(exercise.id, "stage", exercise.stage, new_stage, reason, "stage_down")


def _transition_of(plan: PlanState, exercise: Exercise) -> str | None:
    """The person's transition this drill currently serves, if it is one of their drills."""
    if exercise.category != "transition" or exercise.stage is None:
        return None
    return next((t for t in exercise.transitions if plan.stages.get(t) == exercise.stage), None)


def goal_ceiling(rules: Rules, plan: PlanState, exercise: Exercise, name: str) -> float:
    """A variable's ceiling: the catalogue's, or for the kilos of the real-life stage of a
    ladder the person set a goal for, that goal (no higher than `goal_kg_max`); the lower
    stages keep theirs."""
    variable = exercise.variables[name]
    goals = [plan.goals[t] for t in exercise.transitions if t in plan.goals]
    if variable.unit != "kg" or exercise.stage != "integrated" or not goals:
        return variable.ceiling
    return max(variable.floor, min(max(goals), rules.progression.goal_kg_max))


def _move(
    exercise: Exercise,
    load: ExerciseLoad,
    name: str,
    direction: int,
    why: str = "",
    ceiling: float | None = None,
) -> Change | None:
    """One step of one variable up (+1) or down (-1), if its ceiling or floor allows."""
    variable = exercise.variables[name]
    current = load.values.get(name, variable.start)
    new = _round(current + direction * variable.step)
    top = variable.ceiling if ceiling is None else ceiling
    if not variable.floor - 1e-9 <= new <= top + 1e-9:
        return None
    load.values[name] = new
    reason = _reason(exercise, name, current, new, why)
    return Change(
        exercise.id, name, current, new, reason, "progress" if direction > 0 else "regress"
    )


def _hold(exercise: str, reason: str) -> Change:
    return Change(exercise, "none", "", "", reason.rstrip(".") + ".", "hold")


def _round(value: float) -> float:
    return round(value, 2)


def _delta(variable: Variable, amount: float) -> str:
    """One step in words, as it will feel next time: "2 more reps", "holds 5 s longer"."""
    size, count = f"{abs(amount):g}", _count(abs(amount))
    more = amount > 0
    match variable.unit:
        case "reps":
            text = (
                ngettext("{n} more rep", "{n} more reps", count)
                if more
                else ngettext("{n} rep fewer", "{n} reps fewer", count)
            )
        case "breaths":
            text = (
                ngettext("{n} more breath", "{n} more breaths", count)
                if more
                else ngettext("{n} breath fewer", "{n} breaths fewer", count)
            )
        case "s":
            text = _("holds {n} s longer") if more else _("holds {n} s shorter")
        case "s down":
            text = _("{n} s slower lowering") if more else _("{n} s quicker lowering")
        case "kg":
            text = _("{n} kg heavier") if more else _("{n} kg lighter")
        case "min":
            text = _("{n} min longer") if more else _("{n} min shorter")
        case "m":
            text = _("{n} m further") if more else _("{n} m shorter")
        case "level":
            return _("a little more range") if more else _("a little less range")
        case _unit:
            return f"{'+' if more else '−'}{size} {variable.unit}"
    return text.format(n=size)


def _amount(variable: Variable, value: float) -> str:
    """The dose that results, in the same words the step card uses."""
    if variable.levels:
        return variable.level_text(value)
    size, count = f"{value:g}", _count(value)
    match variable.unit:
        case "reps":
            text = ngettext("{n} rep", "{n} reps", count)  # "1 rep", never "1 reps"
        case "breaths":
            text = ngettext("{n} breath", "{n} breaths", count)
        case "s down":
            text = _("{n} s lowering")
        case "s":
            text = _("{n} s")
        case "kg":
            text = _("{n} kg")
        case "min":
            text = _("{n} min")
        case "m":
            text = _("{n} m")
        case _unit:
            return f"{size} {variable.unit}"
    return text.format(n=size)


def _count(value: float) -> int:
    """The count that picks a plural form: 1 is "1 rep", anything else "1.5 reps", "6 reps"."""
    return 1 if value == 1 else 2 if value != int(value) else int(value)


def _reason(exercise: Exercise, name: str, before: float, after: float, why: str) -> str:
    """ "Supported bridge: holds 2 s longer next time (7 s) — the last 2 sessions felt right." """
    words = _words(exercise)
    variable = words.variables[name]
    return _("{name}: {step} next time ({amount}) — {why}.").format(
        name=words.name,
        step=_delta(variable, after - before),
        amount=_amount(variable, after),
        why=why,
    )


def _words(exercise: Exercise) -> Exercise:
    """The exercise with its texts in the current language: its name in a reason is in the
    reason's language."""
    return exercise.speaking(i18n.current())


def _name(exercise: Exercise) -> str:
    return _words(exercise).name


def _decimal(value: float) -> str:
    """ "4.5" in English, "4,5" in German and Spanish."""
    return format_decimal(value, format="0.0", locale=i18n.locale())

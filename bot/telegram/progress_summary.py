"""The words under the progress chart and the weekly review's, in the person's language. What
they say comes from bot.coaching.progress (trends, ends of a span); this module only writes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from statistics import mean

from bot.coaching.habit import HabitSummary
from bot.coaching.progress import ProgressData, ends, pain_trend, rating_ends
from bot.i18n import N_, _, ngettext

FIRST_DAY = N_("Your first day:")
LAST_DAYS = N_("Your last {n} days:")
LAST_WEEKS = N_("Your last {n} weeks:")
NO_MORNING_TREND = N_("• Morning pain: I can show a trend after two weeks of mornings.")
NO_MORNING_TREND_YET = N_(
    "• Morning pain: I can show a trend after two weeks of mornings ({mornings} so far)."
)
MORNING = {
    "easing": N_(
        "• Morning pain is easing — from about {first} to about {last} out of 10. Well done."
    ),
    "rising": N_(
        "• Morning pain is rising — from about {first} to about {last} out of 10. Sessions stay "
        "gentle; if it keeps climbing, see a doctor or physiotherapist."
    ),
    "steady": N_("• Morning pain is steady at about {last} out of 10."),
}
SESSIONS_SO_FAR = N_("• Pain during sessions so far: about {usual} out of 10.")
SESSION = {
    "easing": N_(
        "• Pain during sessions is easing — from about {first} to about {last} out of 10."
    ),
    "rising": N_(
        "• Pain during sessions is rising — from about {first} to about {last} out of 10."
    ),
    "steady": N_("• Pain during sessions is steady at about {last} out of 10."),
}
DONE_AND_TAKEN = N_("• {sessions} done, {breaks} taken.")
HABIT = N_("• Habit score {percent}%, best streak {days}.")
WALKING = N_("• Walking goal {goal} min a day; walks logged: {days}, {minutes} min.")
WALKING_NONE = N_("• Walking goal {goal} min a day; walks logged: none yet.")
RATINGS = N_("• How hard your trouble movements feel (0–10): {ratings}")
RATING = N_("{movement} {first} → {last}")
CHANGES = N_("• {changes} to your plan; the latest:")
# The trouble movements as the summary names them, in a few words.
MOVEMENTS = {
    "out_of_bed": N_("out of bed"),
    "into_car": N_("into car"),
    "low_chair": N_("low chair"),
    "up_from_floor": N_("up from floor"),
    "turning_to_reach": N_("turning to reach"),
    "lifting_from_floor": N_("lifting from floor"),
    "carrying": N_("carrying"),
    "socks_and_shoes": N_("socks and shoes"),
    "up_after_sitting": N_("up after sitting"),
}

WEEKLY = N_("Your weekly review")
WEEKLY_NO_TREND = N_("• Pain: a few more check-ins and I can show a trend.")
WEEKLY_PAIN = {
    "easing": N_("• Pain is easing: about {first} → {last}/10. Well done."),
    "rising": N_("• Pain is rising: about {first} → {last}/10, so sessions stay gentle."),
    "steady": N_("• Pain is steady at about {last}/10."),
}
THIS_WEEK = N_("• This week: {sessions}, {breaks}.")
LATEST_CHANGE = N_("• Latest change: {change}")
WHOLE_PICTURE = N_("/progress has the whole picture.")


def sessions(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n).format(n=n)


def breaks(n: int) -> str:
    return ngettext("{n} movement break", "{n} movement breaks", n).format(n=n)


def days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def span_heading(covered: int) -> str:
    """The real span the summary covers: "Your last 4 days", or weeks from two weeks on."""
    if covered <= 1:
        return _(FIRST_DAY)
    if covered < 14:
        return _(LAST_DAYS).format(n=covered)
    return _(LAST_WEEKS).format(n=round(covered / 7))


def _morning_line(points: Sequence[tuple[date, int]]) -> str:
    trend = pain_trend(points)
    if trend == "not enough data":
        if not points:
            return _(NO_MORNING_TREND)
        mornings = ngettext("{n} morning", "{n} mornings", len(points)).format(n=len(points))
        return _(NO_MORNING_TREND_YET).format(mornings=mornings)
    first, last = ends(points)
    return _(MORNING[trend]).format(first=first, last=last)


def _session_line(points: Sequence[tuple[date, int]]) -> str:
    trend = pain_trend(points)
    if trend == "not enough data":
        return _(SESSIONS_SO_FAR).format(usual=round(mean(pain for _, pain in points)))
    first, last = ends(points)
    return _(SESSION[trend]).format(first=first, last=last)


def summary_text(data: ProgressData, habit: HabitSummary, covered: int, baseline: str) -> str:
    """The summary under the chart; `covered` is the span in days (since set-up, at most the
    chart's weeks)."""
    lines = [span_heading(covered), _morning_line(data.morning_pain)]
    if data.session_pain:
        lines.append(_session_line(data.session_pain))
    lines.append(f"• {baseline}")
    done = sum(count for _, count in data.sessions_per_week)
    taken = sum(count for _, count in data.snacks_per_day)
    lines.append(_(DONE_AND_TAKEN).format(sessions=sessions(done), breaks=breaks(taken)))
    lines.append(_(HABIT).format(percent=habit.percent, days=days(habit.best_streak)))
    if data.walk_goal is not None:
        goal = f"{data.walk_goal:g}"
        if data.walks:
            minutes = f"{sum(walked for _, walked in data.walks):g}"
            lines.append(_(WALKING).format(goal=goal, days=days(len(data.walks)), minutes=minutes))
        else:
            lines.append(_(WALKING_NONE).format(goal=goal))
    if data.transition_ratings:
        ratings = ", ".join(
            _(RATING).format(movement=_movement(name), first=first, last=last)
            for name, (first, last) in rating_ends(data.transition_ratings).items()
        )
        lines.append(_(RATINGS).format(ratings=ratings))
    if data.changes:
        changes = ngettext("{n} change", "{n} changes", len(data.changes)).format(
            n=len(data.changes)
        )
        lines.append(_(CHANGES).format(changes=changes))
        lines += [f"   – {reason}" for _, reason in list(data.changes)[-3:]]
    return "\n".join(lines)


def weekly_caption(data: ProgressData, week_start: date) -> str:
    """The weekly review under its chart, in six lines at most: the pain trend, this week's
    sessions and breaks, and the latest change to the plan."""
    pain = [*data.session_pain, *data.morning_pain]
    trend = pain_trend(pain)
    lines = [_(WEEKLY)]
    if trend == "not enough data":
        lines.append(_(WEEKLY_NO_TREND))
    else:
        first, last = ends(pain)
        lines.append(_(WEEKLY_PAIN[trend]).format(first=first, last=last))
    done = sum(count for week, count in data.sessions_per_week if week >= week_start)
    taken = sum(count for day, count in data.snacks_per_day if day >= week_start)
    lines.append(_(THIS_WEEK).format(sessions=sessions(done), breaks=breaks(taken)))
    recent = [reason for day, reason in data.changes if day >= week_start]
    if recent:
        lines.append(_(LATEST_CHANGE).format(change=recent[-1]))
    lines.append(_(WHOLE_PICTURE))
    return "\n".join(lines)


def _movement(name: str) -> str:
    return _(MOVEMENTS[name]) if name in MOVEMENTS else name.replace("_", " ")

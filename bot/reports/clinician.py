"""A one-page PDF a person can show their GP or physiotherapist.

Plain data in (`ClinicianSummary`), PDF bytes out: the layout knows nothing of Telegram or the
database, so the page can be checked from a scripted person. It holds no Telegram ids and
names the person only by the first name they gave. matplotlib draws it (already used for the
/progress chart), imported inside `render_summary` for the same start-up reason as the chart.
The page is in the current language (bot.i18n), dates as that language writes them; DejaVu
Sans, matplotlib's own font, has the letters German and Spanish need.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean
from typing import TYPE_CHECKING

from bot.i18n import N_, _, ngettext
from bot.reports.chart import x
from bot.reports.dates import day_month as _day
from bot.reports.dates import full_date as _date
from bot.reports.dates import number as _number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

A4_INCHES = (8.27, 11.69)
MAX_ROUTINE_LINES = 12  # a longer routine is cut with "and N more", so the page stays one page
MAX_CHANGE_LINES = 6
MAX_SAFETY_LINES = 5
WEEK = timedelta(days=7)

WHAT_IT_IS = N_(
    "BackCoach is a self-management exercise coach for back pain, used in a Telegram chat. "
    "It offers a short daily routine, movement breaks and practice of hard everyday movements, "
    "and adjusts doses in small steps from the person's own pain and effort ratings, relative "
    "to their usual pain. It does not diagnose or treat; it screens for warning signs and stops "
    "the programme when one is reported."
)
# A ladder's stage (bot.coaching.catalogue.STAGES), as a clinician reads it.
STAGE_NAMES = {
    "supported": N_("supported"),
    "partly_loaded": N_("partly loaded"),
    "integrated": N_("integrated"),
}


@dataclass(frozen=True)
class ClinicianSummary:
    first_name: str
    start: date  # first day shown
    end: date  # the day the summary was made, in the person's zone
    zone: str
    usual_pain_at_start: int | None
    baseline: int | None  # usual pain now, as the programme reckons it
    morning_pain: Sequence[tuple[date, int]] = ()  # pain on getting up, the day after a session
    session_pain: Sequence[tuple[date, int]] = ()  # pain just after a session
    sessions_per_week: Sequence[tuple[date, int]] = ()  # Monday of the week, finished sessions
    flares: Sequence[tuple[date, date | None]] = ()
    routine: Sequence[tuple[str, str]] = ()  # exercise name, dose
    stages: Sequence[tuple[str, str]] = ()  # everyday movement, ladder stage
    ratings: Sequence[tuple[str, int, int]] = ()  # movement, first and latest 0-10 difficulty
    changes: Sequence[tuple[date, str]] = ()  # the latest plan changes, with their reasons
    safety: Sequence[tuple[date, str]] = field(default_factory=tuple)
    activities: Sequence[tuple[str, int, int]] = ()  # the person's words, first and latest 0-10
    peg: Sequence[tuple[date, float]] = ()  # pain-and-interference score (PEG), 0-10
    global_change: Sequence[tuple[date, str]] = ()  # "compared with when you started…"
    # A clinician's own exercises: name, dose, times done and found too hard in the period.
    clinician_exercises: Sequence[tuple[str, str, int, int]] = ()


def weekly_means(points: Sequence[tuple[date, int]]) -> list[tuple[date, float]]:
    """Ratings averaged per calendar week (Monday first), oldest first."""
    weeks: dict[date, list[int]] = {}
    for day, value in points:
        weeks.setdefault(date.fromordinal(day.toordinal() - day.weekday()), []).append(value)
    return [(week, round(mean(values), 1)) for week, values in sorted(weeks.items())]


def summary_lines(summary: ClinicianSummary) -> list[tuple[str, list[str]]]:
    """The page's text as (heading, lines) sections, in reading order."""
    usual = (
        _("not given")
        if summary.usual_pain_at_start is None
        else f"{summary.usual_pain_at_start}/10"
    )
    now = _("not yet known") if summary.baseline is None else f"{summary.baseline}/10"
    mornings = weekly_means(summary.morning_pain)
    pain = [
        _(
            "Usual pain at sign-up: {usual}. Usual pain now (median of recent mornings): {now}."
        ).format(usual=usual, now=now)
    ]
    if mornings:
        weekly = ", ".join(f"{_day(week)} {_number(value)}" for week, value in mornings[-8:])
        pain.append(_("Morning pain, weekly mean: {weeks}").format(weeks=weekly))
    else:
        pain.append(_("No morning pain ratings yet."))
    sessions = [n for _week, n in summary.sessions_per_week]
    weeks = max(1, round(((summary.end - summary.start).days + 1) / 7))
    if sessions:
        finished = ngettext(
            "Sessions finished: {n} in {weeks} week, {least}–{most} a week.",
            "Sessions finished: {n} in {weeks} weeks, {least}–{most} a week.",
            weeks,
        ).format(n=sum(sessions), weeks=weeks, least=min(sessions), most=max(sessions))
    else:
        finished = ngettext(
            "Sessions finished: {n} in {weeks} week.",
            "Sessions finished: {n} in {weeks} weeks.",
            weeks,
        ).format(n=0, weeks=weeks)
    flares = [
        _("{first} – ongoing").format(first=_date(first))
        if last is None
        else f"{_date(first)} – {_date(last)}"
        for first, last in summary.flares
    ] or [_("None recorded.")]
    routine = [f"{name}: {dose}" for name, dose in summary.routine[:MAX_ROUTINE_LINES]]
    if len(summary.routine) > MAX_ROUTINE_LINES:
        routine.append(_("… and {n} more").format(n=len(summary.routine) - MAX_ROUTINE_LINES))
    routine += [
        _("{movement}: {stage} stage").format(
            movement=movement, stage=_(STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage
        )
        for movement, stage in summary.stages
    ]
    routine += [
        _(
            "Prescribed by their clinician (dose never changed here): {name}, {dose}; "
            "done {done} times, too hard {hard}"
        ).format(name=name, dose=dose, done=done, hard=hard)
        for name, dose, done, hard in summary.clinician_exercises
    ]
    ratings = [
        _("{movement}: {first}/10 → {latest}/10 (0 = no trouble, 10 = can't do it)").format(
            movement=movement, first=first, latest=latest
        )
        for movement, first, latest in summary.ratings
    ] or [_("Not rated yet.")]
    matters = [
        _("{name}: {first}/10 → {latest}/10 (0 = can't do it, 10 = as before)").format(
            name=name, first=first, latest=latest
        )
        for name, first, latest in summary.activities
    ] or [_("Not named yet.")]
    if summary.peg:
        scores = ", ".join(f"{_day(day)} {_number(score)}" for day, score in summary.peg)
        matters.append(
            _("Pain-and-interference (PEG, 0-10, lower is better): {scores}").format(scores=scores)
        )
    if summary.global_change:
        answers = ", ".join(
            f"{_day(day)} {answer.lower()}" for day, answer in summary.global_change
        )
        matters.append(
            _("Compared with the start, in their words: {answers}").format(answers=answers)
        )
    changes = [f"{_day(day)}: {reason}" for day, reason in summary.changes[-MAX_CHANGE_LINES:]] or [
        _("No changes yet.")
    ]
    safety = [f"{_date(day)}: {text}" for day, text in summary.safety[-MAX_SAFETY_LINES:]] or [
        _("Not answered.")
    ]
    return [
        (_("Pain"), pain),
        (_("What matters to them (their own activities)"), matters),
        (_("Sessions"), [finished]),
        (_("Flare-ups"), flares),
        (_("Current routine"), routine or [_("No routine yet.")]),
        (_("Everyday movements (self-rated difficulty)"), ratings),
        (_("Latest plan changes"), changes),
        (_("Warning-sign screening"), safety),
        (_("What this is and isn't"), [_(WHAT_IT_IS)]),
    ]


def render_summary(summary: ClinicianSummary) -> bytes:
    """The summary as a one-page A4 PDF."""
    buffer = io.BytesIO()
    draw(summary).savefig(buffer, format="pdf")
    return buffer.getvalue()


def draw(summary: ClinicianSummary) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=A4_INCHES)
    FigureCanvasAgg(figure)
    title = (
        _("BackCoach summary — {name}").format(name=summary.first_name)
        if summary.first_name
        else _("BackCoach summary")
    )
    figure.text(0.07, 0.955, title, fontsize=15, weight="bold")
    figure.text(
        0.07,
        0.935,
        _("{start} to {end} · dates in {zone}").format(
            start=_date(summary.start), end=_date(summary.end), zone=summary.zone
        ),
        fontsize=9,
        color="0.35",
    )
    _pain_chart(figure.add_axes((0.1, 0.74, 0.84, 0.17)), summary)
    y = 0.70
    for heading, lines in summary_lines(summary):
        figure.text(0.07, y, heading, fontsize=10.5, weight="bold")
        y -= 0.019
        for line in lines:
            for part in _wrap(line, 105):
                figure.text(0.09, y, part, fontsize=8.5)
                y -= 0.0155
        y -= 0.008
    figure.text(
        0.07,
        0.02,
        _("Made by the person from their own BackCoach chat. Ratings are self-reported."),
        fontsize=7.5,
        color="0.4",
    )
    return figure


def _pain_chart(axis: Axes, summary: ClinicianSummary) -> None:
    from matplotlib.ticker import FuncFormatter

    for points, label, style in (
        (summary.morning_pain, _("morning pain (weekly mean)"), "o-"),
        (summary.session_pain, _("after a session (weekly mean)"), "s--"),
    ):
        weeks = weekly_means(points)
        if weeks:
            days, values = [x(w, midday=True) for w, _mean in weeks], [v for _week, v in weeks]
            axis.plot(days, values, style, label=label, markersize=4)
    if summary.baseline is not None:
        axis.axhline(summary.baseline, color="0.6", linewidth=0.8, label=_("usual pain now"))
    for first, last in summary.flares:
        axis.axvspan(x(first), x(last or summary.end), color="tab:red", alpha=0.1, linewidth=0)
    if not any(points for points in (summary.morning_pain, summary.session_pain)):
        # no points to span: the page's period, a week at least, rather than 1 January 1970
        axis.set_xlim(x(summary.start), x(max(summary.end, summary.start + WEEK)))
    axis.xaxis_date()
    axis.xaxis.set_major_formatter(FuncFormatter(_tick))
    axis.set_ylim(0, 10)
    axis.set_ylabel(_("pain 0–10"), fontsize=8)
    axis.tick_params(labelsize=7)
    axis.grid(alpha=0.3)
    if axis.get_legend_handles_labels()[0]:
        axis.legend(fontsize=7, loc="upper right")
    else:
        axis.text(0.5, 0.5, _("no ratings yet"), ha="center", va="center", transform=axis.transAxes)


def _tick(value: float, _position: int) -> str:
    """A date tick on the chart, in the page's language."""
    from matplotlib.dates import num2date

    return _day(num2date(value).date())  # type: ignore[no-untyped-call]


def _wrap(line: str, width: int) -> list[str]:
    words, lines, current = line.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines

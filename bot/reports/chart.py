"""The progress chart as a PNG, drawn without a display.

matplotlib is imported inside `draw` (Agg canvas, no pyplot): importing it costs about half a
second, which the bot should not pay at start-up or in commands that draw nothing.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from statistics import mean
from typing import TYPE_CHECKING

from babel.dates import format_date

from bot import i18n
from bot.coaching.progress import ProgressData
from bot.i18n import N_, _

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# A new person's chart spans at least this many days, so three days of data don't fill it.
MIN_DAYS = 7
# Up to this many days the axis names every day; beyond, every Monday.
DAILY_TICKS_UP_TO = 14

# The chart's words, in the person's language (drawn in a thread: the language goes with it).
TITLE = N_("BackCoach — your progress, {first} to {last}")
FLARE = N_("flare")
PLAN_CHANGED = N_("plan changed")
FINE_IN_SESSION = N_("fine in a session: 0–{top}")
USUAL_PAIN = N_("your usual pain: {baseline}")
PAIN_IN_SESSION = N_("pain in session")
PAIN_NEXT_MORNING = N_("pain next morning")
EFFORT = N_("effort (0–10)")
NO_RATINGS = N_("No ratings yet: they appear after your first session.")
COUNT = N_("count")
SESSIONS_THAT_WEEK = N_("sessions that week")
BREAKS_THAT_DAY = N_("movement breaks that day")
# Days as each language writes them (Babel's patterns): "Mon\n02 Mar" on the axis while it names
# every day, "02 Mar" from week ticks on and in the title.
DAY_TICK = {"en": "EEE\ndd MMM", "de": "EEE\nd. MMM", "es": "EEE\nd MMM"}
WEEK_TICK = {"en": "dd MMM", "de": "d. MMM", "es": "d MMM"}


def render_chart(data: ProgressData, start: date, end: date) -> bytes:
    """The chart of `draw` as PNG bytes."""
    buffer = io.BytesIO()
    draw(data, start, end).savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def draw(data: ProgressData, start: date, end: date) -> Figure:
    """Pain (session and next morning) and effort, a day each, over the person's own fine zone
    and usual pain; movement breaks a day and sessions a week below; flares shaded and dotted
    lines where the plan changed. The axis starts where the person's data starts (at most
    `start`), so a newcomer's few days are not squeezed against the right edge."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 6))
    FigureCanvasAgg(figure)
    ratings, activity = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    left = first_day(data, start, end)
    _ratings(ratings, data)
    _activity(activity, data, left, end)
    for axis in (ratings, activity):
        named = axis is ratings  # the legend names flares and changes once, on top
        for n, (first, last) in enumerate(data.flares):
            axis.axvspan(
                x(max(first, left)),
                x((last or end) + timedelta(days=1)),
                color="tab:red",
                alpha=0.1,
                linewidth=0,
                label=_(FLARE) if named and not n else None,
            )
        for n, (day, _reason) in enumerate(data.changes):
            axis.axvline(
                x(day, midday=True),
                color="tab:purple",
                alpha=0.5,
                linestyle=":",
                linewidth=1.2,
                label=_(PLAN_CHANGED) if named and not n else None,
            )
        axis.set_xlim(x(left), x(end + timedelta(days=1)))
        axis.grid(alpha=0.2)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    _date_ticks(activity, (end - left).days + 1)
    figure.suptitle(_(TITLE).format(first=_day(left), last=_day(end)))
    figure.tight_layout()
    return figure


def first_day(data: ProgressData, start: date, end: date) -> date:
    """The day before the person's first data, at least MIN_DAYS before `end`, never before
    `start`."""
    days = [
        day
        for points in (data.session_pain, data.morning_pain, data.effort, data.snacks_per_day)
        for day, _ in points
    ]
    days += [day for day, _ in data.changes] + [first for first, _ in data.flares]
    days += [week for week, _ in data.sessions_per_week]
    earliest = min(days, default=end) - timedelta(days=1)
    return max(start, min(earliest, end - timedelta(days=MIN_DAYS - 1)))


def x(day: date, midday: bool = False) -> float:
    """A day's place on the axis (matplotlib's day numbers): a day's values go in the middle of
    its stretch, between its midnights."""
    import matplotlib.dates as mdates

    moment = datetime.combine(day, time(12 if midday else 0))
    return float(mdates.date2num(moment))  # type: ignore[no-untyped-call]


def daily(points: Sequence[tuple[date, int]]) -> list[tuple[date, float]]:
    """One value a day (the mean), so two ratings on one day make a point, not a vertical
    line."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for day, value in points:
        by_day[day].append(value)
    return [(day, round(mean(values), 1)) for day, values in sorted(by_day.items())]


def _ratings(axis: Axes, data: ProgressData) -> None:
    from matplotlib.ticker import MultipleLocator

    top = data.acceptable_max
    axis.axhspan(0, top, color="tab:green", alpha=0.08, label=_(FINE_IN_SESSION).format(top=top))
    if data.baseline is not None:
        axis.axhline(
            data.baseline,
            color="tab:green",
            linestyle="--",
            linewidth=1,
            label=_(USUAL_PAIN).format(baseline=data.baseline),
        )
    for points, label, style in (
        (data.session_pain, _(PAIN_IN_SESSION), "o-"),
        (data.morning_pain, _(PAIN_NEXT_MORNING), "s--"),
        (data.effort, _(EFFORT), "^:"),
    ):
        if points:
            days, values = zip(*daily(points), strict=True)
            axis.plot(
                [x(day, midday=True) for day in days], values, style, label=label, markersize=5
            )
    if not (data.session_pain or data.morning_pain or data.effort):
        axis.text(
            0.5,
            0.75,
            _(NO_RATINGS),
            transform=axis.transAxes,
            ha="center",
            va="center",
            color="0.4",
        )
    axis.set_ylim(0, 10.5)
    axis.yaxis.set_major_locator(MultipleLocator(2))
    axis.set_ylabel("0–10")


def _activity(axis: Axes, data: ProgressData, left: date, end: date) -> None:
    from matplotlib.ticker import MaxNLocator

    highest = 0
    if data.sessions_per_week:
        # Each week's bar covers the part of that week on the chart, its count written on top.
        spans = [
            (max(week, left), min(week + timedelta(days=7), end + timedelta(days=1)), count)
            for week, count in sorted(data.sessions_per_week)
        ]
        bars = axis.bar(
            [x(first) for first, _, _ in spans],
            [count for _, _, count in spans],
            width=[(stop - first).days for first, stop, _ in spans],
            align="edge",
            color="tab:blue",
            alpha=0.25,
            edgecolor="tab:blue",
            label=_(SESSIONS_THAT_WEEK),
        )
        for label in axis.bar_label(
            bars,
            fontsize=9,
            color="tab:blue",
            padding=2,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        ):
            label.set_zorder(5)  # above the day bars drawn next
        highest = max(count for _, _, count in spans)
    if data.snacks_per_day:
        days, counts = zip(*sorted(data.snacks_per_day), strict=True)
        axis.bar(
            [x(day, midday=True) for day in days],
            counts,
            width=0.6,
            color="tab:orange",
            alpha=0.8,
            label=_(BREAKS_THAT_DAY),
        )
        highest = max(highest, *counts)
    axis.set_ylabel(_(COUNT))
    axis.set_ylim(0, max(3, highest + 1))
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))


def _date_ticks(axis: Axes, days: int) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    pattern = i18n.pick(DAY_TICK if days <= DAILY_TICKS_UP_TO else WEEK_TICK)
    language = i18n.locale()  # now: matplotlib writes the labels later, when it saves
    if days <= DAILY_TICKS_UP_TO:
        axis.xaxis.set_major_locator(mdates.HourLocator(byhour=12))  # type: ignore[no-untyped-call]
    else:
        axis.xaxis.set_major_locator(mdates.WeekdayLocator(mdates.MO))  # type: ignore[no-untyped-call]
    axis.xaxis.set_major_formatter(
        FuncFormatter(
            lambda value, _position: format_date(
                mdates.num2date(value).date(),  # type: ignore[no-untyped-call]
                pattern,
                locale=language,
            )
        )
    )


def _day(day: date) -> str:
    """A day as the person's language writes it ("02 Mar", "2. März", "2 mar")."""
    return format_date(day, i18n.pick(WEEK_TICK), locale=i18n.locale())

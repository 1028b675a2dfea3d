"""The /progress chart reads well for a newcomer with three days and for someone with 8 weeks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bot.coaching.progress import ProgressData
from bot.reports.chart import draw, render_chart

TODAY = date(2026, 11, 25)  # a Wednesday
EIGHT_WEEKS_AGO = TODAY - timedelta(weeks=8)
MONDAY = date(2026, 11, 23)


def day(n: int) -> date:
    """n days before today."""
    return TODAY - timedelta(days=n)


NEWCOMER = ProgressData(
    session_pain=[(day(2), 3), (day(1), 4), (day(1), 2), (day(0), 3)],  # two check-ins on day 1
    morning_pain=[(day(1), 3), (day(0), 4)],
    effort=[(day(2), 3), (day(1), 4), (day(0), 5)],
    sessions_per_week=[(MONDAY, 1)],
    snacks_per_day=[(day(2), 2), (day(0), 1)],
    baseline=5,
    acceptable_max=6,
)


def axes(data: ProgressData, start: date = EIGHT_WEEKS_AGO) -> tuple[Axes, Axes]:
    figure: Figure = draw(data, start, TODAY)
    ratings, activity = figure.axes
    return ratings, activity


def on_axis(number: float) -> date:
    """The day at this place on a date axis."""
    return mdates.num2date(number).date()  # type: ignore[no-untyped-call,no-any-return]


def span_days(axis: Axes) -> float:
    left, right = axis.get_xlim()
    return right - left


def legend_texts(axis: Axes) -> list[str]:
    legend = axis.get_legend()
    return [] if legend is None else [text.get_text() for text in legend.get_texts()]


def line(axis: Axes, label: str) -> tuple[list[float], list[float]]:
    found = next(item for item in axis.get_lines() if item.get_label() == label)
    return list(found.get_xdata()), list(found.get_ydata())  # type: ignore[arg-type]


def test_a_newcomers_three_days_fill_a_week_not_the_right_edge_of_eight() -> None:
    ratings, activity = axes(NEWCOMER)
    assert span_days(ratings) == 7
    assert on_axis(ratings.get_xlim()[1]) == TODAY + timedelta(days=1)
    days, _ = line(ratings, "pain in session")
    assert min(days) - ratings.get_xlim()[0] >= 4  # the first day sits well inside the axis
    labels = [label.get_text() for label in activity.get_xticklabels()]
    assert labels[-1] == "Wed\n25 Nov" and len(labels) == 7  # every day named


def test_two_check_ins_on_one_day_make_one_point_at_their_mean() -> None:
    ratings, _ = axes(NEWCOMER)
    days, pains = line(ratings, "pain in session")
    assert len(days) == len(set(days)) == 3  # no vertical line: one x per day
    assert pains == [3, 3, 3]  # day 1: (4 + 2) / 2


def test_one_finished_session_shows_as_a_bar_counted_in_whole_numbers() -> None:
    _, activity = axes(ProgressData(sessions_per_week=[(MONDAY, 1)]))
    bars = [p for p in activity.patches if isinstance(p, Rectangle) and p.get_height() > 0]
    assert len(bars) == 1 and bars[0].get_height() == 1
    assert bars[0].get_width() == 3  # Monday to today: the part of that week on the chart
    assert [text.get_text() for text in activity.texts] == ["1"]
    ticks = activity.get_yticks()
    assert all(tick == int(tick) for tick in ticks) and max(ticks) >= 2


def test_the_persons_own_fine_zone_and_usual_pain_are_drawn_and_named() -> None:
    ratings, _ = axes(NEWCOMER)
    assert "fine in a session: 0–6" in legend_texts(ratings)
    assert "your usual pain: 5" in legend_texts(ratings)
    zone = next(p for p in ratings.patches if p.get_label() == "fine in a session: 0–6")
    assert isinstance(zone, Rectangle) and (zone.get_y(), zone.get_height()) == (0, 6)
    _, usual = line(ratings, "your usual pain: 5")
    assert usual == [5, 5]


def eight_weeks(flares: list[tuple[date, date | None]]) -> ProgressData:
    days = [day(n) for n in range(55, -1, -1)]
    return ProgressData(
        session_pain=[(d, 3 + n % 3) for n, d in enumerate(days)],
        morning_pain=[(d, 2 + n % 4) for n, d in enumerate(days)],
        sessions_per_week=[(d, 4) for d in days if d.weekday() == 0],
        snacks_per_day=[(d, n % 7) for n, d in enumerate(days)],
        changes=[(day(30), "Longer holds")],
        flares=flares,
        baseline=4,
        acceptable_max=5,
    )


def test_eight_weeks_are_named_by_their_mondays_and_flares_are_shaded() -> None:
    ratings, activity = axes(eight_weeks([(day(30), day(24)), (day(3), None)]))
    assert span_days(ratings) == 8 * 7 + 1
    labels = [label.get_text() for label in activity.get_xticklabels()]
    assert labels[-1] == "23 Nov" and len(labels) == 8
    assert legend_texts(ratings).count("flare") == 1
    assert "plan changed" in legend_texts(ratings)
    red = to_rgb("tab:red")
    shaded = [
        p for p in ratings.patches if isinstance(p, Rectangle) and p.get_facecolor()[:3] == red
    ]
    spans = [(on_axis(p.get_x()), p.get_width()) for p in shaded]
    assert spans == [(day(30), 7), (day(3), 4)]  # the one still running reaches today


def test_the_png_is_a_picture() -> None:
    assert render_chart(eight_weeks([]), EIGHT_WEEKS_AGO, TODAY).startswith(b"\x89PNG\r\n\x1a\n")


def test_matplotlib_is_imported_only_when_a_chart_is_drawn() -> None:
    code = (
        "import sys, bot.reports.chart, bot.telegram.progress; print('matplotlib' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"

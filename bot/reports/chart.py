"""The progress chart as a PNG, drawn without a display (matplotlib's Agg backend)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from bot.coaching.progress import ProgressData


def render_chart(data: ProgressData, start: date, end: date) -> bytes:
    """Pain (session and next morning) and effort on top; sessions a week and movement breaks a
    day below; dotted lines where the plan changed."""
    figure, (ratings, activity) = plt.subplots(
        2, 1, figsize=(8, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    try:
        _ratings(ratings, data)
        _activity(activity, data)
        for axis in (ratings, activity):
            for day, _ in data.changes:
                axis.axvline(day, color="tab:purple", alpha=0.5, linestyle=":", linewidth=1.2)
            axis.set_xlim(start, end + timedelta(days=1))
            axis.grid(alpha=0.2)
        activity.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
        figure.suptitle("BackCoach — your progress")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()
    finally:
        plt.close(figure)


def _ratings(axis: Axes, data: ProgressData) -> None:
    for points, label, style in (
        (data.session_pain, "pain in session", "o-"),
        (data.morning_pain, "pain next morning", "s--"),
        (data.effort, "effort (Borg CR10)", "^:"),
    ):
        if points:
            days, values = zip(*sorted(points), strict=True)
            axis.plot(days, values, style, label=label, markersize=4)
    if data.changes:
        axis.plot([], [], color="tab:purple", linestyle=":", label="plan changed")
    axis.axhspan(0, 5, color="tab:green", alpha=0.06)
    axis.set_ylim(0, 10.5)
    axis.set_ylabel("0–10")
    if data.session_pain or data.morning_pain or data.effort:
        axis.legend(loc="upper left", fontsize=8)


def _activity(axis: Axes, data: ProgressData) -> None:
    if data.snacks_per_day:
        days, counts = zip(*sorted(data.snacks_per_day), strict=True)
        axis.bar(days, counts, width=0.8, color="tab:orange", alpha=0.6, label="movement breaks")
    if data.sessions_per_week:
        weeks, sessions = zip(*sorted(data.sessions_per_week), strict=True)
        axis.step(weeks, sessions, where="post", color="tab:blue", label="sessions per week")
    axis.set_ylabel("count")
    axis.set_ylim(bottom=0)
    if data.snacks_per_day or data.sessions_per_week:
        axis.legend(loc="upper left", fontsize=8)

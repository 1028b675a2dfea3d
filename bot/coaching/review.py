"""Noticing, from plain lists of ratings, when a person should be looked at again.

- "No improvement": six weeks in, morning pain has not eased and no trouble movement has got
  meaningfully easier, so a physiotherapist's review is worth suggesting (once).
- "Pain rising": this week's pain is 2 or more points above last week's, so the safety screen is
  worth repeating.

Thresholds follow the usual "meaningful change" for a 0-10 pain scale (2 points or 30%; Ostelo
et al., Spine 2008;33:90-94) and for the Patient-Specific Functional Scale (about 2 points;
Stratford et al., Physiotherapy Canada 1995;47:258-263).
"""

from __future__ import annotations

from datetime import date, timedelta
from statistics import mean, median

REVIEW_AFTER = timedelta(weeks=6)
# Morning pain in the first and in the latest two weeks is compared.
WINDOW = timedelta(days=14)
MIN_RATINGS = 2  # fewer than this in a window: too little to judge either way
EASED_POINTS, EASED_SHARE = 2, 0.3
RATING_CHANGE = 2
PAIN_RISE = 2

DayPain = tuple[date, int]
Rating = tuple[date, str, int]  # (day, trouble movement, 0 = no trouble .. 10 = can't do it)


def suggest_review(
    start: date, today: date, mornings: list[DayPain], ratings: list[Rating]
) -> bool:
    """Six weeks or more since `start`, morning pain not eased and no movement 2 points easier."""
    if today - start < REVIEW_AFTER:
        return False
    first = [pain for day, pain in mornings if day < start + WINDOW]
    latest = [pain for day, pain in mornings if day > today - WINDOW]
    if len(first) < MIN_RATINGS or len(latest) < MIN_RATINGS:
        return False
    baseline, now = median(first), median(latest)
    if baseline < EASED_POINTS:  # little pain to begin with: nothing to ease
        return False
    eased = baseline - now >= EASED_POINTS or now <= baseline * (1 - EASED_SHARE)
    return not eased and not _movement_easier(ratings)


def _movement_easier(ratings: list[Rating]) -> bool:
    by_movement: dict[str, list[Rating]] = {}
    for rating in sorted(ratings):
        by_movement.setdefault(rating[1], []).append(rating)
    return any(
        rows[0][2] - rows[-1][2] >= RATING_CHANGE for rows in by_movement.values() if len(rows) > 1
    )


def pain_rising(pains: list[DayPain], today: date) -> bool:
    """The average pain of the last 7 days is 2 or more above that of the 7 days before."""
    this_week = [pain for day, pain in pains if today - timedelta(days=7) < day <= today]
    last_week = [
        pain for day, pain in pains if today - timedelta(days=14) < day <= today - timedelta(days=7)
    ]
    if len(this_week) < MIN_RATINGS or len(last_week) < MIN_RATINGS:
        return False
    return mean(this_week) - mean(last_week) >= PAIN_RISE

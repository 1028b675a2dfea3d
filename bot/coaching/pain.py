"""Pain judged against the person's own baseline, not against fixed numbers.

A person whose usual pain is 6 is not in a flare because they rate 6. The baseline B is the
median of their recent next-morning ratings; until there are enough, the "usual pain" they gave
at sign-up stands in. Every zone below is a rule in data/progression.yaml, with its source.
"""

from __future__ import annotations

import math
from statistics import median
from typing import Literal

from bot.coaching.catalogue import Rules
from bot.i18n import _

MorningLevel = Literal["fine", "hold", "back"]


def baseline(rules: Rules, mornings: list[int], usual_pain: int | None) -> int:
    """B: the median of the last ratings (rounded down: a 4.5 is a 4, never a 5), or the usual
    pain until then. How fast B may rise is the engine's rule (microload.py)."""
    recent = mornings[-rules.baseline.mornings :]
    if len(recent) >= rules.baseline.min_mornings:
        return math.floor(median(recent))
    if usual_pain is not None:
        return usual_pain
    return math.floor(median(recent)) if recent else rules.baseline.default


def may_progress(rules: Rules, pain: int, b: int) -> bool:
    """Session pain low enough to add load: below max(5, B + 1), and below 7 whatever B."""
    return pain < min(acceptable_max(rules, b), rules.pain.no_progress_from)


def acceptable_max(rules: Rules, b: int) -> int:
    """The highest session pain that is still fine: max(5, B + 1)."""
    return max(rules.pain.acceptable_max, b + rules.pain.acceptable_above_baseline)


def too_much(rules: Rules, pain: int, b: int) -> bool:
    """Session pain that steps back what was just done: max(6, B + 2) or more."""
    return pain > acceptable_max(rules, b)


def morning_level(rules: Rules, pain: int, b: int) -> MorningLevel:
    """fine: at or below usual; hold: one point over (progress nothing); back: two or more over
    (about the smallest change people notice), which steps back what that session first did."""
    if pain >= b + rules.morning.step_back_above_baseline:
        return "back"
    if pain > b:
        return "hold"
    return "fine"


def settled(rules: Rules, pain: int, b: int) -> bool:
    """A morning back within a point of usual: what ends a flare."""
    return pain <= b + rules.morning.settled_above_baseline


def high_morning(rules: Rules, pain: int, b: int) -> bool:
    """Two of these in a row start the flare-day routine: max(6, B + 2) or more."""
    return pain >= max(rules.flare.high_morning_min, b + rules.flare.high_morning_above_baseline)


def may_flare(rules: Rules, pain: int) -> bool:
    """Whether any baseline could make this rating a flare: below the absolute floor none can,
    so the plan need not be read to know."""
    return pain >= rules.flare.any_rating_min


def flare_rating(rules: Rules, pain: int, b: int) -> bool:
    """One rating this high starts the flare-day routine at once: max(8, B + 3) or more."""
    return pain >= max(rules.flare.any_rating_min, b + rules.flare.any_rating_above_baseline)


def describe_baseline(b: int, from_mornings: bool) -> str:
    if from_mornings:
        return _(
            "Your usual morning pain lately is about {b}/10; I judge each day against that."
        ).format(b=b)
    return _("I take your usual pain as {b}/10 until I have a few mornings to go on.").format(b=b)

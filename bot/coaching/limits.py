"""What the safety answers allow: which exercises may appear, at what dose, up to which stage.

Pure: the routine builder and the micro-load engine ask these three functions; the Telegram side
decides the Limits from a person's answers. What counts as "loaded" or "prone" comes from the
catalogue (a `load_kg` variable; `position: prone`), so a new exercise needs no change here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coaching.catalogue import Exercise, Stage

# Real-life lifting and carrying: the integrated stage of these ladders is what a person with an
# unchecked "see a doctor soon" sign should not practise yet.
LIFTING = frozenset({"lifting_from_floor", "carrying"})


@dataclass(frozen=True)
class Limits:
    # A "see a doctor soon" sign not yet cleared: no added load (kg), no integrated lifting or
    # carrying.
    cautious: bool = False
    # Pregnant: exercises with added load and those lying face down are left out.
    pregnant: bool = False


NO_LIMITS = Limits()


def is_loaded(exercise: Exercise) -> bool:
    return "load_kg" in exercise.variables


def is_prone(exercise: Exercise) -> bool:
    return exercise.position == "prone"


def allows(exercise: Exercise, limits: Limits) -> bool:
    """May this exercise appear at all?"""
    if limits.pregnant and (is_loaded(exercise) or is_prone(exercise)):
        return False
    if limits.cautious and exercise.stage is not None:
        return all(allows_stage(t, exercise.stage, limits) for t in exercise.transitions)
    return True


def cap_dose(exercise: Exercise, dose: dict[str, float], limits: Limits) -> dict[str, float]:
    """The dose as offered: in cautious mode, no added weight (the movement without the kilos)."""
    if (limits.cautious or limits.pregnant) and dose.get("load_kg"):
        return {**dose, "load_kg": 0.0}
    return dose


def allows_stage(transition: str, stage: Stage, limits: Limits) -> bool:
    """May a ladder move to this stage? Not to real-life lifting or carrying while cautious or
    pregnant; every other ladder climbs as usual."""
    if stage == "integrated" and transition in LIFTING:
        return not (limits.cautious or limits.pregnant)
    return True

"""An activity in a person's words read as a ladder goal: "pick up my 12 kg daughter" is the
lifting ladder aiming at 12 kg; "carry 20 lb of shopping" the carrying ladder at 9 kg."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

POUND_KG = 0.4536
_WEIGHT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kg|kgs|kilo|kilos|kilograms?|lb|lbs|pounds?)\b")


@lru_cache(maxsize=4)
def _words(data_dir: Path) -> dict[str, list[str]]:
    raw = yaml.safe_load((data_dir / "goals.yaml").read_text(encoding="utf-8"))
    return {ladder: [str(word) for word in words] for ladder, words in raw.items()}


def weight_in(text: str) -> float | None:
    """Kilograms named in the text, rounded to whole kilos; pounds converted."""
    found = _WEIGHT.search(text.lower())
    if found is None:
        return None
    amount = float(found.group(1).replace(",", "."))
    kilos = amount * POUND_KG if found.group(2).startswith(("lb", "pound")) else amount
    return float(round(kilos)) if kilos >= 1 else None


def ladder_goal(data_dir: Path, text: str) -> tuple[str, float] | None:
    """The ladder an activity names and the weight it gives, when it gives both."""
    kilos = weight_in(text)
    if kilos is None:
        return None
    lowered = f" {text.lower()} "
    for ladder, words in _words(data_dir).items():
        if any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in words):
            return ladder, kilos
    return None

"""Print how well typed warning signs are recognised: recall per class and false urgent alarms,
for the main corpus, the held-out one, the lead's and the fresh one. Usage:
python scripts/symptom_recall.py [--misses] [corpus.yaml ...]"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.coaching.catalogue import default_data_dir
from bot.understanding.recall import LABELS, load_corpus, measure
from bot.understanding.symptoms import load_symptoms

HERE = Path(__file__).resolve().parents[1] / "tests" / "understanding"
DEFAULT = [HERE / f"symptom_{name}.yaml" for name in ("corpus", "heldout", "lead", "fresh")]


def main(args: list[str]) -> None:
    show_misses = "--misses" in args
    paths = [Path(arg) for arg in args if arg != "--misses"] or DEFAULT
    symptoms = load_symptoms(default_data_dir())
    for path in paths:
        figures = measure(symptoms, load_corpus(path))
        counts = ", ".join(f"{figures.counts[label]} {label}" for label in LABELS)
        print(f"{path.name} ({counts})")
        print(f"  urgent recall            {figures.recall('urgent'):6.1%}")
        print(f"  see a doctor soon recall {figures.recall('soon'):6.1%}")
        print(f"  ordinary read as ordinary{figures.recall('ordinary'):6.1%}")
        print(
            f"  false urgent alarms      {figures.false_urgent_rate():6.1%} of ordinary "
            f"({figures.false_urgent})"
        )
        if show_misses:
            for label, level, text in figures.misses:
                print(f"    {label:>8} read as {level:<6} {text}")


if __name__ == "__main__":
    main(sys.argv[1:])

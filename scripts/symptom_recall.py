"""Print how well typed warning signs are recognised: recall per class and false urgent alarms,
per corpus file and per language (English: the main corpus, the held-out one, the lead's and the
fresh one; German and Spanish: a main corpus, a held-out one and a fresh one each). Usage:
python scripts/symptom_recall.py [--misses] [corpus.yaml ...]"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.coaching.catalogue import default_data_dir
from bot.understanding.recall import LABELS, Figures, load_corpus, measure
from bot.understanding.symptoms import Symptoms, load_symptoms

HERE = Path(__file__).resolve().parents[1] / "tests" / "understanding"
BY_LANGUAGE = {
    "English": ["corpus", "heldout", "lead", "fresh"],
    "German": ["corpus_de", "heldout_de", "fresh_de"],
    "Spanish": ["corpus_es", "heldout_es", "fresh_es"],
}


def show(name: str, figures: Figures, show_misses: bool) -> None:
    counts = ", ".join(f"{figures.counts[label]} {label}" for label in LABELS)
    print(f"{name} ({counts})")
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


def files(symptoms: Symptoms, paths: list[Path], show_misses: bool) -> None:
    for path in paths:
        show(path.name, measure(symptoms, load_corpus(path)), show_misses)


def languages(symptoms: Symptoms, show_misses: bool) -> None:
    for language, names in BY_LANGUAGE.items():
        paths = [HERE / f"symptom_{name}.yaml" for name in names]
        files(symptoms, paths, show_misses)
        corpora = [load_corpus(path) for path in paths]
        merged = {label: [text for corpus in corpora for text in corpus[label]] for label in LABELS}
        show(f"{language}, all files", measure(symptoms, merged), show_misses=False)
        print()


def main(args: list[str]) -> None:
    show_misses = "--misses" in args
    paths = [Path(arg) for arg in args if arg != "--misses"]
    symptoms = load_symptoms(default_data_dir())
    if paths:
        files(symptoms, paths, show_misses)
    else:
        languages(symptoms, show_misses)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Print how well typed words other than warning signs are read — times, days, desk hours,
numbers, minutes, yes/no, set-up answers, skip reasons and intents — per language and per
concept, for each corpus file: per language a main corpus (tuned on), a held-out one written
before the German and Spanish readers were built, a fresh one written after (first run
recorded, then tuned on) and a blind one written after that, never tuned on. Usage:
python scripts/words_recall.py [--misses] [words_corpus_xx.yaml ...]"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.coaching.catalogue import default_data_dir
from bot.telegram.routine import SKIP_REASONS
from bot.understanding.recall import (
    Reader,
    WordFigures,
    load_words_corpus,
    measure_words,
    word_readers,
)

HERE = Path(__file__).resolve().parents[1] / "tests" / "understanding"
LANGUAGES = {"en": "English", "de": "German", "es": "Spanish"}


def language_of(path: Path) -> str:
    code = path.stem.rsplit("_", 1)[-1]
    return code if code in LANGUAGES else "en"


def show(name: str, figures: WordFigures, show_misses: bool) -> None:
    print(f"{name}: {figures.recall():6.1%} of {figures.total()}")
    for concept, count in figures.counts.items():
        print(f"  {concept:<12} {figures.recall(concept):6.1%} of {count}")
    if show_misses:
        for concept, text, wanted, read in figures.misses:
            print(f"    {concept:>12}: {text!r} read as {read!r}, not {wanted!r}")


def main(args: list[str]) -> None:
    show_misses = "--misses" in args
    paths = [Path(arg) for arg in args if arg != "--misses"]
    buttons = [(label, key) for key, label in SKIP_REASONS.items()]
    readers: dict[str, Reader] = word_readers(default_data_dir(), buttons)
    if not paths:
        kinds = ("corpus", "heldout", "fresh", "blind")
        paths = [HERE / f"words_{kind}_{code}.yaml" for code in LANGUAGES for kind in kinds]
    for path in paths:
        if path.exists():
            language = language_of(path)
            figures = measure_words(readers, load_words_corpus(path), language)
            show(f"{LANGUAGES[language]}, {path.name}", figures, show_misses)


if __name__ == "__main__":
    main(sys.argv[1:])

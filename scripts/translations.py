"""Keep bot/locales current with the code: every text marked `_()`, `N_()` or `ngettext()` in a
module gets an entry in bot/locales/<language>/<module>.po for each supported language; entries
whose text left the code go, translations of texts still there stay. Usage:

    python scripts/translations.py          # update the .po files, print what needs translating
    python scripts/translations.py --check  # exit 1 when a file is stale or a text untranslated

Adding a language: put its code in SUPPORTED and NAMES (bot/i18n.py), run this script, translate
the new files' empty entries (and the texts in data/*.yaml), run the tests.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from bot.i18n import ENGLISH, SUPPORTED

BOT = Path(__file__).resolve().parents[1] / "bot"
LOCALES = BOT / "locales"  # this checkout's, whichever `bot` is installed
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
HEADER = (
    "# BackCoach's texts of bot/{module} in one language (see bot/i18n.py).\n"
    "# Kept current by scripts/translations.py: translate the empty entries, keep the {{fields}}."
)
FIELD = re.compile(r"\{[^{}]*\}")

Message = str | tuple[str, str]


def module_of(path: Path) -> str:
    """bot/telegram/safety.py -> "telegram.safety": the catalogue file's name."""
    return ".".join(path.relative_to(BOT).with_suffix("").parts)


def extracted() -> dict[str, list[Message]]:
    """Each module's marked texts, in the order they appear."""
    found: dict[str, list[Message]] = {}
    for path in sorted(BOT.rglob("*.py")):
        if path.name == "i18n.py":
            continue
        with path.open("rb") as file:
            messages = [
                message if isinstance(message, str) else (message[0], message[1])
                for _line, message, _comments, _context in extract_from_file(
                    "python", file.name, keywords=KEYWORDS
                )
            ]
        if messages:
            found[module_of(path)] = list(dict.fromkeys(messages))
    return found


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


@dataclass
class Problem:
    file: str
    what: str


def check() -> Iterator[Problem]:
    wanted = extracted()
    for language in SUPPORTED:
        if language == ENGLISH:
            continue
        folder = LOCALES / language
        for extra in sorted(set(p.stem for p in folder.glob("*.po")) - set(wanted)):
            yield Problem(f"{language}/{extra}.po", "no module marks texts for it any more")
        for module, messages in wanted.items():
            path = folder / f"{module}.po"
            name = f"{language}/{module}.po"
            if not path.exists():
                yield Problem(name, "missing")
                continue
            catalogue = read(path, language)
            have = [message.id for message in catalogue if message.id]
            if set(map(_key, have)) != set(map(_key, messages)):
                yield Problem(name, "stale: run python scripts/translations.py")
            for message in catalogue:
                if message.id:
                    yield from _translated(name, message.id, message.string, message.fuzzy)
        yield from _agreeing(language)


def _agreeing(language: str) -> Iterator[Problem]:
    """A text used in several modules reads the same in each (they share one catalogue)."""
    seen: dict[Message, tuple[object, str]] = {}
    for path in sorted((LOCALES / language).glob("*.po")):
        for message in read(path, language):
            if not message.id:
                continue
            key = _key(message.id)
            string = message.string if isinstance(message.string, str) else tuple(message.string)
            if key in seen and seen[key][0] != string:
                yield Problem(
                    f"{language}/{path.name}", f"differs from {seen[key][1]}: {str(key)[:50]!r}"
                )
            seen.setdefault(key, (string, path.name))


def _key(message: object) -> Message:
    return message if isinstance(message, str) else tuple(message)  # type: ignore[arg-type,return-value]


def _translated(name: str, source: object, string: object, fuzzy: bool) -> Iterator[Problem]:
    sources = [source] if isinstance(source, str) else list(source)  # type: ignore[call-overload]
    strings = [string] if isinstance(string, str) else list(string)  # type: ignore[call-overload]
    short = str(sources[0])[:50]
    if fuzzy or not all(strings):
        yield Problem(name, f"not translated: {short!r}")
        return
    fields = set(FIELD.findall(str(sources[-1])))
    for text in strings:
        if set(FIELD.findall(str(text))) != fields:
            yield Problem(name, f"placeholders differ: {short!r}")


def update() -> None:
    wanted = extracted()
    for language in SUPPORTED:
        if language == ENGLISH:
            continue
        folder = LOCALES / language
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.po"):
            if stale.stem not in wanted:
                stale.unlink()
        for module, messages in wanted.items():
            path = folder / f"{module}.po"
            old = read(path, language) if path.exists() else Catalog(locale=language)
            new = Catalog(
                locale=language,
                project="BackCoach",
                fuzzy=False,
                header_comment=HEADER.format(module=module),
                creation_date=old.creation_date,
                revision_date=old.revision_date,
            )
            for message in messages:
                known = old.get(message[0] if isinstance(message, tuple) else message)
                string = (
                    known.string
                    if known is not None
                    else ("", "")
                    if isinstance(message, tuple)
                    else ""
                )
                new.add(message, string)
            with path.open("wb") as file:
                write_po(file, new, width=100, omit_header=False, no_location=True)


def main(args: list[str]) -> int:
    if "--check" not in args:
        update()
    problems = list(check())
    for problem in problems:
        print(f"{problem.file}: {problem.what}")
    return 1 if problems and "--check" in args else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The language a message is written in: the person's, from gettext catalogues.

Texts are written in English in the code, marked with `_()` where they are sent (or `N_()` where
a module keeps them as constants, then `_(CONSTANT)` at the send). Their translations live in
`bot/locales/<language>/<module>.po`, one file per module so each flow's texts are reviewed
together; `scripts/catalogues.py` extracts the marked texts and keeps those files current, and a
test fails when one is stale or a text lacks a translation.

The language is per task (a `ContextVar`): set from the person's choice for each update
(bot/telegram/language.py) and for each scheduled message, so a reply never borrows another
person's language. English where nothing was chosen or the language is not supported.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ENGLISH = "en"
SUPPORTED = ("en", "de", "es")
# How each language names itself, for /language.
NAMES = {"en": "English", "de": "Deutsch", "es": "Español"}
LOCALES = Path(__file__).parent / "locales"

_current: ContextVar[str] = ContextVar("language", default=ENGLISH)


def choose(code: str | None) -> str:
    """A supported language for Telegram's `language_code` (an IETF tag such as "de-AT")."""
    if not code:
        return ENGLISH
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED else ENGLISH


def current() -> str:
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Write in `language` inside the block (a scheduled message to one person)."""
    token = _current.set(language if language in SUPPORTED else ENGLISH)
    try:
        yield
    finally:
        _current.reset(token)


def use(language: str | None) -> None:
    """Write in `language` for the rest of this task (an update's handlers)."""
    _current.set(language if language in SUPPORTED else ENGLISH)


def _(message: str) -> str:
    """`message` in the current language (English when there is no translation)."""
    return _translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The right plural form for `n` in the current language ("1 rep", "2 reps")."""
    return _translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a text kept in a constant for the catalogues; translate it where it is sent."""
    return message


def pick(texts: Mapping[str, str]) -> str:
    """A text kept as data with its languages side by side (data/*.yaml), in the current one."""
    return texts.get(_current.get()) or texts[ENGLISH]


def locale() -> Locale:
    """Babel's locale for dates, times and weekday names in the current language."""
    return Locale.parse(_current.get())


def catalogue_files(language: str) -> list[Path]:
    return sorted((LOCALES / language).glob("*.po"))


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == ENGLISH:
        return gettext.NullTranslations()
    merged = Catalog(locale=language)
    for path in catalogue_files(language):
        with path.open("rb") as file:
            catalogue = read_po(file, locale=language)
        for message in catalogue:
            if message.id and message.string and not message.fuzzy:
                merged.add(message.id, message.string)
    buffer = BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)

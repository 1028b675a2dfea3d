"""Days, dates and numbers as the current language writes them ("20 Nov", "20. Nov.", "20 nov";
5.7, 5,7), for the pages and messages that show a person's ratings over time.

English is written the British way (day before month), as BackCoach always wrote it."""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal

from bot import i18n


def _locale() -> Locale:
    return Locale.parse("en_GB") if i18n.current() == i18n.ENGLISH else i18n.locale()


def day_month(day: date) -> str:
    return format_skeleton("dMMM", day, locale=_locale())


def full_date(day: date) -> str:
    return format_skeleton("yMMMd", day, locale=_locale())


def number(value: float) -> str:
    """A rating or weight without a needless ".0", with the language's decimal mark."""
    return format_decimal(value, locale=_locale())

"""The catalogues: complete in every supported language, current with the code, and used for
the person's language only."""

from __future__ import annotations

import asyncio

import pytest

from bot import i18n
from bot.coaching.screen import load_screen
from bot.i18n import _, ngettext
from scripts import translations


def test_every_marked_text_has_a_current_translation_in_every_language() -> None:
    problems = [f"{p.file}: {p.what}" for p in translations.check()]
    assert not problems, "\n".join(problems[:20])


def test_a_text_added_to_the_code_without_its_translation_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = translations.extracted()
    module = next(iter(real))
    monkeypatch.setattr(
        translations, "extracted", lambda: {**real, module: [*real[module], "A brand new text"]}
    )
    assert any("stale" in p.what for p in translations.check())


def test_a_translation_that_drops_a_placeholder_is_caught() -> None:
    problems = list(translations._translated("x.po", "Call {number}", "Ruf an", False))
    assert problems and "placeholders" in problems[0].what


def test_every_safety_screen_item_is_written_in_every_language() -> None:
    screen = load_screen()
    for item in (*screen.urgent, *screen.soon):
        missing = set(i18n.SUPPORTED) - set(item.text)
        assert not missing, f"{item.id} lacks {missing}"


def test_telegrams_language_tags_map_to_a_supported_language_or_english() -> None:
    assert [i18n.choose(c) for c in ("de-AT", "es_MX", "ES", "pt-BR", None, "")] == [
        "de",
        "es",
        "es",
        "en",
        "en",
        "en",
    ]


def test_a_text_is_in_the_current_language_and_english_without_a_translation() -> None:
    with i18n.speaking("de"):
        assert _("Not yet") == "Noch nicht"
        assert _("Nothing like this is in any catalogue") == "Nothing like this is in any catalogue"
    assert _("Not yet") == "Not yet"


def test_plurals_follow_the_language() -> None:
    with i18n.speaking("es"):
        assert ngettext("{n} rep", "{n} reps", 1) == "{n} rep"  # untranslated: English forms
    assert ngettext("{n} rep", "{n} reps", 2) == "{n} reps"


async def test_two_people_at_once_each_get_their_own_language() -> None:
    async def answer(language: str) -> str:
        i18n.use(language)
        await asyncio.sleep(0.01)
        return _("Not yet")

    assert await asyncio.gather(answer("de"), answer("es"), answer("en")) == [
        "Noch nicht",
        "Todavía no",
        "Not yet",
    ]

"""The catalogues: complete in every supported language, current with the code, and used for
the person's language only."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

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
    forms = [("en", 1, "{n} rep"), ("en", 2, "{n} reps"), ("de", 1, "{n} Wiederholung")]
    forms += [("de", 0, "{n} Wiederholungen"), ("es", 1, "{n} repetición")]
    forms += [("es", 6, "{n} repeticiones")]
    for language, n, expected in forms:
        with i18n.speaking(language):
            assert ngettext("{n} rep", "{n} reps", n) == expected, (language, n)


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


def test_a_text_translated_differently_in_two_modules_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "de"
    folder.mkdir()
    for name, string in (("a.po", "Fertig"), ("b.po", "Erledigt")):
        (folder / name).write_text(f'msgid "Done"\nmsgstr "{string}"\n', encoding="utf-8")
    monkeypatch.setattr(translations, "LOCALES", tmp_path)
    assert [p.what[:12] for p in translations._agreeing("de")] == ["differs from"]


def test_no_module_that_translates_hides_the_translation_function_behind_a_throwaway() -> None:
    """`_, key = data.split(":")` in a module that imports `_` breaks every text after it."""
    offenders = []
    for path in sorted(Path(i18n.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "bot.i18n"
            and any(alias.name == "_" for alias in node.names)
            for node in tree.body
        )
        in_comprehensions = {  # a comprehension's own variable stays inside it: harmless
            id(name)
            for node in ast.walk(tree)
            if isinstance(node, ast.comprehension)
            for name in ast.walk(node.target)
        }
        stores = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Name)
            and node.id == "_"
            and isinstance(node.ctx, ast.Store)
            and id(node) not in in_comprehensions
        ]
        if imports and stores:
            offenders.append(f"{path.name}:{stores}")
    assert not offenders

"""No text the bot sends is outside the catalogues: every string in the modules that talk to
people is marked for translation (`_`, `N_`, `ngettext`, or data read with `pick`), or is listed
below with the reason it never reaches a person in words (a date pattern, a file name, an
operator's report). A text added in English only fails here before anyone reads it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
# Where the texts people read are written. bot/understanding/ holds vocabulary (what people
# type, not what they read) but for the time-zone choices and place names it offers back;
# storage, ops and the sandbox write for operators.
SPEAKING = ("telegram", "reports", "coaching", "reminders")
SPEAKING_UNDERSTANDING = ("understanding/zones.py", "understanding/places.py")
MARKED = {"_", "N_", "ngettext", "pick"}
# Calls whose string arguments are not texts for people.
NOT_TEXT = {
    "debug", "info", "warning", "error", "exception", "critical",  # logs (English, no content)
    "TypeVar", "removeprefix", "removesuffix", "startswith", "endswith", "compile", "match",
    "search", "fullmatch", "sub", "split", "getLogger", "getattr",
}  # fmt: skip
WORDS = re.compile(r"[^\W\d_]{2,}")
IDENTIFIER = re.compile(r"[a-z0-9_:.\-/%{}=!]+")  # callback data, keys, codes
ZONE = re.compile(r"UTC|[A-Z][A-Za-z_]+/[A-Za-z_/]+")  # IANA time zones

# Strings in the speaking modules that are not a person's text, and why.
NOT_SENT: dict[str, set[str]] = {
    "app.py": {"Application[Any, Any, Any, Any, Any, Any]"},  # a type
    # The operator's /stats and the transport's own errors: for whoever runs the bot.
    "telegram/admin.py": {
        "Nudges due in the last 7 days:",
        "Users: ",
        " active)",
        "Typed, not understood (grow data/intents.yaml):",
        "Typed: all understood",
    },
    "telegram/aiohttp_request.py": {
        "Pool or connect timeout: the request was not sent to Telegram.",
        "User-Agent",
    },
    "telegram/webhook.py": {"X-Telegram-Bot-Api-Secret-Token"},
    # An update's repr in the logs, and the Bot API method that fetches updates.
    "telegram/arriving.py": {"Arriving(update_id=", "getUpdates"},
    # What /stats counts as not understood (the operator's view).
    "telegram/typed.py": {"urgent: not sure", "free text"},
    # Babel date patterns per language, matplotlib options.
    "telegram/progress.py": {"EEE dd MMM HH:mm", "EEE, d. MMM HH:mm", "EEE d MMM HH:mm"},
    "telegram/nudges.py": {"ccc HH:mm", "HH:mm"},
    "telegram/questions.py": {"dd MMM", "d. MMM", "d MMM"},
    # Layout between two texts that are translated themselves.
    "telegram/setup.py": {" (/flare)\n\n"},
    "reports/chart.py": {
        "EEE\ndd MMM",
        "EEE\nd. MMM",
        "EEE\nd MMM",
        "dd MMM",
        "d. MMM",
        "d MMM",
        "upper left",
        "round,pad=0.15",
    },
    "reports/clinician.py": {"upper right"},
    "reports/dates.py": {"dMMM", "yMMMd", "en_GB"},
    # Internal markers compared in code, never shown as they are.
    "coaching/progress.py": {"not enough data"},
    # ISO country codes, the keys of the countries shown by a shorter name ("US", "UK").
    "understanding/places.py": {"US", "GB", "AE"},
}
# A developer's replay tool (`python -m bot simulate`), not a conversation.
NOT_SPEAKING = {"coaching/simulate.py"}


def _called(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else None


def _exempt(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """A string that is marked, or sits where no text for people goes."""
    parent = parents.get(node)
    if isinstance(parent, ast.Expr | ast.MatchValue):  # a docstring, a `case "…":`
        return True
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.ClassDef):
        if isinstance(parent, ast.Call):
            called = _called(parent)
            if called in MARKED or called in NOT_TEXT or (called or "").endswith("Error"):
                return True
        if isinstance(parent, ast.Compare | ast.Subscript):
            return True
        if isinstance(parent, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in parent.targets
        ):
            return True
        node, parent = parent, parents.get(parent)
    return False


def unmarked(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if text.startswith("^") or not WORDS.search(text):  # a pattern, or no words
            continue
        if IDENTIFIER.fullmatch(text) or ZONE.fullmatch(text):
            continue
        if not _exempt(node, parents):
            yield node.lineno, text


def _speaking_modules() -> Iterator[tuple[str, Path]]:
    yield "app.py", BOT / "app.py"  # the error notice
    for folder in SPEAKING:
        for path in sorted((BOT / folder).glob("*.py")):
            name = path.relative_to(BOT).as_posix()
            if name not in NOT_SPEAKING:
                yield name, path
    for name in SPEAKING_UNDERSTANDING:
        yield name, BOT / name


def test_every_text_the_bot_sends_is_marked_for_its_catalogue() -> None:
    found = [
        f"bot/{name}:{line}: {text[:60]!r}"
        for name, path in _speaking_modules()
        for line, text in unmarked(path)
        if text not in NOT_SENT.get(name, set())
    ]
    assert not found, "texts outside the catalogues:\n" + "\n".join(found)


def test_a_text_written_without_its_mark_is_found(tmp_path: Path) -> None:
    module = tmp_path / "flow.py"
    module.write_text(
        'from bot.i18n import _\n\n\ndef reply():\n    """Why."""\n'
        '    ok = _("Saved.")\n    return ok, "Saved, but not marked", "ci:pain"\n'
    )
    assert list(unmarked(module)) == [(7, "Saved, but not marked")]


def test_every_listed_exception_is_still_in_its_module() -> None:
    """The list shrinks with the code: an exception whose string left its module goes too."""
    for name, texts in NOT_SENT.items():
        present = {text for _line, text in unmarked(BOT / name)}
        assert texts <= present, f"{name}: no longer there: {texts - present}"

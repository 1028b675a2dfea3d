"""Data files are read by one neutral module, so the coaching and the pictures never import
each other in a circle (a circle breaks as soon as someone moves an import to the top)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.datafile import DataFileError, read_yaml

BOT = Path(__file__).resolve().parents[1] / "bot"


def _imports(path: Path) -> set[str]:
    """Every bot module this file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("bot."))
    return found


def _graph() -> dict[str, set[str]]:
    files = [BOT / "datafile.py", *(BOT / "coaching").glob("*.py")]
    files += (BOT / "illustrations").glob("*.py")
    names = {".".join(path.relative_to(BOT.parent).with_suffix("").parts): path for path in files}
    return {name: _imports(path) & set(names) for name, path in names.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    def walk(node: str, trail: list[str]) -> list[str] | None:
        if node in trail:
            return [*trail[trail.index(node) :], node]
        for target in sorted(graph[node]):
            found = walk(target, [*trail, node])
            if found:
                return found
        return None

    for start in sorted(graph):
        found = walk(start, [])
        if found:
            return found
    return None


def test_the_coaching_and_the_illustrations_import_no_circle() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def test_the_poses_read_their_yaml_without_the_coaching() -> None:
    graph = _graph()
    assert "bot.datafile" in graph["bot.illustrations.poses"]
    assert not any(name.startswith("bot.coaching") for name in graph["bot.illustrations.poses"])


def test_a_broken_data_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: [1, 2\n")
    with pytest.raises(DataFileError, match=r"broken\.yaml: not valid YAML"):
        read_yaml(path)
    with pytest.raises(DataFileError, match=r"missing\.yaml: file not found"):
        read_yaml(tmp_path / "missing.yaml")

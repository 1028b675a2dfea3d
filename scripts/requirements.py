"""Print the project's dependencies (and those of the extras named as arguments), one a line.

The container build installs these into its venv before any source is copied, so that layer is
rebuilt only when pyproject.toml changes. Usage: python requirements.py [pyproject.toml] [extra...]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def requirements(pyproject: Path, extras: list[str]) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return wanted


if __name__ == "__main__":
    args = sys.argv[1:]
    path = Path(args.pop(0)) if args and args[0].endswith(".toml") else Path("pyproject.toml")
    print("\n".join(requirements(path, [extra for arg in args for extra in arg.split(",") if extra])))

"""Reading the YAML files in data/: one reader and one error style for every part of the bot.

Its own module so that the coaching and the illustrations can both read data files without
importing each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError


class DataFileError(ValueError):
    """A data file is wrong; the message names the file and the field."""


def read_yaml(path: Path, error_type: type[DataFileError] = DataFileError) -> Any:
    """A data file's YAML; a missing or broken file is an `error_type` naming the file."""
    try:
        # libyaml's loader where installed: some of these files are long, read at every start.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError as error:
        raise error_type(f"{path}: file not found") from error
    except yaml.YAMLError as error:
        raise error_type(f"{path}: not valid YAML: {error}") from error


def describe(error: ValidationError) -> str:
    """A validation error as "field 'a.b': what is wrong", for people editing data/."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(entry)"
        parts.append(f"field '{where}': {problem['msg']}")
    return "; ".join(parts)

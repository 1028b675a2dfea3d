"""The safety screen, read from data/safety.yaml: what is urgent, what needs a doctor soon.

Kept as data so that every item names its source and a clinician can review the list without
reading code. A mistake in the file stops the bot at start-up, naming the file and the field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.coaching.catalogue import CatalogueError, default_data_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScreenItem(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    # The item in each language, by language code; English always.
    text: dict[str, Annotated[str, Field(min_length=3, max_length=200)]]
    source: str = Field(min_length=5)

    @field_validator("text")
    @classmethod
    def _english(cls, text: dict[str, str]) -> dict[str, str]:
        if "en" not in text:
            raise ValueError("no English text")
        return text

    def says(self, language: str = "en") -> str:
        return self.text.get(language) or self.text["en"]


class Screen(_Strict):
    minimum_age: int = Field(ge=16)
    minimum_age_source: str = Field(min_length=5)
    urgent: list[ScreenItem] = Field(min_length=1)
    soon: list[ScreenItem] = Field(min_length=1)

    def bullets(self, group: str, language: str = "en") -> str:
        items = self.urgent if group == "urgent" else self.soon
        return "\n".join(f"• {item.says(language)}" for item in items)


@cache
def load_screen(data_dir: Path | None = None) -> Screen:
    path = (data_dir or default_data_dir()) / "safety.yaml"
    try:
        return Screen.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise CatalogueError(f"{path}: {error}") from error

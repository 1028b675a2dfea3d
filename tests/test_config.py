"""Configuration comes from the environment and .env; the token never shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings, normalise_database_url


def test_hosting_platform_postgres_urls_are_rewritten_for_asyncpg() -> None:
    assert (
        normalise_database_url("postgres://u:p@h:5432/db") == "postgresql+asyncpg://u:p@h:5432/db"
    )
    assert normalise_database_url("postgresql://h/db") == "postgresql+asyncpg://h/db"
    assert normalise_database_url("sqlite:///bot.db") == "sqlite+aiosqlite:///bot.db"


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:SECRET-token-value-abcdefghij")
    monkeypatch.setenv("ADMIN_IDS", "11, 22")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == frozenset({11, 22})
    assert settings.log_level == "DEBUG"
    assert "SECRET" not in repr(settings) and "SECRET" not in str(settings.model_dump())


def test_settings_read_a_dot_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    env = tmp_path / ".env"
    env.write_text("DATABASE_URL=postgres://db.example/app\n")
    assert Settings(_env_file=env).database_url == "postgresql+asyncpg://db.example/app"


def test_starting_without_a_token_names_the_variable_and_fails(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr

"""Settings from the environment and `.env` (pydantic-settings).

The bot token is a secret: it is held as a SecretStr so it never shows up in a repr, a log line or
an error message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///backcoach.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    # How often the scheduler looks for due reminders, in seconds.
    scheduler_interval_s: float = 15.0
    # Messages a second to Telegram overall (about 30 for a normal bot; up to 1,000 with paid
    # broadcasts). 0 lifts the limit, for benchmarks against a local server only.
    telegram_max_rate: float = 30.0
    # Seconds to wait for Telegram before a request counts as timed out.
    telegram_timeout_s: float = 10.0
    # The HTTP client for Bot API calls: aiohttp (faster, see BENCHMARKS.md) or httpx (PTB's own).
    http_client: Literal["aiohttp", "httpx"] = "aiohttp"
    # A nudge claimed by a worker that went quiet this long ago counts as possibly sent.
    in_flight_timeout_s: float = 120.0
    # Webhook mode (instead of long polling): the public URL Telegram posts to, the secret it
    # must send back in X-Telegram-Bot-Api-Secret-Token, and the port to listen on.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = 8443
    # Per-person flood control: at most this many updates in the window (seconds).
    flood_limit: int = 20
    flood_window_s: float = 10.0
    # Operations: /healthz, /readyz and /metrics on this port in both modes (0: none; webhook
    # mode also serves them on PORT), on loopback unless HEALTH_HOST says otherwise (a container
    # sets 0.0.0.0 so its published port reaches it). Not ready when no scheduler tick finished
    # this long.
    health_host: str = "127.0.0.1"
    health_port: int = 8080
    scheduler_stall_s: float = 120.0
    # "text" or "json" (one object a line, for log collectors); both redact tokens.
    log_format: Literal["text", "json"] = "text"
    # Errors also go to Sentry when set (pip install -e '.[sentry]').
    sentry_dsn: SecretStr | None = None
    # Sent, skipped, failed and unknown nudges older than this many days become daily counts
    # (nudge_days) and their rows are deleted; health records are kept until /delete.
    nudge_retention_days: int = Field(default=90, ge=14)
    # Updates waiting for the database are kept in this file too, so a restart keeps them
    # (bot/telegram/spool.py); empty: not kept across restarts.
    update_spool: str = "update-spool.jsonl"
    # The exercise catalogue and the micro-load rules (YAML files).
    data_dir: Path = Field(default_factory=lambda: Path(__file__).resolve().parents[1] / "data")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        return normalise_database_url(url)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


def normalise_database_url(url: str) -> str:
    """Turn the URLs hosting platforms hand out into ones SQLAlchemy's async drivers accept."""
    for prefix in (
        "postgres://",
        "postgresql://",
        "postgresql+psycopg2://",
        "postgresql+psycopg://",
    ):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///") or url == "sqlite://":
        return "sqlite+aiosqlite://" + url[len("sqlite:") + 2 :]
    return url

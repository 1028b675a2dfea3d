"""Logging that never shows the bot token or what people wrote.

httpx logs each request URL, and Telegram URLs carry the token, so every record passes a filter
that masks anything shaped like a token. Libraries that can log request bodies or updates
(httpx, python-telegram-bot, aiohttp) are held at INFO or above even when LOG_LEVEL is DEBUG, and
our own handlers log ids and kinds, never what people typed or rated.

LOG_FORMAT=json writes one JSON object a line (for log collectors); the filter runs before any
formatter, so both formats are redacted the same way.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
MASK = "[token]"
# Library loggers and the most they may say: their DEBUG output includes updates and bodies.
LIBRARY_FLOORS = {
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "apscheduler": logging.WARNING,
    "aiohttp": logging.WARNING,
    "alembic": logging.WARNING,
    "tornado": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "asyncpg": logging.WARNING,
    "matplotlib": logging.WARNING,
    "PIL": logging.WARNING,
}


class RedactTokens(logging.Filter):
    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = self.redact(message), None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and the traceback if any: nothing else from the record
    (extras could carry anything)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def setup_logging(
    level: str,
    secrets: tuple[str, ...] = (),
    handler: logging.Handler | None = None,
    fmt: str = "text",
) -> None:
    handler = handler or logging.StreamHandler()
    text = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(JsonFormatter() if fmt == "json" else text)
    handler.addFilter(RedactTokens(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))

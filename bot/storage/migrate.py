"""Apply Alembic migrations to the newest revision, at start-up or from the release step."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
# Any fixed number, the same in every process: the PostgreSQL advisory lock migrations hold.
MIGRATION_LOCK = 0x4261636B  # "Back"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.attributes["connection"] = connection
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    def run(connection: Connection) -> None:
        command.upgrade(alembic_config(connection), revision)

    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several workers (or release steps) starting at once would otherwise create the same
            # tables side by side and all but one fail. The lock lasts until this transaction,
            # which holds every migration, commits; the next one then finds nothing to do.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        await connection.run_sync(run)

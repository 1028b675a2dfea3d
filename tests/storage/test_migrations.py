"""Migrations build the same schema as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.storage import Storage
from bot.storage.models import Base


async def test_migrations_create_every_table_and_match_the_models(database_url: str) -> None:
    storage = Storage.open(database_url)
    try:
        await storage.migrate()
        await storage.migrate()  # applying twice is a no-op

        def check(connection: Connection) -> tuple[set[str], list[object]]:
            tables = set(inspect(connection).get_table_names())
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            return tables, compare_metadata(context, Base.metadata)

        async with storage.engine.connect() as connection:
            tables, differences = await connection.run_sync(check)
    finally:
        await storage.close()
    assert set(Base.metadata.tables) <= tables
    assert differences == []

"""Everything stored about one person, for export (GDPR Art. 15/20) and erasure (Art. 17).

Both walk every table in the schema, so a table added later is covered without changes here:
a table belongs to a person through its `user_id` column (or `id`, for users itself).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Column, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Base


def _owner_column(table: Table) -> Column[Any]:
    return table.c.id if table.name == "users" else table.c.user_id


def _personal_tables() -> list[Table]:
    """Every table that holds rows about a person (not, e.g., the processed-update ids)."""
    return [t for t in Base.metadata.sorted_tables if t.name == "users" or "user_id" in t.c]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


class PrivacyRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the person, table by table, as plain JSON-ready values."""
        result: dict[str, list[dict[str, Any]]] = {}
        async with self._sessions() as session:
            for table in _personal_tables():
                rows = await session.execute(select(table).where(_owner_column(table) == user_id))
                result[table.name] = [
                    {key: _plain(value) for key, value in row._mapping.items()} for row in rows
                ]
        return result

    async def erase(self, user_id: int) -> dict[str, int]:
        """Delete every row about the person, children first; returns rows removed per table."""
        removed: dict[str, int] = {}
        async with self._sessions.begin() as session:
            for table in reversed(_personal_tables()):
                outcome = await session.execute(
                    delete(table).where(_owner_column(table) == user_id)
                )
                removed[table.name] = int(outcome.rowcount or 0)  # type: ignore[attr-defined]
        return removed

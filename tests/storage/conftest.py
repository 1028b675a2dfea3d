"""Storage on a fresh, migrated database of each engine, for the tests of this folder."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import insert

from bench.common import person
from bot.storage import Storage
from bot.storage.models import User


@pytest.fixture
async def storage(database_url: str) -> AsyncIterator[Storage]:
    """People 1 and 2 are set up; nothing else is stored."""
    storage = Storage.open(database_url)
    await storage.migrate()
    async with storage.engine.begin() as connection:
        await connection.execute(insert(User), [person(1), person(2)])
    try:
        yield storage
    finally:
        await storage.close()

"""PostgreSQL connections are checked before use only after sitting idle: a server restarted
overnight costs nobody a failed answer, and a busy bot pays no round trip per session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import database
from bot.storage.database import create_engine
from tests.pgcluster import PgCluster, throwaway_cluster

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("timed")]


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    yield from throwaway_cluster()


@pytest.fixture
async def restarted(pg_cluster: PgCluster) -> AsyncIterator[AsyncEngine]:
    """An engine whose pooled connection was used, then its server restarted under it."""
    pg_cluster.start()
    engine = create_engine(pg_cluster.url)
    try:
        assert await read_one(engine) == 1
        pg_cluster.stop()
        pg_cluster.start()
        yield engine
    finally:
        await engine.dispose()


async def read_one(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT 1"))).scalar_one())


async def test_an_idle_connection_to_a_restarted_server_is_replaced_before_use(
    restarted: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)  # it has been idle long enough
    assert await read_one(restarted) == 1


async def test_a_connection_used_moments_ago_is_not_pinged_so_a_restart_fails_one_statement(
    restarted: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The price of no round trip per session: after a restart mid-traffic one statement fails
    (the update is tried again, bot/telegram/updates.py) and the pool starts afresh."""
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 3600.0)
    with pytest.raises(DBAPIError):
        await read_one(restarted)
    assert await read_one(restarted) == 1

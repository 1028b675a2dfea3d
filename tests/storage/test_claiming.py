"""Two workers sharing one PostgreSQL database never take the same nudge."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.storage import Storage
from bot.storage.models import Nudge, User

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


async def seed(storage: Storage, people: int) -> None:
    async with storage.engine.begin() as connection:
        await connection.execute(
            insert(User),
            [
                {
                    "id": n,
                    "chat_id": n,
                    "first_name": "P",
                    "created_at": NOW,
                    "timezone": "UTC",
                    "desk_days": "",
                    "transitions": [],
                    "active": True,
                }
                for n in range(1, people + 1)
            ],
        )
        await connection.execute(
            insert(Nudge),
            [
                {
                    "user_id": n,
                    "slot": "sit",
                    "due_at": NOW - timedelta(seconds=n % 60),
                    "status": "pending",
                    "created_at": NOW,
                }
                for n in range(1, people + 1)
            ],
        )


async def test_concurrent_claims_never_overlap(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL; SQLite is for one process")
    first, second = Storage.open(database_url), Storage.open(database_url)
    try:
        await first.migrate()
        await seed(first, 2000)

        async def worker(storage: Storage) -> list[int]:
            taken: list[int] = []
            while claimed := await storage.nudges.claim_due(NOW, 50):
                taken += [nudge.id for nudge in claimed]
                await asyncio.sleep(0)
            return taken

        results = await asyncio.gather(*(worker(s) for s in (first, second, first, second)))
        everything = Counter(nudge for taken in results for nudge in taken)
        print(
            f"claimed {len(everything)} nudges with 4 concurrent claimers; "
            f"{sum(c > 1 for c in everything.values())} claimed twice"
        )
        assert len(everything) == 2000
        assert max(everything.values()) == 1
        assert all(results), "the work was shared"
    finally:
        await first.close()
        await second.close()

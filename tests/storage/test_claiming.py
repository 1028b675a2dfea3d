"""Two workers sharing one PostgreSQL database never take the same nudge."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.storage import Storage
from bot.storage.models import Nudge, User
from bot.storage.nudges import Outcome

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


async def test_a_live_claim_is_renewed_and_never_taken_over(database_url: str) -> None:
    first, second = Storage.open(database_url), Storage.open(database_url)
    try:
        await first.migrate()
        await seed(first, 20)
        lease = timedelta(minutes=2)
        mine = await first.nudges.claim_due(NOW, 20, lease)
        assert await first.nudges.renew(mine[0].token, NOW + timedelta(minutes=4)) == 20

        # Three minutes on, the first lease would have run out, but it was renewed.
        later = NOW + timedelta(minutes=3)
        assert await second.nudges.recover_in_flight(later) == 0
        assert await second.nudges.claim_due(later, 20, lease) == []
        assert await first.nudges.mark_sending([n.id for n in mine], mine[0].token, later) == {
            n.id for n in mine
        }
    finally:
        await first.close()
        await second.close()


async def test_a_claim_taken_over_after_its_lease_ran_out_is_not_its_first_owners(
    database_url: str,
) -> None:
    first, second = Storage.open(database_url), Storage.open(database_url)
    try:
        await first.migrate()
        await seed(first, 10)
        lease = timedelta(minutes=2)
        stalled = await first.nudges.claim_due(NOW, 10, lease)
        ids = [n.id for n in stalled]

        later = NOW + timedelta(minutes=3)  # the first worker stalled past its lease
        await second.nudges.recover_in_flight(later)
        taken = await second.nudges.claim_due(later, 10, lease)
        assert sorted(n.id for n in taken) == sorted(ids)

        # Every later step of the stalled worker finds the rows no longer its own.
        token = stalled[0].token
        assert await first.nudges.mark_sending(ids, token, later) == set()
        assert not await first.nudges.release(stalled[0], later)
        await first.nudges.settle(token, [Outcome(ids[0], "sent", message_id=1)], {}, later)
        assert await second.nudges.mark_sending(ids, taken[0].token, later) == set(ids)
        statuses = await second.nudges.counts()
        assert statuses == {"sending": 10}, statuses
    finally:
        await first.close()
        await second.close()


async def test_a_send_in_flight_when_its_lease_ran_out_becomes_unknown_never_pending(
    database_url: str,
) -> None:
    first, second = Storage.open(database_url), Storage.open(database_url)
    try:
        await first.migrate()
        await seed(first, 4)
        claimed = await first.nudges.claim_due(NOW, 4, timedelta(minutes=2))
        token = claimed[0].token
        await first.nudges.mark_sending([n.id for n in claimed], token, NOW)

        later = NOW + timedelta(minutes=3)
        assert await second.nudges.recover_in_flight(later) == 4
        assert await second.nudges.claim_due(later, 4) == [], "never sent a second time"
        # The slow worker's real outcome, when it comes, replaces "interrupted".
        await first.nudges.settle(token, [Outcome(claimed[0].id, "sent", message_id=7)], {}, later)
        assert await second.nudges.counts() == {"sent": 1, "unknown": 3}
    finally:
        await first.close()
        await second.close()


async def test_settling_a_chunk_also_records_who_is_taken_to_be_still_sitting(
    database_url: str,
) -> None:
    storage = Storage.open(database_url)
    try:
        await storage.migrate()
        await seed(storage, 2)
        first, second = await storage.nudges.claim_due(NOW, 2)
        token = first.token
        await storage.nudges.mark_sending([first.id, second.id], token, NOW)
        outcomes = [
            Outcome(first.id, "sent", message_id=1),
            Outcome(second.id, "sent", message_id=2),
        ]
        following: dict[int, tuple[int, str, datetime | None]] = {
            first.id: (first.user_id, "sit", NOW + timedelta(minutes=45))
        }
        await storage.nudges.settle(token, outcomes, following, NOW, {first.user_id: first.due_at})

        still_sitting = await storage.users.get(first.user_id)
        assert still_sitting is not None and still_sitting.sitting_since == first.due_at
        untouched = await storage.users.get(second.user_id)
        assert untouched is not None and untouched.sitting_since is None
        assert await storage.nudges.counts() == {"sent": 2, "pending": 1}
    finally:
        await storage.close()

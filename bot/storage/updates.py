"""Which Telegram updates have been handled already (Telegram may deliver one twice)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Select, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError

from bot.storage.commits import Record, handling
from bot.storage.database import Sessions
from bot.storage.models import CommitMark, ProcessedUpdate

# Telegram keeps undelivered updates for 24 hours, so ids older than that can't come back.
KEEP = timedelta(hours=48)
# A commit mark is looked for within seconds of its commit, if ever (bot/storage/commits.py).
KEEP_MARKS = timedelta(hours=1)
_RECORD = insert(cast(Table, ProcessedUpdate.__table__))  # made once: no rebuilding per update


class UpdateRepository:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def first_time(self, update_id: int, now: datetime) -> bool:
        """Record the update; False if it was recorded before (by this or another worker).

        While the update is handled and its arrival was read (`UserRepository.arriving`), that
        read says whether it was recorded, and the record is made in the first write
        transaction of its handling, or at its end if it writes nothing (bot/storage/commits.py):
        no statement here. Otherwise it is recorded now."""
        current = handling()
        if current is None:
            return await self._record(update_id, now)
        current.record = None  # what an earlier try left to record is this try's to decide
        arrival = current.arrival
        if arrival is None or arrival.update_id != update_id:
            return await self._record(update_id, now)
        if arrival.seen:
            return False
        current.record = Record(update_id, now, self._record)
        return True

    async def _record(self, update_id: int, now: datetime) -> bool:
        """The row, in a transaction of its own. The row itself tells whether a commit whose
        acknowledgement was lost happened: no other transaction writes this id at this
        instant."""

        def witness() -> Select[int]:
            return select(ProcessedUpdate.update_id).where(
                ProcessedUpdate.update_id == update_id, ProcessedUpdate.handled_at == now
            )

        try:
            async with self._sessions.begin(witness) as session:  # a Core INSERT: no unit of work
                await session.execute(_RECORD, {"update_id": update_id, "handled_at": now})
        except IntegrityError:
            return False
        return True

    async def forget_old(self, now: datetime) -> int:
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.handled_at < now - KEEP)
            )
            await session.execute(delete(CommitMark).where(CommitMark.made_at < now - KEEP_MARKS))
            return int(result.rowcount or 0)

"""A commit whose acknowledgement was lost, but which happened: the handler goes on with the
rows the transaction returned, as they were committed (the failed commit's rollback had
expired them and made new ones transient again)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from bot.storage import Storage
from bot.storage.commits import marking_commits

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@contextmanager
def next_commit_unacknowledged(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The next commit happens, then the connection drops before the database says so."""
    real: Callable[[Connection], None] = Connection._commit_impl
    left = [1]

    def commit(connection: Connection) -> None:
        real(connection)
        if left:
            left.pop()
            raise OperationalError("COMMIT", {}, ConnectionRefusedError(111, "refused"))

    with monkeypatch.context() as patched, marking_commits():
        patched.setattr(Connection, "_commit_impl", commit)
        yield


async def test_a_new_row_is_returned_as_stored(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    with next_commit_unacknowledged(monkeypatch):
        checkin = await storage.coaching.open_checkin(1, "next_morning", None, NOW)
    assert (checkin.kind, checkin.feels, checkin.created_at) == ("next_morning", {}, NOW)
    assert inspect(checkin).detached, "a stored row, not a new one to be inserted again"
    stored = await storage.coaching.checkin(1, checkin.id)
    assert stored is not None and stored.kind == "next_morning"


async def test_a_changed_row_keeps_its_new_values(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    with next_commit_unacknowledged(monkeypatch):
        user = await storage.users.ensure(1, 77, "Ana", NOW)
    assert (user.id, user.chat_id, user.active) == (1, 77, True)


async def test_a_row_returned_by_an_update_keeps_its_new_values(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkin = await storage.coaching.open_checkin(1, "next_morning", None, NOW)
    with next_commit_unacknowledged(monkeypatch):
        updated = await storage.coaching.update_checkin(1, checkin.id, NOW, compared="same")
    assert updated is not None and (updated.id, updated.compared) == (checkin.id, "same")

"""A failed statement never shows its bound values: they hold what people typed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time

import pytest
from sqlalchemy.exc import DBAPIError

from bot.sandbox.fake_api import TYPED_BY_PEOPLE
from bot.storage import Storage

MARKER = "marker rule text 7f3a1c do not log"


async def test_a_failed_insert_keeps_the_typed_text_out_of_the_error_and_the_log(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    TYPED_BY_PEOPLE.append(MARKER)  # the suite-wide log scan looks for it too
    storage = Storage.open(database_url)
    try:
        await storage.migrate()
        with pytest.raises(DBAPIError) as failed:
            # No such person: the foreign key refuses the row on both engines.
            await storage.rules.add(424242, MARKER, time(8), "0,1,2", datetime.now(UTC))
    finally:
        await storage.close()
    logging.getLogger("bot.test").error("handler failed", exc_info=failed.value)
    assert "parameters hidden" in str(failed.value)
    assert MARKER not in str(failed.value)
    assert MARKER not in caplog.text

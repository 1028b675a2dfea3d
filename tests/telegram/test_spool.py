"""The update spool keeps what waits for the database across a restart, privately and bounded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.telegram.spool import Spool


def update(update_id: int, text: str = "about 3") -> dict[str, Any]:
    return {"update_id": update_id, "message": {"message_id": 1, "date": 0, "text": text}}


def test_what_was_not_handled_comes_back_in_order_at_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "spool.jsonl"
    first = Spool(path)
    assert first.open() == []
    for update_id in (3, 1, 2):
        assert first.keep(update(update_id))
    first.done(1)
    first.close()  # or killed: every line was fsynced

    again = Spool(path)
    assert [u["update_id"] for u in again.open()] == [3, 2]
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_line_cut_short_by_a_kill_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "spool.jsonl"
    spool = Spool(path)
    spool.open()
    spool.keep(update(1))
    spool.close()
    with path.open("ab") as file:
        file.write(b'{"update":{"update_id":2,"mess')
    assert [u["update_id"] for u in Spool(path).open()] == [1]


def test_the_file_is_emptied_once_nothing_waits(tmp_path: Path) -> None:
    path = tmp_path / "spool.jsonl"
    spool = Spool(path)
    spool.open()
    spool.keep(update(1))
    spool.keep(update(2))
    spool.done(2)
    spool.done(1)
    assert path.read_bytes() == b""


def test_a_full_spool_refuses_instead_of_growing(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl", max_bytes=200)
    spool.open()
    assert spool.keep(update(1))
    assert not spool.keep(update(2, "x" * 200))
    assert spool.holds(1) and not spool.holds(2)


def test_a_second_process_cannot_take_the_same_spool(tmp_path: Path) -> None:
    path = tmp_path / "spool.jsonl"
    first = Spool(path)
    first.open()
    with pytest.raises(OSError):
        Spool(path).open()
    first.close()
    Spool(path).open()

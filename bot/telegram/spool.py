"""Updates waiting for the database, kept on disk so a restart (SIGKILL, SIGTERM, a deploy)
does not lose them: Telegram already counts them delivered and will not send them again.

One append-only file, private to the bot's user (0600): a line per update kept and a line per
update handled, each fsynced before the bot goes on. At start-up the updates not yet handled
are handled again, in the order they were kept; the processed-update ids make one that was
handled already a no-op. The file is emptied once nothing waits, and bounded: past MAX_BYTES
an update is not kept (it still waits in memory, as before). One process at a time: a second
one opening the same spool is refused (a lock file beside it).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_BYTES = 32 << 20  # ~10,000 typical updates


class Spool:
    def __init__(self, path: Path, max_bytes: int | None = None) -> None:
        self.path, self.max_bytes = path, MAX_BYTES if max_bytes is None else max_bytes
        self._waiting: dict[int, dict[str, Any]] = {}
        self._fd = self._lock = -1

    def open(self) -> list[dict[str, Any]]:
        """Read what a previous run left waiting (in order) and start a fresh file with it;
        OSError when it cannot, or another process holds this spool."""
        lock = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            raise
        self._lock = lock
        for line in self._lines():
            try:
                record = json.loads(line)
            except ValueError:  # a line cut short by a kill: never acknowledged, so not kept
                continue
            if "done" in record:
                self._waiting.pop(int(record["done"]), None)
            elif isinstance(record.get("update"), dict):
                self._waiting.setdefault(int(record["update"]["update_id"]), record["update"])
        fresh = self.path.with_name(self.path.name + ".new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for update in self._waiting.values():
            os.write(fd, _line({"update": update}))
        os.fsync(fd)
        os.close(fd)
        os.replace(fresh, self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND, 0o600)
        if self._waiting:
            log.warning("%d updates kept by the last run are handled again", len(self._waiting))
        return list(self._waiting.values())

    def keep(self, update: dict[str, Any]) -> bool:
        """Keep `update` on disk; False when the spool is full or cannot be written."""
        update_id = int(update["update_id"])
        if update_id in self._waiting:
            return True
        line = _line({"update": update})
        try:
            if not self._waiting:
                os.ftruncate(self._fd, 0)
            if os.fstat(self._fd).st_size + len(line) > self.max_bytes:
                log.error("update spool full: update %s kept in memory only", update_id)
                return False
            os.write(self._fd, line)
            os.fsync(self._fd)
        except OSError as error:
            log.error("could not keep update %s on disk: %s", update_id, type(error).__name__)
            return False
        self._waiting[update_id] = update
        return True

    def holds(self, update_id: int) -> bool:
        return update_id in self._waiting

    def done(self, update_id: int) -> None:
        """`update_id` was handled (or given up on): not to be handled again at the next start."""
        if self._waiting.pop(update_id, None) is None:
            return
        try:
            if self._waiting:
                os.write(self._fd, _line({"done": update_id}))
                os.fsync(self._fd)
            else:
                os.ftruncate(self._fd, 0)
                os.fsync(self._fd)
        except OSError as error:
            log.error("could not mark update %s handled: %s", update_id, type(error).__name__)

    def close(self) -> None:
        for fd in (self._fd, self._lock):
            if fd >= 0:
                os.close(fd)
        self._fd = self._lock = -1

    def _lines(self) -> list[bytes]:
        try:
            return self.path.read_bytes().splitlines()
        except FileNotFoundError:
            return []


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, separators=(",", ":")).encode() + b"\n"

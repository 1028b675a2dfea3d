"""Telegram file ids of pictures already uploaded, so each picture goes up once per bot.

Telegram keeps every file a bot sends and answers with a file id that the same bot can send again
without uploading: to everyone, forever. The ids are kept in memory, keyed by (exercise, level);
a restart uploads each picture once more, which costs a few kilobytes. A lock per key makes two
people asking for the same new picture at once wait for one upload instead of making two.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from bot.illustrations.pictures import PictureKey

Uploaded = tuple[str, str]  # (kind: animation | photo, Telegram file id)


class MediaCache:
    def __init__(self) -> None:
        self._file_ids: dict[PictureKey, Uploaded] = {}
        self._locks: defaultdict[PictureKey, asyncio.Lock] = defaultdict(asyncio.Lock)

    def lock(self, key: PictureKey) -> asyncio.Lock:
        return self._locks[key]

    def uploaded(self, key: PictureKey) -> Uploaded | None:
        return self._file_ids.get(key)

    def remember(self, key: PictureKey, kind: str, file_id: str) -> None:
        self._file_ids[key] = (kind, file_id)

    def forget(self, key: PictureKey) -> None:
        """Telegram refused the id (it can expire): the next request uploads again."""
        self._file_ids.pop(key, None)

    def __len__(self) -> int:
        return len(self._file_ids)

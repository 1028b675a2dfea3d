"""Text people send, made safe to store: the one cleaning every typed text and name passes."""

from __future__ import annotations

import re

# NUL, which PostgreSQL refuses in text, and lone UTF-16 surrogates, which no driver can encode
# (a client can put "\ud800" in its JSON; a valid pair arrives already joined).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """What a person typed (or their name), without the characters a database cannot store."""
    return _UNSTORABLE.sub("", text)

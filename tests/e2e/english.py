"""English left in what a German or Spanish person was sent: the runtime half of "no text
outside the catalogues" (tests/test_texts_in_catalogues.py is the static half). A text turned
into English once, at import, and kept, shows here: its English words reach the person although
its catalogue has their translation."""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from bot import i18n

FIELD = re.compile(r"\{[^{}]*\}")
MARKUP = re.compile(r"</?[a-z]+>|[*_`]")


@cache
def _english_pieces(language: str) -> frozenset[str]:
    """The English texts (between their {fields}) whose translation reads differently."""
    pieces: set[str] = set()
    for path in i18n.catalogue_files(language):
        with path.open("rb") as file:
            for message in read_po(file, locale=language):
                if not message.id or not message.string:
                    continue
                ids = [message.id] if isinstance(message.id, str) else list(message.id)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                translated = " ".join(strings)
                for english in ids:
                    for piece in FIELD.split(MARKUP.sub("", english)):
                        piece = piece.strip(" .,:;!?—-–\n")
                        if len(piece.split()) >= 3 and piece not in translated:
                            pieces.add(piece)
    return frozenset(pieces)


def english_in(texts: list[str], language: str) -> list[str]:
    """The English pieces found in `texts`, sent to someone who speaks `language`."""
    pieces = _english_pieces(language)
    plain = [MARKUP.sub("", text) for text in texts]
    return sorted({piece for piece in pieces for text in plain if piece in text})

"""Ids people give drafts: text that looks like what it is, one spelling per id.

An id with a control character (a line break that fakes a row in a report),
a zero-width or direction mark (two ids that look alike) is refused; ids are
kept and compared in Unicode NFC, so the two spellings of "é" name one draft.
"""

from __future__ import annotations

import unicodedata

# Format characters are invisible (zero-width space and joiners, direction marks
# and overrides, the byte-order mark); line and paragraph separators break lines.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def id_problem(text: str) -> str | None:
    """What makes ``text`` unfit for an id, if anything: the first invisible or control character."""
    if text.isascii() and text.isprintable():
        return None
    for char in text:
        if unicodedata.category(char) in _INVISIBLE:
            name = unicodedata.name(char, "a control character")
            return f"an invisible or control character (U+{ord(char):04X}, {name.lower()})"
    return None


def normal_id(text: str) -> str:
    """The id's one spelling (NFC)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)

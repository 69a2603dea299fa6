"""Text for a terminal: what sources say is shown, never obeyed.

Articles and scripts may hold terminal control sequences (``ESC [2J`` clears
the screen, OSC sequences set the window title or make links) and invisible
characters (direction overrides that reverse what follows). Tables and text
lines show each such character as an escape (``\\x1b``, ``\\u202e``), piped or
not, so that a report shows what was stored and its columns line up with what
is displayed. JSON and CSV output keep the text as it is.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; zero-width and direction marks, line and paragraph
# separators, the byte-order mark and the lone surrogates of undecodable bytes.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` with every control or invisible character written as an escape."""
    return text if text.isprintable() and text.isascii() else _UNSHOWN.sub(_escape, text)

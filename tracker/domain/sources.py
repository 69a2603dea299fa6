"""Where an event comes from: its source, and how a source is named and shown.

A source is a script or an article, named by its path (its *ref*) and, in a
script, the line of the event. ``source_ref`` is the one rule that turns a
path into a ref, and ``where`` the one way a ref and a line are written, so
that an error, a report and the log all name a place alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SCRIPT, ARTICLE = "script", "article"
MAX_SOURCE_REF = 1000  # the longest path of a script or an article the log keeps


def source_ref(path: str | os.PathLike) -> str:
    """How a file is named in the log: relative to the working directory when under it, else absolute.

    Always with POSIX separators, so one file has one ref however it was given.
    """
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def where(ref: str, line: int | None) -> str:
    """A place in a source as people read it: ``ref:line``, or ``ref`` alone without a line."""
    return ref if line is None else f"{ref}:{line}"


@dataclass(frozen=True, slots=True)
class Source:
    kind: str  # script | article
    ref: str  # the script's or the article's path
    line: int | None = None  # line in a script
    quote: str | None = None  # the sentence that proves the event
    start: int | None = None  # character offsets of the quote in an article
    end: int | None = None
    cited: str | None = None  # what a script cites for the event (an article, a URL)

    @property
    def location(self) -> str:
        """``ref:line`` (or ``ref``): where the event is told."""
        return where(self.ref, self.line)

    def __str__(self) -> str:
        return f'{self.location} "{self.quote}"' if self.quote else self.location

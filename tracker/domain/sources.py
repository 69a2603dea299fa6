"""Where an event comes from: its source, and how a source is named and shown.

A source is a script or an article, named by its path below the folder given
(its *ref*, which does not depend on where the command runs) and, in a
script, the line of the event. ``source_ref`` is the one rule that turns a
path into a ref, and ``where`` the one way a ref and a line are written, so
that an error, a report and the log all name a place alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import PurePath

SCRIPT, ARTICLE = "script", "article"
MAX_SOURCE_REF = 1000  # the longest path of a script or an article the log keeps


def source_ref(path: str | os.PathLike, given: str | os.PathLike | None = None,
               root: str | os.PathLike | None = None) -> str:
    """How a file is named in the log: the same name wherever the command runs, on any machine.

    With a stated ``root``, its path below the root. Otherwise its path below the
    folder that holds ``given`` (the file or folder named on the command line; the
    file itself when not given): ``seeds/001.txt`` whether ``seeds/``,
    ``/home/ana/seeds`` or ``seeds/001.txt`` was given, from any working directory.
    Always with POSIX separators. ValueError when ``path`` is not under ``root``.
    """
    absolute = PurePath(os.path.abspath(path))
    if root is not None:
        base = PurePath(os.path.abspath(root))
    else:
        named = PurePath(os.path.abspath(given if given is not None else path))
        base = named.parent if given is not None and os.path.isdir(named) else named.parent.parent
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        raise ValueError(f"not under the source root {base.as_posix()}") from None


def is_text_name(path: str | os.PathLike) -> bool:
    """Whether a path is text: a file name of bytes that are not UTF-8 cannot be stored or shown as itself."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_path(path: str | os.PathLike) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 written as ``\\xe9``."""
    text = os.fspath(path)
    return text if is_text_name(text) else os.fsencode(text).decode("utf-8", "backslashreplace")


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

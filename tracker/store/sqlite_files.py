"""A SQLite database is a file: whether it is there, and how to open one in a folder nobody may write to.

Shared by the engines (``db``) and the reports' own connections
(``report_queries``), which open SQLite without SQLAlchemy.
"""

from __future__ import annotations

import os
import warnings

from tracker.errors import TrackerError, TrackerWarning


def in_read_only_folder(path: str | None) -> bool:
    """A SQLite file that exists in a folder this process cannot write to (WAL cannot make its files there)."""
    if not path or path == ":memory:" or path.startswith("file:") or not os.path.isfile(path):
        return False
    return not os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def read_only_uri(path: str) -> str:
    """A URI that opens a SQLite file for reading only; immutable in a read-only folder, where WAL cannot
    keep its shared-memory file (and so no one can be writing to it)."""
    from urllib.parse import quote

    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    return uri + "&immutable=1" if in_read_only_folder(path) else uri


def warn_read_only(path: str) -> None:
    warnings.warn(TrackerWarning(f"{path}: its folder is read-only, so the database is read as it stands on "
                                 f"disk and nothing can be written to it"), stacklevel=3)


def is_missing(path: str | None) -> bool:
    """A SQLite database file that does not exist (reading must not create it)."""
    return bool(path) and path != ":memory:" and not os.path.exists(path)


def refuse_missing(path: str) -> None:
    raise TrackerError(f"no database at {path}: check --db, or run `tracker init` to create one")

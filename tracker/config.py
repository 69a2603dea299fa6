"""Settings: where the data lives (``--db``, else ``TRACKER_DATABASE_URL``, else ``tracker.db`` here)
and how much of a replay is held in memory."""

from __future__ import annotations

import os

ENV_VAR = "TRACKER_DATABASE_URL"
DEFAULT_DATABASE = "tracker.db"
REPLAY_BATCH = 5_000  # script events a replay holds in memory at a time (the result does not depend on it)
# How long a writer waits for another to finish on SQLite. A replay holds the
# write lock for its whole script (a million events take about a minute), so
# an ingest started meanwhile waits for it rather than failing.
SQLITE_BUSY_TIMEOUT_MS = 600_000


def resolve_database_url(given: str | None = None) -> str:
    """A SQLAlchemy URL from an option, the environment or the default.

    A plain path means a SQLite file; ``postgresql://`` uses psycopg 3.
    """
    if given is not None and not given.strip():
        from tracker.errors import TrackerError

        raise TrackerError("--db: no database given (an empty URL or path)")
    url = given or os.environ.get(ENV_VAR) or DEFAULT_DATABASE
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url

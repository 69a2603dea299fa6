"""The tracker's use cases behind one object. The CLI is a thin layer over them; so can you be::

    from tracker.services import Tracker

    tracker = Tracker("sqlite:///tracker.db")
    tracker.replay(["seeds/scenario-2015.yaml"])
    for row in tracker.positions(draft="RU-ISIL-2015", as_of="2015-11-19"):
        print(row.member, row.stance, row.since)

``Tracker`` only delegates: the use cases live in ``tracker/usecases/``
(``replay``, ``ingest``, ``reports``, ``admin``). Replay and ingest are
imported when first called, so a report never loads them. Each replay is one
transaction (a unit of work): its scripts are stored whole or not at all; each
ingested article is one too. Reports come back as typed rows
(``tracker.usecases.rows``); a row's ``as_dict()`` is its ``--json`` form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tracker.config import REPLAY_BATCH
from tracker.store import db
from tracker.usecases import admin, reports
from tracker.usecases.reports import diagram, members, score  # noqa: F401  (the Python API keeps them here)
from tracker.usecases.rows import ArticleRow, EventRow, PositionRow, StatusRow

if TYPE_CHECKING:
    from tracker.usecases.ingest import IngestReport
    from tracker.usecases.replay import ScriptReport


class Tracker:
    """One database of drafts and their events."""

    def __init__(self, database: str | None = None):
        self.engine = db.make_engine(database)

    @property
    def url(self) -> str:
        return admin.shown_url(self.engine)

    # --- schema -----------------------------------------------------------

    def init(self) -> str:
        """Create or upgrade the schema to the latest revision and load the council data."""
        return admin.init(self.engine)

    # --- writing ----------------------------------------------------------

    def replay(self, paths: Iterable[str], *, strict: bool = False, dry_run: bool = False,
               batch_size: int = REPLAY_BATCH, root: str | None = None) -> list[ScriptReport]:
        """Replay scripts in one transaction: all are stored, or none (see ``tracker.usecases.replay``).

        Scripts are named in the log by their path below ``root``, else by their folder's name and their own.
        """
        from tracker.usecases import replay

        return replay.replay(self.engine, paths, strict=strict, dry_run=dry_run, batch_size=batch_size, root=root)

    def ingest(self, paths: Iterable[str], *, published: str | None = None,
               progress: Callable[[Iterable], Iterable] | None = None, root: str | None = None) -> list[IngestReport]:
        """Extract and store articles' events, one article per transaction (see ``tracker.usecases.ingest``).

        Articles are named in the log by their path below ``root``, else below the folder holding each path given.
        """
        from tracker.usecases import ingest

        return ingest.ingest(self.engine, paths, published=published, progress=progress, root=root)

    def rebuild(self) -> dict:
        """Recompute every projection from the event log."""
        return admin.rebuild(self.engine)

    # --- reading ----------------------------------------------------------

    def status(self, *, as_of: str | dt.date | None = None) -> list[StatusRow]:
        """Each draft: sponsors, state, last event and its date, pending merges, resolution."""
        return reports.status(self.engine, as_of=as_of)

    def positions(self, *, draft: str | None = None, member: str | None = None,
                  as_of: str | dt.date | None = None) -> list[PositionRow]:
        """Every Council member's stance on each draft, ``unknown`` where no source says."""
        return reports.positions(self.engine, draft=draft, member=member, as_of=as_of)

    def history(self, draft: str, *, retracted: bool = False) -> list[EventRow]:
        """A draft's timeline in log order: every event with its verdict and source (and retracted ones too)."""
        return reports.history(self.engine, draft, retracted=retracted)

    def events(self, *, draft: str | None = None, type: str | None = None, status: str | None = None,
               source: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None, retracted: bool = False) -> list[EventRow]:
        """The event log, filtered, in log order; with ``retracted``, claims their source took back too."""
        return reports.events(self.engine, draft=draft, type=type, status=status, source=source, since=since,
                              until=until, limit=limit, retracted=retracted)

    def articles(self) -> list[ArticleRow]:
        """The ingested articles: path, publication date and where it came from, events stored."""
        return reports.articles(self.engine)

    def sql(self, statement: str) -> tuple[list[str], list[tuple]]:
        """Run one read-only SQL statement; return its column names and rows."""
        return admin.sql(self.engine, statement)


def extract(paths: Iterable[str], *, published: str | None = None, refused: list | None = None):
    """Read articles and extract their events, without a database: (articles, findings).

    Files refused as articles go to ``refused`` when it is given (and raise otherwise).
    """
    from tracker.usecases.ingest import extract as extract_articles

    return extract_articles(paths, published=published, refused=refused)

"""The reports' queries, run through the database's own driver (sqlite3, psycopg), not SQLAlchemy.

A report on a small database takes less time than importing SQLAlchemy, so
reports open the driver themselves: a SQLite file with ``sqlite3``, a
PostgreSQL server with ``psycopg``; anything else (or an engine a caller
already holds) through SQLAlchemy's raw DB-API connection. The queries are
plain SQL that both backends read alike, with ``?`` marks (turned into
``%s`` for psycopg); every value is bound.

A report's queries share one snapshot (one transaction, rolled back at the
end). Rows come back as plain tuples; long results are streamed (a
server-side cursor on PostgreSQL), never held whole.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from tracker.config import SQLITE_BUSY_TIMEOUT_MS, resolve_database_url
from tracker.domain.events import Event, Source
from tracker.store import codec
from tracker.errors import TrackerError
from tracker.store import sqlite_files
from tracker.store.revision import FOLD_RULES, HEAD_REVISION

STREAM_ROWS = 2_000  # rows fetched at a time from a streamed result


def shown_url(url: str) -> str:
    """A database URL as messages show it: the password hidden."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


class Reader:
    """One report's connection: queries in one snapshot, rows as tuples."""

    def __init__(self, connection, dialect: str, url: str):
        self.connection = connection
        self.dialect = dialect
        self.url = url
        self._postgres = dialect == "postgresql"
        self._cursors = 0
        self._streams: list = []

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self._postgres else statement

    def all(self, statement: str, params: tuple = ()) -> list[tuple]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(statement), params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def one(self, statement: str, params: tuple = ()):
        rows = self.all(statement, params)
        return rows[0][0] if rows else None

    def stream(self, statement: str, params: tuple = ()) -> Iterator[tuple]:
        """The rows of a query a few thousand at a time (PostgreSQL: a server-side cursor)."""
        rows = self._stream(statement, params)
        self._streams.append(rows)
        return rows

    def close_streams(self) -> None:
        """End the streams not read to their end, before their connection goes."""
        for rows in self._streams:
            with contextlib.suppress(Exception):  # a failed transaction cannot close its cursors: it ends anyway
                rows.close()

    def _stream(self, statement: str, params: tuple) -> Iterator[tuple]:
        if self._postgres:
            self._cursors += 1
            cursor = self.connection.cursor(name=f"tracker_report_{self._cursors}")
        else:
            cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(statement), params)
            while rows := cursor.fetchmany(STREAM_ROWS):
                yield from rows
        finally:
            cursor.close()

    # --- the schema --------------------------------------------------------------

    def stored_revision(self) -> str | None:
        """The schema revision the database holds (None before the first migration)."""
        if self._postgres:
            present = self.one("SELECT to_regclass('alembic_version') IS NOT NULL")
        else:
            present = self.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        return self.one("SELECT version_num FROM alembic_version") if present else None

    def require_schema(self) -> None:
        """Refuse to read a database whose schema is missing or older than this tracker's, or whose
        projections were built by other rules of the fold (its reports would not be this tracker's)."""
        from tracker.domain.fold_rules import FOLD_RULES_VERSION

        if self.stored_revision() != HEAD_REVISION:
            raise TrackerError(f"the database {shown_url(self.url)} is not initialised or is out of date: "
                               f"run `tracker init`")
        if self.one("SELECT value FROM tracker_state WHERE name = ?", (FOLD_RULES,)) != FOLD_RULES_VERSION:
            raise TrackerError(f"the database {shown_url(self.url)} was folded by other rules than this tracker's: "
                               f"run `tracker init` (it refolds every draft from the log)")


@contextlib.contextmanager
def connect(database=None, *, schema: bool = True) -> Iterator[Reader]:
    """A ``Reader`` on ``database``: an Engine, a URL or a SQLite path (None: the configured one).

    With ``schema`` (a report), a SQLite file that is not there is refused (reading
    creates no file), and so is a database not at this tracker's revision.
    """
    connection, dialect, url = _open(database, must_exist=schema)
    reader = Reader(connection, dialect, url)
    try:
        if dialect == "sqlite":
            cursor = connection.cursor()
            cursor.execute("BEGIN")  # one snapshot for every query of the report
            cursor.close()
        if schema:
            reader.require_schema()
        yield reader
    finally:
        try:
            reader.close_streams()
            connection.rollback()
        finally:
            connection.close()


def _open(database, *, must_exist: bool):
    if database is not None and not isinstance(database, str):  # an Engine: use its pool and settings
        if must_exist and database.dialect.name == "sqlite" and sqlite_files.is_missing(database.url.database):
            sqlite_files.refuse_missing(database.url.database)
        return database.raw_connection(), database.dialect.name, database.url.render_as_string(hide_password=False)
    url = resolve_database_url(database)
    scheme, _, rest = url.partition("://")
    if scheme in ("sqlite", "sqlite+pysqlite") and rest.startswith("/") and "?" not in rest and rest != "/":
        import sqlite3

        path = rest[1:]
        if must_exist and sqlite_files.is_missing(path):
            sqlite_files.refuse_missing(path)
        if sqlite_files.in_read_only_folder(path):
            sqlite_files.warn_read_only(path)
            connection = sqlite3.connect(sqlite_files.read_only_uri(path), uri=True, isolation_level=None,
                                         check_same_thread=False)
        else:
            # A report writes nothing and takes no lock: the busy timeout only waits out a checkpoint.
            connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                         check_same_thread=False)
        return connection, "sqlite", url
    if scheme in ("postgresql+psycopg", "postgresql"):
        from urllib.parse import urlsplit

        import psycopg

        try:
            urlsplit(url).port  # a port that is not a number: libpq would look it up as a service name
            return psycopg.connect("postgresql://" + rest), "postgresql", url
        except (ValueError, psycopg.ProgrammingError) as error:  # not a URL libpq can read
            raise TrackerError(f"--db: cannot use {shown_url(url)}: {error}") from None
    from tracker.store.db import make_engine  # any other database: through SQLAlchemy after all

    engine = make_engine(url)
    return engine.raw_connection(), engine.dialect.name, url


# --- the queries ------------------------------------------------------------------

def status_rows(reader: Reader) -> Iterator[tuple]:
    """Every draft's (id, label, sponsors, state, last event type, its date, resolution, symbol), by id."""
    return reader.stream("SELECT id, label, sponsors, state, last_event_type, last_event_date, resolution, symbol "
                         "FROM drafts ORDER BY id")


_STATUS_AS_OF = ("SELECT draft_id, label, sponsors, state, last_event_type, last_event_date, resolution, symbol, "
                 "pending_merges FROM status_history WHERE sort_key <= ? AND (until_key IS NULL OR until_key > ?)")


def status_rows_as_of(reader: Reader, until_key: str) -> Iterator[tuple]:
    """``status_rows`` as of a sort key, each with its pending merges as JSON text (or None): from the
    status history, which holds one row in force at any key for each draft the log had by then."""
    return reader.stream(_STATUS_AS_OF + " ORDER BY draft_id", (until_key, until_key))


def pending_merges(reader: Reader) -> list[tuple]:
    """(draft, into, factuality) of every pending merge, by draft and in the order they were proposed."""
    return reader.all("SELECT draft_id, other_draft_id, factuality FROM lineage "
                      "WHERE relation = 'merged_into' AND status = 'pending' ORDER BY draft_id, id")


def draft_days(reader: Reader, draft: str | None = None) -> Iterator[tuple[str, str | None]]:
    """(draft, date of its last event), by draft: the day whose Council a positions report lists."""
    if draft is not None:
        return iter(reader.all("SELECT id, last_event_date FROM drafts WHERE id = ?", (draft,)))
    return reader.stream("SELECT id, last_event_date FROM drafts ORDER BY id")


def drafts_as_of(reader: Reader, until_key: str, draft: str | None = None) -> Iterator[str]:
    """The drafts the log holds as of a sort key (an event on or before it), by id."""
    if draft is not None:
        rows = reader.all("SELECT id FROM drafts WHERE first_sort_key <= ? AND id = ?", (until_key, draft))
    else:
        rows = reader.stream("SELECT id FROM drafts WHERE first_sort_key <= ? ORDER BY id", (until_key,))
    return (draft_id for draft_id, in rows)


_SOURCE = "e.source_kind, e.source_ref, e.source_line, e.source_quote, e.source_start, e.source_end, e.source_cited"
# The stance of each member on each draft in force (as of a sort key): each change of stance
# holds from its key until the member's next change (see ``models.PositionRow.until_key``).
_STANCES = {
    (one_draft, as_of): (
        f"SELECT p.draft_id, p.member, p.stance, p.since, p.event_id, {_SOURCE} FROM positions p "
        f"JOIN events e ON e.id = p.event_id WHERE "
        f"{'p.sort_key <= ? AND (p.until_key IS NULL OR p.until_key > ?)' if as_of else 'p.until_key IS NULL'}"
        f"{' AND p.draft_id = ?' if one_draft else ''} ORDER BY p.draft_id, p.member")
    for one_draft in (False, True) for as_of in (False, True)
}


def latest_stances(reader: Reader, draft: str | None = None,
                   until_key: str | None = None) -> Iterator[tuple[str, str, str, str | None, Source]]:
    """(draft, member, stance, since, source) of each member's latest stance, by draft and member."""
    params = (until_key, until_key) if until_key is not None else ()
    params += (draft,) if draft is not None else ()
    statement = _STANCES[(draft is not None, until_key is not None)]
    sources: dict[int, Source] = {}  # a vote gives many members their stance from one event
    for draft_id, member, stance, since, event_id, *source in reader.stream(statement, params):
        found = sources.get(event_id)
        if found is None:
            if len(sources) > 1000:
                sources.clear()
            found = sources[event_id] = Source(*source)
        yield draft_id, member, stance, since, found


_EVENT_COLUMNS = ", ".join(f"e.{name}" for name in codec.COLUMNS)
_EVENTS = (f"SELECT {_EVENT_COLUMNS}, v.status, v.reason, v.same_as, r.retracted_at, r.by_version, "
           # How many other reports repeat the event (or the event this one repeats).
           f"(SELECT COUNT(*) FROM verdicts c WHERE c.same_as = COALESCE(v.same_as, e.id)) "
           f"FROM events e LEFT JOIN verdicts v ON v.event_id = e.id LEFT JOIN retractions r ON r.event_id = e.id")
# One condition per filter; a report joins those it was given.
_EVENT_FILTERS = {
    "draft": "e.draft_id = ?",
    "type": "e.type = ?",
    "status": "v.status = ?",
    "since_key": "e.sort_key >= ?",
    "until_key": "e.sort_key <= ?",
}
_SOURCE_FILTER = {"sqlite": "instr(e.source_ref, ?) > 0", "postgresql": "strpos(e.source_ref, ?) > 0"}


def event_rows(reader: Reader, *, draft=None, type=None, status=None, source=None, since_key=None,
               until_key=None, limit=None,
               retracted: bool = False) -> Iterator[tuple[Event, str | None, str | None, int | None, int, tuple | None]]:
    """The log, filtered, in log order: (event, status, reason, same_as, reports repeating it, retraction or None).

    Retracted events are left out unless ``retracted``; a retraction is (when, by which version).
    """
    given = {"draft": draft, "type": type, "status": status, "since_key": since_key, "until_key": until_key}
    conditions = [_EVENT_FILTERS[name] for name, value in given.items() if value is not None]
    params = [value for value in given.values() if value is not None]
    if source is not None:
        # A plain, case-sensitive substring on both backends (SQLite's LIKE folds ASCII case).
        conditions.append(_SOURCE_FILTER.get(reader.dialect, _SOURCE_FILTER["sqlite"]))
        params.append(source)
    if not retracted:
        conditions.append("r.event_id IS NULL")
    statement = _EVENTS + (" WHERE " + " AND ".join(conditions) if conditions else "") + " ORDER BY e.sort_key, e.id"
    if limit is not None:
        statement += " LIMIT ?"
        params.append(int(limit))
    width = len(codec.COLUMNS)
    for row in reader.stream(statement, tuple(params)):
        status_, reason, same_as, retracted_at, by_version, repeats = row[width:]
        yield (codec.decode_values(row[:width]), status_, reason, same_as, repeats,
               (retracted_at, by_version) if retracted_at is not None else None)


def article_rows(reader: Reader) -> list[tuple]:
    """(path, published, published_from, title, outlet, events, sha256) of every ingested article."""
    return reader.all("SELECT ref, published, published_from, title, outlet, events, sha256 FROM articles "
                      "ORDER BY published, ref")

"""Queries typed by a person (``tracker sql``), on a connection that cannot write.

Read-only by construction, not by inspecting the statement:

- SQLite: the file is opened read-only (``mode=ro``), and an authorizer
  refuses whatever would write, attach another file, or change a pragma;
- PostgreSQL: the statement runs in a READ ONLY transaction that is rolled
  back afterwards, as the tracker's reader role where there is one
  (``tracker.store.readers``); a superuser login without one is refused.

Either way a single statement runs (several in one string are refused), for
at most ``timeout`` seconds, and at most ``max_rows`` rows are read.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

DEFAULT_TIMEOUT_S = 60
DEFAULT_MAX_ROWS = 100_000
MAX_VALUE_BYTES = 32 * 2**20  # longest string or blob a SQLite query may make
_PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two looks at the clock


class QueryRefused(Exception):
    """The database (or the authorizer) refused the statement: it would write, or it is not one query."""


class QueryFailed(Exception):
    """The statement is not valid SQL for this database, or names what does not exist."""


class QueryStopped(Exception):
    """The statement went past a limit: its time, or the length of a value."""


class NoSafeReader(Exception):
    """A PostgreSQL superuser login and no reader role to run the statement as."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False  # more rows than max_rows: only the first ones are here


# What a read may do in SQLite's authorizer; everything else is denied.
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
# Pragmas that only report. Those in the first set take a table or index as their
# argument; those in the second set would set something when given a value.
_REPORTING_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "foreign_key_check", "integrity_check", "quick_check",
}
_QUERY_ONLY_PRAGMAS = {
    "database_list", "collation_list", "function_list", "pragma_list", "compile_options", "page_count",
    "page_size", "freelist_count", "encoding", "user_version", "schema_version", "application_id",
    "journal_mode", "read_uncommitted", "foreign_keys",  # the driver asks read_uncommitted itself
}


def _authorize(action, arg1, arg2, _database, _trigger):
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _REPORTING_PRAGMAS or (name in _QUERY_ONLY_PRAGMAS and arg2 is None):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def read_only_engine(engine: Engine, timeout: float = DEFAULT_TIMEOUT_S) -> Engine:
    """An engine on the same database that cannot change it (on SQLite, whose statements stop after ``timeout`` s)."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return create_engine(url, execution_options={"postgresql_readonly": True})
    path = url.database
    if not path or path == ":memory:":
        raise QueryRefused("tracker sql needs a database file")

    from sqlalchemy.pool import NullPool

    from tracker.store.db import read_only_uri

    def connect():
        connection = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
        connection.set_authorizer(_authorize)
        # No value longer than this: a query building one huge string fails instead of taking the memory.
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        # A connection per query (NullPool), so the clock starts with the statement.
        deadline = time.monotonic() + timeout
        # Returning true interrupts the statement ("interrupted").
        connection.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
        return connection

    return create_engine(make_url("sqlite://"), creator=connect, poolclass=NullPool)


def run_query(engine: Engine, statement: str, *, timeout: float = DEFAULT_TIMEOUT_S,
              max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
    """Run one read-only statement; return its column names and (at most ``max_rows``) rows."""
    if not statement.strip():
        raise QueryFailed("no statement given")
    readonly = read_only_engine(engine, timeout)
    try:
        with readonly.connect() as conn:
            try:
                if readonly.dialect.name == "postgresql":
                    return _run_on_postgresql(conn, statement, timeout, max_rows)
                # No parameters: the text goes to SQLite as typed (a colon or a ? is not a placeholder).
                result = conn.exec_driver_sql(statement, execution_options={"no_parameters": True})
                if not result.returns_rows:
                    return QueryResult([], [])
                rows = [tuple(row) for row in result.fetchmany(max_rows + 1)]
                return QueryResult(list(result.keys()), rows[:max_rows], len(rows) > max_rows)
            finally:
                _end(conn)
    except DBAPIError as err:
        raise _explained(str(err.orig) if err.orig is not None else str(err), timeout) from None
    finally:
        readonly.dispose()


def _end(conn) -> None:
    """Roll back; a connection the statement left unusable (a COPY under way) is thrown away instead."""
    try:
        conn.rollback()
    except Exception:
        conn.invalidate()


def _run_on_postgresql(conn, statement: str, timeout: float, max_rows: int) -> QueryResult:
    import psycopg

    from tracker.store import readers

    conn.execute(text("SELECT set_config('statement_timeout', :ms, true)"), {"ms": str(max(1, round(timeout * 1000)))})
    role = readers.usable_reader(conn)
    if role is None and readers.is_superuser(conn):
        raise NoSafeReader(readers.reader_role(conn))
    try:
        with conn.connection.driver_connection.cursor() as cursor:
            if role is not None:
                readers.switch_to(conn, role)
                return _read_as_reader(cursor, statement, max_rows)
            # A prepared statement holds exactly one command: several in one string are refused.
            cursor.execute(statement, prepare=True)
            if cursor.description is None:
                return QueryResult([], [])
            rows = [tuple(row) for row in cursor.fetchmany(max_rows + 1)]
            return QueryResult([column.name for column in cursor.description], rows[:max_rows],
                               len(rows) > max_rows)
    except psycopg.Error as err:
        if getattr(err, "sqlstate", None) in _REFUSED_STATES:
            raise QueryRefused(str(err).strip().splitlines()[0]) from None
        raise _explained(str(err), timeout) from None


# Insufficient privilege, and a write in a read-only transaction.
_REFUSED_STATES = {"42501", "25006"}


def _read_as_reader(cursor, statement: str, max_rows: int) -> QueryResult:
    """Through the reader's function: each row comes back as a JSON object, its columns in order."""
    columns = _described_columns(cursor.connection, statement)
    cursor.execute("SELECT tracker_read(%s, %s)::text", (statement, max_rows + 1))
    rows = [tuple(value for _, value in json.loads(record, object_pairs_hook=list, parse_float=Decimal))
            for (record,) in cursor.fetchall()]
    return QueryResult(columns, rows[:max_rows], len(rows) > max_rows)


def _described_columns(driver_connection, statement: str) -> list[str]:
    """The statement's column names, from the server's parse of it (nothing runs)."""
    import psycopg
    from psycopg import pq

    pgconn, encoding = driver_connection.pgconn, driver_connection.info.encoding
    for result in (pgconn.prepare(b"", statement.encode(encoding)), pgconn.describe_prepared(b"")):
        if result.status != pq.ExecStatus.COMMAND_OK:
            message = result.error_field(pq.DiagnosticField.MESSAGE_PRIMARY) or result.error_message or b""
            raise psycopg.Error(message.decode(encoding, "replace"))
    return [result.fname(index).decode(encoding, "replace") for index in range(result.nfields)]


def _explained(error_text: str, timeout: float) -> Exception:
    message = error_text.strip().splitlines()[0] if error_text.strip() else "the database refused the statement"
    lowered = message.lower()
    if lowered in ("interrupted", "canceling statement due to statement timeout"):
        return QueryStopped(f"the query ran longer than {timeout:g} s: stopped (--timeout SECONDS gives it longer)")
    if lowered == "string or blob too big":
        return QueryStopped(f"the query made a value longer than {MAX_VALUE_BYTES // 2**20} MiB: stopped")
    refusals = ("not authorized", "authorization denied", "readonly", "read-only", "read only", "one statement at a time",
                "multiple commands", "cannot execute", "permission denied", "must be superuser",
                "cannot open", "copy", "cannot set parameter", "must be a superuser", "access to library", "unsafe use")
    if any(word in lowered for word in refusals):
        return QueryRefused(message)
    return QueryFailed(message)

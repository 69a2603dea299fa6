"""Queries typed by a person (``tracker sql``), on a connection that cannot write.

Read-only by construction, not by inspecting the statement:

- SQLite: the file is opened read-only (``mode=ro``), and an authorizer
  refuses whatever would write, attach another file, or change a pragma;
- PostgreSQL: the statement runs in a READ ONLY transaction that is rolled
  back afterwards, with a statement timeout.

Either way a single statement runs: several in one string are refused.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

STATEMENT_TIMEOUT_MS = 60_000


class QueryRefused(Exception):
    """The database (or the authorizer) refused the statement: it would write, or it is not one query."""


class QueryFailed(Exception):
    """The statement is not valid SQL for this database, or names what does not exist."""


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


def read_only_engine(engine: Engine) -> Engine:
    """An engine on the same database that cannot change it."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return create_engine(url, execution_options={"postgresql_readonly": True})
    path = url.database
    if not path or path == ":memory:":
        raise QueryRefused("tracker sql needs a database file")

    def connect():
        connection = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, check_same_thread=False)
        connection.set_authorizer(_authorize)
        return connection

    return create_engine(make_url("sqlite://"), creator=connect)


def run_query(engine: Engine, statement: str) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement; return its column names and rows."""
    if not statement.strip():
        raise QueryFailed("no statement given")
    readonly = read_only_engine(engine)
    try:
        with readonly.connect() as conn:
            try:
                if readonly.dialect.name == "postgresql":
                    return _run_on_postgresql(conn, statement)
                # No parameters: the text goes to SQLite as typed (a colon or a ? is not a placeholder).
                result = conn.exec_driver_sql(statement, execution_options={"no_parameters": True})
                if not result.returns_rows:
                    return [], []
                return list(result.keys()), [tuple(row) for row in result]
            finally:
                conn.rollback()
    except DBAPIError as err:
        raise _explained(str(err.orig) if err.orig is not None else str(err)) from None
    finally:
        readonly.dispose()


def _run_on_postgresql(conn, statement: str) -> tuple[list[str], list[tuple]]:
    import psycopg

    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
    try:
        with conn.connection.driver_connection.cursor() as cursor:
            # A prepared statement holds exactly one command: several in one string are refused.
            cursor.execute(statement, prepare=True)
            if cursor.description is None:
                return [], []
            return [column.name for column in cursor.description], [tuple(row) for row in cursor.fetchall()]
    except psycopg.Error as err:
        raise _explained(str(err)) from None


def _explained(error_text: str) -> Exception:
    message = error_text.strip().splitlines()[0] if error_text.strip() else "the database refused the statement"
    lowered = message.lower()
    refusals = ("not authorized", "readonly", "read-only", "read only", "one statement at a time",
                "multiple commands", "cannot execute")
    if any(word in lowered for word in refusals):
        return QueryRefused(message)
    return QueryFailed(message)

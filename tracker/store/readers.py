"""PostgreSQL: the role ``tracker sql`` reads as, whatever the login may do.

A login's read-only transaction does not stop a superuser (``COPY ... TO
PROGRAM``, server files, other sessions). So ``tracker init`` makes, where its
login may create roles, a NOLOGIN role with SELECT on the tracker's tables and
views and nothing else (``tracker_read_<database>_<schema>``), and a function
``tracker_read(statement, max_rows)`` owned by it that runs the statement. ``tracker sql``
switches to the role (``SET LOCAL ROLE``) and calls the function: inside a
SECURITY DEFINER function PostgreSQL refuses to change the role or the session
user, so the statement cannot climb back to the login's privileges.

Names go to the server as bound parameters (through ``set_config``) and are
quoted there (``format('%I')``): no statement here is built from a value.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from tracker.store.models import Base

VIEWS = ("draft_status", "current_positions", "event_log")

# One role per database and schema; a name PostgreSQL cannot take whole (63 characters,
# plain lower-case) becomes a digest of the two.
ROLE_NAME_SQL = """
SELECT CASE WHEN length(name) <= 63 AND name ~ '^[a-z0-9_]+$' THEN name
            ELSE 'tracker_read_' || left(encode(sha256(convert_to(:database || '.' || :schema, 'UTF8')), 'hex'), 24)
       END
  FROM (SELECT 'tracker_read_' || :database || '_' || :schema AS name) AS candidate
"""

# Each row of the statement's result as JSON (repeated column names kept, in order), up to
# max_rows rows: a function's rows are all made before the first is read, so it stops itself.
_CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION tracker_read(statement text, max_rows integer) RETURNS SETOF json
LANGUAGE plpgsql SECURITY DEFINER AS $body$
DECLARE
    result_row record;
    rows_read integer := 0;
BEGIN
    FOR result_row IN EXECUTE statement LOOP
        EXIT WHEN rows_read >= max_rows;
        rows_read := rows_read + 1;
        RETURN NEXT row_to_json(result_row);
    END LOOP;
END
$body$"""

# Run with tracker.reader_role and tracker.reader_tables set (set_config, bound values).
_GRANT_SELECT = """DO $$
DECLARE
    reader text := current_setting('tracker.reader_role');
    relation text;
BEGIN
    -- The tables' owner may grant on them, whoever made the role.
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), reader);
    FOREACH relation IN ARRAY string_to_array(current_setting('tracker.reader_tables'), ',') LOOP
        EXECUTE format('GRANT SELECT ON %I.%I TO %I', current_schema(), relation, reader);
    END LOOP;
END $$"""

_CREATE_ROLE = """DO $$
DECLARE reader text := current_setting('tracker.reader_role');
BEGIN
    EXECUTE format('CREATE ROLE %I NOLOGIN', reader);
    -- A login with CREATEROLE is not a member of what it creates (before PostgreSQL 16).
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT %I TO CURRENT_USER', reader);
    END IF;
END $$"""

_GIVE_FUNCTION = """DO $$
DECLARE
    reader text := current_setting('tracker.reader_role');
    function_name text := format('%I.tracker_read(text, integer)', current_schema());
BEGIN
    EXECUTE 'REVOKE ALL ON FUNCTION ' || function_name || ' FROM PUBLIC';
    -- A role must be able to create in the schema to be given an object there.
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO %I', current_schema(), reader);
    EXECUTE format('ALTER FUNCTION %s OWNER TO %I', function_name, reader);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', current_schema(), reader);
END $$"""


def _run(conn: Connection, statement: str) -> None:
    # Sent as it is: its % signs are format()'s, not placeholders.
    conn.exec_driver_sql(statement, execution_options={"no_parameters": True})


def role_name(conn: Connection, database: str, schema: str) -> str:
    """The reader role of the tracker in ``database`` and ``schema``."""
    return conn.execute(text(ROLE_NAME_SQL), {"database": database, "schema": schema}).scalar()


def reader_role(conn: Connection) -> str:
    database, schema = conn.execute(text("SELECT current_database(), current_schema()")).one()
    return role_name(conn, database, schema)


def grant_reader(conn: Connection) -> bool:
    """Create (where this login may) the reader role and its function, and grant it SELECT on the
    tracker's tables and views; True when ``tracker sql`` can read as it.

    A login without the rights for a step stops there and leaves the rest of ``init`` be.
    """
    if conn.dialect.name != "postgresql":
        return False
    from sqlalchemy.exc import ProgrammingError

    try:
        with conn.begin_nested():
            return _grant_reader(conn)
    except ProgrammingError:  # insufficient privilege: `tracker sql` says what to do
        return False


def _grant_reader(conn: Connection) -> bool:
    role = reader_role(conn)
    conn.execute(text("SELECT set_config('tracker.reader_role', :role, true), "
                      "set_config('tracker.reader_tables', :tables, true)"),
                 {"role": role, "tables": ",".join((*Base.metadata.tables, *VIEWS))})
    superuser, create_role = conn.execute(text(
        "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")).one()
    if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).scalar():
        if not (superuser or create_role):
            return False
        _run(conn, _CREATE_ROLE)
    _run(conn, _GRANT_SELECT)
    if not conn.execute(text("SELECT pg_has_role(current_user, :role, 'MEMBER')"), {"role": role}).scalar():
        return False  # the function must be given to the role, which only its members may do
    _run(conn, _CREATE_FUNCTION)
    _run(conn, _GIVE_FUNCTION)
    return True


def usable_reader(conn: Connection) -> str | None:
    """The reader role when this login may switch to it and its function is there; else None."""
    role = reader_role(conn)
    usable = conn.execute(text(
        "SELECT pg_has_role(current_user, r.oid, 'MEMBER') "
        "AND to_regprocedure(quote_ident(current_schema()) || '.tracker_read(text,integer)') IS NOT NULL "
        "FROM pg_roles r WHERE r.rolname = :role"), {"role": role}).scalar()
    return role if usable else None


def is_superuser(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).scalar())


def switch_to(conn: Connection, role: str) -> None:
    """``SET LOCAL ROLE``: the rest of the transaction runs with the role's privileges."""
    conn.execute(text("SELECT set_config('role', :role, true)"), {"role": role})

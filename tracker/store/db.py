"""Engines and schema: where the database is, how to open it, how to migrate it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from tracker.config import SQLITE_BUSY_TIMEOUT_MS, resolve_database_url
from tracker.errors import TrackerError
from tracker.store.revision import HEAD_REVISION  # noqa: F401  (db.HEAD_REVISION: the schema this tracker wants)
from tracker.store.sqlite_files import in_read_only_folder, is_missing, read_only_uri, warn_read_only
WRITES = "tracker_writes"  # execution option of a connection that will write (see UnitOfWork)


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (or the configured default), with SQLite set up for safe concurrent use."""
    url = resolve_database_url(url)
    try:
        backend = make_url(url).get_backend_name()
        if backend != "sqlite":
            engine = create_engine(url)
    except (ArgumentError, ValueError, ImportError) as error:  # an unknown dialect, a driver not installed
        raise TrackerError(f"--db: cannot use {_shown(url)}: {error}") from None
    if backend != "sqlite":
        if engine.dialect.name == "postgresql":
            event.listen(engine, "begin", _postgres_begin)
        return engine
    path = make_url(url).database
    frozen = in_read_only_folder(path)
    if frozen:
        import sqlite3

        warn_read_only(path)
        engine = create_engine(url, creator=lambda: sqlite3.connect(
            read_only_uri(path), uri=True, check_same_thread=False))
    else:
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin), so
        # that reads share one snapshot and DDL is transactional.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if frozen:  # no journal can be made beside the file
            cursor.close()
            return
        cursor.execute("PRAGMA journal_mode = WAL")
        # WAL with synchronous NORMAL survives a killed process intact; only a
        # power cut may lose the last commits. FULL would fsync every article.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # 64 MiB of page cache (the default is 2 MiB): appends to a log of
        # millions of rows touch index pages all over the file.
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        # A writer takes the write lock when it begins, so two writers queue on
        # the busy timeout instead of one failing when it upgrades its lock.
        writes = connection.get_execution_options().get(WRITES, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def missing_sqlite_file(engine: Engine) -> str | None:
    """The path of a SQLite database that does not exist (reading must not create it); else None."""
    if engine.dialect.name != "sqlite":
        return None
    path = engine.url.database
    return path if is_missing(path) else None


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the URL given"


def _postgres_begin(connection) -> None:
    # One writer at a time per schema, as SQLite's write lock gives: a writer
    # folds each draft from the whole log, so two writers folding the same
    # draft at once would each miss the other's events. The lock is released
    # when the transaction ends, however it ends (a killed client included).
    if connection.get_execution_options().get(WRITES, False):
        connection.exec_driver_sql(WRITER_LOCK_SQL)


# The writers' lock is a table lock on the schema's alembic_version: EXCLUSIVE mode lets
# readers read (they take ACCESS SHARE) and cannot be taken or blocked by anyone who may
# only read (a stronger lock needs UPDATE on the table and a read-write transaction).
# An advisory lock, which any session may take, would let a reader hold every writer
# back. Before the first migration there is no table yet: writers then take an advisory
# lock keyed on the schema, and the table's lock too once the first of them has made it.
WRITER_LOCK_SQL = """DO $$
DECLARE version_table text := quote_ident(current_schema()) || '.alembic_version';
BEGIN
    IF to_regclass(version_table) IS NULL THEN
        PERFORM pg_advisory_xact_lock(1953655666, hashtext(current_schema()));
    END IF;
    IF to_regclass(version_table) IS NOT NULL THEN
        EXECUTE 'LOCK TABLE ' || version_table || ' IN EXCLUSIVE MODE';
    END IF;
END $$"""


def writing_connection(engine: Engine):
    """A connection whose transactions take the writer's lock when they begin."""
    return engine.connect().execution_options(**{WRITES: True})


def migrations_dir() -> Path:
    """``migrations/`` at the project's top level, installed as ``tracker.migrations``."""
    spec = importlib.util.find_spec("tracker.migrations")
    if spec is None or not spec.submodule_search_locations:
        raise TrackerError("the migrations are not installed with the package")
    return Path(list(spec.submodule_search_locations)[0])


def alembic_config(engine: Engine, connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # ConfigParser reads % as interpolation: escape it (URL-encoded options, passwords).
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["engine"] = engine
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    # As a writer: two processes that find a new database both migrate it, one after the other
    # (the second finds it done).
    with writing_connection(engine) as connection, connection.begin():
        upgrade_in(connection, revision)


def upgrade_in(connection, revision: str = "head") -> None:
    """Migrate inside the caller's transaction (a writer's), which commits it with whatever else it does."""
    from alembic import command

    command.upgrade(alembic_config(connection.engine, connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    with writing_connection(engine) as connection, connection.begin():
        command.downgrade(alembic_config(engine, connection), revision)


def check(engine: Engine) -> None:
    """Raise if the models and the migrated schema disagree (``alembic check``)."""
    from alembic import command

    with engine.begin() as connection:
        command.check(alembic_config(engine, connection))


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None before the first migration)."""
    from tracker.store import report_queries

    with report_queries.connect(engine, schema=False) as reader:
        return reader.stored_revision()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == HEAD_REVISION


def schema_state(engine: Engine):
    """The stored revision, fold rules' version and whether the Council data is there (``store.state``)."""
    from tracker.store import state

    with engine.connect() as connection:
        return state.read(connection, HEAD_REVISION)


def scripts_head() -> str | None:
    """The head of the migration scripts themselves (slow: it reads them all)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()

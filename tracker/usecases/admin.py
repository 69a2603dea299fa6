"""Looking after the database: create or upgrade its schema, check it, rebuild its projections,
query it read-only."""

from __future__ import annotations

from sqlalchemy import Engine

from tracker.errors import InputError, TrackerError
from tracker.store import db, repository
from tracker.store.unit_of_work import UnitOfWork


def shown_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def init(engine: Engine) -> str:
    """Create or upgrade the schema to the latest revision, load the council data and, where the
    projections were built by other rules of the fold, refold them; return the revision.

    All in one transaction: a run killed partway leaves the database as it was.
    """
    from tracker.domain.drafts import FOLD_RULES_VERSION
    from tracker.store import readers, state

    with UnitOfWork(engine) as uow:
        db.upgrade_in(uow.connection)
        repository.sync_reference_data(uow.connection)
        if state.read(uow.connection, db.HEAD_REVISION).fold_rules != FOLD_RULES_VERSION:
            _refold(uow.connection)
        readers.grant_reader(uow.connection)
        uow.commit()
    return db.current_revision(engine)


def upgrade_if_needed(engine: Engine) -> None:
    """Before writing: bring a database that is missing, older than this tracker, folded by other
    rules or without its Council data up to date (``init``)."""
    from tracker.domain.drafts import FOLD_RULES_VERSION

    found = db.schema_state(engine)
    if found.revision != db.HEAD_REVISION or found.fold_rules != FOLD_RULES_VERSION or not found.has_council_data:
        init(engine)


def require_schema(engine: Engine) -> None:
    """Refuse to read a database whose schema is missing or older than this tracker's, or whose
    projections were built by other rules of the fold (see ``report_queries.Reader.require_schema``)."""
    from tracker.store import report_queries

    with report_queries.connect(engine):
        pass


def _refold(connection) -> dict:
    from tracker.domain.drafts import FOLD_RULES_VERSION
    from tracker.store import state
    from tracker.store.projections import project  # the fold: only writers need it

    repository.clear_projections(connection)
    projection = project(connection, None)
    repository.refresh_statistics(connection)
    state.set_fold_rules_version(connection, FOLD_RULES_VERSION)
    return {"drafts": projection.drafts, "events": projection.events, "verdicts_changed": projection.changed}


def rebuild(engine: Engine) -> dict:
    """Recompute every projection from the event log."""
    if db.missing_sqlite_file(engine) or db.current_revision(engine) != db.HEAD_REVISION:
        require_schema(engine)
    with UnitOfWork(engine) as uow:
        result = _refold(uow.connection)
        uow.commit()
    return result


def sql(engine: Engine, statement: str, *, timeout: float | None = None, max_rows: int | None = None):
    """Run one read-only SQL statement; return its result (``readonly.QueryResult``).

    The connection cannot write (see ``tracker.store.readonly``): a
    statement that would is refused and changes nothing. A column name the
    statement repeats comes back with ``_2``, ``_3``, ... added, so that
    every column keeps a name of its own.
    """
    from tracker.store import readonly

    require_schema(engine)
    limits = {"timeout": readonly.DEFAULT_TIMEOUT_S if timeout is None else timeout,
              "max_rows": readonly.DEFAULT_MAX_ROWS if max_rows is None else max_rows}
    try:
        result = readonly.run_query(engine, statement, **limits)
    except readonly.QueryRefused as refused:
        raise TrackerError(f"refused: tracker sql only reads ({refused})") from None
    except readonly.QueryStopped as stopped:
        raise TrackerError(str(stopped)) from None
    except readonly.NoSafeReader as missing:
        raise TrackerError(
            f"refused: this login is a PostgreSQL superuser, which a read-only transaction does not stop, "
            f"and the reader role {missing} is not there: run `tracker init` (as a login that may create "
            f"roles) to make it, or connect as a login that is not a superuser") from None
    except readonly.QueryFailed as failed:
        raise InputError(f"SQL: {failed}") from None
    result.columns = distinct_names(result.columns)
    return result


def distinct_names(names: list[str]) -> list[str]:
    """Names in order, a repeated one with ``_2``, ``_3``, ... added (never a name already there)."""
    taken = set(names)
    seen: set[str] = set()
    distinct = []
    for name in names:
        candidate, number = name, 1
        while candidate in seen or (candidate != name and candidate in taken):
            number += 1
            candidate = f"{name}_{number}"
        seen.add(candidate)
        distinct.append(candidate)
    return distinct

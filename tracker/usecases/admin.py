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
    """Create or upgrade the schema to the latest revision and load the council data; return the revision."""
    db.upgrade(engine)
    with UnitOfWork(engine) as uow:
        repository.sync_reference_data(uow.connection)
        uow.commit()
    return db.current_revision(engine)


def upgrade_if_needed(engine: Engine) -> None:
    """Before writing: create or upgrade a schema that is missing or older than this tracker's."""
    if not db.is_current(engine):
        init(engine)


def require_schema(engine: Engine) -> None:
    """Refuse to read a database whose schema is missing or older than this tracker's."""
    if not db.is_current(engine):
        raise TrackerError(f"the database {shown_url(engine)} is not initialised or is out of date: "
                           f"run `tracker init`")


def rebuild(engine: Engine) -> dict:
    """Recompute every projection from the event log."""
    from tracker.store.projections import project  # the fold: only writers need it

    require_schema(engine)
    with UnitOfWork(engine) as uow:
        repository.clear_projections(uow.connection)
        projection = project(uow.connection, None)
        repository.refresh_statistics(uow.connection)
        uow.commit()
    return {"drafts": projection.drafts, "events": projection.events, "verdicts_changed": projection.changed}


def sql(engine: Engine, statement: str) -> tuple[list[str], list[tuple]]:
    """Run one read-only SQL statement; return its column names and rows.

    The connection cannot write (see ``tracker.store.readonly``): a
    statement that would is refused and changes nothing.
    """
    from tracker.store import readonly

    require_schema(engine)
    try:
        return readonly.run_query(engine, statement)
    except readonly.QueryRefused as refused:
        raise TrackerError(f"refused: tracker sql only reads ({refused})") from None
    except readonly.QueryFailed as failed:
        raise InputError(f"SQL: {failed}") from None

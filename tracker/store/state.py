"""What the database records of itself: its revision, the fold rules its projections were built by,
whether it holds the Council data. Read in one connection, so that a report's check stays one round trip."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, exists, insert, inspect, select, text

from tracker.store.models import CouncilSeat, TrackerStateRow
from tracker.store.revision import FOLD_RULES

T = TrackerStateRow.__table__


@dataclass(frozen=True)
class SchemaState:
    revision: str | None  # None before the first migration
    fold_rules: str | None  # None where no version was recorded (a database made before it was)
    has_council_data: bool


def read(conn: Connection, head_revision: str) -> SchemaState:
    """The database's state; past the revision only when the schema is at ``head_revision``."""
    if not inspect(conn).has_table("alembic_version"):
        return SchemaState(None, None, False)
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != head_revision:
        return SchemaState(revision, None, False)
    fold_rules = conn.execute(select(T.c.value).where(T.c.name == FOLD_RULES)).scalar()
    has_seats = conn.execute(select(exists().where(CouncilSeat.id.isnot(None)))).scalar()
    return SchemaState(revision, fold_rules, bool(has_seats))


def set_fold_rules_version(conn: Connection, version: str) -> None:
    conn.execute(delete(T).where(T.c.name == FOLD_RULES))
    conn.execute(insert(T).values(name=FOLD_RULES, value=version))

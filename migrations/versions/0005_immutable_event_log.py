"""An immutable event log: verdicts as a projection, retractions, source versions.

Event rows are no longer changed or deleted once written. The fold's verdict
(status, reason, the event a duplicate repeats) moves to ``verdicts``, a
projection ``rebuild`` recomputes; a changed article no longer deletes its
old events but retracts them (``retractions``: when, and by which version of
the article) and adds its new version's, so the log keeps what every source
ever said. ``events.source_version`` tells the versions apart (articles'
events so far are version 1, as are scripts'), and the claim's unique
constraint includes it; ``articles.version`` counts an article's versions.

The ``event_log`` view shows a retracted claim with the status 'retracted'
and when it was retracted.

SQLite cannot drop a column named in a constraint, so its events table is
copied (batch mode); the views over it are dropped meanwhile, and the rows
that refer to it (the projections) wait in temporary tables, since SQLite's
foreign keys cannot be switched off inside the migration's transaction. Downgrading
deletes the retracted events: the old schema has no way to show them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import contextlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATUS_CHECK = "status IN ('applied', 'conflict', 'noted', 'duplicate')"
OLD_CLAIM = ["source_kind", "source_ref", "fingerprint", "occurrence"]
OLD_CLAIM_NAME = "uq_events_source_kind_source_ref_fingerprint_occurrence"
CLAIM = ["source_kind", "source_ref", "source_version", "fingerprint", "occurrence"]

EVENT_LOG_V5 = """
    SELECT e.id, e.draft_id AS draft, e.type, e.date, e.factuality,
           CASE WHEN r.event_id IS NULL THEN v.status ELSE 'retracted' END AS status, v.reason,
           e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote,
           e.source_cited AS cited, e.sort_key, v.same_as AS corroborates,
           e.source_version, r.retracted_at
      FROM events e
      LEFT JOIN verdicts v ON v.event_id = e.id
      LEFT JOIN retractions r ON r.event_id = e.id
"""
EVENT_LOG_V2 = """
    SELECT e.id, e.draft_id AS draft, e.type, e.date, e.factuality, e.status, e.reason,
           e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote,
           e.source_cited AS cited, e.sort_key, e.corroborates
      FROM events e
"""
CURRENT_POSITIONS = """
    SELECT p.draft_id AS draft, p.member, c.name AS member_name, p.stance, p.since,
           e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote
      FROM positions p
      JOIN countries c ON c.code = p.member
      JOIN events e ON e.id = p.event_id
     WHERE p.seq = (SELECT MAX(p2.seq) FROM positions p2
                     WHERE p2.draft_id = p.draft_id AND p2.member = p.member)
"""
REFERRING = ("drafts", "positions", "lineage")  # in the order they can be put back


def _set_aside_views() -> None:
    op.execute("DROP VIEW event_log")
    op.execute("DROP VIEW current_positions")


def _put_back_views(event_log: str) -> None:
    op.execute(f"CREATE VIEW event_log AS {event_log}")
    op.execute(f"CREATE VIEW current_positions AS {CURRENT_POSITIONS}")


@contextlib.contextmanager
def _events_rebuilt():
    """Alter the events table: in place on PostgreSQL; on SQLite a copy, with no row referring to it meanwhile."""
    if op.get_bind().dialect.name != "sqlite":
        with op.batch_alter_table("events") as batch:
            yield batch
        return
    for table in REFERRING:
        op.execute(f"CREATE TEMPORARY TABLE kept_{table} AS SELECT * FROM {table}")
    for table in reversed(REFERRING):
        op.execute(f"DELETE FROM {table}")
    with op.batch_alter_table("events", recreate="always") as batch:
        yield batch
    for table in REFERRING:
        op.execute(f"INSERT INTO {table} SELECT * FROM kept_{table}")
        op.execute(f"DROP TABLE kept_{table}")


def upgrade() -> None:
    _set_aside_views()
    # The fold's verdicts, kept aside while their columns go (nothing may refer to events then).
    op.execute("CREATE TEMPORARY TABLE kept_verdicts AS SELECT id, status, reason, corroborates FROM events")
    op.drop_index(op.f("ix_events_corroborates"), table_name="events")
    with _events_rebuilt() as batch:
        batch.add_column(sa.Column("source_version", sa.Integer(), server_default="1", nullable=False))
        batch.drop_constraint(op.f(OLD_CLAIM_NAME), type_="unique")
        batch.drop_constraint(op.f("ck_events_status"), type_="check")
        batch.drop_column("status")
        batch.drop_column("reason")
        batch.drop_column("corroborates")
        batch.create_unique_constraint(op.f("uq_events_claim"), CLAIM)
    op.create_table(
        "verdicts",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("same_as", sa.Integer(), nullable=True),
        sa.CheckConstraint(STATUS_CHECK, name=op.f("ck_verdicts_status")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_verdicts_event_id_events")),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_verdicts")),
    )
    op.create_index(op.f("ix_verdicts_same_as"), "verdicts", ["same_as"])
    op.execute("INSERT INTO verdicts (event_id, status, reason, same_as) "
               "SELECT id, status, reason, corroborates FROM kept_verdicts")
    op.execute("DROP TABLE kept_verdicts")
    op.create_table(
        "retractions",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("retracted_at", sa.String(32), nullable=False),
        sa.Column("by_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_retractions_event_id_events")),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_retractions")),
    )
    op.add_column("articles", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    _put_back_views(EVENT_LOG_V5)


def downgrade() -> None:
    _set_aside_views()
    for column in (sa.Column("status", sa.String(10), nullable=True), sa.Column("reason", sa.Text(), nullable=True),
                   sa.Column("corroborates", sa.Integer(), nullable=True)):
        op.add_column("events", column)  # in place on both backends
    op.execute("UPDATE events SET status = (SELECT v.status FROM verdicts v WHERE v.event_id = events.id), "
               "reason = (SELECT v.reason FROM verdicts v WHERE v.event_id = events.id), "
               "corroborates = (SELECT v.same_as FROM verdicts v WHERE v.event_id = events.id)")
    # The old schema cannot show a retracted claim, and its unique constraint may not hold
    # them beside their new version's: they go (marked first, as the table that names them goes).
    op.execute("UPDATE events SET status = 'retracted' WHERE id IN (SELECT event_id FROM retractions)")
    op.execute("UPDATE events SET status = 'applied' WHERE status IS NULL")  # not folded yet
    op.drop_table("retractions")
    op.drop_table("verdicts")
    op.execute("DELETE FROM events WHERE status = 'retracted'")
    with _events_rebuilt() as batch:
        batch.drop_constraint(op.f("uq_events_claim"), type_="unique")
        batch.drop_column("source_version")
        batch.alter_column("status", existing_type=sa.String(10), nullable=False)
        batch.create_unique_constraint(op.f(OLD_CLAIM_NAME), OLD_CLAIM)
        batch.create_check_constraint(op.f("ck_events_status"), STATUS_CHECK)
    op.create_index(op.f("ix_events_corroborates"), "events", ["corroborates"])
    op.execute("ALTER TABLE articles DROP COLUMN version")  # in place (SQLite 3.35+)
    _put_back_views(EVENT_LOG_V2)

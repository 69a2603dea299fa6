"""Leaner indexes on the event log; each draft's first sort key and last event type.

The unique constraint on (source_kind, source_ref, fingerprint, occurrence)
already serves every lookup by source and by claim, so the single-column
indexes on source_ref and fingerprint only slowed appends; the index on type
(a dozen values) never narrowed a search. Every index on the log costs each
of its millions of appends a B-tree insert.

``drafts.first_sort_key`` says from when a draft exists, so that reports
``--as-of`` a day list the drafts of that day without scanning the log;
``drafts.last_event_type`` spares ``status`` a join with the log, and
``ix_lineage_pending`` gives it the pending merges without a scan.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DROPPED = {"ix_events_type": ["type"], "ix_events_source_ref": ["source_ref"], "ix_events_fingerprint": ["fingerprint"]}


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, table_name="events")
    op.drop_index("ix_positions_member", table_name="positions")  # no query selects by member alone
    op.create_index("ix_lineage_pending", "lineage", ["relation", "status", "draft_id", "id"])
    # In place on both backends: a table copy would trip the views over drafts.
    op.add_column("drafts", sa.Column("first_sort_key", sa.String(10), server_default="", nullable=False))
    op.add_column("drafts", sa.Column("last_event_type", sa.String(20), nullable=True))
    op.execute("UPDATE drafts SET first_sort_key = "
               "(SELECT COALESCE(MIN(e.sort_key), '') FROM events e WHERE e.draft_id = drafts.id), "
               "last_event_type = (SELECT e.type FROM events e WHERE e.id = drafts.last_event_id)")


def downgrade() -> None:
    op.drop_index("ix_lineage_pending", table_name="lineage")
    op.create_index("ix_positions_member", "positions", ["member"])
    op.execute("ALTER TABLE drafts DROP COLUMN first_sort_key")  # in place (SQLite 3.35+)
    op.execute("ALTER TABLE drafts DROP COLUMN last_event_type")
    for name, columns in DROPPED.items():
        op.create_index(name, "events", columns)

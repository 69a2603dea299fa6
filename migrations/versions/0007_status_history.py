"""Each draft's status over time (``status_history``), so that a status report as of a day is a lookup.

Until now ``tracker status --as-of DAY`` refolded every draft's events up to
that day. The fold now also keeps each status a draft held and from when to
when (the sort keys of the events that began and ended it); this table is
that projection, written with the others and by ``rebuild``.

The upgrade fills it for the drafts already in the log by folding each
draft's events in force, in log order, as a rebuild would. It writes only
the new table; the log and the other projections are left as they are.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import json
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("draft_id", "sort_key", "until_key", "state", "label", "sponsors", "last_event_type", "last_event_date",
           "symbol", "resolution", "pending_merges")
EVENTS_IN_FORCE = """
    SELECT e.id, e.draft_id, e.type, e.date, e.factuality, e.payload, e.source_kind, e.source_ref, e.sort_key
      FROM events e
     WHERE NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = e.id)
     ORDER BY e.draft_id, e.sort_key, e.id
"""
BATCH = 5_000  # rows written at a time


def upgrade() -> None:
    op.create_table(
        "status_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(100), nullable=False),
        sa.Column("sort_key", sa.String(10), nullable=False),
        sa.Column("until_key", sa.String(10), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("sponsors", sa.String(200), nullable=False),
        sa.Column("last_event_type", sa.String(20), nullable=True),
        sa.Column("last_event_date", sa.String(10), nullable=True),
        sa.Column("symbol", sa.String(50), nullable=True),
        sa.Column("resolution", sa.String(50), nullable=True),
        sa.Column("pending_merges", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], name=op.f("fk_status_history_draft_id_drafts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_history")),
    )
    op.create_index(op.f("ix_status_history_draft_key"), "status_history", ["draft_id", "sort_key"])
    _fill()


def _fill() -> None:
    """Fold each draft of the log (one at a time) and write its status history."""
    from tracker.domain.drafts import fold, status_intervals
    from tracker.domain.events import Event, Source

    connection = op.get_bind()
    projected = set(connection.execute(sa.text("SELECT id FROM drafts")).scalars())
    table = sa.table("status_history", *(sa.column(name) for name in COLUMNS))
    rows = connection.execute(sa.text(EVENTS_IN_FORCE), execution_options={"stream_results": True,
                                                                          "yield_per": BATCH})
    batch = []
    for draft_id, records in groupby(rows, key=lambda record: record.draft_id):
        keys, events = {}, []
        for record in records:
            payload = json.loads(record.payload) if isinstance(record.payload, str) else record.payload
            events.append(Event.from_record(type=record.type, draft=draft_id, date=record.date,
                                            factuality=record.factuality, payload=payload, id=record.id,
                                            source=Source(kind=record.source_kind, ref=record.source_ref)))
            keys[record.id] = record.sort_key
        if draft_id not in projected:  # not folded yet (a rebuild will write it with its other projections)
            continue
        draft, _ = fold(draft_id, events)
        for key, until, status in status_intervals(draft, keys):
            batch.append(dict(zip(COLUMNS, (
                draft_id, key, until, status.state, status.label, ",".join(status.sponsors), status.last_event_type,
                status.last_event_date, status.symbol, status.resolution,
                json.dumps(status.pending_merges, ensure_ascii=False, separators=(",", ":"))
                if status.pending_merges else None))))
        if len(batch) >= BATCH:
            connection.execute(sa.insert(table), batch)
            batch = []
    if batch:
        connection.execute(sa.insert(table), batch)


def downgrade() -> None:
    op.drop_index(op.f("ix_status_history_draft_key"), table_name="status_history")
    op.drop_table("status_history")

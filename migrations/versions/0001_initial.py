"""Event log, projections, council data and the views for direct queries.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The views for people who query the database directly (documented in README).
VIEWS = {
    "draft_status": """
        SELECT d.id, d.label, d.sponsors, d.state, d.last_event_date, d.resolution, d.symbol,
               (SELECT COUNT(*) FROM lineage l
                 WHERE l.draft_id = d.id AND l.relation = 'merged_into' AND l.status = 'pending')
               AS pending_merges
          FROM drafts d
    """,
    "current_positions": """
        SELECT p.draft_id AS draft, p.member, c.name AS member_name, p.stance, p.since,
               e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote
          FROM positions p
          JOIN countries c ON c.code = p.member
          JOIN events e ON e.id = p.event_id
         WHERE p.seq = (SELECT MAX(p2.seq) FROM positions p2
                         WHERE p2.draft_id = p.draft_id AND p2.member = p.member)
    """,
    "event_log": """
        SELECT e.id, e.draft_id AS draft, e.type, e.date, e.factuality, e.status, e.reason,
               e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote,
               e.source_cited AS cited, e.sort_key
          FROM events e
    """,
}


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("code", sa.String(3), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("official_name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_countries")),
    )
    op.create_table(
        "council_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(3), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["code"], ["countries.code"], name=op.f("fk_council_seats_code_countries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_seats")),
    )
    op.create_index(op.f("ix_council_seats_code"), "council_seats", ["code"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(100), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("date_precision", sa.String(5), nullable=True),
        sa.Column("sort_key", sa.String(10), nullable=False),
        sa.Column("factuality", sa.String(10), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("source_kind", sa.String(10), nullable=False),
        sa.Column("source_ref", sa.String(1000), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("source_quote", sa.Text(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("source_cited", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('applied', 'conflict', 'noted', 'duplicate')", name=op.f("ck_events_status")),
        sa.CheckConstraint("factuality IN ('asserted', 'hedged', 'negated')", name=op.f("ck_events_factuality")),
        sa.CheckConstraint("source_kind IN ('script', 'article')", name=op.f("ck_events_source_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("source_kind", "source_ref", "fingerprint", "occurrence",
                            name=op.f("uq_events_source_kind_source_ref_fingerprint_occurrence")),
    )
    op.create_index("ix_events_draft_order", "events", ["draft_id", "sort_key", "id"])
    op.create_index(op.f("ix_events_type"), "events", ["type"])
    op.create_index(op.f("ix_events_source_ref"), "events", ["source_ref"])
    op.create_index(op.f("ix_events_fingerprint"), "events", ["fingerprint"])

    op.create_table(
        "drafts",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("sponsors", sa.String(200), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("symbol", sa.String(50), nullable=True),
        sa.Column("resolution", sa.String(50), nullable=True),
        sa.Column("last_event_id", sa.Integer(), nullable=True),
        sa.Column("last_event_date", sa.String(10), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["last_event_id"], ["events.id"], name=op.f("fk_drafts_last_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index(op.f("ix_drafts_state"), "drafts", ["state"])

    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(100), nullable=False),
        sa.Column("member", sa.String(3), nullable=False),
        sa.Column("stance", sa.String(12), nullable=False),
        sa.Column("since", sa.String(10), nullable=True),
        sa.Column("sort_key", sa.String(10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], name=op.f("fk_positions_draft_id_drafts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member"], ["countries.code"], name=op.f("fk_positions_member_countries")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_positions_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    op.create_index("ix_positions_draft_member", "positions", ["draft_id", "member", "seq"])
    op.create_index(op.f("ix_positions_member"), "positions", ["member"])

    op.create_table(
        "lineage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(100), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.Column("other_draft_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("factuality", sa.String(10), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], name=op.f("fk_lineage_draft_id_drafts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_lineage_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lineage")),
    )
    op.create_index(op.f("ix_lineage_draft_id"), "lineage", ["draft_id"])
    op.create_index(op.f("ix_lineage_other_draft_id"), "lineage", ["other_draft_id"])

    for name, query in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {query}")


# What later revisions' downgrades keep aside (see 0002 and 0004): nothing to keep it for below the base.
KEPT_ASIDE = ("kept_articles", "kept_extraction_drafts")


def downgrade() -> None:
    for table in KEPT_ASIDE:
        op.execute(f"DROP TABLE IF EXISTS {table}")
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW {name}")
    for table in ("lineage", "positions", "drafts", "events", "council_seats", "countries"):
        op.drop_table(table)

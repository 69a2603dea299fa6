"""Ingested articles, and which event each corroborating report repeats.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EVENT_LOG_V2 = """
    SELECT e.id, e.draft_id AS draft, e.type, e.date, e.factuality, e.status, e.reason,
           e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote,
           e.source_cited AS cited, e.sort_key, e.corroborates
      FROM events e
"""
EVENT_LOG_V1 = """
    SELECT e.id, e.draft_id AS draft, e.type, e.date, e.factuality, e.status, e.reason,
           e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote,
           e.source_cited AS cited, e.sort_key
      FROM events e
"""


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("ref", sa.String(1000), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("published_from", sa.String(10), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_articles")),
    )
    op.execute("DROP VIEW event_log")
    # A plain ADD COLUMN: SQLite can do it in place, so the table (and its views) stay.
    op.add_column("events", sa.Column("corroborates", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_events_corroborates"), "events", ["corroborates"])
    op.execute(f"CREATE VIEW event_log AS {EVENT_LOG_V2}")
    if sa.inspect(op.get_bind()).has_table(KEPT):  # a downgrade set them aside: they are still true
        op.execute(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) SELECT {', '.join(ARTICLE_COLUMNS)} "
                   f"FROM {KEPT}")
        op.drop_table(KEPT)


# Downgrading keeps the articles' hashes aside, so that an upgrade back does not read every
# article again as new (and replace its events). Only the base revision drops them.
KEPT = "kept_articles"
ARTICLE_COLUMNS = ("ref", "sha256", "published", "published_from", "title", "outlet", "events")

CURRENT_POSITIONS = """
    SELECT p.draft_id AS draft, p.member, c.name AS member_name, p.stance, p.since,
           e.source_kind, e.source_ref, e.source_line, e.source_quote AS quote
      FROM positions p
      JOIN countries c ON c.code = p.member
      JOIN events e ON e.id = p.event_id
     WHERE p.seq = (SELECT MAX(p2.seq) FROM positions p2
                     WHERE p2.draft_id = p.draft_id AND p2.member = p.member)
"""


def downgrade() -> None:
    # No view may point at the column while it is dropped.
    op.execute("DROP VIEW event_log")
    op.execute("DROP VIEW current_positions")
    op.drop_index(op.f("ix_events_corroborates"), table_name="events")
    # In place on both backends (SQLite 3.35+), so no table copy trips the foreign keys.
    op.execute("ALTER TABLE events DROP COLUMN corroborates")
    op.execute(f"CREATE VIEW event_log AS {EVENT_LOG_V1}")
    op.execute(f"CREATE VIEW current_positions AS {CURRENT_POSITIONS}")
    op.execute(f"CREATE TABLE {KEPT} AS SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles")
    op.drop_table("articles")

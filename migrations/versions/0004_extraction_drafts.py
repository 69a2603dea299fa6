"""What article extraction knows of each draft, kept between runs.

The extractor attaches what an article says to the drafts earlier articles
opened, using what it learnt of them (their topics, the days they were
active). Kept only in memory, that knowledge was lost between runs: an
ingest restarted after a crash, or run again the next day over new articles,
read them with less, and could attach them elsewhere than a single run would.

Also: an article whose events were stored before 0002 had no row in
``articles``, so ingesting it again appended its events a second time (and
broke the unique constraint on claims). Each such article gets a row with an
empty hash, which no text has: the next ingest replaces its events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extraction_drafts",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sponsors", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("symbol", sa.String(50), nullable=True),
        sa.Column("resolution", sa.String(50), nullable=True),
        sa.Column("first", sa.String(10), nullable=True),
        sa.Column("last", sa.String(10), nullable=True),
        sa.Column("closed", sa.String(10), nullable=True),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_drafts")),
    )
    if sa.inspect(op.get_bind()).has_table(KEPT):  # a downgrade set it aside
        op.execute(f"INSERT INTO extraction_drafts SELECT * FROM {KEPT}")
        op.drop_table(KEPT)
    op.execute("INSERT INTO articles (ref, sha256, events) "
               "SELECT source_ref, '', COUNT(*) FROM events "
               "WHERE source_kind = 'article' AND source_ref NOT IN (SELECT ref FROM articles) "
               "GROUP BY source_ref")


# Downgrading keeps what extraction learnt aside, so that an upgrade back reads on as before.
# Only the base revision drops it.
KEPT = "kept_extraction_drafts"


def downgrade() -> None:
    op.execute(f"CREATE TABLE {KEPT} AS SELECT * FROM extraction_drafts")
    op.drop_table("extraction_drafts")

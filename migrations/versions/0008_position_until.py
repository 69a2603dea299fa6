"""Each change of stance knows when it ended (``positions.until_key``), so current and past positions need no grouping.

The latest stance of each member on each draft was found by grouping every
change of stance (the highest ``seq`` per draft and member, as of a key).
Each row now also holds the sort key of the member's next change on the
draft, or nothing while it is current: the stance as of a key is the row
with ``sort_key <= key < until_key``.

The upgrade fills the column from the rows themselves.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("positions", sa.Column("until_key", sa.String(10), nullable=True))  # in place on both backends
    op.execute("""
        UPDATE positions SET until_key = (
            SELECT later.sort_key FROM positions later
             WHERE later.draft_id = positions.draft_id AND later.member = positions.member
               AND later.seq > positions.seq
             ORDER BY later.seq LIMIT 1)
    """)


def downgrade() -> None:
    op.execute("ALTER TABLE positions DROP COLUMN until_key")  # in place (SQLite 3.35+)

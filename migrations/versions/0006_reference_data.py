"""The Council data and the fold's rules' version, inside the migrations.

Before this revision the countries and seats were loaded after the
migrations, in a transaction of their own: a first run killed between the two
left a database at the head revision that refused every write, and
``alembic upgrade head`` alone loaded no Council data at all. This revision
loads them (the data shipped with the package), so any database the
migrations bring to head can be written to; ``tracker init`` reloads them in
its migration's transaction.

``tracker_state`` records by which version of the fold's rules the projections
were built. An empty log needs no fold, so a fresh database records the
current version; a database with events records none, so that the tracker
refolds it (``tracker init`` or its first write) before its reports are read.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from tracker.domain.drafts import FOLD_RULES_VERSION
    from tracker.store import repository, state

    op.create_table(
        "tracker_state",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_tracker_state")),
    )
    connection = op.get_bind()
    repository.sync_reference_data(connection)
    if connection.execute(sa.text("SELECT COUNT(*) FROM events")).scalar() == 0:
        state.set_fold_rules_version(connection, FOLD_RULES_VERSION)


def downgrade() -> None:
    # The Council data stays: the revisions below hold it too.
    op.drop_table("tracker_state")

"""The schema revision this tracker reads and writes: the newest script in ``migrations/versions``.

A test keeps the two equal. Reports compare the revision a database holds with
this one, so they load neither Alembic nor the migration scripts.
"""

HEAD_REVISION = "0008"
FOLD_RULES = "fold_rules"  # the name under which tracker_state records the fold rules' version

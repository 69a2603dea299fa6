"""The database keeps itself whole: the Council data comes with the schema, and projections built by
other rules of the fold are refolded before anyone reads them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from tests.support.old_database import FR, RU, seed_old_database
from tests.support.paths import REPO, SCENARIO, SEEDS
from tracker.errors import TrackerError
from tracker.services import Tracker
from tracker.store import db, readers, repository


def _count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()


def _works(tracker: Tracker) -> None:
    """Ingest and replay store what they read, and the reports name the members."""
    assert {report.outcome for report in tracker.ingest([SEEDS])} == {"added"}
    [report] = tracker.replay([SCENARIO])
    assert report.added == 9
    assert {row.id: row.state for row in tracker.status()}["FR-ISIL-2015"] == "adopted"
    names = {row.member: row.name for row in tracker.positions(draft="FR-ISIL-2015")}
    assert names["RUS"] == "Russia" and len(names) >= 15


def test_alembic_upgrade_head_alone_gives_a_working_database(database_url, tmp_path):
    environment = {**os.environ, "TRACKER_DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-m", "alembic", "-c", str(REPO / "alembic.ini"), "upgrade", "head"],
                          cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    tracker = Tracker(database_url)
    try:
        assert db.current_revision(tracker.engine) == db.HEAD_REVISION
        assert _count(tracker.engine, "council_seats") > 100
        tracker.status()  # a fresh database needs no fold: reports read it at once
        _works(tracker)
    finally:
        tracker.engine.dispose()


class Killed(BaseException):
    """Stands for a SIGKILL or a full disk partway through ``init``."""


def test_init_killed_after_the_schema_leaves_nothing_behind(database_url, monkeypatch):
    tracker = Tracker(database_url)
    try:
        def killed(_connection):
            raise Killed()

        # Killed as the Council data is loaded, after the schema; then as the last step of init.
        for module, step in ((repository, "sync_reference_data"), (readers, "grant_reader")):
            with monkeypatch.context() as patched:
                patched.setattr(module, step, killed)
                with pytest.raises(Killed):
                    tracker.init()
            assert db.current_revision(tracker.engine) is None, step  # one transaction: nothing stayed
        _works(tracker)
    finally:
        tracker.engine.dispose()


def test_a_database_left_without_council_data_is_healed_by_the_next_writer(database_url):
    # What a first run killed between the schema and the data left before they were one transaction.
    engine = db.make_engine(database_url)
    db.upgrade(engine, "0005")
    assert _count(engine, "council_seats") == 0
    tracker = Tracker(database_url)
    try:
        _works(tracker)
        # At the head revision, the Council data deleted by hand: the next writer loads it again.
        with tracker.engine.begin() as conn:
            conn.execute(text("DELETE FROM council_seats"))
        assert [report.added for report in tracker.replay([SCENARIO])] == [0]
        assert _count(tracker.engine, "council_seats") > 100
    finally:
        tracker.engine.dispose()
        engine.dispose()


def _stale_projection(engine) -> None:
    """An older tracker's fold: a revision it held a conflict, and the draft left as rejected."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE events SET status = 'conflict', reason = 'an older rule' "
                          "WHERE draft_id = :draft AND type = 'revised'"), {"draft": RU})
        conn.execute(text("UPDATE drafts SET state = 'rejected' WHERE id = :draft"), {"draft": RU})


@pytest.mark.parametrize("first", ["init", "replay"])
def test_a_database_from_0001_is_refolded_by_init_or_the_first_writer(database_url, first):
    engine = db.make_engine(database_url)
    seed_old_database(engine, "0001")
    _stale_projection(engine)
    db.upgrade(engine, "head")  # `alembic upgrade head`: the old projections come along
    tracker = Tracker(database_url)
    try:
        with pytest.raises(TrackerError, match="folded by other rules.*tracker init"):
            tracker.status()
        if first == "init":
            tracker.init()
        else:
            tracker.replay([SCENARIO])
        states = {row.id: row.state for row in tracker.status()}
        assert states[RU] == "revised" and states[FR] == "adopted"
        revised = [row for row in tracker.history(RU) if row.type == "revised"]
        assert revised[0].status == "applied"  # the old event; a replay adds its own report of it
        assert tracker.rebuild()["verdicts_changed"] == 0  # nothing left for a rebuild to change
    finally:
        tracker.engine.dispose()
        engine.dispose()


def test_a_database_folded_by_the_current_rules_is_not_refolded(tracker, monkeypatch):
    tracker.replay([SCENARIO])
    from tracker.usecases import admin

    def refold(_connection):
        raise AssertionError("refolded a database the current rules built")

    monkeypatch.setattr(admin, "_refold", refold)
    tracker.init()
    tracker.replay([SCENARIO])
    assert len(tracker.status()) == 2

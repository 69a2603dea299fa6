"""Migrations: the schema tests use is the one Alembic builds, and it goes up and down."""

from __future__ import annotations

from conftest import SCENARIO
from sqlalchemy import inspect

from tracker.services import Tracker
from tracker.store import db

TABLES = {"countries", "council_seats", "events", "drafts", "positions", "lineage"}
VIEWS = {"draft_status", "current_positions", "event_log"}


def test_models_and_migrations_agree(database_url):
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    db.check(engine)  # raises if autogenerate finds any difference


def test_upgrade_downgrade_upgrade_with_data(database_url):
    tracker = Tracker(database_url)
    tracker.init()
    tracker.replay([SCENARIO])
    inspector = inspect(tracker.engine)
    assert TABLES <= set(inspector.get_table_names())
    assert VIEWS <= set(inspector.get_view_names())

    db.downgrade(tracker.engine, "base")
    inspector = inspect(tracker.engine)
    assert not (TABLES | VIEWS) & set(inspector.get_table_names() + inspector.get_view_names())
    assert db.current_revision(tracker.engine) is None

    tracker.init()
    assert db.current_revision(tracker.engine) == db.head_revision(tracker.engine)
    [report] = tracker.replay([SCENARIO])
    assert report.added == 9
    db.check(tracker.engine)


def test_init_loads_the_council_data(tracker):
    from sqlalchemy import text

    with tracker.engine.connect() as conn:
        seats_2015 = conn.execute(text(
            "SELECT COUNT(*) FROM council_seats WHERE start <= :day AND (\"end\" IS NULL OR \"end\" >= :day)"
        ), {"day": "2015-06-01"}).scalar()
        russia = conn.execute(text("SELECT name FROM countries WHERE code = 'RUS'")).scalar()
    assert seats_2015 == 15
    assert russia == "Russia"
    tracker.init()  # loading again replaces, never doubles
    with tracker.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM council_seats WHERE code = 'RUS'")).scalar() == 1

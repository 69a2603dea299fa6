"""Migrations: the schema tests use is the one Alembic builds, and it goes up and down."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import MetaData, inspect, select, text

from tests.support.old_database import (
    CLAIM_COLUMNS, FR, OLD_EVENTS, RU, old_event_row, seed_old_database, stored_events, without_verdict,
)
from tests.support.paths import SCENARIO, SEEDS
from tracker.errors import TrackerError
from tracker.services import Tracker
from tracker.usecases.rows import PendingMerge
from tracker.store import db, repository
from tracker.store.models import Base

TABLES = {"countries", "council_seats", "events", "drafts", "positions", "lineage"}
VIEWS = {"draft_status", "current_positions", "event_log"}


def test_models_and_migrations_agree(database_url):
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    db.check(engine)  # raises if autogenerate finds any difference


def test_the_head_revision_the_package_knows_is_the_newest_migration():
    # Reports check the schema against the constant so that they need not load Alembic.
    assert db.HEAD_REVISION == db.scripts_head()


def test_current_revision_reads_the_stored_revision(database_url):
    engine = db.make_engine(database_url)
    assert db.current_revision(engine) is None and not db.is_current(engine)
    db.upgrade(engine, "0003")
    assert db.current_revision(engine) == "0003" and not db.is_current(engine)
    db.upgrade(engine)
    assert db.current_revision(engine) == db.HEAD_REVISION and db.is_current(engine)


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
    assert db.current_revision(tracker.engine) == db.HEAD_REVISION
    [report] = tracker.replay([SCENARIO])
    assert report.added == 9
    db.check(tracker.engine)


def test_init_loads_the_council_data(tracker):
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


# --- data through the migrations ------------------------------------------------

def revisions(engine) -> list[str]:
    """Every revision, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config(engine))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def down_revision_of(engine, revision: str) -> str:
    from alembic.script import ScriptDirectory

    down = ScriptDirectory.from_config(db.alembic_config(engine)).get_revision(revision).down_revision
    return down or "base"


def reflected(engine) -> dict[str, tuple[set[str], list[dict]]]:
    """Every table as the schema is now, at whatever revision: {table: (its columns, its rows as dicts)}.

    (The ``dump`` fixture reads the tables of the models, that is of the head revision.)
    """
    metadata = MetaData()
    with engine.connect() as conn:
        metadata.reflect(conn)
        return {name: ({c.name for c in table.columns}, [dict(row._mapping) for row in conn.execute(select(table))])
                for name, table in metadata.tables.items() if name != "alembic_version"}


def projected(rows: list[dict], columns: set[str]) -> list[tuple]:
    """The rows on some columns, in a stable order."""
    return sorted((tuple((c, row[c]) for c in sorted(columns)) for row in rows), key=repr)


def load_everything(tracker: Tracker) -> None:
    """The council data, the seed scenario and the seed articles: a row in every table."""
    tracker.init()
    tracker.replay([SCENARIO])
    reports = tracker.ingest([SEEDS])
    assert {report.outcome for report in reports} == {"added"}


def full_dump(tracker: Tracker) -> dict:
    with tracker.engine.connect() as conn:
        return repository.table_dump(conn)


def test_round_trip_to_base_with_data_gives_what_a_fresh_database_gives(database_url):
    tracker = Tracker(database_url)
    load_everything(tracker)  # on a fresh database
    tracker.rebuild()
    fresh = full_dump(tracker)
    # No article changed, so nothing is retracted (the changed-article tests below cover that table).
    assert all(fresh[table] for table in fresh if table != "retractions"), [t for t in fresh if not fresh[t]]

    db.upgrade(tracker.engine, "head")  # already there: nothing to do
    db.downgrade(tracker.engine, "base")
    load_everything(tracker)  # init upgrades to head again
    tracker.rebuild()

    again = full_dump(tracker)
    assert again["events"] == fresh["events"]
    assert again["articles"] == fresh["articles"]
    for projection in ("drafts", "positions", "lineage"):
        assert again[projection] == fresh[projection], projection
    assert again == fresh
    db.check(tracker.engine)


# Columns a downgrade discards that the upgrade back cannot restore from what is
# left; a rebuild recomputes them from the log.
RESTORED_BY_REBUILD = {
    "0002": {("events", "corroborates")},  # which event a duplicate repeats: the fold's verdict
}
# Tables a revision creates and fills from what the revision below kept (or set aside).
BACKFILLED = {"0002": {"articles"}, "0004": {"extraction_drafts"}, "0005": {"verdicts"}, "0007": {"status_history"}}
# Surrogate ids of back-filled projection rows: numbered afresh, they carry no meaning.
RENUMBERED = {"status_history": {"id"}}


def test_each_revision_steps_down_and_up_with_data_without_losing_rows(database_url):
    tracker = Tracker(database_url)
    load_everything(tracker)
    engine = tracker.engine
    original = full_dump(tracker)
    steps = revisions(engine)[1:]
    assert steps, "no revision above the first"

    for upper in reversed(steps):
        lower = down_revision_of(engine, upper)
        assert db.current_revision(engine) == upper
        before = reflected(engine)
        assert before["events"][1], "the step must run with data"

        db.downgrade(engine, lower)
        below = reflected(engine)
        for table in set(before) & set(below):
            (columns, rows), (columns_below, rows_below) = before[table], below[table]
            shared = columns & columns_below
            assert len(rows_below) == len(rows), f"{upper} -> {lower}: rows of {table} lost"
            assert projected(rows_below, shared) == projected(rows, shared), f"{upper} -> {lower}: {table}"

        db.upgrade(engine, upper)
        after = reflected(engine)
        assert set(after) == set(before)
        discarded = RESTORED_BY_REBUILD.get(upper, set())
        for table in set(before) & set(below):
            (columns, rows), (columns_after, rows_after) = before[table], after[table]
            assert columns_after == columns
            kept = {c for c in columns if (table, c) not in discarded}
            assert projected(rows_after, kept) == projected(rows, kept), f"{lower} -> {upper}: {table}"
        for table in set(before) - set(below):  # created by this revision: back, empty unless back-filled
            expected_rows = before[table][1] if table in BACKFILLED.get(upper, ()) else []
            columns = after[table][0] - RENUMBERED.get(table, set())
            assert projected(after[table][1], columns) == projected(expected_rows, columns), table

        db.downgrade(engine, lower)  # on to the next step down

    db.upgrade(engine, "head")
    db.check(engine)
    tracker.rebuild()
    restored = full_dump(tracker)
    # Everything comes back, the articles' hashes and what extraction knew of the drafts
    # included: the downgrades of 0002 and 0004 keep them aside for the upgrades.
    assert restored["extraction_drafts"] and restored["articles"]
    assert restored == original


def test_an_upgrade_after_a_downgrade_to_0001_reads_no_article_again(database_url):
    tracker = Tracker(database_url)
    load_everything(tracker)
    before = full_dump(tracker)
    db.downgrade(tracker.engine, "0001")
    tracker.init()
    assert {report.outcome for report in tracker.ingest([SEEDS])} == {"unchanged"}
    after = full_dump(tracker)
    assert after["articles"] == before["articles"] and after["events"] == before["events"]
    assert after["extraction_drafts"] == before["extraction_drafts"]
    db.downgrade(tracker.engine, "base")  # nothing is kept below the base
    assert not set(inspect(tracker.engine).get_table_names()) - {"alembic_version"}


# --- a database made by an older revision ----------------------------------------


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_a_database_made_by_an_older_revision_upgrades_without_losing_events(database_url, revision):
    engine = db.make_engine(database_url)
    ids = seed_old_database(engine, revision)
    before = stored_events(engine)
    assert [row["id"] for row in before] == sorted(ids.values())
    expected = [{**row, "id": ids[spec[0]], "payload": json.loads(row["payload"])}
                for spec, row in ((spec, old_event_row(spec)) for spec in OLD_EVENTS)]
    assert before == sorted(expected, key=lambda r: r["id"])

    db.upgrade(engine, "head")
    assert db.current_revision(engine) == db.HEAD_REVISION
    db.check(engine)
    # The claims stay as they were; their verdicts move to the verdicts projection.
    assert stored_events(engine, CLAIM_COLUMNS) == [without_verdict(row) for row in before]
    with engine.connect() as conn:
        verdicts = {row.event_id: row for row in conn.execute(text("SELECT * FROM verdicts"))}
    assert {id_: (row.status, row.reason) for id_, row in verdicts.items()} == \
        {row["id"]: (row["status"], row["reason"]) for row in before}
    corroborates = {id_: row.same_as for id_, row in verdicts.items()}
    if revision == "0001":
        assert set(corroborates.values()) == {None}
    else:
        assert corroborates[ids["ru_proposed_again"]] == ids["ru_proposed"]

    # 0003 fills the drafts' new columns from the log.
    with engine.connect() as conn:
        filled = {row.id: (row.first_sort_key, row.last_event_type) for row in conn.execute(
            text("SELECT id, first_sort_key, last_event_type FROM drafts"))}
    assert filled == {RU: ("2015-09-30", "merge_proposed"), FR: ("2015-11-18", "vote")}

    tracker = Tracker(database_url)
    try:
        # The projections of the older tracker are not read as this tracker's...
        with pytest.raises(TrackerError, match="folded by other rules"):
            tracker.status()

        result = tracker.rebuild()
        assert result["drafts"] == 2 and result["events"] == len(OLD_EVENTS)
        assert stored_events(engine, CLAIM_COLUMNS) == [without_verdict(row) for row in before]

        # ... and after it, from the log.
        with engine.connect() as conn:
            rebuilt = {row.id: (row.first_sort_key, row.last_event_type) for row in conn.execute(
                text("SELECT id, first_sort_key, last_event_type FROM drafts"))}
        assert rebuilt == filled  # the backfill agrees with the projection
        status = {row.id: row for row in tracker.status()}
        assert set(status) == {RU, FR}
        assert status[FR].state == "adopted" and status[FR].resolution == "2249 (2015)"
        assert status[RU].pending_merges == (PendingMerge(FR, "hedged"),)
        assert {row.id: row.state for row in tracker.status(as_of="2015-10-01")} == {RU: "rejected"}
        stances = {(row.draft, row.member): row.stance for row in tracker.positions()}
        assert stances[(RU, "RUS")] == "supports" and stances[(RU, "USA")] == "opposes"
        assert {row.draft for row in tracker.positions()} == {RU, FR}
        assert {row.member for row in tracker.positions(draft=FR) if row.stance == "supports"} >= {"FRA"}
        history = tracker.history(RU)
        assert {row.id for row in history} == {ids[k] for k, _, draft, *_ in OLD_EVENTS if draft == RU}

        # New events go on after the old ones (PostgreSQL's id sequence included).
        [report] = tracker.replay([SCENARIO])
        assert report.added == 9
        assert [row for row in stored_events(engine, ("id", "fingerprint")) if row["id"] in ids.values()] == \
            [{"id": row["id"], "fingerprint": row["fingerprint"]} for row in before]
        assert min(row["id"] for row in stored_events(engine, ("id",)) if row["id"] not in ids.values()) > \
            max(ids.values())
    finally:
        tracker.engine.dispose()
        engine.dispose()


def test_articles_ingested_before_0002_can_be_ingested_again(database_url):
    """0002 starts the articles table empty while the log may hold article events: they are replaced."""
    tracker = Tracker(database_url)
    load_everything(tracker)
    events = full_dump(tracker)["events"]
    db.downgrade(tracker.engine, "0001")
    with tracker.engine.begin() as conn:  # a log with article events and no article hashes
        conn.execute(text("DROP TABLE kept_articles"))
    tracker.init()
    tracker.rebuild()
    reports = tracker.ingest([SEEDS])
    # Articles with events in the log replace them; one that gave none is simply added.
    assert {report.outcome for report in reports if report.events} == {"replaced"}
    again = full_dump(tracker)  # the old events stay, retracted by the articles' second version
    assert len(again["events"]) - len(again["retractions"]) == len(events)
    article_events = [row for row in events if "article" in row]
    assert len(again["retractions"]) == len(article_events) and {row[-1] for row in again["retractions"]} == {2}

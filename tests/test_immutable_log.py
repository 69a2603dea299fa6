"""The log keeps what it was told: a changed article retracts its old claims, nothing is rewritten."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import event as sa_event
from sqlalchemy import text

from tests.support.old_database import ARTICLE, OLD_EVENTS, seed_old_database, stored_events
from tests.support.paths import SCENARIO, SEEDS
from tracker.cli import cli
from tracker.services import Tracker
from tracker.store import db

CHANGED = "000_c2a597a5a44571bd.txt"
RUSSIAN = "RUS-ISIL-2015"
WITHDRAWN = "Russia withdrew its revised draft resolution on Wednesday.\n"
REWRITES_THE_LOG = re.compile(r"^\s*(UPDATE|DELETE\s+FROM)\s+\"?events\"?\b", re.IGNORECASE)


def ingest_then_change(tracker: Tracker, tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    tracker.ingest([folder])
    (folder / CHANGED).write_text(WITHDRAWN, encoding="utf-8")
    return folder


def statements_of(engine) -> list[str]:
    """Every SQL statement the engine runs from now on."""
    seen: list[str] = []
    sa_event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: seen.append(statement))
    return seen


def _dicts(rows) -> list[dict]:
    return [row.as_dict() for row in rows]


def test_a_changed_article_keeps_its_old_claims_as_retracted(tracker, tmp_path):
    folder = ingest_then_change(tracker, tmp_path)
    before = {row["id"]: row for row in _dicts(tracker.history(RUSSIAN))}
    old = {id_ for id_, row in before.items() if row["source"]["ref"].endswith(CHANGED)}
    assert old
    [report] = [r for r in tracker.ingest([folder]) if r.path.endswith(CHANGED)]
    assert report.outcome == "replaced"

    current = _dicts(tracker.history(RUSSIAN))
    assert not old & {row["id"] for row in current}  # as today: only the claims in force
    assert all(row["retracted"] is None and row["status"] != "retracted" for row in current)
    everything = {row["id"]: row for row in _dicts(tracker.history(RUSSIAN, retracted=True))}
    assert old <= set(everything) and set(everything) == old | {row["id"] for row in current}
    for id_ in old:
        row = everything[id_]
        assert row["status"] == "retracted" and row["retracted"]["by_version"] == 2
        assert dt.datetime.fromisoformat(row["retracted"]["at"]).utcoffset() == dt.timedelta(0)
        assert {k: v for k, v in row.items() if k not in ("status", "reason", "retracted", "same_as",
                                                          "sources_reporting")} == \
            {k: v for k, v in before[id_].items() if k not in ("status", "reason", "retracted", "same_as",
                                                                  "sources_reporting")}
    # Reports ignore the retracted claims: the draft follows the new text alone.
    assert {row["id"]: row["state"] for row in _dicts(tracker.status())}[RUSSIAN] == "withdrawn"
    assert [a["path"] for a in _dicts(tracker.articles()) if a["path"].endswith(CHANGED)]
    with tracker.engine.connect() as conn:
        view = dict(conn.execute(text("SELECT status, retracted_at FROM event_log WHERE id = :id"),
                                 {"id": min(old)}).one()._mapping)
        version = conn.execute(text("SELECT version FROM articles WHERE ref LIKE :ref"),
                               {"ref": f"%{CHANGED}"}).scalar_one()
    assert view["status"] == "retracted" and view["retracted_at"] == everything[min(old)]["retracted"]["at"]
    assert version == 2


def test_ingesting_a_changed_article_only_inserts_events_and_retractions(tracker, tmp_path):
    folder = ingest_then_change(tracker, tmp_path)
    seen = statements_of(tracker.engine)
    tracker.ingest([folder])
    tracker.replay([SCENARIO])
    tracker.replay([SCENARIO])  # every row already stored
    tracker.rebuild()
    assert not [s for s in seen if REWRITES_THE_LOG.match(s)]
    assert any(re.match(r"\s*INSERT INTO retractions\b", s) for s in seen)
    assert any(re.match(r"\s*INSERT INTO events\b", s) or s.startswith("COPY") for s in seen)


def test_no_code_outside_the_migrations_updates_or_deletes_events():
    root = Path(__file__).resolve().parent.parent / "tracker"
    writers = re.compile(r"(update|delete)\(\s*(EventRow|E)\b|(UPDATE|DELETE FROM)\s+events\b")
    found = [f"{path.relative_to(root)}: {line.strip()}" for path in root.rglob("*.py")
             for line in path.read_text(encoding="utf-8").splitlines() if writers.search(line)]
    assert found == []


def test_rebuild_recomputes_verdicts_equal_to_the_incremental_fold(tracker, tmp_path, dump):
    folder = ingest_then_change(tracker, tmp_path)
    tracker.ingest([folder])
    tracker.replay([SCENARIO])
    incremental = dump(tracker)
    assert incremental["verdicts"] and incremental["retractions"]
    assert tracker.rebuild()["verdicts_changed"] == 0
    assert dump(tracker) == incremental
    with tracker.engine.begin() as conn:
        conn.execute(text("DELETE FROM verdicts"))  # a projection: the log alone gives it back
    assert tracker.rebuild()["verdicts_changed"] == len(incremental["verdicts"])
    assert dump(tracker) == incremental
    retracted = {row[0] for row in incremental["retractions"]}
    assert not retracted & {row[0] for row in incremental["verdicts"]}


def test_history_all_shows_retracted_claims_with_when(tracker, tmp_path, database_url):
    folder = ingest_then_change(tracker, tmp_path)
    tracker.ingest([folder])
    runner = CliRunner()
    plain = runner.invoke(cli, ["--db", database_url, "history", RUSSIAN], catch_exceptions=False)
    full = runner.invoke(cli, ["--db", database_url, "history", RUSSIAN, "--all"], catch_exceptions=False)
    assert plain.exit_code == 0 and full.exit_code == 0
    assert "retracted" not in plain.output
    assert "retracted" in full.output and re.search(r"retracted=\d{4}-\d\d-\d\dT", full.output)
    assert len(full.output.splitlines()) > len(plain.output.splitlines())


def test_an_article_changed_in_a_database_from_0004_keeps_everything(database_url, tmp_path):
    """A 0004 database with an article's events: upgraded, nothing lost; the changed article retracts them."""
    engine = db.make_engine(database_url)
    ids = seed_old_database(engine, "0002")
    db.upgrade(engine, "0004")
    before = stored_events(engine)
    db.upgrade(engine, "head")
    tracker = Tracker(database_url)
    try:
        with engine.connect() as conn:
            versions = {row.source_kind: row.versions for row in conn.execute(text(
                "SELECT source_kind, COUNT(DISTINCT source_version) AS versions, MIN(source_version) AS v "
                "FROM events GROUP BY source_kind"))}
            verdicts = dict(conn.execute(text("SELECT event_id, status FROM verdicts")).all())
        assert versions == {"script": 1, "article": 1}
        assert verdicts == {row["id"]: row["status"] for row in before}

        (tmp_path / ARTICLE).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / ARTICLE).write_text("published: 2015-11-18\n\n" + WITHDRAWN, encoding="utf-8")
        [report] = tracker.ingest([tmp_path / ARTICLE])
        assert report.outcome == "replaced"
        article_ids = {ids[spec[0]] for spec in OLD_EVENTS if spec[7][0] == "article"}
        everything = {row["id"]: row for row in _dicts(tracker.events(retracted=True))}
        assert set(ids.values()) <= set(everything)  # the old claims are all still there
        assert {id_ for id_, row in everything.items() if row["status"] == "retracted"} == article_ids
        assert not article_ids & {row["id"] for row in _dicts(tracker.events())}

        db.downgrade(engine, "0004")  # the old schema cannot show retracted claims: they go
        left = {row["id"]: row for row in stored_events(engine)}
        assert set(left) == set(everything) - article_ids
        assert {id_: row["status"] for id_, row in left.items() if id_ in ids.values()} == \
            {row["id"]: row["status"] for row in before if row["id"] not in article_ids}
        db.upgrade(engine, "head")
        db.check(engine)
    finally:
        tracker.engine.dispose()
        engine.dispose()

"""Replay at scale keeps its meaning: batches, live folds and refolds from the log all give
what a rebuild gives, and the same tables whatever the batch size."""

from __future__ import annotations

import json

import pytest

from benchmarks import generate
from tracker.errors import InputError
from tracker.services import Tracker
from tracker.usecases import replay


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """60 drafts x 15 events, interleaved in date order, with forbidden moves."""
    path = tmp_path_factory.mktemp("synthetic") / "log.jsonl"
    generate.write_script(path, drafts=60, events_per_draft=15, seed=5, forbidden_every=7)
    return path


def _fresh(database_url) -> Tracker:
    tracker = Tracker(database_url)
    tracker.init()
    return tracker


def _replayed(tracker, path, dump, **options) -> dict:
    tracker.replay([path], **options)
    tables = dump(tracker)
    tracker.rebuild()
    assert dump(tracker) == tables, "the replayed projections differ from a rebuild"
    return tables


@pytest.mark.parametrize("batch_size", [1, 7, 100_000])
def test_every_table_is_the_same_whatever_the_batch_size(tmp_path, synthetic, dump, batch_size):
    reference = _replayed(_fresh(f"sqlite:///{tmp_path / 'reference.db'}"), synthetic, dump, batch_size=500)
    other = _replayed(_fresh(f"sqlite:///{tmp_path / 'other.db'}"), synthetic, dump, batch_size=batch_size)
    assert other == reference


def test_drafts_set_aside_to_bound_memory_fold_the_same(tmp_path, synthetic, dump, monkeypatch):
    reference = _replayed(_fresh(f"sqlite:///{tmp_path / 'reference.db'}"), synthetic, dump)
    # Hold at most 20 events of live drafts: drafts are written early and refolded if they come back.
    monkeypatch.setattr(replay, "LIVE_EVENTS", 20)
    assert _replayed(_fresh(f"sqlite:///{tmp_path / 'small.db'}"), synthetic, dump) == reference


def test_the_same_result_on_postgresql(postgres_schema_url, tmp_path, synthetic):
    on_sqlite = _fresh(f"sqlite:///{tmp_path / 'reference.db'}")
    on_postgres = _fresh(postgres_schema_url)
    for tracker in (on_sqlite, on_postgres):
        tracker.replay([synthetic], batch_size=600)  # one batch by COPY, the rest by executemany
    assert on_postgres.status() == on_sqlite.status()
    assert on_postgres.positions() == on_sqlite.positions()
    assert on_postgres.events() == on_sqlite.events()
    on_postgres.engine.dispose()


def test_an_earlier_dated_event_further_down_is_folded_in_date_order(database_url, tmp_path, dump):
    lines = [
        {"event": "proposed", "draft": "D1", "date": "2016-01-05", "sponsors": ["FRA"]},
        {"event": "adopted", "draft": "D1", "date": "2016-01-20"},
        # Reported late: a rejection that came before the adoption.
        {"event": "rejected", "draft": "D1", "date": "2016-01-10", "members": ["RUS"]},
    ]
    path = tmp_path / "late.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    tracker = _fresh(database_url)
    [report] = tracker.replay([path])
    assert report.verdicts["applied"] == 3
    _replayed(tracker, path, dump)
    assert [row.type for row in tracker.history("D1")] == ["proposed", "rejected", "adopted"]
    assert tracker.status()[0].state == "adopted"


def test_a_second_script_on_known_drafts_refolds_them(database_url, synthetic, tmp_path, dump):
    tracker = _fresh(database_url)
    tracker.replay([synthetic])
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"event": "position", "draft": "SYN-000002", "date": "1991-06-01",
                                 "members": ["USA"], "stance": "opposes"}) + "\n")
    [report] = tracker.replay([later])
    assert report.added == 1
    _replayed(tracker, later, dump)


def test_replaying_again_adds_nothing_and_an_extended_script_adds_its_tail(database_url, synthetic, tmp_path, dump):
    script = tmp_path / "growing.jsonl"
    script.write_text(synthetic.read_text())
    tracker = _fresh(database_url)
    [first] = tracker.replay([script])
    [again] = tracker.replay([script])
    assert (again.added, again.already_stored) == (0, first.read)
    with script.open("a") as more:
        more.write(json.dumps({"event": "position", "draft": "SYN-000003", "date": "2024-12-30",
                               "members": ["CHN"], "stance": "abstains"}) + "\n")
    [tail] = tracker.replay([script])
    assert (tail.added, tail.already_stored) == (1, first.read)
    _replayed(tracker, script, dump)


def test_the_same_event_twice_in_one_script_is_refused_with_both_lines(database_url, tmp_path, dump):
    event = {"event": "proposed", "draft": "D1", "date": "2016-01-05", "sponsors": ["FRA"]}
    other = {"event": "position", "draft": "D1", "date": "2016-01-06", "members": ["USA"], "stance": "supports"}
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in (event, other, event)))
    tracker = _fresh(database_url)
    before = dump(tracker)
    with pytest.raises(InputError) as refused:
        tracker.replay([path], batch_size=2)
    assert str(refused.value) == f"{path}:3: the same event as line 1"
    assert dump(tracker) == before

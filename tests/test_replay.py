"""Replay end to end on both backends: the seed scenario, idempotence, determinism, rebuild, strictness."""

from __future__ import annotations

import json

import pytest

from tests.support.paths import SCENARIO
from tracker.errors import InputError, TrackerError
from tracker.services import Tracker
from tracker.usecases.rows import PendingMerge

COUNCIL_2015 = {"CHN", "FRA", "GBR", "RUS", "USA", "AGO", "MYS", "NZL", "ESP", "VEN", "TCD", "CHL", "JOR", "LTU", "NGA"}


def by_id(rows):
    return {row.id: row for row in rows}


def stances(rows, draft):
    return {row.member: row.stance for row in rows if row.draft == draft}


def test_scenario_ends_where_the_sources_leave_it(tracker):
    [report] = tracker.replay([SCENARIO])
    assert report.added == 9 and report.conflicts == []

    status = by_id(tracker.status())
    assert status["FR-ISIL-2015"].state == "adopted"
    assert status["FR-ISIL-2015"].resolution == "2249 (2015)"
    assert status["RU-ISIL-2015"].state == "revised"
    assert status["RU-ISIL-2015"].pending_merges == (PendingMerge("FR-ISIL-2015", "hedged"),)

    positions = tracker.positions()
    assert set(stances(positions, "FR-ISIL-2015").values()) == {"supports"}
    assert set(stances(positions, "FR-ISIL-2015")) == COUNCIL_2015
    russian = stances(positions, "RU-ISIL-2015")
    assert set(russian) == COUNCIL_2015
    assert russian["RUS"] == "supports" and russian["USA"] == russian["GBR"] == "opposes"
    assert russian["FRA"] == "conditional"  # its later stance replaces the rejection
    assert russian["CHN"] == russian["AGO"] == "unknown"


def test_as_of_shows_the_past(tracker):
    tracker.replay([SCENARIO])
    before_vote = by_id(tracker.status(as_of="2015-11-19"))
    assert before_vote["FR-ISIL-2015"].state == "proposed"
    assert before_vote["FR-ISIL-2015"].resolution is None
    russian = stances(tracker.positions(draft="RU-ISIL-2015", as_of="2015-11-19"), "RU-ISIL-2015")
    assert russian["USA"] == "opposes" and russian["GBR"] == "opposes"

    october = by_id(tracker.status(as_of="2015-10-15"))
    assert set(october) == {"RU-ISIL-2015"}  # the French draft did not exist yet
    assert october["RU-ISIL-2015"].state == "rejected"  # the undated rejection keeps its place
    with pytest.raises(TrackerError, match="no draft 'FR-ISIL-2015' as of"):
        tracker.positions(draft="FR-ISIL-2015", as_of="2015-10-15")


def test_positions_carry_date_and_source(tracker):
    tracker.replay([SCENARIO])
    [row] = tracker.positions(draft="RU-ISIL-2015", member="Russia")
    assert row.stance == "supports" and row.since == "2015-11-18"
    assert row.source.ref.endswith("seeds/scenario-2015.yaml")
    assert row.source.cited == "seeds/000_c2a597a5a44571bd.txt"
    assert "still contains that provision" in row.source.quote
    lines = SCENARIO.read_text().splitlines()
    assert lines[row.source.line - 1].startswith("- event: position")


def test_replaying_again_adds_nothing(tracker, dump):
    tracker.replay([SCENARIO])
    first = dump(tracker)
    [again] = tracker.replay([SCENARIO])
    assert again.added == 0 and again.already_stored == 9
    assert dump(tracker) == first


def test_replay_is_deterministic(database_url, tmp_path, dump):
    other = Tracker(f"sqlite:///{tmp_path / 'other.db'}")
    mine = Tracker(database_url)
    for tracker in (mine, other):
        tracker.init()
        tracker.replay([SCENARIO])
    if mine.engine.dialect.name == "sqlite":
        assert dump(mine) == dump(other)
    else:  # same rows on both backends, whatever their types
        assert _normalised(dump(mine)) == _normalised(dump(other))


def _normalised(tables):
    return {name: sorted(json.dumps(row, default=str) for row in rows) for name, rows in tables.items()}


def test_rebuild_equals_incremental(tracker, dump, write_script):
    tracker.replay([SCENARIO])
    # An article-like late report of an earlier event: the draft is refolded.
    tracker.replay([write_script(LATE_REPORT, "late.yaml")])
    incremental = dump(tracker)
    result = tracker.rebuild()
    assert result == {"drafts": 3, "events": 12, "verdicts_changed": 0}
    assert dump(tracker) == incremental


LATE_REPORT = """
- event: proposed
  draft: UK-TEST
  sponsors: [GBR]
  date: 2015-10-01
- event: position
  draft: UK-TEST
  member: China
  stance: opposes
  date: 2015-10-05
- event: vote
  draft: UK-TEST
  date: 2015-10-10
  votes: {for: 13, against: [CHN], abstain: [VEN]}
"""


def test_vote_with_a_permanent_member_against_is_a_veto(tracker, write_script):
    tracker.replay([write_script(LATE_REPORT)])
    status = by_id(tracker.status())
    assert status["UK-TEST"].state == "vetoed"
    rows = stances(tracker.positions(draft="UK-TEST"), "UK-TEST")
    assert rows["CHN"] == "opposes" and rows["VEN"] == "abstains" and rows["GBR"] == "supports"


def test_an_earlier_event_arriving_later_is_placed_by_date(tracker, write_script):
    tracker.replay([write_script("""
- {event: proposed, draft: D1, sponsors: [FRA], date: 2016-03-01}
- {event: vote, draft: D1, date: 2016-03-10, votes: {for: 15, against: 0, abstain: 0}}
""", "later.yaml")])
    # Reported afterwards, dated before the vote: it must apply before it.
    [report] = tracker.replay([write_script("""
- {event: revised, draft: D1, members: [FRA], date: 2016-03-05}
""", "earlier.yaml")])
    assert report.conflicts == []
    history = tracker.history("D1")
    assert [(row.type, row.status) for row in history] == [
        ("proposed", "applied"), ("revised", "applied"), ("vote", "applied")]
    assert by_id(tracker.status())["D1"].state == "adopted"


FORBIDDEN = """
- {event: proposed, draft: D2, sponsors: [USA], date: 2017-01-10}
- {event: withdrawn, draft: D2, members: [USA], date: 2017-01-15}
- {event: vote, draft: D2, date: 2017-01-20, votes: {for: 15, against: 0, abstain: 0}}
"""


def test_a_forbidden_move_is_kept_as_a_conflict(tracker, write_script):
    [report] = tracker.replay([write_script(FORBIDDEN)])
    assert report.conflicts == [{"line": 4, "event": "vote", "draft": "D2",
                                 "reason": "vote not allowed when the draft is withdrawn"}]
    assert by_id(tracker.status())["D2"].state == "withdrawn"
    [conflict] = tracker.events(status="conflict")
    assert conflict.reason == "vote not allowed when the draft is withdrawn"


def test_strict_mode_refuses_the_whole_script(tracker, write_script, dump):
    tracker.replay([SCENARIO])
    before = dump(tracker)
    path = write_script(FORBIDDEN)
    with pytest.raises(InputError) as refused:
        tracker.replay([path], strict=True)
    assert str(refused.value).startswith(f"{path}:4: vote on D2: vote not allowed when the draft is withdrawn")
    assert dump(tracker) == before


def test_dry_run_writes_nothing(tracker, dump):
    before = dump(tracker)
    [report] = tracker.replay([SCENARIO], dry_run=True)
    assert report.added == 9 and report.dry_run
    assert dump(tracker) == before


def test_the_same_claim_from_two_sources_is_a_duplicate(tracker, write_script):
    claim = "- {event: proposed, draft: D3, sponsors: [CHN], date: 2018-05-01}\n"
    tracker.replay([write_script(claim, "one.yaml"), write_script(claim, "two.yaml")])
    rows = tracker.history("D3")
    assert [row.status for row in rows] == ["applied", "duplicate"]
    assert all(row.sources_reporting == 2 for row in rows)


def test_hedged_moves_are_noted_not_applied(tracker, write_script):
    tracker.replay([write_script("""
- {event: proposed, draft: D4, sponsors: [FRA], date: 2019-02-01}
- {event: vote, draft: D4, date: 2019-02-03, factuality: hedged, votes: {for: 15, against: 0, abstain: 0}}
""")])
    assert by_id(tracker.status())["D4"].state == "proposed"
    assert [row.status for row in tracker.history("D4")] == ["applied", "noted"]


def test_jsonl_and_yaml_scripts_agree(tracker, write_script):
    lines = [
        {"event": "proposed", "draft": "J1", "sponsors": ["Russia"], "date": "2020-01-02"},
        {"event": "rejected", "draft": "J1", "members": ["USA", "United Kingdom"]},
        {"event": "revised", "draft": "J1", "members": ["RUS"], "date": "2020-01"},
    ]
    tracker.replay([write_script("\n".join(json.dumps(x) for x in lines) + "\n", "events.jsonl")])
    assert by_id(tracker.status())["J1"].state == "revised"
    history = tracker.history("J1")
    assert [row.source.line for row in history] == [1, 2, 3]


def test_sql_views_answer_direct_queries(tracker):
    from sqlalchemy import text

    tracker.replay([SCENARIO])
    with tracker.engine.connect() as conn:
        status = dict(conn.execute(text("SELECT id, state FROM draft_status")).all())
        pending = conn.execute(text("SELECT pending_merges FROM draft_status WHERE id = 'RU-ISIL-2015'")).scalar()
        usa = conn.execute(text(
            "SELECT stance, source_line FROM current_positions WHERE draft = 'RU-ISIL-2015' AND member = 'USA'"
        )).one()
        conflicts = conn.execute(text("SELECT COUNT(*) FROM event_log WHERE status = 'conflict'")).scalar()
        quotes = conn.execute(text("SELECT COUNT(*) FROM event_log WHERE quote IS NOT NULL")).scalar()
    assert status == {"FR-ISIL-2015": "adopted", "RU-ISIL-2015": "revised"}
    assert pending == 1
    assert usa.stance == "opposes" and usa.source_line == 20
    assert conflicts == 0 and quotes == 7


def test_a_draft_one_script_introduces_is_known_to_scripts_before_it(tracker, tmp_path):
    positions = tmp_path / "pos.jsonl"
    positions.write_text('{"event": "position", "draft": "D-1", "member": "FRA", "stance": "supports", '
                         '"date": "2020-01-03"}\n', encoding="utf-8")
    log = tmp_path / "log.jsonl"
    log.write_text('{"event": "proposed", "draft": "D-1", "sponsors": ["FRA"], "date": "2020-01-02"}\n',
                   encoding="utf-8")
    reports = tracker.replay([positions, log])
    assert [report.added for report in reports] == [1, 1]
    [row] = [row for row in tracker.positions(draft="D-1") if row.member == "FRA"]
    assert row.stance == "supports" and row.since == "2020-01-03"

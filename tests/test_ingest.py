"""Ingesting articles: the seeds end where the gold key says, re-ingesting is safe, sources agree or conflict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from tests.support.paths import SEEDS
from tracker.cli import cli
from tracker.usecases.rows import PendingMerge


def by_id(rows):
    return {row.id: row for row in rows}


def stances(tracker, draft):
    return {row.member: row.stance for row in tracker.positions(draft=draft) if row.stance != "unknown"}


def copy_seeds(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def test_the_seeds_end_where_the_gold_key_says(tracker, tmp_path):
    reports = tracker.ingest([copy_seeds(tmp_path)])
    assert [r.outcome for r in reports] == ["added"] * 5
    assert not any(r.conflicts for r in reports)
    status = by_id(tracker.status())
    assert set(status) == {"RUS-ISIL-2015", "FRA-ISIL-2015"}
    russian, french = status["RUS-ISIL-2015"], status["FRA-ISIL-2015"]
    assert russian.state == "revised" and russian.sponsors == ("RUS",)
    assert russian.pending_merges == (PendingMerge("FRA-ISIL-2015", "hedged"),)
    assert french.state == "drafting"
    assert [e.type for e in tracker.history("RUS-ISIL-2015") if e.type != "position"] == \
        ["proposed", "rejected", "proposed", "revised", "merge_proposed"]
    assert stances(tracker, "RUS-ISIL-2015") == {"RUS": "supports", "USA": "opposes", "GBR": "opposes",
                                                "FRA": "conditional"}
    assert stances(tracker, "FRA-ISIL-2015") == {"FRA": "supports"}
    # All fifteen members of the 2015 Council are listed, most with no known position.
    assert len([row for row in tracker.positions(draft="FRA-ISIL-2015") if row.on_council]) == 15


def test_one_event_two_articles_is_stored_once_with_both_sources(tracker, tmp_path):
    tracker.ingest([copy_seeds(tmp_path)])
    proposals = [e for e in tracker.history("RUS-ISIL-2015") if e.type == "proposed"]
    assert [p.status for p in proposals] == ["applied", "duplicate"]
    assert all(p.sources_reporting == 2 for p in proposals)
    assert proposals[1].same_as == proposals[0].id
    assert {p.source.ref.rsplit("/", 1)[-1] for p in proposals} == {"000_c2a597a5a44571bd.txt",
                                                                          "001_1ac2e7d1c0a2b8cb.txt"}
    for event in tracker.events():
        assert event.source.kind == "article" and event.source.quote


def test_every_stored_quote_is_the_text_at_its_offsets(tracker, tmp_path):
    folder = copy_seeds(tmp_path)
    tracker.ingest([folder])
    for event in tracker.events():
        source = event.source
        text = (tmp_path / source.ref).read_text(encoding="utf-8") if not source.ref.startswith("/") \
            else open(source.ref, encoding="utf-8").read()
        assert " ".join(text[source.start:source.end].split()) == source.quote


def test_reingesting_an_unchanged_article_adds_nothing(tracker, tmp_path, dump):
    folder = copy_seeds(tmp_path)
    tracker.ingest([folder])
    before = dump(tracker)
    reports = tracker.ingest([folder])
    assert [r.outcome for r in reports] == ["unchanged"] * 5
    assert dump(tracker) == before


def test_a_changed_article_replaces_its_own_events(tracker, tmp_path):
    folder = copy_seeds(tmp_path)
    tracker.ingest([folder])
    article = folder / "000_c2a597a5a44571bd.txt"
    article.write_text("Russia withdrew its revised draft resolution on Wednesday.\n", encoding="utf-8")
    reports = {r.path.rsplit("/", 1)[-1]: r for r in tracker.ingest([folder])}
    assert reports["000_c2a597a5a44571bd.txt"].outcome == "replaced"
    assert reports["001_1ac2e7d1c0a2b8cb.txt"].outcome == "unchanged"
    status = by_id(tracker.status())
    assert status["RUS-ISIL-2015"].state == "withdrawn"
    assert "FRA-ISIL-2015" not in status  # only the old text mentioned the French draft
    refs = {e.source.ref for e in tracker.events()}
    assert [e.type for e in tracker.events() if e.source.ref.endswith("000_c2a597a5a44571bd.txt")
            and e.type != "position"] == ["withdrawn"]
    assert len(refs) == 2


def test_contradicting_tallies_are_flagged_not_merged(tracker, tmp_path):
    (tmp_path / "a.txt").write_text("published: 2016-10-08\n\nRussia vetoed a French draft resolution on "
                                    "Saturday. The vote was 11-2-2.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("published: 2016-10-09\n\nThe French draft resolution vetoed by Russia on "
                                    "Saturday had received 10 votes in favour, 2 against and 3 abstentions.\n",
                                    encoding="utf-8")
    tracker.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    [conflict] = tracker.events(status="conflict")
    assert conflict.type == "vote" and "reports disagree" in conflict.reason and "a.txt" in conflict.reason


def test_an_article_with_a_bad_header_date_is_refused_and_the_others_go_in(tracker, tmp_path):
    (tmp_path / "good.txt").write_text("published: 2016-10-08\n\nRussia vetoed a French draft.\n")
    (tmp_path / "bad.txt").write_text("published: not a date\n\nChina abstained.\n")
    reports = {Path(r.path).name: r for r in tracker.ingest([tmp_path])}
    assert reports["good.txt"].outcome == "added" and reports["good.txt"].events >= 1
    assert reports["bad.txt"].outcome == "refused" and reports["bad.txt"].events == 0
    assert reports["bad.txt"].error.startswith(f"{tmp_path / 'bad.txt'}:1: refused: header date")
    assert [a.path for a in tracker.articles()] == [reports["good.txt"].path]


def test_ingest_command_reports_and_is_idempotent(tmp_path):
    folder = copy_seeds(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    assert first.exit_code == 0 and "5 articles: 5 added, 0 replaced, 0 unchanged" in first.output
    again = runner.invoke(cli, ["ingest", str(folder), "--json"], catch_exceptions=False)
    assert [r["outcome"] for r in json.loads(again.output)] == ["unchanged"] * 5
    status = runner.invoke(cli, ["status"], catch_exceptions=False).output
    assert "RUS-ISIL-2015" in status and "revised" in status and "drafting" in status


def test_ingest_command_shows_progress_for_many_articles(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02d}.txt").write_text(f"published: 2016-10-{n + 1:02d}\n\nChina abstained.\n")
    result = CliRunner().invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0 and "Ingesting" in result.stderr


def test_bad_header_date_exits_2_naming_file_and_line(tmp_path):
    (tmp_path / "bad.txt").write_text("published: soon\n\nChina abstained.\n")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "bad.txt")], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'bad.txt'}:1: refused: header date 'soon' is not a date"


def test_extract_json_has_the_documented_fields():
    result = CliRunner().invoke(cli, ["extract", str(SEEDS), "--json"], catch_exceptions=False)
    events = json.loads(result.output)
    assert events
    for event in events:
        assert {"type", "draft", "date", "members", "factuality", "confidence", "evidence"} <= set(event)
        assert set(event["draft"]) == {"id", "sponsors", "symbol", "label"}
        assert set(event["evidence"]) == {"article", "quote", "start", "end"}
        assert 0 <= event["confidence"] <= 1
    [merge] = [e for e in events if e["type"] == "merge_proposed"]
    assert merge["into"] == "FRA-ISIL-2015" and merge["factuality"] == "hedged"
    table = CliRunner().invoke(cli, ["extract", str(SEEDS / "000_c2a597a5a44571bd.txt")],
                               catch_exceptions=False).output
    assert "revised" in table and "RUS-ISIL-2015" in table


def test_extract_warns_about_an_undated_article(tmp_path):
    (tmp_path / "n.txt").write_text("Russia vetoed the French draft resolution on Wednesday.\n")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "n.txt"), "--json"],
                                                catch_exceptions=False)
    assert "no publication date" in result.stderr
    [veto] = [e for e in json.loads(result.stdout) if e["type"] == "vetoed"]
    assert veto["date"] is None

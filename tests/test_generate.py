"""The synthetic input generator (benchmarks/generate.py): determinism, valid lives, readable articles."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter, defaultdict

import pytest

from benchmarks import generate
from tracker.domain import council, lifecycle, votes
from tracker.extract import extract_paths
from tracker.scripts import read_script
from tracker.services import Tracker



FINAL = set(lifecycle.FINAL)
ENDING_TYPES = {"vote", "adopted", "vetoed", "failed", "withdrawn", "merged"}


@pytest.fixture(scope="module")
def script(tmp_path_factory):
    """A 50 x 20 script (one forbidden move: the 50th draft), its summary and its events as read."""
    path = tmp_path_factory.mktemp("script") / "synthetic.jsonl"
    summary = generate.write_script(path, drafts=50, events_per_draft=20, seed=7)
    return path, summary, read_script(path)


def test_same_seed_gives_the_same_bytes_and_another_seed_others(tmp_path):
    first = generate.write_script(tmp_path / "a.jsonl", 20, 8, seed=3)
    generate.write_script(tmp_path / "b.jsonl", 20, 8, seed=3)
    generate.write_script(tmp_path / "c.jsonl", 20, 8, seed=4)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "c.jsonl").read_bytes()
    assert first["bytes"] == (tmp_path / "a.jsonl").stat().st_size

    generate.write_articles(tmp_path / "x", 12, 4, seed=3)
    generate.write_articles(tmp_path / "y", 12, 4, seed=3)
    generate.write_articles(tmp_path / "z", 12, 4, seed=4)
    files = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert files == [f"{n:06d}.txt" for n in range(1, 13)]
    assert all((tmp_path / "x" / f).read_bytes() == (tmp_path / "y" / f).read_bytes() for f in files)
    assert any((tmp_path / "x" / f).read_bytes() != (tmp_path / "z" / f).read_bytes() for f in files)


@pytest.mark.parametrize(("drafts", "per_draft"), [(1, 1), (7, 2), (13, 3), (4, 31)])
def test_the_number_of_events_is_exact(tmp_path, drafts, per_draft):
    path = tmp_path / "s.jsonl"
    summary = generate.write_script(path, drafts, per_draft, seed=2, forbidden_every=3)
    assert summary["events"] == drafts * per_draft == len(path.read_text().splitlines())
    per_id = Counter(item.event.draft for item in read_script(path))
    assert per_id == {f"SYN-{n:06d}": per_draft for n in range(1, drafts + 1)}


def test_every_line_parses_and_the_summary_counts_them(script):
    path, summary, events = script
    assert summary == {"path": str(path), "drafts": 50, "events": 1000, "forbidden": 1,
                       "bytes": path.stat().st_size}
    assert len(events) == 1000
    assert all(json.loads(line)["source"].startswith("https://news.example/") for line in path.open())
    assert all(item.event.source.quote for item in events)


def test_each_draft_lives_in_order_and_the_log_interleaves_drafts(script):
    _, _, events = script
    by_draft = defaultdict(list)
    for item in events:
        by_draft[item.event.draft].append(item.event)
    assert len(by_draft) == 50
    blurred = 0
    for draft, lives in by_draft.items():
        assert lives[0].kind.creates, draft
        assert lives[0].sponsors and 1 <= len(lives[0].sponsors) <= 3
        sitting = {m.code for m in council.members_on(lives[0].date.earliest())}
        assert set(lives[0].sponsors) <= sitting
        days = [e.date for e in lives if e.date is not None and e.date.precision == "day"]
        assert days == sorted(days) and len(set(days)) == len(days), draft
        blurred += sum(1 for e in lives if e.date is None or e.date.precision != "day")
        ended = False
        for event in lives:
            if ended:
                # After the end only positions, or the one forbidden move (a revision).
                assert event.type in ("position", "revised"), (draft, event.type)
            ended = ended or event.type in ENDING_TYPES
    assert 0 < blurred < 60  # about 2% of the events have no date or only a month
    # Not draft after draft (49 switches) but a chronological log, where lives overlap.
    switches = sum(1 for a, b in itertools.pairwise(events) if a.event.draft != b.event.draft)
    assert switches > len(by_draft)
    dated = [e.event.date for e in events if e.event.date and e.event.date.precision == "day"]
    assert dated == sorted(dated)


def test_members_sit_and_tallies_fit_the_council_of_the_day(script):
    _, _, events = script
    created = set()
    tallies = Counter()
    for item in events:
        event = item.event
        if event.kind.creates:
            created.add(event.draft)
        for other in (event.into, event.rival):
            assert other is None or other in created  # named drafts already exist earlier in the log
        if event.date is None:
            continue
        day = event.date.earliest()
        sitting = {m.code for m in council.members_on(day)}
        assert set(event.members) <= sitting, (item.line, event)
        if event.votes is None:
            continue
        tally = event.votes
        assert event.date.precision == "day"
        assert votes.consistency_problem(tally) is None
        assert set(tally.ballots) == sitting
        assert tally.in_favour + tally.against + tally.abstaining <= 15
        outcome = votes.outcome(tally, council.permanent_on(day), day)
        assert outcome is not None
        if event.type != "vote":
            assert outcome == event.type
        tallies[outcome] += 1
    assert tallies["adopted"] and tallies["failed"] + tallies["vetoed"]


def test_replay_applies_everything_but_the_forbidden_moves(tmp_path):
    path = tmp_path / "s.jsonl"
    summary = generate.write_script(path, drafts=24, events_per_draft=8, seed=5, forbidden_every=8)
    assert summary["forbidden"] == 3
    tracker = Tracker(f"sqlite:///{tmp_path / 't.db'}")
    [report] = tracker.replay([path])
    assert report.read == report.added == 192
    assert len(report.conflicts) == 3
    assert {c["draft"] for c in report.conflicts} == {"SYN-000008", "SYN-000016", "SYN-000024"}
    assert report.verdicts["applied"] == 189 and report.verdicts["duplicate"] == report.verdicts["noted"] == 0
    states = Counter(row.state for row in tracker.status())
    assert sum(states.values()) == 24 and set(states) & FINAL
    tracker.engine.dispose()


def test_articles_have_a_header_and_yield_a_few_events_each(tmp_path):
    folder = tmp_path / "articles"
    summary = generate.write_articles(folder, count=40, drafts=10, seed=2)
    assert summary["articles"] == 40 and summary["drafts"] == 10
    paths = sorted(folder.iterdir())
    assert summary["bytes"] == sum(p.stat().st_size for p in paths)
    published = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        title, date, blank, *paragraphs = text.split("\n")
        assert title.startswith("title: ") and blank == ""
        published.append(dt.date.fromisoformat(date.removeprefix("published: ")))
        assert 3 <= len([p for p in paragraphs if p]) <= 8
    assert published == sorted(published)
    assert dt.date(2000, 1, 1) <= published[0] and published[-1] <= dt.date(2024, 12, 31)

    articles, findings = extract_paths([folder])
    per_article = Counter(f.article for f in findings)
    counts = [per_article.get(a.path, 0) for a in articles]
    assert sum(1 <= n <= 4 for n in counts) >= 0.8 * len(counts)
    types = Counter(f.type for f in findings)
    assert types["proposed"] + types["drafting"] and types["position"]
    assert types["adopted"] + types["vetoed"] + types["failed"] + types["withdrawn"]
    assert not any(f.draft.id.startswith("UNATTRIBUTED") for f in findings)


def test_the_command_line_prints_the_summary(tmp_path, capsys):
    generate.main(["script", str(tmp_path / "s.jsonl"), "--drafts", "3", "--events-per-draft", "4", "--seed", "9"])
    out = capsys.readouterr().out
    assert "events:       12" in out and "peak memory:" in out
    generate.main(["articles", str(tmp_path / "a"), "--count", "5", "--drafts", "2"])
    assert "articles:     5" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        generate.main(["script", str(tmp_path / "x.jsonl"), "--drafts", "1", "--events-per-draft", "100000"])

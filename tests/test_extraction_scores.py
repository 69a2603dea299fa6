"""Extraction measured against answer keys: the seeds' gold key and the project's own test articles."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.support.paths import REPO, SEEDS
from tracker import scoring
from tracker.cli import cli
from tracker.domain.event_types import EVENT_TYPES
from tracker.extract import extract_paths

ARTICLES = REPO / "tests" / "articles"


def score(key_path, folder):
    _, findings = extract_paths([folder])
    return scoring.score(scoring.load_key(key_path), [f.as_json() for f in findings])


def test_seeds_meet_the_gold_key_with_no_trap_read_as_an_event():
    report = score(SEEDS / "gold.yaml", SEEDS)
    assert report.events.f1 >= 0.95, report.missed + report.extra
    assert report.positions.f1 >= 0.95, report.missed + report.extra
    assert report.trap_hits == []


# Floors just under what extraction reaches on each set (events F1, positions F1), a vote counting
# only with its exact tally; a change that lowers one is a regression to explain. The held-out sets
# are read only to score.
FLOORS = {
    "set_a": (0.92, 0.92), "set_b": (0.76, 0.87), "set_c": (0.90, 0.92), "set_d": (0.91, 0.84),
    "set_e": (0.90, 0.86), "holdout_c": (0.77, 0.80), "holdout_d": (0.67, 0.79), "holdout_e": (0.78, 0.64),
    "set_f": (0.93, 0.84), "holdout_f": (0.82, 0.84),
}


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_each_article_set_stays_above_its_floor(folder):
    report = score(ARTICLES / folder / "key.yaml", ARTICLES / folder)
    events, positions = FLOORS[folder]
    assert report.events.f1 >= events and report.positions.f1 >= positions, (report.events, report.positions)


def test_a_vote_counts_only_with_the_exact_tally():
    key = {"drafts": {"D": {"sponsors": ["FRA"]}}, "articles": {"a.txt": {"events": [
        {"type": "vote", "draft": "D", "votes": {"for": 13, "against": 2, "abstain": 0}}]}}}
    found = [{"type": "vote", "draft": {"id": "x", "sponsors": ["FRA"]}, "evidence": {"article": "a.txt", "quote": ""},
              "votes": {"for": 13, "against": 1, "abstain": 1, "members": {}}}]
    assert scoring.score(key, found).events.true_positive == 0
    found[0]["votes"].update({"against": 2, "abstain": 0})
    report = scoring.score(key, found)
    assert report.events.true_positive == 1 and report.as_dict()["vote_tallies_exact"] == 1.0


def test_the_keys_are_well_formed():
    for key_path in [SEEDS / "gold.yaml", *ARTICLES.glob("*/key.yaml")]:
        key = scoring.load_key(key_path)
        drafts = set(key.get("drafts") or {})
        for name, entry in key["articles"].items():
            assert (key_path.parent / name).is_file(), name
            text = (key_path.parent / name).read_text(encoding="utf-8")
            for item in (entry.get("events") or []) + (entry.get("positions") or []):
                assert item["draft"] in drafts, (name, item)
            for event in entry.get("events") or []:
                # Keys name steps; stances go under positions.
                assert event["type"] in EVENT_TYPES and event["type"] != "position", (name, event["type"])
                if key_path.parent.name.startswith("set_") and not name.endswith(".html"):
                    assert " ".join(event["evidence"].split()) in " ".join(text.split()), (name, event["evidence"])


def test_the_scorer_counts_matches_misses_and_extras():
    key = {"drafts": {"D": {"sponsors": ["RUS"]}},
           "articles": {"a.txt": {"events": [{"type": "proposed", "draft": "D", "factuality": "asserted",
                                              "date": "2015-09-30", "members": ["RUS"]},
                                             {"type": "rejected", "draft": "D", "members": ["USA"]}],
                                  "positions": [{"member": "USA", "draft": "D", "stance": "opposes"}],
                                  "traps": ["Russia could veto the text: a forecast"]}}}
    found = [
        {"type": "proposed", "draft": {"id": "X", "sponsors": ["RUS"]}, "date": "2015-09-30", "members": ["RUS"],
         "factuality": "asserted", "evidence": {"article": "dir/a.txt", "quote": "Russia circulated a draft."}},
        {"type": "vetoed", "draft": {"id": "X", "sponsors": ["RUS"]}, "members": ["RUS"], "factuality": "asserted",
         "evidence": {"article": "dir/a.txt", "quote": "Russia could veto the text, diplomats said."}},
        {"type": "vote", "draft": {"id": "X", "sponsors": ["RUS"]}, "factuality": "asserted",
         "votes": {"for": 13, "against": 1, "abstain": 1, "members": {"USA": "N"}},
         "evidence": {"article": "dir/a.txt", "quote": "The vote was 13-1-1."}},
    ]
    report = scoring.score(key, found)
    assert report.alignment == {"X": "D"}
    assert (report.events.true_positive, report.events.false_positive, report.events.false_negative) == (1, 2, 1)
    # Both sides by the domain's one stance rule: the USA's "N" ballot is its opposition, and Russia
    # supports the draft it proposed (the key's step and the extracted one alike).
    assert report.positions.true_positive == 2 and report.positions.false_positive == 0
    assert report.dates_right == 1 and report.members_right == 1
    assert len(report.trap_hits) == 1
    assert report.events.precision == pytest.approx(1 / 3) and report.events.recall == pytest.approx(1 / 2)


def test_score_command_prints_precision_recall_and_f1():
    result = CliRunner().invoke(cli, ["score", str(SEEDS / "gold.yaml"), "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["events"]["f1"] == 1.0 and data["trap_hits"] == 0
    text = CliRunner().invoke(cli, ["score", str(SEEDS / "gold.yaml")], catch_exceptions=False).output
    assert "precision" in text and "recall" in text and "F1" in text


def test_score_command_scores_a_saved_extraction(tmp_path):
    runner = CliRunner()
    saved = tmp_path / "events.json"
    saved.write_text(runner.invoke(cli, ["extract", str(SEEDS), "--json"], catch_exceptions=False).output)
    result = runner.invoke(cli, ["score", str(SEEDS / "gold.yaml"), "--extracted", str(saved), "--json"],
                           catch_exceptions=False)
    assert json.loads(result.output)["positions"]["f1"] == 1.0


def test_score_command_names_a_bad_extraction_file_and_line(tmp_path):
    saved = tmp_path / "events.json"
    saved.write_text("[\n  {oops}\n]\n")
    result = CliRunner().invoke(cli, ["score", str(SEEDS / "gold.yaml"), "--extracted", str(saved)])
    assert result.exit_code == 2
    assert f"{saved}:2: not valid JSON" in result.output

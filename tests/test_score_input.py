"""``tracker score`` on a malformed answer key or ``--extracted`` file: one line naming the file, exit 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.support.paths import SEEDS
from tracker.cli import cli

GOLD = SEEDS / "gold.yaml"
GOOD_EVENT = {"type": "vote", "draft": {"id": "d1", "sponsors": ["FRA"]}, "date": "2015-11-20",
              "evidence": {"article": "000_c2a597a5a44571bd.txt", "quote": "q", "start": 0, "end": 1}}

BAD_EXTRACTED = {
    "not a list": {"type": "vote"},
    "an item not a mapping": [1],
    "no draft": [{"type": "vote", "evidence": GOOD_EVENT["evidence"]}],
    "a draft not a mapping": [{**GOOD_EVENT, "draft": ["d1"]}],
    "a draft without an id": [{**GOOD_EVENT, "draft": {"sponsors": []}}],
    "no evidence": [{k: v for k, v in GOOD_EVENT.items() if k != "evidence"}],
    "evidence without a quote": [{**GOOD_EVENT, "evidence": {"article": "a.txt"}}],
    "a count that is text": [{**GOOD_EVENT, "votes": {"for": "many"}}],
    "ballots not a mapping": [{**GOOD_EVENT, "votes": {"for": 15, "members": ["FRA"]}}],
    "a date that is not one": [{**GOOD_EVENT, "date": "2015-13-45"}],
    "members not a list": [{**GOOD_EVENT, "members": "FRA"}],
    "a type that is a number": [{**GOOD_EVENT, "type": 7}],
}


def _one_error(result, name: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {name}"), result.output
    return lines[0]


@pytest.mark.parametrize("case", list(BAD_EXTRACTED))
def test_malformed_extracted_events_are_one_line(tmp_path, case):
    path = tmp_path / "extracted.json"
    path.write_text(json.dumps(BAD_EXTRACTED[case]), encoding="utf-8")
    _one_error(CliRunner().invoke(cli, ["score", str(GOLD), "--extracted", str(path)]), str(path))


def test_extracted_events_not_in_utf8_are_one_line(tmp_path):
    path = tmp_path / "extracted.json"
    path.write_bytes(b'[{"type": "caf\xe9"}]')
    assert "not UTF-8" in _one_error(CliRunner().invoke(cli, ["score", str(GOLD), "--extracted", str(path)]),
                                     str(path))


BAD_KEYS = {
    "an article not a mapping": "articles: {a.txt: 3}\n",
    "events not a list": "articles: {a.txt: {events: {type: vote}}}\n",
    "an event not a mapping": "articles: {a.txt: {events: [vote]}}\n",
    "an event without a draft": "articles: {a.txt: {events: [{type: vote}]}}\n",
    "a position without a stance": "articles: {a.txt: {positions: [{member: FRA, draft: D}]}}\n",
    "a stance that is a number": "articles: {a.txt: {positions: [{member: FRA, draft: D, stance: 3}]}}\n",
    "traps not sentences": "articles: {a.txt: {traps: [1, 2]}}\n",
    "drafts not a mapping": "drafts: [a]\narticles: {}\n",
    "a tally that is text": "articles: {a.txt: {events: [{type: vote, draft: D, votes: {for: many}}]}}\n",
}


@pytest.mark.parametrize("case", list(BAD_KEYS))
def test_a_malformed_key_is_one_line(tmp_path, case):
    key = tmp_path / "key.yaml"
    key.write_text(BAD_KEYS[case], encoding="utf-8")
    extracted = tmp_path / "extracted.json"
    extracted.write_text(json.dumps([GOOD_EVENT]), encoding="utf-8")
    _one_error(CliRunner().invoke(cli, ["score", str(key), "--extracted", str(extracted)]), str(key))


def test_a_key_not_in_utf8_is_one_line(tmp_path):
    key = tmp_path / "key.yaml"
    key.write_bytes(b"articles: {caf\xe9.txt: {}}\n")
    assert "not UTF-8" in _one_error(CliRunner().invoke(cli, ["score", str(key), str(SEEDS)]), str(key))


def test_a_well_formed_key_and_events_still_score(tmp_path):
    extracted = tmp_path / "extracted.json"
    extracted.write_text(json.dumps([GOOD_EVENT]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(GOLD), "--extracted", str(extracted), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["events"]["fp"] == 1

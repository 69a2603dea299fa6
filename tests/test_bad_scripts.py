"""Malformed scripts, written by hand and generated: one error line naming the file and the line,
exit status 2, no traceback, and nothing written.

Every hand-written script below is replayed through the CLI on a database that already holds
the seed scenario, alone and after a good script in the same invocation; some also go through
``Tracker.replay`` on both backends. The generated scripts are valid scripts with random damage
(keys dropped, values of the wrong type, random text and bytes, truncation, broken indentation,
repeated events), replayed through the service and the CLI.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import SCENARIO
from tracker.cli import cli
from tracker.domain import council
from tracker.errors import InputError, TrackerError
from tracker.services import Tracker

# --- The hand-written scripts ---------------------------------------------------------------------
#
# Every script opens with the same two good lines: a new British draft and a position on it.
# Line 3 is a comment (YAML) or blank (JSON Lines), and the events under test start on line 4
# in both formats, one event a line.

HEAD = [
    {"event": "proposed", "draft": "UK-2016", "sponsors": ["GBR"], "date": "2016-03-01"},
    {"event": "position", "draft": "UK-2016", "member": "France", "stance": "supports", "date": "2016-03-02"},
]
YAML_HEAD = ("- {event: proposed, draft: UK-2016, sponsors: [GBR], date: 2016-03-01}\n"
             "- {event: position, draft: UK-2016, member: France, stance: supports, date: 2016-03-02}\n"
             "# the events under test\n")
JSONL_HEAD = "".join(json.dumps(event) + "\n" for event in HEAD) + "\n"

# Every script of one replay is read and checked before any is written: the reading pass finds bad
# syntax, keys, values, members and drafts (READING); a repeated event and a forbidden move under
# --strict are found while the scripts are written (WRITING), in the one transaction of the replay,
# so a good script given before such a one is not stored either.
READING, WRITING = "reading", "writing"

def flow(event: dict) -> str:
    """One event as a YAML flow mapping on one line."""
    return yaml.safe_dump(event, default_flow_style=True, sort_keys=False, allow_unicode=True,
                          width=math.inf).strip()


@dataclass
class Bad:
    id: str
    ext: str  # yaml | jsonl | txt
    data: bytes | None  # None: the file does not exist
    line: int | None  # the line the error names; None where the file has no lines
    message: str  # part of the error line
    strict: bool = False
    found: str = READING
    xfail: str | None = None
    service: bool = False  # also through Tracker.replay on both backends

    @property
    def name(self) -> str:
        return f"bad.{self.ext}"


CASES: list[Bad] = []


def events(id: str, bad: list[dict], line: int, message: str, **options) -> None:
    """Events in both formats, after the head: the first bad one is on line 4."""
    CASES.append(Bad(id, "yaml", (YAML_HEAD + "".join(f"- {flow(e)}\n" for e in bad)).encode(), line, message,
                     **options))
    CASES.append(Bad(id, "jsonl", (JSONL_HEAD + "".join(json.dumps(e) + "\n" for e in bad)).encode(), line, message,
                     **options))


def text(id: str, ext: str, data: str | bytes | None, line: int | None, message: str, **options) -> None:
    """A script written out in full, in one format."""
    CASES.append(Bad(id, ext, data.encode() if isinstance(data, str) else data, line, message, **options))


def revised(**more) -> dict:
    return {"event": "revised", "draft": "UK-2016", "date": "2016-03-10", **more}


def vote(votes) -> dict:
    return {"event": "vote", "draft": "UK-2016", "date": "2016-03-20", "votes": votes}


# YAML syntax.
text("indented-too-far", "yaml", YAML_HEAD + "- event: revised\n  draft: UK-2016\n   date: 2016-03-10\n", 6,
     "YAML syntax: mapping values are not allowed here", service=True)
text("indented-too-little", "yaml", YAML_HEAD + "- event: revised\n  draft: UK-2016\n date: 2016-03-10\n", 6,
     "YAML syntax: expected <block end>, but found '<block mapping start>'")
text("tab-indentation", "yaml", YAML_HEAD + "- event: revised\n\tdraft: UK-2016\n", 5,
     "YAML syntax: found character '\\t' that cannot start any token")
text("unclosed-bracket", "yaml", YAML_HEAD + "- {event: revised, draft: UK-2016\n"
     "- {event: in_blue, draft: UK-2016}\n", 5, "YAML syntax: expected ',' or '}', but got '{'")
text("unclosed-bracket-at-the-end", "yaml", YAML_HEAD + "- {event: revised, draft: UK-2016\n", 5,
     "YAML syntax: expected ',' or '}', but got '<stream end>'")
text("unclosed-list", "yaml", YAML_HEAD + "- {event: rejected, draft: UK-2016, members: [USA, CHN}\n", 4,
     "YAML syntax: expected ',' or ']', but got '}'")
text("unclosed-quote", "yaml", YAML_HEAD + '- {event: revised, draft: UK-2016, label: "a new text}\n', 5,
     "YAML syntax: found unexpected end of stream")
text("two-documents", "yaml", YAML_HEAD + "---\n- {event: revised, draft: UK-2016}\n", 4,
     "YAML syntax: but found another document")
text("undefined-alias", "yaml", YAML_HEAD + "- {event: revised, draft: *earlier}\n", 4,
     "YAML syntax: an alias (*earlier): aliases are not allowed")
text("python-tag", "yaml", YAML_HEAD + "- !!python/object/apply:os.system [ls]\n", 4,
     "YAML syntax: could not determine a constructor for the tag")
text("control-character", "yaml", YAML_HEAD + "- {event: revised, draft: UK-2016, label: a\x07b}\n", 4,
     "YAML: character #x0007 is not allowed")
text("nested-too-deeply", "yaml", YAML_HEAD + "- {event: revised, draft: UK-2016, label: "
     + "[" * 5000 + "]" * 5000 + "}\n", 4, "YAML: nested too deeply")
text("number-too-long", "yaml", YAML_HEAD + "- {event: vote, draft: UK-2016, votes: {for: " + "9" * 5000 + "}}\n", 4,
     "YAML syntax: a number too long to read")

# JSON syntax, each on one line of a JSON Lines script.
text("truncated-line", "jsonl", JSONL_HEAD + '{"event": "revised", "draft": "UK-2016"\n', 4,
     "JSON syntax: Expecting ',' delimiter", service=True)
text("trailing-comma", "jsonl", JSONL_HEAD + '{"event": "revised", "draft": "UK-2016",}\n', 4,
     "JSON syntax")
text("single-quotes", "jsonl", JSONL_HEAD + "{'event': 'revised', 'draft': 'UK-2016'}\n", 4,
     "JSON syntax: Expecting property name enclosed in double quotes")
text("comment-line", "jsonl", JSONL_HEAD + "# the revision\n", 4, "JSON syntax: Expecting value (column 1)")
text("yaml-in-json-lines", "jsonl", JSONL_HEAD + "- {event: revised, draft: UK-2016}\n", 4, "JSON syntax")
text("control-character", "jsonl", JSONL_HEAD + '{"event": "revised", "draft": "UK-2016", "label": "a\x07b"}\n', 4,
     "JSON syntax: Invalid control character")
text("error-far-down", "jsonl", JSONL_HEAD + "".join(
    json.dumps(revised(date=f"2016-03-{day}")) + "\n\n" for day in (10, 11, 12)) + '{"event": "revised"\n', 10,
     "JSON syntax")
text("pretty-printed-json", "jsonl", json.dumps(HEAD, indent=2) + "\n", 1, "JSON syntax: Expecting value")
text("nested-too-deeply", "jsonl", JSONL_HEAD + '{"event": "revised", "draft": "UK-2016", "label": '
     + "[" * 100_000 + "]" * 100_000 + "}\n", 4, "JSON: nested too deeply")
text("number-too-long", "jsonl", JSONL_HEAD + '{"event": "proposed", "draft": ' + "9" * 5000 + "}\n", 4,
     "JSON: a number too long to read")

# Not a list of events, or an event that is not a mapping.
text("a-mapping-not-a-list", "yaml", "# the events, under a key\n\nevents:\n" + YAML_HEAD, 3,
     "a YAML script is a list of events")
text("a-sentence-not-a-list", "yaml", "# notes\nRussia proposed a draft.\n", 2, "a YAML script is a list of events")
text("event-a-sentence", "yaml", YAML_HEAD + "- Britain revised its draft\n", 4,
     "each event is a mapping, not 'Britain revised its draft'")
text("event-a-list", "yaml", YAML_HEAD + "- [revised, UK-2016]\n", 4, "each event is a mapping, not ['revised'")
text("line-a-list", "jsonl", JSONL_HEAD + '["revised", "UK-2016"]\n', 4, "each line is one JSON object")
text("line-a-string", "jsonl", JSONL_HEAD + '"revised"\n', 4, "each line is one JSON object")
text("line-a-number", "jsonl", JSONL_HEAD + "42\n", 4, "each line is one JSON object")
text("line-null", "jsonl", JSONL_HEAD + "null\n", 4, "each line is one JSON object")

# Values of the wrong type.
events("date-a-list", [revised(date=["2016", "03"])], 4, "bad date ['2016', '03']")
events("date-a-mapping", [revised(date={"year": 2016})], 4, "bad date {'year': 2016}")
events("date-a-boolean", [revised(date=True)], 4, "bad date True")
events("date-a-fraction", [revised(date=2016.5)], 4, "bad date 2016.5")
events("members-a-number", [revised(members=5)], 4, "unknown member '5' in 'members'")
events("sponsors-a-mapping", [{"event": "proposed", "draft": "UK-2017", "sponsors": {"GBR": 1}}], 4,
       "unknown member \"{'GBR': 1}\" in 'sponsors'")
events("tally-a-string", [vote("13-2")], 4, "votes: give a mapping with for, against, abstain")
events("tally-a-list", [vote([13, 2, 0])], 4, "votes: give a mapping")
events("count-a-word", [vote({"for": "many", "against": 0, "abstain": 0})], 4,
       "votes: 'for' must be a count from 0 to 15 or a list of members, not 'many'")
events("count-over-15", [vote({"for": 16, "against": 0, "abstain": 0})], 4, "votes: 'for' must be a count")
events("counts-over-15-together", [vote({"for": 12, "against": 3, "abstain": 2})], 4,
       "votes: 12-3-2 is more votes than the Council has members (15)")
text("key-repeated", "yaml", YAML_HEAD + "- {event: revised, draft: UK-2016, draft: UK-2017}\n", 4,
     "YAML syntax: the key 'draft' appears twice in one mapping")
text("key-repeated-on-its-own-line", "yaml", YAML_HEAD + "- event: revised\n  draft: UK-2016\n  draft: UK-2017\n",
     6, "YAML syntax: the key 'draft' appears twice in one mapping")
text("key-repeated", "jsonl", JSONL_HEAD + '{"event": "revised", "draft": "UK-2016", "draft": "UK-2017"}\n', 4,
     "JSON: the key 'draft' appears twice in one object")
events("count-negative", [vote({"for": 13, "against": -1, "abstain": 0})], 4, "votes: 'against' must be a count")
events("ballots-a-list", [vote({"for": 15, "members": ["USA"]})], 4,
       "votes: 'members' must map members to ballots")
events("ballot-a-word", [vote({"members": {"USA": "maybe"}})], 4, "votes: unknown ballot 'maybe'")
events("factuality-a-list", [revised(factuality=["hedged"])], 4, "unknown factuality ['hedged']")
events("factuality-a-number", [revised(factuality=1)], 4, "unknown factuality 1")
events("stance-a-number", [{"event": "position", "draft": "UK-2016", "member": "USA", "stance": 3}], 4,
       "unknown stance 3")
events("label-a-mapping", [revised(label={"en": "a text"})], 4, "'label' must be text, not dict")
events("into-a-list", [{"event": "merged", "draft": "UK-2016", "into": ["FR-ISIL-2015"]}], 4,
       "'into' must be text, not list")
events("draft-a-list", [revised(draft=["UK-2016"])], 4, "'draft' must be the draft's id, not list")
events("event-a-number", [revised(event=7)], 4, "unknown event 7")
events("event-a-list", [revised(event=["revised"])], 4, "unknown event ['revised'] (known: ", service=True)
events("event-a-mapping", [revised(event={"type": "revised"})], 4, "unknown event {'type': 'revised'} (known: ")
text("event-a-block-list", "yaml", YAML_HEAD + "- event:\n  - proposed\n  draft: UK-2016\n", 4,
     "unknown event ['proposed']")
events("lone-surrogate", [revised(label="a\ud800b")], 4, "'label' holds a lone surrogate", service=True)
events("nul-character", [revised(quote="a\x00b")], 4, "'quote' holds a NUL character")

# Unknown keys, in an event and inside its tally.
events("unknown-key", [revised(colour="blue")], 4, "unknown key 'colour'", service=True)
events("misspelt-key", [{"event": "proposed", "draft": "UK-2017", "sponsor": ["GBR"]}], 4, "unknown key 'sponsor'")
events("unknown-tally-key", [vote({"for": 15, "against": 0, "abstain": 0, "absent": 0})], 4,
       "votes: unknown key 'absent'")

# Unknown event types.
events("unknown-event", [revised(event="vetoed_twice")], 4, "unknown event 'vetoed_twice'")
events("misspelt-event", [revised(event="propsed")], 4, "unknown event 'propsed'")
events("event-in-capitals", [revised(event="Revised")], 4, "unknown event 'Revised'")

# Unknown members, by code and by name.
events("unknown-code", [{"event": "proposed", "draft": "UK-2017", "sponsors": ["GBR", "XYZ"]}], 4,
       "unknown member 'XYZ' in 'sponsors'", service=True)
events("unknown-name", [revised(members=["Atlantis"])], 4, "unknown member 'Atlantis' in 'members'")
events("unknown-speaker", [{"event": "position", "draft": "UK-2016", "member": "Narnia", "stance": "opposes"}], 4,
       "unknown member 'Narnia' in 'member'")
events("unknown-voter", [vote({"for": 13, "against": ["Wakanda"], "abstain": 1})], 4,
       "votes: unknown member 'Wakanda'")
events("unknown-ballot-holder", [vote({"members": {"Oz": "Y"}})], 4, "votes: unknown member 'Oz'")

# Drafts never introduced (a drafting or proposed event introduces one, anywhere in the script).
events("unknown-draft", [revised(draft="XX-NEVER")], 4, "unknown draft 'XX-NEVER' (draft)", service=True)
events("unknown-draft-named-twice", [revised(), revised(draft="XX-NEVER", date="2016-03-11"),
                                     revised(draft="XX-NEVER", date="2016-03-12")], 5,
       "unknown draft 'XX-NEVER' (draft)")
events("unknown-merge-target", [{"event": "merged", "draft": "UK-2016", "into": "XX-NEVER"}], 4,
       "unknown draft 'XX-NEVER' (into)")
events("unknown-rival", [{"event": "competes", "draft": "UK-2016", "rival": "XX-NEVER"}], 4,
       "unknown draft 'XX-NEVER' (rival)")
events("unknown-original", [{"event": "proposed", "draft": "UK-2016-REV", "revision_of": "XX-NEVER"}], 4,
       "unknown draft 'XX-NEVER' (revision_of)")

# Impossible dates.
events("no-such-day", [revised(date="2015-02-30")], 4, "bad date '2015-02-30': no such day", service=True)
events("not-a-leap-year", [revised(date="2015-02-29")], 4, "bad date '2015-02-29': no such day")
events("no-such-month", [revised(date="2015-13-01")], 4, "bad date '2015-13-01': no month 13")
events("no-year-0", [revised(date="0000-05")], 4, "bad date '0000-05': no year 0")
events("a-word", [revised(date="yesterday")], 4, "bad date 'yesterday': expected YYYY, YYYY-MM or YYYY-MM-DD")
events("day-first", [revised(date="30/09/2015")], 4, "bad date '30/09/2015'")
events("one-digit-month", [revised(date="2015-9-30")], 4, "bad date '2015-9-30'")
events("a-time-too", [revised(date="2015-09-30T10:00:00Z")], 4, "bad date '2015-09-30T10:00:00Z'")

# Required keys missing (no event type needs a date: it may always be left out).
events("no-draft", [{"event": "revised", "date": "2016-03-10"}], 4, "missing key 'draft'")
events("empty-draft", [revised(draft="")], 4, "missing key 'draft'")
events("no-event", [{"draft": "UK-2016", "date": "2016-03-10"}], 4, "missing key 'event'")
events("an-empty-event", [{}], 4, "missing key 'event'")

# Moves the lifecycle forbids, refused under --strict.
events("adopted-after-vetoed", [
    {"event": "vetoed", "draft": "UK-2016", "date": "2016-03-20"},
    {"event": "adopted", "draft": "UK-2016", "date": "2016-03-21"},
], 5, "adopted on UK-2016: adopted not allowed when the draft is vetoed (--strict)", strict=True, found=WRITING,
       service=True)
events("revised-after-withdrawn", [
    {"event": "withdrawn", "draft": "UK-2016", "date": "2016-03-20"},
    revised(date="2016-03-21"),
], 5, "revised on UK-2016: revised not allowed when the draft is withdrawn (--strict)", strict=True, found=WRITING)
events("circulated-twice", [{"event": "proposed", "draft": "UK-2016", "date": "2016-03-05"}], 4,
       "proposed on UK-2016: proposed not allowed when the draft is proposed (--strict)", strict=True, found=WRITING)
events("announced-after-circulation", [{"event": "drafting", "draft": "UK-2016", "date": "2016-03-05"}], 4,
       "drafting on UK-2016: drafting not allowed when the draft is proposed (--strict)", strict=True,
       found=WRITING)
events("vetoing-an-adopted-draft", [{"event": "vetoed", "draft": "FR-ISIL-2015", "date": "2015-11-21"}], 4,
       "vetoed on FR-ISIL-2015: vetoed not allowed when the draft is adopted (--strict)", strict=True, found=WRITING)
events("an-earlier-move-undoes-a-stored-one", [{"event": "withdrawn", "draft": "FR-ISIL-2015",
                                                "date": "2015-11-19"}], 4,
       "vote not allowed when the draft is withdrawn (--strict)", strict=True, found=WRITING)

# The same event twice in one script (the error names both lines).
events("head-repeated", [HEAD[0]], 4, "the same event as line 1", found=WRITING, service=True)
events("event-repeated", [revised(), revised()], 5, "the same event as line 4", found=WRITING)
events("event-repeated-in-other-words", [
    {"event": "rejected", "draft": "UK-2016", "members": ["Russia", "China"], "date": "2016-03-10"},
    {"date": "2016-03-10", "members": ["RUS", "CHN"], "draft": "UK-2016", "event": "reject"},
], 5, "the same event as line 4", found=WRITING)

# Files that are not UTF-8 text.
for ext, head in (("yaml", YAML_HEAD), ("jsonl", JSONL_HEAD)):
    latin = '- {event: revised, draft: UK-2016, label: "Caf\xe9"}\n' if ext == "yaml" else \
        '{"event": "revised", "draft": "UK-2016", "label": "Caf\xe9"}\n'
    text("latin-1", ext, (head + latin).encode("latin-1"), 4, "not UTF-8 text (invalid continuation byte)",
         service=ext == "yaml")
    text("utf-16", ext, (head + latin).encode("utf-16"), 1, "not UTF-8 text")
    text("gzip", ext, bytes.fromhex("1f8b0800000000000003") + bytes(range(256)), 1, "not UTF-8 text")
    text("png", ext, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not UTF-8 text (invalid start byte)")
    text("bytes-after-the-head", ext, head.encode() + bytes(range(256)), 6, "not UTF-8 text (invalid start byte)")
text("nul-bytes", "yaml", YAML_HEAD.encode() + b"\x00\x00\x00\n", 4, "YAML: character #x0000 is not allowed")
text("nul-bytes", "jsonl", JSONL_HEAD.encode() + b"\x00\x00\x00\n", 4, "JSON syntax: Expecting value")

# Files that are not there, or not scripts (the error names the path alone: there is no line).
text("no-such-file", "yaml", None, None, "no such file", service=True)
text("no-such-file", "jsonl", None, None, "no such file")
text("not-a-script-name", "txt", YAML_HEAD, None, "unknown script format: use .yaml, .yml or .jsonl")


def _param(case: Bad, *, multi: bool = False) -> pytest.param:
    marks = []
    reason = case.xfail
    if reason:
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(case, id=f"{case.ext}-{case.id}", marks=marks)


def _scenario_database(folder) -> str:
    path = folder / "seeded.db"
    tracker = Tracker(f"sqlite:///{path}")
    tracker.init()
    tracker.replay([SCENARIO])
    tracker.engine.dispose()  # SQLite folds its write-ahead log into the file: the file is the whole database
    return path


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory):
    return _scenario_database(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def seeded(seeded_template, tmp_path):
    """A SQLite file holding the seed scenario, this test's own copy."""
    path = tmp_path / "tracker.db"
    shutil.copy(seeded_template, path)
    return path


def _tables(path, dump) -> dict:
    tracker = Tracker(f"sqlite:///{path}")
    try:
        return dump(tracker)
    finally:
        tracker.engine.dispose()


def _write(case: Bad, folder) -> str:
    """Write the case's file under its relative name (the tests run in their own folder); return the name."""
    if case.data is not None:
        (folder / case.name).write_bytes(case.data)
    return case.name


def _refused(result, case: Bad, name: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    [error] = result.stderr.splitlines()  # exactly one line
    where = name if case.line is None else f"{name}:{case.line}"
    assert error.startswith(f"Error: {where}: "), error
    assert case.message in error, error


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_cli_refuses_a_bad_script_in_one_line_and_writes_nothing(case, seeded, tmp_path, dump):
    before = _tables(seeded, dump)
    name = _write(case, tmp_path)
    options = ["--strict"] if case.strict else []
    result = CliRunner().invoke(cli, ["--db", str(seeded), "replay", *options, name], catch_exceptions=False)
    _refused(result, case, name)
    assert result.stdout == ""
    assert _tables(seeded, dump) == before


GOOD = "- {event: proposed, draft: GOOD-2016, sponsors: [JPN], date: 2016-04-01}\n"


@pytest.mark.parametrize("case", [_param(case, multi=True) for case in CASES])
def test_a_bad_script_after_a_good_one_leaves_the_good_one_unwritten(case, seeded, tmp_path, dump):
    before = _tables(seeded, dump)
    (tmp_path / "good.yaml").write_text(GOOD)
    name = _write(case, tmp_path)
    options = ["--strict"] if case.strict else []
    result = CliRunner().invoke(cli, ["--db", str(seeded), "replay", *options, "good.yaml", name],
                                catch_exceptions=False)
    _refused(result, case, name)
    assert _tables(seeded, dump) == before


def test_the_good_script_alone_is_written(seeded, tmp_path, dump):
    """The control for the test above: the good script is good."""
    (tmp_path / "good.yaml").write_text(GOOD)
    result = CliRunner().invoke(cli, ["--db", str(seeded), "replay", "--strict", "good.yaml"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stderr == ""
    assert any(row[0] == "GOOD-2016" for row in _tables(seeded, dump)["drafts"])


@pytest.mark.parametrize("case", [_param(case) for case in CASES if case.service])
def test_the_service_refuses_a_bad_script_on_both_backends(case, tracker, tmp_path, dump):
    tracker.replay([SCENARIO])
    before = dump(tracker)
    path = tmp_path / case.name
    if case.data is not None:
        path.write_bytes(case.data)
    with pytest.raises(InputError) as refused:
        tracker.replay([path], strict=case.strict)
    assert refused.value.path == str(path)
    assert refused.value.line == case.line
    assert str(refused.value).startswith(f"{path}:{case.line}: " if case.line else f"{path}: ")
    assert case.message in str(refused.value)
    assert dump(tracker) == before


def test_the_service_refuses_a_folder_named_like_a_script(tracker, tmp_path, dump):
    # The CLI never gets this far: its argument check refuses a folder first.
    before = dump(tracker)
    for name in ("folder.yaml", "folder.jsonl"):
        (tmp_path / name).mkdir()
        with pytest.raises(InputError, match=rf"^{re.escape(str(tmp_path / name))}: cannot read it "):
            tracker.replay([tmp_path / name])
    assert dump(tracker) == before


# Values SQLite stores as given but PostgreSQL's columns cannot hold.
OVER_LONG = {
    "draft-id-over-100-characters": {"event": "proposed", "draft": "UK-" + "x" * 120},
    "symbol-over-50-characters": {"event": "proposed", "draft": "UK-2017", "symbol": "S/2016/" + "1" * 60},
    "resolution-over-50-characters": {"event": "proposed", "draft": "UK-2017", "resolution": "2" * 60},
    "sponsors-over-200-characters": {"event": "proposed", "draft": "UK-2017",
                                     "sponsors": sorted(council.countries())[:60]},
}


@pytest.mark.parametrize("ext", ["yaml", "jsonl"])
@pytest.mark.parametrize("case", sorted(OVER_LONG))
def test_a_value_too_long_for_a_column_is_refused_with_its_line(case, ext, tracker, tmp_path, dump):
    tracker.replay([SCENARIO])
    before = dump(tracker)
    event = OVER_LONG[case]
    path = tmp_path / f"long.{ext}"
    path.write_text(YAML_HEAD + f"- {flow(event)}\n" if ext == "yaml" else JSONL_HEAD + json.dumps(event) + "\n")
    with pytest.raises(InputError) as refused:
        tracker.replay([path])
    assert (refused.value.path, refused.value.line) == (str(path), 4)
    assert "longer than" in refused.value.message or "sponsors" in refused.value.message
    assert dump(tracker) == before


# --- Generated scripts ----------------------------------------------------------------------------
#
# Valid scripts first: drafts (new ones and the two the seed scenario holds), events of every
# type with members by code and by name, full, partial and missing dates, tallies as counts,
# lists and ballots, stances, factualities, sources and quotes. Then damage, 0 to 3 times: to the
# events (a key dropped or added, a value of another type, random text in a value, dates swapped,
# an event repeated or moved) and to the file (truncated, random bytes or text inserted, a line's
# indentation changed, lines dropped, repeated or swapped).

TYPES = ["drafting", "proposed", "revised", "rejected", "in_blue", "merge_proposed", "merged", "vote", "adopted",
         "vetoed", "failed", "withdrawn", "position", "competes"]
TRIGGER_NAMES = ["announce", "propose", "revise", "reject", "put_in_blue", "veto", "withdraw", "state_position"]
MEMBERS = ["USA", "GBR", "FRA", "RUS", "CHN", "Russia", "the United States", "United Kingdom", "France", "China",
           "JPN", "Egypt", "NZL", "Spain", "Venezuela", "Malaysia"]
NEW_DRAFTS = ["G-A", "G-B", "G-C"]
STORED_DRAFTS = ["RU-ISIL-2015", "FR-ISIL-2015"]
KEYS = ["event", "draft", "date", "label", "sponsors", "members", "member", "stance", "into", "rival",
        "revision_of", "votes", "symbol", "resolution", "source", "quote", "factuality"]

members = st.lists(st.sampled_from(MEMBERS), min_size=1, max_size=3, unique=True)
dates = st.one_of(
    st.none(),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(2015, 2016), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2015, 2016), st.integers(1, 12)),
    st.sampled_from(["2015", "2016"]),
)
words = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=30)
tallies = st.one_of(
    st.builds(lambda f, a: {"for": f, "against": a, "abstain": 15 - f - a}, st.integers(0, 15), st.integers(0, 3))
    .filter(lambda t: t["abstain"] >= 0),
    st.builds(lambda f, a, b: {"for": f, "against": a, "abstain": b}, st.integers(0, 15), members, members),
    st.builds(lambda ballots: {"members": ballots},
              st.dictionaries(st.sampled_from(MEMBERS), st.sampled_from(["Y", "N", "A", "NV", "yes", "against"]),
                              min_size=1, max_size=5)),
)
any_value = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), words,
                      st.lists(words, max_size=3), st.dictionaries(words, words, max_size=2))


@st.composite
def valid_events(draw) -> list[dict]:
    drafts = draw(st.lists(st.sampled_from(NEW_DRAFTS + STORED_DRAFTS), min_size=1, max_size=3, unique=True))
    result = [{"event": draw(st.sampled_from(["proposed", "drafting"])), "draft": draft,
               "sponsors": draw(members), "date": draw(dates)} for draft in drafts if draft in NEW_DRAFTS]
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(TYPES))
        draft = draw(st.sampled_from(drafts))
        event = {"event": kind, "draft": draft}
        if draw(st.booleans()):
            event["date"] = draw(dates)
        if kind in ("drafting", "proposed"):
            event["sponsors"] = draw(members)
        elif kind in ("revised", "rejected", "withdrawn"):
            event["members"] = draw(members)
        elif kind == "position":
            event["member"] = draw(st.sampled_from(MEMBERS))
            event["stance"] = draw(st.sampled_from(["supports", "opposes", "conditional", "abstains", "unknown"]))
        elif kind in ("merge_proposed", "merged"):
            event["into"] = draw(st.sampled_from(drafts + STORED_DRAFTS))
        elif kind == "competes":
            event["rival"] = draw(st.sampled_from(drafts + STORED_DRAFTS))
        elif kind in ("vote", "adopted", "vetoed", "failed") and draw(st.booleans()):
            event["votes"] = draw(tallies)
        if draw(st.integers(0, 4)) == 0:
            event["factuality"] = draw(st.sampled_from(["asserted", "hedged", "negated"]))
        if draw(st.booleans()):
            event["source"] = draw(st.sampled_from(["seeds/000_c2a597a5a44571bd.txt", "https://press.un.org/"]))
            event["quote"] = draw(words)
        if draw(st.integers(0, 5)) == 0:
            event["label"] = draw(words)
        if draw(st.integers(0, 7)) == 0:
            event["symbol"] = f"S/2016/{draw(st.integers(1, 999))}"
        if draw(st.integers(0, 7)) == 0:
            event["event"] = draw(st.sampled_from(TRIGGER_NAMES))
        result.append(event)
    return result


def _pick(draw, events: list[dict]) -> dict | None:
    return draw(st.sampled_from(events)) if events else None


def damage_events(draw, events: list[dict]) -> str:
    how = draw(st.sampled_from(["drop key", "retype", "insert text", "swap dates", "repeat event", "move event",
                                "add key", "rename event", "unknown member", "unknown draft"]))
    event = _pick(draw, events)
    if event is None:
        return "none"
    if how == "drop key" and event:
        event.pop(draw(st.sampled_from(sorted(event))))
    elif how == "retype":
        event[draw(st.sampled_from(KEYS))] = draw(any_value)
    elif how == "insert text":
        key = draw(st.sampled_from(sorted(event)))
        value = str(event[key])
        at = draw(st.integers(0, len(value)))
        event[key] = value[:at] + draw(st.text(st.characters(exclude_categories=()), max_size=10)) + value[at:]
    elif how == "swap dates":
        other = _pick(draw, events)
        event["date"], other["date"] = other.get("date"), event.get("date")
    elif how == "repeat event":
        events.insert(draw(st.integers(0, len(events))), dict(event))
    elif how == "move event":
        events.remove(event)
        events.insert(draw(st.integers(0, len(events))), event)
    elif how == "add key":
        event[draw(st.sampled_from(["colour", "Event", "sponsor", "votes.for", "", "__line__"]))] = draw(any_value)
    elif how == "rename event":
        event["event"] = draw(st.sampled_from(["vetoed_twice", "Proposed", "", "merge", "compete"]))
    elif how == "unknown member":
        event[draw(st.sampled_from(["members", "sponsors", "member"]))] = [draw(st.sampled_from(["Atlantis", "XYZ"]))]
    elif how == "unknown draft":
        event[draw(st.sampled_from(["draft", "into", "rival", "revision_of"]))] = "XX-NEVER"
    return how


def damage_file(draw, data: bytes) -> tuple[bytes, str]:
    how = draw(st.sampled_from(["truncate", "insert bytes", "insert text", "indent", "drop line", "repeat line",
                                "swap lines"]))
    at = draw(st.integers(0, len(data)))
    if how == "truncate":
        return data[:at], how
    if how == "insert bytes":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:], how
    if how == "insert text":
        inserted = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=8)).encode()
        return data[:at] + inserted + data[at:], how
    lines = data.splitlines(keepends=True)
    if not lines:
        return data, how
    index = draw(st.integers(0, len(lines) - 1))
    if how == "indent":
        line = lines[index]
        stripped = line.lstrip(b" \t")
        lines[index] = draw(st.sampled_from([b"", b" ", b"  ", b"   ", b"\t", b"    ", b" \t"])) + stripped
    elif how == "drop line":
        del lines[index]
    elif how == "repeat line":
        lines.insert(draw(st.integers(0, len(lines))), lines[index])
    elif how == "swap lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    return b"".join(lines), how


def render(draw, events: list[dict], ext: str) -> bytes:
    if ext == "jsonl":
        ascii_only = draw(st.booleans())
        out = []
        for event in events:
            out.append(json.dumps(event, ensure_ascii=ascii_only))
            out.extend([""] * draw(st.integers(0, 1)))
        return ("\n".join(out) + "\n").encode("utf-8", "surrogatepass")
    style = draw(st.sampled_from(["block", "flow", "comments"]))
    if style == "block":
        text = yaml.safe_dump(events, sort_keys=False, allow_unicode=True)
    else:
        text = "".join(f"- {flow(event)}\n" for event in events) if events else "[]\n"
        if style == "comments":
            text = "# generated\n\n" + text.replace("\n- ", "\n\n# next\n- ")
    return text.encode("utf-8", "surrogatepass")


@dataclass
class Generated:
    ext: str
    data: bytes
    strict: bool
    damage: list[str] = field(default_factory=list)


@st.composite
def scripts(draw) -> Generated:
    ext = draw(st.sampled_from(["yaml", "jsonl"]))
    events = draw(valid_events())
    damage = [damage_events(draw, events) for _ in range(draw(st.integers(0, 2)))]
    data = render(draw, events, ext)
    for _ in range(draw(st.integers(0, 1 if damage else 2))):
        data, how = damage_file(draw, data)
        damage.append(how)
    return Generated(ext, data, draw(st.integers(0, 3)) == 0, damage)


def _lines_in(data: bytes) -> int:
    """The most lines any reader may count in the file (every kind of line break counts)."""
    return len(data.decode("utf-8", "replace").splitlines())


def _kind(message: str) -> str:
    """What an error is about, without its values: 'unknown member', 'YAML syntax', ..."""
    if message.endswith("(--strict)"):
        return "a forbidden move (--strict)"
    return re.split(r"[:(]| ['\"\[{\d-]| True| False| None", message, maxsplit=1)[0].strip()


def _check_refusal(error: TrackerError, path, data: bytes, stats: Counter) -> None:
    message = str(error)
    stats[f"refused: {_kind(getattr(error, 'message', message))}"] += 1
    assert message.startswith(f"{path}:"), message
    assert len(message.splitlines()) == 1, message
    if isinstance(error, InputError):
        assert error.path == str(path)
        assert error.line is not None, message  # every refusal of an existing script names a line
        assert 1 <= error.line <= _lines_in(data) + 1, (error.line, message)


@pytest.mark.slow
def test_generated_scripts_replay_or_are_refused_cleanly(tmp_path, dump, size):
    template = _scenario_database(tmp_path)
    examples = size(300, 10_000)
    per_database = 100  # examples on one database before a fresh copy (keeps each dump small)
    stats: Counter = Counter()
    state: dict = {}

    def fresh() -> None:
        if "tracker" in state:
            state["tracker"].engine.dispose()
        path = tmp_path / f"generated-{stats['examples']}.db"
        shutil.copy(template, path)
        state["tracker"] = Tracker(f"sqlite:///{path}")
        state["tables"] = dump(state["tracker"])

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(script=scripts(), name=st.sampled_from(["a", "b", "c"]))
    def replay(script: Generated, name: str) -> None:
        if stats["examples"] % per_database == 0:
            fresh()
        stats["examples"] += 1
        stats[f"examples ({script.ext})"] += 1
        tracker = state["tracker"]
        # The same three names again and again: a later script may replay an earlier one grown or changed.
        path = tmp_path / f"{name}.{script.ext}"
        path.write_bytes(script.data)
        try:
            tracker.replay([path], strict=script.strict)
        except TrackerError as error:
            stats["refused" if isinstance(error, InputError) else "refused (not as bad input)"] += 1
            _check_refusal(error, path, script.data, stats)
            assert dump(tracker) == state["tables"], f"a refused script wrote: {script}"
        else:
            stats["replayed"] += 1
            state["tables"] = dump(tracker)
        for how in script.damage or ["none"]:
            stats[f"damage: {how}"] += 1

    started = time.perf_counter()
    replay()
    state["tracker"].engine.dispose()
    seconds = time.perf_counter() - started
    print(f"\ngenerated scripts through Tracker.replay: {stats['examples']} in {seconds:.1f} s, "
          f"{stats['replayed']} replayed, {stats['refused']} refused as bad input, "
          f"{stats['refused (not as bad input)']} refused otherwise, 0 tracebacks")
    for key, count in sorted(stats.items()):
        print(f"  {key}: {count}")
    assert stats["examples"] >= examples
    assert stats["replayed"] and stats["refused"]


@pytest.mark.slow
def test_generated_scripts_through_the_cli(tmp_path, size):
    database = _scenario_database(tmp_path)
    runner = CliRunner()
    stats: Counter = Counter()

    @settings(max_examples=size(60, 1_000), deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(script=scripts())
    def replay(script: Generated) -> None:
        stats["examples"] += 1
        name = f"generated.{script.ext}"
        (tmp_path / name).write_bytes(script.data)
        options = ["--strict"] if script.strict else []
        result = runner.invoke(cli, ["--db", str(database), "replay", *options, name], catch_exceptions=False)
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        if result.exit_code == 0:
            stats["replayed"] += 1
            assert result.stderr == ""
            assert result.stdout.startswith(f"{name}: ")
            return
        stats["refused"] += 1
        [error] = result.stderr.splitlines()
        assert error.startswith(f"Error: {name}:"), error
        head, _, _ = error[len(f"Error: {name}:"):].partition(":")
        assert head.isdigit(), error
        assert 1 <= int(head) <= _lines_in(script.data) + 1, error

    replay()
    print(f"\ngenerated scripts through the CLI: {stats['examples']}, {stats['replayed']} replayed (exit 0), "
          f"{stats['refused']} refused (exit 2, one line naming file and line)")
    assert stats["replayed"] and stats["refused"]


@pytest.mark.parametrize("ext, data", [("yaml", ""), ("yaml", "# only a comment\n"), ("yaml", "\n\n\n"),
                                       ("yaml", "[]\n"), ("jsonl", ""), ("jsonl", "\n\n\n")])
def test_a_script_with_no_events_replays_as_nothing(ext, data, tmp_path, dump, tracker):
    """An empty log is a log: it is accepted, reported as no events, and writes nothing."""
    tracker.replay([SCENARIO])
    before = dump(tracker)
    path = tmp_path / f"empty.{ext}"
    path.write_text(data, encoding="utf-8")
    [report] = tracker.replay([path])
    assert (report.read, report.added) == (0, 0)
    assert dump(tracker) == before


def test_a_script_whose_path_is_too_long_to_store_is_refused(tmp_path, tracker, dump):
    deep = tmp_path.joinpath(*["d" * 200] * 6)
    deep.mkdir(parents=True)
    path = deep / "s.yaml"
    path.write_text(YAML_HEAD, encoding="utf-8")
    before = dump(tracker)
    with pytest.raises(InputError) as refused:
        tracker.replay([path], root=str(tmp_path))
    assert str(refused.value) == f"{path}: a path longer than 1000 characters"
    assert dump(tracker) == before

"""Bad scripts: one clear error naming file and line, exit status 2, nothing written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.errors import InputError
from tracker.scripts import DraftCheck, read_script

GOOD_FIRST = "- {event: proposed, draft: D1, sponsors: [FRA], date: 2016-01-05}\n"

BAD_YAML = [
    ("syntax", GOOD_FIRST + "- {event: revised, draft: D1\n", 3, "YAML syntax"),
    ("unknown key", GOOD_FIRST + "- {event: revised, draft: D1, colour: blue}\n", 2, "unknown key 'colour'"),
    ("unknown member", GOOD_FIRST + "- {event: rejected, draft: D1, members: [Atlantis]}\n", 2,
     "unknown member 'Atlantis' in 'members'"),
    ("bad date", GOOD_FIRST + "- {event: revised, draft: D1, date: 2016-02-30}\n", 2, "no such day"),
    ("bad date format", GOOD_FIRST + "- {event: revised, draft: D1, date: 30/01/2016}\n", 2, "bad date"),
    ("unknown draft", GOOD_FIRST + "- {event: revised, draft: D9}\n", 2, "unknown draft 'D9'"),
    ("unknown merge target", GOOD_FIRST + "- {event: merged, draft: D1, into: D8}\n", 2,
     "unknown draft 'D8' (into)"),
    ("unknown event", GOOD_FIRST + "- {event: vetoed_twice, draft: D1}\n", 2, "unknown event 'vetoed_twice'"),
    ("missing event", GOOD_FIRST + "- {draft: D1}\n", 2, "missing key 'event'"),
    ("missing draft", GOOD_FIRST + "- {event: revised}\n", 2, "missing key 'draft'"),
    ("bad stance", GOOD_FIRST + "- {event: position, draft: D1, member: USA, stance: likes}\n", 2,
     "unknown stance 'likes'"),
    ("bad tally", GOOD_FIRST + "- {event: vote, draft: D1, votes: {for: many}}\n", 2, "votes: 'for' must be"),
    ("bad ballot", GOOD_FIRST + "- {event: vote, draft: D1, votes: {members: {USA: maybe}}}\n", 2,
     "unknown ballot 'maybe'"),
    ("not a list", "event: proposed\ndraft: D1\n", 1, "a YAML script is a list"),
]


@pytest.mark.parametrize("case, text, line, message", BAD_YAML, ids=[case[0] for case in BAD_YAML])
def test_bad_yaml_names_file_and_line(write_script, case, text, line, message):
    path = write_script(text)
    with pytest.raises(InputError) as refused:
        check = DraftCheck(existing=set())
        for item in read_script(path):
            check.see(item)
        check.finish()
    assert refused.value.path == str(path)
    assert refused.value.line == line
    assert message in str(refused.value)


def test_bad_json_lines_name_the_line(write_script):
    path = write_script('{"event": "proposed", "draft": "D1", "sponsors": ["FRA"]}\n\n{"event": "revised",\n',
                        "events.jsonl")
    with pytest.raises(InputError, match=r"events.jsonl:3: JSON syntax"):
        read_script(path)


def test_unknown_format_is_refused(write_script):
    with pytest.raises(InputError, match="unknown script format"):
        read_script(write_script("x", "events.txt"))


def test_members_by_name_or_code(write_script):
    [item] = read_script(write_script(
        "- {event: rejected, draft: D1, members: [the United States, U.K., Russian Federation, chn]}\n"))
    assert item.event.members == ("USA", "GBR", "RUS", "CHN")


def test_tally_from_lists_of_members(write_script):
    [item] = read_script(write_script(
        "- {event: vote, draft: D1, date: 2017-10-24, votes: {for: 11, against: [Russia, Bolivia], "
        "abstain: [China, Kazakhstan]}}\n"))
    tally = item.event.votes
    assert (tally.in_favour, tally.against, tally.abstaining) == (11, 2, 2)
    assert tally.ballots == {"RUS": "N", "BOL": "N", "CHN": "A", "KAZ": "A"}


@pytest.mark.parametrize("case, text, line, message", BAD_YAML[:6], ids=[c[0] for c in BAD_YAML[:6]])
def test_cli_exit_2_one_line_and_nothing_written(tmp_path, write_script, case, text, line, message):
    db = tmp_path / "cli.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", str(db), "replay", str(write_script(GOOD_FIRST, "good.yaml"))],
                          catch_exceptions=False)
    assert first.exit_code == 0
    before = runner.invoke(cli, ["--db", str(db), "events", "--json"], catch_exceptions=False).output

    path = write_script(text)
    result = runner.invoke(cli, ["--db", str(db), "replay", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    [error] = result.stderr.strip().splitlines()
    assert error.startswith(f"Error: {path}:{line}: ")
    assert message in error
    after = runner.invoke(cli, ["--db", str(db), "events", "--json"], catch_exceptions=False).output
    assert after == before

"""What sources say reaches the terminal as text, never as control sequences.

A script or article may hold ``ESC [2J`` (clear the screen), OSC title and
link sequences, line breaks and invisible characters. Tables and text lines
show them escaped, piped or not, and pad columns by what is displayed; JSON
keeps the text as it is. Draft ids with control or invisible characters are
refused, and ids are compared in NFC.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.errors import InputError
from tracker.scripts import read_script

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;owned\x07"
LINK = "\x1b]8;;https://example.org\x07here\x1b]8;;\x07"
RED = "\x1b[31m"


def _script(tmp_path, *events: dict):
    (tmp_path / "d").mkdir(exist_ok=True)
    path = tmp_path / "d" / "s.jsonl"  # named d/s.jsonl in the log: short enough for its column
    path.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    return path


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    script = _script(tmp_path,
                     {"event": "proposed", "draft": "D1", "sponsors": ["FRA"], "date": "2020-01-02",
                      "label": f"label {CLEAR}{TITLE}", "quote": f"quote {LINK}"},
                     {"event": "position", "draft": "D1", "member": "RUS", "stance": "opposes",
                      "date": "2020-01-03", "source": f"{RED}cited\u202eevil", "quote": "Russia said no."})
    result = CliRunner().invoke(cli, ["--db", url, "replay", str(script)])
    assert result.exit_code == 0, result.output
    return url


@pytest.mark.parametrize("args", [["status"], ["positions"], ["history", "D1"], ["events"],
                                  ["positions", "--draft", "D1", "--as-of", "2020-01-05"]])
def test_reports_show_control_characters_escaped(args, database):
    result = CliRunner().invoke(cli, ["--db", database, *args])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "\\x1b" in result.output


def test_json_keeps_the_text_as_it_is(database):
    result = CliRunner().invoke(cli, ["--db", database, "status", "--json"])
    [row] = json.loads(result.output)
    assert row["label"] == f"label {CLEAR}{TITLE}"


def test_columns_are_padded_by_what_is_displayed(database):
    result = CliRunner().invoke(cli, ["--db", database, "positions", "--draft", "D1"])
    lines = result.output.splitlines()
    header = next(line for line in lines if line.startswith("MEMBER"))
    [russia] = [line for line in lines if line.startswith("RUS")]
    assert russia.index("Russia said no.") == header.index("QUOTE")
    assert "\\x1b[31mcited\\u202eevil" in russia


def test_extract_shows_an_article_s_control_characters_escaped(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(f"published: 2020-01-02\n\nRussia vetoed the French draft resolution {TITLE}on Syria.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\\x1b]0;owned\\x07" in result.output


@pytest.mark.parametrize("draft, shown", [("D1\n2020-01-05 vetoed", "U+000A"), ("D\u200b1", "U+200B"),
                                          ("D\u202e1", "U+202E"), ("D\x1b[2J", "U+001B")])
@pytest.mark.parametrize("key", ["draft", "into"])
def test_an_id_with_a_control_or_invisible_character_is_refused(draft, shown, key, tmp_path):
    event = {"event": "merged", "draft": "D0", "into": "D0", key: draft}
    with pytest.raises(InputError) as refused:
        read_script(_script(tmp_path, event))
    assert str(refused.value).startswith(f"{tmp_path / 'd' / 's.jsonl'}:1: '{key}' holds an invisible or control "
                                         f"character ({shown}")


def test_two_spellings_of_one_id_are_one_draft(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    script = _script(tmp_path, {"event": "proposed", "draft": "Caf\u00e9", "sponsors": ["FRA"], "date": "2020-01-02"},
                     {"event": "revised", "draft": "Cafe\u0301", "date": "2020-01-03"})
    assert CliRunner().invoke(cli, ["--db", url, "replay", str(script)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--db", url, "status", "--json"])
    assert [(row["id"], row["state"]) for row in json.loads(result.output)] == [("Caf\u00e9", "revised")]
    history = CliRunner().invoke(cli, ["--db", url, "history", "Cafe\u0301", "--json"])
    assert [row["type"] for row in json.loads(history.output)] == ["proposed", "revised"]


@pytest.mark.parametrize("option", ["--member", "--draft"])
def test_an_empty_member_or_draft_is_an_error_not_every_one(option, database):
    result = CliRunner().invoke(cli, ["--db", database, "positions", option, ""])
    assert result.exit_code == 2
    assert result.output == f"Error: {option[2:]}: empty; leave the option out for every {option[2:]}\n"

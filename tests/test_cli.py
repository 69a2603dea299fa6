"""The CLI as a user meets it: output, JSON fields, exit codes, start-up imports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import wcwidth
from click.testing import CliRunner

from tests.support.paths import SCENARIO
from tracker.cli import cli
from tracker.usecases.rows import EventRow


@pytest.fixture
def run(database_url):
    """Invoke the CLI against the test database; returns the Result."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["--db", database_url, *map(str, args)], catch_exceptions=False)

    return invoke


@pytest.fixture
def replayed(run):
    assert run("replay", SCENARIO).exit_code == 0
    return run


def test_replay_reports_counts(run):
    result = run("replay", SCENARIO)
    assert result.exit_code == 0
    assert "9 events, added 9, 0 already stored; 9 applied, 0 conflicts" in result.output
    again = run("replay", SCENARIO)
    assert "added 0, 9 already stored" in again.output


def test_status_table_and_json(replayed):
    table = replayed("status").output
    assert table.splitlines()[0].split()[:3] == ["DRAFT", "STATE", "SPONSORS"]
    assert "FR-ISIL-2015  adopted" in table
    rows = json.loads(replayed("status", "--json").output)
    assert {"id", "label", "sponsors", "state", "last_event_date", "pending_merges", "resolution"} <= set(rows[0])
    french = next(r for r in rows if r["id"] == "FR-ISIL-2015")
    assert (french["state"], french["resolution"], french["sponsors"]) == ("adopted", "2249 (2015)", ["FRA"])


def test_status_as_of(replayed):
    rows = json.loads(replayed("status", "--as-of", "2015-11-19", "--json").output)
    assert {r["id"]: r["state"] for r in rows} == {"FR-ISIL-2015": "proposed", "RU-ISIL-2015": "revised"}


def test_positions_cover_the_whole_council(replayed):
    rows = json.loads(replayed("positions", "--draft", "RU-ISIL-2015", "--as-of", "2015-11-19", "--json").output)
    assert len(rows) == 15
    assert {"draft", "member", "stance", "since", "source"} <= set(rows[0])
    by_member = {r["member"]: r for r in rows}
    assert by_member["USA"]["stance"] == "opposes" and by_member["GBR"]["stance"] == "opposes"
    assert by_member["NZL"] == {**by_member["NZL"], "stance": "unknown", "since": None, "source": None}
    table = replayed("positions", "--draft", "RU-ISIL-2015").output
    assert "USA     United States   opposes" in table


def test_positions_of_one_member(replayed):
    rows = json.loads(replayed("positions", "--member", "France", "--json").output)
    assert {(r["draft"], r["stance"]) for r in rows} == {("FR-ISIL-2015", "supports"),
                                                        ("RU-ISIL-2015", "conditional")}


def test_history_and_events(replayed):
    history = replayed("history", "RU-ISIL-2015")
    assert history.exit_code == 0
    assert "merge_proposed" in history.output and "factuality=hedged" in history.output
    rows = json.loads(replayed("events", "--type", "vote", "--json").output)
    [vote] = rows
    assert vote["details"]["votes"] == {"for": 15, "against": 0, "abstain": 0}
    assert vote["source"]["line"] == 78


def test_unknown_draft_is_refused_with_status_1(replayed):
    result = replayed("history", "NOPE")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no draft 'NOPE'"


def test_bad_option_values_exit_2(replayed):
    assert replayed("status", "--as-of", "2015-13-01").exit_code == 2
    assert replayed("positions", "--as-of", "2015-11").exit_code == 2
    result = replayed("positions", "--member", "Atlantis")
    assert result.exit_code == 2 and "unknown member 'Atlantis'" in result.stderr


def test_rebuild(replayed):
    result = replayed("rebuild")
    assert result.output.strip() == "rebuilt 2 drafts from 9 events (0 verdicts changed)"


def test_reports_on_an_uninitialised_database_say_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "empty.db"), "status"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "run `tracker init`" in result.stderr


def test_init_is_idempotent(run):
    assert "is at revision 0008" in run("init").output
    assert "is at revision 0008" in run("init").output


def test_members_on_a_date():
    result = CliRunner().invoke(cli, ["members", "--on", "2015-11-20", "--json"], catch_exceptions=False)
    rows = json.loads(result.output)
    assert len(rows) == 15
    assert rows[0] == {"code": "CHN", "name": "China", "permanent": True}
    assert sum(r["permanent"] for r in rows) == 5


def test_diagram_is_mermaid():
    output = CliRunner().invoke(cli, ["diagram"], catch_exceptions=False).output
    assert "stateDiagram-v2" in output
    assert "in_blue --> vetoed: vote | veto" in output


def test_database_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DATABASE_URL", str(tmp_path / "env.db"))
    runner = CliRunner()
    assert runner.invoke(cli, ["replay", str(SCENARIO)], catch_exceptions=False).exit_code == 0
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize("args", [["--help"], ["members", "--help"], ["replay", "--help"]])
def test_help_does_not_import_the_database_stack(args):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tracker.cli import cli\n"
        f"result = CliRunner().invoke(cli, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
        "loaded = sorted(m for m in ('sqlalchemy', 'alembic', 'tabulate') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_members_past_the_data_warn_that_some_are_missing():
    from tracker.domain.council import covered_until

    later = covered_until().replace(year=covered_until().year + 1).isoformat()
    result = CliRunner().invoke(cli, ["members", "--on", later], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"complete up to {covered_until()}" in result.stderr
    sitting = CliRunner().invoke(cli, ["members", "--on", covered_until().isoformat()], catch_exceptions=False)
    assert sitting.stderr == ""


# --- output formats: a table by default, --json, --csv --------------------------------------

STATUS_TABLE = """\
DRAFT         STATE    SPONSORS  LAST EVENT      DATE        PENDING MERGE INTO     RESOLUTION   LABEL
FR-ISIL-2015  adopted  FRA       vote            2015-11-20  -                      2249 (2015)  French draft, short and focused on fighting Daesh…
RU-ISIL-2015  revised  RUS       merge_proposed  2015-11-18  FR-ISIL-2015 (hedged)  -            Russian draft on fighting ISIL and terrorist grou…
"""


def _csv_rows(output: str) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(output))
    return reader.fieldnames, list(reader)


def test_status_in_each_format(replayed):
    assert replayed("status").output == STATUS_TABLE
    rows = json.loads(replayed("status", "--json").output)
    assert [row["id"] for row in rows] == ["FR-ISIL-2015", "RU-ISIL-2015"]
    assert rows[1]["pending_merges"] == [{"into": "FR-ISIL-2015", "factuality": "hedged"}]
    header, records = _csv_rows(replayed("status", "--csv").output)
    assert header == list(rows[0])  # the CSV header is the JSON form's keys, in order
    assert [(r["id"], r["state"], r["resolution"]) for r in records] == \
        [("FR-ISIL-2015", "adopted", "2249 (2015)"), ("RU-ISIL-2015", "revised", "")]
    # Nested values are JSON inside the cell.
    assert [json.loads(r["sponsors"]) for r in records] == [["FRA"], ["RUS"]]
    assert json.loads(records[1]["pending_merges"]) == rows[1]["pending_merges"]


def test_positions_in_each_format(replayed):
    table = replayed("positions", "--member", "FRA").output.splitlines()
    # One titled table per draft, a blank line between them.
    assert table[0] == "FR-ISIL-2015" and table[3] == "" and table[4] == "RU-ISIL-2015"
    assert table[1].split() == ["MEMBER", "NAME", "STANCE", "SINCE", "SOURCE", "QUOTE"]
    assert table[2].split()[:4] == ["FRA", "France", "supports", "2015-11-20"]
    rows = json.loads(replayed("positions", "--json").output)
    header, records = _csv_rows(replayed("positions", "--csv").output)
    assert header == ["draft", "member", "name", "on_council", "stance", "since", "source"]
    assert [(r["draft"], r["member"], r["stance"]) for r in records] == \
        [(r["draft"], r["member"], r["stance"]) for r in rows]
    assert [json.loads(r["source"]) if r["source"] else None for r in records] == [r["source"] for r in rows]


def test_history_in_each_format(replayed):
    table = replayed("history", "FR-ISIL-2015").output.splitlines()
    assert table[0].split() == ["ID", "DATE", "EVENT", "STATUS", "MEMBERS", "DETAILS", "SOURCE"]
    assert [line.split()[2] for line in table[1:]] == ["drafting", "proposed", "vote"]
    rows = json.loads(replayed("history", "FR-ISIL-2015", "--json").output)
    assert [row["type"] for row in rows] == ["drafting", "proposed", "vote"]
    header, records = _csv_rows(replayed("history", "FR-ISIL-2015", "--csv").output)
    assert header == list(rows[0])
    assert [int(r["id"]) for r in records] == [row["id"] for row in rows]
    assert json.loads(records[2]["details"])["votes"] == {"for": 15, "against": 0, "abstain": 0}


@pytest.mark.parametrize("command", [["status"], ["positions"], ["history", "RU-ISIL-2015"], ["events"],
                                     ["members", "--on", "2015-11-20"], ["sql", "SELECT id FROM drafts"]])
def test_every_report_takes_json_and_csv_but_not_both(replayed, command):
    as_json = json.loads(replayed(*command, "--json").output)
    header, records = _csv_rows(replayed(*command, "--csv").output)
    assert len(records) == len(as_json) > 0 and header == list(as_json[0])
    both = replayed(*command, "--json", "--csv")
    assert both.exit_code == 2 and "choose one of --json and --csv" in both.stderr


def test_an_empty_report_still_prints_its_csv_header(replayed):
    output = replayed("events", "--status", "conflict", "--csv").output
    assert output.splitlines() == [",".join(EventRow.field_names())]


def test_tables_align_wide_characters(replayed):
    output = replayed("sql", "SELECT '中文' AS name, 1 AS n UNION ALL SELECT 'abcdef', 2").output
    # 中文 is four columns wide on a terminal: the second column starts at the same place on every line.
    assert [wcwidth.wcswidth(line[:-1]) for line in output.splitlines()] == [8, 8, 8]


def test_a_report_loads_neither_alembic_nor_extraction(replayed, database_url):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tracker.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['--db', {database_url!r}, 'status'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic' or m.startswith(\n"
        "    ('tracker.migrations', 'tracker.extract', 'tracker.usecases.replay', 'tracker.usecases.ingest',\n"
        "     'tracker.services')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""

"""The CLI as a user meets it: output, JSON fields, exit codes, start-up imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import SCENARIO

from tracker.cli import cli


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
    assert "is at revision 0005" in run("init").output
    assert "is at revision 0005" in run("init").output


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
        "loaded = sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules)\n"
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

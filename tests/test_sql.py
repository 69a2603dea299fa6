"""``tracker sql``: read-only by construction. Whatever would write is refused and changes nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tests.support.paths import SCENARIO
from tracker.cli import cli
from tracker.services import Tracker


@pytest.fixture
def replayed(database_url):
    tracker = Tracker(database_url)
    tracker.replay([SCENARIO])
    yield tracker
    tracker.engine.dispose()


def _run(database_url, *args):
    return CliRunner().invoke(cli, ["--db", database_url, "sql", *args], catch_exceptions=False)


def test_a_query_prints_a_table_json_and_csv(replayed, database_url):
    query = "SELECT id, state FROM draft_status ORDER BY id"
    table = _run(database_url, query)
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split() == ["id", "state"]
    assert "FR-ISIL-2015  adopted" in table.output
    rows = json.loads(_run(database_url, query, "--json").output)
    assert rows == [{"id": "FR-ISIL-2015", "state": "adopted"}, {"id": "RU-ISIL-2015", "state": "revised"}]
    lines = list(csv.reader(io.StringIO(_run(database_url, query, "--csv").output)))
    assert lines == [["id", "state"], ["FR-ISIL-2015", "adopted"], ["RU-ISIL-2015", "revised"]]


def test_text_with_colons_percent_signs_and_question_marks_is_not_a_placeholder(replayed, database_url):
    result = _run(database_url, "SELECT 'a:b' AS x, '50%' AS y, 'why?' AS z", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output) == [{"x": "a:b", "y": "50%", "z": "why?"}]


WRITES = [
    "INSERT INTO countries (code, name, official_name) VALUES ('XXX', 'X', 'X')",
    "UPDATE drafts SET state = 'adopted'",
    "DELETE FROM events",
    "DROP TABLE events",
    "DROP VIEW draft_status",
    "CREATE TABLE t (x INTEGER)",
    "ALTER TABLE drafts ADD COLUMN x INTEGER",
    "SELECT 1; DELETE FROM events",
    "DELETE FROM events; SELECT 1",
    "SELECT 1; SELECT 2",
]
SQLITE_ONLY = [
    "ATTACH DATABASE 'other.db' AS other",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 7",
    "VACUUM",
    "REINDEX",
]
POSTGRES_ONLY = [
    "SELECT nextval(pg_get_serial_sequence('events', 'id'))",  # sequences ignore rollback
    "SELECT setval(pg_get_serial_sequence('events', 'id'), 99999)",
    "COPY events TO STDOUT",
]


@pytest.mark.parametrize("statement", WRITES + SQLITE_ONLY + POSTGRES_ONLY)
def test_what_would_write_is_refused_and_changes_nothing(replayed, database_url, dump, tmp_path, statement):
    postgres = database_url.startswith("postgres")
    if statement in (SQLITE_ONLY if postgres else POSTGRES_ONLY):
        pytest.skip("a statement of the other backend")
    before = dump(replayed)
    result = _run(database_url, statement)
    assert result.exit_code in (1, 2), result.output
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert dump(replayed) == before
    assert not (tmp_path / "other.db").exists()


def test_a_write_is_refused_as_such(replayed, database_url):
    result = _run(database_url, "DELETE FROM events")
    assert result.exit_code == 1
    assert "refused: tracker sql only reads" in result.output


def test_bad_sql_is_bad_input(replayed, database_url):
    result = _run(database_url, "SELEC nothing")
    assert result.exit_code == 2
    assert result.output.startswith("Error: SQL: ")
    missing = _run(database_url, "SELECT * FROM no_such_table")
    assert missing.exit_code == 2


def test_a_read_only_pragma_still_works_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Tracker(url).init()
    result = _run(url, "PRAGMA table_info(drafts)", "--json")
    assert result.exit_code == 0
    assert "state" in {row["name"] for row in json.loads(result.output)}


def test_a_write_is_refused_with_exit_1_on_both_backends(replayed, database_url):
    statement = "VACUUM" if database_url.startswith("sqlite") else "VACUUM events"
    for refused in (statement, "DELETE FROM events", "CREATE TABLE t (x INTEGER)"):
        result = _run(database_url, refused)
        assert result.exit_code == 1, (refused, result.output)
        assert result.output.startswith("Error: refused: tracker sql only reads")


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) AS n FROM c"


@pytest.mark.slow
def test_a_query_that_runs_too_long_is_stopped(replayed, database_url):
    import time

    started = time.monotonic()
    result = _run(database_url, ENDLESS, "--timeout", "1.5")
    took = time.monotonic() - started
    assert result.exit_code == 1
    assert result.output == "Error: the query ran longer than 1.5 s: stopped (--timeout SECONDS gives it longer)\n"
    assert took < 10
    assert _run(database_url, "SELECT 1 AS one", "--timeout", "0").exit_code == 2  # not a time limit


def test_rows_past_the_cap_are_left_out_with_a_warning(replayed, database_url):
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"
    result = CliRunner().invoke(cli, ["--db", database_url, "sql", endless, "--max-rows", "3",
                                                      "--csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["x", "1", "2", "3"]
    assert result.stderr == "Warning: only the first 3 rows are shown (--max-rows N shows more)\n"


def test_json_is_valid_with_numbers_that_are_not_finite_and_repeated_names(replayed, database_url):
    if database_url.startswith("sqlite"):
        statement = "SELECT 1 AS x, 2 AS x, 9e999 AS big, -9e999 AS small, 3 AS x_2"
    else:
        statement = ("SELECT 1 AS x, 2 AS x, 'Infinity'::float8 AS big, '-Infinity'::float8 AS small, "
                     "3 AS x_2, 'NaN'::float8 AS nan")
    result = _run(database_url, statement, "--json")
    assert result.exit_code == 0
    assert "Infinity" not in result.output.replace('"Infinity"', "").replace('"-Infinity"', "")
    [row] = json.loads(result.output, parse_constant=lambda name: pytest.fail(f"bare {name} in JSON"))
    assert list(row) == ["x", "x_3", "big", "small", "x_2", *(["nan"] if "nan" in row else [])]
    assert (row["x"], row["x_3"], row["x_2"]) == (1, 2, 3)
    assert (row["big"], row["small"], row.get("nan", "NaN")) == ("Infinity", "-Infinity", "NaN")
    csv_header = _run(database_url, statement, "--csv").output.splitlines()[0]
    assert csv_header.split(",")[:5] == ["x", "x_3", "big", "small", "x_2"]


def test_a_value_too_long_for_tracker_sql_stops_the_query(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    Tracker(url).init()
    result = _run(url, "SELECT length(randomblob(40000000)) AS n")
    assert result.exit_code == 1
    assert result.output == "Error: the query made a value longer than 32 MiB: stopped\n"

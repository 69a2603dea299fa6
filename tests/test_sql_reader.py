"""``tracker sql`` on PostgreSQL reads with a reader's privileges, not the login's.

The test server's login is the superuser ``postgres``: a read-only transaction
alone lets it run programs, read and write the server's files and stop other
sessions. Through the reader role all of that is refused.
"""

from __future__ import annotations

import threading
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from tests.support.paths import SCENARIO
from tracker.cli import cli
from tracker.config import resolve_database_url
from tracker.services import Tracker

pytestmark = pytest.mark.usefixtures("replayed")


@pytest.fixture
def url(postgres_schema_url):
    return postgres_schema_url


@pytest.fixture
def replayed(url):
    tracker = Tracker(url)
    tracker.replay([SCENARIO])
    yield tracker
    tracker.engine.dispose()


def _sql(url, *args):
    return CliRunner().invoke(cli, ["--db", url, "sql", *args], catch_exceptions=False)


def _refused(result) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: refused") and len(result.output.strip().splitlines()) == 1, \
        result.output


def test_the_statement_runs_as_the_reader_role(url):
    result = _sql(url, "SELECT current_user AS who, session_user AS login", "--csv")
    assert result.exit_code == 0, result.output
    who, login = result.output.splitlines()[1].split(",")
    assert who.startswith("tracker_read_") and login == "postgres"


SERVER_FILE = "/tmp/tracker-sql-must-not-write-this"

ESCAPES = {
    "program": "COPY (SELECT 1) TO PROGRAM 'touch {marker}'",
    "program in a function": "SELECT query_to_xml('COPY (SELECT 1) TO PROGRAM ''touch {marker}''', true, true, '')",
    "server file": f"COPY (SELECT 1) TO '{SERVER_FILE}'",
    "read a server file": "SELECT pg_read_file('/etc/passwd')",
    "list a server folder": "SELECT pg_ls_dir('/')",
    "back to the login's role": "SELECT set_config('role', 'postgres', true), "
                                "query_to_xml('SELECT pg_read_file(''/etc/passwd'')', true, true, '')",
    "back to the login": "SELECT set_config('session_authorization', 'postgres', true), "
                         "query_to_xml('SELECT pg_ls_dir(''/'')', true, true, '')",
    "a block": "DO $$BEGIN RESET ROLE; EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch {marker}'''; END$$",
    "a replication slot": "SELECT pg_create_physical_replication_slot('tracker_sql_slot')",
    "the writers' table lock": "SELECT * FROM alembic_version FOR SHARE",
    "lock a table": "LOCK TABLE alembic_version IN ROW SHARE MODE",
    "copy out": "COPY events TO STDOUT",
}


@pytest.mark.parametrize("name", list(ESCAPES))
def test_what_a_superuser_could_do_is_refused(url, replayed, dump, tmp_path, name):
    marker = tmp_path / "ran"
    before = dump(replayed)
    _refused(_sql(url, ESCAPES[name].format(marker=marker)))
    assert dump(replayed) == before
    assert not marker.exists()
    import os

    assert not os.path.exists(SERVER_FILE)
    with replayed.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM pg_replication_slots")).scalar() == 0


def test_another_session_cannot_be_stopped(url):
    other = create_engine(resolve_database_url(url))
    try:
        with other.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
            _refused(_sql(url, f"SELECT pg_terminate_backend({pid})"))
            _refused(_sql(url, f"SELECT pg_cancel_backend({pid})"))
            assert conn.execute(text("SELECT 1")).scalar() == 1  # still connected
    finally:
        other.dispose()


def test_a_reader_holding_the_old_writers_lock_key_does_not_hold_writers_back(url, replayed, write_script):
    # Any session may take an advisory lock: writers no longer queue on one once the schema exists.
    held = "SELECT pg_advisory_xact_lock(1953655666, hashtext(current_schema())), pg_sleep(8)"
    reader = threading.Thread(target=_sql, args=(url, held, "--timeout", "20"))
    reader.start()
    try:
        time.sleep(1.5)
        script = write_script("- {event: proposed, draft: X-2016, sponsors: [FRA], date: 2016-01-05}\n")
        [report] = replayed.replay([script])
        reader_still_holding = reader.is_alive()
    finally:
        reader.join()
    assert report.added == 1
    assert reader_still_holding, "the writer waited for the reader to let go"


def test_a_superuser_without_the_reader_role_is_refused_with_how_to_set_it_up(url, replayed):
    with replayed.engine.begin() as conn:
        conn.execute(text("DROP FUNCTION tracker_read(text, integer)"))
    result = _sql(url, "SELECT 1")
    _refused(result)
    assert "superuser" in result.output and "tracker init" in result.output
    replayed.init()  # makes it again
    assert _sql(url, "SELECT 1 AS one", "--csv").output.splitlines() == ["one", "1"]


def test_the_reader_role_reads_only_the_trackers_tables(url, replayed):
    with replayed.engine.begin() as conn:
        conn.execute(text("CREATE TABLE not_the_trackers (secret TEXT)"))
        conn.execute(text("INSERT INTO not_the_trackers VALUES ('kept')"))
    _refused(_sql(url, "SELECT secret FROM not_the_trackers"))
    assert _sql(url, "SELECT COUNT(*) AS n FROM event_log", "--csv").output.splitlines() == ["n", "9"]


@pytest.fixture
def analyst_login(url, replayed):
    """A login that is not a superuser, allowed to read the tracker's schema; its URL."""
    import uuid

    from sqlalchemy.engine import make_url

    name = f"t_analyst_{uuid.uuid4().hex[:10]}"
    with replayed.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{conn.execute(text("SELECT current_schema()")).scalar()}" '
                          f'TO "{name}"'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{conn.execute(text("SELECT current_schema()")).scalar()}" '
                          f'TO "{name}"'))
    yield name, make_url(url).set(username=name).render_as_string(hide_password=False)
    with replayed.engine.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{name}"'))
        conn.execute(text(f'DROP ROLE "{name}"'))


def test_a_login_that_is_not_a_superuser_reads_as_itself_until_granted_the_reader_role(analyst_login, replayed):
    name, analyst_url = analyst_login
    as_itself = _sql(analyst_url, "SELECT current_user AS who", "--csv")
    assert as_itself.output.splitlines() == ["who", name]
    _refused(_sql(analyst_url, "COPY events TO STDOUT"))  # one line, the connection thrown away
    assert _sql(analyst_url, "SELECT COUNT(*) AS n FROM events", "--csv").output.splitlines() == ["n", "9"]
    with replayed.engine.begin() as conn:
        role = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE 'tracker_read_%' "
                                 "AND has_schema_privilege(oid, current_schema(), 'USAGE')")).scalar()
        conn.execute(text(f'GRANT "{role}" TO "{name}"'))
    as_reader = _sql(analyst_url, "SELECT current_user AS who", "--csv")
    assert as_reader.output.splitlines() == ["who", role]

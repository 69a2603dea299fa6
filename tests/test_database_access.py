"""Where the database is: a URL that cannot be used, a file that is not there, a folder that cannot be
written to. Each is one line and an exit status, never a traceback, and reading never creates a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.paths import REPO, SCENARIO
from tracker.cli import cli


def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _one_error(result, exit_code: int = 1) -> str:
    assert result.exit_code == exit_code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.mark.parametrize("url", ["foo://host/db", "mysql://someone@host/db", "postgresql://u:secret@host:port/db"])
def test_a_url_that_cannot_be_used_is_one_line(url):
    line = _one_error(_run("--db", url, "status"))
    assert line.startswith("Error: --db: cannot use ")
    assert "secret" not in line


def test_an_empty_db_is_an_error(tmp_path):
    line = _one_error(_run("--db", "", "status"))
    assert "no database given" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["status"], ["positions"], ["history", "X"], ["events"], ["sql", "SELECT 1"],
                                     ["rebuild"]])
def test_reading_a_mistyped_file_creates_nothing(tmp_path, command):
    line = _one_error(_run("--db", str(tmp_path / "trakcer.db"), *command))
    assert "no database at" in line and "trakcer.db" in line
    assert list(tmp_path.iterdir()) == []


def test_a_limit_past_what_the_database_counts_is_bad_input(tracker, database_url):
    tracker.replay([SCENARIO])
    result = _run("--db", database_url, "events", "--limit", str(2**63))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--limit" in result.output
    largest = _run("--db", database_url, "events", "--limit", str(2**63 - 1), "--json")
    assert largest.exit_code == 0 and largest.output.count('"draft"') == 9


def _as_another_user(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the tracker as a user who cannot write to ``cwd`` (root writes anywhere: it runs as nobody)."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and no setpriv to drop the privilege")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    environment = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(cwd), "TRACKER_DATABASE_URL": "tracker.db"}
    if prefix and subprocess.run([*prefix, sys.executable, "-c", "import tracker"], cwd=cwd, env=environment,
                                 capture_output=True).returncode != 0:
        pytest.skip("the checkout or its virtualenv lies in a folder the unprivileged user cannot read")
    return subprocess.run([*prefix, sys.executable, "-m", "tracker", *command], cwd=cwd, env=environment,
                          capture_output=True, text=True)


@pytest.fixture
def read_only_folder():
    """A folder with a replayed tracker.db, then made read-only (outside pytest's private tmp folders)."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-ro-"))
    from tracker.services import Tracker

    tracker = Tracker(f"sqlite:///{folder / 'tracker.db'}")
    tracker.replay([SCENARIO])
    tracker.engine.dispose()
    for leftover in folder.glob("tracker.db-*"):
        leftover.unlink()
    (folder / "tracker.db").chmod(0o644)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_a_database_in_a_read_only_folder_is_read_with_a_warning(read_only_folder):
    status = _as_another_user(["status", "--json"], read_only_folder)
    assert status.returncode == 0, status.stderr
    assert '"FR-ISIL-2015"' in status.stdout
    assert status.stderr.startswith("Warning: tracker.db: its folder is read-only")
    query = _as_another_user(["sql", "SELECT COUNT(*) AS n FROM events", "--csv"], read_only_folder)
    assert query.returncode == 0, query.stderr
    assert query.stdout.splitlines() == ["n", "9"]
    write = _as_another_user(["replay", str(SCENARIO)], read_only_folder)
    assert write.returncode == 1 and "Traceback" not in write.stderr
    assert write.stderr.strip().splitlines()[-1].startswith("Error: database: ")
    assert sorted(path.name for path in read_only_folder.iterdir()) == ["tracker.db"]

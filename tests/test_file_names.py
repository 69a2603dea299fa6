"""File names and arguments that are not UTF-8 text.

A file name of bytes that are not UTF-8 refuses that file, named with its
bytes escaped, and the others go on; ids, filters and the database URL given
as such bytes are one error line.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from tests.support.paths import SCENARIO, SEEDS
from tracker.cli import cli

BAD_NAME = os.fsdecode(b"b_caf\xe9.txt")
SHOWN = "b_caf\\xe9.txt"


@pytest.fixture
def folder(tmp_path):
    """The seeds, with a copy of one under a name that is not UTF-8 sorted before the rest."""
    news = tmp_path / "seeds"
    shutil.copytree(SEEDS, news)
    shutil.copy(SEEDS / "004_c7d0a19bd9856aed.txt", news / BAD_NAME)
    return news


def test_ingest_refuses_the_file_by_name_and_reads_the_rest(folder, tmp_path):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 't.db'}", "ingest", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.stdout.splitlines()[0].startswith("6 articles: 5 added, 0 replaced, 0 unchanged, 1 refused")
    assert result.stderr.strip().splitlines()[-1] == \
        f"Error: {folder}/{SHOWN}: refused: the file name is not UTF-8 text"


def test_ingest_json_stays_valid_utf8(folder, tmp_path):
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 't.db'}", "ingest", "--json", str(folder)])
    reports = json.loads(result.stdout_bytes.decode("utf-8"))
    assert [r["path"] for r in reports if r["outcome"] == "refused"] == [f"{folder}/{SHOWN}"]


def test_extract_json_stays_valid_utf8_and_names_the_refused_file(folder):
    result = CliRunner().invoke(cli, ["extract", "--json", str(folder)])
    assert result.exit_code == 2
    findings = json.loads(result.stdout_bytes.decode("utf-8"))
    assert findings and {f["evidence"]["article"] for f in findings} <= \
        {f"seeds/{path.name}" for path in SEEDS.glob("*.txt")}
    assert f"Error: {folder}/{SHOWN}: refused: the file name is not UTF-8 text" in result.stderr


def test_replay_refuses_a_script_whose_name_is_not_utf8(tmp_path):
    script = tmp_path / os.fsdecode(b"sc\xe9nario.yaml")
    shutil.copy(SCENARIO, script)
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 't.db'}", "replay", str(script)])
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path}/sc\\xe9nario.yaml: the file name is not UTF-8 text\n"


@pytest.mark.parametrize("args, shown", [
    (["history", os.fsdecode(b"\xff")], "draft '\\xff'"),
    (["positions", "--draft", os.fsdecode(b"RU\xff")], "draft 'RU\\xff'"),
    (["positions", "--member", os.fsdecode(b"\xe9")], "member '\\xe9'"),
    (["events", "--source", os.fsdecode(b"s\xff")], "source 's\\xff'"),
    (["--db", os.fsdecode(b"caf\xe9.db"), "status"], "db 'caf\\xe9.db'"),
])
def test_an_argument_that_is_not_utf8_is_one_error_line(args, shown, tmp_path):
    if args[0] != "--db":
        args = ["--db", f"sqlite:///{tmp_path / 't.db'}", *args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.output == f"Error: {shown} is not UTF-8 text\n"
    assert not list(tmp_path.glob("caf*"))

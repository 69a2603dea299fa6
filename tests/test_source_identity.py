"""A source's name in the log does not depend on where the command runs.

Articles and scripts are named by their path below the folder that holds the
path given (``seeds/001.txt``), or below ``--root``. The same corpus read
from three working directories, or from a copy elsewhere, is stored once; a
corrected article read from elsewhere replaces its old version; a script
replayed by absolute and by relative path is stored once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.paths import SCENARIO, SEEDS
from tracker.cli import cli
from tracker.domain.sources import source_ref

CHANGED = "000_c2a597a5a44571bd.txt"
WITHDRAWN = "published: 2015-11-25\n\nRussia withdrew its revised draft resolution on Wednesday.\n"


def _counts(tracker) -> tuple[int, int]:
    rows = tracker.sql("SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM events)").rows
    return tuple(rows[0])


def test_a_corpus_read_from_three_working_directories_is_stored_once(tracker, tmp_path, monkeypatch):
    corpus = tmp_path / "work" / "seeds"
    shutil.copytree(SEEDS, corpus)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    first = tracker.ingest(["seeds"])
    stored = _counts(tracker)
    assert stored[0] == 5 and {report.outcome for report in first} == {"added"}
    for folder, given in ((tmp_path / "elsewhere", str(corpus)), (corpus, "."), (tmp_path / "elsewhere", "../work/seeds/")):
        monkeypatch.chdir(folder)
        reports = tracker.ingest([given])
        assert {report.outcome for report in reports} == {"unchanged"}, (folder, given)
        assert {report.path for report in reports} == {report.path for report in first}
    assert _counts(tracker) == stored
    assert {row.path for row in tracker.articles()} == {f"seeds/{path.name}" for path in SEEDS.glob("*.txt")}


def test_a_copy_of_the_corpus_under_another_name_is_stored_once(tracker, tmp_path):
    tracker.ingest([SEEDS])
    stored = _counts(tracker)
    copy = tmp_path / "clippings"
    shutil.copytree(SEEDS, copy)
    assert {report.outcome for report in tracker.ingest([copy])} == {"unchanged"}
    assert _counts(tracker) == stored


def test_a_corrected_article_read_from_elsewhere_replaces_its_old_version(tracker, tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    tracker.ingest(["seeds/"])
    old = {row.id for row in tracker.events(source=CHANGED)}
    corrected = tmp_path / "machine-b" / "seeds"
    shutil.copytree(SEEDS, corrected)
    (corrected / CHANGED).write_text(WITHDRAWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    reports = {report.path: report.outcome for report in tracker.ingest([corrected / CHANGED])}
    assert reports == {f"seeds/{CHANGED}": "replaced"}
    assert [row.path for row in tracker.articles() if row.path.endswith(CHANGED)] == [f"seeds/{CHANGED}"]
    current = tracker.events(source=CHANGED)
    assert "withdrawn" in [row.type for row in current]
    assert old and not old & {row.id for row in current}  # the old version's claims are retracted


def test_a_script_replayed_by_absolute_and_relative_path_is_stored_once(tracker, tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    [first] = tracker.replay([str(SCENARIO)])
    stored = _counts(tracker)
    monkeypatch.chdir(SEEDS)
    [again] = tracker.replay([SCENARIO.name])
    monkeypatch.chdir(tmp_path)
    [third] = tracker.replay([os.path.relpath(SCENARIO, tmp_path)])
    assert first.added > 0 and again.added == third.added == 0
    assert _counts(tracker) == stored
    refs = tracker.sql("SELECT DISTINCT source_ref FROM events WHERE source_kind = 'script'").rows
    assert refs == [(f"seeds/{SCENARIO.name}",)]


def test_under_a_root_sources_are_named_below_it(tracker, tmp_path):
    nested = tmp_path / "news" / "2015" / "november"
    nested.mkdir(parents=True)
    shutil.copy(SEEDS / CHANGED, nested / CHANGED)
    shutil.copy(SEEDS / "articles.yaml", nested / "articles.yaml")
    [from_top] = tracker.ingest([tmp_path / "news"], root=str(tmp_path))
    assert from_top.path == f"news/2015/november/{CHANGED}"
    [from_below] = tracker.ingest([nested / CHANGED], root=str(tmp_path))
    assert (from_below.path, from_below.outcome) == (from_top.path, "unchanged")


def test_two_files_that_would_share_a_name_are_told_apart(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side / "seeds").mkdir(parents=True)
        (tmp_path / side / "seeds" / "x.txt").write_text(f"Russia circulated draft {side}.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "a" / "seeds"), str(tmp_path / "b" / "seeds")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {tmp_path / 'b' / 'seeds' / 'x.txt'}: refused: named 'seeds/x.txt' in the log, as "
        f"{tmp_path / 'a' / 'seeds' / 'x.txt'} is: give --root to tell them apart")


def test_a_file_outside_the_root_is_refused(tmp_path):
    (tmp_path / "inside").mkdir()
    article = tmp_path / "x.txt"
    article.write_text("Russia circulated a draft.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--root", str(tmp_path / "inside"), str(article)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {article}: refused: not under the source root {tmp_path / 'inside'}"


def test_the_rule_names_a_file_by_its_folder_wherever_the_command_runs(tmp_path, monkeypatch):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for cwd in (tmp_path, folder, Path("/")):
        monkeypatch.chdir(cwd)
        assert source_ref(folder / "a.txt") == "seeds/a.txt"
        assert source_ref(folder / "a.txt", given=folder) == "seeds/a.txt"
        assert source_ref(folder / "sub" / "a.txt", given=folder) == "seeds/sub/a.txt"
    with pytest.raises(ValueError):
        source_ref(folder / "a.txt", root=tmp_path / "other")

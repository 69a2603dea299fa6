"""One rule names a source file, one format shows a place in it."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.sources import SCRIPT, Source, source_ref, where
from tracker.errors import InputError


def test_a_file_is_named_below_the_folder_holding_the_path_given(tmp_path, monkeypatch):
    (tmp_path / "scripts" / "2015").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert source_ref("scripts/2015/a.yaml") == "2015/a.yaml"
    assert source_ref("scripts/2015/a.yaml", given="scripts") == "scripts/2015/a.yaml"
    assert source_ref(tmp_path / "scripts" / "2015" / "a.yaml", given=tmp_path / "scripts") == "scripts/2015/a.yaml"
    assert source_ref(Path("scripts") / ".." / "scripts" / "./2015/a.yaml") == "2015/a.yaml"


def test_a_file_outside_the_working_directory_is_named_alike(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    ref = source_ref("../elsewhere/a.txt")
    assert ref == "elsewhere/a.txt"
    assert source_ref("../elsewhere/a.txt", root=tmp_path) == "elsewhere/a.txt"
    assert source_ref(tmp_path / "elsewhere" / "a.txt", root=tmp_path / "elsewhere") == "a.txt"


def test_a_place_is_ref_and_line_or_the_ref_alone():
    assert where("scripts/a.yaml", 12) == "scripts/a.yaml:12"
    assert where("scripts/a.yaml", None) == "scripts/a.yaml"
    assert where("a.yaml", 0) == "a.yaml:0"


def test_sources_and_errors_show_places_alike():
    assert Source(SCRIPT, "a.yaml", 3).location == "a.yaml:3"
    assert Source("article", "news/b.txt").location == "news/b.txt"
    assert str(Source(SCRIPT, "a.yaml", 3, quote="It was adopted.")) == 'a.yaml:3 "It was adopted."'
    assert str(InputError("bad date", "a.yaml", 3)) == "a.yaml:3: bad date"
    assert str(InputError("no such file", "a.yaml")) == "a.yaml: no such file"

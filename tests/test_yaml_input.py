"""YAML the tracker is given (scripts, article manifests): no aliases, ids kept as written.

A few hundred bytes of nested aliases expand to billions of values; the
loader refuses any alias with the file and line. YAML 1.1 reads ``010`` as 8
and ``12:30`` as 750: ids, symbols and resolution numbers keep the text.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.errors import InputError
from tracker.extract.reader import read_article
from tracker.scripts import read_script

# Nine levels of nine aliases: 9**9 (387 million) strings once expanded.
LAUGHS = "\n".join(["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                   + [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)])


def test_a_script_of_nested_aliases_is_refused_with_its_line(tmp_path):
    script = tmp_path / "laughs.yaml"
    script.write_text(f"- event: proposed\n  draft: D1\n  label: &lol lol\n- event: position\n  draft: D1\n"
                      f"  member: FRA\n  stance: supports\n  quote: *lol\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_script(script)
    assert str(refused.value) == f"{script}:8: YAML syntax: an alias (*lol): aliases are not allowed"


def test_billion_laughs_in_a_script_is_refused_at_once(tmp_path):
    script = tmp_path / "laughs.yaml"
    script.write_text(f"- event: proposed\n  draft: D1\n  label:\n    {LAUGHS.replace(chr(10), chr(10) + '    ')}\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 't.db'}", "replay", str(script)])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {script}:5: YAML syntax: an alias (*a0): aliases are not allowed"


def test_billion_laughs_in_a_manifest_refuses_its_folder_in_one_line(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "articles.yaml").write_text(LAUGHS + "\narticles:\n  - file: a.txt\n    published: *a9\n",
                                          encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("Russia circulated a draft resolution on Syria.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(folder)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {folder / 'articles.yaml'}:2: not valid YAML: an alias (*a0): aliases are not allowed"]


@pytest.mark.parametrize("written", ["010", "12:30", "0x1F", "1_000", "1e3", "yes", "2015-11-20", ".5"])
def test_ids_symbols_and_resolutions_keep_the_text_as_written(written, tmp_path):
    script = tmp_path / "ids.yaml"
    script.write_text(f"- event: proposed\n  draft: {written}\n  label: {written}\n  symbol: {written}\n"
                      f"- event: merged\n  draft: {written}\n  into: {written}\n  resolution: {written}\n",
                      encoding="utf-8")
    proposed, merged = (item.event for item in read_script(script))
    assert (proposed.draft, proposed.label, proposed.symbol) == (written, written, written)
    assert (merged.draft, merged.into, merged.resolution) == (written, written, written)


def test_a_quoted_number_and_a_plain_one_name_one_draft(tmp_path):
    script = tmp_path / "ids.yaml"
    script.write_text("- event: proposed\n  draft: 010\n- event: revised\n  draft: '010'\n", encoding="utf-8")
    assert {item.event.draft for item in read_script(script)} == {"010"}


def test_a_manifest_file_name_that_looks_like_a_number_is_kept(tmp_path):
    (tmp_path / "articles.yaml").write_text("- file: 010\n  published: 2015-11-20\n", encoding="utf-8")
    (tmp_path / "010").write_text("Russia circulated a draft resolution.\n", encoding="utf-8")
    assert str(read_article(tmp_path / "010").published) == "2015-11-20"

"""A bad ``articles.yaml`` refuses what it must and no more.

A bad entry (month 13, 30 February) refuses its own article, naming the
manifest's line; a manifest that cannot be read at all (not UTF-8, bad YAML,
nested too deep) is one error line for its folder; other folders go in.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tracker.cli import cli

ARTICLE = "Russia circulated a draft resolution on Syria on Wednesday.\n"


def _folder(root, name: str, manifest: bytes | None, files=("a.txt", "b.txt")):
    folder = root / name
    folder.mkdir()
    if manifest is not None:
        (folder / "articles.yaml").write_bytes(manifest)
    for file in files:  # texts of their own: the same text twice is one article
        (folder / file).write_text(f"{ARTICLE}({name}/{file})\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("date, why", [("2015-13-01", "no month 13"), ("2015-02-30", "no such day"),
                                       ("0000", "no year 0"), ("[2015]", "is not a date")])
def test_a_bad_manifest_date_refuses_only_its_article(date, why, tmp_path):
    bad = _folder(tmp_path, "bad", f"- file: a.txt\n  published: {date}\n- file: b.txt\n"
                                   "  published: 2015-11-18\n".encode())
    good = _folder(tmp_path, "good", b"- file: a.txt\n  published: 2015-11-19\n", files=("a.txt",))
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 't.db'}", "ingest", "--json",
                                      str(bad), str(good)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    reports = json.loads(result.stdout)
    outcomes = {report["path"]: report["outcome"] for report in reports}
    assert outcomes == {"bad/a.txt": "refused", "bad/b.txt": "added", "good/a.txt": "added"}
    error = next(report["error"] for report in reports if report["outcome"] == "refused")
    assert error.startswith(f"{bad / 'articles.yaml'}:2: refused: ") and why in error


@pytest.mark.parametrize("manifest, where, what", [
    (b"- file: a.txt\n  published: 2015-11-18 # caf\xe9\n", ":2", "not UTF-8 text"),
    (b"- file: a.txt\n  published: [2015-11-18\n", ":3", "not valid YAML"),
    (b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n", ":1", "not valid YAML: nested too deeply"),
    (b"just text\n", ":1", "expected a list of {file, published} entries"),
])
def test_a_bad_manifest_is_one_line_and_other_folders_go_in(manifest, where, what, tmp_path):
    bad = _folder(tmp_path, "bad", manifest)
    good = _folder(tmp_path, "good", b"- file: a.txt\n  published: 2015-11-19\n", files=("a.txt",))
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 't.db'}", "ingest", str(bad), str(good)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"Error: {bad / 'articles.yaml'}{where}: {what}"), errors
    assert result.output.splitlines()[0].startswith("3 articles: 1 added, 0 replaced, 0 unchanged, 2 refused")


def test_a_header_date_with_extra_digits_is_refused_not_cut(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("published: 2015-11-1899\n\n" + ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article)])
    assert result.exit_code == 2
    assert f"Error: {article}:1: refused: header date '2015-11-1899' is not a date" in result.output


def test_a_header_date_with_a_time_is_still_its_day(tmp_path):
    from tracker.extract.reader import read_article

    article = tmp_path / "a.txt"
    article.write_text("published: 2015-11-18T10:00:00Z\n\n" + ARTICLE, encoding="utf-8")
    assert str(read_article(article).published) == "2015-11-18"

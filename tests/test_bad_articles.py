"""Bad article input: whatever a file holds, reading it gives an article or a refusal, never a traceback.

tests/nasty/ holds small files with the worst of what a folder of saved
news can contain (its README says what each one exercises and which are
refused). Larger files are made here at test time, and generated articles
and raw bytes are thrown at the reader and the extractor. Every quote must
be the text at its offsets.

The generated runs print how many examples they ran (``pytest -s``);
``pytest --full`` runs 10,000 of each.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli import cli
from tracker.domain.dates import PartialDate
from tracker.extract.extractor import Extractor
from tracker.extract.reader import MAX_ARTICLE_BYTES, SUFFIXES, ArticleRefused, decode, read_article

NASTY = Path(__file__).resolve().parent / "nasty"
README = NASTY / "README.md"
ARTICLES = sorted(p.name for p in NASTY.iterdir() if p.suffix.lower() in SUFFIXES and p != README)

# The files the reader must refuse, with words their message must hold; every other file is read.
REFUSED = {
    "binary_png.txt": "refused: not a text file (binary data: a NUL byte at offset",
    "binary_controls.txt": "refused: not a text file (binary data:",
    "mostly_not_utf8.html": "refused: not a text file (",
    "utf16_truncated.txt": "refused: not a text file (a UTF-16 mark, but bad UTF-16",
    "header_impossible_date.txt": ":1: refused: header date 'February 30, 2015' is not a date",
    "header_year_zero.txt": ":1: refused: header date '0000' is not a date",
}


def assert_quotes_at_offsets(article, findings) -> None:
    """Each finding quotes the text at its offsets, and shows and stores without raising."""
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(article.text), finding
        assert " ".join(article.text[finding.start:finding.end].split()) == finding.quote
        json.dumps(finding.as_json(), ensure_ascii=False)
        finding.to_event()


def read_and_extract(path: Path, **options):
    """The article and its findings, read twice by one extractor (the second time its drafts are known)."""
    article = read_article(path, **options)
    extractor = Extractor()
    for _ in range(2):
        findings = extractor.extract(article)
        assert_quotes_at_offsets(article, findings)
    return article, findings


# --- the corpus ------------------------------------------------------------------------------------

def test_the_readme_lists_every_nasty_file_and_which_are_refused():
    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|.*\|\s*(read|refused)\s*\|\s*$", README.read_text(encoding="utf-8"), re.M)
    assert sorted(name for name, _ in rows) == ARTICLES
    assert {name for name, expected in rows if expected == "refused"} == set(REFUSED)
    assert all((NASTY / name).stat().st_size < 50_000 for name in ARTICLES)


@pytest.mark.parametrize("name", ARTICLES)
def test_a_nasty_file_is_read_or_refused_never_a_traceback(name):
    path = NASTY / name
    if name in REFUSED:
        with pytest.raises(ArticleRefused) as refused:
            read_article(path)
        assert str(refused.value).startswith(f"{path}:") and REFUSED[name] in str(refused.value)
        return
    article, _ = read_and_extract(path)
    assert "\ufeff" not in article.text[:1]
    assert all(warning.startswith(f"{path}: ") for warning in article.warnings)


def test_what_the_reader_makes_of_some_nasty_files():
    bad_bytes, _ = read_and_extract(NASTY / "invalid_utf8.txt")
    assert "\ufffd" in bad_bytes.text and any("not valid UTF-8" in w for w in bad_bytes.warnings)
    utf16, findings = read_and_extract(NASTY / "utf16le_bom.txt")
    assert utf16.published == PartialDate(2016, 10, 8) and "vetoed" in {f.type for f in findings}
    page, _ = read_and_extract(NASTY / "html_script_style.html")
    assert "var s" not in page.text and "content:" not in page.text and "Enable scripts" not in page.text
    assert page.title == "Veto & vote"
    raw = (NASTY / "html_entities.html").read_text(encoding="utf-8")
    assert len(read_and_extract(NASTY / "html_entities.html")[0].text) == len(raw)  # offsets kept
    assert read_and_extract(NASTY / "control_chars.txt")[0].published == PartialDate(2015, 11, 20)
    # Counting days from the calendar's ends ("next Monday" after 9999-12-31, "yesterday" before
    # 0001-01-01, "in December" of year 0): the dates that would fall outside it stay unresolved.
    for name, published in (("header_year_9999.txt", PartialDate(9999, 12, 31)),
                            ("header_year_one.txt", PartialDate(1, 1, 1))):
        article, findings = read_and_extract(NASTY / name)
        assert article.published == published and findings
        assert all(f.date is None or f.date.earliest() for f in findings)
    for name in ("empty.txt", "whitespace_only.txt", "punctuation_only.txt"):
        article, findings = read_and_extract(NASTY / name)
        assert findings == [] and any("no publication date" in w for w in article.warnings)
    assert read_and_extract(NASTY / "dateline_only.txt")[0].published == PartialDate(2015, 11, 18)


def test_the_whole_corpus_through_one_extractor():
    """The extractor shares its drafts across articles: one article's odd drafts meet the next one's."""
    extractor = Extractor()
    for name in ARTICLES:
        if name not in REFUSED:
            article = read_article(NASTY / name, published="2015-11-18")
            assert_quotes_at_offsets(article, extractor.extract(article))


# --- large files, made here --------------------------------------------------------------------------

NEWS = ("UNITED NATIONS (Reuters) - Russia on Friday vetoed a draft resolution drafted by France on Syria. "
        "The vote was 13-1-1, with China abstaining. "
        "The council has been divided for years over the war, which has killed hundreds of thousands of people. "
        "Aid agencies warned that the humanitarian situation continued to deteriorate across the region. "
        "Talks in Geneva stalled again this week as the envoy shuttled between the delegations. "
        "Diplomats said Britain could put a revised text to a vote next week. "
        "Fighting around the city intensified overnight, according to monitors on the ground. "
        "More than a million people have fled the area since the start of the year. "
        "Moscow's envoy told reporters the text was unbalanced and politicized. "
        "The secretary-general urged all sides to return to the negotiating table without preconditions. ")
# Every sentence an event: the findings pile up as fast as the text grows.
DENSE = ("Russia on Friday vetoed a draft resolution drafted by France on Syria, and the vote was 13-1-1, "
         "diplomats said. ")
# The same story without a capital or a full stop: one sentence as long as the file.
UNPUNCTUATED = ("russia vetoed a draft resolution drafted by france on syria and the vote was 13-1-1 with china "
                "abstaining while aid agencies warned that the humanitarian situation continued to deteriorate "
                "across the region and talks in geneva stalled again as the envoy shuttled between the delegations ")


def many_drafts(size: int) -> str:
    """Every sentence the veto of another numbered draft of one sponsor: the registry grows with the text."""
    unit = "Russia vetoed draft resolution S/2015/{}, drafted by France, by a vote of 13-1-1. "
    count = size // len(unit.format(100000)) + 1
    return "".join(unit.format(100000 + n) for n in range(count))[:size]


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize("length, shown", [(20 * 1024 * 1024, "20.0 MB"), (MAX_ARTICLE_BYTES + 1, "5.0 MB")])
def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path, length, shown):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(length)  # a sparse file: nothing is written, nothing need be read
    with pytest.raises(ArticleRefused) as refused:
        read_article(path)
    assert str(refused.value) == f"{path}: refused: too large for an article ({shown}; the limit is 5.0 MB)"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["news", "dense news", "many drafts", "one sentence", "one word"])
def test_one_enormous_line_is_read_and_extracted_in_reasonable_time(tmp_path, size, kind):
    """4 MB (the limit is 5), no line break: the work grows with the text, not with its square.

    (Before it did, 4 MB of dense news took 95 s and a 160 KB sentence 14 s, growing fourfold with
    each doubling, and 400 KB of vetoes of distinct drafts 23 s; the quick run reads less of the
    slowest kinds.)
    """
    length = 4 * 1024 * 1024
    text = {"news": lambda: repeated(NEWS, length),
            "dense news": lambda: repeated(DENSE, size(256 * 1024, length)),
            "many drafts": lambda: many_drafts(size(256 * 1024, 2 * 1024 * 1024)),
            "one sentence": lambda: repeated(UNPUNCTUATED, size(1024 * 1024, length)),
            "one word": lambda: repeated("Russiavetoedthedraftresolution13-1-1S/2015/123", length)}[kind]()
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    article = read_article(path, published="2015-11-20")
    findings = Extractor().extract(article)
    took = time.perf_counter() - started
    print(f"\n{kind}: {len(text) / 1024 / 1024:.1f} MB in one line, {len(findings)} findings, {took:.1f} s")
    assert_quotes_at_offsets(article, findings)
    if "news" in kind:
        assert {"vetoed", "vote"} <= {f.type for f in findings}
    assert took < 60


@pytest.mark.parametrize("suffix, unit", [(".html", "< "), (".html", "<!-- "), (".html", "<script "),
                                          (".html", "<title>x "), (".html", "<p a "), (".md", "["),
                                          (".md", "[a]("), (".md", "![a](b ")])
def test_markup_never_closed_is_read_in_reasonable_time(tmp_path, suffix, unit):
    path = tmp_path / f"unclosed{suffix}"
    path.write_text("Russia vetoed the draft. " + repeated(unit, 512 * 1024), encoding="utf-8")
    started = time.perf_counter()
    article = read_article(path, published="2015-11-20")
    assert_quotes_at_offsets(article, Extractor().extract(article))
    assert time.perf_counter() - started < 30


# --- the commands ------------------------------------------------------------------------------------

def nasty_folder(tmp_path) -> tuple[Path, set[str]]:
    """The corpus and a file over the size limit in one folder; the names expected to be refused."""
    folder = tmp_path / "nasty"
    folder.mkdir()
    for name in ARTICLES:
        shutil.copy(NASTY / name, folder / name)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    return folder, set(REFUSED) | {"huge.txt"}


def refusals(result, folder: Path) -> dict[str, str]:
    """File name -> its one error line; fails on a traceback or a second line for a file."""
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    by_name: dict[str, str] = {}
    for line in errors:
        match = re.match(rf"Error: {re.escape(str(folder))}/([^/:]+)(?::1)?: refused: ", line)
        assert match, line
        assert match.group(1) not in by_name, f"two errors for {match.group(1)}"
        by_name[match.group(1)] = line
    return by_name


def test_ingest_refuses_the_bad_files_one_line_each_and_ingests_the_rest(tmp_path):
    from tracker.services import Tracker

    folder, refused = nasty_folder(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(folder), "--json"], catch_exceptions=False)
    assert first.exit_code == 2
    errors = refusals(first, folder)
    assert set(errors) == refused
    assert "too large for an article (20.0 MB" in errors["huge.txt"]
    reports = {Path(r["path"]).name: r for r in json.loads(first.stdout)}
    assert set(reports) == set(ARTICLES) | {"huge.txt"}
    assert {name: r["outcome"] for name, r in reports.items()} == \
        {name: "refused" if name in refused else "added" for name in reports}
    assert sum(r["events"] for r in reports.values()) > 0
    stored = Tracker(os.environ["TRACKER_DATABASE_URL"]).articles()  # the database conftest points to
    assert sorted(Path(a.path).name for a in stored) == sorted(set(ARTICLES) - refused)

    again = runner.invoke(cli, ["ingest", str(folder), "--json"], catch_exceptions=False)
    assert again.exit_code == 2 and set(refusals(again, folder)) == refused
    assert {Path(r["path"]).name: r["outcome"] for r in json.loads(again.stdout)} == \
        {name: "refused" if name in refused else "unchanged" for name in reports}

    table = runner.invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    assert table.exit_code == 2 and set(refusals(table, folder)) == refused
    good = len(ARTICLES) - len(REFUSED)
    assert f"{len(ARTICLES) + 1} articles: 0 added, 0 replaced, {good} unchanged, {len(refused)} refused" \
        in table.stdout


def test_extract_refuses_the_bad_files_one_line_each_and_prints_the_rest(tmp_path):
    folder, refused = nasty_folder(tmp_path)
    result = CliRunner().invoke(cli, ["extract", str(folder), "--json"], catch_exceptions=False)
    assert result.exit_code == 2
    assert set(refusals(result, folder)) == refused
    findings = json.loads(result.stdout)
    named = {Path(f["evidence"]["article"]).name for f in findings}
    assert named and not named & refused
    assert {"vetoed", "vote"} <= {f["type"] for f in findings}
    table = CliRunner().invoke(cli, ["extract", str(folder)], catch_exceptions=False)
    assert table.exit_code == 2 and set(refusals(table, folder)) == refused and "vetoed" in table.stdout


# --- generated articles --------------------------------------------------------------------------------

ACTORS = ["Russia", "Russian", "the United States", "the US", "U.S.", "America's", "Britain", "British", "the UK",
          "China", "Chinese", "France", "French", "Moscow's", "Washington", "Beijing", "the Kremlin", "Churkin",
          "Angola", "Venezuela", "Bolivia", "the Council", "the Security Council", "members", "it", "they", ""]
HEDGES = ["", "", "could", "would", "is expected to", "may", "might", "will", "did not", "plans to", "said it would",
          "threatened to", "has yet to", "if it", "refused to", "is ready to"]
VERBS = ["vetoed", "veto", "adopted", "adopt", "abstained", "abstained on", "voted for", "voted against",
         "voted in favour of", "proposed", "circulated", "withdrew", "put to a vote", "put in blue", "rejected",
         "merged", "merged into", "revised", "tabled", "drafted", "blocked", "supports", "opposes", "backed",
         "failed to pass", "was adopted by", "was vetoed by", "welcomed"]
OBJECTS = ["the draft", "a draft resolution", "the French draft", "its own text", "the text", "it", "them",
           "a rival draft", "the two drafts", "Moscow's text", "the US-drafted resolution", "a revised draft",
           "resolution 2249", "resolution 2249 (2015)", "resolution 0", "S/2015/123", "draft S/1899/1",
           "S/2015/99999", "the measure", "a new text on Syria", "the Arab-backed plan"]
TALLIES = ["13-1-1", "15-0-0", "15-0", "9-2-4", "11-2-2", "14-0-1", "20-3-1", "16-0", "0-0-0", "99-1-1", "1-1",
           "13–1–1", "by a vote of 13-1-1", "by 14 votes to 1", "13 in favour, 2 against and no abstentions",
           "unanimously", "with 20 in favour and 30 against", "received only four votes", "voted 15-0"]
DATES = ["on Friday", "on Nov. 18", "on 18 November 2015", "on November 18, 2015", "on 2015-11-18", "yesterday",
         "next Monday", "last week", "in December", "late September", "on February 30", "on 31 April 2015",
         "on 2015-13-45", "on 0000-00-00", "on 9999-12-31", "in the year 0", "on Feb. 29, 2015", "today"]
MARKUP = ["<p>", "</p>", "<b>", "</b>", "<br>", "<script>", "</script>", "<style>", "</style>", "<head>", "<title>",
          "</title>", "<!--", "-->", "&amp;", "&nbsp;", "&#99999999;", "&bogus;", "&#x1F1F7;", "<", ">", "<div",
          "# ", "**", "__", "`", "[", "](", ")", "![", "> ", "- ", "1. "]
HEADERS = ["", "", "published: 2015-11-18\n\n", "title: T\nsource: S\npublished: November 18, 2015\n\n",
           "published: February 30, 2015\n\n", "published: 0000\n\n", "published: 0001-01-01\n\n",
           "published: 9999-12-31\n\n", "date: 2015\n\n", "published: 2015-11\n\n", "tags: x\nlanguage: en\n\n",
           "UNITED NATIONS, Nov 18, 2015 (Reuters) -\n", "Title: Odd\nX-Key: y\n\n"]
QUOTES = ['"', "“", "”", "‘", "’", "«", "»", "'", "«", ""]

sentences = st.builds(
    lambda actor, hedge, verb, obj, extra, quote, end: f"{quote}{actor} {hedge} {verb} {obj} {extra}{quote}{end}",
    st.sampled_from(ACTORS), st.sampled_from(HEDGES), st.sampled_from(VERBS), st.sampled_from(OBJECTS),
    st.one_of(st.just(""), st.sampled_from(TALLIES), st.sampled_from(DATES),
              st.tuples(st.sampled_from(TALLIES), st.sampled_from(DATES)).map(" ".join)),
    st.sampled_from(QUOTES), st.sampled_from([". ", ".", "! ", "? ", ", ", "; ", " - ", "", ".\n"]),
)
fragments = st.one_of(
    sentences, sentences, sentences,
    st.sampled_from(TALLIES + DATES + OBJECTS + ACTORS),
    st.text(max_size=40),
    st.sampled_from(MARKUP),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n", " ", "\t", "\u2028", "\u200f", "\u200b", "\ufeff", "\x0c"]),
)
articles = st.tuples(st.sampled_from(HEADERS), st.lists(fragments, max_size=40)).map(lambda t: t[0] + "".join(t[1]))
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16"]  # "utf-16" writes its byte-order mark


@pytest.mark.slow
def test_generated_articles_never_break_the_extractor(tmp_path, size):
    examples = size(500, 10_000)
    counts = {"run": 0, "read": 0, "refused": 0, "with findings": 0, "findings": 0}

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(text=articles, suffix=st.sampled_from([".txt", ".html", ".md"]), encoding=st.sampled_from(ENCODINGS),
           published=st.sampled_from([None, None, "2015-11-18", "0001-01-01", "9999-12-31", "2016-02-29"]))
    def generated(text, suffix, encoding, published):
        counts["run"] += 1
        path = tmp_path / f"generated{suffix}"
        path.write_bytes(text.encode(encoding))
        try:
            article = read_article(path, published=published)
        except ArticleRefused as refused:
            assert str(refused).startswith(f"{path}")
            counts["refused"] += 1
            return
        counts["read"] += 1
        extractor = Extractor()
        for _ in range(2):
            findings = extractor.extract(article)
            assert_quotes_at_offsets(article, findings)
        counts["findings"] += len(findings)
        counts["with findings"] += bool(findings)

    generated()
    print(f"\ngenerated articles: {counts['run']} run of {examples} asked, {counts['read']} read "
          f"({counts['with findings']} with findings, {counts['findings']} in all), {counts['refused']} refused")
    assert counts["run"] >= examples
    assert counts["read"] >= examples * 0.8 and counts["with findings"] >= examples * 0.1


@pytest.mark.slow
def test_random_bytes_are_text_or_refused(tmp_path, size):
    examples = size(500, 10_000)
    counts = {"run": 0, "read": 0, "refused": 0}
    marks = st.sampled_from([b"", b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
    contents = st.one_of(
        st.binary(max_size=2000),
        st.lists(st.one_of(st.binary(max_size=3), st.text(max_size=20).map(lambda s: s.encode("utf-8")),
                           st.sampled_from([s.encode() for s in OBJECTS + TALLIES])), max_size=40).map(b"".join),
    )

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mark=marks, raw=contents, suffix=st.sampled_from([".txt", ".html", ".md"]))
    def random_bytes(mark, raw, suffix):
        counts["run"] += 1
        data = mark + raw
        text, warnings = decode(data)
        assert text is not None or len(warnings) == 1
        path = tmp_path / f"bytes{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path, published="2015-11-18")
        except ArticleRefused as refused:
            assert text is None and str(refused) == f"{path}: refused: not a text file ({warnings[0]})"
            counts["refused"] += 1
            return
        assert text is not None
        counts["read"] += 1
        assert_quotes_at_offsets(article, Extractor().extract(article))

    random_bytes()
    print(f"\nrandom bytes: {counts['run']} run of {examples} asked, {counts['read']} read as text, "
          f"{counts['refused']} refused")
    assert counts["run"] >= examples
    assert counts["read"] and counts["refused"]


def test_an_article_whose_path_is_too_long_to_store_is_refused_and_the_rest_go_in(tmp_path):
    deep = tmp_path.joinpath(*["d" * 200] * 6)  # over 1,000 characters, within what the system allows
    deep.mkdir(parents=True)
    (deep / "far.txt").write_text("published: 2016-10-08\n\nRussia vetoed a French draft.\n")
    (tmp_path / "near.txt").write_text("published: 2016-10-08\n\nChina abstained on a French draft.\n")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--json"], catch_exceptions=False)
    assert result.exit_code == 2
    [error] = result.stderr.splitlines()
    assert error.startswith("Error: ") and error.endswith("far.txt: refused: a path longer than 1000 characters")
    outcomes = {Path(report["path"]).name: report["outcome"] for report in json.loads(result.stdout)}
    assert outcomes == {"far.txt": "refused", "near.txt": "added"}


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_a_resolution_number_at_the_calendars_ends_is_read(tmp_path, published):
    """Counting a week back from 1 January of year 1 is no date: the number is read all the same."""
    path = tmp_path / "ends.txt"
    path.write_text('13-1-1 on Nov. 18 "Russia vetoed resolution 2249". ', encoding="utf-8")
    article = read_article(path, published=published)
    findings = Extractor().extract(article)
    assert_quotes_at_offsets(article, findings)
    assert "vote" in {f.type for f in findings}

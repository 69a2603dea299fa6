"""Reading articles: encodings, line endings, markup, and where the publication date comes from."""

from __future__ import annotations

import pytest

from tracker.domain.dates import PartialDate
from tracker.errors import InputError
from tracker.extract.extractor import Extractor
from tracker.extract.reader import find_articles, read_article
from tracker.extract.sentences import split


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_bom_and_crlf_are_read_and_offsets_point_into_the_text(tmp_path):
    body = "Russia on Friday vetoed a draft resolution drafted by France.\r\nThe vote was 13-1-1.\r\n"
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbf" + body.encode())
    article = read_article(path, published="2014-03-15")
    assert not article.text.startswith("\ufeff")
    [first, second] = split(article.text)
    assert article.text[first.start:first.end] == first.text
    assert second.text == "The vote was 13-1-1."
    findings = Extractor().extract(article)
    assert {f.type for f in findings} >= {"vetoed", "vote"}
    for finding in findings:
        assert " ".join(article.text[finding.start:finding.end].split()) == finding.quote


def test_undecodable_bytes_are_replaced_with_a_warning_not_a_crash(tmp_path):
    path = write(tmp_path, "bad.txt", "China abstained.".encode() + b"\xff\xfe caf\xe9\n")
    article = read_article(path, published="2015-01-01")
    assert "\ufffd" in article.text
    assert any("not valid UTF-8" in warning for warning in article.warnings)
    Extractor().extract(article)  # still reads


def test_header_block_gives_date_title_and_source_and_is_not_read_as_text(tmp_path):
    path = write(tmp_path, "h.txt", "title: Vote on Syria\nsource: Wire\npublished: 2016-10-08\n\n"
                                     "Russia on Saturday vetoed a French-drafted resolution.\n")
    article = read_article(path)
    assert (article.published, article.published_from) == (PartialDate(2016, 10, 8), "header")
    assert (article.title, article.outlet) == ("Vote on Syria", "Wire")
    [finding] = [f for f in Extractor().extract(article) if f.type == "vetoed"]
    assert str(finding.date) == "2016-10-08"  # "Saturday" resolved against the header's date
    assert "Vote on Syria" not in finding.quote


def test_a_headline_with_a_colon_is_not_a_header(tmp_path):
    path = write(tmp_path, "c.txt", "Syria: Russia vetoes text\n\nRussia vetoed the draft.\n")
    article = read_article(path, published="2016-10-08")
    assert article.published_from == "--date"
    assert "Syria: Russia vetoes text" in article.text


def test_manifest_then_dateline_then_nothing(tmp_path):
    write(tmp_path, "articles.yaml", "articles:\n  - file: m.txt\n    published: 2015-11-18\n")
    write(tmp_path, "m.txt", "Russia circulated a draft resolution.\n")
    write(tmp_path, "d.txt", "UNITED NATIONS, Feb 26, 2014 (AFP) - China abstained.\n")
    write(tmp_path, "n.txt", "Russia vetoed it on Wednesday.\n")
    assert read_article(tmp_path / "m.txt").published_from == "manifest"
    dated = read_article(tmp_path / "d.txt")
    assert (dated.published, dated.published_from) == (PartialDate(2014, 2, 26), "dateline")
    undated = read_article(tmp_path / "n.txt")
    assert undated.published is None and any("no publication date" in w for w in undated.warnings)


def test_bad_manifest_names_its_file_and_line(tmp_path):
    write(tmp_path, "articles.yaml", "articles:\n  - file: m.txt\n    published: [\n")
    write(tmp_path, "m.txt", "text\n")
    with pytest.raises(InputError) as error:
        read_article(tmp_path / "m.txt")
    assert str(error.value).startswith(str(tmp_path / "articles.yaml"))


def test_html_markup_is_blanked_at_the_same_offsets(tmp_path):
    html = ("<html><head><title>Veto</title><script>var x = 'Russia vetoed';</script></head><body>"
            "<p>Russia &amp; China on Tuesday <b>vetoed</b> a draft resolution.</p><p>The vote was 9-2-4.</p>"
            "</body></html>")
    path = write(tmp_path, "a.html", html)
    article = read_article(path, published="2011-10-04")
    assert len(article.text) == len(html) and article.title == "Veto"
    findings = Extractor().extract(article)
    [veto] = [f for f in findings if f.type == "vetoed"]
    assert veto.members == ("RUS", "CHN")
    assert "script" not in veto.quote and "var x" not in article.text
    assert html[veto.start:veto.end].startswith("Russia &amp; China")


def test_markdown_headings_and_links_are_blanked(tmp_path):
    path = write(tmp_path, "a.md", "# Veto\n\n**Russia** vetoed a [draft resolution](http://x.org) on Friday.\n")
    article = read_article(path, published="2014-03-15")
    assert "**" not in article.text and "http" not in article.text
    assert [f.type for f in Extractor().extract(article) if f.type != "position"] == ["vetoed"]


def test_folders_are_searched_for_article_files_only(tmp_path):
    write(tmp_path, "a.txt", "x")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.html", "x")
    write(tmp_path, "notes.yaml", "x")
    assert [p.name for p in find_articles([tmp_path])] == ["a.txt", "b.html"]
    with pytest.raises(InputError):
        find_articles([tmp_path / "missing"])


@pytest.mark.parametrize("text, expected", [
    ("Mr. Churkin met the U.S. envoy on Nov. 18 to discuss S/2015/123. The draft failed.",
     ["Mr. Churkin met the U.S. envoy on Nov. 18 to discuss S/2015/123.", "The draft failed."]),
    ('"It is over," he said. (Russia abstained.) Next.', ['"It is over," he said.', "(Russia abstained.)", "Next."]),
    ("The vote was 9-2-4. Brazil abstained.", ["The vote was 9-2-4.", "Brazil abstained."]),
    ("Headline without a stop\nFirst paragraph.", ["Headline without a stop", "First paragraph."]),
    ("He said “we are ready.” Then he left.", ["He said “we are ready.”", "Then he left."]),
    ("A draft by the U.K. and France. It failed.", ["A draft by the U.K. and France.", "It failed."]),
])
def test_sentence_splitting(text, expected):
    assert [s.text for s in split(text)] == expected


@pytest.mark.parametrize("value", ["unknown", "Unknown", "n.d.", "?", "", "unknown (clipped from print)"])
def test_a_header_date_that_says_it_is_unknown_is_a_missing_date_with_a_warning(tmp_path, value):
    path = write(tmp_path, "u.txt", f"title: Veto\npublished: {value}\n\n"
                                    "UNITED NATIONS, Feb 26, 2014 (AFP) - China abstained.\n")
    article = read_article(path)
    assert (article.published, article.published_from) == (PartialDate(2014, 2, 26), "dateline")
    [warning] = [w for w in article.warnings if "unknown" in w]
    assert warning.startswith(f"{path}:2: publication date {value!r}")


def test_an_unknown_header_date_gives_way_to_the_manifest(tmp_path):
    write(tmp_path, "articles.yaml", "articles:\n  - file: u.txt\n    published: 2015-11-18\n")
    path = write(tmp_path, "u.txt", "title: Veto\npublished: n.d.\n\nRussia vetoed it on Wednesday.\n")
    article = read_article(path)
    assert (article.published, article.published_from) == (PartialDate(2015, 11, 18), "manifest")
    assert any(w.startswith(f"{path}:2:") for w in article.warnings)


@pytest.mark.parametrize("value", ["unknown", "n.d.", "'?'", "", "unknown (clipped from print)"])
def test_a_manifest_date_that_says_it_is_unknown_is_a_missing_date_with_a_warning(tmp_path, value):
    write(tmp_path, "articles.yaml", f"articles:\n  - file: a.txt\n    published: 2015-11-18\n"
                                     f"  - file: u.txt\n    published: {value}\n")
    write(tmp_path, "u.txt", "UNITED NATIONS, Feb 26, 2014 (AFP) - China abstained.\n")
    article = read_article(tmp_path / "u.txt")
    assert (article.published, article.published_from) == (PartialDate(2014, 2, 26), "dateline")
    assert any(w.startswith(f"{tmp_path / 'articles.yaml'}:5: publication date") for w in article.warnings)


def test_a_manifest_mapping_with_an_unknown_date_names_its_line(tmp_path):
    write(tmp_path, "articles.yaml", "a.txt: 2015-11-18\nu.txt: unknown\n")
    write(tmp_path, "u.txt", "Russia vetoed it on Wednesday.\n")
    article = read_article(tmp_path / "u.txt")
    assert article.published is None
    assert any(w.startswith(f"{tmp_path / 'articles.yaml'}:2: publication date 'unknown'") for w in article.warnings)


def test_a_header_date_that_is_neither_a_date_nor_unknown_is_still_refused(tmp_path):
    path = write(tmp_path, "s.txt", "title: Veto\npublished: soon\n\nRussia vetoed it.\n")
    with pytest.raises(InputError, match="header date 'soon' is not a date"):
        read_article(path)


def test_a_readme_in_an_article_folder_is_not_an_article(tmp_path):
    write(tmp_path, "a.txt", "Russia vetoed it.\n")
    write(tmp_path, "README.md", "# What these articles test\n")
    write(tmp_path, "readme.txt", "notes\n")
    write(tmp_path, "key.yaml", "articles: {}\n")
    write(tmp_path, "articles.yaml", "articles: []\n")
    assert [p.name for p in find_articles([tmp_path])] == ["a.txt"]
    assert [p.name for p in find_articles([tmp_path / "README.md"])] == ["README.md"]  # named, it is read


def test_a_greater_than_sign_inside_a_quoted_attribute_stays_inside_its_tag(tmp_path):
    html = ('<html><body><p title="x > y">Russia on Tuesday vetoed a draft resolution.</p>'
            "<p class='a>b' data-n=\"1 > 0\">The vote was 9-2-4 &mdash; a defeat.</p></body></html>")
    path = write(tmp_path, "q.html", html)
    article = read_article(path, published="2011-10-04")
    assert len(article.text) == len(html)
    assert 'y">' not in article.text and "b'" not in article.text and '0">' not in article.text
    assert " ".join(article.text.split()) == "Russia on Tuesday vetoed a draft resolution. The vote was 9-2-4 — a defeat."
    [veto] = [f for f in Extractor().extract(article) if f.type == "vetoed"]
    assert html[veto.start:veto.end] == "Russia on Tuesday vetoed a draft resolution."


def test_html_entities_without_a_semicolon_and_stray_brackets_stay_text(tmp_path):
    html = "<p>Votes: 9 &lt 10 &amp; 3 < 4 &unknownentity; ok</p>"
    article = read_article(write(tmp_path, "e.html", html), published="2011-10-04")
    assert " ".join(article.text.split()) == "Votes: 9 &lt 10 & 3 < 4 &unknownentity; ok"


# --- datelines -----------------------------------------------------------------------------------

@pytest.mark.parametrize("head, expected", [
    ("UNITED NATIONS, May 26, 2022 (Continental Press) - China and Russia vetoed the text.", "2022-05-26"),
    ("UNITED NATIONS, Feb. 24, 1999 - China said it would block the extension.", "1999-02-24"),
    ("Geneva, 25 October 2023 - The envoy briefed the council by video.", "2023-10-25"),
    ("NEW YORK, Tuesday, July 11, 2023 — The council failed to renew the mission.", "2023-07-11"),
    ("*New York, 6 November 2002*\n\nThe United States presented its third draft.", "2002-11-06"),
    ("25 October 2023 / SC/15462\n\nThe Security Council today failed to adopt the text.", "2023-10-25"),
    ("Council Meeting Coverage\n25 October 2023\n\nThe Security Council met today.", "2023-10-25"),
    ("Wednesday, October 18, 2023\n\nThe council voted on the Brazilian text.", "2023-10-18"),
    ("Wednesday 18 October 2023\nThe council voted on the Brazilian text.", "2023-10-18"),
    ("Posted Mon 11 Sep 2017\n\nMembers are expected to vote this afternoon.", "2017-09-11"),
    ("Council rejects rival Idlib texts\nPublished: 2019-09-19 14:02\n\nThe council rejected both texts.",
     "2019-09-19"),
])
def test_datelines_in_the_forms_news_prints_them_date_an_undated_article(tmp_path, head, expected):
    article = read_article(write(tmp_path, "d.txt", head + "\n"))
    assert (str(article.published), article.published_from) == (expected, "dateline")


@pytest.mark.parametrize("head, month_day", [
    ("UNITED NATIONS, Oct 25 (Reuters) - Russia vetoed the U.S. text on Wednesday.", "10-25"),
    ("NEW YORK, March 22 (AP) — The council voted on the draft on Friday.", "03-22"),
    ("Beijing, 10 April (Xinhua) -- China said it would vote against the draft.", "04-10"),
    ("UNITED NATIONS, Sept. 16 - The United States vetoed the draft on Tuesday.", "09-16"),
])
def test_a_dateline_without_a_year_takes_it_from_the_header_or_else_dates_nothing(tmp_path, head, month_day):
    from_header = read_article(write(tmp_path, "h.txt", f"title: Veto\npublished: 2023\n\n{head}\n"))
    assert (str(from_header.published), from_header.published_from) == (f"2023-{month_day}", "dateline")
    write(tmp_path, "articles.yaml", "articles:\n  - file: m.txt\n    published: 2019\n")
    from_manifest = read_article(write(tmp_path, "m.txt", head + "\n"))
    assert (str(from_manifest.published), from_manifest.published_from) == (f"2019-{month_day}", "dateline")
    alone = read_article(write(tmp_path, "a.txt", head + "\n"))
    assert alone.published is None  # no year is invented
    assert any("no year" in w for w in alone.warnings) and any("no publication date" in w for w in alone.warnings)


def test_a_published_line_with_a_time_alone_at_the_top_is_a_header(tmp_path):
    article = read_article(write(tmp_path, "p.txt", "Published: 2019-09-19 14:02\n\nThe council rejected both.\n"))
    assert (article.published, article.published_from) == (PartialDate(2019, 9, 19), "header")


def test_the_header_wins_over_a_dateline_that_disagrees(tmp_path):
    head = "UNITED NATIONS, Feb. 18 - The United States vetoed the Arab draft on Friday.\n"
    article = read_article(write(tmp_path, "h.txt", "published: 2011-02-19\n\n" + head))
    assert (article.published, article.published_from) == (PartialDate(2011, 2, 19), "header")
    outside = read_article(write(tmp_path, "o.txt", "published: 2011-03\n\n" + head))
    assert (outside.published, outside.published_from) == (PartialDate(2011, 3), "header")
    within = read_article(write(tmp_path, "w.txt", "published: 2011-02\n\n" + head))
    assert (within.published, within.published_from) == (PartialDate(2011, 2, 18), "dateline")


def test_a_date_in_the_story_is_no_dateline(tmp_path):
    story = ("Expert Panel to Close as Council Fails to Renew Its Mandate\n\n"
             "A draft that would have extended until 30 April 2025 the mandate of the panel of experts failed "
             "today, owing to the negative vote of a permanent member of the council.\n")
    article = read_article(write(tmp_path, "s.txt", story))
    assert article.published is None

"""Reading an article: bytes to text, and the facts about the article itself.

Offsets everywhere in extraction are character offsets into ``Article.text``,
which is the file's own text (decoded, without a byte-order mark). Markup is
never deleted, only blanked out with spaces of the same length, so an offset
in the visible text is also an offset in the file.

The publication date comes from, in order: the caller (``--date``), a header
block at the top of the file, a manifest (``articles.yaml``) in the article's
folder, or a date written in the dateline or byline.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.domain.dates import PartialDate
from tracker.domain.sources import source_ref
from tracker.errors import InputError
from tracker.extract import dates as date_words

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# A news article, even a saved web page with its scripts, is well under this;
# anything larger is a mistake (a PDF, an archive, a database) and is refused.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_SNIFF_BYTES = 8192  # a NUL byte this early means binary, as git and grep decide
MANIFEST = "articles.yaml"
HEADER_KEYS = {"title", "source", "published", "date", "author", "byline", "url", "outlet", "publisher"}


@dataclass
class Article:
    path: str  # as given or found; also the source reference of its events
    text: str  # the file's text; markup blanked to spaces of the same length
    published: PartialDate | None = None
    published_from: str | None = None  # --date | header | manifest | dateline
    title: str | None = None
    outlet: str | None = None
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)


class ArticleRefused(InputError):
    """A file that is not an article the tracker can read (too large, not text, unreadable).

    Commands that read many articles report it and go on with the rest.
    """


def find_articles(paths: Iterable[str | Path]) -> list[Path]:
    """Article files among ``paths`` (folders are searched recursively), sorted."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
            elif path.is_file():
                found.append(path)
            else:
                raise InputError("no such file or folder", str(path))
        except OSError as error:  # a name too long, a folder that cannot be listed
            raise InputError(f"cannot read: {error.strerror or error}", str(path)) from None
    return list(dict.fromkeys(found))


def read_article(path: str | Path, *, published: str | None = None, ref: str | None = None) -> Article:
    """Read one article file.

    Raises ArticleRefused for a file that cannot be an article (unreadable,
    larger than MAX_ARTICLE_BYTES, binary) or whose header date is not a date;
    any other content is read, with warnings for what had to be repaired.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleRefused(f"refused: too large for an article ({_megabytes(size)}; the limit is "
                                 f"{_megabytes(MAX_ARTICLE_BYTES)})", str(path))
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleRefused(f"refused: cannot read ({error.strerror or error})", str(path)) from None
    if len(raw) > MAX_ARTICLE_BYTES:  # it grew since
        raise ArticleRefused(f"refused: too large for an article ({_megabytes(len(raw))}; the limit is "
                             f"{_megabytes(MAX_ARTICLE_BYTES)})", str(path))
    text, warnings = decode(raw)
    if text is None:
        raise ArticleRefused(f"refused: not a text file ({warnings[0]})", str(path))
    article = Article(path=ref or str(path), text=text, sha256=hashlib.sha256(raw).hexdigest(),
                      warnings=[f"{path}: {w}" for w in warnings])
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        article.text, title = blank_html(article.text)
        article.title = title
    elif suffix in (".md", ".markdown"):
        article.text = blank_markdown(article.text)
    header, article.text = _take_header(article.text)
    article.title = header.get("title") or article.title
    article.outlet = header.get("source") or header.get("outlet") or header.get("publisher")

    if published:
        article.published, article.published_from = _parse_date(published, path, "--date"), "--date"
    elif header.get("published") or header.get("date"):
        value = header.get("published") or header.get("date")
        article.published = date_words.parse_written_date(value)
        if article.published is None:
            raise ArticleRefused(f"refused: header date {value!r} is not a date", str(path), 1)
        article.published_from = "header"
    else:
        entry = _manifest(path.parent.resolve()).get(path.name)
        if entry and entry.get("published"):
            article.published = _parse_date(entry["published"], path.parent / MANIFEST, "manifest")
            article.published_from = "manifest"
            article.outlet = article.outlet or entry.get("source")
            article.title = article.title or entry.get("title")
        else:
            article.published = date_words.dateline_date(article.text)
            article.published_from = "dateline" if article.published else None
    if article.published is None:
        article.warnings.append(f"{path}: no publication date (give --date, a header, a manifest entry or a "
                                "dateline); relative dates stay unresolved")
    return article


def read_articles(paths: Iterable[str | Path], *, published: str | None = None,
                  refused: list[ArticleRefused] | None = None) -> Iterator[Article]:
    """The articles under ``paths``; files refused are collected in ``refused`` (when given) and skipped."""
    for path in find_articles(paths):
        try:
            yield read_article(path, published=published, ref=source_ref(path))
        except ArticleRefused as error:
            if refused is None:
                raise
            refused.append(error)


def decode(raw: bytes) -> tuple[str | None, list[str]]:
    """Text of a file: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark.

    Bad UTF-8 bytes become U+FFFD with a warning. A file that is not text
    (a NUL byte near the start, or mostly undecodable) gives ``(None, [why])``.
    """
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                return _text_or_none(raw[len(bom):].decode(codec))
            except UnicodeDecodeError as error:
                return None, [f"a UTF-16 mark, but bad UTF-16 at offset {error.start + len(bom)}"]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    nul = raw.find(b"\0", 0, _SNIFF_BYTES)
    if nul >= 0:
        return None, [f"binary data: a NUL byte at offset {nul}"]
    try:
        return _text_or_none(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad > 8 and bad > len(text) // 4:  # Latin-1 prose has a few bad bytes; binary data has many
            return None, [f"{bad} of {len(text)} characters are not UTF-8"]
        return _text_or_none(text, [f"not valid UTF-8 (first bad byte at offset {error.start}); "
                                    "decoded with replacement characters"])


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _text_or_none(text: str, warnings: list[str] | None = None) -> tuple[str | None, list[str]]:
    controls = len(_CONTROL.findall(text[:_SNIFF_BYTES]))
    if controls > min(len(text), _SNIFF_BYTES) // 10 + 1:
        return None, [f"binary data: {controls} control characters in the first {_SNIFF_BYTES} characters"]
    return text, warnings or []


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _parse_date(value, path: Path, what: str) -> PartialDate:
    try:
        parsed = PartialDate.parse(str(value))
        parsed.earliest()  # "0000" has the form of a year but is none
    except ValueError as error:
        raise InputError(f"{what}: {error}", str(path)) from None
    return parsed


_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z _-]{0,30}):[ \t]*(.*)")


def _take_header(text: str) -> tuple[dict[str, str], str]:
    """A ``key: value`` block at the very top, ended by a blank line; blanked out of the text."""
    lines = text.splitlines(keepends=True)
    header: dict[str, str] = {}
    used = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            break
        match = _HEADER_LINE.fullmatch(stripped)
        if not match:
            return {}, text
        header[match.group(1).strip().lower()] = match.group(2).strip()
        used += len(line)
    else:
        return {}, text  # the whole file is key: value lines: not a header
    if not header or not (set(header) & HEADER_KEYS) or not header.keys() <= HEADER_KEYS | {"tags", "language"}:
        return {}, text
    return header, _blank(text[:used]) + text[used:]


@functools.lru_cache(maxsize=256)
def _manifest(folder: Path) -> dict[str, dict]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(error, 'problem', error)}", str(path),
                         mark.line + 1 if mark else None) from None
    entries = data.get("articles", data) if isinstance(data, dict) else data
    if isinstance(entries, dict):
        return {str(name): (value if isinstance(value, dict) else {"published": value}) for name, value in entries.items()}
    if isinstance(entries, list):
        return {str(entry["file"]): entry for entry in entries if isinstance(entry, dict) and "file" in entry}
    raise InputError("expected a list of {file, published} entries under `articles:`", str(path))


def _blank(text: str) -> str:
    """Spaces for every character but newlines, which keep paragraph breaks."""
    return re.sub(r"[^\n]", " ", text)


_INVISIBLE = re.compile(r"<(script|style|head|noscript)\b", re.I)  # up to the first closing tag of its name
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.S | re.I)
_TITLE_END = re.compile(r"</title\s*>", re.I)
_BLOCK = re.compile(r"</?(p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|section|article|header|footer|blockquote|pre|hr)\b[^>]*>",
                    re.I)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG_ONLY = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def blank_html(text: str) -> tuple[str, str | None]:
    """Visible text of simple HTML at the same offsets; the <title> separately.

    Markup that is never closed costs one search, not one to the end of the
    text from every "<" (which made a page of unclosed tags take hours): no
    match reaches past the last closing mark, so none is looked for there.
    """
    title_end = max((m.end() for m in _TITLE_END.finditer(text)), default=0)
    title_match = _TITLE.search(text, 0, title_end)
    title = html.unescape(title_match.group(1)).strip() if title_match else None
    text = _blank_invisible(text)
    tags_end = text.rfind(">") + 1  # every tag and comment ends at a ">"
    text = _BLOCK.sub(lambda m: "\n" + " " * (len(m.group(0)) - 1), text[:tags_end]) + text[tags_end:]
    tags_end = text.rfind(">") + 1
    comments_end = text.rfind("-->") + 3 if "-->" in text else 0  # after it, a "<!--" can only be a tag
    text = _TAG.sub(lambda m: _blank(m.group(0)), text[:comments_end]) \
        + _TAG_ONLY.sub(lambda m: _blank(m.group(0)), text[comments_end:tags_end]) + text[tags_end:]

    def entity(match: re.Match) -> str:
        char = html.unescape(match.group(0))
        if len(char) != 1:
            return match.group(0)
        return (" " if char == "\xa0" else char) + " " * (len(match.group(0)) - 1)

    return _ENTITY.sub(entity, text), title


# Neither part holds a bracket: a run of "[" without "](...)" is then not searched again from each "[".
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^)\[\]\n]*)\)")
_MD_MARKS = re.compile(r"^(\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s)|(\*\*|__|`)", re.M)


def _blank_invisible(text: str) -> str:
    """Each script, style, head and noscript blanked from its tag to the first closing tag of its name.

    Left to right, as one ``re.sub`` of ``<(script|...)\\b.*?</\\1\\s*>`` would, but once a name is
    known to have no closing tag after some point, later openings of it are not searched again.
    """
    parts, done, at, unclosed = [], 0, 0, set()
    while match := _INVISIBLE.search(text, at):
        name = match.group(1).lower()
        close = None if name in unclosed else re.compile(rf"</{name}\s*>", re.I).search(text, match.end())
        if close is None:
            unclosed.add(name)
            at = match.start() + 1
            continue
        parts += [text[done:match.start()], _blank(text[match.start():close.end()])]
        done = at = close.end()
    return "".join(parts) + text[done:]


def blank_markdown(text: str) -> str:
    """Markdown markup (headings, emphasis, links) blanked at the same offsets."""
    text = _MD_LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), text)
    return _MD_MARKS.sub(lambda m: " " * len(m.group(0)), text)

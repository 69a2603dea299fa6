"""Reading an article: bytes to text, and the facts about the article itself.

Offsets everywhere in extraction are character offsets into ``Article.text``,
which is the file's own text (decoded, without a byte-order mark). Markup is
never deleted, only blanked out with spaces of the same length, so an offset
in the visible text is also an offset in the file.

The publication date comes from, in order: the caller (``--date``), a header
block at the top of the file, a manifest (``articles.yaml``) in the article's
folder, or a date written in the dateline or byline; the header wins over a dateline that
disagrees, and a dateline completes a header date that gives only a year or a month.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.dates import DAY, PartialDate
from tracker.domain.sources import is_text_name, shown_path, source_ref
from tracker.errors import InputError
from tracker.extract import dates as date_words
from tracker.extract.manifest import MANIFEST, ManifestRefused, manifest
from tracker.extract.markup import blank, blank_html, blank_markdown

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# A news article, even a saved web page with its scripts, is well under this;
# anything larger is a mistake (a PDF, an archive, a database) and is refused.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
_SNIFF_BYTES = 8192  # a NUL byte this early means binary, as git and grep decide
HEADER_KEYS = {"title", "source", "published", "date", "author", "byline", "url", "outlet", "publisher"}
# Files in an article folder that describe the folder, not news: its README (answer keys and the
# manifest are YAML, which no article suffix takes).
NOT_ARTICLES = ("README",)
# A header or manifest date that says the date is not known: "unknown" (with or without a remark,
# "unknown (clipped from print)"), "n.d.", "?", or nothing at all.
_UNKNOWN_DATE = re.compile(r"\s*(?:unknown\b.*|n\.\s?d\.?|\?+|)\s*", re.I | re.S)


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


def is_article_name(path: Path) -> bool:
    """Whether a file found in a folder is an article: a text suffix, and not the folder's README."""
    return path.suffix.lower() in SUFFIXES and not path.name.upper().startswith(NOT_ARTICLES)


def find_articles(paths: Iterable[str | Path]) -> list[Path]:
    """Article files among ``paths`` (folders are searched recursively), sorted."""
    return list(_found_under(paths))


def _found_under(paths: Iterable[str | Path]) -> dict[Path, Path]:
    """Each article file under ``paths``, sorted, with the path given that found it (the first)."""
    found: dict[Path, Path] = {}
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                for file in sorted(p for p in path.rglob("*") if p.is_file() and is_article_name(p)):
                    found.setdefault(file, path)
            elif path.is_file():
                found.setdefault(path, path)
            else:
                raise InputError("no such file or folder", shown_path(path))
        except OSError as error:  # a name too long, a folder that cannot be listed
            raise InputError(f"cannot read: {error.strerror or error}", shown_path(path)) from None
    return found


@dataclass(frozen=True)
class NamedArticle:
    """An article file found, and its source ref: its name in the log (see ``source_ref``)."""

    file: Path
    ref: str


def named_articles(paths: Iterable[str | Path], root: str | Path | None = None,
                   refused: list[ArticleRefused] | None = None) -> list[NamedArticle]:
    """The article files under ``paths`` with their refs.

    A file whose name is not text (bytes that are not UTF-8), that is not under
    ``root``, or that would take a ref another file already has, is refused (into
    ``refused`` when given, else raised) and the others go on.
    """
    named: list[NamedArticle] = []
    taken: dict[str, Path] = {}
    for file, given in _found_under(paths).items():
        try:
            ref = _ref_of(file, given, root)
            if ref in taken:
                raise ArticleRefused(f"refused: named {ref!r} in the log, as {shown_path(taken[ref])} is: "
                                     "give --root to tell them apart", shown_path(file))
        except ArticleRefused as error:
            if refused is None:
                raise
            refused.append(error)
            continue
        taken[ref] = file
        named.append(NamedArticle(file, ref))
    return named


def _ref_of(file: Path, given: Path, root: str | Path | None) -> str:
    if not is_text_name(file):
        raise ArticleRefused("refused: the file name is not UTF-8 text", shown_path(file))
    try:
        return source_ref(file, given, root)
    except ValueError as error:
        raise ArticleRefused(f"refused: {error}", shown_path(file)) from None


def read_article(path: str | Path, *, published: str | None = None, ref: str | None = None) -> Article:
    """Read one article file.

    Raises ArticleRefused for a file that cannot be an article (unreadable,
    larger than MAX_ARTICLE_BYTES, binary) or whose header date is not a date;
    any other content is read, with warnings for what had to be repaired.
    A header or manifest date that says it is unknown is a missing date.
    """
    path = Path(path)
    raw = _read_bytes(path)
    text, warnings = decode(raw)
    if text is None:
        raise ArticleRefused(f"refused: not a text file ({warnings[0]})", str(path))
    article = Article(path=ref or str(path), text=text, sha256=hashlib.sha256(raw).hexdigest(),
                      warnings=[f"{path}: {w}" for w in warnings])
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        article.text, article.title = blank_html(article.text)
    elif suffix in (".md", ".markdown"):
        article.text = blank_markdown(article.text)
    header, header_lines, article.text = _take_header(article.text)
    article.title = header.get("title") or article.title
    article.outlet = header.get("source") or header.get("outlet") or header.get("publisher")
    _date_article(article, path, published, header, header_lines)
    if article.published is None:
        article.warnings.append(f"{path}: no publication date (give --date, a header, a manifest entry or a "
                                "dateline); relative dates stay unresolved")
    return article


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or ArticleRefused when it cannot be read or is too large for an article."""
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
    return raw


def _date_article(article: Article, path: Path, published: str | None, header: dict[str, str],
                  header_lines: dict[str, int]) -> None:
    """The publication date: --date, else the header, else the manifest, else the dateline.

    When the header (or the manifest) and the dateline both give a day and disagree, the header
    wins: it is what the publisher or the collector recorded, while a dateline may be the day of the
    events, filed before midnight and printed the next morning. A header or manifest date that gives
    only a year or a month takes its day from a dateline that falls within it ("Oct 25" under
    ``published: 2023``). A header or manifest value that says the date is unknown is skipped with a
    warning; then the dateline alone dates the article, and a dateline without a year dates nothing.
    """
    if published:
        article.published, article.published_from = _parse_date(published, path, "--date"), "--date"
        return
    known, source = _header_date(article, path, header, header_lines)
    if known is None:
        known, source = _manifest_date(article, path)
    if known is not None and known.precision == DAY:
        article.published, article.published_from = known, source
        return
    dateline = date_words.find_dateline(article.text)
    day = dateline.within(known) if dateline is not None else None
    if day is not None:
        article.published, article.published_from = day, "dateline"
    elif known is not None:
        article.published, article.published_from = known, source
    elif dateline is not None:
        article.warnings.append(f"{path}: the dateline gives {str(dateline)!r} but no year, and nothing else "
                                "gives one; the dateline dates nothing")


def _header_date(article: Article, path: Path, header: dict[str, str],
                 header_lines: dict[str, int]) -> tuple[PartialDate | None, str | None]:
    """The header's ``published`` (else ``date``) value; an unknown one warns and gives nothing."""
    keys = [key for key in ("published", "date") if key in header]
    key = next((key for key in keys if header[key]), keys[0] if keys else None)
    if key is None:
        return None, None
    if says_date_unknown(header[key]):
        article.warnings.append(_unknown_date_warning(path, header_lines[key], header[key]))
        return None, None
    parsed = date_words.parse_written_date(header[key])
    if parsed is None:
        raise ArticleRefused(f"refused: header date {header[key]!r} is not a date", str(path), 1)
    return parsed, "header"


def _manifest_date(article: Article, path: Path) -> tuple[PartialDate | None, str | None]:
    """The folder manifest's date for the article, which also gives an outlet and title the header did not.

    A manifest that cannot be read refuses every article of its folder (with one error); an entry
    whose date is not a date refuses its own article only.
    """
    entries = manifest(path.parent.resolve())
    if isinstance(entries, ManifestRefused):
        raise ArticleRefused(entries.message, entries.path, entries.line)
    entry = entries.get(path.name)
    if not entry or "published" not in entry.values:
        return None, None
    value = entry.values["published"]
    where = path.parent / MANIFEST
    if value is None or says_date_unknown(str(value)):
        article.warnings.append(_unknown_date_warning(where, entry.line, "" if value is None else str(value)))
        return None, None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ArticleRefused(f"refused: manifest date {value!r} is not a date", str(where), entry.line)
    try:
        published = PartialDate.parse(str(value))
        published.earliest()  # "0000" has the form of a year but is none
    except ValueError as error:
        raise ArticleRefused(f"refused: manifest date for {path.name}: {error}", str(where), entry.line) from None
    outlet, title = entry.values.get("source"), entry.values.get("title")
    article.outlet = article.outlet or (str(outlet) if outlet is not None else None)
    article.title = article.title or (str(title) if title is not None else None)
    return published, "manifest"


def says_date_unknown(value: str) -> bool:
    """Whether a header or manifest date says the date is not known ("unknown", "n.d.", "?", nothing)."""
    return bool(_UNKNOWN_DATE.fullmatch(value))


def _unknown_date_warning(path: Path, line: int | None, value: str) -> str:
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: publication date {value!r} says it is unknown; read as no date"


def read_articles(paths: Iterable[str | Path], *, published: str | None = None,
                  refused: list[ArticleRefused] | None = None, root: str | Path | None = None) -> Iterator[Article]:
    """The articles under ``paths``; files refused are collected in ``refused`` (when given) and skipped."""
    for found in named_articles(paths, root, refused):
        try:
            yield read_article(found.file, published=published, ref=found.ref)
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


def _take_header(text: str) -> tuple[dict[str, str], dict[str, int], str]:
    """A ``key: value`` block at the very top, ended by a blank line; blanked out of the text.

    Returns the values, the line (from 1) of each key, and the text.
    """
    lines = text.splitlines(keepends=True)
    header: dict[str, str] = {}
    numbers: dict[str, int] = {}
    used = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            break
        match = _HEADER_LINE.fullmatch(stripped)
        if not match:
            return {}, {}, text
        key = match.group(1).strip().lower()
        header[key], numbers[key] = match.group(2).strip(), number
        used += len(line)
    else:
        return {}, {}, text  # the whole file is key: value lines: not a header
    if not header or not (set(header) & HEADER_KEYS) or not header.keys() <= HEADER_KEYS | {"tags", "language"}:
        return {}, {}, text
    return header, numbers, blank(text[:used]) + text[used:]

"""Markup blanked out of an article at the same offsets: HTML (by the standard library's parser) and Markdown.

Nothing is deleted: every character of markup becomes a space (newlines stay), so an offset in
the visible text is an offset in the file and a quote's offsets point into it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


def blank(text: str) -> str:
    """Spaces for every character but newlines, which keep paragraph breaks."""
    return re.sub(r"[^\n]", " ", text)


_INVISIBLE = frozenset({"script", "style", "head", "noscript"})  # blanked up to the first closing tag of its name
# Tags that break a paragraph: each becomes a line break, so that sentences do not run across them.
_BLOCK = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th",
                    "table", "section", "article", "header", "footer", "blockquote", "pre", "hr"})
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def blank_html(text: str) -> tuple[str, str | None]:
    """Visible text of HTML at the same offsets; the <title> separately.

    The standard library's parser finds the markup (a ``>`` inside a quoted
    attribute stays inside its tag); everything that is not text is blanked
    to spaces, newlines kept, and each paragraph-breaking tag starts with a
    line break. Script, style, head and noscript elements are blanked whole.
    An entity becomes its character followed by spaces.
    """
    # Every tag and comment ends at a ">": after the last one there is only text. Not handing that
    # part to the parser keeps markup that is never closed from being searched to the end from every "<".
    tags_end = text.rfind(">") + 1
    blanker = _HtmlBlanker(text)
    blanker.feed(text[:tags_end])
    blanker.close()
    tail = _ENTITY.sub(lambda match: _entity_in_place(match.group(0)), text[tags_end:])
    return "".join(blanker.out[:tags_end]) + tail, blanker.title


def _entity_in_place(raw: str) -> str:
    """An entity as its one character followed by spaces (same length); one that is not a character stays."""
    char = html.unescape(raw)
    if len(char) != 1 or not raw.endswith(";"):
        return raw
    return (" " if char == "\xa0" else char) + " " * (len(raw) - 1)


class _HtmlBlanker(HTMLParser):
    """Copies the text parts of a page into a blanked copy of it, at their own offsets."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.out = list(blank(text))
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.title: str | None = None
        self._title_start: int | None = None
        self._invisible: dict[str, int] = {}  # open invisible element -> where its start tag begins

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _copy(self, at: int, data: str) -> None:
        self.out[at:at + len(data)] = data

    def handle_data(self, data: str) -> None:
        self._copy(self._offset(), data)

    def handle_entityref(self, name: str) -> None:
        self._entity(self._offset(), "&" + name)

    def handle_charref(self, name: str) -> None:
        self._entity(self._offset(), "&#" + name)

    def _entity(self, at: int, raw: str) -> None:
        """An entity with its semicolon becomes its one character and spaces; anything else stays as written."""
        match = _ENTITY.match(self.text, at)
        self._copy(at, _entity_in_place(match.group(0)) if match else raw)

    def handle_starttag(self, tag: str, attrs) -> None:
        at = self._offset()
        self._mark_block(tag, at)
        if tag in _INVISIBLE:
            self._invisible.setdefault(tag, at)
        if tag == "title" and self.title is None:
            self._title_start = at + len(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._mark_block(tag, self._offset())

    def handle_endtag(self, tag: str) -> None:
        at = self._offset()
        self._mark_block(tag, at)
        if tag == "title" and self._title_start is not None and self.title is None:
            self.title = html.unescape(self.text[self._title_start:at]).strip()
        if tag in self._invisible:
            start = self._invisible.pop(tag)
            close = self.text.find(">", at) + 1 or len(self.text)
            self.out[start:close] = blank(self.text[start:close])

    def _mark_block(self, tag: str, at: int) -> None:
        if tag in _BLOCK:
            self.out[at] = "\n"


# Neither part holds a bracket: a run of "[" without "](...)" is then not searched again from each "[".
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^)\[\]\n]*)\)")
_MD_MARKS = re.compile(r"^(\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s)|(\*\*|__|`)", re.M)


def blank_markdown(text: str) -> str:
    """Markdown markup (headings, emphasis, links) blanked at the same offsets."""
    text = _MD_LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), text)
    return _MD_MARKS.sub(lambda m: " " * len(m.group(0)), text)

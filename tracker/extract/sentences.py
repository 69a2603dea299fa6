"""Sentence splitting with character offsets.

A sentence ends at ``.``, ``!`` or ``?`` (after any closing quotes or
brackets) when the next word starts a sentence, and at every paragraph break.
Abbreviations ("Mr.", "Nov. 18", "U.S.", "No. 5") and document symbols
("S/2015/123") do not end sentences. A single line break ends a sentence too,
unless the text is hard-wrapped (most lines of similar, typewriter length).
A run of text longer than any sentence news writes (a table, a page without
punctuation) is read in pieces of at most ``MAX_SENTENCE`` characters, cut
at a space where there is one, so that no sentence costs more than so much.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "mt", "no", "nos", "gen", "sen", "rep", "amb", "prof", "jr", "sr", "inc", "co",
    "corp", "ltd", "vs", "etc", "e.g", "i.e", "gov", "lt", "col", "capt", "sgt", "pres", "rev", "hon", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "art", "para", "approx",
    "ft", "cf", "al", "op", "u.s", "u.n", "u.k", "e.u", "p.m", "a.m",
}
# After an abbreviation made of initials ("U.S."), these words still start a new sentence.
SENTENCE_STARTERS = {
    "The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "They", "We", "I", "This", "That",
    "These", "Those", "Its", "Their", "His", "Her", "Our", "After", "Before", "When", "While", "Meanwhile",
    "However", "Russia", "China", "France", "Britain",
}

MAX_SENTENCE = 2000  # characters; the longest sentences of real articles are a few hundred

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_SPACE_THEN_START = re.compile(r"(\s+)([\"'“‘«(\[]?[A-Z0-9ÀÂÄÉÈÊÎÏÔÖÛÜÇ])")
_WORD = re.compile(r"\w+")
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.S)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # text[start:end] of the article


def split(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their offsets; whitespace-only spans are skipped."""
    sentences: list[Sentence] = []
    wrapped = _hard_wrapped(text)
    for para_start, para_end in _paragraphs(text, wrapped):
        start = para_start
        for match in _END.finditer(text, para_start, para_end):
            end = match.end()
            follow = _SPACE_THEN_START.match(text, end, para_end)
            if not follow:
                continue
            if match.group(0).startswith(".") and len(match.group(0).rstrip("\"'”’»)]")) == 1:
                word = _word_before(text, match.start())
                if word.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):
                    initials = "." in word or len(word) == 1
                    nxt = _WORD.match(text, follow.start(2))
                    if not (initials and nxt and nxt.group(0) in SENTENCE_STARTERS):
                        continue
            _add(sentences, text, start, end)
            start = follow.start(2)
        _add(sentences, text, start, para_end)
    return sentences


def _word_before(text: str, dot: int) -> str:
    match = re.search(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)$", text[max(0, dot - 20):dot])
    return match.group(1) if match else ""


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        space = _UP_TO_LAST_SPACE.match(text, start + MAX_SENTENCE // 2, limit)
        cut = space.end() if space else limit
        _add(sentences, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))


def _paragraphs(text: str, wrapped: bool) -> list[tuple[int, int]]:
    breaker = re.compile(r"\r?\n[ \t\r]*\n\s*" if wrapped else r"\r?\n\s*")
    spans, start = [], 0
    for match in breaker.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _hard_wrapped(text: str) -> bool:
    lengths = [len(line.rstrip()) for line in text.splitlines() if line.strip()]
    if len(lengths) < 8:
        return False
    long_ones = [n for n in lengths if n >= 50]
    return (len(long_ones) >= 0.6 * len(lengths) and max(lengths) <= 100
            and 55 <= statistics.median(lengths) <= 90)

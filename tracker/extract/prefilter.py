"""Cheap scans that find where a costly pattern can match, derived from the pattern itself.

A large alternation of word patterns (compiled case-insensitively, each behind ``\\b``) is tried
in full at every word of a sentence. ``start_scanner`` reads the patterns' own parse trees for the
first letters every match must begin with, and builds one small pattern that finds only the words
starting so: the costly pattern need then be tried only there. Being derived, the scanner follows
any change to the word lists; where a pattern's start cannot be read (a ``\\w``, a wide class), the
scanner keeps to the letters before it, or, with none, accepts every position.
"""

from __future__ import annotations

import re

try:  # the parser the re module compiles with (a private module: sre_parse before Python 3.11)
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_SMALL_CLASS = 12  # a character class with more members than this is not spelled out


def start_scanner(patterns: list[re.Pattern], letters: int = 4) -> re.Pattern:
    """A case-insensitive pattern that matches wherever any of ``patterns`` can start a match.

    It matches the first ``letters`` characters (fewer where a pattern's start is not spelled out)
    that every match of some pattern begins with, behind a word boundary where that pattern's
    match is; it over-accepts, never under-accepts."""
    bounded: set[str] = set()
    free: set[str] = set()
    for pattern in patterns:
        for alternative in _alternatives(_sre.parse(pattern.pattern, pattern.flags)):
            at_boundary = _leads_with_boundary(alternative)
            starts, _ = _sequence(alternative, letters)
            (bounded if at_boundary else free).update(starts)
    if "" in bounded or "" in free:
        return re.compile("")  # some match can start anywhere: every position is a candidate
    parts = []
    if bounded:
        parts.append(rf"\b(?:{_trie(bounded)})")
    if free:
        parts.append(_trie(free))
    return re.compile("|".join(parts), re.I)


def scanned_search(pattern: re.Pattern, scanner: re.Pattern, text: str, at: int = 0) -> re.Match | None:
    """``pattern.search(text, at)``, with ``pattern`` tried only where ``scanner`` (its start scanner) matches."""
    at = min(at, len(text))  # as search takes a start past the end
    while at <= len(text) and (candidate := scanner.search(text, at)) is not None:
        found = pattern.match(text, candidate.start())
        if found is not None:
            return found
        at = candidate.start() + 1
    return None


def _alternatives(items) -> list:
    """The top-level alternatives of a parsed pattern (itself when it has none)."""
    items = list(items)
    while len(items) == 1 and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][3])
    if len(items) == 1 and items[0][0] is _sre.BRANCH:
        return [alt for branch in items[0][1][1] for alt in _alternatives(branch)]
    return [items]


def _leads_with_boundary(items) -> bool:
    """Whether the match begins with ``\\b`` before any character is consumed."""
    for op, av in items:
        if op is _sre.AT:
            if av is _sre.AT_BOUNDARY:
                return True
            continue
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue
        if op is _sre.SUBPATTERN:
            return _leads_with_boundary(av[3])
        if op is _sre.BRANCH:
            return all(_leads_with_boundary(branch) for branch in av[1])
        return False
    return False


def _sequence(items, letters: int) -> tuple[set[str], bool]:
    """The lower-case starts (up to ``letters`` long) of what ``items`` match in turn, and whether
    they are exactly what it matches (False: only its beginnings)."""
    starts, exact = {""}, True
    for item in items:
        pieces, piece_exact = _item(item, letters)
        joined = {start + piece for start in starts for piece in pieces}
        starts = {start[:letters] for start in joined}
        exact = exact and piece_exact and starts == joined
        if not exact or all(len(start) >= letters for start in starts):
            return starts, exact
    return starts, exact


def _item(item, letters: int) -> tuple[set[str], bool]:
    """What one parsed item matches, as ``_sequence`` gives it; ({""}, False): not spelled out."""
    op, av = item
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return {""}, True  # consumes nothing (its condition only narrows where a match is)
    if op is _sre.LITERAL:
        return {_lower(av)}, True
    if op is _sre.IN:
        return _characters(av)
    if op is _sre.SUBPATTERN:
        return _sequence(av[3], letters)
    if op is _sre.BRANCH:
        results = [_sequence(branch, letters) for branch in av[1]]
        return set().union(*(starts for starts, _ in results)), all(exact for _, exact in results)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, body = av
        starts, exact = _sequence(body, letters)
        if low == 0:
            return starts | {""}, exact and high == 1
        return starts, exact and low == high == 1
    return {""}, False


def _characters(members) -> tuple[set[str], bool]:
    """A character class spelled out, when it is short and plain."""
    chars: set[str] = set()
    for op, av in members:
        if op is _sre.LITERAL:
            chars.add(_lower(av))
        elif op is _sre.RANGE and av[1] - av[0] < _SMALL_CLASS:
            chars.update(_lower(code) for code in range(av[0], av[1] + 1))
        else:
            return {""}, False  # a negation, a category (\s, \w) or a wide range
    if len(chars) > _SMALL_CLASS:
        return {""}, False
    return chars, True


def _lower(code: int) -> str:
    """A character in lower case; as written when lower case spells it otherwise ("İ" -> "i̇")."""
    char = chr(code)
    return char.lower() if len(char.lower()) == 1 else char


def _trie(words: set[str]) -> str:
    """A regex matching any of ``words`` (none empty), one branch per letter."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:
            return ""  # a shorter word ends here: what follows it need not be checked
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(trie)


DIGIT = re.compile(r"\d")


def needs_digit(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` holds a digit (so a text without one need not be searched)."""
    return _sequence_needs_digit(_sre.parse(pattern.pattern, pattern.flags))


def _sequence_needs_digit(items) -> bool:
    return any(_item_needs_digit(item) for item in items)


def _item_needs_digit(item) -> bool:
    op, av = item
    if op is _sre.LITERAL:
        return chr(av).isdecimal()
    if op is _sre.IN:
        return all(_member_is_digit(member) for member in av)
    if op is _sre.SUBPATTERN:
        return _sequence_needs_digit(av[3])
    if op is _sre.BRANCH:
        return all(_sequence_needs_digit(branch) for branch in av[1])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        return av[0] >= 1 and _sequence_needs_digit(av[2])
    return False  # what consumes nothing, or may consume anything


def _member_is_digit(member) -> bool:
    op, av = member
    if op is _sre.CATEGORY:
        return av is _sre.CATEGORY_DIGIT
    if op is _sre.LITERAL:
        return chr(av).isdecimal()
    if op is _sre.RANGE:
        return all(chr(code).isdecimal() for code in range(av[0], av[1] + 1))
    return False

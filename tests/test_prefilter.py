"""The checks that let extraction skip work: never where the work could find something.

The trigger scan is read from the trigger patterns; these tests spell out every word form of every
trigger (each branch of its word lists at least once) and check the scan stops at each, and that
triggers found with the scan are those a plain search finds, on every sentence of the article sets.
Date and tally forms that need a digit are skipped in a sentence without one: each such form's
spelled matches hold one. A day's members come from the seats running that year.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker.domain import council
from tracker.extract import dates, patterns, votes
from tracker.extract.prefilter import DIGIT, _sre, needs_digit, scanned_search, start_scanner
from tracker.extract.reader import find_articles
from tracker.extract.sentences import split

ROOT = Path(__file__).resolve().parent.parent
_CONTEXTS = ("{}", "{} the draft", "{} the draft resolution", "{} it", "{} by Russia", "x {} in a new text",
             "{}, the draft")


def samples(items) -> list[str]:
    """Strings spelling the parsed ``items``, together taking every branch of every alternation."""
    options: list[list[str]] = []
    for op, av in items:
        if op is _sre.LITERAL:
            options.append([chr(av)])
        elif op is _sre.IN:
            options.append([_class_sample(av)])
        elif op is _sre.SUBPATTERN:
            options.append(samples(av[3]))
        elif op is _sre.BRANCH:
            options.append([s for branch in av[1] for s in samples(branch)])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            body = samples(av[2])
            options.append(([""] if av[0] == 0 else []) + [s * max(av[0], 1) for s in body])
        elif op in (_sre.ANY, _sre.CATEGORY):
            options.append(["a"])
    width = max((len(o) for o in options), default=1)
    return ["".join(o[i % len(o)] for o in options) for i in range(width)]


def _class_sample(members) -> str:
    op, av = members[0]
    if op is _sre.LITERAL:
        return chr(av)
    if op is _sre.RANGE:
        return chr(av[0])
    if op is _sre.CATEGORY:
        return " " if av is _sre.CATEGORY_SPACE else "1" if av is _sre.CATEGORY_DIGIT else "a"
    return "a"  # a negated class: a letter is outside every negation the triggers use


@pytest.mark.parametrize("kind, pattern", patterns._ALL_TRIGGERS, ids=[k for k, _ in patterns._ALL_TRIGGERS])
def test_every_word_form_of_a_trigger_is_where_the_trigger_scan_stops(kind, pattern):
    forms = samples(_sre.parse(pattern.pattern, pattern.flags))
    matched = 0
    for form in forms:
        for context in _CONTEXTS:
            text = context.format(form)
            at = text.index(form)
            if pattern.match(text, at):
                matched += 1
                scan = patterns._TRIGGER_START.search(text, at)
                assert scan is not None and scan.start() == at, (kind, text)
                break
    assert matched >= len(forms) // 2, f"{kind}: too few spelled forms match ({matched} of {len(forms)})"


def test_a_word_missing_from_the_scan_is_caught():
    scanner = start_scanner([re.compile(r"\b(?:vetoed|adopted)\b", re.I)])
    assert scanner.search("It was adopted.").start() == 7
    assert scanner.search("They TABLED it.") is None
    assert scanner.search("It was ADOPTED.").start() == 7  # case-insensitive, as the triggers are


@pytest.mark.parametrize("pattern, text, where", [
    (r"\bput\s+forward\b", "They put it forward", 5),  # the letters before a space
    (r"\b(?:[\w-]+\s+)?veto", "a double veto", 0),  # a word of any letters first: every word start
    (r"(?<=own\s)version", "subversion", 3),  # no boundary: the letters anywhere, inside a word too
    (r"\bvot(?:e|es|ed|ing)?\b", "outvoted; they voted", 15),  # inside a word is no start
])
def test_the_scan_keeps_what_it_cannot_spell_open(pattern, text, where):
    assert start_scanner([re.compile(pattern, re.I)]).search(text).start() == where


def test_a_pattern_that_can_start_anywhere_makes_every_position_a_candidate():
    scanner = start_scanner([re.compile(r".*veto", re.I)])
    assert scanner.search("anything").start() == 0


def _plain_triggers(text: str) -> list[tuple[str, int, int]]:
    """find_triggers as one search with every trigger at once finds them (no scan first)."""
    kept, at = [], 0
    while (found := patterns._ANY_TRIGGER.search(text, at)) is not None:
        start = found.start()
        if start and text[start - 1] in "-–":
            at = start + 1
            continue
        kind, match = max(((kind, p.match(text, start)) for kind, p in patterns._ALL_TRIGGERS),
                          key=lambda pair: pair[1].end() if pair[1] else -1)
        kept.append((kind, match.start(), match.end()))
        at = max(match.end(), start + 1)
    return kept


def test_triggers_found_through_the_scan_are_those_a_plain_search_finds():
    paths = [p for p in find_articles([ROOT / "seeds", ROOT / "tests" / "articles"]) if p.suffix == ".txt"]
    sentences = [s.text for p in paths for s in split(p.read_text(encoding="utf-8-sig"))]
    assert len(sentences) > 500
    for text in sentences:
        assert [(t.type, t.start, t.end) for t in patterns.find_triggers(text)] == _plain_triggers(text), text


def _digit_forms():
    for kind, pattern in dates._PATTERNS:
        yield f"date {kind}", pattern
    for index, pattern in enumerate(votes._TALLIES):
        yield f"tally {index}", pattern


@pytest.mark.parametrize("name, pattern", list(_digit_forms()), ids=[n for n, _ in _digit_forms()])
def test_a_form_skipped_without_a_digit_holds_one_in_every_spelled_form(name, pattern):
    if not needs_digit(pattern):
        return
    spelled = [text for form in samples(_sre.parse(pattern.pattern, pattern.flags))
               for text in (form, f"{form} vote", f"{form} in favour") if pattern.search(text)]
    assert spelled, f"{name}: no spelled form matches"
    for text in spelled:
        assert DIGIT.search(pattern.search(text).group(0)), (name, text)
        assert not pattern.search(re.sub(r"\d", "x", text)), (name, text)


@pytest.mark.parametrize("pattern, needed", [
    (r"\b\d{1,2}-\d{1,2}\b", True), (r"(?:\d+|one|two) votes", False), (r"\b(?:[0-3]?\d)\s+May", True),
    (r"\b\d?\s*votes", False), (r"vote(?=\s\d)", False), (r"(?:by\s+)?(?:a\s+)?vote\s+of\s+(?P<f>\d{1,2})", True),
])
def test_a_digit_is_needed_only_where_every_match_consumes_one(pattern, needed):
    assert needs_digit(re.compile(pattern, re.I)) is needed


def test_dates_and_tallies_without_digits_are_found_as_before():
    assert [m.text for m in dates.find_dates("On Friday, late September, yesterday", None)] == \
        ["Friday", "late September", "yesterday"]
    assert dates.find_dates("on 25 November 2015 and 2015-11-26", None)[1].date.day == 26
    tally = votes.find_tally("It won thirteen votes in favour, with two abstentions")
    assert (tally.in_favour, tally.abstaining) == (13, 2)
    assert votes.find_tally("adopted 13-0-2").against == 0


def test_a_days_members_are_those_a_full_scan_of_the_seats_finds():
    days = {day + dt.timedelta(days=shift) for seat in council.seats() for day in (seat.start, seat.end)
            if day is not None for shift in (-1, 0, 1)}
    for day in sorted(days):
        full = sorted((not s.permanent, s.code) for s in council.seats() if s.held_on(day))
        assert [(not m.permanent, m.code) for m in council.members_on(day)] == full, day


@pytest.mark.parametrize("pattern", [r"\bveto(?:es|ed)?\b", r".*veto", r"(?<=own\s)version", r"x?"])
@pytest.mark.parametrize("text", ["", "veto", "they vetoed it; a veto", "its own version", "no match here"])
def test_a_scanned_search_finds_what_a_plain_search_finds(pattern, text):
    compiled = re.compile(pattern, re.I)
    scanner = start_scanner([compiled])
    for at in range(len(text) + 2):
        found, plain = scanned_search(compiled, scanner, text, at), compiled.search(text, at)
        assert (found and found.span()) == (plain and plain.span()), (pattern, text, at)

"""Tallies as news writes them, and the members it names with their ballots.

"11 in favour, 2 against and 2 abstentions", "by a vote of 12-1-2",
"13 votes to 1 with 1 abstention", "received only four votes",
"unanimously", "2 against (Venezuela and Russia)", "with China abstaining",
"Russia and China voted against".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.counts import number
from tracker.extract.prefilter import DIGIT, needs_digit

_N = r"(?:1[0-5]|[0-9]|no|none|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
     r"fourteen|fifteen)"
_DASH = r"\s*[-–—]\s*"

# Each pattern names the groups it fills: f (for), a (against), b (abstaining).
_TALLIES = [
    re.compile(rf"\b(?P<f>{_N})\s+(?:votes?\s+|members?\s+|countries\s+)?(?:in\s+favou?r|for|yes|affirmative(?:\s+votes?)?)"
               rf"(?:\s*\([^)]*\))?\s*(?:,|;|and|to|with|versus|vs\.?)?\s*(?P<a>{_N})\s+(?:votes?\s+|members?\s+)?"
               rf"(?:against|opposed|no|negative(?:\s+votes?)?)(?:\s*\([^)]*\))?"
               rf"(?:\s*(?:,|;|and|with)?\s*(?P<b>{_N})\s+(?:abstentions?|abstaining|abstained|members?\s+abstaining))?",
               re.I),
    re.compile(rf"\b(?:by\s+)?(?:a\s+)?(?:vote|tally|margin|count)\s+of\s+(?P<f>\d{{1,2}}){_DASH}(?P<a>\d{{1,2}})"
               rf"(?:{_DASH}(?P<b>\d{{1,2}}))?(?:,?\s+with\s+(?P<b2>{_N})\s+abstentions?)?", re.I),
    re.compile(rf"\b(?P<f>\d{{1,2}}){_DASH}(?P<a>\d{{1,2}}){_DASH}(?P<b>\d{{1,2}})\b(?=[^.]{{0,40}}\b(?:vote|tally|margin|"
               rf"favou?r|against|abstention))", re.I),
    re.compile(rf"\b(?:vote|tally|count|result|margin)\s+(?:was|is|stood\s+at|of|came\s+to|:)\s+(?P<f>\d{{1,2}}){_DASH}"
               rf"(?P<a>\d{{1,2}})(?:{_DASH}(?P<b>\d{{1,2}}))?\b", re.I),
    # Three counts that add up to a whole Council are a tally wherever they stand.
    re.compile(rf"(?<![\d/-])(?P<f>\d{{1,2}}){_DASH}(?P<a>\d{{1,2}}){_DASH}(?P<b>\d{{1,2}})(?![\d/-])", re.I),
    re.compile(rf"\b(?P<f>\d{{1,2}}){_DASH}(?P<a>\d{{1,2}})(?:{_DASH}(?P<b>\d{{1,2}}))?\s+(?:vote|tally)\b", re.I),
    re.compile(rf"\b(?P<f>{_N})\s+votes?\s+(?:to|against)\s+(?P<a>{_N})\b(?!\s+(?:votes?\s+)?in\s+favou?r)"
               rf"(?:,?\s*(?:with|and)\s+(?P<b>{_N})\s+abstentions?)?", re.I),
    re.compile(rf"\b(?:received|receiving|won|winning|garnered|garnering|got|getting|gained|obtained|mustered|drew|"
               rf"secured|attracted)\s+(?:only\s+|just\s+|the\s+support\s+of\s+(?:only\s+)?)?(?P<f>{_N})\s+"
               rf"(?:affirmative\s+|favou?rable\s+|positive\s+)?(?:votes?|members?|countries|yes\s+votes)"
               rf"(?:\s+in\s+favou?r)?", re.I),
    # "passed 13-0", "was defeated 4-9-2": two or three counts right after the outcome.
    re.compile(rf"\b(?:passed|adopted|approved|rejected|defeated|failed|carried|lost)\s+(?:by\s+)?(?:a\s+(?:vote\s+of\s+)?)?"
               rf"(?P<f>\d{{1,2}}){_DASH}(?P<a>\d{{1,2}})(?:{_DASH}(?P<b>\d{{1,2}}))?(?![\d/–-])", re.I),
    # "voted 13 to 0", "by 12 to 3": two counts joined by "to".
    re.compile(rf"\b(?:voted|by|of)\s+(?P<f>{_N})\s+to\s+(?P<a>{_N})\b(?!\s+(?:votes?\s+)?in\s+favou?r)", re.I),
    # Not the Council's size: "10 of the council's 15 members voted in favour".
    re.compile(rf"(?<!['’]s\s)\b(?P<f>{_N})\s+(?:of\s+the\s+(?:council|body)['’]s\s+(?:15|fifteen)\s+)?(?:other\s+)?(?:council\s+)?(?:members?|countries|states|nations)\b[^.;]{{0,80}}?"
               rf"\bvoted\s+(?:in\s+favou?r|for|yes)", re.I),
    re.compile(rf"\b(?P<f>{_N})\s+votes?\s+in\s+favou?r\b(?![^.;]{{0,20}}\bagainst)", re.I),
]
# Which tally forms hold a digit in every match, read from the patterns: a sentence without one skips them.
_DIGIT_ONLY = tuple(needs_digit(pattern) for pattern in _TALLIES)
_ABSTENTIONS = re.compile(rf"\b(?P<b>{_N})\s+(?:abstentions?|members?\s+abstain(?:ed|ing))", re.I)
# "A unanimous text" or "a unanimous position" is agreement sought or shown, not a vote's tally.
_UNANIMOUS = re.compile(r"\b(?:(?:backing|support|votes?|approval)\s+of\s+all\s+(?:15|fifteen)\s+(?:council\s+)?members|"
                        r"unanimous(?:ly)?(?!\s+(?:text|draft|agreement|position|view|consensus)\b)|without\s+a\s+(?:single\s+)?(?:dissenting\s+)?vote\s+against|"
                        r"all\s+15\s+(?:members|council members)\s+voted\s+(?:in\s+favou?r|for))\b", re.I)


# Wire copy gives a defeat's two-number tally majority first: "rejected 12-3" is 3 in favour, 12 against
# (a three-number tally keeps its order: "rejected by a vote of 8-2-5").
_AGAINST_FIRST = re.compile(r"\b(?:rejected|defeated|voted\s+down|turned\s+down)\b[^.;]{0,30}$", re.I)


@dataclass
class TallyMention:
    start: int
    end: int
    in_favour: int | None
    against: int | None
    abstaining: int | None
    unanimous: bool = False


def find_tally(text: str) -> TallyMention | None:
    """The first tally in ``text`` (a sentence), if any."""
    has_digit = DIGIT.search(text) is not None
    for pattern, digit_only in zip(_TALLIES, _DIGIT_ONLY):
        if digit_only and not has_digit:
            continue
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        in_favour, against = number(groups.get("f")), number(groups.get("a"))
        abstaining = number(groups.get("b") or groups.get("b2"))
        if in_favour is not None and in_favour > 15 or (against or 0) > 15 or (abstaining or 0) > 15:
            continue
        if pattern is _TALLIES[4] and (in_favour or 0) + (against or 0) + (abstaining or 0) not in (11, 15):
            continue
        if abstaining is None:
            extra = _ABSTENTIONS.search(text, match.end(), min(len(text), match.end() + 60))
            if extra:
                abstaining = number(extra.group("b"))
        if _AGAINST_FIRST.search(text, max(0, match.start() - 40), match.start()) and groups.get("b") is None \
                and re.search(r"\d\s*[-–]\s*\d", match.group(0)) and in_favour is not None and against is not None \
                and in_favour > against:
            in_favour, against = against, in_favour  # "rejected by a vote of 12-3": the majority was against
        return TallyMention(match.start(), match.end(), in_favour, against, abstaining)
    match = _UNANIMOUS.search(text)
    if match:
        return TallyMention(match.start(), match.end(), None, 0, 0, unanimous=True)
    return None

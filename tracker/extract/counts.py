"""The counts and ballots of a vote, as one sentence tells them.

News gives a tally in many orders and spreads it over sentences: "N votes in
favour (A, B) to N against (C), with N abstentions (D, E)", "N 'yes' votes, N
'no' votes and N abstentions", "just N of the 15 members voted for it, N were
against and N abstained", "N members -- A, B -- supported it", "N delegations
joined A in voting for the text: B, C", "A also voted against it", "the
remaining N members voted in favour". This module reads one sentence into a
``VoteReading``: a count for each side it states, the side that takes "the
remaining members", and the ballot of each member it names. Gathering readings
across sentences is the article reading's job (``tracker.extract.ballots``);
completing a tally from the Council's size is ``complete_tally``'s, at the end of
the article (``tracker.extract.settling``).

Sides are the ballots of ``tracker.domain.votes``: Y (in favour), N (against),
A (abstaining). Every word list is general English about votes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.domain.votes import ABSTAIN, NO, YES

# The number words of tallies, in one place (wire tallies in votes.py read them too). "no" counts only
# in wire forms ("13 votes to no", "no votes against"), where a number is expected.
NUMBER_WORDS = {
    "none": 0, "zero": 0, "nil": 0, "one": 1, "a single": 1, "single": 1, "only one": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15,
}
NO_AS_NUMBER = {"no": 0}
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

# Who a count is of: "13 votes", "five countries", "four council members", "six others".
_COUNTED = r"(?:(?:affirmative|negative|favou?rable|positive)\s+)?(?:votes?|ballots?|members?|countries|nations|" \
           r"states|delegations|council\s+members|others|other\s+members|other\s+countries|of\s+(?:the\s+)?" \
           r"(?:council['’]s\s+|body['’]s\s+|its\s+)?(?:15|fifteen)(?:[\s-]+(?:council\s+)?members?)?)"
# A list of the members counted, right after the count: "(China, Russia)", "-- A, B --".
_LISTED = r"(?P<list>\s*\([^)]*\)|\s*(?:--|—|–)\s*[^—–]*?\s*(?:--|—|–)|,\s*(?:including|among\s+them|namely)\s+[^;:.]*?,)?"
_VERB = r"(?:\s+(?:all\s+|also\s+|both\s+|each\s+)?(?:were|was|voted|voting|vote|cast\s+(?:their\s+|its\s+)?" \
        r"(?:votes?\s+)?|came\s+out|went))?"

# The words that say a side, by side. "for" and "no" are sides only where a vote is plain.
SIDE_WORDS = {
    YES: r"(?:backed|supported)(?=\s+(?:it|the\s+(?:[\w’'.-]+\s+){0,3}?(?:text|draft|resolution|measure)))|in\s+favou?r|for\s+(?:it|the\s+(?:text|draft|resolution|measure|proposal))|yes|for(?=\s*(?:[,;)]|and\b|to\b|" \
         r"with\b|against\b|$))|in\s+support",
    NO: r"against|opposed|in\s+opposition|no(?=\s*[,;)]|\s+(?:and|to|with)\b)",
    ABSTAIN: r"abstentions?|abstained|abstaining|abstain",
}
_SIDE = "|".join(f"(?P<{name}>{words})" for name, words in (("Y", SIDE_WORDS[YES]), ("N", SIDE_WORDS[NO]),
                                                             ("A", SIDE_WORDS[ABSTAIN])))
_QUOTE = r"[\"'“”‘’]?"

# A count of one side: "11 in favour", "4 votes in favour (China, ...)", "eight were against",
# "N others abstained", "none against", "one abstention".
_COUNT = re.compile(
    rf"(?<!['’]s\s)\b(?P<n>{_NUMBER})(?:\s+{_COUNTED})?{_LISTED}{_VERB}\s+{_QUOTE}(?:{_SIDE}){_QUOTE}(?![\w-])", re.I)
# "N 'yes' votes", "N 'no' votes".
_QUOTED_SIDE = re.compile(rf"\b(?P<n>{_NUMBER})\s+{_QUOTE}(?:(?P<Y>yes)|(?P<N>no)){_QUOTE}\s+votes?\b", re.I)
# A count with no side, which is the votes a text won: "received only four votes", "secured 12 votes".
_WON = re.compile(rf"\b(?:received|receiving|won|winning|garnered|garnering|got|getting|gained|obtained|obtaining|"
                  rf"mustered|drew|secured|securing|attracted|collected)\s+(?:only\s+|just\s+|the\s+support\s+of\s+)?"
                  rf"(?P<n>{_NUMBER})\s+(?:votes?|members?|countries)\b(?!\s+(?:in\s+favou?r|for|against))", re.I)
# "cleared the Council with 12 votes": votes in favour.
_WITH_VOTES = re.compile(rf"\bwith\s+(?:only\s+|just\s+)?(?P<n>{_NUMBER})\s+votes\b(?![-\s]+(?:in\b|for\b|against\b|"
                         rf"to\b|needed|required|short|shy|of\b))", re.I)
# "winning the votes of only Russia and China": as many votes in favour as members named.
_VOTES_OF = re.compile(r"\b(?:received|receiving|won|winning|drew|drawing|got|getting|secured|securing|gained|"
                       r"gaining|attracted|attracting)\s+(?:the\s+)?(?:votes?|support|backing)\s+of\s+"
                       r"(?:only\s+|just\s+|its\s+sponsors?,?\s+)?(?:the\s+)?", re.I)
# "Russia cast the lone dissenting vote", "the United States was the only member to vote against":
# one ballot on that side, the named member's (the member is named right before).
_ONLY_ONE = re.compile(r"\s+(?:cast\s+(?:the|a|its)\s+(?:lone|only|sole|single)\s+(?:(?P<N>dissenting|negative|no)\s+vote|"
                       r"vote\s+(?P<N3>against)|"
                       r"(?P<A>abstention))|(?:was|were)\s+the\s+(?:only|lone|sole)\s+(?:member|country|delegation|one)\s+"
                       r"(?:to|that)\s+(?:vote[ds]?\s+(?P<N2>against|no)|(?P<A2>abstain(?:ed)?)))\b", re.I)
# "The only vote against was that of the United States", "the sole abstention came from Brazil": one vote,
# the member named next.
_ONLY_VOTE_OF = re.compile(r"\b(?:the\s+)?(?:only|lone|sole|single)\s+(?:(?P<N>vote\s+against|negative\s+vote|"
                           r"dissenting\s+vote|no\s+vote)|(?P<A>abstention))\s+(?:was\s+(?:that\s+of|cast\s+by)|"
                           r"came\s+from|was)\s+(?:the\s+)?", re.I)
_ONE_OF_A_KIND = re.compile(r"only|lone|sole|single")
# "received only Russia's own vote in favour": one vote, the named member's.
_LONE = re.compile(r"['’]s\s+(?:own\s+|lone\s+|sole\s+|single\s+)?(?:vote|ballot)\s+(?:(?P<Y>in\s+favou?r|for\s+it)|"
                   r"(?P<N>against))", re.I)
# "the remaining ten members voted in favour", "all the other members voted for it", "the rest abstained".
_REST = re.compile(rf"\b(?:(?:the|all\s+the|all)\s+(?:remaining|other|others|rest)\b(?:\s+(?P<n>{_NUMBER}))?"
                   rf"(?:\s+{_COUNTED})?|(?:everyone|everybody|all\s+others)\s+else){_VERB}\s+(?:{_SIDE})(?![\w-])",
                   re.I)
# Members named after their side: "with 6 abstentions (A, B)", "a single abstention from A",
# "voting for it: A, B and C".
_NAMED_AFTER = re.compile(r"\s*(?:\((?P<paren>[^)]*)\)|,?\s*(?:from|by|of)\s+(?P<from>[^,;.()]*)|:\s*(?P<colon>[^;]*))")

# "N delegations joined A in voting for the text: B, C": the joiners and their host, one side.
_JOINED = re.compile(rf"\b(?P<n>{_NUMBER})\s+{_COUNTED}\s+(?:also\s+)?joined\s+(?P<host>[^,;:]{{1,60}}?)\s+in\s+"
                     rf"(?:voting\s+|casting\s+\w+\s+votes?\s+)?(?:(?P<Y>(?:in\s+)?favou?r|for|supporting|backing)|"
                     rf"(?P<N>against|opposing)|(?P<A>abstaining|abstention))(?:\s+(?:it|the\s+\w+))?", re.I)
# A group of members followed by its ballot: "Bolivia also voted against it", "China abstained",
# "with Russia and China abstaining", "-- voted in favour".
BALLOT_AFTER = re.compile(
    r"\s*(?:(?:--|[,–—-])\s*)?(?:(?:which|who)\s+)?(?:both\s+|also\s+|all\s+|each\s+|had\s+|have\s+|has\s+|then\s+|"
    r"instead\s+|themselves\s+|likewise\s+|too\s+|again\s+|once\s+more\s+|duly\s+)*"
    # "China was among the members voting in favour", "... were among the four who abstained"
    r"(?:(?:was|were)\s+(?:also\s+)?among\s+(?:the\s+)?(?:\w+\s+)?(?:members|countries|delegations|states|nations|"
    r"ones|others)?\s*(?:who\s+|that\s+)?)?"
    r"(?:(?:voted|voting|vote|votes|cast\s+(?:a\s+|its\s+|their\s+)?"
    r"(?:negative\s+|affirmative\s+)?votes?)\s+(?:(?P<Y>in\s+favou?r|for|yes)|(?P<N>against|no))\b|"
    r"(?P<A>abstained|abstaining|abstain|abstains)\b)", re.I)

# Every count and tally form above holds a number, "unanimous(ly)", "without a vote against" or the
# remaining members: a sentence without any is not read for counts at all. Keep it in step with the forms.
COUNT_CUE = re.compile(r"\d|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"|unanim\w*|remaining|"
                       r"others?|rest|everyone|everybody|dissenting|only|lone|sole|none|"
                       r"no\s+(?:other\s+)?(?:council\s+)?(?:members?|countr|delegation|one\b|state))", re.I)

# "No member voted against", "none voted against": a count of nought.
_NONE = re.compile(r"\b(?:no|none\s+of\s+the)\s+(?:other\s+)?(?:council\s+)?(?:members?|countries|delegations?|one|state)\s+"
                   r"(?:voted\s+|was\s+|were\s+)?(?:(?P<N>against|opposed)|(?P<A>abstained))\b|\bnone\s+(?:voted\s+)?"
                   r"(?P<N2>against)\b", re.I)
# A group after its verb took the side of the one before: "China abstained, and so did Brazil".
SAME_SIDE_BEFORE = re.compile(r"\b(?:and\s+)?(?:so|as)\s+did\s+(?:the\s+)?$", re.I)
# "... voted in favour, as did Guyana, Ireland and Japan": the side told before "as did".
SIDE_THEN_AS_DID = re.compile(r"\b(?:voted\s+(?:(?P<Y>in\s+favou?r|for\s+it|yes)|(?P<N>against(?:\s+it)?|no))|"
                              r"(?P<A>abstained))\s*,?\s+(?:and\s+)?(?:so|as)\s+did\s+(?:the\s+)?$", re.I)
# "The representative of China said his delegation had voted against": a speaker's own ballot.
SPEAKER_OWN = re.compile(r"\s+(?:\w+\s+){0,3}?(?:said|says|explained|stated|noted|recalled|stressed|told\s+\w+)\s+"
                         r"(?:that\s+)?(?:his|her|its|their)\s+(?:delegation|country|government)", re.I)
# "Bolivia sided with Russia": the ballot of the member named next, once the story has told it.
SIDED_WITH = re.compile(r"\s+(?:also\s+|again\s+)?(?:sided|voted|stood|went\s+along)\s+with\s+(?:the\s+)?", re.I)
# "Britain and France were among the 13 members that backed the measure": ballots in favour.
AMONG_BACKERS = re.compile(r"\s*,?\s*(?:was|were)\s+(?:also\s+)?among\s+(?:the\s+)?(?:\w+\s+)?(?:members|countries|"
                           r"delegations|states|nations)\s+(?:who|that)\s+(?:backed|supported)\b", re.I)
# "The United States joined the five sponsors in voting for it."
JOINED_BALLOT = re.compile(r"\s+(?:also\s+)?joined\s+[^,.;]{1,60}?\s+in\s+(?:voting\s+|casting\s+\w+\s+votes?\s+)?"
                           r"(?:(?P<Y>for|in\s+favou?r|supporting|backing)|(?P<N>against|opposing)|(?P<A>abstaining))\b",
                           re.I)

# What makes a number a requirement or an explanation, not a count: "needs nine votes in favour".
_NOT_A_COUNT = re.compile(r"\b(?:needs?|needed|needing|requires?|required|requiring|at\s+least|minimum|threshold|must|"
                          r"enough|would\s+need|majority\s+of|out\s+of\s+the\s+(?:15|fifteen))\b[^.;]*$", re.I)
COUNCIL_MOST = 15  # no Council has had more members: a larger count is another body's vote


@dataclass(frozen=True)
class Mention:
    """A member named in the sentence (offsets relative to it)."""

    start: int
    end: int
    member: str


@dataclass
class VoteReading:
    """What one sentence says of one vote."""

    start: int
    end: int
    counts: dict[str, int] = field(default_factory=dict)  # side -> number
    rest: str | None = None  # the side "the remaining members" took
    ballots: dict[str, str] = field(default_factory=dict)  # member -> side

    @property
    def empty(self) -> bool:
        return not self.counts and self.rest is None and not self.ballots


def number(text: str | None) -> int | None:
    if text is None:
        return None
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, NO_AS_NUMBER.get(text))


def _side(match: re.Match) -> str | None:
    for side in (YES, NO, ABSTAIN):
        if match.groupdict().get(side):
            return side
    return None


def _members_in(mentions: list[Mention], start: int, end: int) -> list[str]:
    return list(dict.fromkeys(m.member for m in mentions if start <= m.start and m.end <= end))


def _named_after(text: str, at: int, mentions: list[Mention]) -> list[str]:
    named = _NAMED_AFTER.match(text, at)
    if not named:
        return []
    for group in ("paren", "from", "colon"):
        if named.group(group) is not None:
            return _members_in(mentions, named.start(group), named.end(group))
    return []


def _listed_at(text: str, at: int, mentions: list[Mention]) -> list[str]:
    """The members listed from ``at`` on: "Russia and China", "Russia, China and Iran"."""
    listed, position = [], at
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < position:
            continue
        if not _LIST_GAP.fullmatch(text, position, mention.start):
            break
        listed.append(mention.member)
        position = mention.end
    return listed


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)?(?:the\s+)?")


def _is_requirement(text: str, start: int) -> bool:
    return bool(_NOT_A_COUNT.search(text, max(0, start - 60), start))


def read_counts(text: str, mentions: list[Mention]) -> list[VoteReading]:
    """The votes one sentence tells, in order; a side told twice starts another vote."""
    found: list[tuple[int, int, str, int | None, list[str], bool]] = []  # start, end, side, n, members, rest
    taken: list[tuple[int, int]] = []
    lower = text.lower()  # the rarer forms are tried only where their words occur

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    for match in _REST.finditer(text):
        side = _side(match)
        n = number(match.group("n"))
        found.append((match.start(), match.end(), side, n, _named_after(text, match.end(), mentions), n is None))
        taken.append(match.span())
    for pattern in (_QUOTED_SIDE, _COUNT):
        for match in pattern.finditer(text):
            if not free(*match.span()) or _is_requirement(text, match.start()):
                continue
            side = _side(match)
            members = []
            if match.groupdict().get("list"):
                members = _members_in(mentions, match.start("list"), match.end("list"))
            members = members or _named_after(text, match.end(), mentions)
            found.append((match.start(), match.end(), side, number(match.group("n")), members, False))
            taken.append(match.span())
    for match in _NONE.finditer(text):
        if free(*match.span()):
            side = NO if match.group("N") or match.group("N2") else ABSTAIN
            found.append((match.start(), match.end(), side, 0, [], False))
            taken.append(match.span())
    for mention in mentions:
        match = _ONLY_ONE.match(text, mention.end)
        if match and free(*match.span()):
            side = NO if match.group("N") or match.group("N2") or match.group("N3") else ABSTAIN
            found.append((match.start(), match.end(), side, 1, [mention.member], False))
            taken.append(match.span())
    for match in _ONLY_VOTE_OF.finditer(text) if _ONE_OF_A_KIND.search(lower) else ():
        member = [m.member for m in mentions if match.end() <= m.start <= match.end() + 1]
        if member and free(*match.span()):
            found.append((match.start(), match.end(), NO if match.group("N") else ABSTAIN, 1, member[:1], False))
            taken.append(match.span())
    for match in _WITH_VOTES.finditer(text) if "with" in lower and "votes" in lower else ():
        if free(*match.span()) and not _is_requirement(text, match.start()):
            found.append((match.start(), match.end(), YES, number(match.group("n")), [], False))
            taken.append(match.span())
    for match in _VOTES_OF.finditer(text) if " of " in lower else ():
        members = _listed_at(text, match.end(), mentions)
        if members and free(*match.span()):
            found.append((match.start(), match.end(), YES, len(members), members, False))
            taken.append(match.span())
    for match in _LONE.finditer(text):
        member = [m.member for m in mentions if m.end == match.start()]
        if member and free(*match.span()):
            found.append((match.start(), match.end(), _side(match), 1, member, False))
            taken.append(match.span())
    for match in _JOINED.finditer(text):
        if free(*match.span()):
            hosts = _members_in(mentions, match.start("host"), match.end("host"))
            members = hosts + _named_after(text, match.end(), mentions)
            found.append((match.start(), match.end(), _side(match), number(match.group("n")) + len(hosts), members,
                          False))
            taken.append(match.span())
    for match in _WON.finditer(text):
        if free(*match.span()) and not _is_requirement(text, match.start()):
            found.append((match.start(), match.end(), YES, number(match.group("n")),
                          _named_after(text, match.end(), mentions), False))
            taken.append(match.span())
    if any(n is not None and n > COUNCIL_MOST for _, _, _, n, _, _ in found):
        return []  # another body's vote, such as the General Assembly's
    return _readings(sorted(found))


def _readings(found) -> list[VoteReading]:
    readings: list[VoteReading] = []
    current: VoteReading | None = None
    for start, end, side, n, members, rest in found:
        if current is None or side in current.counts or (rest and current.rest is not None):
            current = VoteReading(start, end)
            readings.append(current)
        current.end = end
        if rest:
            current.rest = side
        else:
            current.counts[side] = n
        for member in members:
            current.ballots.setdefault(member, side)
    return readings


def read_group_ballots(text: str, groups) -> dict[str, str]:
    """The ballots of members named before a voting verb ("Bolivia also voted against it").

    ``groups`` are the sentence's lists of members (``start``, ``end``, ``members``)."""
    ballots: dict[str, str] = {}
    for group in groups:
        after = BALLOT_AFTER.match(text, group.end)
        if after:
            for member in group.members:
                ballots.setdefault(member, _side(after))
    return ballots


def complete_tally(counts: dict[str, int], rest: str | None, ballots: dict[str, str],
                   size: int) -> tuple[int | None, int | None, int | None]:
    """(in favour, against, abstaining) from what the text gave, completed where the Council's size allows.

    A side the text does not count is taken from the members it names on that side when
    everything then adds up to the Council's size; "the remaining members" take what is left;
    a tally that still does not add up keeps its unknown sides unknown, never a guess."""
    named = {side: sum(1 for ballot in ballots.values() if ballot == side) for side in (YES, NO, ABSTAIN)}
    known = dict(counts)
    if rest is not None and rest not in known:
        others = [known.get(side, named[side]) for side in (YES, NO, ABSTAIN) if side != rest]
        if sum(others) <= size:
            known[rest] = size - sum(others)
            for side in (YES, NO, ABSTAIN):
                known.setdefault(side, named[side])
    missing = [side for side in (YES, NO, ABSTAIN) if side not in known]
    if missing and sum(known.values()) + sum(named[side] for side in missing) == size:
        for side in missing:
            known[side] = named[side]  # every member is counted or named: none left for an unnamed one
    return known.get(YES), known.get(NO), known.get(ABSTAIN)

"""Mentions of drafts in a sentence: the noun phrases that name one ("the Russian draft", "a revised
French-Spanish text", "resolution 2249", "S/2017/970", "the text drafted by Britain") and what they say of
its sponsors and kind. Which known draft a mention means is the registry's question (drafts.py)."""

from __future__ import annotations

import functools
import re

from tracker.domain import council
from tracker.extract.drafts import DraftMention
from tracker.extract.patterns import ActorGroup


_HEAD = re.compile(
    r"\b(?:draft(?:[\s-]+(?:UN\s+|U\.N\.\s+|Security\s+Council\s+|council\s+|Council\s+)?(?:resolution|text|"
    r"proposal)s?)?|(?<!peaceful\s)(?<!political\s)(?<!diplomatic\s)resolutions?|texts?|measure|"
    r"(?<=own\s)version|(?<=revised\s)version|(?<=new\s)version|(?<=amended\s)version|(?<=updated\s)version|"
    r"S/(?:19|20)\d\d/\d{1,4})\b(?!-)|"
    # "The first, tabled by A, was vetoed; the second ...": an ordinal standing for a draft just named.
    r"(?<=\b[Tt]he\s)(?:first|second|third|former|latter)\b(?=\s*,|\s+(?:one\b|was\b|were\b|is\b|had\b|has\b|"
    r"received\b|got\b|failed\b|won\b|obtained\b|secured\b|drew\b|garnered\b))", re.I)
_NOT_A_DRAFT_AFTER = re.compile(r"\s+(?:of|to)\s+(?:the\s+)?(?:conflict|crisis|dispute|issue|problem|question|war|"
                                r"standoff|situation)\b|\s+messages?\b|"
                                # "a draft presidential statement", "a draft press statement": not a resolution
                                r"\s+(?:presidential|press|chair['’]s|joint)\s+statements?\b|\s+(?:statement|declaration|"
                                r"communiqu[eé]|agenda|report|letter)s?\b", re.I)
_MODIFIERS = {
    "new", "revised", "amended", "updated", "rival", "competing", "alternative", "own", "final", "latest",
    "earlier", "original", "first", "second", "third", "joint", "short", "brief", "one-page", "compromise",
    "fresh", "modified", "watered-down", "tougher", "weaker", "separate", "counter", "proposed", "draft", "un",
    "u.n.", "security", "council", "western", "european", "arab", "african", "western-backed", "west-backed",
    "binding", "legally", "humanitarian", "sanctions", "ceasefire", "cease-fire", "strongly-worded", "tough",
    "strong", "reworked", "previous", "initial", "amending", "competing,", "similar", "same", "whole", "entire",
    "penholder's", "two-page", "three-page", "lengthy", "short,", "focused", "hastily", "drafted", "already",
    "circulated", "blue", "final,", "full", "its", "their", "his", "her", "our",
}
_DETERMINERS = {"a", "an", "the", "this", "that", "another", "any", "such", "these", "those", "its", "their",
                "his", "her", "our"}
_HYPHEN_SPONSOR = re.compile(r"[-–](?:drafted|sponsored|led|backed|authored|penned|proposed|written|crafted|"
                             r"introduced|circulated|prepared|submitted)$", re.I)
_NUMBER_AFTER = re.compile(r"\s+(\d{2,4})(?:\s*\(\s*(?:19|20)\d\d\s*\))?")
_SYMBOL_AFTER = re.compile(r"\s*\(?\s*(?:document\s+|doc\.\s+)?(S/(?:19|20)\d\d/\d{1,4})\s*\)?")
_INDEFINITE = re.compile(r"(?:a|an|another)\s", re.I)
_POSSESSIVE = re.compile(r"'s|’s")
_FILED_AS = re.compile(r"\s+(?:as|in)\s+(?:document\s+|doc\.\s+)?\(?(S/(?:19|20)\d\d/\d{1,4})\)?")
_BACKED = re.compile(r"[-–](?:backed|supported)$", re.I)
_SPONSOR_AFTER = re.compile(
    r"\s*(?:\(\s*S/[\d/]+\s*\)\s*)?,?\s*(?:(?:which|that)\s+(?:was|had\s+been|has\s+been)\s+|was\s+|were\s+)?"
    r"(?:(?:co-?)?(?:drafted|sponsored|authored)|proposed|written|put\s+forward|prepared|circulated|presented|"
    r"submitted|tabled|introduced|penned|crafted|championed|put\s+together|drawn\s+up|from|by)\s+(?:by\s+)?"
    r"(?:the\s+)?"
    # "... introduced by the council's non-aligned members: Algeria, Colombia, ..."
    r"(?:(?:[\w’'-]+\s+){0,4}?(?:members|states|countries|nations|delegations|penholders|co-penholders)\s*[:–—]\s*"
    r"(?:the\s+)?)?$", re.I)


# A subject of the draft between the noun and its sponsors: "a draft on Yemen put forward by Britain".
_TOPIC = r"(?:\s+(?:on|about|over|concerning|regarding)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)?"
# Participles that report the act of proposing a text, not only its authorship ("drafted by").
_TABLING = re.compile(r"(?:^|\b)(?:tabled|submitted|presented|put\s+forward|introduced|circulated|proposed)\b", re.I)
_PARTICIPLE_IN_FRONT = re.compile(
    r"\s*(?:(?:Co-?)?(?:Tabled|Drafted|Sponsored|Submitted|Presented|Proposed|Introduced|Circulated|Penned|"
    r"Authored|Prepared|Written|Championed|Backed|Put\s+forward|Drawn\s+up)|Put\s+forward)\s+(?:jointly\s+)?by\s+"
    r"(?:the\s+)?", re.I)


# The words before a draft noun that say what it is are near it: look back this far, not to the
# sentence's start (a long sentence with many drafts would otherwise be read again for each).
_LOOK_BACK = 80
_MODIFIERS_REACH = 240
_DRAFT_AS_VERB = re.compile(r"\b(?:to|will|would|could|can|and)\s+$")  # "to draft a text"
_EVERY_DRAFT = re.compile(r"\b(?:every|each|all|any)\s+(?:[\w-]+\s+){0,2}$", re.I)
_TOKEN = re.compile(r"[\w’'.\-/]+|,")


# "a text of its own", "drafts of their own": the possessor's draft, told after the noun.
_OWN_AFTER = re.compile(r"\s+of\s+(?:its|their|his|her|our)\s+own\b", re.I)


def find_draft_mentions(text: str, groups: list[ActorGroup], sitting: set[str]) -> list[DraftMention]:
    """Noun phrases that name a draft, with what they say of its sponsors and kind (offsets in the sentence)."""
    mentions = []
    for head in _HEAD.finditer(text):
        word = head.group(0)
        lower = word.lower()
        if _NOT_A_DRAFT_AFTER.match(text, head.end()):
            continue
        if lower == "draft" and _DRAFT_AS_VERB.search(text, max(0, head.start() - _LOOK_BACK), head.start()):
            continue  # the verb: "to draft a text"
        symbol = word if word.startswith("S/") else None
        start, sponsors, flags = _left_modifiers(text, head.start(), groups, sitting)
        end = head.end()
        resolution = None
        number = _NUMBER_AFTER.match(text, end) if lower.startswith("resolution") else None
        if number:
            resolution = number.group(1)
            end = number.end()
        sym = _SYMBOL_AFTER.match(text, end)
        if sym and not symbol:
            symbol = sym.group(1)
            end = sym.end()
        own_after = _OWN_AFTER.match(text, end)
        if own_after and not sponsors:
            flags["own"] = True  # "a text of its own": the subject's
            end = own_after.end()
        tabled = False
        if not sponsors and not own_after:
            sponsors, end, tabled = _sponsors_after(text, end, groups)
            filed_as = _FILED_AS.match(text, end) if sponsors and not symbol else None
            if filed_as:  # "the draft, submitted by Jordan as document S/2014/916"
                symbol, end = filed_as.group(1), filed_as.end()
        if not sponsors and not kept_before(mentions):
            sponsors = _sponsors_in_front(text, start, groups)
            tabled = bool(sponsors) and bool(_TABLING.match(text.lstrip()))
        plural = lower.endswith("s") and not lower.startswith("s/") and lower not in ("texts",) or lower == "texts"
        if _EVERY_DRAFT.search(text, max(0, head.start() - _LOOK_BACK), head.start()):
            plural = True  # "every sanctions resolution": many drafts, none in particular
        pronoun = not (sponsors or symbol or resolution or flags.get("own"))
        mentions.append(DraftMention(start, end, text[start:end], tuple(sponsors), symbol, resolution,
                                     own=flags.get("own", False), rival=flags.get("rival", False),
                                     revised=flags.get("revised", False), new=flags.get("new", False),
                                     pronoun=pronoun, plural=plural,
                                     indefinite=bool(_INDEFINITE.match(text, start, end)),
                                     tabled=tabled))
    # Overlapping heads ("draft resolution" and "resolution"): keep the longest.
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DraftMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def kept_before(mentions: list[DraftMention]) -> bool:
    return any(not m.plural for m in mentions)


def _sponsors_after(text: str, end: int, groups: list[ActorGroup]) -> tuple[tuple[str, ...] | list[str], int, bool]:
    """Sponsors named after the noun: "the text drafted by Britain", "a draft on Yemen put forward by
    Britain" (a country the draft is about is passed over); and whether they are named as tabling it."""
    for group in groups:
        if not end <= group.start <= end + 90:
            continue
        bridge = text[end:group.start]
        if re.fullmatch(_TOPIC + _SPONSOR_AFTER.pattern, bridge, re.I) and not re.search(r"\bby\s+(?:a|an)\s*$", bridge):
            return group.members, group.end, bool(_TABLING.search(bridge))
        if not re.search(r"\b(?:on|about|over|concerning|regarding|in|for)\s+(?:the\s+)?$", bridge, re.I):
            break  # a member that is not the draft's subject: no sponsor is named here
    return [], end, False


def _sponsors_in_front(text: str, start: int, groups: list[ActorGroup]) -> list[str] | tuple[str, ...]:
    """Sponsors named in a participle before the noun: "Tabled by A and B, the text ..."."""
    front = _PARTICIPLE_IN_FRONT.match(text)
    if not front or front.end() > start:
        return []
    for group in groups:
        if group.start == front.end() and re.fullmatch(r",(?:[^,]{0,100},)?\s*(?:the|this|their|a)\s+(?:[\w-]+\s+){0,3}",
                                                       text[group.end:start], re.I):
            return group.members
    return []


def _left_modifiers(text: str, head_start: int, groups: list[ActorGroup], sitting: set[str]):
    """Walk left from a draft noun over its modifiers; return (start, sponsors, flags)."""
    tokens = list(_TOKEN.finditer(text, max(0, head_start - _MODIFIERS_REACH), head_start))
    start = head_start
    sponsors: list[str] = []
    flags: dict[str, bool] = {}
    skipped = 0
    for token in reversed(tokens):
        word = token.group(0)
        lower = word.lower().rstrip(",")
        covering = [g for g in groups if g.start < token.end() and token.start() < g.end]
        if covering:
            group = covering[0]
            possessive = _POSSESSIVE.match(text, group.end)
            hyphen = _HYPHEN_SPONSOR.search(word)
            names_topic = all(m.text in _country_names() and m.member not in sitting for m in group.mentions)
            if skipped and not (possessive or hyphen):
                break  # "... Russian Federation Block United States Draft": past a word, a name is not a modifier
            if hyphen and _BACKED.search(word) and sitting and not set(group.members) & sitting:
                start = min(token.start(), group.start)
                continue  # "a Palestinian-backed draft": its supporters off the Council did not table it
            if possessive or hyphen or not names_topic:
                for code in group.members:
                    if code not in sponsors:
                        sponsors.insert(0, code) if not sponsors else sponsors.append(code)
            start = min(token.start(), group.start)
            continue
        if lower in ("and", ",", "&") and start != head_start:
            continue
        if lower in _DETERMINERS:
            start = token.start()
            if lower in ("its", "their", "his", "her", "our"):
                following = text[token.end():head_start]
                flags["own"] = bool(re.match(r"\s+own\b", following)) or not sponsors
            break
        if word[:1].isupper() and word.isalpha() and skipped < 2 and lower not in _DETERMINERS:
            skipped += 1  # a topic word: "Brazil's Gaza resolution"
            start = token.start()
            continue
        if lower in _MODIFIERS:
            if lower in ("revised", "amended", "updated", "modified", "reworked", "watered-down"):
                flags["revised"] = True
            if lower in ("rival", "competing", "alternative", "counter", "separate"):
                flags["rival"] = True
            if lower in ("new", "fresh"):
                flags["new"] = True
            start = token.start()
            continue
        break
    if flags.get("own") and sponsors:
        flags["own"] = False
    return start, sponsors, flags


@functools.cache
def _country_names() -> frozenset[str]:
    names = set()
    for country in council.countries().values():
        names.add(country.name)
        names.add(country.official_name)
    return frozenset(names)

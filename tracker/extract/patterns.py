"""The words that report what happened to a draft, and how they are said.

A sentence is cut into clauses; in each clause a trigger (a verb or a noun
such as "veto") says what kind of event it reports. Around the trigger:

- voice: active ("Russia vetoed the draft": the subject acts) or passive
  ("the draft was vetoed by Russia": the by-phrase acts);
- factuality: a modal or an expectation before the trigger ("could",
  "would", "will", "is expected to", "plans to") makes it hedged; a negation
  ("did not veto", "has yet to") makes it negated; a condition ("if",
  "unless") or a call on others ("called on the Council to adopt") makes it
  no event at all.

Every list here is general English about drafts and votes; none is tied to
one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker.extract.actors import ActorMention
from tracker.extract.prefilter import scanned_search, start_scanner

_I = re.I

# --- clauses ---------------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s+[—–]\s+|\s--\s|,\s+(?=(?:but|while|whereas|although|though|after|before|as|because|since|"
    r"even\s+as|when|and\s+then)\b)|\s+(?=(?:but|while|whereas|although|though)\s)|"
    r":\s+(?=[\"“A-Z])|,\s+(?=and\s+(?:[A-Z]|the\s+[A-Z]|it\b|they\b|he\b|she\b))", _I)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, relative to the sentence."""
    spans, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


# --- triggers --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Trigger:
    type: str  # an event type, or "support" / "oppose" / "conditional" / "abstain" / "ballot"
    start: int
    end: int
    text: str
    noun: bool = False  # "a Russian veto", "the vote": no verb, agents sit inside the noun phrase


def _words(*forms: str) -> str:
    return r"\b(?:" + "|".join(forms) + r")\b"


_DET = r"(?:a|an|the|its|their|his|her|our|this|that|these|those|another|own|new|revised|rival|competing)"
_OBJ = rf"(?=\s+(?:{_DET}|it|them|S/\d|resolution|draft|text|[A-Z][\w.’'-]*(?:'s|’s)?\s+(?:draft|text|resolution)))"

EVENT_TRIGGERS: list[tuple[str, re.Pattern]] = [
    # "put the draft under silence (procedure)": the trigger is the phrase after the draft, as for "in blue".
    ("under_silence", re.compile(r"\bunder\s+(?:a\s+|the\s+)?silence(?:\s+procedure)?\b", _I)),
    ("silence_broken", re.compile(r"\b(?:br(?:oke|eak|eaks|eaking|oken))\s+(?:the\s+|its\s+)?silence\b|"
                                  r"\bsilence\s+(?:was|had\s+been|has\s+been)\s+broken\b", _I)),
    # "put the (further revised) text in blue": the trigger is "in blue", after the draft it is said of.
    ("in_blue", re.compile(r"\bin\s+blue\b", _I)),
    ("vetoed", re.compile(_words(r"vetoe?(?:s|d|ing)", r"vetoed") + r"|\bveto(?=\s+(?:a|an|the|it|its|their|this|"
                          r"that|any|such|resolutions?|drafts?|texts?|measures?)\b)", _I)),
    ("vetoed", re.compile(r"\b(?:cast|casts|casting|used|uses|using|use|wielded|wields|wield|wielding|exercised|"
                          r"exercises|exercise|exercising|invoked|invokes|invoke|employed|employ)\s+(?:its|their|his|"
                          r"her|a|the|a\s+rare|an?\s+\w+)?\s*(?:\w+\s+)?(?:double\s+)?vetoe?s?\b", _I)),
    ("vetoed", re.compile(r"\b(?:by|with|after|through|in)\s+(?:a|an|the|their|its)\s+(?:\w+[\s-]+){0,3}?(?:double\s+)?"
                          r"vetoe?s?\b|\b(?:vetoes|veto)\s+(?:by|from)\s+(?=[A-Z])", _I)),
    # "on account of the veto cast by X", "owing to the negative vote of a permanent member, X".
    ("vetoed", re.compile(r"\b(?:vetoe?s?|negative\s+votes?)\s+(?:cast\s+|exercised\s+|used\s+)?(?:by|of|from)\s+"
                          r"(?:the\s+)?(?:(?:a|one|two|three|its|their)\s+)?(?:permanent\s+members?(?:\s+of\s+the\s+"
                          r"(?:Security\s+)?Council)?,?\s+)?(?:the\s+)?(?=[A-Z])", _I)),
    ("vetoed", re.compile(r"\bblocked\s+by\s+(?:the|a|an)\s+(?:\w+\s+)?(?:negative\s+votes?|vetoe?s?|no\s+votes?)"
                          r"(?:\s+(?:of|from|cast\s+by))?", _I)),
    ("failed", re.compile(r"\bfail(?:s|ed|ing)?\s+to\s+(?:be\s+adopted|pass|win|get|garner|obtain|secure|receive|"
                          r"muster|gain|achieve|reach|attract|draw|gather|collect|clear|command)\b|"
                          r"\bfell\s+(?:far\s+|well\s+|just\s+|two\s+votes\s+|one\s+vote\s+)?short\b|\b(?:was|were|been)\s+defeated\b|\bdefeated\b|"
                          r"\b(?:was|were|been)\s+(?:killed|sunk|scuttled|blocked)\b(?!\s+(?:on\s+\w+\s+)?by\b)|"
                          r"\bdid\s+not\s+(?:receive|win|obtain|garner|secure|get|pass|gain|muster)\s+(?:the\s+)?"
                          r"(?:required|necessary|minimum|enough|nine|9|sufficient)\b|"
                          r"\bfail(?:ed|s)\b(?=\s*(?:[,.;]|$|\s+(?:on|in|after|with|when|because|as|at|late|early|"
                          r"yesterday|today|again|\d)\b))|\bnot\s+adopted\b(?!\s+under\b)|\bfailed\s+to\s+be\s+adopted\b|"
                          r"\b(?:did|does|could)\s+not\s+adopt\b|\b(?:fail(?:s|ed|ing)?|unable)\s+to\s+adopt\b", _I)),
    ("adopted", re.compile(_words(r"adopt(?:s|ed|ing)?", r"approv(?:e|es|ed|ing)",
                                  r"pass(?:es|ed)", r"passing", r"unanimously\s+backed",
                                  r"clear(?:s|ed)(?=\s+the\s+(?:U\.?N\.?\s+|15-member\s+)?(?:Security\s+)?Council)") +
                           r"|\bvoted\s+(?:\w+\s+)?(?:\d+[-–]\d+(?:[-–]\d+)?\s+)?to\s+(?:adopt|approve|pass|"
                           r"endorse|back|authori[sz]e|extend|renew|impose|demand|condemn|establish|create)\b", _I)),
    ("withdrawn", re.compile(_words(r"withdr(?:ew|awn|aw|aws|awing)", r"pull(?:s|ed|ing)?(?=\s+(?:\w+\s+)?"
                                    r"(?:draft|text|resolution|measure|it)\b)", r"shelv(?:e|es|ed|ing)",
                                    r"scrapp(?:ed|ing)", r"scraps?", r"abandon(?:s|ed|ing)?",
                                    r"drop(?:s|ped|ping)?(?=\s+(?:its|their|the|his|her)\s+(?:\w+\s+)?(?:draft|text|"
                                    r"resolution|measure)\b)"), _I)),
    ("rejected", re.compile(_words(r"reject(?:s|ed|ing)?", r"turn(?:s|ed|ing)?\s+down", r"dismiss(?:es|ed|ing)?",
                                   r"spurn(?:s|ed|ing)?", r"rebuff(?:s|ed|ing)?",
                                   r"refus(?:e|es|ed|ing)(?!\s+to)"), _I)),
    ("merge", re.compile(r"\b(?:merg(?:e|es|ed|ing)|meld(?:s|ed|ing)?|fold(?:s|ed|ing)?|incorporat(?:e|es|ed|ing)|includ(?:e|es|ed|ing)|"
                         r"combin(?:e|es|ed|ing)|add(?:s|ed|ing)?|integrat(?:e|es|ed|ing)|absorb(?:s|ed|ing)?|"
                         r"fus(?:e|es|ed|ing)|blend(?:s|ed|ing)?)(?=\s+(?:[\w’']+\s+){0,5}?(?:in|into|with|to)\s+"
                         r"(?:a|an|the|its|their|his|her|one|a\s+single|[A-Z]))", _I)),
    ("revised", re.compile(_words(r"revis(?:e|es|ed|ing)", r"amend(?:s|ed|ing)?", r"tweak(?:s|ed|ing)?",
                                  r"rework(?:s|ed|ing)?", r"redraft(?:s|ed|ing)?", r"rewr(?:ote|ite|ites|itten|iting)",
                                  r"updat(?:e|es|ed|ing)", r"modif(?:y|ies|ied|ying)", r"water(?:s|ed|ing)?\s+down",
                                  r"soften(?:s|ed|ing)?", r"toughen(?:s|ed|ing)?"), _I)),
    ("drafting", re.compile(_words(r"prepar(?:e|es|ed|ing)(?=\s+(?:a|an|the|its|their|his|her|own|new)\b)",
                                   r"drafted", r"drafting", r"(?:drew|draw|draws|drawing|drawn)\s+up",
                                   r"work(?:s|ed|ing)?\s+on",
                                   r"writ(?:e|es|ing)|wrote|written", r"pen(?:s|ned|ning)"), _I)),
    ("proposed", re.compile(_words(r"circulat(?:e|es|ed|ing)", r"tabled|tables|tabling", r"table" + _OBJ,
                                   r"submit(?:s|ted|ting)?", r"introduc(?:e|es|ed|ing)",
                                   r"(?:put|puts|putting)\s+(?:forward|forth)", r"present(?:s|ed|ing)",
                                   r"(?:put|puts|putting)(?=\s+(?:the|its|their|a|an|this|that)\s+(?:[\w-]+\s+){0,3}?"
                                   r"(?:draft|text|resolution|measure)\s+(?:forward|forth)\b)",
                                   r"present" + _OBJ, r"propos(?:e|es|ed|ing)", r"unveil(?:s|ed|ing)?",
                                   r"distribut(?:e|es|ed|ing)", r"floated", r"float" + _OBJ,
                                   r"(?:put|puts|putting)(?=\s+(?:it|the\s+\w+|a\s+\w+)\s+(?:\w+\s+)?before\s+the\s+"
                                   r"(?:Security\s+)?Council)", r"sent\s+to\s+the\s+(?:Security\s+)?Council",
                                   r"brought\s+(?:it\s+)?(?:forward|before)", r"issued",
                                   # "the text went to all fifteen members": circulated to the Council
                                   r"(?:went|was\s+sent|was\s+shared|reached)(?=\s+(?:out\s+)?(?:to\s+)?(?:all\s+)?"
                                   r"(?:the\s+)?(?:fifteen\s+|15\s+|other\s+)?(?:Council\s+)?members\b)"), _I)),
]

POSITION_TRIGGERS: list[tuple[str, re.Pattern]] = [
    ("abstain", re.compile(_words(r"abstain(?:s|ed|ing)?", r"abstention"), _I)),
    ("oppose", re.compile(_words(r"oppos(?:e|es|ed|ing)", r"object(?:s|ed|ing)?\s+to", r"voted\s+against",
                                 r"vote\s+against", r"votes\s+against", r"voting\s+against",
                                 r"criticis(?:e|es|ed|ing)", r"criticiz(?:e|es|ed|ing)", r"slam(?:s|med|ming)?",
                                 r"denounc(?:e|es|ed|ing)", r"condemn(?:s|ed|ing)?", r"resist(?:s|ed|ing)?",
                                 r"block(?:s|ed|ing)?", r"threaten(?:s|ed|ing)?\s+to\s+veto",
                                 r"threaten(?:s|ed|ing)?\s+(?:a|its|to\s+(?:use|cast)\s+(?:a|its))\s+veto",
                                 # "said it would veto (the text)": a stated intent; with an object, also a hedged
                                 # veto event (steps.py reads both)
                                 r"(?:would|will)\s+veto\b", r"to\s+veto(?!\s+(?:a|an|the|it|its|their|this|that|any|"
                                 r"such|resolutions?|drafts?|texts?|measures?)\b)",
                                 r"(?:was|were|is|are|remains?|remained)\s+(?:\w+ly\s+)?against(?=\s+it\b)",
                                 r"cannot\s+(?:accept|support|back)", r"could\s+not\s+(?:accept|support|back)",
                                 r"(?:will|would|does|do|did)\s+not\s+(?:accept|support|back|endorse)",
                                 r"(?:won't|wouldn't|doesn't|don't|didn't)\s+(?:accept|support|back|endorse)",
                                 r"unacceptable", r"against\s+(?=(?:the|this|that|a|any)\s+(?:\w+\s+)?(?:draft|text|"
                                 r"resolution|measure))"), _I)),
    ("conditional", re.compile(r"\b(?:could|might|may|would)\s+(?:\w+\s+)?(?:support|accept|back|endorse|agree\s+to|"
                               r"go\s+along\s+with|live\s+with|vote\s+for)\b|\bopen\s+to\b|\bready\s+to\s+"
                               r"(?:consider|discuss|study|look\s+at|work\s+on|engage)\b|\bwould\s+consider\b|"
                               r"\bconsider(?:s|ed|ing)?\b|\bstud(?:y|ies|ied|ying)\b|"
                               r"\b(?:support|back|accept)(?:s|ed|ing)?\b(?=[^.;]{0,60}\b(?:if|provided|as\s+long\s+as|"
                               r"on\s+condition|so\s+long\s+as)\b)", _I)),
    ("support", re.compile(_words(r"support(?:s|ed|ing)?", r"back(?:s|ed|ing)?(?!\s+(?:to|down|off|away|from|out))",
                                  r"endors(?:e|es|ed|ing)", r"favou?r(?:s|ed)", r"welcom(?:e|es|ed|ing)",
                                  r"co-?sponsor(?:s|ed|ing)?", r"voted\s+(?:in\s+favou?r|for|yes)",
                                  r"vote\s+(?:in\s+favou?r|for|yes)", r"voting\s+(?:in\s+favou?r|for|yes)",
                                  r"(?:pushed|pushing|pushes|push)\s+for", r"champion(?:s|ed|ing)?",
                                  r"(?:is|are|was|were|been|remains?|remained)\s+(?:\w+ly\s+)?(?:satisfied|happy|pleased|content)\s+with",
                                  r"call(?:s|ed|ing)?\s+(?:on|upon)\s+(?:\w+\s+){1,5}?to\s+(?:\w+\s+)?(?:adopt|"
                                  r"approve|pass|back|support)", r"urg(?:e|es|ed|ing)\s+(?:\w+\s+){1,5}?to\s+"
                                  r"(?:\w+\s+)?(?:adopt|approve|pass|back|support)",
                                  r"call(?:s|ed|ing)?\s+for\s+(?:\w+\s+){0,3}?(?:adoption|passage|approval)"), _I)),
]

# --- position cues ------------------------------------------------------------------------------

# Before a stance, in its verb group: someone else's forecast of it ("China is expected to back the
# text", "diplomats said Russia was likely to abstain"), no member's stated position.
FORECAST = re.compile(r"\b(?:expected|expects?|likely|unlikely|set\s+to|poised|due\s+to|predicted|"
                      r"anticipated|forecast)\b", _I)
# After a stance: what it hangs on ("would support it only if ...", "could back a modified text").
CONDITION = re.compile(r"\b(?:if|unless|provided|as\s+long\s+as|so\s+long\s+as|on\s+condition|modified|"
                       r"amended|changed|reworked|softened|stripped)\b", _I)
# "would support" as reported intent ("said it would vote for the text"), not a hypothetical.
WOULD_SUPPORT = re.compile(r"would\s+(?:\w+\s+)?(?:support|back|endorse|vote\s+for)$", _I)
# A stance aimed at a veto rather than a draft: condemning the veto backs the vetoed draft.
VETO_OBJECT = re.compile(r"\s+(?:the|its|their|this|that|a)?\s*(?:[\w.’'-]+\s+){0,2}?(?:veto|vetoes|vetoing)\b", _I)
VETO_HAS_OBJECT = re.compile(r"\s+(?:a|an|the|it|its|their|this|that|any|such|resolutions?|drafts?|texts?|"
                             r"measures?)\b", _I)
CENSURE = re.compile(r"(?:criticis|criticiz|slam|denounc|condemn)", _I)
# "the vote for X", "a vote against Y": a noun, a stance only with a draft straight after it.
VOTE_NOUN = re.compile(r"\b(?:a|an|the|his|her|its|their|this|that)\s+$", _I)


# Words that, before a trigger in its clause, change its factuality.
_HEDGES = re.compile(
    r"\b(?:could|would|may|might|will|shall|should|can|must|'ll|’ll|wo|expected|expects|expect|likely|set|"
    r"plans?|planned|planning|intends?|intended|intending|intention|aims?|aimed|aiming|hopes?|hoped|hoping|"
    r"wants?|wanted|seeks?|sought|seeking|ready|prepared|preparing|poised|due|going|gonna|threatens?|threatened|"
    r"threatening|vowed|vows|promised|promises|pledged|pledges|considering|mulling|weighing|considers|proposes\s+to|"
    r"proposed\s+to|scheduled|slated|possible|possibly|probably|reportedly\s+plans|about|try|tries|trying|tried|"
    r"attempt|attempts|attempting|push|pushing|looking|looks|hope|is\s+to|are\s+to|was\s+to|were\s+to|"
    r"would\s+like|wish|wishes)\b", _I)
_NEGATIONS = re.compile(r"\b(?:not|n't|never|no\s+longer|yet\s+to|without|refused\s+to|declined\s+to|"
                        r"refrained\s+from|instead\s+of|rather\s+than|avoid(?:ed)?|nor|neither)\b|n’t\b", _I)
_CONDITIONS = re.compile(r"\b(?:if|unless|whether|in\s+case|should\s+it|were\s+it|once)\b|"
                         r"^\s*had\s+(?:it|they|(?:the|[\w.-]+['’]s?)\s+(?:[\w-]+\s+){0,2}?(?:draft|text|resolution|"
                         r"measure|proposal))\b", _I)  # "Had Moscow's text been adopted, ..." 
# Infinitives governed by these verbs report something done ("voted to adopt").
_DONE_GOVERNORS = re.compile(r"\b(?:voted\s+(?:\d{1,2}\s*(?:to|-|–)\s*\d{1,2}(?:\s*(?:-|–)\s*\d{1,2})?\s+)?|decided|agreed|"
                             r"moved|went\s+on|proceeded|chose|opted|managed|unanimously\s+voted|was\s+forced|"
                             r"were\s+forced|went\s+ahead)\s*(?:\w+\s+)?to\s*$", _I)
_CALL_GOVERNORS = re.compile(r"\b(?:call(?:s|ed|ing)?\s+(?:on|upon|for)|urg(?:e|es|ed|ing)|ask(?:s|ed|ing)?|"
                             r"press(?:es|ed|ing)?|invit(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)|appeal(?:s|ed|ing)?|"
                             r"want(?:s|ed)?|demand(?:s|ed|ing)?|need(?:s|ed)?|allow(?:s|ed)?|enough|time|effort|"
                             r"efforts|attempt|bid|way|order|failure|refusal)\b[^.;]{0,80}\bto\s*$", _I)


def find_triggers(text: str) -> list[Trigger]:
    """Event and position triggers in a sentence, in text order, longest first where they overlap.

    One scan with every trigger at once finds where a trigger starts; there, each trigger is tried
    and the longest kept (the scan alone would keep the first listed).
    """
    kept: list[Trigger] = []
    at = 0
    while (found := _next_trigger(text, at)) is not None:
        start = found.start()
        if start and text[start - 1] in "-–":
            at = start + 1
            continue  # part of a compound: "U.S.-drafted", "Russian-backed"
        kind, match = max(((kind, pattern.match(text, start)) for kind, pattern in _ALL_TRIGGERS),
                          key=lambda pair: pair[1].end() if pair[1] else -1)
        trigger = _trigger(kind, match)
        if kind == "vetoed" and not trigger.noun and _VETOES_AS_NOUN.search(text, max(0, start - 20), start):
            trigger = replace(trigger, noun=True)  # "the two vetoes would only embolden ...": the noun
        kept.append(trigger)
        at = max(match.end(), start + 1)
    return kept


_VETOES_AS_NOUN = re.compile(r"\b(?:the|two|three|both|these|those|such|its|their|his|her|several|repeated|"
                             r"multiple|whose)\s+(?:\w+\s+)?$", _I)


def _trigger(kind: str, match: re.Match) -> Trigger:
    word = match.group(0)
    noun = kind == "vetoed" and not re.match(r"vetoe?[sd]|vetoing|veto\s", word, _I) \
        and not re.match(r"(?:cast|use|wield|exercis|invok|employ)", word, _I)
    if kind == "vetoed" and re.match(r"vetoes\s|(?:vetoe?s?|negative\s+votes?)\s+(?:cast\s+|exercised\s+|"
                                     r"used\s+)?(?:by|of|from)\b", word, _I):
        noun = True
    return Trigger(kind, match.start(), match.end(), word, noun=noun)


def _next_trigger(text: str, at: int) -> re.Match | None:
    """The first place from ``at`` where any trigger matches: tried only where the scanner says
    one can start (the same place a search with every trigger at once finds, sooner)."""
    return scanned_search(_ANY_TRIGGER, _TRIGGER_START, text, at)


_ALL_TRIGGERS = EVENT_TRIGGERS + POSITION_TRIGGERS
_ANY_TRIGGER = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _ALL_TRIGGERS), _I)
# Where a trigger can start, read from the triggers themselves (the first letters of their words).
_TRIGGER_START = start_scanner([pattern for _, pattern in _ALL_TRIGGERS])


_ADJECTIVAL_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|this|that|our|newly|recently|previously|"
                                r"already|earlier|latest|final|second|first)\s+$", _I)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|being|be|get|gets|got|getting|has\s+been|have\s+been|"
                          r"had\s+been)\s+(?:\w+ly\s+|not\s+|also\s+|then\s+|first\s+|later\s+|finally\s+|"
                          r"formally\s+|officially\s+|already\s+|now\s+|subsequently\s+){0,2}$", _I)


def is_adjectival(text: str, trigger: Trigger) -> bool:
    """'a revised draft', 'the proposed text': a participle used as an adjective, not a report."""
    if not _PARTICIPLE_ED_EN.match(trigger.text):
        return False
    after = text[trigger.end:trigger.end + 40]
    return bool(_ADJECTIVAL_BEFORE.search(text[max(0, trigger.start - 12):trigger.start])
                and _DRAFT_NOUN_AFTER.match(after))


_PARTICIPLE_ED_EN = re.compile(r"\w+(?:ed|en)$", _I)
_PARTICIPLE_ED_EN_WN = re.compile(r"\w+(?:ed|en|wn)$", _I)
_DRAFT_NOUN_AFTER = re.compile(r"\s+(?:\w+[\s-]+){0,3}?(?:draft|text|resolution|measure|version)", _I)
_BY_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?by\s")


def is_passive(text: str, trigger: Trigger) -> bool:
    before = text[max(0, trigger.start - 40):trigger.start]
    if _PASSIVE_AUX.search(before):
        return True
    # A reduced relative: "a draft circulated by France", "the text, drafted by Britain".
    return bool(_BY_AFTER.match(text[trigger.end:trigger.end + 30]) and _PARTICIPLE_ED_EN_WN.match(trigger.text))


@dataclass(frozen=True)
class Modality:
    factuality: str | None  # asserted | hedged | negated; None: no event (a condition or a call on others)


def modality(text: str, clause_start: int, trigger: Trigger, left_limit: int) -> Modality:
    """What the words before a trigger, back to its subject, say of its factuality."""
    start = max(clause_start, left_limit, trigger.start - 70)
    window = text[start:trigger.start]
    # Only the verb group: the words after the last comma or relative pronoun, but a reported-speech
    # verb ("said", "says") does not end it: "France said could be included".
    window = re.split(r",\s+(?!(?:said|says|say)\b)|\b(?:which|who)\b", window)[-1]
    infinitive = re.search(r"\bto\s*$", window)
    if infinitive:
        governor = text[max(clause_start, trigger.start - 90):trigger.start]
        if _DONE_GOVERNORS.search(governor):
            return Modality("asserted")
        if re.search(r"\bfail(?:s|ed|ing)?\s+to\s*$", governor, _I):
            return Modality("negated")  # "failed to"
        if re.search(r"\b(?:working|worked|works|work|began|begun|begin|begins|started|starts|start)\s+to\s*$",
                     governor, _I) and trigger.type == "drafting":
            return Modality("asserted")
        if _CALL_GOVERNORS.search(governor) and not _HEDGES.search(window):
            return Modality(None)  # a call on others
    if _CONDITIONS.search(text[clause_start:trigger.start]):
        return Modality(None)  # a condition
    if _NEGATIONS.search(window):
        return Modality("negated")
    if _HEDGES.search(window):
        return Modality("hedged")
    if infinitive:
        return Modality(None)  # an infinitive no verb governs
    return Modality("asserted")


def past_perfect(text: str, trigger: Trigger) -> bool:
    return bool(re.search(r"\bhad\s+(?:\w+ly\s+|not\s+|already\s+|been\s+){0,2}$",
                          text[max(0, trigger.start - 30):trigger.start], _I))


# --- actor groups ---------------------------------------------------------------------------------

_TITLE_GAP = re.compile(
    r"\s*(?:'s|’s)?\s*,?\s*(?:(?:the\s+)?(?:U\.?N\.?|UN|deputy|permanent|acting|foreign|defen[cs]e|prime|vice|chief|top|"
    r"senior|former|new|outgoing|incoming|then|current|press|presidential|kremlin|state|ministry|"
    r"government|foreign\s+ministry)\s+)*(?:ambassador|envoy|president|minister|representative|"
    r"spokes(?:man|woman|person)|secretary|diplomat|delegate|leader|premier|chancellor|counterpart|official|"
    r"prime\s+minister|foreign\s+minister|secretary\s+of\s+state|head|chief|aide|negotiator|mission|"
    r"delegation|permanent\s+representative)?s?\s*,?\s*", _I)
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+|as\s+well\s+as\s+|along\s+with\s+)?|\s+and\s+|\s*&\s*|"
                           r"\s+as\s+well\s+as\s+|\s+along\s+with\s+|\s+together\s+with\s+|\s*/\s*|-)\s*"
                           r"(?:the\s+|then\s+)?", _I)


@dataclass(frozen=True)
class ActorGroup:
    start: int
    end: int
    members: tuple[str, ...]
    mentions: tuple[ActorMention, ...]


_DRAFT_AFTER_NAME = re.compile(r"(?:'s|’s)?(?:[-–][a-z]+)?\s+(?:[\w-]+\s+){0,2}?(?:draft|text|resolution|measure|"
                               r"proposal)\b", _I)


def _starts_a_draft(text: str, gap: str, end: int) -> bool:
    """", the U.S. draft": after a comma, "the" and a name that modifies a draft start a new phrase."""
    return bool(re.fullmatch(r"\s*,\s*the\s+", gap, _I)) and bool(_DRAFT_AFTER_NAME.match(text, end))


def group_actors(text: str, mentions: list[ActorMention], base: int) -> list[ActorGroup]:
    """Join mentions that name one speaker ("French Ambassador Francois Delattre") or a list
    ("the United States, Britain and France"). Offsets relative to the sentence."""
    groups: list[list[ActorMention]] = []
    for mention in mentions:
        if groups:
            last = groups[-1][-1]
            gap = text[last.end - base:mention.start - base]
            same_speaker = last.member == mention.member and _TITLE_GAP.fullmatch(gap)
            if same_speaker or _COORDINATION.fullmatch(gap) and not _starts_a_draft(text, gap, mention.end - base):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return [ActorGroup(g[0].start - base, g[-1].end - base, tuple(dict.fromkeys(m.member for m in g)), tuple(g))
            for g in groups]


# --- cues ---------------------------------------------------------------------------------------

# Without a draft mention, a sentence may still report on one through these.
MAY_REPORT = re.compile(r"\bveto|\bvot(?:e|es|ed|ing)\b|abstain|abstention|unanim|\b(?:it|them)\b|favou?r|"
                         r"against|\d+\s*[-–]\s*\d+|blue|sponsor|silence", re.I)

# Relative clauses and brackets: a date there is not the date of the main clause's event.
ASIDE = re.compile(r",\s+(?:which|who|whose|that)\b[^,;]*|\([^)]*\)")

INTENTION = re.compile(r"\b(?:plans?|planned|planning|intends?|intended|intending|aims?|aiming|wants?|wanted|"
                        r"seeks?|sought|seeking|threatens?|threatened|threatening|vow(?:s|ed)?|promis(?:es|ed)|"
                        r"pledg(?:es|ed)|hopes?|hoped|hoping|ready|prepared|preparing|poised|determined|"
                        r"decided|would\s+like|(?:is|are|was|were)\s+(?:going|set)\s+to)\b", re.I)


# A sentence that states the Council's rules ("A resolution needs nine votes in favour and no veto to
# pass", "Any negative vote from a permanent member, known as a veto, means a failed resolution")
# explains how votes work; it reports no event.
RULE_SENTENCE = re.compile(
    r"\b(?:a|any|every|each)\s+(?:draft\s+)?(?:council\s+)?(?:resolution|text|draft|measure)\s+(?:needs|requires|must)\b|"
    r"\bresolutions\s+(?:need|require)\b|\b(?:to\s+(?:be\s+adopted|pass)|for\s+adoption),\s+(?:a|any)\s+(?:draft\s+)?"
    r"(?:resolution|text|draft)\b|\b(?:needs?|requires?|required)\s+(?:at\s+least\s+|a\s+minimum\s+of\s+)?"
    r"(?:nine|9)\s+(?:affirmative\s+|\"?yes\"?\s+)?votes\b(?![^.;]{0,30}\b(?:but|received|got|won|only)\b)|"
    r"\bany\s+negative\s+vote\b|\bknown\s+as\s+(?:a\s+)?veto\b", _I)

# An amendment is voted on apart from its draft: its tally and its fate are not the draft's.
AMENDMENT = re.compile(r"\bamendments?\b", _I)


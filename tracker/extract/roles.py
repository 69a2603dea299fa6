"""Roles in a sentence: who acts (subject, by-phrase, speaker), which draft is the object and which
known draft it means, and when the event happened."""

from __future__ import annotations

import functools
import re

from tracker.domain import council
from tracker.domain.dates import PartialDate
from tracker.domain.events import HEDGED
from tracker.extract import patterns
from tracker.extract.context import SentenceContext
from tracker.extract.drafts import RETOLD_WITHIN, DraftMention, DraftRecord, label_for
from tracker.extract.findings import OUTCOME_TYPES, SPONSOR_TYPES
from tracker.extract.patterns import ActorGroup, Trigger


# A draft named by a possessive alone ("Its draft", "their text"): the owner is the last subject.
_POSSESSIVE_OPENS = re.compile(r"(?:its|their)\s", re.I)
# "Russia and China, which cast their vetoes": a relative clause whose subject is the group before it.
_RELATIVE_SUBJECT = re.compile(r"\s*,?\s*(?:which|who)\s+(?:also\s+|then\s+|later\s+|duly\s+)?")
_ASIDE_AFTER_SUBJECT = re.compile(r"^\s*,\s*(?:which|who)\b[^,;]*,")
_RELATIVE_WORD = re.compile(r"\b(?:which|who|whom|whose)\b")
_THAT = re.compile(r"\bthat\b")
_SAID_THAT = re.compile(r"\b(?:said|says|say|told|added|believes?|thinks?|announced|insisted)\s+(?:\w+\s+)?that\b")
_PRONOUN_SUBJECT = re.compile(r"\s*(?:It|They|He|She)\b")
# A date after these words is a deadline or a span, not the day of the step told: "extends the
# mandate until 26 February", "by Friday", "since 7 October".
_NOT_THE_DAY_OF = re.compile(r"\b(?:until|till|through|by|before|after|since|from|expires?\s+on|ends?\s+on)\s+"
                             r"(?:the\s+)?$", re.I)

_DEFINITE = re.compile(r"(?:the|this|that)\s", re.I)
# "circulated a first draft in April": an earlier version of the text the story follows.
_EARLIER = re.compile(r"\b(?:first|initial|original|earlier|previous)\b", re.I)

# Steps of a vote: when the story's lede dates its vote, the sentences that tell it take that day.
_VOTING_DAY_TYPES = frozenset({"vote", "adopted", "vetoed", "failed", "rejected"})
TELLS_A_VOTE = re.compile(r"\b(?:vot(?:e|ed|ing)|adopt(?:ed|s)?|vetoe?(?:d|s)?|fail(?:ed|s)?|reject(?:ed|s)?|"
                           r"approv(?:ed|es)|pass(?:ed|es))\b", re.I)


class RoleReading:
    """The role readings of ``_ArticleReading`` (see extractor.py)."""

    # --- roles ----------------------------------------------------------------------------

    _PREPOSITION = re.compile(r"\b(?:of|with|to|against|on|in|for|from|between|among|at|about|toward|towards|"
                              r"including|like|than|over|into|by|via|and\s+the\s+consent\s+of|under|behind|"
                              r"regarding|as)\s+(?:the\s+)?$", re.I)

    def _agents(self, context: SentenceContext, trigger: Trigger, clause, passive: bool) -> tuple[tuple[str, ...], ActorGroup | None]:
        text = context.sentence.text
        groups = [g for g in context.groups if not self._in_draft_mention(context, g)]
        if trigger.noun:
            inside = [g for g in context.groups if g.start >= trigger.start - 2 and g.end <= trigger.end]
            near = [g for g in context.groups if trigger.start - 4 <= g.end <= trigger.start + 1]
            after = [g for g in context.groups if trigger.end <= g.start <= trigger.end + 6]
            for candidates in (inside, near, after):
                if candidates:
                    return tuple(m for g in candidates for m in g.members), candidates[0]
            if re.match(r"vetoes$", trigger.text, re.I):
                return (), None  # "said the two vetoes would ...": the speaker did not cast them
        if passive:
            by = re.match(r"\s*(?:[\w’']+\s+){0,3}?by\s+(?:the\s+|a\s+|an\s+)?", text[trigger.end:clause[1]])
            if by and re.match(r"(?:(?:a|the)\s+)?(?:recorded\s+)?(?:vote|margin|tally|count|majority)\b",
                               text[trigger.end + by.end():], re.I):
                return (), None  # "rejected by a vote of 1 against (Russia) ...": a tally, not an agent
            if by:
                at = trigger.end + by.end()
                for group in context.groups:
                    if at - 1 <= group.start <= at + 25 and group.start < clause[1]:
                        return group.members, group
            return (), None
        # Active: the nearest actor on the left that is not the object of a preposition.
        for group in sorted((g for g in groups if g.end <= trigger.start), key=lambda g: -g.end):
            if _RELATIVE_SUBJECT.fullmatch(text, group.end, trigger.start):
                return group.members, group  # "by Russia and China, which cast their vetoes": the antecedent
            if group.start < clause[0] and not self._clause_subject_continues(text, clause):
                break
            before = text[max(0, group.start - 30):group.start]
            if self._PREPOSITION.search(before):
                continue
            between = text[group.end:trigger.start]
            between = _ASIDE_AFTER_SUBJECT.sub(" ", between)  # "Brazil, which presides, put ..."
            if _RELATIVE_WORD.search(between) or _THAT.search(between) and not _SAID_THAT.search(between):
                continue
            return group.members, group
        if _PRONOUN_SUBJECT.match(text, clause[0]) and self.last_agent:
            return self.last_agent, None
        return (), None

    @staticmethod
    def _clause_subject_continues(text: str, clause) -> bool:
        """A clause that starts with its verb ("but was rejected by") shares the sentence's subject."""
        return bool(re.match(r"\s*(?:but|and|while|then)?\s*(?:was|were|has|have|had|is|are|later|then|also|"
                             r"subsequently|\w+ed)\b", text[clause[0]:clause[1]], re.I))

    def _speaker(self, context: SentenceContext, clause, trigger: Trigger) -> tuple[str, ...]:
        """The member who says what the trigger reports: "France said it could be included"."""
        text = context.sentence.text
        for group in context.groups:
            if group.end > trigger.start:
                break
            if re.match(r"\s*(?:has\s+|had\s+)?(?:said|says|say|told|announced|indicated|signalled|signaled|"
                        r"suggested|proposed|warned|insisted|declared|stated|vowed|threatened|made\s+clear|"
                        r"confirmed|added)\b", text[group.end:group.end + 20]):
                if not self._in_draft_mention(context, group):
                    return group.members
        return ()

    @staticmethod
    def _in_draft_mention(context: SentenceContext, group: ActorGroup) -> bool:
        return any(s <= group.start and group.end <= e for s, e in context.inside_drafts)

    def _object(self, context: SentenceContext, trigger: Trigger, clause, passive: bool) -> DraftMention | None:
        text = context.sentence.text
        if any(d.plural and clause[0] <= d.start < clause[1] and (d.start >= trigger.end) != passive
               for d in context.drafts):
            return None  # "rejected two rival drafts": a summary, not one draft's event
        in_clause = [d for d in context.drafts if clause[0] <= d.start < clause[1] and not d.plural]
        right = [d for d in in_clause if d.start >= trigger.end]
        left = [d for d in in_clause if d.end <= trigger.start]
        pronoun = re.match(r"\s*(?:it|them)\b", text[trigger.end:trigger.end + 6], re.I) or re.match(
            r"\s*(?:[\w’']+\s+){0,4}?it\b", text[clause[0]:trigger.start], re.I)
        if trigger.noun or passive:
            order = [left[::-1], right]
        else:
            order = [right[:1] if right and right[0].start - trigger.end < 60 else [], left[::-1], right]
        for candidates in order:
            if candidates:
                return candidates[0]
        # A clause without a draft of its own ("... but was rejected by X") shares its sentence's.
        earlier = [d for d in context.drafts if d.end <= clause[0] and not d.plural]
        if earlier and (passive or patterns.is_passive(text, trigger)):
            return earlier[-1]
        # "Russia broke silence": silence is kept on a draft, the one the story is about.
        if pronoun or trigger.type == "silence_broken" or \
                trigger.type == "vetoed" and re.search(r"\b(?:council|vote|ballot|vetoe?s?)\b", text, re.I):
            return DraftMention(trigger.start, trigger.end, "it", pronoun=True)
        return None

    def _draft_for(self, kind, mention, agents, vote_draft):
        """The draft an event is about, and the event's final type ("a revised draft" was circulated: revised)."""
        if mention is None:
            return None, kind
        sponsor_role = kind in SPONSOR_TYPES
        if kind == "proposed" and (mention.revised or mention.new and agents and self.registry.find(
                sponsors=agents, topics=self.topics, day=self.day, opening=True)):
            kind = "revised"
        opening = kind in SPONSOR_TYPES and (not mention.pronoun or bool(agents))
        if mention.pronoun and kind in OUTCOME_TYPES and vote_draft is not None:
            return vote_draft, kind
        record = self._resolve(mention, agents if sponsor_role or mention.own else (),
                               opening=opening, sponsor_role=sponsor_role,
                               # "a (new) draft" is put forward afresh; "the United States text, which it had
                               # circulated on 21 October" is the draft the story already knows
                               fresh=kind in ("proposed", "drafting") and not _EARLIER.search(mention.text)
                               and (mention.indefinite or not mention.pronoun and not _DEFINITE.match(mention.text)),
                               unattributed=kind not in ("drafting",), outcome=kind in OUTCOME_TYPES)
        return record, kind

    def _resolve(self, mention: DraftMention, agents, *, opening: bool, sponsor_role: bool,
                 fresh: bool = False, unattributed: bool = False, voting: bool = False,
                 outcome: bool = False) -> DraftRecord | None:
        """The draft a mention means; ``unattributed`` lets an event open a draft whose sponsors are unknown."""
        sponsors = mention.sponsors
        if mention.own and not sponsors and _POSSESSIVE_OPENS.match(mention.text) and (
                not agents or mention.start <= 2):
            # "Russia then tried its own approach. Its draft ..."; "Their first text was blocked by
            # Russia": the owner is the last sentence's subject, not who blocked it.
            agents = self.last_subject
        if not sponsors and (mention.own or sponsor_role or mention.rival):
            sponsors = tuple(agents)
        opened = self._opened_here.get((self._sentence_no, mention.start)) if mention.pronoun else None
        if opened is not None:
            # "France put forward a draft on Lebanon, which was adopted by 13 votes": the draft the vote
            # opened a moment ago is the one France put forward
            if sponsor_role and agents and not opened.sponsors:
                self.registry.attribute(opened, tuple(agents), self.topic)
                opened.label = label_for(opened.sponsors, self.topic,
                                         {code: council.name_of(code) for code in opened.sponsors})
            return opened
        if mention.pronoun or not (sponsors or mention.symbol or mention.resolution):
            if sponsor_role and agents:
                found = self.registry.find(sponsors=tuple(agents), topics=self.topics, day=self.day,
                                           opening=fresh)
                if found is not None or not opening:
                    return found or self.salient
                sponsors = tuple(agents)
            elif self.salient is not None and not (mention.indefinite and unattributed and self._busy(self.salient)
                                                   and not self._revised_before_outcome(mention)):
                return self._earlier_than_the_new(mention, self.salient)
            elif unattributed and not mention.text == "it":
                record = self.registry.open(sponsors=(), topics=self.topics, topic=self.topic, day=self.day,
                                            label=label_for((), self.topic, {}))
                self._opened_here[(self._sentence_no, mention.start)] = record
                return record
            else:
                return self.salient
        found = self.registry.find(sponsors=sponsors, symbol=mention.symbol, resolution=mention.resolution,
                                   topics=self.topics, day=self.day, opening=fresh, voting=voting)
        found = self._earlier_than_the_new(mention, found)
        if outcome and found is not None and self._dated_apart_from_outcome(found):
            # "On Dec. 8, the United States vetoed a UAE-drafted text", in a story of the UAE text adopted on
            # Dec. 22: a draft's outcome is told once; one dated weeks apart is another draft's.
            found = self.registry.find(sponsors=sponsors, symbol=mention.symbol, resolution=mention.resolution,
                                       topics=self.topics, day=self.day, excluding=found)
        if found is not None:
            self.registry.touch(found, day=None, symbol=mention.symbol, resolution=mention.resolution,
                                sponsors=sponsors if found.symbol and mention.symbol == found.symbol else ())
            return found
        if not sponsors and not (mention.symbol or mention.resolution):
            return None
        names = {code: council.name_of(code) for code in sponsors}
        if self.salient is not None and not self.salient.sponsors and sponsors and not mention.rival \
                and not mention.indefinite:
            self.registry.attribute(self.salient, sponsors, self.topic)  # "a resolution" ... "the US draft"
            self.salient.label = label_for(sponsors, self.topic, names)
            return self.salient
        record = self.registry.open(sponsors=sponsors, topics=self.topics, topic=self.topic, day=self.day,
                                    symbol=mention.symbol, resolution=mention.resolution,
                                    label=label_for(sponsors, self.topic, names))
        if mention.new:
            self._new_drafts.add(id(record))
        return record

    def _dated_apart_from_outcome(self, record: DraftRecord) -> bool:
        # Only against an outcome this story told: a date carried from another story may be a guess.
        return record.closed is not None and id(record) in self._reported and any(
            d.date is not None and d.date.precision == "day" and abs(d.date.earliest() - record.closed) > RETOLD_WITHIN
            for d in self._sentence_dates)

    def _earlier_than_the_new(self, mention: DraftMention, found: DraftRecord | None) -> DraftRecord | None:
        """"Their first text", once the story has told of their new one: the earlier draft, not the new."""
        if found is None or id(found) not in self._new_drafts or not _EARLIER.search(mention.text) \
                or mention.symbol or mention.resolution:
            return found
        sponsors = found.sponsors
        return self.registry.find(sponsors=sponsors, topics=self.topics, day=self.day, excluding=found) or \
            self.registry.open(sponsors=sponsors, topics=self.topics, topic=self.topic, day=self.day,
                               label=label_for(sponsors, self.topic, {c: council.name_of(c) for c in sponsors}))

    def _revised_before_outcome(self, mention: DraftMention) -> bool:
        """"An amended version was submitted on Monday", told after Tuesday's vote: the story's draft revised
        before its outcome, not another draft."""
        closed = self.salient.closed if self.salient is not None else None
        return mention.revised and closed is not None and any(
            d.date is not None and d.date.precision == "day" and d.date.earliest() < closed
            for d in self._sentence_dates)

    def _busy(self, record: DraftRecord) -> bool:
        """Whether the article already reported an outcome or a vote for this draft (a headline's
        summary does not count: the story then tells the same event)."""
        return id(record) in self._reported

    @functools.cached_property
    def _mentions_votes(self) -> bool:
        return bool(re.search(r"\bveto|\bvot(?:e|ed|ing)\b", self.article.text, re.I))

    def _date(self, context: SentenceContext, trigger: Trigger, clause, factuality: str) -> PartialDate | None:
        text = context.sentence.text
        asides = [m.span() for m in patterns.ASIDE.finditer(text) if not m.start() <= trigger.start < m.end()]
        in_clause = [d for d in context.dates if clause[0] <= d.start < clause[1]
                     and not any(a <= d.start < b for a, b in asides)
                     and not _NOT_THE_DAY_OF.search(text, max(0, d.start - 14), d.start)]
        if in_clause:
            best = min(in_clause, key=lambda d: abs(d.start - trigger.start))
            return best.date
        if factuality == HEDGED:
            return self.pub
        if patterns.past_perfect(context.sentence.text, trigger):
            return None
        for mention in context.dates:
            if mention.date is not None and self.pub is not None and mention.date.sort_key < self.pub.sort_key:
                return None  # the sentence narrates an earlier time; this clause does not say when
        if trigger.type in _VOTING_DAY_TYPES and self._vote_day is not None:
            return self._vote_day  # "The Council on Monday failed to adopt two texts. The first received ..."
        return self.pub

    def _narrates_earlier(self, context: SentenceContext) -> bool:
        """Whether the sentence gives a date before the story's day ("in September, Russia vetoed ...")."""
        return self.pub is not None and any(mention.date is not None and mention.date.sort_key < self.pub.sort_key
                                            and mention.date.earliest() < (self.day or mention.date.earliest())
                                            for mention in context.dates)

    def _note_vote_day(self, context: SentenceContext) -> None:
        """The day a sentence that tells a vote gives, for the sentences after it that do not."""
        days = [d.date for d in context.dates if d.date is not None and d.date.precision == "day"
                and (self.pub is None or d.date.sort_key <= self.pub.sort_key)]
        if days and TELLS_A_VOTE.search(context.sentence.text):
            self._vote_day = days[0]

    def _permanent(self, code: str) -> bool:
        return code in self.permanent

    @staticmethod
    def _quote(context: SentenceContext) -> tuple[str, int, int]:
        sentence = context.sentence
        return " ".join(sentence.text.split()), sentence.start, sentence.end

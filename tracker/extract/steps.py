"""Step findings: each trigger of a sentence read as an event (who acted, on which draft, when, how sure),
merges between drafts, and the stances a sentence states apart from any step."""

from __future__ import annotations

import re

from tracker.domain import council
from tracker.domain.events import ASSERTED, HEDGED
from tracker.domain.votes import ABSTAIN, NO, YES
from tracker.extract import patterns
from tracker.extract.context import SentenceContext, clause_of, unquote
from tracker.extract.drafts import DraftRecord, day_of, label_for
from tracker.extract.findings import CLOSING_TYPES, SPONSOR_TYPES, STANCE_OF, Finding
from tracker.extract.patterns import Trigger


# A gerund opening its clause, with a modal after it, names the act as a subject ("Adopting the
# text would ..."), unlike "Introducing the text, the minister said ...".
_GERUND_SUBJECT = re.compile(r"\w+ing$", re.I)
_PARTICIPLE_OPENING = re.compile(r"\s*(?:Introducing|Presenting|Tabling|Submitting|Circulating|Proposing)$", re.I)
_LATER_MODAL = re.compile(r"\b(?:would|could|might|will|may|can)\b", re.I)

# Members counted, not named, right before a stance verb.
_COUNTED_SUBJECT = re.compile(r"\b(?:members|countries|nations|states|delegations|others)\s+(?:(?:of|on)\s+the\s+"
                              r"(?:council|body)\s+)?(?:all\s+|also\s+)?$", re.I)

# A past voting verb reports a ballot cast, whatever vote it belongs to.
_CAST_A_BALLOT = re.compile(r"(?:voted|abstained)\b", re.I)
_BALLOT_OF_STANCE = {"supports": YES, "opposes": NO, "abstains": ABSTAIN}

# What happens to a text at a vote; said of an amendment, it is not the draft's own event.
OUTCOMES_OF_A_VOTE = frozenset({"adopted", "failed", "vetoed", "rejected"})


# "It was the thirteenth time Russia had cast a veto", "Russia's 14th veto": a tally of past steps.
_ORDINAL = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|"
            r"\w+tieth|\d+(?:st|nd|rd|th))")
_NTH_TIME = re.compile(rf"\b{_ORDINAL}\s+time\b[^.;]{{0,60}}$", re.I)
_NTH_NOUN = re.compile(rf"\b{_ORDINAL}\s+$", re.I)
# "the two texts were melded", "both drafts were merged": the story's two drafts, made one.
_BOTH_TEXTS = re.compile(r"\b(?:the\s+)?(?:two|both|rival|competing)\s+(?:rival\s+|competing\s+)?(?:texts|drafts)\b", re.I)
# "built on the French text", "based on the Russian draft": the draft a melded text keeps.
_BUILT_ON = re.compile(r"\b(?:built|based|modell?ed)\s+(?:largely\s+|mainly\s+|mostly\s+)?on\s+", re.I)

# A clause whose subject is the text itself tells what the text says: "It also rejects any effort ...".
_TEXT_AS_SUBJECT = re.compile(r"\s*(?:it|the\s+(?:draft|text|resolution|measure))\b(?!\s+(?:was|were|is|has\s+been)\b)",
                              re.I)

class StepReading:
    """The step and stated-stance readings of ``_ArticleReading`` (see extractor.py)."""

    # --- events ----------------------------------------------------------------------------

    def _event(self, context: SentenceContext, trigger: Trigger, vote_draft: DraftRecord | None) -> None:
        text = context.sentence.text
        if patterns.is_adjectival(text, trigger):
            return
        kind = trigger.type
        clause = clause_of(context.clauses, trigger.start)
        passive = patterns.is_passive(text, trigger) or kind == "silence_broken" and "broken" in trigger.text.lower()
        agents, agent_group = self._agents(context, trigger, clause, passive)
        opened_by = () if agents else self._subject_after_participle(context, trigger)
        agents = agents or opened_by
        left_limit = agent_group.end if agent_group is not None and agent_group.end <= trigger.start else clause[0]
        if trigger.noun:
            # A noun's own negation sits right before it ("no veto", "without a veto"); "not adopted
            # on account of the veto" does not negate the veto.
            left_limit = max(left_limit, trigger.start - 12)
        mood = patterns.modality(unquote(text), clause[0], trigger, left_limit)
        if mood.factuality is None or mood.factuality == "negated":
            return
        if self._not_the_drafts_step(text, trigger, clause, bool(opened_by)):
            return
        if kind == "rejected" and not agents:
            if not passive and (self._object(context, trigger, clause, passive) is None or _TEXT_AS_SUBJECT.match(
                    text, clause[0], trigger.start)):
                return  # "It ... rejects any effort to starve civilians": what a text says, not its fate
            if vote_draft is not None or re.search(r"\bcouncil\b", text[clause[0]:clause[1]], re.I):
                kind = "failed"
            else:
                return
        if mood.factuality == HEDGED and kind in ("adopted", "failed"):
            return  # the Council's outcome is no member's plan: "Washington wanted the text adopted by Friday"
        if mood.factuality == HEDGED:
            agents = self._own_plan(context, trigger, clause, agents, left_limit)
            if agents is None:
                return
        if kind == "adopted" and not self._adopted_by_council(context, trigger, clause, passive):
            return
        if kind == "merge":
            self._merge(context, trigger, clause, passive, agents, mood.factuality)
            return
        if kind == "vetoed":
            agents = tuple(code for code in agents if self._permanent(code))
            if not agents:
                return
        if kind == "rejected" and agents and self.sitting:
            agents = tuple(code for code in agents if code in self.sitting)
            if not agents:
                return  # "Israel had dismissed the draft": a government's view, not the Council's step
        if kind == "drafting" and not agents:
            return
        mention = self._object(context, trigger, clause, passive)
        record, kind = self._draft_for(kind, mention, agents, vote_draft)
        if record is None:
            return
        if kind in ("vetoed", "rejected") and set(agents) <= set(record.sponsors):
            return  # a sponsor does not veto or reject its own text: a misread subject
        members = agents or (record.sponsors if kind in SPONSOR_TYPES else ())
        if kind in ("adopted", "failed"):
            members = ()
        date = self._date(context, trigger, clause, mood.factuality)
        confidence = 0.9 - (0.15 if mention is None or mention.pronoun else 0) - (0.1 if not agents else 0) \
            - (0.2 if mood.factuality == HEDGED else 0) - (0.05 if date is None else 0)
        self._record_step(Finding(kind, record, date, mood.factuality, tuple(members), *self._quote(context),
                                  self.article.path, confidence), context)

    def _record_step(self, finding: Finding, context: SentenceContext) -> None:
        """Add a step; an asserted one dates its draft (and closes it, if final); a veto is a "no" ballot."""
        self._add(finding)
        record = self.salient = finding.draft
        if finding.factuality == ASSERTED:
            self.registry.touch(record, day=day_of(finding.date) or self.day)
            if finding.type in CLOSING_TYPES:
                record.closed = day_of(finding.date) or self.day
        # The stances this step gives (sponsors support, rejecters oppose) are the fold's to derive.
        if finding.type == "vetoed":
            for code in finding.members:
                self._ballot(record, code, NO, context.sentence)

    @staticmethod
    def _not_the_drafts_step(text: str, trigger: Trigger, clause, opened_by: bool) -> bool:
        """An amendment's step, or the act named as a subject: nothing done to the draft itself."""
        if trigger.type in OUTCOMES_OF_A_VOTE and patterns.AMENDMENT.search(text, clause[0], trigger.start):
            return True  # an amendment's fate, not the draft's
        if re.match(r"\s+(?:\w+\s+){0,2}amendments?\b", text[trigger.end:], re.I):
            return True  # "Russia has put forward amendments to the text": not a draft of its own
        if _NTH_TIME.search(text, max(clause[0], trigger.start - 80), trigger.start) or \
                trigger.noun and _NTH_NOUN.search(text, max(0, trigger.start - 20), trigger.start):
            return True  # "the thirteenth time Russia had cast a veto": a count of past steps, not a new one
        # "Adopting the text, he said, would only encourage ...": the act as a subject, not done.
        return not opened_by and bool(_GERUND_SUBJECT.match(trigger.text)) and \
            not text[clause[0]:trigger.start].strip() and bool(_LATER_MODAL.search(text, trigger.end))

    def _own_plan(self, context: SentenceContext, trigger: Trigger, clause, agents, left_limit: int):
        """The members whose own plan or word a hedged step is ("Russia plans to table", "France said it
        could be included"); None for a forecast by others ("is expected to be presented", "Russia could
        veto, diplomats said"), which is no event."""
        speaker = self._speaker(context, clause, trigger)
        if speaker:
            return agents or speaker
        intends = bool(patterns.INTENTION.search(context.sentence.text[left_limit:trigger.start]))
        return agents if agents and intends else None

    @staticmethod
    def _subject_after_participle(context: SentenceContext, trigger: Trigger) -> tuple[str, ...]:
        """"Introducing the text, the representative of Germany said ...": the participle's subject is
        the member named right after the phrase it opens the sentence with."""
        text = context.sentence.text
        if not _PARTICIPLE_OPENING.match(text[:trigger.end]):
            return ()
        comma = text.find(",", trigger.end)
        if comma < 0:
            return ()
        for group in context.groups:
            if comma < group.start <= comma + 60:
                return group.members
        return ()

    _BY_COUNCIL = re.compile(r"\s*(?:[\w’']+\s+){0,3}?by\s+(?:(?:the\s+)?(?:(?:15|fifteen)[\s-]member\s+)?(?:UN\s+|U\.N\.\s+|"
                             r"United\s+Nations\s+)?(?:Security\s+)?Council\b(?!\s+of)|(?:a\s+)?(?:unanimous\s+)?vote|"
                             r"(?:consensus|acclamation)|\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                             r"twelve|thirteen|fourteen|fifteen)\b|its\s+members|members)", re.I)

    def _adopted_by_council(self, context: SentenceContext, trigger: Trigger, clause, passive: bool) -> bool:
        """'The Council adopted a resolution', 'the text was adopted 15-0': not 'the resolution endorses a plan'
        nor 'a decision adopted by the OPCW's executive council'."""
        text = context.sentence.text
        assembly = re.search(r"\b(?:General\s+)?Assembly\b(?![^.;]*\bCouncil\b)", text[:trigger.start])
        if assembly and not re.search(r"\bCouncil\b", text[assembly.end():trigger.start]):
            return False  # "the General Assembly, which had adopted ...": another body's resolution
        if passive:
            by = re.match(r"\s*(?:[\w’']+\s+){0,3}?by\s", text[trigger.end:clause[1]])
            return not by or bool(self._BY_COUNCIL.match(text[trigger.end:clause[1]]))
        subject = [d for d in context.drafts if clause[0] <= d.start and d.end <= trigger.start]
        if subject and re.match(r"pass(?:ed|es)$", trigger.text, re.I) and \
                re.match(r"\s*(?:[,.;\d]|$|(?:by|with|unanimously|on|in|after|late|early|easily|comfortably)\b)",
                         text[trigger.end:clause[1]], re.I):
            return True  # "the resolution passed 13-0": passed, without an object, is the Council's adoption
        if subject and not re.search(r"\b(?:council|members)\b", text[subject[-1].end:trigger.start], re.I):
            return False
        return True

    def _merge(self, context, trigger, clause, passive, agents, factuality) -> None:
        text = context.sentence.text
        target_match = re.search(r"\b(?:in|into|with|to)\s", text[trigger.end:clause[1]])
        if not target_match:
            return
        target_at = trigger.end + target_match.end()
        targets = [d for d in context.drafts if d.start >= target_at - 1 and d.start < clause[1]]
        sources = [d for d in context.drafts if d.end <= trigger.start and d.start >= 0]
        sources += [d for d in context.drafts if trigger.end <= d.start < target_at]
        if _BOTH_TEXTS.search(text, clause[0], trigger.start):
            self._meld(context, trigger, clause, agents, factuality)
            return
        if not targets:
            return
        target = self._resolve(targets[0], agents, opening=True, sponsor_role=False)
        source = None
        for mention in reversed(sources) if sources and sources[-1].end <= trigger.start else sources:
            if not mention.plural:
                source = self._resolve(mention, (), opening=False, sponsor_role=False)
                if source is not None:
                    break
        source = source or (self.salient if self.salient is not target else None)
        if source is None or target is None or source is target:
            return
        kind = "merged" if factuality == ASSERTED else "merge_proposed"
        if kind == "merge_proposed" and not agents:
            return
        date = self._date(context, trigger, clause, factuality)
        self._add(Finding(kind, source, date, factuality, agents, *self._quote(context), self.article.path,
                          0.7 if factuality == HEDGED else 0.8, into=target))
        if kind == "merge_proposed" and not set(agents) <= set(source.sponsors):
            self._stance(source, agents, "conditional", context, clause, date, 0.6)
        if kind == "merged":
            source.closed = day_of(date) or self.day


    def _meld(self, context, trigger, clause, agents, factuality) -> None:
        """"The two texts were melded into one draft, built on the French text": the story's last two drafts
        become one, the one it was built on where the story says so, else a new combined text."""
        story: list[DraftRecord] = []
        for finding in reversed(self.findings):
            if not finding.headline and finding.draft not in story:
                story.append(finding.draft)
        if len(story) < 2 or factuality != ASSERTED:
            return
        pair = story[:2][::-1]
        text = context.sentence.text
        base = _BUILT_ON.search(text, trigger.end)
        based = [d for d in context.drafts if base and base.end() - 1 <= d.start <= base.end() + 2]
        target = self._resolve(based[0], (), opening=False, sponsor_role=False) if based else None
        if target not in pair:
            sponsors = tuple(dict.fromkeys(code for record in pair for code in record.sponsors))
            target = self.registry.open(sponsors=sponsors, topics=self.topics, topic=self.topic, day=self.day,
                                        label=label_for(sponsors, self.topic,
                                                        {code: council.name_of(code) for code in sponsors}))
        date = self._date(context, trigger, clause, factuality)
        for source in pair:
            if source is target:
                continue
            self._add(Finding("merged", source, date, factuality, agents, *self._quote(context), self.article.path,
                              0.75, into=target))
            source.closed = day_of(date) or self.day
        self.salient = target

    # --- positions -------------------------------------------------------------------------

    def _position(self, context: SentenceContext, trigger: Trigger, vote_draft: DraftRecord | None) -> None:
        text = context.sentence.text
        if re.match(r"(?:would|will)\s+veto$", trigger.text, re.I) and patterns.VETO_HAS_OBJECT.match(text, trigger.end):
            # "would veto the draft": the member's own plan is a hedged veto, whose "no" gives the stance
            at = trigger.end - len("veto")
            self._event(context, Trigger("vetoed", at, trigger.end, text[at:trigger.end]), vote_draft)
            return
        clause = clause_of(context.clauses, trigger.start)
        if _COUNTED_SUBJECT.search(text, max(0, trigger.start - 40), trigger.start) and \
                not re.search(r"\bamong\s+(?:the\s+)?(?:\w+\s+)?\w+\s+$", text[max(0, trigger.start - 40):trigger.start]):
            return  # "the remaining 13 members voting in favour": a count, read with the vote's tally
        passive = patterns.is_passive(text, trigger)
        agents, agent_group = self._agents(context, trigger, clause, passive)
        if not agents:
            return
        stance = STANCE_OF[trigger.type]
        if re.match(r"block", trigger.text, re.I) and not passive and all(self._permanent(c) for c in agents) \
                and self._mentions_votes:
            self._event(context, Trigger("vetoed", trigger.start, trigger.end, trigger.text), vote_draft)
            return
        if stance in ("abstains",) and (vote_draft is not None or re.search(r"abstain", trigger.text, re.I)):
            if vote_draft is not None or self._find("vote", self.salient) is not None:
                return  # a ballot: recorded on the vote
        agents = self._joined_by(context, agent_group, trigger) + agents
        left_limit = agent_group.end if agent_group is not None and agent_group.end <= trigger.start else clause[0]
        stance = self._stated_stance(context, trigger, clause, left_limit, agents, stance)
        if stance is None:
            return
        mood = patterns.modality(unquote(text), clause[0], trigger, left_limit)
        if stance == "supports" and re.match(r"call|urg|push", trigger.text, re.I):
            mood = patterns.Modality(ASSERTED)
        if mood.factuality is None:
            return
        if mood.factuality == "negated":
            if stance == "supports":
                stance = "opposes"
            else:
                return
        elif mood.factuality == HEDGED and stance == "supports" and re.search(
                r"\b(?:could|might|may|ready|prepared)\b", text[left_limit:trigger.start], re.I):
            stance = "conditional"
        elif mood.factuality == HEDGED and stance == "supports" and re.search(r"\bwould\b", text[left_limit:trigger.start]) \
                and patterns.CONDITION.search(text, trigger.end, clause[1]):
            stance = "conditional"
        record = self._stance_draft(context, trigger, clause, passive, agents, stance)
        if record is None:
            return
        if mood.factuality == ASSERTED and _CAST_A_BALLOT.match(trigger.text) and stance in _BALLOT_OF_STANCE:
            for code in agents:  # "South Africa also voted against it": a ballot, on the vote if one is told
                self._ballot(record, code, _BALLOT_OF_STANCE[stance], context.sentence)
            return
        date = self._date(context, trigger, clause, mood.factuality)
        self._stance(record, agents, stance, context, clause, date, 0.75)

    def _stated_stance(self, context: SentenceContext, trigger: Trigger, clause, left_limit: int, agents,
                       stance: str) -> str | None:
        """The stance a trigger states, or None where it states no member's own: a forecast by others
        ("China is expected to back it"), a noun vote for something other than a draft ("a vote for
        mediation"). "Said it would vote for the text" is support, unless a condition follows."""
        text = context.sentence.text
        if patterns.FORECAST.search(text, left_limit, trigger.start) \
                and set(self._speaker(context, clause, trigger)) != set(agents):
            return None
        if re.match(r"vote\s", trigger.text, re.I) and patterns.VOTE_NOUN.search(text, 0, trigger.start) and not any(
                0 <= d.start - trigger.end <= 6 for d in context.drafts):
            return None
        if stance == "opposes" and patterns.CENSURE.match(trigger.text) and patterns.VETO_OBJECT.match(text, trigger.end):
            return "supports"
        if trigger.type == "conditional" and patterns.WOULD_SUPPORT.match(trigger.text) \
                and not patterns.CONDITION.search(text, trigger.end, clause[1]):
            return "supports"
        return stance

    def _stance_draft(self, context: SentenceContext, trigger: Trigger, clause, passive: bool, agents,
                      stance: str) -> DraftRecord | None:
        """The draft a stance is on: the one named, or the draft in focus for a bare veto threat
        ("Russia threatened to veto") and for a censured veto (condemning the veto backs the vetoed draft)."""
        text = context.sentence.text
        if stance == "opposes" and re.search(r"veto$", trigger.text, re.I):
            record = self._object_or_focus(context, trigger, clause, passive)
            return None if record is None or set(agents) <= set(record.sponsors) else record
        if patterns.CENSURE.match(trigger.text) and patterns.VETO_OBJECT.match(text, trigger.end):
            vetoes = [f for f in reversed(self.findings) if f.type == "vetoed" and f.factuality == ASSERTED]
            return vetoes[0].draft if vetoes else None
        mention = self._object(context, trigger, clause, passive)
        if mention is None:
            # "would vote for the compromise": the compromise text in focus
            return self.salient if re.match(r"\s+the\s+compromise\b", text[trigger.end:], re.I) else None
        if mention.resolution and re.match(r"abstain|vot", trigger.text, re.I) and \
                self.registry.find(resolution=mention.resolution) is None:
            return None  # "abstained on resolution 2440": a ballot on an earlier text the story does not follow
        if mention.pronoun and not mention.text.lower().startswith(("the ", "it", "this", "that")) \
                and stance == "supports":
            return self.registry.find(sponsors=agents, topics=self.topics, day=self.day) or None
        return self._resolve(mention, agents if mention.own else (), opening=mention.own, sponsor_role=mention.own)

    @staticmethod
    def _joined_by(context: SentenceContext, group, trigger: Trigger) -> tuple[str, ...]:
        """"Britain joined France in condemning ...": the subject of "joined" takes the same stance."""
        text = context.sentence.text
        if group is None or not re.fullmatch(r"\s+in\s+", text[group.end:trigger.start]) \
                or not re.search(r"\bjoin(?:s|ed)?\s+$", text[:group.start]):
            return ()
        before = [g for g in context.groups if g.end <= group.start]
        subject = before[-1] if before and not re.search(r"[.;]", text[before[-1].end:group.start]) else None
        return subject.members if subject is not None else ()

    def _object_or_focus(self, context: SentenceContext, trigger: Trigger, clause, passive: bool):
        mention = self._object(context, trigger, clause, passive)
        if mention is None or mention.pronoun:
            return self.salient
        return self._resolve(mention, (), opening=False, sponsor_role=False)

    def _stance(self, record, members, stance, context, clause, date, confidence) -> None:
        for code in members:
            self._add(Finding("position", record, date, ASSERTED, (code,), *self._quote(context),
                              self.article.path, confidence, stance=stance))

    def _tabled(self, context: SentenceContext) -> None:
        """A draft named with those who tabled it ("the text, tabled by A and B", "Tabled by A, the
        draft ..."): their proposal, undated unless the story says more elsewhere."""
        for mention in context.drafts:
            if not mention.tabled or not mention.sponsors or mention.plural:
                continue
            record = self._resolve(mention, mention.sponsors, opening=True, sponsor_role=True)
            if record is None:
                continue
            kind = "revised" if mention.revised else "proposed"
            self._add(Finding(kind, record, None, ASSERTED, tuple(mention.sponsors), *self._quote(context),
                              self.article.path, 0.7))


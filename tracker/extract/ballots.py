"""Vote records: a sentence's tally as a vote finding on its draft, the members it names with their
ballots, and sponsors named apart from their draft ("its sponsors, France and Britain")."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from tracker.domain import council
from tracker.domain.events import ASSERTED
from tracker.domain.votes import ABSTAIN, NO, YES, Tally
from tracker.extract import patterns
from tracker.extract.context import SentenceContext, clause_of
from tracker.extract.counts import (AMONG_BACKERS, BALLOT_AFTER, COUNT_CUE, JOINED_BALLOT, SAME_SIDE_BEFORE,
                                    SIDE_THEN_AS_DID, SIDED_WITH, SPEAKER_OWN, Mention, VoteReading, read_counts)
from tracker.extract.drafts import RETOLD_WITHIN, DraftRecord, label_for
from tracker.extract.roles import TELLS_A_VOTE
from tracker.extract.findings import Finding
from tracker.extract.patterns import Trigger
from tracker.extract.votes import find_tally


_RESOLUTION_NUMBER = re.compile(r"\bresolutions?\s+(\d{3,4})\b", re.I)
_YEAR_AFTER = re.compile(r"\(((?:19|20)\d\d)\)")


class BallotReading:
    """The vote and ballot readings of ``_ArticleReading`` (see extractor.py)."""

    # --- votes and ballots -----------------------------------------------------------------

    # A vote is told over the sentences that follow it ("Bolivia also voted against it. China
    # abstained. The remaining ten voted in favour."): this many sentences on, it is still open.
    VOTE_STAYS_OPEN = 3

    def _vote_readings(self, context: SentenceContext) -> list[VoteReading]:
        """The votes the sentence tells: counts and the members listed with them; else a wire tally."""
        text = context.sentence.text
        if not COUNT_CUE.search(text):
            return []  # most sentences tell no count: skip the tally forms
        base = context.sentence.start
        mentions = [Mention(m.start - base, m.end - base, m.member) for group in context.groups
                    if not self._in_draft_mention(context, group) for m in group.mentions]
        readings = [r for r in read_counts(text, mentions) if not self._of_an_amendment(context, r.start)]
        tally = find_tally(text)
        if tally is None or self._of_an_amendment(context, tally.start):
            return readings
        if tally.unanimous:
            if not readings:
                readings.append(VoteReading(tally.start, tally.end, {NO: 0, ABSTAIN: 0}, rest=YES))
        else:
            counts = {side: n for side, n in ((YES, tally.in_favour), (NO, tally.against), (ABSTAIN, tally.abstaining))
                      if n is not None}
            overlapping = [r for r in readings if r.start < tally.end and tally.start < r.end]
            for reading in overlapping:  # "by 9 votes to 3, with 3 abstentions": each form read part of it
                for side, n in counts.items():
                    reading.counts.setdefault(side, n)
            if not overlapping:
                readings.append(VoteReading(tally.start, tally.end, counts))
                readings.sort(key=lambda r: r.start)
        return readings

    @staticmethod
    def _of_an_amendment(context: SentenceContext, at: int) -> bool:
        """A count told after "amendment" with no draft named in between is the amendment's vote."""
        amendment = None
        for amendment in patterns.AMENDMENT.finditer(context.sentence.text, 0, at):
            pass
        return amendment is not None and not any(amendment.end() <= d.start < at for d in context.drafts)

    def _vote(self, context: SentenceContext, reading: VoteReading) -> DraftRecord | None:
        """The reading onto its draft's vote in this story: a new vote, or more of one told before."""
        record = self._vote_draft(context, reading)
        if record is None:
            return None
        prior = self._find("vote", record)
        if prior is not None and _joins(prior, reading):
            prior.tally = _with_counts(prior.tally, reading.counts)
            prior.rest = prior.rest or reading.rest
        elif reading.counts or reading.rest:
            clause = clause_of(context.clauses, reading.start)
            date = self._date(context, Trigger("vote", reading.start, reading.end, ""), clause, ASSERTED)
            if not [d for d in context.dates if clause[0] <= d.start < clause[1]]:
                outcome = self._last_outcome.get(id(record))
                date = outcome.date if outcome is not None else date  # the outcome's sentence said when
            if date is None:
                # "... was killed on Friday night, when the United States cast the only vote against it";
                # "Resolution 1803, adopted in 2008, passed 14-0": the sentence's one day, or its one date
                # in a clause that tells the vote
                told = {d.date for d in context.dates if d.date is not None
                        and (self.pub is None or d.date.sort_key <= self.pub.sort_key)
                        and (d.date.precision == "day" or TELLS_A_VOTE.search(
                            context.sentence.text, *clause_of(context.clauses, d.start)))}
                date = told.pop() if len(told) == 1 else None
            tally = _with_counts(Tally(None, None, None, {}), reading.counts)
            self._add(Finding("vote", record, date, ASSERTED, (), *self._quote(context), self.article.path,
                              0.85, tally=tally, rest=reading.rest))
        for code, side in reading.ballots.items():
            self._ballot(record, code, side, context.sentence)
        self._open_vote = (record, self._sentence_no)
        self.salient = record
        return record

    def _vote_draft(self, context: SentenceContext, reading: VoteReading) -> DraftRecord | None:
        """The draft a vote is about: the one the sentence names nearest; else the vote still being told;
        else the draft in focus."""
        mentions = [d for d in context.drafts if not d.plural]
        if context.drafts and not mentions:
            return None  # "every resolution ... was passed unanimously": votes on many drafts
        for mention in sorted(mentions, key=lambda d: abs(d.start - reading.start)):
            if mention.pronoun and self._still_open() is not None:
                return self._still_open()
            numbered = self._numbered_in_focus(context, mention)
            if numbered is not None:
                return numbered
            record = self._resolve(mention, self._owner(context, mention), opening=True, sponsor_role=False,
                                   unattributed=True, voting=not self._narrates_earlier(context))
            if record is not None:
                return record
        return self._still_open() or self.salient

    def _owner(self, context: SentenceContext, mention) -> tuple[str, ...]:
        """Whose "text of its own" it is: the sentence's subject, the first member named before it."""
        if not mention.own:
            return ()
        before = [g for g in context.groups if g.end <= mention.start and not self._in_draft_mention(context, g)]
        return tuple(before[0].members) if before else ()

    def _numbered_in_focus(self, context: SentenceContext, mention) -> DraftRecord | None:
        """"Resolution 1701 was adopted 15-0" about the draft the story follows: the number it was
        adopted as is that draft's, when no known draft has it and the draft has none yet."""
        if not mention.resolution or mention.sponsors or mention.symbol or \
                self.registry.find(resolution=mention.resolution) is not None:
            return None
        if self.day is not None and (
                any(d.date is not None and self.day - d.date.earliest() > RETOLD_WITHIN for d in context.dates)
                or any(int(year) < self.day.year for year in _YEAR_AFTER.findall(
                    context.sentence.text, mention.end, mention.end + 8))):
            return None  # "resolution 2254 (2015)", "adopted on 5 August": an earlier resolution
        focus = self._still_open() or self.salient
        if focus is None or focus.resolution is not None or focus.closed is not None and (
                self._sentence_no - self._reported.get(id(focus), -self.VOTE_STAYS_OPEN - 1) > self.VOTE_STAYS_OPEN
                or len(self._resolution_numbers) > 1):
            # A draft closed before this story is not the one it numbers now; nor, in a story of
            # several resolutions, or once the story has moved on, is the one whose adoption it told.
            return None
        self.registry.touch(focus, day=None, resolution=mention.resolution)
        return focus

    @functools.cached_property
    def _resolution_numbers(self) -> set[str]:
        return set(_RESOLUTION_NUMBER.findall(self.article.text))

    def _still_open(self) -> DraftRecord | None:
        record, told_at = self._open_vote
        if record is None or record is not self.salient:
            return None  # the story has moved on to another draft
        return record if self._sentence_no - told_at <= self.VOTE_STAYS_OPEN else None

    _BALLOT_BEFORE = re.compile(
        r"(?:(?P<against>against|voting\s+no|negative\s+votes?|no\s+votes?)|(?P<abstain>abstentions?|abstaining|"
        r"abstained)|(?P<favour>in\s+favou?r|for|yes))\s*(?:[:(]|\b(?:from|by|were|was|came\s+from|:)\s*)"
        r"\s*(?:the\s+)?$", re.I)

    def _ballots(self, context: SentenceContext, vote_draft: DraftRecord | None) -> None:
        """Members named with a voting verb ("Bolivia also voted against it") or after a side ("against:
        the United States"): a ballot on the vote being told, or the draft in focus."""
        text = context.sentence.text
        record = vote_draft or self._still_open() or self.salient
        if record is None:
            return
        voting = vote_draft is not None or self._find("vote", record) is not None
        side_before = None
        for group in context.groups:
            if self._in_draft_mention(context, group):
                continue
            ballot = _ballot_of(text, group, voting, side_before) or self._sided_with(context, group, record)
            if not ballot:
                continue
            side_before = ballot
            voted_on = self._draft_voted_on(context, group, record)
            for code in group.members if voted_on is not None else ():
                self._ballot(voted_on, code, ballot, context.sentence)

    def _sided_with(self, context: SentenceContext, group, record: DraftRecord) -> str | None:
        """"Bolivia sided with Russia": the ballot the story has told for the member named next."""
        sided = SIDED_WITH.match(context.sentence.text, group.end)
        if sided is None:
            return None
        if re.match(r"(?:its\s+|their\s+)?(?:co-?)?sponsors\b", context.sentence.text[sided.end():], re.I):
            return YES  # "China and Brazil voted with the sponsors"
        host = next((g for g in context.groups if g.start == sided.end()), None)
        if host is None:
            return None
        told = [ballot for draft, code, ballot, *_ in self.pending_ballots if draft is record and code in host.members]
        return told[-1] if told else None

    def _draft_voted_on(self, context: SentenceContext, group, record: DraftRecord) -> DraftRecord | None:
        """The draft a ballot is cast on: the one named right after it ("abstained on resolution 2440")
        when the story knows it, none when it is another text the story does not follow; else ``record``."""
        after = BALLOT_AFTER.match(context.sentence.text, group.end)
        if after is None:
            return record
        named = [d for d in context.drafts if after.end() <= d.start <= after.end() + 12 and not d.pronoun
                 and re.match(r"\s*(?:on|for|against|in\s+favou?r\s+of)\s", context.sentence.text[after.end():d.start]
                              + " ", re.I)]
        if not named:
            return record
        mention = named[0]
        return self.registry.find(sponsors=mention.sponsors, symbol=mention.symbol, resolution=mention.resolution,
                                  topics=self.topics, day=self.day)


    _SPONSORS_BEFORE = re.compile(r"\bsponsor(?:s|ed|ing)?\b[^.;]{0,40}?(?:[-–—:(]|,|\bwere|\bare|\bby|\bof)\s*"
                                  r"(?:the\s+)?$", re.I)
    _SPONSORS_AFTER = re.compile(r"\s*(?:,\s*)?(?:(?:which|who|that)\s+)?(?:had\s+|have\s+|has\s+|jointly\s+)?"
                                 r"(?:drafted|sponsored|co-sponsored|penned|wrote|authored|drew\s+up|put\s+forward|"
                                 r"tabled|circulated|prepared)\s+(?:the|this|that|it)\b", re.I)

    def _sponsors_named(self, context: SentenceContext) -> None:
        """Sponsors named apart from the draft ("its sponsors - France and Britain") for a draft opened without."""
        record = self.salient
        if record is None or record.sponsors:
            return
        text = context.sentence.text
        for group in context.groups:
            if self._SPONSORS_BEFORE.search(text[max(0, group.start - 60):group.start]) or \
                    self._SPONSORS_AFTER.match(text, group.end):
                self.registry.attribute(record, group.members, self.topic)
                names = {code: council.name_of(code) for code in group.members}
                record.label = label_for(record.sponsors, self.topic, names)
                return


def _ballot_of(text: str, group, voting: bool, side_before: str | None = None) -> str | None:
    speaking = SPEAKER_OWN.match(text, group.end)
    after = BALLOT_AFTER.match(text, speaking.end() if speaking else group.end) or JOINED_BALLOT.match(text, group.end)
    if after:
        return YES if after.group("Y") else NO if after.group("N") else ABSTAIN
    if AMONG_BACKERS.match(text, group.end):
        return YES
    if side_before and SAME_SIDE_BEFORE.search(text, max(0, group.start - 20), group.start):
        return side_before  # "China abstained, and so did Brazil"
    as_did = SIDE_THEN_AS_DID.search(text, max(0, group.start - 50), group.start)
    if as_did:
        return YES if as_did.group("Y") else NO if as_did.group("N") else ABSTAIN  # "voted in favour, as did A"
    if not voting:
        return None
    if re.search(r"\bvotes?,?\s+(?:from|of)\s+(?:the\s+)?$", text[max(0, group.start - 20):group.start]):
        return YES  # "received only four votes, from China, ..."
    along = re.search(r"\b(?:voted|voting|vote)\s+(?P<dir>in\s+favou?r|for|yes|against|no)\b[^.;]{0,30}?"
                      r"\b(?:along|together)\s+with\s+(?:the\s+)?$", text[max(0, group.start - 80):group.start])
    if along:
        return NO if along.group("dir").lower() in ("against", "no") else YES
    before = BallotReading._BALLOT_BEFORE.search(text[max(0, group.start - 40):group.start])
    if before:
        return NO if before.group("against") else ABSTAIN if before.group("abstain") else YES
    return None


def _joins(vote: Finding, reading: VoteReading) -> bool:
    """Whether a reading tells more of a vote already read: no side counted differently."""
    told = {YES: vote.tally.in_favour, NO: vote.tally.against, ABSTAIN: vote.tally.abstaining}
    return all(told[side] in (None, n) for side, n in reading.counts.items()) and \
        not (reading.rest and vote.rest and reading.rest != vote.rest)


def _with_counts(tally: Tally, counts: dict[str, int]) -> Tally:
    return replace(tally, in_favour=tally.in_favour if tally.in_favour is not None else counts.get(YES),
                   against=tally.against if tally.against is not None else counts.get(NO),
                   abstaining=tally.abstaining if tally.abstaining is not None else counts.get(ABSTAIN))

"""Vote records: a sentence's tally as a vote finding on its draft, the members it names with their
ballots, and sponsors named apart from their draft ("its sponsors, France and Britain")."""

from __future__ import annotations

import re

from tracker.domain import council
from tracker.domain.events import ASSERTED
from tracker.domain.votes import ABSTAIN, NO, YES, Tally
from tracker.extract.context import SentenceContext, clause_of
from tracker.extract.drafts import DraftRecord, day_of, label_for
from tracker.extract.findings import Finding
from tracker.extract.patterns import Trigger


class BallotReading:
    """The vote and ballot readings of ``_ArticleReading`` (see extractor.py)."""

    # --- votes and ballots -----------------------------------------------------------------

    def _vote(self, context: SentenceContext, tally) -> DraftRecord | None:
        clause = clause_of(context.clauses, tally.start)
        mentions = [d for d in context.drafts if not d.plural]
        if context.drafts and not mentions:
            return None  # "every resolution ... was passed unanimously": votes on many drafts
        near = sorted(mentions, key=lambda d: abs(d.start - tally.start))
        record = None
        for mention in near:
            record = self._resolve(mention, (), opening=True, sponsor_role=False, unattributed=True)
            if record is not None:
                break
        record = record or self.salient
        if record is None:
            return None
        day = self.day
        date = self._date(context, Trigger("vote", tally.start, tally.end, ""), clause, ASSERTED)
        if not [d for d in context.dates if clause[0] <= d.start < clause[1]]:
            outcome = self._last_outcome.get(id(record))
            date = outcome.date if outcome is not None else date  # the outcome's sentence said when
        when = day_of(date) or day
        size = council.council_size(when) if when else 15
        if tally.unanimous:
            in_favour, against, abstaining = size, 0, 0
        else:
            in_favour, against, abstaining = tally.in_favour, tally.against, tally.abstaining
        if in_favour is None:
            return record
        prior = self._find("vote", record)
        result = Tally(in_favour, against, abstaining, {})
        if prior is not None:
            if prior.tally and (prior.tally.in_favour, prior.tally.against) == (in_favour, against):
                return record
        self._add(Finding("vote", record, date, ASSERTED, (), *self._quote(context), self.article.path,
                          0.85, tally=result))
        self.salient = record
        return record

    _BALLOT_AFTER = re.compile(
        r"\s*(?:[,–—-]\s*)?(?:(?:which|who)\s+)?(?:both\s+|also\s+|all\s+|each\s+|had\s+|have\s+|has\s+|then\s+|"
        r"instead\s+|themselves\s+)*(?:(?P<vote>voted|voting|vote|votes|cast\s+(?:a\s+|its\s+|their\s+)?"
        r"(?:negative\s+|affirmative\s+)?votes?)\s+(?P<dir>against|no|in\s+favou?r|for|yes)\b|"
        r"(?P<abstain>abstained|abstaining|abstain|abstains)\b)", re.I)
    _BALLOT_BEFORE = re.compile(
        r"(?:(?P<against>against|voting\s+no|negative\s+votes?|no\s+votes?)|(?P<abstain>abstentions?|abstaining|"
        r"abstained)|(?P<favour>in\s+favou?r|for|yes))\s*(?:[:(]|\b(?:from|by|were|was|came\s+from|:)\s*)"
        r"\s*(?:the\s+)?$", re.I)

    def _ballots(self, context: SentenceContext, vote_draft: DraftRecord | None) -> None:
        text = context.sentence.text
        for group in context.groups:
            if self._in_draft_mention(context, group):
                continue
            ballot = None
            after = self._BALLOT_AFTER.match(text, group.end)
            if after:
                if after.group("abstain"):
                    ballot = ABSTAIN
                else:
                    ballot = NO if after.group("dir").lower() in ("against", "no") else YES
            elif re.search(r"\bvotes?,?\s+(?:from|of)\s+(?:the\s+)?$", text[max(0, group.start - 20):group.start]) \
                    and vote_draft is not None:
                ballot = YES  # "received only four votes, from China, ..."
            elif along := re.search(r"\b(?:voted|voting|vote)\s+(?P<dir>in\s+favou?r|for|yes|against|no)\b[^.;]{0,30}?"
                                    r"\b(?:along|together)\s+with\s+(?:the\s+)?$", text[max(0, group.start - 80):group.start]):
                ballot = NO if along.group("dir").lower() in ("against", "no") else YES
            else:
                before = self._BALLOT_BEFORE.search(text[max(0, group.start - 40):group.start])
                if before and (vote_draft is not None or self._find("vote", self.salient) is not None):
                    ballot = NO if before.group("against") else ABSTAIN if before.group("abstain") else YES
            if ballot is None:
                continue
            record = vote_draft or self.salient
            if record is None:
                continue
            for code in group.members:
                self.pending_ballots.append((record, code, ballot, context.sentence))

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

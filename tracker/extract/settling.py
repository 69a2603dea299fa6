"""Settling an article's findings into events: ballots onto their votes, sponsors' support, no position
that restates a step of its sentence, and one finding per claim per article."""

from __future__ import annotations

from dataclasses import replace

from tracker.domain import council
from tracker.domain.events import ASSERTED, HEDGED
from tracker.domain.votes import ABSTAIN, NO, VETOED, YES, outcome
from tracker.extract.counts import complete_tally
from tracker.extract.sentences import Sentence
from tracker.domain.positions import stance_of_ballot, stances_from
from tracker.domain.votes import votes_needed
from tracker.extract.drafts import DraftRecord, day_of
from tracker.extract.findings import CLOSING_TYPES, OUTCOME_TYPES, SPONSOR_TYPES, Finding


class Settling:
    """The bookkeeping of ``_ArticleReading``: adding findings and settling them (see extractor.py)."""

    # --- bookkeeping -----------------------------------------------------------------------

    def _find(self, kind: str, record: DraftRecord | None) -> Finding | None:
        if record is None:
            return None
        return self._latest.get((kind, id(record)))

    def _add(self, finding: Finding) -> None:
        finding.order = len(self.findings)
        finding.headline = self._lines.is_headline(finding.start, finding.end)
        self.findings.append(finding)
        self._latest[(finding.type, id(finding.draft))] = finding
        if finding.type in OUTCOME_TYPES | {"vote"} and not finding.headline:
            self._reported[id(finding.draft)] = self._sentence_no
            if finding.type in OUTCOME_TYPES and finding.date is not None:
                self._last_outcome[id(finding.draft)] = finding

    def _settle(self) -> list[Finding]:
        """Ballots onto votes; then one finding per claim per article."""
        self._settle_headlines()
        self._settle_ballots()
        self._settle_sponsors()
        self.findings = _without_restated_stances(self.findings)
        settled = self._one_per_claim()
        for finding in settled:  # an outcome the tally decided closes its draft too, for later stories
            if finding.type in CLOSING_TYPES and finding.factuality == ASSERTED and finding.draft.closed is None:
                finding.draft.closed = day_of(finding.date) or self.day
        return settled

    def _settle_ballots(self) -> None:
        """Each ballot read onto its draft's vote, whose tally is then completed; without a vote, a ballot
        is the member's stated stance. A "failed" with enough votes in favour was a veto, not a failure."""
        unplaced = []
        present = {id(f) for f in self.findings}  # by identity: equal findings may be distinct claims
        for record, code, ballot, sentence, told in self.pending_ballots:
            vote = told if id(told) in present else self._find("vote", record)
            if vote is not None and vote.tally is not None:
                ballots = dict(vote.tally.ballots)
                ballots.setdefault(code, ballot)
                vote.tally = replace(vote.tally, ballots=ballots)
            else:
                unplaced.append((record, code, ballot, sentence))
        for vote in [f for f in self.findings if f.type == "vote" and f.tally is not None]:
            if not self._complete(vote):
                self.findings.remove(vote)  # no count in favour: the ballots it gathered are stances
                self._latest.pop(("vote", id(vote.draft)), None)
                sentence = Sentence(vote.start, vote.end, vote.quote)
                unplaced += [(vote.draft, code, ballot, sentence) for code, ballot in vote.tally.ballots.items()]
        self._drop_failures_that_were_vetoes()
        for vote in [f for f in self.findings if f.type == "vote"]:
            self._outcome_of(vote)
        for record, code, ballot, sentence in unplaced:
            self._add(Finding("position", record, self.pub, ASSERTED, (code,), " ".join(sentence.text.split()),
                              sentence.start, sentence.end, self.article.path, 0.7, stance=stance_of_ballot(ballot)))

    def _drop_failures_that_were_vetoes(self) -> None:
        """A "failed" was a veto when the story names one, or when enough members voted in favour."""
        for finding in list(self.findings):
            if finding.type != "failed" or finding.factuality != ASSERTED:
                continue
            vote = self._find("vote", finding.draft)
            when = day_of(vote.date) if vote is not None and vote.date else self.day
            if self._find("vetoed", finding.draft) is not None or \
                    vote is not None and vote.tally and when and vote.tally.in_favour >= votes_needed(when):
                self.findings.remove(finding)
                if self._latest.get(("failed", id(finding.draft))) is finding:
                    del self._latest[("failed", id(finding.draft))]

    def _ballot(self, record: DraftRecord, code: str, ballot: str, sentence: Sentence) -> None:
        """A member's ballot on a draft, kept for the vote the story is telling at that point (a later
        vote on the same draft does not take it)."""
        self.pending_ballots.append((record, code, ballot, sentence, self._find("vote", record)))

    def _settle_headlines(self) -> None:
        """A headline sums up the story: what the body also tells is the body's event, with its date
        and its draft, not a second one."""
        told = {(f.type, id(f.draft)) for f in self.findings if not f.headline}
        drafts_in_body = {id(f.draft) for f in self.findings if not f.headline}
        # Only a headline that opened a draft of its own, which the body never names, is dropped: a
        # headline about the body's draft is merged with the body's event (see _one_per_claim).
        titles = [f for f in self.findings if f.headline and not f.draft.sponsors
                  and id(f.draft) not in drafts_in_body
                  and any(kind == f.type for kind, _ in told)]
        for vote in self.findings:  # a vote first told in the headline happened on the body's day
            outcome = self._last_outcome.get(id(vote.draft)) if vote.type == "vote" and vote.headline else None
            if outcome is not None and not outcome.headline:
                vote.date = outcome.date
        if not titles:
            return
        spans = {(f.start, f.end) for f in titles}
        self.findings = [f for f in self.findings if (f.start, f.end) not in spans]
        self.pending_ballots = [p for p in self.pending_ballots if (p[3].start, p[3].end) not in spans]
        for finding in titles:
            if self._latest.get((finding.type, id(finding.draft))) is finding:
                del self._latest[(finding.type, id(finding.draft))]

    def _outcome_of(self, vote: Finding) -> None:
        """The outcome a full tally decides (Article 27), where the story told the vote but not its
        outcome: adopted, failed, or vetoed by the permanent members it names voting against."""
        when = day_of(vote.date) or self.day
        tally = vote.tally
        if when is None or tally.against is None or tally.abstaining is None:
            return
        result = outcome(tally, council.permanent_on(when), when)
        if result is None or any(self._find(kind, vote.draft) is not None for kind in OUTCOME_TYPES):
            return
        members = tuple(code for code, ballot in tally.ballots.items()
                        if ballot == NO and code in council.permanent_on(when)) if result == VETOED else ()
        self._add(Finding(result, vote.draft, vote.date, ASSERTED, members, vote.quote, vote.start, vote.end,
                          vote.article, 0.7))

    def _complete(self, vote: Finding) -> bool:
        """The vote's tally completed from its named ballots and the Council's size that day; False
        when the story never says how many voted in favour."""
        when = day_of(vote.date) or self.day
        size = council.council_size(when) if when else 15
        tally = vote.tally
        if when is not None:  # only members of the Council that day vote in it
            sitting = {m.code for m in council.members_on(when)}
            tally = replace(tally, ballots={code: b for code, b in tally.ballots.items() if code in sitting})
        counts = {side: n for side, n in ((YES, tally.in_favour), (NO, tally.against), (ABSTAIN, tally.abstaining))
                  if n is not None}
        in_favour, against, abstaining = complete_tally(counts, vote.rest, tally.ballots, size)
        vote.tally = replace(tally, in_favour=in_favour, against=against, abstaining=abstaining)
        vote.rest = None
        return in_favour is not None

    def _settle_sponsors(self) -> None:
        """A sponsor supports its own text: every draft the article reports on, by its known sponsors."""
        have = {(f.members, f.draft.id) for f in self.findings if f.type == "position"}
        for finding in list(self.findings):
            if finding.type in SPONSOR_TYPES | OUTCOME_TYPES | {"vote"} \
                    and finding.factuality == ASSERTED \
                    and finding.draft.sponsors and not finding.headline:
                ballots = finding.tally.ballots if finding.tally else {}
                for code in finding.draft.sponsors:
                    if ((code,), finding.draft.id) not in have and code not in ballots:
                        have.add(((code,), finding.draft.id))
                        self._add(Finding("position", finding.draft, finding.date, ASSERTED, (code,), finding.quote,
                                          finding.start, finding.end, self.article.path, 0.6, stance="supports"))

    def _one_per_claim(self) -> list[Finding]:
        """One finding per claim per article, in the article's order."""
        kept: dict[tuple, Finding] = {}
        for finding in self.findings:
            if finding.type == "position":
                key = ("position", finding.draft.id, finding.members, finding.stance)
                # One per stance: the latest in time stands (in the article's order when undated).
                earlier = kept.get(key)
                if earlier is None or _time(finding) >= _time(earlier):
                    kept.pop(key, None)
                    kept[key] = finding
                continue
            key = (finding.type, finding.draft.id, finding.factuality)
            if key in kept:
                first = kept[key]
                first.members = tuple(dict.fromkeys(first.members + finding.members))
                if first.headline and not finding.headline and finding.date is not None:
                    first.date = finding.date  # a headline's event takes the body's date
                if first.date is None or finding.date is not None and finding.date.precision == "day" \
                        and first.date.precision != "day" and str(finding.date).startswith(str(first.date)):
                    first.date = finding.date or first.date
                continue
            kept[key] = finding
        # A hedged claim that the article also reports as done is not a separate claim.
        asserted = {(f.type, f.draft.id) for f in kept.values() if f.factuality == ASSERTED}
        result = [f for f in kept.values() if not (f.factuality == HEDGED and (f.type, f.draft.id) in asserted)]
        result.sort(key=lambda f: (f.start, f.order))
        return result




def _without_restated_stances(findings: list[Finding]) -> list[Finding]:
    """The findings less each position that a step of its own sentence already gives (by the domain's
    stance rule, which the fold applies to the step): a position finding is only a stance stated apart."""
    implied = {(f.start, id(f.draft), member, stance)
               for f in findings if f.type != "position" and f.factuality == ASSERTED
               for member, stance in stances_from(f.to_event())}
    return [f for f in findings if f.type != "position"
            or not all((f.start, id(f.draft), member, f.stance) in implied for member in f.members)]




def _time(finding: Finding) -> str:
    return finding.date.sort_key if finding.date else ""

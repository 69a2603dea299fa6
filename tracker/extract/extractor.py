"""Article in, sourced events out.

For each sentence: find the actors (states and people), the drafts it
mentions, its dates and tally, and the triggers in each clause; decide each
trigger's voice, factuality, actors, draft and date; then keep one event per
claim per article. Drafts are attached through a registry shared by every
article of a run (and, when ingesting, by the drafts already in the
database), so "the Russian draft" in November is the text Russia circulated
in September.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources

from tracker.domain import council
from tracker.domain.dates import PartialDate
from tracker.domain.event_types import names_where
from tracker.domain.events import ARTICLE, ASSERTED, HEDGED, Event, Source
from tracker.domain.positions import stance_of_ballot, stances_from
from tracker.domain.votes import ABSTAIN, NO, YES, Tally, votes_needed
from tracker.extract import patterns
from tracker.extract.actors import find_actors, trie_regex
from tracker.extract.dates import DateMention, find_dates
from tracker.extract.drafts import DraftMention, DraftRecord, Registry, day_of, label_for
from tracker.extract.patterns import ActorGroup, Trigger
from tracker.extract.reader import Article
from tracker.extract.sentences import Sentence, split
from tracker.extract.votes import find_tally

SPONSOR_TYPES = names_where(sponsor_acts=True)
OUTCOME_TYPES = names_where(outcome=True)
CLOSING_TYPES = names_where(closes=True)
STANCE_OF = {"support": "supports", "oppose": "opposes", "conditional": "conditional", "abstain": "abstains"}


@dataclass
class Finding:
    """One event read from one article, with what the JSON output shows of it."""

    type: str
    draft: DraftRecord
    date: PartialDate | None
    factuality: str
    members: tuple[str, ...]
    quote: str
    start: int
    end: int
    article: str
    confidence: float
    stance: str | None = None
    into: DraftRecord | None = None
    tally: Tally | None = None
    order: int = 0  # position in the article
    headline: bool = False  # read from a title line

    def as_json(self) -> dict:
        data = {
            "type": self.type,
            "draft": self.draft.as_json(),
            "date": str(self.date) if self.date else None,
            "members": list(self.members),
            "factuality": self.factuality,
            "confidence": round(self.confidence, 2),
            "evidence": {"article": self.article, "quote": self.quote, "start": self.start, "end": self.end},
        }
        if self.stance:
            data["stance"] = self.stance
        if self.tally is not None:
            data["votes"] = {"for": self.tally.in_favour, "against": self.tally.against,
                             "abstain": self.tally.abstaining, "members": dict(sorted(self.tally.ballots.items()))}
        if self.into is not None:
            data["into"] = self.into.id
        return data

    def to_event(self) -> Event:
        """The domain event this finding records in the log."""
        return Event(
            type=self.type, draft=self.draft.id, date=self.date, factuality=self.factuality,
            source=Source(ARTICLE, self.article, quote=self.quote, start=self.start, end=self.end),
            label=self.draft.label if self.type in SPONSOR_TYPES else None,
            sponsors=self.draft.sponsors if self.type in SPONSOR_TYPES else (),
            members=self.members, stance=self.stance, into=self.into.id if self.into else None,
            votes=self.tally, symbol=self.draft.symbol, resolution=self.draft.resolution,
        )


@functools.cache
def topic_keywords() -> tuple[dict[str, str], re.Pattern]:
    """Each subject word -> its topic tag (tracker/data/topics.csv), and one pattern for them all."""
    with resources.files("tracker.data").joinpath("topics.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    tags: dict[str, str] = {}
    for row in rows:
        for word in (w.strip() for w in row["keywords"].split(";")):
            if word:
                tags.setdefault(word, row["tag"])
    return tags, re.compile(rf"(?<![\w-])(?:{trie_regex(tags)})(?![\w])")


def article_topics(text: str) -> tuple[str | None, frozenset[str]]:
    """The article's main topic tag and every tag it dwells on."""
    tags, pattern = topic_keywords()
    counts = Counter(tags[word] for word in pattern.findall(text))
    if not counts:
        return None, frozenset()
    top = counts.most_common(1)[0][1]
    tags = frozenset(tag for tag, n in counts.items() if n >= max(2, top * 0.3))
    return counts.most_common(1)[0][0], tags or frozenset({counts.most_common(1)[0][0]})


class Extractor:
    """Reads articles in publication order, sharing one registry of drafts."""

    def __init__(self, registry: Registry | None = None):
        self.registry = registry or Registry()

    def extract(self, article: Article) -> list[Finding]:
        return _ArticleReading(article, self.registry).run()


@dataclass
class _Context:
    """What one sentence offers an event: actors, drafts, dates, clauses."""

    sentence: Sentence
    groups: list[ActorGroup]
    drafts: list[DraftMention]
    dates: list[DateMention]
    clauses: list[tuple[int, int]]
    inside_drafts: list[tuple[int, int]] = field(default_factory=list)


class _ArticleReading:
    def __init__(self, article: Article, registry: Registry):
        self.article = article
        self.registry = registry
        self.pub = article.published
        self.day = day_of(article.published)
        self.topic, self.topics = article_topics(article.text)
        self.findings: list[Finding] = []
        # What the steps below ask of the findings so far, kept up to date by _add: an article of
        # thousands of sentences must not rescan every earlier finding (or its whole line) per sentence.
        self._latest: dict[tuple[str, int], Finding] = {}  # (type, id(draft)) -> the latest such finding
        self._last_outcome: dict[int, Finding] = {}  # id(draft) -> its latest dated outcome in the story
        self._reported: set[int] = set()  # id(draft) of drafts with an outcome or a vote in the story
        self._lines = _Lines(article.text)
        self.salient: DraftRecord | None = None
        self.last_agent: tuple[str, ...] = ()
        self.sitting = {m.code for m in council.members_on(self.day)} if self.day else set()
        self.permanent = council.permanent_on(self.day or dt.date.today())
        self.pending_ballots: list[tuple[DraftRecord | None, str, str, Sentence]] = []

    # --- the article -----------------------------------------------------------------------

    def run(self) -> list[Finding]:
        for sentence in split(self.article.text):
            self._read(sentence)
        return self._settle()

    def _read(self, sentence: Sentence) -> None:
        text = sentence.text
        actors = find_actors(text, self.day, offset=sentence.start)
        groups = patterns.group_actors(text, actors, sentence.start)
        drafts = find_draft_mentions(text, groups, self.sitting)
        if not drafts and not _MAY_REPORT.search(text):
            return  # no draft, vote, veto or pronoun: nothing here can be an event or a position
        context = _Context(sentence, groups, drafts, find_dates(text, self.pub), patterns.clauses(text),
                           [(d.start, d.end) for d in drafts])
        triggers = [t for t in patterns.find_triggers(text) if not self._inside_draft(context, t)]
        tally = find_tally(text)
        vote_draft = None
        if tally is not None:
            vote_draft = self._vote(context, tally)
        for trigger in triggers:
            if trigger.type in STANCE_OF:
                self._position(context, trigger, vote_draft)
            else:
                self._event(context, trigger, vote_draft)
        self._ballots(context, vote_draft)
        self._sponsors_named(context)
        for mention in drafts:
            if not mention.pronoun and not mention.plural and (mention.sponsors or mention.symbol or mention.resolution):
                record = self.registry.find(sponsors=mention.sponsors, symbol=mention.symbol,
                                            resolution=mention.resolution, topics=self.topics, day=self.day)
                if record is not None:
                    self.salient = record
        if groups and re.match(r"\s*(?:said|says|told|added|insisted|stressed)\b",
                               text[groups[0].end:groups[0].end + 12]):
            self.last_agent = groups[0].members

    @staticmethod
    def _inside_draft(context: _Context, trigger: Trigger) -> bool:
        return any(s <= trigger.start and trigger.end <= e for s, e in context.inside_drafts)

    # --- events ----------------------------------------------------------------------------

    def _event(self, context: _Context, trigger: Trigger, vote_draft: DraftRecord | None) -> None:
        text = context.sentence.text
        if patterns.is_adjectival(text, trigger):
            return
        kind = trigger.type
        clause = _clause_of(context.clauses, trigger.start)
        passive = patterns.is_passive(text, trigger)
        agents, agent_group = self._agents(context, trigger, clause, passive)
        left_limit = agent_group.end if agent_group is not None and agent_group.end <= trigger.start else clause[0]
        mood = patterns.modality(_unquote(text), clause[0], trigger, left_limit)
        if mood.factuality is None or mood.factuality == "negated":
            return
        if kind == "rejected" and not agents:
            if vote_draft is not None or re.search(r"\bcouncil\b", text[clause[0]:clause[1]], re.I):
                kind = "failed"
            else:
                return
        if mood.factuality == HEDGED:
            # A hedged step is recorded only as a member's own plan or word ("Russia plans to table",
            # "France said it could be included"); a forecast by others ("is expected to be presented",
            # "Russia could veto, diplomats said") is no event.
            speaker = self._speaker(context, clause, trigger)
            intends = bool(_INTENTION.search(text[left_limit:trigger.start]))
            if speaker:
                agents = agents or speaker
            elif not (agents and intends):
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
        self._add(Finding(kind, record, date, mood.factuality, tuple(members), *self._quote(context),
                          self.article.path, confidence))
        self.salient = record
        if mood.factuality == ASSERTED:
            self.registry.touch(record, day=day_of(date) or self.day)
            if kind in CLOSING_TYPES:
                record.closed = day_of(date) or self.day
        # The stances this step gives (sponsors support, rejecters oppose) are the fold's to derive.
        if kind == "vetoed":
            for code in members:
                self.pending_ballots.append((record, code, NO, context.sentence))

    _BY_COUNCIL = re.compile(r"\s*(?:[\w’']+\s+){0,3}?by\s+(?:(?:the\s+)?(?:(?:15|fifteen)[\s-]member\s+)?(?:UN\s+|U\.N\.\s+|"
                             r"United\s+Nations\s+)?(?:Security\s+)?Council\b(?!\s+of)|(?:a\s+)?(?:unanimous\s+)?vote|"
                             r"(?:consensus|acclamation)|\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                             r"twelve|thirteen|fourteen|fifteen)\b|its\s+members|members)", re.I)

    def _adopted_by_council(self, context: _Context, trigger: Trigger, clause, passive: bool) -> bool:
        """'The Council adopted a resolution', 'the text was adopted 15-0': not 'the resolution endorses a plan'
        nor 'a decision adopted by the OPCW's executive council'."""
        text = context.sentence.text
        if passive:
            by = re.match(r"\s*(?:[\w’']+\s+){0,3}?by\s", text[trigger.end:clause[1]])
            return not by or bool(self._BY_COUNCIL.match(text[trigger.end:clause[1]]))
        subject = [d for d in context.drafts if clause[0] <= d.start and d.end <= trigger.start]
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

    # --- votes and ballots -----------------------------------------------------------------

    def _vote(self, context: _Context, tally) -> DraftRecord | None:
        clause = _clause_of(context.clauses, tally.start)
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

    def _ballots(self, context: _Context, vote_draft: DraftRecord | None) -> None:
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

    def _sponsors_named(self, context: _Context) -> None:
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

    # --- positions -------------------------------------------------------------------------

    def _position(self, context: _Context, trigger: Trigger, vote_draft: DraftRecord | None) -> None:
        text = context.sentence.text
        clause = _clause_of(context.clauses, trigger.start)
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
        left_limit = agent_group.end if agent_group is not None and agent_group.end <= trigger.start else clause[0]
        mood = patterns.modality(_unquote(text), clause[0], trigger, left_limit)
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
                r"\b(?:could|might|may|would|ready|prepared)\b", text[left_limit:trigger.start], re.I):
            stance = "conditional"
        mention = self._object(context, trigger, clause, passive)
        if mention is None:
            return
        if mention.pronoun and not mention.text.lower().startswith(("the ", "it", "this", "that")) \
                and stance == "supports":
            own = self.registry.find(sponsors=agents, topics=self.topics, day=self.day)
            record = own or None
        else:
            record = self._resolve(mention, agents if mention.own else (), opening=mention.own,
                                   sponsor_role=mention.own)
        if record is None:
            return
        date = self._date(context, trigger, clause, mood.factuality)
        self._stance(record, agents, stance, context, clause, date, 0.75)

    def _stance(self, record, members, stance, context, clause, date, confidence) -> None:
        for code in members:
            self._add(Finding("position", record, date, ASSERTED, (code,), *self._quote(context),
                              self.article.path, confidence, stance=stance))

    # --- roles ----------------------------------------------------------------------------

    _PREPOSITION = re.compile(r"\b(?:of|with|to|against|on|in|for|from|between|among|at|about|toward|towards|"
                              r"including|like|than|over|into|by|via|and\s+the\s+consent\s+of|under|behind|"
                              r"regarding|as)\s+(?:the\s+)?$", re.I)

    def _agents(self, context: _Context, trigger: Trigger, clause, passive: bool) -> tuple[tuple[str, ...], ActorGroup | None]:
        text = context.sentence.text
        groups = [g for g in context.groups if not self._in_draft_mention(context, g)]
        if trigger.noun:
            inside = [g for g in context.groups if g.start >= trigger.start - 2 and g.end <= trigger.end]
            near = [g for g in context.groups if trigger.start - 4 <= g.end <= trigger.start + 1]
            after = [g for g in context.groups if trigger.end <= g.start <= trigger.end + 6]
            for candidates in (inside, near, after):
                if candidates:
                    return tuple(m for g in candidates for m in g.members), candidates[0]
        if passive:
            by = re.match(r"\s*(?:[\w’']+\s+){0,3}?by\s+(?:the\s+|a\s+|an\s+)?", text[trigger.end:clause[1]])
            if by:
                at = trigger.end + by.end()
                for group in context.groups:
                    if at - 1 <= group.start <= at + 25 and group.start < clause[1]:
                        return group.members, group
            return (), None
        # Active: the nearest actor on the left that is not the object of a preposition.
        for group in sorted((g for g in groups if g.end <= trigger.start), key=lambda g: -g.end):
            if group.start < clause[0] and not self._clause_subject_continues(text, clause):
                break
            before = text[max(0, group.start - 30):group.start]
            if self._PREPOSITION.search(before):
                continue
            between = text[group.end:trigger.start]
            between = re.sub(r"^\s*,\s*(?:which|who)\b[^,;]*,", " ", between)  # "Brazil, which presides, put ..."
            if re.search(r"\b(?:which|who|whom|whose)\b", between) or re.search(r"\bthat\b", between) and not \
                    re.search(r"\b(?:said|says|say|told|added|believes?|thinks?|announced|insisted)\s+(?:\w+\s+)?that\b",
                              between):
                continue
            return group.members, group
        if re.match(r"\s*(?:It|They|He|She)\b", text[clause[0]:]) and self.last_agent:
            return self.last_agent, None
        return (), None

    @staticmethod
    def _clause_subject_continues(text: str, clause) -> bool:
        """A clause that starts with its verb ("but was rejected by") shares the sentence's subject."""
        return bool(re.match(r"\s*(?:but|and|while|then)?\s*(?:was|were|has|have|had|is|are|later|then|also|"
                             r"subsequently|\w+ed)\b", text[clause[0]:clause[1]], re.I))

    def _speaker(self, context: _Context, clause, trigger: Trigger) -> tuple[str, ...]:
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
    def _in_draft_mention(context: _Context, group: ActorGroup) -> bool:
        return any(s <= group.start and group.end <= e for s, e in context.inside_drafts)

    def _object(self, context: _Context, trigger: Trigger, clause, passive: bool) -> DraftMention | None:
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
        if pronoun or trigger.type == "vetoed" and re.search(r"\b(?:council|vote|ballot|veto)\b", text, re.I):
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
                               fresh=kind in ("proposed", "drafting") and (mention.indefinite or not mention.pronoun),
                               unattributed=kind not in ("drafting",))
        return record, kind

    def _resolve(self, mention: DraftMention, agents, *, opening: bool, sponsor_role: bool,
                 fresh: bool = False, unattributed: bool = False) -> DraftRecord | None:
        """The draft a mention means; ``unattributed`` lets an event open a draft whose sponsors are unknown."""
        sponsors = mention.sponsors
        if not sponsors and (mention.own or sponsor_role or mention.rival):
            sponsors = tuple(agents)
        if mention.pronoun or not (sponsors or mention.symbol or mention.resolution):
            if sponsor_role and agents:
                found = self.registry.find(sponsors=tuple(agents), topics=self.topics, day=self.day,
                                           opening=fresh)
                if found is not None or not opening:
                    return found or self.salient
                sponsors = tuple(agents)
            elif self.salient is not None and not (mention.indefinite and unattributed and self._busy(self.salient)):
                return self.salient
            elif unattributed and not mention.text == "it":
                return self.registry.open(sponsors=(), topics=self.topics, topic=self.topic, day=self.day,
                                          label=label_for((), self.topic, {}))
            else:
                return self.salient
        found = self.registry.find(sponsors=sponsors, symbol=mention.symbol, resolution=mention.resolution,
                                   topics=self.topics, day=self.day, opening=fresh)
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
        return self.registry.open(sponsors=sponsors, topics=self.topics, topic=self.topic, day=self.day,
                                  symbol=mention.symbol, resolution=mention.resolution,
                                  label=label_for(sponsors, self.topic, names))

    def _busy(self, record: DraftRecord) -> bool:
        """Whether the article already reported an outcome or a vote for this draft (a headline's
        summary does not count: the story then tells the same event)."""
        return id(record) in self._reported

    @functools.cached_property
    def _mentions_votes(self) -> bool:
        return bool(re.search(r"\bveto|\bvot(?:e|ed|ing)\b", self.article.text, re.I))

    def _date(self, context: _Context, trigger: Trigger, clause, factuality: str) -> PartialDate | None:
        text = context.sentence.text
        asides = [m.span() for m in _ASIDE.finditer(text) if not m.start() <= trigger.start < m.end()]
        in_clause = [d for d in context.dates if clause[0] <= d.start < clause[1]
                     and not any(a <= d.start < b for a, b in asides)]
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
        return self.pub

    def _permanent(self, code: str) -> bool:
        return code in self.permanent

    @staticmethod
    def _quote(context: _Context) -> tuple[str, int, int]:
        sentence = context.sentence
        return " ".join(sentence.text.split()), sentence.start, sentence.end

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
            self._reported.add(id(finding.draft))
            if finding.type in OUTCOME_TYPES and finding.date is not None:
                self._last_outcome[id(finding.draft)] = finding

    def _settle(self) -> list[Finding]:
        """Ballots onto votes; then one finding per claim per article."""
        for record, code, ballot, sentence in self.pending_ballots:
            vote = self._find("vote", record)
            if vote is not None and vote.tally is not None:
                ballots = dict(vote.tally.ballots)
                ballots.setdefault(code, ballot)
                vote.tally = replace(vote.tally, ballots=ballots)
            else:
                self._add(Finding("position", record, self.pub, ASSERTED, (code,), " ".join(sentence.text.split()),
                                  sentence.start, sentence.end, self.article.path, 0.7,
                                  stance=stance_of_ballot(ballot)))
        for finding in list(self.findings):
            if finding.type == "failed" and finding.factuality == ASSERTED:
                vote = self._find("vote", finding.draft)
                when = day_of(vote.date) if vote is not None and vote.date else self.day
                if vote is not None and vote.tally and when and vote.tally.in_favour >= votes_needed(when):
                    self.findings.remove(finding)  # enough votes: it was vetoed, not failed
        # A sponsor supports its own text: every draft the article reports on, by its known sponsors.
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
        self.findings = _without_restated_stances(self.findings)
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


class _Lines:
    """Where the lines of a text break, found once, and which lines read as titles."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [match.start() for match in re.finditer("\n", text)]
        self._titles: dict[tuple[int, int], bool] = {}

    def is_headline(self, start: int, end: int) -> bool:
        """A title line: short, alone on its line, without a full stop."""
        before = bisect.bisect_left(self.breaks, start)
        line_start = self.breaks[before - 1] + 1 if before else 0
        after = bisect.bisect_left(self.breaks, end)
        line_end = self.breaks[after] if after < len(self.breaks) else len(self.text)
        title = self._titles.get((line_start, line_end))
        if title is None:  # each line is looked at once, however many findings it holds
            line = self.text[line_start:line_end].strip()
            title = self._titles[line_start, line_end] = len(line) < 140 and not re.search(r"[.!?\"”]$", line)
        return title and line_start <= start and end <= line_end


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


def _clause_of(clauses: list[tuple[int, int]], at: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= at < end:
            return start, end
    return clauses[-1]


def _unquote(text: str) -> str:
    return re.sub(r"[\"“”‘’«»]", " ", text)


# --- draft mentions ----------------------------------------------------------------------------

# Without a draft mention, a sentence may still report on one through these.
_MAY_REPORT = re.compile(r"\bveto|\bvot(?:e|es|ed|ing)\b|abstain|abstention|unanim|\b(?:it|them)\b|favou?r|"
                         r"against|\d+\s*[-–]\s*\d+|blue|sponsor", re.I)

# Relative clauses and brackets: a date there is not the date of the main clause's event.
_ASIDE = re.compile(r",\s+(?:which|who|whose|that)\b[^,;]*|\([^)]*\)")

_INTENTION = re.compile(r"\b(?:plans?|planned|planning|intends?|intended|intending|aims?|aiming|wants?|wanted|"
                        r"seeks?|sought|seeking|threatens?|threatened|threatening|vow(?:s|ed)?|promis(?:es|ed)|"
                        r"pledg(?:es|ed)|hopes?|hoped|hoping|ready|prepared|preparing|poised|determined|"
                        r"decided|would\s+like|(?:is|are|was|were)\s+(?:going|set)\s+to)\b", re.I)

_HEAD = re.compile(
    r"\b(?:draft(?:[\s-]+(?:UN\s+|U\.N\.\s+|Security\s+Council\s+|council\s+|Council\s+)?(?:resolution|text|"
    r"proposal)s?)?|(?<!peaceful\s)(?<!political\s)(?<!diplomatic\s)resolutions?|texts?|measure|"
    r"S/(?:19|20)\d\d/\d{1,4})\b(?!-)", re.I)
_NOT_A_DRAFT_AFTER = re.compile(r"\s+(?:of|to)\s+(?:the\s+)?(?:conflict|crisis|dispute|issue|problem|question|war|"
                                r"standoff|situation)\b|\s+messages?\b", re.I)
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
_SPONSOR_AFTER = re.compile(
    r"\s*(?:\(\s*S/[\d/]+\s*\)\s*)?,?\s*(?:(?:which|that)\s+(?:was|had\s+been|has\s+been)\s+|was\s+|were\s+)?"
    r"(?:(?:co-?)?(?:drafted|sponsored|authored)|proposed|written|put\s+forward|prepared|circulated|presented|"
    r"submitted|tabled|introduced|penned|crafted|championed|put\s+together|drawn\s+up|from|by)\s+(?:by\s+)?"
    r"(?:the\s+)?$", re.I)


def find_draft_mentions(text: str, groups: list[ActorGroup], sitting: set[str]) -> list[DraftMention]:
    """Noun phrases that name a draft, with what they say of its sponsors and kind (offsets in the sentence)."""
    mentions = []
    for head in _HEAD.finditer(text):
        word = head.group(0)
        lower = word.lower()
        if _NOT_A_DRAFT_AFTER.match(text, head.end()):
            continue
        if lower == "draft" and re.search(r"\b(?:to|will|would|could|can|and)\s+$", text[:head.start()]):
            continue  # the verb: "to draft a text"
        symbol = word if word.startswith("S/") else None
        start, sponsors, flags = _left_modifiers(text, head.start(), groups, sitting)
        end = head.end()
        resolution = None
        number = re.match(r"\s+(\d{2,4})(?:\s*\(\s*(?:19|20)\d\d\s*\))?", text[end:])
        if lower.startswith("resolution") and number:
            resolution = number.group(1)
            end += number.end()
        sym = re.match(r"\s*\(?\s*(?:document\s+|doc\.\s+)?(S/(?:19|20)\d\d/\d{1,4})\s*\)?", text[end:])
        if sym and not symbol:
            symbol = sym.group(1)
            end += sym.end()
        for group in groups:
            if end <= group.start <= end + 45:
                bridge = text[end:group.start]
                if _SPONSOR_AFTER.fullmatch(bridge) and not re.search(r"\bby\s+(?:a|an)\s*$", bridge):
                    sponsors = sponsors or group.members
                    end = group.end
                break
        plural = lower.endswith("s") and not lower.startswith("s/") and lower not in ("texts",) or lower == "texts"
        if re.search(r"\b(?:every|each|all)\s+(?:[\w-]+\s+){0,2}$", text[:head.start()], re.I):
            plural = True  # "every sanctions resolution": many drafts, none in particular
        pronoun = not (sponsors or symbol or resolution or flags.get("own"))
        mentions.append(DraftMention(start, end, text[start:end], tuple(sponsors), symbol, resolution,
                                     own=flags.get("own", False), rival=flags.get("rival", False),
                                     revised=flags.get("revised", False), new=flags.get("new", False),
                                     pronoun=pronoun, plural=plural,
                                     indefinite=bool(re.match(r"(?:a|an|another)\s", text[start:end], re.I))))
    # Overlapping heads ("draft resolution" and "resolution"): keep the longest.
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DraftMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _left_modifiers(text: str, head_start: int, groups: list[ActorGroup], sitting: set[str]):
    """Walk left from a draft noun over its modifiers; return (start, sponsors, flags)."""
    tokens = list(re.finditer(r"[\w’'.\-/]+|,", text[:head_start]))
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
            possessive = re.match(r"(?:'s|’s)", text[group.end:group.end + 2])
            hyphen = _HYPHEN_SPONSOR.search(word)
            names_topic = all(m.text in _country_names() and m.member not in sitting for m in group.mentions)
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

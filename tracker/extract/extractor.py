"""Article in, sourced events out.

For each sentence: find the actors (states and people), the drafts it
mentions, its dates and tally, and the triggers in each clause; decide each
trigger's voice, factuality, actors, draft and date; then keep one event per
claim per article. Drafts are attached through a registry shared by every
article of a run (and, when ingesting, by the drafts already in the
database), so "the Russian draft" in November is the text Russia circulated
in September.

The reading of one article is split by concern: steps.py (events and stated stances), ballots.py
(votes, tallies and ballots), roles.py (actors, objects, drafts and dates), settling.py (findings into
events); mentions.py finds the draft mentions, findings.py holds what is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import re

from tracker.domain import council
from tracker.domain.dates import PartialDate
from tracker.extract import patterns
from tracker.extract.actors import find_actors
from tracker.extract.context import Lines, SentenceContext
from tracker.extract.dates import find_dates
from tracker.extract.drafts import DraftRecord, Registry, day_of
from tracker.extract.findings import STANCE_OF, Finding
from tracker.extract.mentions import find_draft_mentions
from tracker.extract.patterns import Trigger
from tracker.extract.reader import Article
from tracker.extract.sentences import Sentence, split
from tracker.extract.topics import article_topics
from tracker.extract.ballots import BallotReading
from tracker.extract.roles import RoleReading
from tracker.extract.settling import Settling
from tracker.extract.steps import StepReading

__all__ = ["Extractor", "Finding", "article_topics", "find_draft_mentions"]


# A definite draft named with its sponsors ("the first, written by A", "the British draft") that the
# story goes on to tell about.
_INTRODUCES = re.compile(r"(?:the|this)\s", re.I)
_SAID_AFTER = re.compile(r"\s*(?:said|says|told|added|insisted|stressed)\b")
# What a story counts off with "the first", "the second": the last of these it named.
_COUNTED_THINGS = re.compile(r"\b(?:amendments|(?:draft\s+)?resolutions|drafts|texts|proposals)\b", re.I)
_OPENS_WITH_ORDINAL = re.compile(r"\s*(?:the\s+)?(?:first|second|third|fourth|last|other)\b", re.I)
# The resolution a text was adopted as: "adopted resolution 502", "became resolution 1929".
_ADOPTED_AS = re.compile(r"\b(?:adopted|approved|passed|became|becoming|as)\s+(?:[\w.]+\s+){0,2}$", re.I)
# A sentence's subject is named first, after at most a short opener ("Then", "On Monday,", "But").
_SUBJECT_START = re.compile(r"\s*(?:[A-Z][A-Z .,'-]{1,40},\s+\w{3,9}\.?\s+\d{1,2}\s*(?:\([^)]{1,40}\)\s*)?[-–—]+\s*)?"
                            r"(?:[\w’']+,?\s+){0,3}?(?:[Tt]he\s+)?")  # after a dateline (in capitals), if any


class Extractor:
    """Reads articles in publication order, sharing one registry of drafts."""

    def __init__(self, registry: Registry | None = None):
        self.registry = registry or Registry()

    def extract(self, article: Article) -> list[Finding]:
        return _ArticleReading(article, self.registry).run()



class _ArticleReading(StepReading, BallotReading, RoleReading, Settling):
    """One article read sentence by sentence; the findings settled at the end."""

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
        # id(draft) -> the sentence that last told an outcome or a vote of it in the story
        self._reported: dict[int, int] = {}
        self._lines = Lines(article.text)
        self.salient: DraftRecord | None = None
        self.last_agent: tuple[str, ...] = ()
        self.sitting = {m.code for m in council.members_on(self.day)} if self.day else set()
        self.permanent = council.permanent_on(self.day or dt.date.today())
        # (draft, member, ballot, sentence, the draft's vote being told then, if any)
        self.pending_ballots: list[tuple[DraftRecord | None, str, str, Sentence, Finding | None]] = []
        self._sentence_no = 0
        self._vote_day: PartialDate | None = None  # the day the story's vote was told as happening
        self._open_vote: tuple[DraftRecord | None, int] = (None, 0)  # the vote being told, and where
        self._sentence_dates: list = []  # the dates the sentence being read gives
        self.last_subject: tuple[str, ...] = ()  # the members the last sentence opened with
        self._subject: tuple[str, ...] = ()  # and those this one opens with
        self._counting = "draft"  # what "the first", "the second" count: the last plural named
        self._new_drafts: set[int] = set()
        self._opened_here: dict[tuple[int, int], DraftRecord] = {}  # (sentence, mention) -> the draft it opened  # id(draft) of drafts the story opened as "a new draft"

    # --- the article -----------------------------------------------------------------------

    def run(self) -> list[Finding]:
        for sentence in split(self.article.text):
            self._read(sentence)
        return self._settle()

    def _read(self, sentence: Sentence) -> None:
        self._sentence_no += 1
        text = sentence.text
        actors = find_actors(text, self.day, offset=sentence.start)
        groups = patterns.group_actors(text, actors, sentence.start)
        drafts = self._numbered_as_adopted(text, find_draft_mentions(text, groups, self.sitting))
        # "three amendments ... The second, ..., was not adopted": the amendments' fate, not a draft's.
        of_amendments = self._counting == "amendment" and _OPENS_WITH_ORDINAL.match(text)
        if self._counting == "amendment" or "mendment" in text:
            counted = list(_COUNTED_THINGS.finditer(text))
            if counted:
                self._counting = "amendment" if counted[-1].group(0).lower().startswith("amendment") else "draft"
        if of_amendments:
            return
        # "Russia then tried its own approach. Its draft ...": whose "its" the next sentence means.
        self.last_subject, self._subject = self._subject, (
            groups[0].members if groups and _SUBJECT_START.fullmatch(text, 0, groups[0].start)
            and not any(d.start <= groups[0].start < d.end for d in drafts) else ())
        if not drafts and not patterns.MAY_REPORT.search(text):
            return  # no draft, vote, veto or pronoun: nothing here can be an event or a position
        rule = patterns.RULE_SENTENCE.search(text)
        if rule:
            # How the Council decides is no event; a clause before it may be: "The other thirteen
            # abstained, leaving Moscow seven votes shy of the nine any resolution needs."
            cut = max(text.rfind(",", 0, rule.start()), text.rfind(";", 0, rule.start()))
            if cut <= 0:
                return
            sentence = Sentence(sentence.start, sentence.start + cut, text[:cut])
            text = sentence.text
            groups = [g for g in groups if g.end <= cut]
            drafts = [d for d in drafts if d.end <= cut]
        context = SentenceContext(sentence, groups, drafts, find_dates(text, self.pub), patterns.clauses(text),
                           [(d.start, d.end) for d in drafts])
        self._sentence_dates = context.dates
        triggers = [t for t in patterns.find_triggers(text) if not self._inside_draft(context, t)]
        vote_draft = None
        for reading in self._vote_readings(context):
            vote_draft = self._vote(context, reading) or vote_draft
        for trigger in triggers:
            if trigger.type in STANCE_OF:
                self._position(context, trigger, vote_draft)
            else:
                self._event(context, trigger, vote_draft)
        self._ballots(context, vote_draft)
        self._tabled(context)
        self._note_vote_day(context)
        self._sponsors_named(context)
        for mention in drafts:
            if not mention.pronoun and not mention.plural and (mention.sponsors or mention.symbol or mention.resolution):
                record = self.registry.find(sponsors=mention.sponsors, symbol=mention.symbol,
                                            resolution=mention.resolution, topics=self.topics, day=self.day)
                if record is None and (mention.sponsors and _INTRODUCES.match(mention.text) or mention.symbol):
                    # "The first, written by the United States, would have ...", "came back with a shorter
                    # text (S/1997/241)": the story's next "it" is this draft, though nothing has happened
                    # to it yet.
                    record = self._resolve(mention, (), opening=True, sponsor_role=False)
                if record is not None:
                    self.salient = record
        if groups and _SAID_AFTER.match(text, groups[0].end):
            self.last_agent = groups[0].members

    def _numbered_as_adopted(self, text: str, drafts: list) -> list:
        """"Acting on a text submitted by the United Kingdom, the Council adopted resolution 502": the
        number the sponsors' text was adopted as, not another draft."""
        if not any(d.resolution for d in drafts):
            return drafts
        sponsored = [d for d in drafts if d.sponsors and not d.resolution and not d.plural and not d.pronoun]
        numbered = [d for d in drafts if d.resolution and not d.sponsors and not d.symbol
                    and _ADOPTED_AS.search(text, max(0, d.start - 30), d.start)
                    and self.registry.find(resolution=d.resolution) is None]
        if len(sponsored) != 1 or len(numbered) != 1:
            return drafts
        return [replace(d, sponsors=sponsored[0].sponsors) if d is numbered[0] else d for d in drafts]

    @staticmethod
    def _inside_draft(context: SentenceContext, trigger: Trigger) -> bool:
        return any(s <= trigger.start and trigger.end <= e for s, e in context.inside_drafts)

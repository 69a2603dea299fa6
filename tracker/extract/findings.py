"""What extraction reports: one finding per event read from an article, and the event types it groups."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.dates import PartialDate
from tracker.domain.event_types import names_where
from tracker.domain.events import ARTICLE, Event, Source
from tracker.domain.votes import Tally
from tracker.extract.drafts import DraftRecord


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
    rest: str | None = None  # a vote's side that "the remaining members" took, until its tally is settled

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

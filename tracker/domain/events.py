"""Events: what a source says happened to a draft, and where it says so.

Every event names its type, its draft, its date (possibly partial or unknown),
its factuality and its source. Articles and replay scripts both produce these;
nothing else changes a draft.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from tracker.domain.dates import PartialDate
from tracker.domain.event_types import EVENT_TYPES, EventType
from tracker.domain.sources import ARTICLE, MAX_SOURCE_REF, SCRIPT, Source  # noqa: F401  (importable from here too)
from tracker.domain.votes import Tally

STANCES = ("supports", "opposes", "conditional", "abstains", "unknown")

ASSERTED, HEDGED, NEGATED = "asserted", "hedged", "negated"
FACTUALITIES = (ASSERTED, HEDGED, NEGATED)

# The longest values the log keeps (its columns are this wide): a draft's id and the
# drafts an event names, a symbol or resolution, and how many sponsors a draft lists.
MAX_LENGTH = {"draft": 100, "into": 100, "rival": 100, "revision_of": 100, "symbol": 50, "resolution": 50}
MAX_SPONSORS = 50  # as comma-separated codes, 200 characters


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    draft: str
    date: PartialDate | None = None
    source: Source | None = None
    factuality: str = ASSERTED
    label: str | None = None
    sponsors: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # the members who act or speak
    stance: str | None = None
    into: str | None = None  # merges: the draft that absorbs this one
    rival: str | None = None  # competes: the other draft
    revision_of: str | None = None  # a new draft that revises an earlier one
    votes: Tally | None = None
    symbol: str | None = None
    resolution: str | None = None
    id: int | None = field(default=None, compare=False)  # the log's id, once stored
    # Computed once on first use (the event is frozen; see fingerprint and payload_json).
    _fingerprint: str | None = field(default=None, init=False, compare=False, repr=False)
    _payload_json: str | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self):
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.type!r}")
        if self.factuality not in FACTUALITIES:
            raise ValueError(f"unknown factuality {self.factuality!r}")
        if self.stance is not None and self.stance not in STANCES:
            raise ValueError(f"unknown stance {self.stance!r}")

    def stored_as(self, event_id: int) -> Event:
        """This event, given its id in the log (once, before anyone else holds it)."""
        if self.id is not None:
            raise ValueError(f"event already stored as {self.id}")
        object.__setattr__(self, "id", event_id)  # frozen for everyone else; the id is set once, here
        return self

    @property
    def kind(self) -> EventType:
        """This event's row in the table of event types."""
        return EVENT_TYPES[self.type]

    @property
    def trigger(self) -> str:
        return EVENT_TYPES[self.type].trigger

    def payload(self) -> dict:
        """The event's details beyond type, draft, date and factuality."""
        # Built key by key, skipping what is unset: this runs once per event of every replay.
        data = {}
        if self.label is not None:
            data["label"] = self.label
        if self.sponsors:
            data["sponsors"] = list(self.sponsors)
        if self.members:
            data["members"] = list(self.members)
        if self.stance is not None:
            data["stance"] = self.stance
        if self.into is not None:
            data["into"] = self.into
        if self.rival is not None:
            data["rival"] = self.rival
        if self.revision_of is not None:
            data["revision_of"] = self.revision_of
        if self.votes is not None:
            data["votes"] = self.votes.as_dict()
        if self.symbol is not None:
            data["symbol"] = self.symbol
        if self.resolution is not None:
            data["resolution"] = self.resolution
        return data

    @classmethod
    def from_record(cls, *, type, draft, date, factuality, payload, source=None, id=None,
                    fingerprint: str | None = None) -> Event:
        payload = dict(payload or {})
        votes = payload.pop("votes", None)
        event = cls(
            type=type,
            draft=draft,
            date=PartialDate.parse(date),
            factuality=factuality,
            source=source,
            id=id,
            sponsors=tuple(payload.pop("sponsors", ())),
            members=tuple(payload.pop("members", ())),
            votes=Tally.from_dict(votes) if votes else None,
            **payload,
        )
        if fingerprint is not None:
            object.__setattr__(event, "_fingerprint", fingerprint)
        return event

    def fingerprint(self) -> str:
        """Identity of what is claimed, whatever the source: equal claims, equal prints.

        The SHA-256 of ``[type, draft, date, factuality, payload]`` as compact
        JSON with sorted keys (``payload_json`` is that payload's part).
        """
        known = self._fingerprint
        if known is None:
            date = _json_string(self.date.text) if self.date else "null"
            text = (f"[{_json_string(self.type)},{_json_string(self.draft)},{date},"
                    f"{_json_string(self.factuality)},{self.payload_json()}]")
            known = hashlib.sha256(text.encode()).hexdigest()[:32]
            # Frozen, so computed once; the log stores it and hands it back (see ``from_record``).
            object.__setattr__(self, "_fingerprint", known)
        return known

    def payload_json(self) -> str:
        """``payload()`` as compact JSON with sorted keys: what the log stores and the fingerprint hashes."""
        known = self._payload_json
        if known is None:
            known = _compact(self.payload())
            object.__setattr__(self, "_payload_json", known)
        return known


# One encoder for every call: json.dumps with options builds a new one each time.
_COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _compact(value) -> str:
    return _COMPACT.encode(value)


# A JSON string literal, as the encoder above writes it (the fingerprint's fixed head).
_json_string = json.encoder.encode_basestring


def sort_keys(events_of_one_source: list[Event], *, narrative: bool = False) -> list[str]:
    """The log order of a source's events, given in the source's own order.

    Events apply in date order. A full date is exact. A missing date cannot
    be placed on its own, so the event keeps its place after the event
    before it in the source (an undated first event sorts before everything,
    key ``""``). Ties are broken by the order in which events entered the log.

    A partial date (``2015-09``, padded to ``2015-09-00``) depends on the kind
    of source. A script lists events in the order they happened, so a partial
    date never sorts before the event above it: its key is the later of its
    own and the one before. An article (``narrative=True``) tells its news
    first and its background later ("first presented in late September"), so
    a partial date keeps its own key there.
    """
    order = SourceOrder(narrative=narrative)
    return [order.key(event) for event in events_of_one_source]


class SourceOrder:
    """``sort_keys`` one event at a time, for sources too long to hold in memory."""

    __slots__ = ("narrative", "previous")

    def __init__(self, *, narrative: bool = False):
        self.narrative = narrative
        self.previous = ""

    def key(self, event: Event) -> str:
        if event.date is None:
            key = self.previous
        elif self.narrative or event.date.precision == "day":
            key = event.date.sort_key
        else:
            key = max(event.date.sort_key, self.previous)
        self.previous = key
        return key

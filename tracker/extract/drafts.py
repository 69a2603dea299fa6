"""Which draft a mention refers to.

A mention carries what the sentence says of the draft: its sponsors ("the
Russian draft", "Moscow's text", "a French-Spanish text", "drafted by Britain
and France"), its symbol (S/2017/970), the resolution it became ("resolution
2249"), whether it is a revision or a rival. The registry attaches each
mention to a draft it already knows (same symbol or resolution; or same
sponsors, a compatible topic and recent activity) or opens a new one. A
revision keeps its draft; a draft that has been adopted, vetoed, failed or
withdrawn does not take new proposals, so a sponsor's next text is a new draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.dates import PartialDate

UNATTRIBUTED = "UNATTRIBUTED"

# How long a draft stays the natural referent of its sponsors' mentions.
ACTIVE_WINDOW = dt.timedelta(days=200)
# How long after its last news a draft may still be the one its sponsors put forward (again).
PROPOSAL_WINDOW = dt.timedelta(days=60)
# A vote told this many days after the draft's outcome may still be that vote, retold by a later story.
RETOLD_WITHIN = dt.timedelta(days=7)


@dataclass(frozen=True)
class DraftMention:
    start: int
    end: int
    text: str
    sponsors: tuple[str, ...] = ()
    symbol: str | None = None
    resolution: str | None = None
    own: bool = False  # "its own text": the speaker's draft
    rival: bool = False  # "a rival / competing / alternative draft"
    revised: bool = False  # "a revised / amended / updated draft"
    new: bool = False  # "a new draft"
    pronoun: bool = False  # "it", "the text": whatever draft is in focus
    plural: bool = False  # "the two drafts"
    indefinite: bool = False  # "a draft": not necessarily the one in focus
    tabled: bool = False  # its sponsors are named as proposing it: "the text, tabled by A and B"


@dataclass
class DraftRecord:
    id: str
    sponsors: tuple[str, ...]
    topics: frozenset[str] = frozenset()
    symbol: str | None = None
    resolution: str | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    closed: dt.date | None = None  # adopted, vetoed, failed, withdrawn or merged on this day
    label: str | None = None
    seq: int = 0  # order of registration (0: known before extraction began); ties go to the earlier

    def as_json(self) -> dict:
        return {"id": self.id, "sponsors": list(self.sponsors), "symbol": self.symbol, "label": self.label}


class Registry:
    """The drafts known so far, from earlier articles or from the database.

    Indexed by symbol, resolution and sponsor, so that a lookup looks only at
    drafts that could match: a corpus of years of news knows thousands.
    """

    def __init__(self, known: list[DraftRecord] | None = None):
        self.drafts: dict[str, DraftRecord] = {}
        self._order: dict[int, int] = {}  # id(record) -> when it was registered (ties go to the first)
        self._by_symbol: dict[str, DraftRecord] = {}
        self._by_resolution: dict[str, DraftRecord] = {}
        self._by_sponsor: dict[str, dict[int, DraftRecord]] = {}
        # The same, for drafts with no symbol yet: a mention with a symbol can only mean one of those
        # (or the draft of that symbol), however many numbered drafts its sponsor has.
        self._unnumbered_by_sponsor: dict[str, dict[int, DraftRecord]] = {}
        # Records handed out since the last ``take_changes()``: only those can have changed.
        self._handed: dict[int, DraftRecord] = {}
        self._retired: set[str] = set()
        self._numbered: dict[str, int] = {}  # an id's base -> the highest "-n" given to it, so a run of
        # many drafts of one base does not try every earlier number again
        known = sorted(known or [], key=lambda record: (record.seq, record.id))
        self._next_seq = max((record.seq for record in known), default=0) + 1
        for record in known:
            self._add(record)

    def take_changes(self) -> tuple[list[DraftRecord], set[str]]:
        """The records that may have changed since the last call, and the ids given up meanwhile."""
        handed, retired = list(self._handed.values()), self._retired - {r.id for r in self._handed.values()}
        self._handed, self._retired = {}, set()
        return handed, retired

    def _hand(self, record: DraftRecord | None) -> DraftRecord | None:
        if record is not None:
            self._handed[id(record)] = record
        return record

    def _add(self, record: DraftRecord) -> None:
        self.drafts[record.id] = record
        self._order.setdefault(id(record), len(self._order))
        self._index(record)

    def _index(self, record: DraftRecord) -> None:
        for index, value in ((self._by_symbol, record.symbol), (self._by_resolution, record.resolution)):
            held = index.get(value) if value else None
            if value and (held is None or self._order[id(record)] < self._order[id(held)]):
                index[value] = record  # the first registered draft with it, as a scan would find
        for code in record.sponsors:
            self._by_sponsor.setdefault(code, {})[id(record)] = record
            unnumbered = self._unnumbered_by_sponsor.setdefault(code, {})
            if record.symbol:
                unnumbered.pop(id(record), None)
            else:
                unnumbered[id(record)] = record

    def find(self, *, sponsors: tuple[str, ...] = (), symbol: str | None = None, resolution: str | None = None,
             topics: frozenset[str] = frozenset(), day: dt.date | None = None,
             opening: bool = False, voting: bool = False, excluding: DraftRecord | None = None) -> DraftRecord | None:
        """The known draft a mention most likely means, or None."""
        return self._hand(self._find(sponsors=sponsors, symbol=symbol, resolution=resolution, topics=topics,
                                     day=day, opening=opening, voting=voting, excluding=excluding))

    def _find(self, *, sponsors, symbol, resolution, topics, day, opening, voting=False,
              excluding=None) -> DraftRecord | None:
        if symbol and symbol in self._by_symbol:
            return self._by_symbol[symbol]
        if resolution and resolution in self._by_resolution:
            return self._by_resolution[resolution]
        if not sponsors:
            return None
        wanted = set(sponsors)
        # A match shares a sponsor with the mention (one set of sponsors holds the other).
        candidates: dict[int, DraftRecord] = {}
        index = self._unnumbered_by_sponsor if symbol else self._by_sponsor
        for code in wanted:
            candidates.update(index.get(code, {}))
        best, best_key = None, None
        for key_id in sorted(candidates, key=self._order.__getitem__):
            record = candidates[key_id]
            if record is excluding:
                continue
            have = set(record.sponsors)
            if not (wanted <= have or have <= wanted and have):
                continue
            if topics and record.topics and not topics & record.topics:
                continue
            if symbol and record.symbol and record.symbol != symbol:
                continue
            if day is not None and record.last is not None and abs((day - record.last).days) > ACTIVE_WINDOW.days:
                continue
            if opening and record.closed is not None and (day is None or record.closed <= day):
                continue
            if voting and record.closed is not None and day is not None and day - record.closed > RETOLD_WITHIN:
                continue  # a text voted down (or adopted) weeks ago is not put to the vote again
            if opening and day is not None and record.last is not None and day - record.last > PROPOSAL_WINDOW:
                continue  # a text put forward now is not one last heard of months ago
            exact = have == wanted
            key = (exact, record.last or dt.date.min)
            if best_key is None or key > best_key:
                best, best_key = record, key
        return best

    def open(self, *, sponsors: tuple[str, ...], topics: frozenset[str], topic: str | None,
             day: dt.date | None, symbol: str | None = None, resolution: str | None = None,
             label: str | None = None) -> DraftRecord:
        record = DraftRecord(self._new_id(sponsors, topic, day, symbol, resolution), tuple(sponsors), topics,
                             symbol, resolution, day, day, label=label, seq=self._next_seq)
        self._next_seq += 1
        self._add(record)
        return self._hand(record)

    def touch(self, record: DraftRecord, *, day: dt.date | None, symbol: str | None = None,
              resolution: str | None = None, sponsors: tuple[str, ...] = ()) -> None:
        self._hand(record)
        if day is not None:
            record.first = min(record.first or day, day)
            record.last = max(record.last or day, day)
        record.symbol = record.symbol or symbol
        record.resolution = record.resolution or resolution
        for code in sponsors:
            if code not in record.sponsors:
                record.sponsors = (*record.sponsors, code)
        self._index(record)

    def attribute(self, record: DraftRecord, sponsors: tuple[str, ...], topic: str | None) -> None:
        """Sponsors learnt after the draft was opened: give it the id it would have had."""
        self._hand(record)
        if record.sponsors or not sponsors:
            return
        record.sponsors = tuple(sponsors)
        self._index(record)
        if record.id.startswith(UNATTRIBUTED):
            del self.drafts[record.id]
            self._retired.add(record.id)
            record.id = self._new_id(record.sponsors, topic, record.first, record.symbol, record.resolution)
            self.drafts[record.id] = record

    def _new_id(self, sponsors, topic, day, symbol, resolution) -> str:
        parts = ["-".join(sponsors[:3]) if sponsors else UNATTRIBUTED]
        if len(sponsors) > 3:
            parts[0] += "-ETAL"
        if topic:
            parts.append(topic)
        if day is not None:
            parts.append(str(day.year))
        base = "-".join(parts).upper() if not topic else "-".join(parts)
        if base not in self.drafts:
            return base
        n = self._numbered.get(base, 1) + 1
        while f"{base}-{n}" in self.drafts:
            n += 1
        self._numbered[base] = n
        return f"{base}-{n}"


def label_for(sponsors: tuple[str, ...], topic: str | None, names: dict[str, str]) -> str:
    who = "-".join(names.get(code, code) for code in sponsors) or "Unattributed"
    return f"{who} draft" + (f" on {topic}" if topic else "")


def day_of(date: PartialDate | None) -> dt.date | None:
    return date.earliest() if date is not None else None

"""A draft is the fold of its events, in order, through the lifecycle machine.

``fold`` is the single place where events take effect: incremental updates,
``rebuild`` and ``--as-of`` reports all call it, so they cannot disagree.
Each event gets a verdict:

- ``applied``: the machine accepted it (a move, or a recorded step such as a
  position or a proposed merge);
- ``conflict``: the machine refused it in the draft's current state, or its
  tally contradicts its stated outcome; the reason says which;
- ``noted``: hedged or negated, so kept but it moves nothing;
- ``duplicate``: the same claim as an earlier event: the very same record
  replayed, or another source reporting it again (a corroboration, which
  points at the event it repeats). Two sources that report the same step
  with different tallies are a ``conflict`` that names the other source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.domain import council, lifecycle, votes
from tracker.domain.events import ASSERTED, Event
from tracker.domain.positions import stances_from

APPLIED, CONFLICT, NOTED, DUPLICATE = "applied", "conflict", "noted", "duplicate"

# The version of these rules, which a database records (see ``fold_rules``): raise it with every
# change that can give an event another verdict or a draft another state.
from tracker.domain.fold_rules import FOLD_RULES_VERSION  # noqa: E402,F401

MERGED_INTO, REVISION_OF, COMPETES_WITH = "merged_into", "revision_of", "competes_with"
PENDING, DONE, LAPSED = "pending", "done", "lapsed"


@dataclass
class Verdict:
    event: Event
    status: str
    reason: str | None = None
    same_as: int | None = None  # the event a corroborating report repeats

    @property
    def stored(self) -> tuple:
        return self.status, self.reason, self.same_as



@dataclass
class StanceChange:
    member: str
    stance: str
    event: Event


@dataclass
class Link:
    relation: str  # merged_into | revision_of | competes_with
    other: str
    status: str  # pending | done | lapsed
    factuality: str
    event: Event


@dataclass(frozen=True, slots=True)
class Status:
    """What the status report shows of a draft; the fold records it each time it changes."""

    state: str
    label: str | None
    sponsors: tuple[str, ...]
    last_event_type: str | None
    last_event_date: str | None
    symbol: str | None
    resolution: str | None
    pending_merges: tuple[tuple[str, str], ...]  # (into, factuality) of each merge still pending


@dataclass(frozen=True, slots=True)
class StatusChange:
    event: Event  # the draft has had ``status`` since this event (until the next change)
    status: Status


@dataclass
class Draft:
    id: str
    state: str = lifecycle.NEW
    label: str | None = None
    symbol: str | None = None
    resolution: str | None = None
    sponsors: list[str] = field(default_factory=list)
    last_event: Event | None = None
    first_event: Event | None = None  # whatever its verdict: the draft exists in the log from here on
    version: int = 0  # applied events so far
    stance_changes: list[StanceChange] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)  # from its first event on

    def status(self) -> Status:
        last = self.last_event
        return Status(self.state, self.label, tuple(self.sponsors), last.type if last else None,
                      last.date.text if last and last.date else None, self.symbol, self.resolution,
                      tuple((link.other, link.factuality) for link in self.pending_merges()))

    def current_stances(self) -> dict[str, StanceChange]:
        latest: dict[str, StanceChange] = {}
        for change in self.stance_changes:
            latest[change.member] = change
        return latest

    def pending_merges(self) -> list[Link]:
        return [link for link in self.links if link.relation == MERGED_INTO and link.status == PENDING]


def fold(draft_id: str, events: Iterable[Event]) -> tuple[Draft, list[Verdict]]:
    """Apply ``events`` (already in log order) to a new draft; return it and a verdict per event."""
    folding = DraftFold(draft_id)
    verdicts = [folding.step(event) for event in events]
    return folding.draft, verdicts


class DraftFold:
    """A fold in progress: feed it a draft's events in log order, one at a time.

    ``fold`` is this over a list; a long replay keeps one per draft under way,
    so each event is applied as it is read instead of being read back later.
    """

    __slots__ = ("draft", "_reported", "_seen", "_sources")

    def __init__(self, draft_id: str):
        self.draft = Draft(draft_id)
        self._seen: dict[str, Event] = {}
        # Applied or noted events by what they claim, for finding another source's report of one step.
        self._reported: dict[tuple, list[Event]] = {}
        self._sources: set[str] = set()

    def step(self, event: Event) -> Verdict:
        if self.draft.first_event is None:
            self.draft.first_event = event
            self.draft.status_changes.append(StatusChange(event, self.draft.status()))
        print_ = event.fingerprint()
        first = self._seen.get(print_)
        if first is not None:
            other_source = first.source is not None and event.source is not None and first.source.ref != event.source.ref
            return Verdict(event, DUPLICATE, "the same claim is already in the log",
                           same_as=first.id if other_source else None)
        self._seen[print_] = event
        earlier, disagreement = self._reported_before(event)
        if disagreement:
            return Verdict(event, CONFLICT, disagreement)
        if earlier is not None:
            return Verdict(event, DUPLICATE, f"also reported by {_where(earlier)}", same_as=earlier.id)
        verdict = apply(self.draft, event)
        if verdict.status in (APPLIED, NOTED):
            self._reported.setdefault(_claim(event), []).append(event)
            if event.source is not None:
                self._sources.add(event.source.ref)
        return verdict

    def _reported_before(self, event: Event) -> tuple[Event | None, str | None]:
        """The earlier event from another source that reports the same step, or how the two disagree."""
        if event.source is None or not (self._sources - {event.source.ref}):
            return None, None  # no other source has reported anything on this draft
        for earlier in reversed(self._reported.get(_claim(event), ())):
            if earlier.source is None or earlier.source.ref == event.source.ref:
                continue
            if event.type == "position" and (earlier.members, earlier.stance) != (event.members, event.stance):
                continue
            if not (event.kind.once or _dates_agree(earlier, event)):
                continue
            if earlier.votes is not None and event.votes is not None and not _same_counts(earlier.votes, event.votes):
                return None, (f"reports disagree: tally {event.votes} here, {earlier.votes} in {_where(earlier)}")
            return earlier, None
        return None, None


def _claim(event: Event) -> tuple:
    return event.type, event.factuality, event.into, event.rival


def _dates_agree(one: Event, other: Event) -> bool:
    if one.date is None or other.date is None:
        return True
    a, b = str(one.date), str(other.date)
    return a.startswith(b) or b.startswith(a)


def _same_counts(one, other) -> bool:
    pairs = ((one.in_favour, other.in_favour), (one.against, other.against), (one.abstaining, other.abstaining))
    return all(x == y or x is None or y is None for x, y in pairs)


def _where(event: Event) -> str:
    location = event.source.location
    return f"event {event.id} ({location})" if event.id is not None else location


def apply(draft: Draft, event: Event) -> Verdict:
    """Apply one event to ``draft`` in place and return its verdict."""
    trigger = event.trigger
    if event.type in ("adopted", "vetoed", "failed") and draft.state == event.type and event.factuality == ASSERTED \
            and draft.last_event is not None and draft.last_event.type == "vote":
        # "The vote was 13-1-1 ... Russia vetoed it": the outcome the vote already gave, told again.
        return Verdict(event, DUPLICATE, f"the outcome of the vote ({draft.last_event.votes}) already recorded",
                       same_as=draft.last_event.id)
    moves_state = trigger not in lifecycle.INTERNAL_TRIGGERS
    if event.factuality != ASSERTED and (moves_state or event.factuality != "hedged"):
        return Verdict(event, NOTED, f"{event.factuality}: recorded, moves nothing")

    outcome = None
    if event.kind.tallied:
        problem = _vote_problem(event)
        if problem:
            return Verdict(event, CONFLICT, problem)
        outcome = _outcome(event)
        if event.type == "vote" and outcome is None:
            return Verdict(event, CONFLICT, f"tally {event.votes} cannot decide the outcome: say who voted against")
    try:
        draft.state = lifecycle.fire(draft.state, trigger, event, outcome)
    except lifecycle.GuardRefused as refused:
        return Verdict(event, CONFLICT, refused.reason)
    except lifecycle.WrongState as refused:
        return Verdict(event, CONFLICT, f"{event.type} {refused.reason}")

    _record(draft, event)
    return Verdict(event, APPLIED)


def _outcome(event: Event) -> str | None:
    if event.votes is None or event.date is None:
        return None
    day = event.date.earliest()
    return votes.outcome(event.votes, council.permanent_on(day), day)


def _vote_problem(event: Event) -> str | None:
    if event.type == "vote" and event.votes is None:
        return "a vote needs a tally"
    if event.votes is None:
        return None
    if event.type == "vote" and event.date is None:
        return "a vote needs a date to know the Council of the day"
    return votes.consistency_problem(event.votes)


def _record(draft: Draft, event: Event) -> None:
    """The effects of an applied event beyond the state itself."""
    draft.version += 1
    if event.type != "position":  # a stance is not a step of the draft's own history
        draft.last_event = event
    draft.label = event.label or draft.label
    draft.symbol = event.symbol or draft.symbol
    draft.resolution = event.resolution or draft.resolution
    for code in event.sponsors:
        if code not in draft.sponsors:
            draft.sponsors.append(code)
    for member, stance in stances_from(event):
        draft.stance_changes.append(StanceChange(member, stance, event))

    if event.revision_of:
        _link(draft, REVISION_OF, event.revision_of, DONE, event)
    if event.type == "competes":
        _link(draft, COMPETES_WITH, event.rival, DONE, event)
    if event.type == "merge_proposed":
        _link(draft, MERGED_INTO, event.into, PENDING, event)
    if event.type == "merged":
        _link(draft, MERGED_INTO, event.into, DONE, event)
    if draft.state in lifecycle.FINAL:
        for link in draft.pending_merges():
            link.status = LAPSED
    if event.type == "position" and not (event.label or event.symbol or event.resolution or event.sponsors):
        return  # a stance alone changes nothing a status shows (most of a long log's events)
    status = draft.status()
    if status != draft.status_changes[-1].status:
        draft.status_changes.append(StatusChange(event, status))


def _link(draft: Draft, relation: str, other: str, status: str, event: Event) -> None:
    for link in draft.links:
        if link.relation == relation and link.other == other and link.status == PENDING:
            link.status = status
            link.event = event
            if event.factuality == ASSERTED:
                link.factuality = ASSERTED
            return
    draft.links.append(Link(relation, other, status, event.factuality, event))


def status_intervals(draft: Draft, sort_keys: dict[int, str]) -> list[tuple[str, str | None, Status]]:
    """The draft's status over the log: (from key, until key or None, status), one per key at most.

    The status held from a key is the one after every event of that key (a
    report as of a day counts every event of the day), so of several changes
    at one key only the last is kept; each holds until the next one's key.
    """
    kept: list[tuple[str, Status]] = []
    for change in draft.status_changes:
        key = sort_keys[change.event.id]
        if kept and kept[-1][0] == key:
            kept[-1] = (key, change.status)
        else:
            kept.append((key, change.status))
    untils = [key for key, _ in kept[1:]] + [None]
    return [(key, until, status) for (key, status), until in zip(kept, untils)]

"""The event types: one row each, read by the lifecycle, the fold, the stance rule and extraction.

To add an event type, add a row here and the transitions its trigger takes in
``lifecycle.TRANSITIONS``; everything else reads this table.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTS, OPPOSES = "supports", "opposes"
STATED = "stated"  # the event says the stance itself (a position statement)
BALLOTS = "ballots"  # each member's ballot in the event's tally says it


@dataclass(frozen=True, slots=True)
class EventType:
    name: str  # as the log, scripts and extraction name it
    trigger: str  # the lifecycle trigger it fires
    story_rank: int  # on one day, steps apply in the order they must have happened
    creates: bool = False  # may introduce a draft the log has not seen before
    once: bool = False  # a draft takes this step at most once: two reports of it are one event
    sponsor_acts: bool = False  # the draft's sponsors take this step (extraction: the actor is the sponsor)
    members_stance: str | None = None  # the stance the event gives its members (and sponsors, if they act)
    outcome: bool = False  # a stated outcome of a vote
    closes: bool = False  # ends the draft's life

    @property
    def tallied(self) -> bool:
        """Carries a vote's tally, whose ballots give stances."""
        return self.members_stance == BALLOTS


_ROWS = (
    EventType("drafting", "announce", 0, creates=True, once=True, sponsor_acts=True, members_stance=SUPPORTS),
    EventType("proposed", "propose", 1, creates=True, once=True, sponsor_acts=True, members_stance=SUPPORTS),
    EventType("revised", "revise", 2, sponsor_acts=True, members_stance=SUPPORTS),
    EventType("rejected", "reject", 3, members_stance=OPPOSES),
    EventType("merge_proposed", "propose_merge", 4),
    EventType("competes", "compete", 4),
    # Silence procedure: the penholder gives members until a deadline to object; one that
    # "breaks silence" sends the text back to negotiation (that is an objection, not yet a stance).
    EventType("under_silence", "put_under_silence", 5, sponsor_acts=True),
    EventType("silence_broken", "break_silence", 6),
    EventType("in_blue", "put_in_blue", 7, once=True, sponsor_acts=True),
    EventType("position", "state_position", 8, members_stance=STATED),
    EventType("vote", "vote", 9, members_stance=BALLOTS),
    EventType("adopted", "adopt", 10, once=True, members_stance=BALLOTS, outcome=True, closes=True),
    EventType("vetoed", "veto", 10, once=True, members_stance=BALLOTS, outcome=True, closes=True),
    EventType("failed", "fail", 10, once=True, members_stance=BALLOTS, outcome=True, closes=True),
    EventType("merged", "merge", 11, once=True, closes=True),
    EventType("withdrawn", "withdraw", 11, once=True, sponsor_acts=True, closes=True),
)

EVENT_TYPES: dict[str, EventType] = {row.name: row for row in _ROWS}
BY_TRIGGER: dict[str, EventType] = {row.trigger: row for row in _ROWS}


def names_where(**wanted) -> frozenset[str]:
    """The names of the types whose columns have the given values, e.g. ``names_where(closes=True)``."""
    return frozenset(row.name for row in _ROWS if all(getattr(row, k) == v for k, v in wanted.items()))

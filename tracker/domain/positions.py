"""How events turn into members' stances on a draft.

- A sponsor supports its draft (announcing, circulating or revising it).
- Members that reject a draft oppose it.
- A vote gives each member's stance: Y supports, N opposes, A abstains
  (NV, not voting, leaves the stance as it was). A unanimous tally names
  every member of the Council on that day.
- A position statement gives its members' stance.
"""

from __future__ import annotations

from tracker.domain import council
from tracker.domain.event_types import BALLOTS, STATED
from tracker.domain.events import Event
from tracker.domain.votes import ABSTAIN, NO, YES, complete_ballots

STANCE_OF_BALLOT = {YES: "supports", NO: "opposes", ABSTAIN: "abstains"}


def stance_of_ballot(ballot: str) -> str | None:
    """The stance a ballot shows (Y supports, N opposes, A abstains); None for not voting."""
    return STANCE_OF_BALLOT.get(ballot)


def stances_from(event: Event) -> list[tuple[str, str]]:
    """(member, stance) pairs an applied event establishes, in a stable order."""
    rule = event.kind.members_stance
    if rule is None:
        return []
    if rule == STATED:
        return [(code, event.stance) for code in _unique(event.members)] if event.stance else []
    if rule != BALLOTS:
        acting = event.sponsors + event.members if event.kind.sponsor_acts else event.members
        return [(code, rule) for code in _unique(acting)]
    if event.votes is not None:
        sitting = [m.code for m in council.members_on(event.date.earliest())] if event.date else []
        ballots = complete_ballots(event.votes, sitting)
        return [(code, STANCE_OF_BALLOT[b]) for code, b in sorted(ballots.items()) if b in STANCE_OF_BALLOT]
    return []


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(codes))

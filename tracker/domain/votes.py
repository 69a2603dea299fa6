"""A vote's tally and the outcome the Charter gives it.

Article 27: a substantive decision needs nine affirmative votes (seven before
1966, when the Council had eleven members) and no negative vote of a permanent
member. Abstention or absence of a permanent member is not a veto. The outcome
comes from the tally, never from the wording of a source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.domain.council import ENLARGEMENT

YES, NO, ABSTAIN, NOT_VOTING = "Y", "N", "A", "NV"
BALLOTS = (YES, NO, ABSTAIN, NOT_VOTING)

ADOPTED, VETOED, FAILED = "adopted", "vetoed", "failed"


@dataclass(frozen=True)
class Tally:
    in_favour: int
    against: int | None  # None: the source gives only part of the tally ("received four votes")
    abstaining: int | None
    ballots: dict[str, str] = field(default_factory=dict)  # member code -> Y/N/A/NV

    def as_dict(self) -> dict:
        data: dict = {"for": self.in_favour, "against": self.against, "abstain": self.abstaining}
        if self.ballots:
            data["members"] = dict(sorted(self.ballots.items()))
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Tally:
        return cls(data["for"], data["against"], data["abstain"], dict(data.get("members") or {}))

    def __str__(self) -> str:
        return f"{self.in_favour}-{self.against}-{self.abstaining}"


def votes_needed(day: dt.date) -> int:
    return 9 if day >= ENLARGEMENT else 7


def outcome(tally: Tally, permanent: frozenset[str], day: dt.date) -> str | None:
    """adopted, vetoed or failed; None when the tally alone cannot tell.

    It cannot tell when there are enough votes in favour and some against, but
    the source does not say who voted against.
    """
    if tally.in_favour < votes_needed(day):
        return FAILED
    if tally.against == 0:
        return ADOPTED
    against = {code for code, ballot in tally.ballots.items() if ballot == NO}
    if against & permanent:
        return VETOED
    if len(against) == tally.against:
        return ADOPTED
    return None


def consistency_problem(tally: Tally) -> str | None:
    """What is wrong with a tally whose named ballots disagree with its counts."""
    if not tally.ballots:
        return None
    counted = {ballot: 0 for ballot in BALLOTS}
    for ballot in tally.ballots.values():
        counted[ballot] += 1
    for ballot, total, word in (
        (YES, tally.in_favour, "in favour"),
        (NO, tally.against, "against"),
        (ABSTAIN, tally.abstaining, "abstaining"),
    ):
        if total is not None and counted[ballot] > total:
            return f"{counted[ballot]} members named {word} but the tally says {total}"
    return None


def complete_ballots(tally: Tally, council: list[str]) -> dict[str, str]:
    """Each member's ballot where the tally makes it certain (a unanimous vote)."""
    ballots = dict(tally.ballots)
    size = len(council)
    for ballot, total in ((YES, tally.in_favour), (NO, tally.against), (ABSTAIN, tally.abstaining)):
        if size and total == size:
            for code in council:
                ballots.setdefault(code, ballot)
    return ballots

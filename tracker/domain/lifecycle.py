"""The lifecycle of a draft resolution: states, triggers and guards, in transitions' format.

``TRANSITIONS`` is written as a ``transitions.Machine`` takes it, and
transitions draws the diagram from it. To apply an event, the fold does not
run a machine: ``fire`` looks the move up in a table built from the same
list and asks its guards, each of which gives its own reason for a refusal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

NEW = "new"  # named in the log but not yet reported announced or circulated
DRAFTING, PROPOSED, REVISED, REJECTED, IN_BLUE = "drafting", "proposed", "revised", "rejected", "in_blue"
UNDER_SILENCE = "under_silence"
MERGED, ADOPTED, VETOED, FAILED, WITHDRAWN = "merged", "adopted", "vetoed", "failed", "withdrawn"

OPEN = [DRAFTING, PROPOSED, REVISED, REJECTED, UNDER_SILENCE, IN_BLUE]
CIRCULATED = [PROPOSED, REVISED, REJECTED, UNDER_SILENCE, IN_BLUE]
FINAL = [MERGED, ADOPTED, VETOED, FAILED, WITHDRAWN]
STATES = [NEW, *OPEN, *FINAL]

# drafting: announced, text not yet circulated; proposed: circulated;
# revised: a revised text circulated; rejected: refused by key members (not
# final, it can be revised); under_silence: placed under silence procedure (adopted
# as agreed unless a member objects by a deadline); in_blue: final text, ready for a vote. The final
# states: merged into another draft, adopted, vetoed (enough votes but a
# permanent member against), failed (too few votes), withdrawn.


@dataclass(frozen=True, slots=True)
class Check:
    """A guard's answer: whether the move may go ahead and, if not, why (in the log's words)."""

    ok: bool
    reason: str | None = None


PASSES = Check(True)


# Guards. Each is handed the event and the outcome the Charter gives its tally
# (None when the event has no tally or the tally cannot tell), as keywords.
def _tally_says(wanted: str, outcome: str | None) -> Check:
    if outcome == wanted:
        return PASSES
    if outcome is None:
        return Check(False, "the tally decides no outcome")
    return Check(False, f"the tally says {outcome}, not {wanted}")


def tally_says_adopted(event, outcome: str | None = None) -> Check:
    return _tally_says(ADOPTED, outcome)


def tally_says_vetoed(event, outcome: str | None = None) -> Check:
    return _tally_says(VETOED, outcome)


def tally_says_failed(event, outcome: str | None = None) -> Check:
    return _tally_says(FAILED, outcome)


def tally_agrees(event, outcome: str | None = None) -> Check:
    """A stated outcome stands unless its tally gives another one."""
    if outcome is None or outcome == event.type:
        return PASSES
    return Check(False, f"stated outcome {event.type} contradicts the tally {event.votes} ({outcome})")


def names_other_draft(event, outcome: str | None = None) -> Check:
    other = event.into if event.type in ("merged", "merge_proposed") else event.rival
    if other and other != event.draft:
        return PASSES
    return Check(False, f"{event.type} needs another draft to name")


def names_members_and_stance(event, outcome: str | None = None) -> Check:
    if event.members and event.stance is not None:
        return PASSES
    return Check(False, "a position needs members and a stance")


# News reports a draft's life sparsely: a veto may be the first the log hears
# of a text. A later step still says the earlier ones happened, so every step
# after circulation may also come from ``new`` or ``drafting``. What stays
# forbidden is what no report can make sense of: moving out of a final state,
# circulating the same text twice, announcing a text already circulated.
LATER = [NEW, DRAFTING, *CIRCULATED]
UNFINISHED = [NEW, *OPEN]

TRANSITIONS = [
    {"trigger": "announce", "source": NEW, "dest": DRAFTING},
    {"trigger": "propose", "source": [NEW, DRAFTING], "dest": PROPOSED},
    {"trigger": "revise", "source": LATER, "dest": REVISED},
    {"trigger": "reject", "source": LATER, "dest": REJECTED},
    {"trigger": "put_under_silence", "source": [NEW, DRAFTING, PROPOSED, REVISED, REJECTED], "dest": UNDER_SILENCE},
    # Silence broken: the text goes back to negotiation. Reported of a draft the log last saw
    # circulated, it records the objection and leaves the state as it is.
    {"trigger": "break_silence", "source": [NEW, DRAFTING, UNDER_SILENCE], "dest": PROPOSED},
    {"trigger": "break_silence", "source": [PROPOSED, REVISED, REJECTED], "dest": None},
    {"trigger": "put_in_blue", "source": [NEW, DRAFTING, PROPOSED, REVISED, REJECTED, UNDER_SILENCE], "dest": IN_BLUE},
    {"trigger": "propose_merge", "source": UNFINISHED, "dest": None, "conditions": names_other_draft},
    {"trigger": "merge", "source": UNFINISHED, "dest": MERGED, "conditions": names_other_draft},
    {"trigger": "compete", "source": UNFINISHED, "dest": None, "conditions": names_other_draft},
    # Who stood where stays worth recording after the outcome ("France, which sponsored the vetoed text").
    {"trigger": "state_position", "source": STATES, "dest": None, "conditions": names_members_and_stance},
    {"trigger": "vote", "source": LATER, "dest": ADOPTED, "conditions": tally_says_adopted},
    {"trigger": "vote", "source": LATER, "dest": VETOED, "conditions": tally_says_vetoed},
    {"trigger": "vote", "source": LATER, "dest": FAILED, "conditions": tally_says_failed},
    {"trigger": "adopt", "source": LATER, "dest": ADOPTED, "conditions": tally_agrees},
    {"trigger": "veto", "source": LATER, "dest": VETOED, "conditions": tally_agrees},
    {"trigger": "fail", "source": LATER, "dest": FAILED, "conditions": tally_agrees},
    {"trigger": "withdraw", "source": UNFINISHED, "dest": WITHDRAWN},
]

# Moves that record something without changing the state.
INTERNAL_TRIGGERS = frozenset(t["trigger"] for t in TRANSITIONS if t["dest"] is None)

Guard = Callable[..., Check]
# A trigger's candidate moves from one state, in definition order: (destination or None to stay, guards).
Move = tuple[str | None, tuple[Guard, ...]]


def _listed(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _table(transitions: list[dict]) -> dict[tuple[str, str], tuple[Move, ...]]:
    """(state, trigger) -> candidate moves, from the project's own TRANSITIONS.

    Only the keys used above are read; any other transitions feature would be
    ignored here but not by ``transitions``, so it is refused instead.
    """
    table: dict[tuple[str, str], list[Move]] = {}
    for transition in transitions:
        unknown = set(transition) - {"trigger", "source", "dest", "conditions"}
        if unknown:
            raise ValueError(f"the move table does not implement {sorted(unknown)}")
        guards = tuple(_listed(transition.get("conditions", [])))
        for state in _listed(transition["source"]):
            table.setdefault((state, transition["trigger"]), []).append((transition["dest"], guards))
    return {key: tuple(moves) for key, moves in table.items()}


# Why a table and not a transitions model per draft: measured with timeit on
# transitions 0.9.3 (best of 5, on a shared 2-core machine), a fold of a
# 100-event draft costs 31-46 us here (0.3-0.5 us a move), against
# 1,030-1,160 us with one model per fold on a shared Machine (10-12 us a
# move; add_model plus remove_model alone take 90-105 us, 425-490 us once
# 10,000 live folds are attached, as add_model scans the models), about
# 3,500 us when each move is first tested with may_<trigger>, and
# 1,360-1,670 us with a Machine per fold. A replay folds millions of events.
# The table follows transitions' own rule (the first candidate whose guards
# all pass is taken; none from the state is a forbidden move), and
# tests/test_lifecycle.py pins it against a Machine built from the same
# TRANSITIONS, for every state and trigger.
_MOVES = _table(TRANSITIONS)
TRIGGERS = tuple(dict.fromkeys(t["trigger"] for t in TRANSITIONS))
_ALLOWED = {state: sorted({trigger for (source, trigger) in _MOVES if source == state}) for state in STATES}


class ForbiddenMove(Exception):
    """A move the lifecycle refuses; ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class WrongState(ForbiddenMove):
    """The trigger leads nowhere from the draft's state."""

    def __init__(self, state: str):
        self.state = state
        super().__init__(f"not allowed when the draft is {state}")


class GuardRefused(ForbiddenMove):
    """The state allows the trigger but its guards refused this event; ``reason`` is the guard's own."""


def fire(state: str, trigger: str, event, outcome: str | None = None) -> str:
    """The state after ``trigger`` from ``state``; WrongState or GuardRefused if the lifecycle refuses.

    The first candidate move whose guards all pass is taken. When every
    candidate is refused, the reason is the first refusing guard's.
    """
    candidates = _MOVES.get((state, trigger))
    if not candidates:
        if trigger not in TRIGGERS:
            raise ValueError(f"unknown trigger {trigger!r}")
        raise WrongState(state)
    refusal = None
    for dest, guards in candidates:
        for guard in guards:
            check = guard(event, outcome)
            if not check.ok:
                refusal = refusal or check.reason
                break
        else:
            return state if dest is None else dest
    raise GuardRefused(refusal)


def allowed_triggers(state: str) -> list[str]:
    """The triggers the lifecycle accepts from ``state`` (guards aside)."""
    return list(_ALLOWED[state])


def _as_condition(guard: Guard) -> Callable[..., bool]:
    """``guard`` as transitions wants a condition (a plain bool), under the guard's name."""

    @functools.wraps(guard)
    def passes(event, outcome: str | None = None) -> bool:
        return guard(event, outcome).ok

    return passes


def machine_options() -> dict:
    """Keyword arguments for a transitions ``Machine`` of the lifecycle (the diagram; the tests' reference)."""
    transitions = [{**t, "conditions": [_as_condition(g) for g in _listed(t["conditions"])]} if "conditions" in t
                   else t for t in TRANSITIONS]
    return {
        "states": STATES,
        "transitions": transitions,
        "initial": NEW,
        "auto_transitions": False,
        "send_event": False,  # a trigger's keywords (event, outcome) go to the conditions as they are
        "ignore_invalid_triggers": False,
    }


def mermaid(title: str = "Draft resolution lifecycle") -> str:
    """The lifecycle as Mermaid state-diagram text, drawn by transitions itself."""
    from transitions.extensions import GraphMachine

    # Drawing needs a model; the throwaway machine serves as its own.
    graph_machine = GraphMachine(graph_engine="mermaid", title=title, **machine_options())
    return graph_machine.get_graph().draw(None)

"""The lifecycle of a draft resolution: one state machine shared by all drafts.

A single ``transitions.Machine`` holds the states, the triggers and their
guards. No draft owns a machine and none is added to it as a model: to apply
an event, the fold looks up the machine's transitions for the draft's current
state and trigger and evaluates their guards. That keeps the cost of a move
constant however many drafts the log holds (``Machine.add_model`` is linear in
the models already added, and a machine per draft is slow and large).
"""

from __future__ import annotations

import functools

from transitions import Machine

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


# Guards. Each receives transitions' EventData; the fold passes the event and
# the outcome the Charter gives its tally (None when the tally cannot tell).
def _event(data):
    return data.kwargs["event"]


def tally_says_adopted(data) -> bool:
    return data.kwargs.get("outcome") == ADOPTED


def tally_says_vetoed(data) -> bool:
    return data.kwargs.get("outcome") == VETOED


def tally_says_failed(data) -> bool:
    return data.kwargs.get("outcome") == FAILED


def tally_agrees(data) -> bool:
    """A stated outcome stands unless its tally gives another one."""
    found = data.kwargs.get("outcome")
    return found is None or found == _event(data).type


def names_other_draft(data) -> bool:
    event = _event(data)
    other = event.into if event.type in ("merged", "merge_proposed") else event.rival
    return bool(other) and other != event.draft


def names_members_and_stance(data) -> bool:
    event = _event(data)
    return bool(event.members) and event.stance is not None


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


def machine_options() -> dict:
    return {
        "states": STATES,
        "transitions": TRANSITIONS,
        "initial": NEW,
        "auto_transitions": False,
        "send_event": True,
        "ignore_invalid_triggers": False,
    }


@functools.cache
def machine() -> Machine:
    """The one machine definition every draft shares (no models attached)."""
    return Machine(model=None, **machine_options())


class ForbiddenMove(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class _Guarded:
    """What a guard is handed: the trigger's keyword arguments, as on transitions' EventData."""

    __slots__ = ("kwargs",)

    def __init__(self, kwargs: dict):
        self.kwargs = kwargs


@functools.cache
def _moves() -> dict[tuple[str, str], tuple[tuple[str, tuple], ...]]:
    """The machine's transitions as (state, trigger) -> ((dest, ((guard, wanted), ...)), ...).

    Read from the machine itself, in its own order, so the table cannot drift
    from the definition above. Going through ``Event.trigger`` costs about
    9 us a move (model lookup, EventData, callbacks we do not use); a lookup
    here costs well under 1 us, which matters over millions of events.
    """
    table = {}
    for trigger, event in machine().events.items():
        for state, transitions in event.transitions.items():
            table[(state, trigger)] = tuple(
                (t.dest if t.dest is not None else state, tuple((c.func, c.target) for c in t.conditions))
                for t in transitions
            )
    return table


def fire(state: str, trigger: str, **kwargs) -> str:
    """The state after ``trigger`` from ``state``; ForbiddenMove if the machine refuses.

    Same rule as the machine's: the first transition whose guards all pass
    is taken; none defined from ``state`` is a forbidden move.
    """
    candidates = _moves().get((state, trigger))
    if not candidates:
        if trigger not in machine().events:
            raise ValueError(f"unknown trigger {trigger!r}")
        raise ForbiddenMove(f"not allowed when the draft is {state}")
    data = _Guarded(kwargs)
    for dest, guards in candidates:
        for guard, wanted in guards:
            if guard(data) != wanted:
                break
        else:
            return dest
    raise ForbiddenMove("its guard refused it")


def allowed_triggers(state: str) -> list[str]:
    """The triggers the machine accepts from ``state`` (guards aside)."""
    return sorted(machine().get_triggers(state))


def mermaid(title: str = "Draft resolution lifecycle") -> str:
    """The lifecycle as Mermaid state-diagram text, drawn by transitions itself."""
    from transitions.extensions import GraphMachine

    # Drawing needs a model; the throwaway machine serves as its own.
    graph_machine = GraphMachine(graph_engine="mermaid", title=title, **machine_options())
    return graph_machine.get_graph().draw(None)

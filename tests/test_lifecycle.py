"""The draft lifecycle machine: every allowed and every forbidden move.

The expected moves are written out here by hand (``EXPECTED``), from the
lifecycle as the project describes it, and never read back from
``lifecycle.TRANSITIONS``: a test that derives its expectation from the code
under test cannot fail.
"""

from __future__ import annotations

import functools
import itertools

import pytest

from tracker.domain import lifecycle
from tracker.domain.events import Event
from tracker.domain.votes import Tally

# Every trigger of the machine, written out by hand.
TRIGGERS = [
    "announce",
    "propose",
    "revise",
    "reject",
    "put_under_silence",
    "break_silence",
    "put_in_blue",
    "propose_merge",
    "merge",
    "compete",
    "state_position",
    "vote",
    "adopt",
    "veto",
    "fail",
    "withdraw",
]

# The event type that fires each trigger (for the guards, which look at the event).
EVENT_TYPE = {
    "announce": "drafting",
    "propose": "proposed",
    "revise": "revised",
    "reject": "rejected",
    "put_under_silence": "under_silence",
    "break_silence": "silence_broken",
    "put_in_blue": "in_blue",
    "propose_merge": "merge_proposed",
    "merge": "merged",
    "compete": "competes",
    "state_position": "position",
    "vote": "vote",
    "adopt": "adopted",
    "veto": "vetoed",
    "fail": "failed",
    "withdraw": "withdrawn",
}

# Moves that keep the state (they record something on the draft).
STAY = "<same state>"
# The vote's destination is the outcome the Charter gives the tally.
BY_OUTCOME = "<outcome>"

_CIRCULATED_MOVES = {
    "revise": "revised",
    "reject": "rejected",
    "propose_merge": STAY,
    "merge": "merged",
    "compete": STAY,
    "state_position": STAY,
    "vote": BY_OUTCOME,
    "adopt": "adopted",
    "veto": "vetoed",
    "fail": "failed",
    "withdraw": "withdrawn",
}

_BEFORE_BLUE = {"put_under_silence": "under_silence", "put_in_blue": "in_blue"}

# state -> {allowed trigger: destination}; any trigger not listed is forbidden.
EXPECTED: dict[str, dict[str, str]] = {
    # Sparse reports: a later step may be the first the log hears of a draft.
    "new": {"announce": "drafting", "propose": "proposed", **_CIRCULATED_MOVES, **_BEFORE_BLUE,
            "break_silence": "proposed"},
    "drafting": {"propose": "proposed", **_CIRCULATED_MOVES, **_BEFORE_BLUE, "break_silence": "proposed"},
    "proposed": {**_CIRCULATED_MOVES, **_BEFORE_BLUE, "break_silence": STAY},
    "revised": {**_CIRCULATED_MOVES, **_BEFORE_BLUE, "break_silence": STAY},
    "rejected": {**_CIRCULATED_MOVES, **_BEFORE_BLUE, "break_silence": STAY},
    # Under silence: broken, it goes back to negotiation; passed, it is put in blue.
    "under_silence": {**_CIRCULATED_MOVES, "put_in_blue": "in_blue", "break_silence": "proposed"},
    "in_blue": dict(_CIRCULATED_MOVES),  # already in blue: no put_in_blue
    "merged": {"state_position": STAY},
    "adopted": {"state_position": STAY},
    "vetoed": {"state_position": STAY},
    "failed": {"state_position": STAY},
    "withdrawn": {"state_position": STAY},
}

FINAL_STATES = ["merged", "adopted", "vetoed", "failed", "withdrawn"]
OUTCOMES = ["adopted", "vetoed", "failed"]


def event_for(trigger: str, **changes) -> Event:
    """An event that satisfies the guards of ``trigger`` (unless ``changes`` say otherwise)."""
    fields = {"type": EVENT_TYPE[trigger], "draft": "A"}
    if trigger in ("propose_merge", "merge"):
        fields["into"] = "B"
    if trigger == "compete":
        fields["rival"] = "B"
    if trigger == "state_position":
        fields["members"] = ("USA",)
        fields["stance"] = "supports"
    fields.update(changes)
    return Event(**fields)


def kwargs_for(trigger: str, outcome: str | None = None) -> dict:
    """The kwargs the fold would pass: the event, and the outcome for voting triggers."""
    kwargs: dict = {"event": event_for(trigger)}
    if trigger == "vote":
        kwargs["outcome"] = outcome or "adopted"
    elif trigger in ("adopt", "veto", "fail"):
        # The tally agrees with the stated outcome.
        kwargs["outcome"] = outcome or EVENT_TYPE[trigger]
    return kwargs


ALL_PAIRS = list(itertools.product(lifecycle.STATES, TRIGGERS))
ALLOWED = [(s, t) for s, t in ALL_PAIRS if t in EXPECTED[s]]
FORBIDDEN = [(s, t) for s, t in ALL_PAIRS if t not in EXPECTED[s]]


# --- the table itself matches the machine's vocabulary ----------------------


def test_states_are_the_documented_twelve():
    assert set(lifecycle.STATES) == set(EXPECTED)
    assert len(lifecycle.STATES) == 12
    assert lifecycle.NEW == "new"
    assert set(lifecycle.FINAL) == set(FINAL_STATES)


def test_the_lifecycle_has_exactly_the_triggers_of_the_table():
    assert set(lifecycle.TRIGGERS) == set(TRIGGERS)
    assert len(lifecycle.TRIGGERS) == len(TRIGGERS)


def test_the_pairs_cover_every_state_and_trigger():
    assert len(ALL_PAIRS) == 12 * 16
    assert len(ALLOWED) + len(FORBIDDEN) == len(ALL_PAIRS)
    # 16 from new, 15 from drafting, 14 from proposed/revised/rejected, 13 under silence, 11 from in_blue,
    # a position from each final.
    assert len(ALLOWED) == 16 + 15 + 14 * 3 + 13 + 11 + 5


@pytest.mark.parametrize("state", lifecycle.STATES)
def test_allowed_triggers_match_the_table(state):
    assert lifecycle.allowed_triggers(state) == sorted(EXPECTED[state])


# --- every allowed move ------------------------------------------------------


@pytest.mark.parametrize(("state", "trigger"), [p for p in ALLOWED if p[1] != "vote"])
def test_allowed_move_reaches_its_destination(state, trigger):
    expected = EXPECTED[state][trigger]
    if expected == STAY:
        expected = state
    assert lifecycle.fire(state, trigger, **kwargs_for(trigger)) == expected


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize(("state", "trigger"), [p for p in ALLOWED if p[1] == "vote"])
def test_allowed_vote_moves_to_the_tallys_outcome(state, trigger, outcome):
    assert EXPECTED[state][trigger] == BY_OUTCOME
    assert lifecycle.fire(state, trigger, **kwargs_for(trigger, outcome)) == outcome


@pytest.mark.parametrize("trigger", ["adopt", "veto", "fail"])
@pytest.mark.parametrize("state", ["proposed", "revised", "rejected", "in_blue"])
def test_stated_outcome_without_a_decisive_tally_stands(state, trigger):
    kwargs = {"event": event_for(trigger), "outcome": None}
    assert lifecycle.fire(state, trigger, **kwargs) == EVENT_TYPE[trigger]


# --- every forbidden move ----------------------------------------------------


@pytest.mark.parametrize(("state", "trigger"), FORBIDDEN)
def test_forbidden_move_is_refused(state, trigger):
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire(state, trigger, **kwargs_for(trigger))
    # Refused by the state, not by a guard: the kwargs satisfy every guard.
    assert isinstance(refused.value, lifecycle.WrongState)
    assert refused.value.reason == f"not allowed when the draft is {state}"


@pytest.mark.parametrize("state", FINAL_STATES)
def test_final_states_accept_nothing_but_a_recorded_position(state):
    assert lifecycle.allowed_triggers(state) == ["state_position"]
    assert lifecycle.fire(state, "state_position", **kwargs_for("state_position")) == state
    for trigger in TRIGGERS:
        if trigger == "state_position":
            continue
        outcomes = OUTCOMES if trigger == "vote" else [None]
        for outcome in outcomes:
            with pytest.raises(lifecycle.ForbiddenMove):
                lifecycle.fire(state, trigger, **kwargs_for(trigger, outcome))


# --- guards --------------------------------------------------------------------


def assert_guard_refused(refused, reason: str) -> None:
    """Refused by a guard (not by the state), with the guard's own reason."""
    assert isinstance(refused.value, lifecycle.GuardRefused)
    assert not isinstance(refused.value, lifecycle.WrongState)
    assert refused.value.reason == reason


@pytest.mark.parametrize("state", ["drafting", "proposed", "in_blue"])
@pytest.mark.parametrize("trigger", ["merge", "propose_merge"])
def test_merge_without_another_draft_is_refused(state, trigger):
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire(state, trigger, event=event_for(trigger, into=None))
    assert_guard_refused(refused, f"{EVENT_TYPE[trigger]} needs another draft to name")


@pytest.mark.parametrize("trigger", ["merge", "propose_merge"])
def test_merge_into_itself_is_refused(trigger):
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("proposed", trigger, event=event_for(trigger, into="A"))
    assert_guard_refused(refused, f"{EVENT_TYPE[trigger]} needs another draft to name")


def test_compete_without_a_rival_is_refused():
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("proposed", "compete", event=event_for("compete", rival=None))
    assert_guard_refused(refused, "competes needs another draft to name")


def test_compete_with_itself_is_refused():
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("proposed", "compete", event=event_for("compete", rival="A"))
    assert_guard_refused(refused, "competes needs another draft to name")


def test_merge_names_into_not_rival():
    # A merge that names only a rival names no draft to merge into.
    event = event_for("merge", into=None, rival="B")
    with pytest.raises(lifecycle.ForbiddenMove):
        lifecycle.fire("proposed", "merge", event=event)


def test_position_without_members_is_refused():
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("proposed", "state_position", event=event_for("state_position", members=()))
    assert_guard_refused(refused, "a position needs members and a stance")


def test_position_without_stance_is_refused():
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("proposed", "state_position", event=event_for("state_position", stance=None))
    assert_guard_refused(refused, "a position needs members and a stance")


@pytest.mark.parametrize("state", ["proposed", "revised", "rejected", "in_blue"])
def test_vote_with_undecided_outcome_is_refused(state):
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire(state, "vote", event=event_for("vote"), outcome=None)
    assert_guard_refused(refused, "the tally decides no outcome")


def test_vote_without_outcome_kwarg_is_refused():
    with pytest.raises(lifecycle.ForbiddenMove):
        lifecycle.fire("proposed", "vote", event=event_for("vote"))


def test_adopt_with_a_failed_tally_is_refused():
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("proposed", "adopt", event=event_for("adopt", votes=Tally(7, 5, 3)), outcome="failed")
    assert_guard_refused(refused, "stated outcome adopted contradicts the tally 7-5-3 (failed)")


@pytest.mark.parametrize(
    ("trigger", "contradiction"),
    [("adopt", "vetoed"), ("veto", "adopted"), ("veto", "failed"), ("fail", "adopted"), ("fail", "vetoed")],
)
def test_stated_outcome_contradicted_by_the_tally_is_refused(trigger, contradiction):
    with pytest.raises(lifecycle.ForbiddenMove) as refused:
        lifecycle.fire("in_blue", trigger, event=event_for(trigger, votes=Tally(10, 1, 4)), outcome=contradiction)
    stated = EVENT_TYPE[trigger]
    assert_guard_refused(refused, f"stated outcome {stated} contradicts the tally 10-1-4 ({contradiction})")


# --- moves keep nothing between calls ------------------------------------------


def test_fire_keeps_nothing_between_moves():
    """The same move from the same state gives the same answer however many drafts went before."""
    for _ in range(200):
        state = "new"
        for trigger in ("announce", "propose", "revise", "reject", "put_in_blue"):
            state = lifecycle.fire(state, trigger, **kwargs_for(trigger))
        assert state == "in_blue"
        assert lifecycle.fire(state, "state_position", **kwargs_for("state_position")) == "in_blue"
        assert lifecycle.fire(state, "vote", **kwargs_for("vote", "vetoed")) == "vetoed"
        with pytest.raises(lifecycle.WrongState):
            lifecycle.fire("adopted", "revise", **kwargs_for("revise"))


# --- the diagram ---------------------------------------------------------------


def test_mermaid_draws_the_lifecycle():
    text = lifecycle.mermaid()
    assert "stateDiagram-v2" in text
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith("in_blue --> adopted") for line in lines)
    assert any(line.startswith("new --> drafting") and "announce" in line for line in lines)
    # No edge leaves a final state (a recorded position loops back to it).
    for final in FINAL_STATES:
        assert not any(line.startswith(f"{final} -->") and not line.startswith(f"{final} --> {final}")
                       for line in lines)


def test_mermaid_uses_the_title():
    assert "Some title" in lifecycle.mermaid("Some title")


# --- the transitions behaviour the move table relies on ------------------------
#
# ``fire`` does not run a transitions machine (lifecycle.py says why, with the
# cost measured); it follows transitions' rule over the same ``TRANSITIONS``.
# These tests pin that rule against a Machine built from the same definition,
# through transitions' documented API only.


@functools.cache
def _reference_machine():
    from transitions import Machine

    options = lifecycle.machine_options()
    assert options["auto_transitions"] is False and options["ignore_invalid_triggers"] is False
    return Machine(model=None, **options)


class _Model:
    pass


def _through_the_machine(state: str, trigger: str, **kwargs) -> str:
    """The same move made the library's way: a model at ``state`` on the machine, the trigger fired on it."""
    from transitions import MachineError

    machine = _reference_machine()
    model = _Model()
    machine.add_model(model, initial=state)
    try:
        may = getattr(model, f"may_{trigger}")(**kwargs)
        try:
            moved = getattr(model, trigger)(**kwargs)
        except MachineError:
            assert not may
            return "forbidden"
        assert may == moved
        return model.state if moved else "refused"
    finally:
        machine.remove_model(model)


def _through_fire(state: str, trigger: str, **kwargs) -> str:
    try:
        return lifecycle.fire(state, trigger, **kwargs)
    except lifecycle.GuardRefused:
        return "refused"
    except lifecycle.WrongState:
        return "forbidden"


GUARD_INPUTS = [
    ("adopted", {}), ("vetoed", {}), ("failed", {}), (None, {}),
    (None, {"into": None, "rival": None, "members": (), "stance": None}),
    (None, {"into": "A", "rival": "A"}),
]


@pytest.mark.parametrize(("state", "trigger"), ALL_PAIRS)
def test_fire_makes_the_same_move_as_the_machine_itself(state, trigger):
    """Every state, every trigger, guards passing and refusing: the table answers as the library does.

    A move the machine refuses with MachineError is a WrongState; one whose
    conditions all fail is a GuardRefused; otherwise both reach the same state.
    """
    for outcome, changes in GUARD_INPUTS:
        kwargs = {"event": event_for(trigger, **changes), "outcome": outcome}
        assert _through_fire(state, trigger, **kwargs) == _through_the_machine(state, trigger, **kwargs)


@pytest.mark.parametrize("state", lifecycle.STATES)
def test_the_machine_accepts_the_triggers_the_table_accepts(state):
    assert sorted(_reference_machine().get_triggers(state)) == lifecycle.allowed_triggers(state)


def test_the_machine_has_the_table_triggers_and_no_automatic_ones():
    machine = _reference_machine()
    assert set(machine.get_triggers(*lifecycle.STATES)) == set(lifecycle.TRIGGERS)


def test_a_vote_takes_the_first_transition_whose_guard_passes():
    """Three vote transitions share a source; the machine and the table both pick by the tally."""
    for outcome in OUTCOMES:
        kwargs = kwargs_for("vote", outcome)
        assert lifecycle.fire("in_blue", "vote", **kwargs) == outcome
        assert _through_the_machine("in_blue", "vote", **kwargs) == outcome

"""Properties over generated event histories: incremental projections equal a rebuild,
and the order scripts arrive in does not change where drafts end up."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tracker.services import Tracker

TYPES = ["proposed", "revised", "rejected", "in_blue", "vote", "adopted", "withdrawn", "position",
         "merge_proposed", "merged"]
MEMBERS = ["USA", "GBR", "FRA", "RUS", "CHN", "JPN", "BRA"]
_counter = itertools.count()


def _event(kind: str, draft: str, other: str, day: int | None, member: str, favour: int) -> str:
    fields = [f"event: {kind}", f"draft: {draft}"]
    if day is not None:
        fields.append(f"date: 2012-03-{day:02d}")
    if kind in ("proposed",):
        fields.append(f"sponsors: [{member}]")
    if kind in ("rejected", "position"):
        fields.append(f"members: [{member}]")
    if kind == "position":
        fields.append("stance: opposes")
    if kind in ("merge_proposed", "merged"):
        fields.append(f"into: {other}")
    if kind == "vote":
        fields.append(f"votes: {{for: {favour}, against: 0, abstain: {15 - favour}}}")
    return "- {" + ", ".join(fields) + "}"


histories = st.lists(
    st.tuples(st.sampled_from(TYPES), st.integers(0, 1), st.one_of(st.none(), st.integers(1, 28)),
              st.sampled_from(MEMBERS), st.integers(5, 15)),
    min_size=1, max_size=12,
)


def _scripts(history, split: int, tmp_path) -> list:
    prefix = f"P{next(_counter)}"
    drafts = [f"{prefix}-A", f"{prefix}-B"]
    opening = [f"- {{event: proposed, draft: {d}, sponsors: [FRA], date: 2012-03-01}}" for d in drafts]
    body = [_event(kind, drafts[which], drafts[1 - which], day, member, favour)
            for kind, which, day, member, favour in history]
    split = min(split, len(body))
    paths = []
    for index, chunk in enumerate((opening, body[:split], body[split:])):
        chunk = list(dict.fromkeys(chunk))  # within one script the same event twice is an input error
        path = tmp_path / f"{prefix}-{index}.yaml"
        path.write_text("\n".join(chunk) + "\n" if chunk else "[]\n")
        paths.append(path)
    return paths


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories, split=st.integers(0, 14))
def test_incremental_projections_equal_a_rebuild(tmp_path, dump, history, split):
    tracker = Tracker(f"sqlite:///{tmp_path / 'prop.db'}")
    tracker.init()
    for path in _scripts(history, split, tmp_path):
        tracker.replay([path])
    incremental = dump(tracker)
    tracker.rebuild()
    assert dump(tracker) == incremental


def _distinct_days(history):
    """The same history with every event on a day of its own (2 to 29)."""
    return [(kind, which, index + 2, member, favour) for index, (kind, which, _, member, favour) in enumerate(history)]


@pytest.mark.slow
@settings(max_examples=20, deadline=None, phases=[Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories, split=st.integers(0, 14))
def test_script_arrival_order_does_not_change_the_outcome(tmp_path, history, split):
    # Events on the same day keep the order they entered the log in, so only
    # a history without ties is independent of the order scripts arrive in.
    opening, first, second = _scripts(_distinct_days(history), split, tmp_path)
    results = []
    for name, order in (("ab", [opening, first, second]), ("ba", [opening, second, first])):
        tracker = Tracker(f"sqlite:///{tmp_path / f'{first.stem}-{name}.db'}")
        tracker.init()
        for path in order:
            tracker.replay([path])
        results.append(([(r.id, r.state) for r in tracker.status()],
                        [(r.draft, r.member, r.stance) for r in tracker.positions()]))
        tracker.engine.dispose()
    assert results[0] == results[1]

"""Reports as of a day read what the fold keeps (the status history, each stance until the next): they equal
folding the log up to the day."""

from __future__ import annotations

import pytest

from benchmarks.generate import write_script
from tests.support.paths import SCENARIO, SEEDS
from tracker.domain.drafts import fold
from tracker.store import db, repository
from tracker.usecases.rows import PendingMerge, StatusRow


def folded_status(tracker, day: str) -> list[StatusRow]:
    """The status as of ``day`` the slow way: every draft's events up to the day, folded."""
    rows = []
    with tracker.engine.connect() as conn:
        for draft_id, items in sorted(repository.events_by_draft(conn, until_key=day).items()):
            draft, _ = fold(draft_id, [event for event, *_ in items])
            last = draft.last_event
            rows.append(StatusRow(draft.id, draft.label, tuple(draft.sponsors), draft.state,
                                  last.type if last else None, str(last.date) if last and last.date else None,
                                  tuple(PendingMerge(link.other, link.factuality) for link in draft.pending_merges()),
                                  draft.resolution, draft.symbol))
    return rows


def days_of(tracker) -> list[str]:
    """Every day an event of the log falls on, the day before each, and days before and after them all."""
    with tracker.engine.connect() as conn:
        keys = sorted({event.date.earliest().isoformat() for items in repository.events_by_draft(conn).values()
                       for event, *_ in items if event.date})
    import datetime as dt

    before = [(dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat() for day in keys]
    return sorted(set(keys + before + ["1900-01-01", "2100-01-01"]))


def assert_as_of_equals_the_fold(tracker, days) -> None:
    for day in days:
        assert tracker.status(as_of=day) == folded_status(tracker, day), day


@pytest.fixture
def generated(tracker, tmp_path):
    """Generated drafts (merges, votes, forbidden moves) and the seed scenario, replayed and ingested."""
    script = tmp_path / "generated.jsonl"
    write_script(script, drafts=25, events_per_draft=12, seed=8)
    tracker.replay([str(script)])
    tracker.replay([SCENARIO])
    tracker.ingest([SEEDS])
    return tracker


def test_status_as_of_every_day_equals_the_fold(generated):
    days = days_of(generated)
    assert len(days) > 100
    assert_as_of_equals_the_fold(generated, days)
    assert generated.status(as_of="2100-01-01") == generated.status()


def test_a_draft_refolded_from_the_log_keeps_its_history(tracker, write_script):
    # The second script puts an event before the ones stored: the draft is refolded from the log.
    tracker.replay([SCENARIO])
    script = write_script("- event: drafting\n  draft: RU-ISIL-2015\n  date: 2015-09-01\n  label: An early text\n"
                          "  sponsors: [RUS]\n", name="early.yaml")
    tracker.replay([script])
    assert tracker.status(as_of="2015-09-15")[0].state == "drafting"
    assert_as_of_equals_the_fold(tracker, ["2015-08-31", "2015-09-01", "2015-09-30", "2015-11-18", "2015-11-20"])


def test_rebuild_writes_the_same_history(generated, dump):
    before = dump(generated)
    generated.rebuild()
    assert dump(generated) == before


def test_the_upgrade_fills_the_history_of_the_drafts_already_in_the_log(generated, dump):
    before = dump(generated)
    assert before["status_history"]
    db.downgrade(generated.engine, "0006")
    db.upgrade(generated.engine)
    assert dump(generated) == before
    assert_as_of_equals_the_fold(generated, days_of(generated)[::7])


def folded_stances(tracker, day: str) -> dict[tuple[str, str], tuple]:
    """Each member's stance on each draft as of ``day``, the slow way: the events up to the day, folded."""
    stances = {}
    with tracker.engine.connect() as conn:
        for draft_id, items in repository.events_by_draft(conn, until_key=day).items():
            draft, _ = fold(draft_id, [event for event, *_ in items])
            for member, change in draft.current_stances().items():
                event = change.event
                stances[draft_id, member] = (change.stance, str(event.date) if event.date else None, event.source)
    return stances


def test_positions_as_of_every_day_equal_the_fold(generated):
    for day in days_of(generated)[::3]:
        known = {(row.draft, row.member): (row.stance, row.since, row.source)
                 for row in generated.positions(as_of=day) if row.source is not None}
        assert known == folded_stances(generated, day), day

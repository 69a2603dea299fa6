"""Faults: concurrent writers, killed runs, failures partway through an article or a script.

Each test ends where a clean run ends. Databases are compared by content:
event ids are replaced by what identifies an event (its source and
fingerprint), because a rolled-back transaction on PostgreSQL keeps the ids it
took from the sequence, and concurrent writers commit in any order.

Sizes: ``pytest --full`` runs more articles, more concurrent rounds and more
kill points (see ``size`` in conftest.py).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from benchmarks import generate
from tests.support.commands import finish, run, start
from tests.support.paths import SCENARIO, SEEDS
from tests.support.sizes import full_size
from tracker.domain.event_types import names_where
from tracker.services import Tracker
from tracker.store import repository
from tracker.store.models import Base

# --- inputs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(request, tmp_path_factory) -> Path:
    """The seed articles (with their manifest) and generated ones, in two folders."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "seeds").mkdir()
    for path in SEEDS.iterdir():
        if path.suffix == ".txt" or path.name == "articles.yaml":
            shutil.copy(path, folder / "seeds" / path.name)
    count = 400 if full_size(request.config) else 60
    generate.write_articles(folder / "generated", count=count, drafts=count // 5, seed=11)
    return folder


@pytest.fixture(scope="module")
def long_script(request, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("script") / "long.jsonl"
    drafts = 400 if full_size(request.config) else 150
    generate.write_script(path, drafts=drafts, events_per_draft=20, seed=3)
    return path


def article_files(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


# --- comparing databases ---------------------------------------------------------------

EVENT_REFERENCES = {"verdicts": ("event_id", "same_as"), "retractions": ("event_id",),
                    "drafts": ("last_event_id",), "positions": ("event_id",), "lineage": ("event_id",)}


def content(url: str) -> dict[str, list]:
    """Every table, with event ids replaced by (source kind, source, fingerprint, occurrence), in reasons too."""
    tracker = Tracker(url)
    try:
        with tracker.engine.connect() as conn:
            dump = repository.table_dump(conn)
    finally:
        tracker.engine.dispose()
    names = {table.name: [c.name for c in table.columns if not (table.name in ("positions", "lineage")
                                                                 and c.name == "id")]
             for table in Base.metadata.sorted_tables}
    events = names["events"]
    natural = {row[events.index("id")]: tuple(row[events.index(c)] for c in
                                               ("source_kind", "source_ref", "fingerprint", "occurrence"))
               for row in dump["events"]}
    result = {}
    for table, rows in dump.items():
        columns = names[table]
        replaced = [columns.index(c) for c in EVENT_REFERENCES.get(table, ())]
        drop = columns.index("id") if table == "events" else None
        reason = columns.index("reason") if table == "verdicts" else None
        canonical = []
        for row in rows:
            row = [natural.get(value, value) if i in replaced else value for i, value in enumerate(row)]
            if reason is not None and row[reason]:  # "also reported by event 12 (...)"
                row[reason] = re.sub(r"event (\d+)", lambda m: f"event {natural.get(int(m.group(1)))}", row[reason])
            if drop is not None:
                del row[drop]
            canonical.append(tuple(row))
        result[table] = sorted(canonical, key=repr)
    return result


def assert_projections_equal_a_rebuild(url: str) -> None:
    before = content(url)
    tracker = Tracker(url)
    try:
        tracker.rebuild()
    finally:
        tracker.engine.dispose()
    assert content(url) == before


def assert_each_event_once(url: str) -> None:
    tracker = Tracker(url)
    try:
        with tracker.engine.connect() as conn:
            rows = repository.table_dump(conn)["events"]
    finally:
        tracker.engine.dispose()
    columns = [c.name for c in Base.metadata.tables["events"].columns]
    keys = [tuple(row[columns.index(c)] for c in ("source_kind", "source_ref", "fingerprint", "occurrence"))
            for row in rows]
    assert len(keys) == len(set(keys))


# --- concurrency -------------------------------------------------------------------------


def overlapping_sets(files: list, count: int, rng: random.Random) -> list[list]:
    """``count`` sets of about 60% of the files each, in shuffled order, together holding them all."""
    sets = [rng.sample(files, k=max(1, len(files) * 3 // 5)) for _ in range(count)]
    missing = set(files).difference(*sets)
    sets[0].extend(sorted(missing))
    return sets


@pytest.mark.slow
def test_four_concurrent_ingests_store_each_event_once(database_url, another_database, corpus, tmp_path, size):
    """Four `tracker ingest` processes on one new database, over overlapping sets of articles."""
    clean = another_database()
    # The runs below are given files, this one the folder: --root names the articles alike.
    run(clean, "ingest", "--root", str(corpus), str(corpus), cwd=corpus)
    expected = content(clean)
    events_at = [c.name for c in Base.metadata.tables["articles"].columns].index("events")
    assert sum(row[events_at] for row in expected["articles"]) == len(expected["events"])
    rng = random.Random(4)
    for round_ in range(size(1, 5)):
        url = database_url if round_ == 0 else another_database()
        sets = overlapping_sets(article_files(corpus), 4, rng)
        processes = [start(url, "ingest", "--root", str(corpus), *map(str, paths), cwd=corpus) for paths in sets]
        for process in processes:
            finish(process)  # exit 0, no "database is locked", no traceback
        assert_each_event_once(url)
        assert_projections_equal_a_rebuild(url)
        # Every article is stored once, with exactly the events it counts. (Which
        # draft an event is attached to may differ from a single run: the runs
        # read the articles in another order, and earlier news sets up the drafts.)
        got = content(url)
        assert [row[:2] for row in got["articles"]] == [row[:2] for row in expected["articles"]]
        assert sum(row[events_at] for row in got["articles"]) == len(got["events"])


def split_script(script: Path, folder: Path, parts: int) -> list[Path]:
    """``parts`` scripts, each with every event of two groups of drafts: each draft is in two scripts.

    Every script also introduces every draft (its first event), since events
    name other drafts (rivals, merges) and a script may be replayed first.
    Only events with a full date are kept: an undated event takes its place
    from the event before it in its own script, so its two copies would stand
    in different places, and which one counts would follow the commit order.
    """
    lines = [line for line in script.read_text(encoding="utf-8").splitlines()
             if len(json.loads(line).get("date") or "") == len("YYYY-MM-DD")]
    records = [json.loads(line) for line in lines]
    drafts = sorted({record["draft"] for record in records})
    group = {draft: index % parts for index, draft in enumerate(drafts)}
    paths = []
    for part in range(parts):
        path = folder / f"part-{part}.jsonl"
        wanted = {part, (part + 1) % parts}
        path.write_text("".join(line + "\n" for line, record in zip(lines, records)
                                if group[record["draft"]] in wanted or record["event"] in names_where(creates=True)),
                        encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_concurrent_replays_of_the_same_drafts_serialise(database_url, another_database, long_script, tmp_path):
    """Four replays at once, each draft in two of them: the same drafts, positions and events as one after another."""
    scripts = split_script(long_script, tmp_path, 4)
    clean = another_database()
    for script in scripts:
        run(clean, "replay", str(script), cwd=tmp_path)
    run(database_url, "init", cwd=tmp_path)
    processes = [start(database_url, "replay", str(script), cwd=tmp_path) for script in reversed(scripts)]
    for process in processes:
        finish(process)
    assert_each_event_once(database_url)
    assert_projections_equal_a_rebuild(database_url)
    got, expected = content(database_url), content(clean)
    # Each event is in two scripts: which copy the log holds first (and so which
    # one is the applied one and which corroborates it) follows the commit order.
    for table in ("countries", "council_seats"):
        assert got[table] == expected[table]
    assert len(got["events"]) == len(expected["events"])
    assert _reports(database_url) == _reports(clean)


def _reports(url: str) -> tuple:
    """What a reader sees, without which script said it first: states, stances, events per draft."""
    tracker = Tracker(url)
    try:
        status = [row.as_dict() for row in tracker.status()]
        stances = sorted((r.draft, r.member, r.stance, r.since) for r in tracker.positions())
        events = sorted((e.draft, e.type, str(e.date), json.dumps(e.details, sort_keys=True),
                         e.factuality) for e in tracker.events() if e.status != "duplicate")
    finally:
        tracker.engine.dispose()
    return status, stances, events


# --- killed runs -------------------------------------------------------------------------------


def _kill_and_rerun(url: str, args: tuple[str, ...], cwd: Path, delay: float) -> None:
    process = start(url, *args, cwd=cwd)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    run(url, *args, cwd=cwd)


@pytest.mark.slow
@pytest.mark.parametrize("job", ["ingest", "replay"])
def test_a_killed_run_run_again_equals_one_clean_run(job, database_url, another_database, corpus, long_script,
                                                     tmp_path, size):
    args = ("ingest", str(corpus)) if job == "ingest" else ("replay", str(long_script))
    clean = another_database()
    run(clean, "init", cwd=tmp_path)  # the clean run is timed without the migrations, as are the killed ones
    began = time.monotonic()
    run(clean, *args, cwd=tmp_path)
    duration = time.monotonic() - began
    expected = content(clean)
    rng = random.Random(job)
    kills = size(3, 20)
    for kill in range(kills):
        url = database_url if kill == 0 else another_database()
        run(url, "init", cwd=tmp_path)
        # Start-up takes part of the run (imports, reading the inputs): kill anywhere in it.
        _kill_and_rerun(url, args, tmp_path, rng.uniform(0.05, duration))
        assert content(url) == expected, f"kill {kill}"
    assert_projections_equal_a_rebuild(database_url)


@pytest.mark.slow
def test_an_ingest_killed_twice_then_finished_equals_one_clean_run(database_url, another_database, corpus,
                                                                    tmp_path):
    clean = another_database()
    run(clean, "ingest", str(corpus), cwd=tmp_path)
    run(database_url, "init", cwd=tmp_path)
    for delay in (0.8, 1.2):
        process = start(database_url, "ingest", str(corpus), cwd=tmp_path)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
    run(database_url, "ingest", str(corpus), cwd=tmp_path)
    assert content(database_url) == content(clean)


# --- failures injected partway ------------------------------------------------------------------


class Injected(Exception):
    """A failure the test causes on purpose (a full disk, a lost connection)."""


def fail_on_call(monkeypatch, module, name: str, call: int) -> None:
    """Make ``module.name`` raise Injected on its ``call``-th call (from 1)."""
    original = getattr(module, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise Injected(f"{name} call {call}")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


@pytest.mark.parametrize("where, call", [("insert_rows", 2), ("insert_rows", 5), ("replace_projections", 1)])
def test_a_failure_partway_through_a_script_leaves_no_trace(tracker, long_script, dump, monkeypatch, where, call):
    tracker.replay([SCENARIO])
    before = dump(tracker)
    fail_on_call(monkeypatch, repository, where, call)
    with pytest.raises(Injected):
        tracker.replay([long_script], batch_size=500)
    assert dump(tracker) == before
    monkeypatch.undo()
    tracker.replay([long_script], batch_size=500)  # and it goes in whole once the fault is gone
    assert dump(tracker) != before


@pytest.mark.parametrize("where", ["insert_rows", "set_verdicts", "replace_projections"])
def test_a_failure_while_a_script_refolds_known_drafts_leaves_no_trace(tracker, long_script, tmp_path, dump,
                                                                      monkeypatch, where):
    """The second script adds events to drafts the log holds: they are refolded once it is in."""
    tracker.replay([long_script])
    [second, *_] = split_script(long_script, tmp_path, 4)
    before = dump(tracker)
    fail_on_call(monkeypatch, repository, where, 1)
    with pytest.raises(Injected):
        tracker.replay([second])
    assert dump(tracker) == before
    monkeypatch.undo()
    tracker.replay([second])
    assert dump(tracker) != before


@pytest.mark.parametrize("where", ["append_events", "save_article", "replace_projections"])
def test_a_failure_partway_through_an_article_leaves_no_trace_of_it(tracker, corpus, another_database, dump,
                                                                    monkeypatch, where):
    files = article_files(corpus)[:12]
    tracker.ingest(files[:5])
    before = dump(tracker)
    fail_on_call(monkeypatch, repository, where, 1)
    with pytest.raises(Injected):
        tracker.ingest(files[5:])
    assert dump(tracker) == before  # the sixth article failed after its events were written: none stay
    monkeypatch.undo()
    tracker.ingest(files[5:])
    clean = Tracker(another_database())
    try:
        clean.ingest(files[:5])
        clean.ingest(files[5:])
        assert content(_url_of(tracker)) == content(_url_of(clean))
    finally:
        clean.engine.dispose()


def _url_of(tracker: Tracker) -> str:
    return tracker.engine.url.render_as_string(hide_password=False)


@pytest.mark.slow
def test_a_writer_waits_for_another_to_finish(database_url, corpus, tmp_path):
    """A second writer queues behind one that holds the write lock, and then goes in."""
    from tracker.store.unit_of_work import UnitOfWork

    run(database_url, "init", cwd=tmp_path)
    holder = Tracker(database_url)
    try:
        with UnitOfWork(holder.engine):  # holds the writer's lock until the block ends
            process = start(database_url, "ingest", str(corpus / "seeds"), cwd=tmp_path)
            time.sleep(3)
            assert process.poll() is None  # still waiting
        out, _ = finish(process)
    finally:
        holder.engine.dispose()
    assert "5 added" in out


@pytest.mark.slow
@pytest.mark.parametrize("presses", [1, 2], ids=["once", "twice"])
def test_ctrl_c_stops_a_run_without_a_traceback_and_a_rerun_completes_it(database_url, another_database, corpus,
                                                                        tmp_path, presses):
    """Ctrl-C (pressed again while the run cleans up) ends it with "Aborted!" and exit 1, every time."""
    clean = another_database()
    run(clean, "ingest", str(corpus), cwd=tmp_path)
    run(database_url, "init", cwd=tmp_path)
    # Each commit waits: the run is still writing articles whenever the signal lands (a quick run could
    # otherwise end first, or be shutting down, and exit 0 or die by the signal).
    process = start(database_url, "ingest", str(corpus), cwd=tmp_path, pause_before_commit=0.05)
    seen = ""
    while "Ingesting" not in seen:  # the progress bar is up: articles are being written
        char = process.stderr.read(1)
        assert char, seen  # it ended before
        seen += char
    for _ in range(presses):
        process.send_signal(signal.SIGINT)
        time.sleep(0.01)  # the second press lands while the first one's rollback runs
    _, err = process.communicate(timeout=60)
    err = seen + err
    assert process.returncode == 1 and "Traceback" not in err and "Aborted!" in err, err
    run(database_url, "ingest", str(corpus), cwd=tmp_path)
    assert content(database_url) == content(clean)

"""Run every benchmark and print one table: SQLite beside PostgreSQL, each figure beside its goal.

    python benchmarks/run.py                 # full size: 1,000,000 events, 10,000 articles
    python benchmarks/run.py --size medium   # a tenth: 100,000 events, 2,000 articles
    python benchmarks/run.py --size smoke    # a small run that checks everything still works
    TRACKER_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python benchmarks/run.py

What is measured (inputs come from ``benchmarks/generate.py``, deterministic):

- replay: a JSON Lines script of drafts x events-per-draft events through
  ``tracker replay`` into a fresh database, end to end (a child process: wall
  time and its own peak RSS), against the plain floor measured in the same
  run: the same file read with ``json.loads`` line by line and inserted with
  sqlite3 ``executemany`` into one table of the event's own columns (type,
  draft, date, member, stance, the line as payload, source, quote), no checks.
- linearity: per-event replay cost at many drafts over per-event cost at few
  drafts, the same events per draft.
- reports on the replayed database: in-process (median of several runs) and
  through the CLI (a child process, output to /dev/null): positions of every
  draft, positions and status ``--as-of`` the middle of the log for every
  draft, and for one draft positions, positions ``--as-of`` and its history;
  then ``tracker rebuild`` of every projection, beside the replay.
- ingest: articles through ``tracker ingest`` (extract + store), then the
  same unchanged corpus again.
- CLI start-up (``benchmarks/startup.py``): median wall time of ``tracker --help``
  and of ``tracker status`` on the seeds, beside ``python -c pass``, and the
  modules a report should not load.

With ``TRACKER_BENCH_DATABASE_URL`` set, replay, reports and ingest also run
against that PostgreSQL server (in a private schema, dropped afterwards).

The run also checks that results agree (incremental projections equal a
rebuild, SQLite equals PostgreSQL, re-ingest adds nothing) and exits 1 if
they do not. Figures are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import write_articles, write_script  # noqa: E402
from benchmarks.schemas import PostgresSchemas  # noqa: E402
from benchmarks.startup import measure as measure_startup  # noqa: E402
from benchmarks.startup import rows as startup_rows  # noqa: E402

BENCH_ENV = "TRACKER_BENCH_DATABASE_URL"


@dataclass(frozen=True)
class Size:
    drafts: int
    events_per_draft: int
    linear_drafts: tuple[int, int]  # few, many
    linear_events_per_draft: int
    articles: int
    article_drafts: int
    repeats: int  # runs per query timing
    startup_repeats: int  # runs per start-up timing


SIZES = {
    "full": Size(10_000, 100, (1_000, 100_000), 10, 10_000, 2_000, 7, 10),
    "medium": Size(1_000, 100, (1_000, 10_000), 10, 2_000, 400, 5, 10),  # a tenth of full: 100,000 events
    "smoke": Size(300, 20, (100, 1_000), 5, 120, 40, 3, 3),
}


class Disagreement(Exception):
    pass


# --- measuring ----------------------------------------------------------------

# Runs the tracker's CLI and, at exit, writes the process's own peak resident set to a file.
# ru_maxrss from wait4 will not do: a child forked from this (large) process starts with
# the parent's high-water mark. /proc/self/status's VmHWM belongs to the program after exec.
_LAUNCH = """
import atexit, sys
report_to = sys.argv[1]
def peak():
    try:
        for line in open('/proc/self/status'):
            if line.startswith('VmHWM:'):
                open(report_to, 'w').write(line.split()[1])
    except OSError:
        pass
atexit.register(peak)
sys.argv = ['tracker'] + sys.argv[2:]
from tracker.cli import cli
cli()
"""


def run_measured(args: list[str], env: dict | None = None, keep_output: bool = True) -> tuple[float, float, str]:
    """Run ``tracker ARGS...``; return its wall time (s), its own peak RSS (MB) and its stdout
    (or, without ``keep_output``, nothing: the output goes to /dev/null, as a long report's would)."""
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        started = time.perf_counter()
        process = subprocess.run([sys.executable, "-c", _LAUNCH, str(peak_file), *args],
                                 stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, env=env)
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(f"tracker {' '.join(args)} failed ({process.returncode}): "
                               f"{process.stderr.strip()[-2000:]}")
        peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("nan")
        return elapsed, peak, process.stdout


def median_time(function, repeats: int) -> float:
    function()  # warm caches and connections once
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- the floor ----------------------------------------------------------------

FLOOR_COLUMNS = ("type", "draft", "date", "member", "stance", "payload", "source", "quote")


def floor_replay(script: Path, database: Path) -> float:
    """The plain floor: the same file read with ``json.loads`` line by line and inserted with sqlite3
    ``executemany`` into one table of the event's own columns (type, draft, date, member, stance, the
    line itself as payload, source, quote), no checks: seconds."""
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.execute(f"CREATE TABLE events (id INTEGER PRIMARY KEY, {', '.join(FLOOR_COLUMNS)})")
    placeholders = ", ".join("?" for _ in FLOOR_COLUMNS)
    statement = f"INSERT INTO events ({', '.join(FLOOR_COLUMNS)}) VALUES ({placeholders})"

    def rows():
        with open(script, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield (record.get("event"), record.get("draft"), record.get("date"), record.get("member"),
                       record.get("stance"), line, record.get("source"), record.get("quote"))

    with connection:
        connection.executemany(statement, rows())
    connection.close()
    return time.perf_counter() - started


# --- the benchmarks ---------------------------------------------------------------

def bench_replay(script: Path, url: str, events: int) -> dict:
    elapsed, peak, _ = run_measured(["--db", url, "replay", str(script)])
    return {"seconds": elapsed, "events_per_s": events / elapsed, "peak_mb": peak}


def bench_linearity(folder: Path, size: Size, url_for) -> dict:
    from tracker.services import Tracker

    costs = {}
    few, many = size.linear_drafts
    for drafts in size.linear_drafts:
        script = folder / f"linear-{drafts}.jsonl"
        write_script(script, drafts=drafts, events_per_draft=size.linear_events_per_draft, seed=11)
        runs = []
        for attempt in range(3 if drafts == few else 1):  # the small run is short: take the median of three
            tracker = Tracker(url_for(f"linear-{drafts}-{attempt}"))
            tracker.init()
            started = time.perf_counter()
            tracker.replay([str(script)])
            runs.append((time.perf_counter() - started) / (drafts * size.linear_events_per_draft))
            tracker.engine.dispose()
        costs[drafts] = statistics.median(runs)
    return {"us_per_event_few": costs[few] * 1e6, "us_per_event_many": costs[many] * 1e6,
            "ratio": costs[many] / costs[few]}


def bench_queries(url: str, repeats: int) -> dict:
    """The reports on the replayed database: in-process (median of ``repeats``) and through the CLI."""
    from sqlalchemy import text

    from tracker.services import Tracker
    from tracker.usecases import reports

    tracker = Tracker(url)
    with tracker.engine.connect() as conn:
        total = conn.scalar(text("SELECT COUNT(*) FROM events"))
        middle = conn.scalar(text("SELECT sort_key FROM events ORDER BY sort_key LIMIT 1 OFFSET :n"),
                             {"n": total // 2})
        drafts = conn.scalars(text("SELECT id FROM drafts ORDER BY id")).all()
    draft = drafts[len(drafts) // 2]
    as_of = middle[:10] if not middle.endswith("-00") else middle[:8] + "01"
    few = max(1, repeats // 2)
    figures = {
        "positions_one_ms": median_time(lambda: tracker.positions(draft=draft), repeats) * 1e3,
        "status_all_ms": median_time(lambda: tracker.status(), repeats) * 1e3,
        "positions_as_of_one_ms": median_time(lambda: tracker.positions(draft=draft, as_of=as_of), repeats) * 1e3,
        "history_one_ms": median_time(lambda: tracker.history(draft), repeats) * 1e3,
        # Whole-database reports, read as the CLI reads them (a row at a time, never one list).
        "positions_all_s": median_time(lambda: _drain(reports.iter_positions(url)), few),
        "positions_as_of_all_s": median_time(lambda: _drain(reports.iter_positions(url, as_of=as_of)), few),
        "status_as_of_all_s": median_time(lambda: tracker.status(as_of=as_of), few),
    }
    cli = {"positions_all_cli_s": ["positions"], "positions_as_of_all_cli_s": ["positions", "--as-of", as_of],
           "status_as_of_all_cli_s": ["status", "--as-of", as_of]}
    for name, args in cli.items():
        figures[name] = statistics.median(run_measured(["--db", url, *args], keep_output=False)[0]
                                          for _ in range(min(3, few)))
    before = (tracker.status(), tracker.positions())
    figures["rebuild_s"], figures["rebuild_peak_mb"], _ = run_measured(["--db", url, "rebuild"])
    if (tracker.status(), tracker.positions()) != before:
        raise Disagreement(f"{_shown(url)}: the incremental projections differ from a rebuild")
    figures["as_of"] = as_of
    figures["status"] = before[0]
    tracker.engine.dispose()
    return figures


def _drain(rows) -> None:
    for _ in rows:
        pass


def bench_ingest(folder: Path, url: str, count: int) -> dict:
    first, peak, _ = run_measured(["--db", url, "ingest", str(folder), "--json"])
    again, peak_again, out = run_measured(["--db", url, "ingest", str(folder), "--json"])
    reports = json.loads(out)
    changed = [r for r in reports if r["outcome"] != "unchanged"]
    if changed:
        raise Disagreement(f"re-ingesting the unchanged corpus changed {len(changed)} articles")
    return {"articles_per_s": count / first, "seconds": first, "peak_mb": max(peak, peak_again),
            "again_seconds": again, "again_ratio": again / first}


# --- PostgreSQL -----------------------------------------------------------------

def _shown(url: str) -> str:
    return "postgresql" if url.startswith("postgres") else "sqlite"


# --- report ---------------------------------------------------------------------

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}")


def print_table(rows: list[tuple[str, str, str, str]], markdown: bool) -> None:
    headings = ("measure", "SQLite", "PostgreSQL", "goal")
    if markdown:
        print("| " + " | ".join(headings) + " |")
        print("|" + "|".join("---" for _ in headings) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]
    print("  ".join(h.ljust(w) for h, w in zip(headings, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="full",
                        help="full (default: 1,000,000 events), medium (100,000) or smoke")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--skip", action="append", default=[], choices=["linearity", "ingest", "startup"],
                        help="leave out a part (repeatable)")
    args = parser.parse_args()
    size = SIZES[args.size]
    postgres = PostgresSchemas(os.environ[BENCH_ENV]) if os.environ.get(BENCH_ENV) else None
    events = size.drafts * size.events_per_draft
    results: dict[str, dict] = {"sqlite": {}, "postgresql": {}}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            script = folder / "replay.jsonl"
            started = time.perf_counter()
            write_script(script, drafts=size.drafts, events_per_draft=size.events_per_draft, seed=1)
            print(f"generated {events:,} events over {size.drafts:,} drafts "
                  f"({script.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            # The floor is cheap: take the median of three, as this machine's speed wanders.
            floors = []
            for attempt in range(3):
                floors.append(floor_replay(script, folder / f"floor-{attempt}.db"))
                (folder / f"floor-{attempt}.db").unlink()
            floor = statistics.median(floors)

            backends = {"sqlite": lambda label: f"sqlite:///{folder / (label + '.db')}"}
            if postgres:
                backends["postgresql"] = postgres.url
            for name, url_for in backends.items():
                url = url_for("replay")
                print(f"{name}: replay ...", file=sys.stderr)
                results[name]["replay"] = bench_replay(script, url, events)
                print(f"{name}: queries ...", file=sys.stderr)
                results[name]["queries"] = bench_queries(url, size.repeats)
                if "linearity" not in args.skip:
                    print(f"{name}: linearity ...", file=sys.stderr)
                    results[name]["linearity"] = bench_linearity(folder, size, url_for)
            if postgres and results["sqlite"]["queries"]["status"] != results["postgresql"]["queries"]["status"]:
                raise Disagreement("SQLite and PostgreSQL disagree on the status of the replayed drafts")

            if "ingest" not in args.skip:
                corpus = folder / "articles"
                corpus.mkdir()
                write_articles(corpus, count=size.articles, drafts=size.article_drafts, seed=3)
                for name, url_for in backends.items():
                    print(f"{name}: ingest ...", file=sys.stderr)
                    results[name]["ingest"] = bench_ingest(corpus, url_for("ingest"), size.articles)
            startup = measure_startup(size.startup_repeats) if "startup" not in args.skip else None
    except Disagreement as problem:
        print(f"benchmarks: results disagree: {problem}", file=sys.stderr)
        return 1
    finally:
        if postgres:
            postgres.drop_all()

    rows = _rows(results, size, events, floor, startup)
    print(f"machine: {machine()}")
    print(f"size: {args.size} ({events:,} events over {size.drafts:,} drafts; {size.articles:,} articles)")
    print_table(rows, args.markdown)
    return 0


def _rows(results: dict, size: Size, events: int, floor: float, startup: dict | None) -> list[tuple]:
    """(measure, SQLite, PostgreSQL, goal) lines; a ratio beside its goal where the goal is one."""
    def cell(name: str, path: tuple[str, str], fmt: str) -> str:
        part = results[name].get(path[0])
        return fmt.format(part[path[1]]) if part and path[1] in part else "-"

    def both(path: tuple[str, str], fmt: str) -> tuple[str, str]:
        return cell("sqlite", path, fmt), cell("postgresql", path, fmt)

    def ratio(top: tuple[str, str], bottom: tuple[str, str]) -> tuple[str, str]:
        cells = []
        for name in ("sqlite", "postgresql"):
            a, b = results[name].get(top[0]), results[name].get(bottom[0])
            cells.append(f"{a[top[1]] / b[bottom[1]]:.2f}x" if a and b else "-")
        return cells[0], cells[1]

    replay = results["sqlite"]["replay"]["seconds"]
    postgres_replay = results["postgresql"].get("replay")
    rows = [
        (f"replay wall time ({events:,} events)", *both(("replay", "seconds"), "{:.1f} s"), ""),
        ("replay throughput", *both(("replay", "events_per_s"), "{:,.0f} events/s"), ""),
        ("replay peak RSS", *both(("replay", "peak_mb"), "{:.0f} MB"), "<= 300 MB"),
        ("floor: json.loads + sqlite3 executemany, 8 columns (median of 3)", f"{floor:.1f} s", "", ""),
        ("replay / floor", f"{replay / floor:.1f}x",
         f"{postgres_replay['seconds'] / floor:.1f}x" if postgres_replay else "-", "<= 4x (SQLite)"),
        ("replay PostgreSQL / SQLite", "",
         f"{postgres_replay['seconds'] / replay:.2f}x" if postgres_replay else "-", "<= 1.5x"),
    ]
    if results["sqlite"].get("linearity"):
        few, many = size.linear_drafts
        rows.append((f"per-event replay cost {many:,} / {few:,} drafts", *both(("linearity", "ratio"), "{:.2f}"),
                     "<= 1.2"))
    q = "queries"
    rows += [
        ("positions, all drafts, in-process", *both((q, "positions_all_s"), "{:.2f} s"), "<= 3 s"),
        ("positions, all drafts, CLI", *both((q, "positions_all_cli_s"), "{:.2f} s"), ""),
        ("  CLI / in-process", *ratio((q, "positions_all_cli_s"), (q, "positions_all_s")), "<= 1.5x"),
        ("positions --as-of, all drafts, in-process", *both((q, "positions_as_of_all_s"), "{:.2f} s"), "<= 2 s"),
        ("positions --as-of, all drafts, CLI", *both((q, "positions_as_of_all_cli_s"), "{:.2f} s"), "<= 2 s"),
        ("status --as-of, all drafts, in-process", *both((q, "status_as_of_all_s"), "{:.2f} s"), "<= 2 s"),
        ("status --as-of, all drafts, CLI", *both((q, "status_as_of_all_cli_s"), "{:.2f} s"), "<= 2 s"),
        ("positions --as-of, one draft", *both((q, "positions_as_of_one_ms"), "{:.1f} ms"), "<= 50 ms"),
        ("positions of one draft", *both((q, "positions_one_ms"), "{:.1f} ms"), "<= 50 ms"),
        ("history of one draft", *both((q, "history_one_ms"), "{:.1f} ms"), "<= 50 ms"),
        ("status of all drafts", *both((q, "status_all_ms"), "{:.1f} ms"), ""),
        ("rebuild all projections (CLI)", *both((q, "rebuild_s"), "{:.1f} s"), ""),
        ("  rebuild / replay", *ratio((q, "rebuild_s"), ("replay", "seconds")), "<= 1.5x"),
    ]
    if results["sqlite"].get("ingest"):
        rows += [
            (f"ingest {size.articles:,} articles", *both(("ingest", "articles_per_s"), "{:.0f} articles/s"),
             ">= 300/s SQLite, >= 200/s PostgreSQL"),
            ("ingest peak RSS", *both(("ingest", "peak_mb"), "{:.0f} MB"), "<= 300 MB"),
            ("re-ingest unchanged / first", *both(("ingest", "again_ratio"), "{:.1%}"), "<= 5%"),
        ]
    if startup:
        rows += [(what, figure, "", goal) for what, figure, goal in startup_rows(startup)]
    return rows


if __name__ == "__main__":
    sys.exit(main())

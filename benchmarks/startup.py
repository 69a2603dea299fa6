"""How fast the ``tracker`` command starts, each figure beside its goal.

    python benchmarks/startup.py              # median of 10 runs each
    python benchmarks/startup.py --repeats 5

What is measured, as wall time of a child process (median of ``--repeats``):

- ``tracker --help``: goal <= 150 ms;
- ``tracker status`` on a small database (the five seed articles ingested
  into a fresh SQLite file): goal <= 250 ms;
- ``python -c pass`` and ``python -c "import sqlalchemy"``: the floor under
  both, on this machine.

It also lists the modules a report should not load (SQLAlchemy, Alembic, the
migration scripts, the extraction package, the replay and ingest use cases,
tabulate for a plain table) and
exits 1 if ``tracker status`` loads any of them. Times are printed, never
asserted: they depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HELP_GOAL_MS = 150
REPORT_GOAL_MS = 250
# Modules a report has no use for: loading one costs start-up time for nothing.
NOT_FOR_REPORTS = ("sqlalchemy", "alembic", "tracker.migrations", "tracker.extract", "tracker.usecases.replay",
                   "tracker.usecases.ingest", "tracker.services", "tabulate")

_LOADED = """
import sys
sys.argv = ['tracker'] + sys.argv[1:]
from tracker.cli import cli
try:
    cli()
finally:
    print('\\n'.join(sorted(sys.modules)), file=sys.stderr)
"""


def median_ms(args: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


def modules_loaded(args: list[str]) -> set[str]:
    """The modules ``tracker ARGS...`` has loaded when it ends."""
    done = subprocess.run([sys.executable, "-c", _LOADED, *args], capture_output=True, text=True)
    return set(done.stderr.split())


def unwanted(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if any(name == root or name.startswith(root + ".")
                                                   for root in NOT_FOR_REPORTS))


def tracker_command() -> list[str]:
    here = Path(sys.executable).parent / "tracker"
    return [str(here)] if here.exists() else [sys.executable, "-m", "tracker"]


def measure(repeats: int) -> dict:
    """The figures, from a fresh database of the seed articles."""
    tracker = tracker_command()
    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "seeds.db")
        subprocess.run([*tracker, "--db", database, "ingest", str(SEEDS)], check=True, stdout=subprocess.DEVNULL)
        report = [*tracker, "--db", database, "status"]
        return {
            "help_ms": median_ms([*tracker, "--help"], repeats),
            "status_ms": median_ms(report, repeats),
            "python_ms": median_ms([sys.executable, "-c", "pass"], repeats),
            "sqlalchemy_ms": median_ms([sys.executable, "-c", "import sqlalchemy"], repeats),
            "status_unwanted": unwanted(modules_loaded(["--db", database, "status"])),
        }


def rows(figures: dict) -> list[tuple[str, str, str]]:
    """(what, figure, goal) lines for a table."""
    return [
        ("tracker --help (median)", f"{figures['help_ms']:.0f} ms", f"<= {HELP_GOAL_MS} ms"),
        ("tracker status, seeds db (median)", f"{figures['status_ms']:.0f} ms", f"<= {REPORT_GOAL_MS} ms"),
        ("python -c pass (median)", f"{figures['python_ms']:.0f} ms", ""),
        ("python -c 'import sqlalchemy' (median)", f"{figures['sqlalchemy_ms']:.0f} ms", ""),
        ("modules status should not load", ", ".join(figures["status_unwanted"]) or "none", "none"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=10, help="runs per figure (default 10)")
    figures = measure(parser.parse_args().repeats)
    table = rows(figures)
    width = max(len(what) for what, *_ in table)
    figure_width = max(len(figure) for _, figure, _ in table)
    for what, figure, goal in table:
        print(f"{what.ljust(width)}  {figure.rjust(figure_width)}  {goal}".rstrip())
    return 1 if figures["status_unwanted"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""What printing costs a whole-database report: the CLI beside reading the same rows in-process.

    python benchmarks/print_tables.py --db tracker.db              # an existing database
    python benchmarks/print_tables.py --drafts 1000                # a generated one (100 events a draft)

For ``tracker positions`` (every draft) it prints the in-process time of
reading the rows, the time the CLI's table layout alone takes on those rows
(and per cell), the CLI's wall time with the tables sent to /dev/null, each the
median of ``--repeats``, and the CLI / in-process ratio beside its goal
(<= 1.5x). Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import median_time as _median  # noqa: E402

RATIO_GOAL = 1.5


def _cli_seconds(url: str, args: list[str], repeats: int) -> float:
    def run():
        subprocess.run([sys.executable, "-m", "tracker", "--db", url, *args], stdout=subprocess.DEVNULL, check=True)

    return _median(run, repeats)


def _generated(folder: Path, drafts: int) -> str:
    from benchmarks.generate import write_script

    script, database = folder / "log.jsonl", folder / "tracker.db"
    write_script(script, drafts=drafts, events_per_draft=100, seed=1)
    subprocess.run([sys.executable, "-m", "tracker", "--db", str(database), "replay", str(script)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return str(database)


def measure(url: str, repeats: int) -> list[tuple[str, str, str]]:
    from tracker import cli
    from tracker.usecases import reports

    def layout(rows, columns):  # the table of each draft, as the CLI makes it, without writing it
        out = cli._Output()
        out.flush = lambda: None
        cli._write_table(out, rows, columns)

    positions = list(reports.iter_positions(url))
    by_draft: dict[str, list] = {}
    for row in positions:
        by_draft.setdefault(row.draft, []).append(row)
    shown = cli.POSITION_COLUMNS[1:]
    read = _median(lambda: sum(1 for _ in reports.iter_positions(url)), repeats)
    laid_out = _median(lambda: [layout(rows, shown) for rows in by_draft.values()], repeats)
    printed = _cli_seconds(url, ["positions"], repeats)
    cells = len(positions) * len(shown)
    return [
        (f"positions, all drafts: rows read in-process ({len(positions):,} rows)", f"{read:.2f} s", ""),
        (f"  table layout in-process ({cells:,} cells)", f"{laid_out:.2f} s",
         f"{laid_out / cells * 1e9:.0f} ns a cell"),
        ("  CLI, output to /dev/null", f"{printed:.2f} s", ""),
        ("  CLI / in-process", f"{printed / read:.2f}x", f"goal <= {RATIO_GOAL}x"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL or SQLite path (default: generate one)")
    parser.add_argument("--drafts", type=int, default=1000, help="drafts in a generated database")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or _generated(Path(folder), options.drafts)
        for name, figure, note in measure(url, options.repeats):
            print(f"{name:<58} {figure:>10}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Reports print as they read: streamed rows equal the lists, tables equal tabulate's, start-up stays light."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from click.testing import CliRunner
from tabulate import tabulate

from benchmarks.generate import write_script
from tracker import table
from tracker.cli import cli
from tracker.usecases import reports


@pytest.fixture
def generated(tracker, tmp_path):
    """Forty generated drafts replayed: many drafts, positions on each, some members off the Council."""
    script = tmp_path / "generated.jsonl"
    write_script(script, drafts=40, events_per_draft=15, seed=5)
    tracker.replay([str(script)])
    return tracker


def _cli(tracker, *args) -> str:
    url = tracker.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _middle_day(tracker) -> str:
    days = sorted(row.last_event_date for row in tracker.status() if row.last_event_date)
    return days[len(days) // 2][:10]


def test_streamed_positions_equal_the_list(generated):
    day = _middle_day(generated)
    for filters in ({}, {"as_of": day}, {"member": "FRA"}, {"draft": "SYN-000007"}, {"draft": "SYN-000007", "as_of": day}):
        listed = generated.positions(**filters)
        assert listed, filters
        url = generated.engine.url.render_as_string(hide_password=False)
        assert list(reports.iter_positions(url, **filters)) == listed, filters
        options = [f"--{name.replace('_', '-')}={value}" for name, value in filters.items()]
        printed = _cli(generated, "positions", "--json", *options)
        assert printed == json.dumps([row.as_dict() for row in listed], indent=2, ensure_ascii=False) + "\n"


def test_the_positions_table_is_a_table_per_draft_in_one_pass(generated):
    from tracker.cli import POSITION_COLUMNS, _cell

    listed = generated.positions()
    shown = POSITION_COLUMNS[1:]  # the draft is each table's title
    expected = []
    for draft in dict.fromkeys(row.draft for row in listed):  # every row of a draft, wherever it is in the list
        cells = [[column.heading for column in shown]] + [
            [_cell(column.value(row), column.width) for column in shown] for row in listed if row.draft == draft]
        text = tabulate(cells, tablefmt="plain", disable_numparse=True)
        expected.append("\n".join([draft, *(line.rstrip() for line in text.splitlines())]))
    assert len(expected) == 40
    assert _cli(generated, "positions") == "\n\n".join(expected) + "\n"


def test_an_empty_report_prints_an_empty_list(generated):
    assert _cli(generated, "positions", "--json", "--as-of", "1900-01-01") == "[]\n"
    assert _cli(generated, "events", "--json", "--type", "no-such-type") == "[]\n"


CHARACTERS = ["a", "Z", " ", "-", "…", "é", "ß", "Ω", "中", "文", "🇺🇳", "\u0301", "\t", "\n", "\u200b", "x y", "İ"]


@pytest.mark.parametrize("seed", range(40))
def test_tables_are_laid_out_as_tabulate_lays_them_out(seed):
    chance = random.Random(seed)
    alphabet = CHARACTERS if seed % 2 else ["a", "b", "Q", " ", "-", ".", "…", "é", "ñ", "ø"]
    columns = chance.randint(1, 6)
    rows = [["".join(chance.choice(alphabet) for _ in range(chance.randint(1, 12))) for _ in range(columns)]
            for _ in range(chance.randint(1, 8))]
    expected = [line.rstrip() for line in tabulate(rows, tablefmt="plain", disable_numparse=True).splitlines()]
    assert table.lines(rows) == expected


@pytest.mark.parametrize("args", [["status"], ["positions"], ["positions", "--as-of", "2015-11-19"],
                                  ["history", "RU-ISIL-2015"], ["events", "--csv"], ["status", "--as-of", "2015-11-19"]])
def test_a_report_loads_neither_sqlalchemy_nor_tabulate(tracker, database_url, args):
    from tests.support.paths import SCENARIO

    tracker.replay([SCENARIO])
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tracker.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['--db', {database_url!r}, *{args!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(','.join(sorted(m for m in ('sqlalchemy', 'alembic', 'tabulate', 'wcwidth') if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


VALUES = [None, "", "a", " padded ", "x" * 70, "é" * 50, "中文", "\x1b[2J", "a\u202eb", "tab\there", ("FRA", "GBR"), [],
          7, 2.5, "…"]


@pytest.mark.parametrize("seed", range(30))
def test_a_table_is_made_a_column_at_a_time_as_cell_by_cell(seed):
    """Each column's cells are what ``_cell`` makes of each value (escapes, dashes, cuts), laid out as tabulate lays them."""
    from tracker.cli import Column, _cell, _Output, _write_table

    chance = random.Random(seed)
    columns = [Column("a", "A"), Column("b", "BEE", width=chance.choice([None, 5, 30, 60])),
               Column("c", "C", lambda row: row["c"] if isinstance(row, dict) else row.c, width=chance.choice([None, 4]))]
    records = [{key: chance.choice(VALUES) for key in "abc"} for _ in range(chance.randint(0, 9))]
    rows = records if seed % 2 else [type("Row", (), record)() for record in records]
    cells = [[column.heading for column in columns]] + [
        [_cell(column.value(row), column.width) for column in columns] for row in rows]
    expected = [line.rstrip() for line in tabulate(cells, tablefmt="plain", disable_numparse=True).splitlines()]
    out = _Output()
    _write_table(out, rows, columns)
    assert "".join(out.parts) == "\n".join(expected) + "\n"

"""User values reach the database as bound parameters, never formatted into SQL.

Two checks. The source of ``tracker/`` builds no SQL by string formatting
(f-strings, ``%``, ``+`` or ``.format()`` in what goes to ``text()``,
``exec_driver_sql()``, ``execute()``, ``executemany()`` or psycopg's
``copy()``), but for a short list of fixed identifiers and constants. And every
command, through the services and through the CLI, takes hostile draft ids,
members, dates, filters and paths as plain values: no rows or a clean error,
and the database unchanged.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.support.paths import REPO, SCENARIO, SEEDS
from tracker.cli import cli
from tracker.domain.ids import id_problem
from tracker.errors import InputError, TrackerError

# --- the source builds no SQL by formatting -------------------------------------------

SQL_CALLS = frozenset({"text", "exec_driver_sql", "execute", "executemany", "copy"})

# (file, fragment of the flagged line, why it is not a user value). Every entry must
# still match something: a stale one fails the test.
ALLOWED = [
    ("tracker/store/db.py", "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}",
     "a module constant; SQLite takes no bound parameter in a PRAGMA"),
    ("tracker/store/repository.py", "INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marks)})",
     "_insert_statement: a table name and column tuple from code (see the callers' check below); "
     "the values are driver placeholders"),
    ("tracker/store/repository.py", 'statement + " ON CONFLICT DO NOTHING"',
     "_insert_statement: a constant clause appended to the statement above"),
    ("tracker/store/repository.py", "CREATE TEMPORARY TABLE IF NOT EXISTS {target}",
     "_copy_rows: a temporary table named after the fixed table name"),
    ("tracker/store/repository.py", "COPY {target} ({names}) FROM STDIN",
     "_copy_rows: fixed table and column names; the rows go through COPY, not the statement"),
    ("tracker/store/repository.py", "INSERT INTO {table} ({names}) SELECT {names} FROM {target}",
     "_copy_rows: fixed table and column names"),
    ("tracker/store/repository.py", "TRUNCATE {target}",
     "_copy_rows: the temporary table named after the fixed table name"),
]


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _assignments(function) -> dict[str, list[ast.expr]]:
    """What each local name of a function is assigned (``s += x`` counts as ``s + x``)."""
    names: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            combined = ast.BinOp(left=ast.Name(id=node.target.id, ctx=ast.Load()), op=node.op, right=node.value)
            ast.copy_location(combined, node)
            names.setdefault(node.target.id, []).append(combined)
    return names


def _stringish(node: ast.expr, names: dict) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _stringish(node.left, names) or _stringish(node.right, names)
    if isinstance(node, ast.Name):
        return any(_stringish(value, {}) for value in names.get(node.id, ()))
    return False


def formatted_parts(node: ast.expr, names: dict, functions: dict, depth: int = 0) -> list[ast.expr]:
    """The parts of an expression that build a string by formatting.

    f-strings with a field, ``%`` or ``+`` on a string, ``.format()``; a local
    name is followed to what it is assigned, and a call of a function of the
    same module to what it returns (one level).
    """
    if isinstance(node, ast.JoinedStr):
        return [node] if any(isinstance(part, ast.FormattedValue) for part in node.values) else []
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod) and _stringish(node.left, names):
            return [node]
        if isinstance(node.op, ast.Add) and (_stringish(node.left, names) or _stringish(node.right, names)):
            return [node]
        return []
    if isinstance(node, ast.IfExp):
        return (formatted_parts(node.body, names, functions, depth)
                + formatted_parts(node.orelse, names, functions, depth))
    if isinstance(node, ast.Name):
        return [part for value in names.get(node.id, ()) for part in formatted_parts(value, {}, {}, depth)]
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return [node]
        called = functions.get(_call_name(node))
        if called is not None and depth == 0:
            own = _assignments(called)
            return [part for ret in ast.walk(called) if isinstance(ret, ast.Return) and ret.value is not None
                    for part in formatted_parts(ret.value, own, functions, depth + 1)]
    return []


def formatted_sql(source: str) -> list[tuple[int, str]]:
    """(line, text of the line) of every formatted string passed to a function that runs SQL."""
    tree = ast.parse(source)
    lines = source.splitlines()
    functions = {node.name: node for node in ast.walk(tree)
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    scopes = [tree, *functions.values()]
    hits: set[tuple[int, str]] = set()
    for scope in scopes:
        names = _assignments(scope) if scope is not tree else {}
        body = scope.body
        for node in (n for statement in body for n in ast.walk(statement)):
            if not (isinstance(node, ast.Call) and _call_name(node) in SQL_CALLS):
                continue
            first = node.args[0] if node.args else next(
                (k.value for k in node.keywords if k.arg in ("statement", "sql", "query", "text")), None)
            if first is None:
                continue
            for part in formatted_parts(first, names, functions):
                hits.add((part.lineno, lines[part.lineno - 1].strip()))
    return sorted(hits)


def source_files() -> list[Path]:
    return sorted((REPO / "tracker").rglob("*.py"))


def test_no_sql_is_built_by_formatting_user_values():
    found = [(path.relative_to(REPO).as_posix(), line, text)
             for path in source_files() for line, text in formatted_sql(path.read_text(encoding="utf-8"))]
    assert found, "the scan found nothing at all: is it still looking at tracker/?"
    allowed = [(file, fragment) for file, fragment, _reason in ALLOWED]
    unexplained = [f"{file}:{line}: {text}" for file, line, text in found
                   if not any(file == f and fragment in text for f, fragment in allowed)]
    assert not unexplained, "SQL built by string formatting:\n" + "\n".join(unexplained)
    stale = [f"{file}: {fragment}" for file, fragment in allowed
             if not any(file == f and fragment in text for f, _, text in found)]
    assert not stale, "allowlist entries that no longer match anything:\n" + "\n".join(stale)


def test_the_scan_finds_every_kind_of_formatting():
    source = '''
def f(conn, draft, member, day):
    conn.execute(text(f"SELECT * FROM events WHERE draft_id = '{draft}'"))
    conn.execute(text("SELECT * FROM positions WHERE member = '%s'" % member))
    conn.exec_driver_sql("DELETE FROM drafts WHERE id = '" + draft + "'")
    conn.execute("SELECT * FROM events WHERE date = '{}'".format(day))
    query = f"SELECT * FROM drafts WHERE id = '{draft}'"
    conn.execute(text(query))
    where = "SELECT * FROM events WHERE 1 = 1"
    where += f" AND type = '{member}'"
    cursor.executemany(where, [])
    conn.exec_driver_sql(statement_for(draft))
    conn.execute(text("SELECT * FROM events WHERE draft_id = :draft"), {"draft": draft})
    conn.execute(text(f"SELECT * FROM events"))

def statement_for(draft):
    return "SELECT * FROM drafts WHERE id = '%s'" % draft
'''
    lines = [line for line, _ in formatted_sql(source)]
    assert lines == [3, 4, 5, 6, 7, 10, 17]


# The formatted identifiers above come from code: every call that passes a table
# and its columns to the bulk writers passes a literal name and a fixed tuple.
BULK_WRITERS = {"insert_rows", "_insert_statement", "_copy_rows"}


def test_the_bulk_writers_get_table_and_column_names_from_code():
    tuples = {}
    # The column lists: the event log's in its codec, the others beside the queries.
    for node in (node for module in ("repository", "codec") for node in
                 ast.parse((REPO / f"tracker/store/{module}.py").read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            if isinstance(value, ast.Tuple) and all(isinstance(e, ast.Constant) for e in value.elts):
                tuples[node.targets[0].id] = [e.value for e in value.elts]
    assert tuples

    from tracker.store.models import Base

    tables = set(Base.metadata.tables)
    calls = 0
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        writers = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in BULK_WRITERS}
        inside = {id(call) for writer in writers.values() for call in ast.walk(writer)}
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and _call_name(call) in BULK_WRITERS) or id(call) in inside:
                continue
            calls += 1
            where = f"{path.relative_to(REPO)}:{call.lineno}"
            table, columns = call.args[1], call.args[2]
            assert isinstance(table, ast.Constant) and table.value in tables, where
            column_name = columns.attr if isinstance(columns, ast.Attribute) else getattr(columns, "id", None)
            assert column_name in tuples, where
            assert all(isinstance(c, str) and re.fullmatch(r"[a-z_]+", c) for c in tuples[column_name]), where
    assert calls >= 4


# --- hostile values through the services and the CLI -----------------------------------

RU = "RU-ISIL-2015"
HOSTILE = [
    "x' OR '1'='1",
    "RU-ISIL-2015'; DROP TABLE events; --",
    "RU-ISIL-2015' --",
    "RU-ISIL-2015\n' OR 1=1 --",
    "'); DELETE FROM drafts; --",
    "%", "_", "\\", "\\%", "RU-ISIL-%", "RU-ISIL-____", "%' OR '%'='",
    "'", "''", '"', '" OR ""="',
    ":draft", "?", "$1", "%s", "%(draft)s", "{draft}",
    "Ω≈ç√ 安全理事会 🇺🇳",
    "RUS' --", "Russia' OR '1'='1",
    "2015-11-19' OR 1=1", "2015-11-19; DROP TABLE events",
    "x" * 10_000,
]
SOURCE_PATTERNS = ["%", "_", "\\", "\\_", "%%", "0_c2", "000%c2a", "scenario_2015", "scenario%", "seeds/%",
                   "%.yaml", "[a-z]", "*", "x' OR '1'='1"]
WRITES = ["DELETE FROM events", "DROP TABLE events", "UPDATE drafts SET state = 'withdrawn'",
          "INSERT INTO countries (code, name, official_name) VALUES ('XXX', 'x', 'x')",
          "SELECT 1; DROP TABLE events", "SELECT 1; DELETE FROM drafts"]


@pytest.fixture
def loaded(tracker):
    """The seed scenario replayed and the seed articles ingested (their paths hold ``_``)."""
    tracker.replay([SCENARIO])
    tracker.ingest([SEEDS])
    return tracker


def literal_matches(tracker, text: str) -> list[int]:
    """The events whose source path contains ``text`` as plain text."""
    return [row.id for row in tracker.events() if text in row.source.ref]


def no_rows_or_refused(call) -> None:
    try:
        rows = call()
    except TrackerError:
        return
    assert rows == []


def test_reading_services_take_hostile_values_as_plain_values(loaded, dump):
    before = dump(loaded)
    for value in HOSTILE:
        for call in (
            lambda: loaded.history(value),
            lambda: loaded.events(draft=value),
            lambda: loaded.events(type=value),
            lambda: loaded.events(status=value),
            lambda: loaded.events(draft=RU, type=value),
            lambda: loaded.positions(draft=value),
            lambda: loaded.positions(member=value),
            lambda: loaded.positions(draft=RU, member=value),
            lambda: loaded.positions(draft=value, member="RUS", as_of="2015-11-19"),
        ):
            no_rows_or_refused(call)
        assert [row.id for row in loaded.events(source=value)] == literal_matches(loaded, value)
        # A malformed date is refused before any query (ValueError from the services, see below).
        for call in (
            lambda: loaded.events(since=value),
            lambda: loaded.events(until=value),
            lambda: loaded.events(draft=RU, since="2015", until=value),
            lambda: loaded.status(as_of=value),
            lambda: loaded.positions(as_of=value),
            lambda: loaded.positions(draft=RU, as_of=value),
        ):
            with pytest.raises((TrackerError, ValueError)):
                call()
    assert dump(loaded) == before


def test_services_refuse_a_malformed_date_as_input_error(loaded):
    for call in (lambda: loaded.status(as_of="2015-11-19' OR 1=1"),
                 lambda: loaded.positions(as_of="2015-11-19' OR 1=1"),
                 lambda: loaded.events(since="x' OR '1'='1"),
                 lambda: loaded.events(until="2015-11-19; DROP TABLE events")):
        with pytest.raises(InputError):
            call()


def test_a_like_character_in_the_source_filter_matches_only_itself(loaded):
    everything = loaded.events()
    assert any("_" in row.source.ref for row in everything)
    for text in SOURCE_PATTERNS:
        assert [row.id for row in loaded.events(source=text)] == literal_matches(loaded, text), text
    assert loaded.events(source="scenario-2015") and loaded.events(source="0_c2")
    assert loaded.events(source="%") == loaded.events(source="_a_") == []


def test_the_source_filter_does_not_fold_case(loaded):
    assert loaded.events(source="scenario-2015")
    assert loaded.events(source="SCENARIO-2015") == []


def test_a_nul_character_in_a_filter_matches_nothing(loaded, dump):
    # Not reachable from a shell (no NUL in a command line), only through the services.
    before = dump(loaded)
    try:
        for call in (lambda: loaded.history("RU\x00ISIL"), lambda: loaded.events(draft="RU\x00ISIL"),
                     lambda: loaded.positions(draft="RU\x00ISIL"), lambda: loaded.events(source="\x00")):
            no_rows_or_refused(call)
    finally:
        assert dump(loaded) == before


def test_sql_refuses_every_write(loaded, dump):
    before = dump(loaded)
    for statement in WRITES + HOSTILE:
        try:
            loaded.sql(statement)
        except TrackerError:
            continue
        assert statement not in WRITES, statement
    assert dump(loaded) == before


def test_writing_services_take_hostile_paths_as_plain_paths(loaded, dump):
    before = dump(loaded)
    for value in HOSTILE:
        with pytest.raises(InputError):
            loaded.replay([value + ".yaml"])
        with pytest.raises(InputError):
            loaded.replay([value])
        if len(value) <= 255:  # a longer one cannot be a file name: see the next test
            with pytest.raises(InputError):
                loaded.ingest([value])
    loaded.rebuild()
    assert dump(loaded) == before


def test_ingest_refuses_a_path_too_long_for_a_file_name_as_input_error(loaded, dump):
    before = dump(loaded)
    try:
        with pytest.raises(InputError):
            loaded.ingest(["x" * 300])
    finally:
        assert dump(loaded) == before


def test_hostile_values_in_a_script_are_stored_as_given(loaded, dump, write_script):
    before = dump(loaded)
    # An id with a line break is refused as an id (it would fake a row in a report); as a filter it is bound.
    drafts = [value for value in HOSTILE if len(value) <= 100 and id_problem(value) is None]
    script = write_script(yaml.safe_dump([
        {"event": "drafting", "draft": draft, "label": draft, "sponsors": ["RUS"], "date": "2015-12-01",
         "source": draft, "quote": "'); DROP TABLE drafts; --"} for draft in drafts
    ], allow_unicode=True), name="x' OR '1'='1; --.yaml")
    [report] = loaded.replay([script])
    assert report.added == len(drafts)

    after = dump(loaded)
    for table in ("countries", "council_seats", "articles"):
        assert after[table] == before[table], table
    assert set(map(repr, before["events"])) <= set(map(repr, after["events"]))
    for draft in drafts:
        [event] = loaded.history(draft)
        assert (event.draft, event.source.cited) == (draft, draft)
        assert [row.id for row in loaded.events(draft=draft)] == [event.id]
    listed = {row.id: row for row in loaded.status()}
    assert set(drafts) <= set(listed)
    assert all(listed[draft].label == draft for draft in drafts)
    assert len(loaded.events(source=script.name)) == len(drafts)
    assert len(loaded.events(draft=RU)) == len([e for e in before["events"] if e[1] == RU])


def test_an_article_with_a_hostile_name_is_stored_under_that_name(loaded, tmp_path, dump):
    before = dump(loaded)
    folder = tmp_path / "news"
    folder.mkdir()
    name = "x' OR '1'='1; DROP TABLE articles; -- %_.txt"
    # Not a byte-for-byte copy: the same text under another name is the article already stored.
    (folder / name).write_bytes((SEEDS / "000_c2a597a5a44571bd.txt").read_bytes() + b"\n")
    [report] = loaded.ingest([folder / name], published="2015-11-18")
    assert report.outcome == "added" and report.events > 0
    assert [row.path for row in loaded.articles() if name in row.path] == [f"news/{name}"]
    stored = loaded.events(source=name)
    assert len(stored) == report.events
    assert {row.source.ref for row in stored} == {f"news/{name}"}
    after = dump(loaded)
    assert set(map(repr, before["articles"])) < set(map(repr, after["articles"]))
    assert set(map(repr, before["events"])) <= set(map(repr, after["events"]))


# --- the CLI ----------------------------------------------------------------------------

# A sample of each kind (every one of HOSTILE goes through the services above): quotes and
# comments, a line break, LIKE and parameter-marker characters, unicode, a very long value, NUL.
CLI_VALUES = ["x' OR '1'='1", "RU-ISIL-2015'; DROP TABLE events; --", "RU-ISIL-2015\n' OR 1=1 --", "%", "_",
              "\\", '" OR ""="', "%s", ":draft", "Ω≈ç√ 安全理事会 🇺🇳", "RUS' --", "2015-11-19' OR 1=1",
              "x" * 10_000, "RU\x00ISIL"]


@pytest.fixture
def run(loaded):
    runner = CliRunner()
    url = loaded.engine.url.render_as_string(hide_password=False)

    def invoke(*args):
        return runner.invoke(cli, ["--db", url, *args], catch_exceptions=False)

    return invoke


def clean(result, args) -> None:
    """Exit 0, or 1 or 2 with one ``Error:`` line; never a traceback."""
    shown = [a[:40] for a in args]
    assert result.exit_code in (0, 1, 2), (shown, result.output[-2000:])
    assert "Traceback" not in result.output, shown
    if result.exit_code:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, (shown, result.stderr[-2000:])


def test_every_command_takes_hostile_values_on_the_command_line(loaded, run, dump):
    before = dump(loaded)
    for value in CLI_VALUES:
        for args in (
            ["history", "--json", "--", value],
            ["events", "--json", f"--draft={value}"],
            ["events", "--json", f"--type={value}"],
            ["events", "--json", f"--draft={RU}", f"--type={value}"],
            ["positions", "--json", f"--draft={value}"],
            ["positions", "--json", f"--member={value}"],
            ["positions", "--json", f"--draft={RU}", f"--member={value}", "--as-of=2015-11-19"],
        ):
            result = run(*args)
            clean(result, args)
            if result.exit_code == 0:
                assert json.loads(result.stdout) == [], args

        args = ["events", "--json", f"--source={value}"]
        result = run(*args)
        clean(result, args)
        if result.exit_code == 0:
            assert [row["id"] for row in json.loads(result.stdout)] == literal_matches(loaded, value)

        for args in (  # refused as bad input before any query
            ["events", f"--status={value}"],
            ["events", f"--since={value}"],
            ["events", f"--until={value}"],
            ["events", f"--limit={value}"],
            ["status", f"--as-of={value}"],
            ["positions", f"--as-of={value}"],
            ["members", f"--on={value}"],
        ):
            result = run(*args)
            clean(result, args)
            assert result.exit_code == 2, args

        result = run("sql", "--", value)
        clean(result, ["sql", value])
        assert result.exit_code in (1, 2), value
        if "\x00" in value:
            continue  # no path holds NUL (nor does a real command line); click's os.stat raises ValueError
        for args in (["ingest", "--", value], ["replay", "--", value], ["replay", "--", value + ".yaml"]):
            result = run(*args)
            clean(result, args)
            assert result.exit_code == 2, args

    for statement in WRITES:
        result = run("sql", "--", statement)
        clean(result, ["sql", statement])
        assert result.exit_code == 1, statement
    result = run("rebuild")
    clean(result, ["rebuild"])
    assert result.exit_code == 0
    assert dump(loaded) == before


def test_a_script_with_an_over_long_draft_id_is_stored_or_refused_whole(run, loaded, dump, write_script):
    before = dump(loaded)
    draft = "x' OR '1'='1" * 20  # 240 characters: drafts.id holds 100
    script = write_script(yaml.safe_dump([{"event": "drafting", "draft": draft, "sponsors": ["FRA"],
                                           "date": "2015-12-01"}]))
    result = run("replay", str(script))
    clean(result, ["replay", str(script)])
    if result.exit_code == 0:  # SQLite keeps the whole id
        [event] = json.loads(run("history", "--json", "--", draft).stdout)
        assert event["draft"] == draft
    else:  # PostgreSQL refuses it: nothing of the script is stored
        assert dump(loaded) == before

"""The ``tracker`` command: parse, call a use case, print.

Start-up stays fast: each command imports its use case when it runs. Reports
read through the database's driver (no SQLAlchemy, no Alembic); writers load
SQLAlchemy, and Alembic only when a schema changes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

import click

from tracker import DISTRIBUTION
from tracker.config import ENV_VAR, REPLAY_BATCH
from tracker.errors import TrackerError
from tracker import terminal

STATUS_CODES = "Exit status: 0 success, 1 refused (e.g. no such draft), 2 bad input."


class DateParam(click.ParamType):
    """YYYY-MM-DD (or, where allowed, YYYY-MM / YYYY)."""

    name = "DATE"

    def __init__(self, partial: bool = False):
        self.partial = partial

    def convert(self, value, param, ctx):
        from tracker.domain.dates import PartialDate

        try:
            parsed = PartialDate.parse(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)
        if not self.partial and parsed.precision != "day":
            self.fail(f"{value!r}: give a full date YYYY-MM-DD", param, ctx)
        return str(parsed)


def _say(text: str, err: bool = False) -> None:
    """Print a line of text, any control or invisible character in it (from a source) shown escaped."""
    click.echo(terminal.shown(text), err=err)


def reports_errors(command):
    """Turn the tracker's errors into one line on stderr and the matching exit status."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            _check_text_arguments(kwargs)
            return command(*args, **kwargs)
        except TrackerError as err:
            _say(f"Error: {err}", err=True)
            sys.exit(err.exit_code)
        except Exception as err:  # a database that cannot be reached or read
            if type(err).__module__.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg"):
                reason = str(getattr(err, "orig", None) or err).splitlines()[0]
                if reason == "database is locked":
                    reason += " (another tracker process kept writing for more than 10 minutes)"
                _say(f"Error: database: {reason}", err=True)
                sys.exit(1)
            raise

    return wrapper


# Arguments that name files: one whose name is not UTF-8 is refused by name with the others read.
FILE_ARGUMENTS = frozenset({"paths", "scripts", "key", "root"})


def _check_text_arguments(arguments: dict) -> None:
    """Ids, filters and the database URL are text: bytes that are not UTF-8 are bad input, in one line."""
    from tracker.domain.sources import is_text_name, shown_path
    from tracker.errors import InputError

    context = click.get_current_context(silent=True)
    given = {"db": (context.find_root().obj or {}).get("db")} if context is not None else {}
    given.update((name, value) for name, value in arguments.items() if name not in FILE_ARGUMENTS)
    for name, value in given.items():
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str) and not is_text_name(text):
                raise InputError(f"{name.rstrip('_')} '{shown_path(text)}' is not UTF-8 text")


def _engine(ctx: click.Context):
    """An engine for the --db database (reports need no more than this)."""
    from tracker.store.db import make_engine

    return make_engine(ctx.obj["db"])


def _tracker(ctx: click.Context):
    from tracker.services import Tracker

    return Tracker(ctx.obj["db"])


def _json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str, allow_nan=False))


@dataclass(frozen=True)
class Column:
    """A table column: its heading and what it shows of a row (the row's ``key`` by default)."""

    key: str
    heading: str
    show: Callable | None = None
    width: int | None = None  # longer text is cut, with an ellipsis

    def value(self, row):
        if self.show is not None:
            return self.show(row)
        return row[self.key] if isinstance(row, dict) else getattr(row, self.key)


@dataclass(frozen=True)
class Listing:
    """What a report command returns: its rows (typed, or dicts) and how a table shows them."""

    rows: list
    columns: list[Column]
    fields: list[str]  # the keys of a row's JSON form: the CSV header
    group_by: str | None = None  # in a table: one titled table per value of this column


def output_options(command):
    """Give a report command --json and --csv; it returns a Listing, printed as a table by default.

    The rows may be an iterator read from the database as they are printed: they are
    printed as they come (a table a group at a time), never all held at once.
    """

    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header line; nested values as JSON.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @wraps(command)
    def wrapper(*args, as_json: bool, as_csv: bool, **kwargs):
        if as_json and as_csv:
            raise click.UsageError("choose one of --json and --csv")
        listing = command(*args, **kwargs)
        show = _print_json if as_json else _csv if as_csv else _print_listing
        reports_errors(show)(listing)  # reading rows while printing fails as the command itself would

    return wrapper


def _record(row) -> dict:
    return row if isinstance(row, dict) else row.as_dict()


class _Output:
    """Text for stdout, written a few hundred kilobytes at a time (a write per row is slow)."""

    LIMIT = 1 << 18

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            click.echo("".join(self.parts), nl=False)
        self.parts, self.size = [], 0


def _print_json(listing: Listing) -> None:
    """The rows as one JSON list, exactly as ``_json`` prints a list, written a row at a time."""
    out = _Output()
    opened = False
    for row in listing.rows:
        text = json.dumps(_record(row), indent=2, ensure_ascii=False, default=str, allow_nan=False)
        out.write((",\n  " if opened else "[\n  ") + text.replace("\n", "\n  "))
        opened = True
    out.write("\n]\n" if opened else "[]\n")
    out.flush()


def _csv(listing: Listing) -> None:
    import csv

    out = _Output()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(listing.fields)
    for row in listing.rows:
        record = _record(row)
        writer.writerow([_csv_cell(record.get(name)) for name in listing.fields])
    out.flush()


def _csv_cell(value):
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _print_listing(listing: Listing) -> None:
    out = _Output()
    if listing.group_by is None:
        _write_table(out, listing.rows, listing.columns)
        out.flush()
        return
    from itertools import groupby

    group = next(column for column in listing.columns if column.key == listing.group_by)
    shown = [column for column in listing.columns if column is not group]
    # The rows of one group come together (reports order them so): one pass, a group at a time.
    for index, (title, rows) in enumerate(groupby(listing.rows, key=group.value)):
        out.write(("\n" if index else "") + terminal.shown(title) + "\n")
        _write_table(out, list(rows), shown)
    out.flush()


def _table(rows, columns: list[Column]) -> None:
    """Print rows as aligned columns under their headings."""
    out = _Output()
    _write_table(out, rows, columns)
    out.flush()


def _write_table(out: _Output, rows, columns: list[Column]) -> None:
    from tracker import table

    rows = list(rows)
    cells = [[column.heading, *_column_cells(column, rows)] for column in columns]
    out.write("\n".join(table.column_lines(cells)) + "\n")


def _column_cells(column: Column, rows: list) -> list[str]:
    """What ``_cell`` makes of each row's value in this column, a column at a time (a table's rows are of one kind)."""
    from operator import attrgetter, itemgetter

    if column.show is not None:
        values = map(column.show, rows)
    else:
        values = map((itemgetter if rows and isinstance(rows[0], dict) else attrgetter)(column.key), rows)
    texts = list(values)
    if set(map(type, texts)) - {str}:
        texts = [value if type(value) is str else "-" if value is None else _text(value) for value in texts]
    everything = "".join(texts)
    if not (everything.isascii() and everything.isprintable()):  # some cell holds what must be shown escaped
        texts = list(map(terminal.shown, texts))
    width = column.width
    if width and max(map(len, texts), default=0) > width:
        texts = [text if len(text) <= width else text[: width - 1] + "…" for text in texts]  # as _cut does
    return texts


def _cell(value, width: int | None) -> str:
    """A value as a table shows it: ``-`` for nothing, escapes for what a terminal would obey, cut to ``width``."""
    return _cut(terminal.shown(_text(value)), width)  # cut and padded as displayed


def _text(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value)) or "-"
    return str(value)


def _cut(text: str, width: int | None) -> str:
    if width and len(text) > width:
        return text[: width - 1] + "…"
    return text


def _source_text(source) -> str:
    if source is None:
        return "-"
    return f"{source.location} ({source.cited})" if source.cited else source.location


@click.group(epilog=STATUS_CODES)
@click.option("--db", envvar=ENV_VAR, metavar="URL",
              help=f"Database: a SQLAlchemy URL or a SQLite file path [env {ENV_VAR}; default tracker.db].")
@click.version_option(package_name=DISTRIBUTION)
@click.pass_context
def cli(ctx, db):
    """Track UN Security Council draft resolutions and where each member stands.

    Events, each with its source, come from news articles (ingest) and from
    analysts' scripts (replay); they drive every draft through its
    lifecycle. Reports show each draft's state and every Council member's
    position, now or on any past date, as a table, --json or --csv.

    \b
    Example:
        tracker ingest seeds/
        tracker replay seeds/scenario-2015.yaml
        tracker status
        tracker positions --draft RU-ISIL-2015 --as-of 2015-11-19
    """
    ctx.obj = {"db": db}
    _show_warnings()


def _show_warnings() -> None:
    """The tracker's warnings as one ``Warning: ...`` line on stderr; others as Python shows them."""
    import warnings

    from tracker.errors import TrackerWarning

    shown = warnings.showwarning
    if getattr(shown, "tracker", False):
        return

    def show(message, category, *args, **kwargs):
        if issubclass(category, TrackerWarning):
            _say(f"Warning: {message}", err=True)
        else:
            shown(message, category, *args, **kwargs)

    show.tracker = True
    warnings.showwarning = show


@cli.command()
@click.pass_context
@reports_errors
def init(ctx):
    """Create or upgrade the database schema; load the Council data.

    Safe to run again: a database at the latest revision is left as it is.
    Replay and ingest run it themselves on a new database.

    \b
    Example:
        tracker --db postgresql://localhost/tracker init
    """
    from tracker.usecases import admin

    engine = _engine(ctx)
    revision = admin.init(engine)
    _say(f"{admin.shown_url(engine)} is at revision {revision}")


@cli.command()
@click.argument("scripts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Refuse a script with any move the lifecycle forbids.")
@click.option("--dry-run", is_flag=True, help="Check and apply, report, then roll back.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--batch-size", type=click.IntRange(min=1), default=REPLAY_BATCH, show_default=True, metavar="N",
              help="Events held in memory at a time; the result does not depend on it.")
@click.option("--root", type=click.Path(file_okay=False), metavar="DIR",
              help="Name sources by their path below DIR (default: below the folder holding each path given).")
@click.pass_context
@reports_errors
def replay(ctx, scripts, strict, dry_run, as_json, batch_size, root):
    """Replay event scripts (YAML or JSON Lines) into the database.

    The scripts are one transaction: a bad script (its file and line are
    named) writes nothing, nor do the others. Replaying a script again adds
    nothing. Without --strict, a forbidden move is stored as a conflict with
    its reason.

    \b
    Example:
        tracker replay seeds/scenario-2015.yaml
    """
    reports = _tracker(ctx).replay(scripts, strict=strict, dry_run=dry_run, batch_size=batch_size, root=root)
    if as_json:
        _json([r.as_dict() for r in reports])
        return
    for report in reports:
        r = report.as_dict()
        prefix = "would add" if dry_run else "added"
        _say(f"{r['path']}: {r['read']} events, {prefix} {r['added']}, {r['already_stored']} already stored; "
                   f"{r['applied']} applied, {len(r['conflicts'])} conflicts, {r['noted']} noted, "
                   f"{r['duplicates']} duplicates")
        for conflict in r["conflicts"]:
            _say(f"  {r['path']}:{conflict['line']}: conflict: {conflict['event']} on "
                       f"{conflict['draft']}: {conflict['reason']}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--date", "published", type=DateParam(), help="Publication date of the articles (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON (the format README describes).")
@click.option("--root", type=click.Path(file_okay=False), metavar="DIR",
              help="Name sources by their path below DIR (default: below the folder holding each path given).")
@reports_errors
def extract(paths, published, as_json, root):
    """Print the events found in articles; no database needed.

    PATHS are files or folders. Reads .txt, .md and .html. The publication date comes from --date, a
    header block at the top of the file, an articles.yaml manifest in the
    folder, or the dateline, in that order.

    \b
    Example:
        tracker extract seeds/ --json > events.json
    """
    from tracker.usecases.ingest import extract as extract_articles

    refused: list = []
    articles, findings = extract_articles(paths, published=published, refused=refused, root=root)
    for article in articles:
        for warning in article.warnings:
            _say(f"Warning: {warning}", err=True)
    if as_json:
        _json([finding.as_json() for finding in findings])
    else:
        rows = [{**finding.as_json(), "draft_id": finding.draft.id, "article": finding.article,
                 "quote": finding.quote, "detail": _finding_detail(finding)} for finding in findings]
        _table(rows, [Column("article", "ARTICLE", width=28), Column("date", "DATE"), Column("type", "EVENT"),
                      Column("draft_id", "DRAFT"), Column("members", "MEMBERS"),
                      Column("detail", "DETAILS", width=30), Column("quote", "QUOTE", width=70)])
    _exit_if_refused([str(error) for error in refused])


def _finding_detail(finding) -> str:
    parts = []
    if finding.stance:
        parts.append(finding.stance)
    if finding.tally is not None:
        parts.append(f"votes {finding.tally}" + "".join(f" {k}={v}" for k, v in sorted(finding.tally.ballots.items())))
    if finding.into is not None:
        parts.append(f"into {finding.into.id}")
    if finding.factuality != "asserted":
        parts.append(finding.factuality)
    return "; ".join(parts) or "-"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--date", "published", type=DateParam(), help="Publication date of the articles (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--root", type=click.Path(file_okay=False), metavar="DIR",
              help="Name sources by their path below DIR (default: below the folder holding each path given).")
@click.pass_context
@reports_errors
def ingest(ctx, paths, published, as_json, root):
    """Read articles' events into the database, one article at a time.

    Each article is one transaction. Ingesting an unchanged article again adds nothing (its content hash is
    stored); a changed article replaces its own events. A file that cannot
    be an article (over 5 MB, binary, unreadable) is reported and skipped;
    the rest are ingested and the exit status is 2.

    \b
    Example:
        tracker ingest seeds/
        tracker status
    """
    tracker = _tracker(ctx)

    def progress(articles):
        if len(articles) < 10 or as_json:
            return articles
        return click.progressbar(articles, label="Ingesting", file=sys.stderr,
                                 item_show_func=lambda a: terminal.shown(a.path) if a else "")

    reports = tracker.ingest(paths, published=published, progress=lambda items: _progress(progress, items), root=root)
    for report in reports:
        for warning in report.warnings:
            _say(f"Warning: {warning}", err=True)
    refused = [report.error for report in reports if report.outcome == "refused"]
    if as_json:
        _json([r.as_dict() for r in reports])
    else:
        outcomes = {outcome: sum(r.outcome == outcome for r in reports)
                    for outcome in ("added", "replaced", "unchanged")}
        _say(f"{len(reports)} articles: {outcomes['added']} added, {outcomes['replaced']} replaced, "
                   f"{outcomes['unchanged']} unchanged" + (f", {len(refused)} refused" if refused else "")
                   + f"; {sum(r.events for r in reports)} events stored")
        for report in reports:
            for conflict in report.conflicts:
                _say(f"  {report.path}: conflict: {conflict['event']} on {conflict['draft']}: "
                           f"{conflict['reason']}")
    _exit_if_refused(refused)


def _exit_if_refused(refused: list) -> None:
    """One error line per refused file (one for a folder's bad manifest), then exit 2: the others were read."""
    for error in dict.fromkeys(refused):
        _say(f"Error: {error}", err=True)
    if refused:
        sys.exit(2)


def _progress(make_bar, items):
    bar = make_bar(items)
    if bar is items:
        yield from items
        return
    with bar as shown:
        yield from shown


@cli.command()
@click.argument("key", type=click.Path(exists=True, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--extracted", type=click.File(encoding="utf-8"), metavar="FILE",
              help="Score this `extract --json` output instead of extracting again.")
@click.option("--verbose", "-v", is_flag=True, help="List what was missed and what was extra.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@reports_errors
def score(key, paths, extracted, verbose, as_json):
    """Score extraction against an answer KEY.

    KEY is YAML, like seeds/gold.yaml. Extracts the articles in PATHS (default: the key's folder) and prints
    precision, recall and F1 for events and for positions, and trap hits.

    \b
    Example:
        tracker score seeds/gold.yaml
    """
    from tracker.usecases.reports import score as score_extraction

    from tracker.errors import InputError

    found = None
    if extracted is not None:
        try:
            found = json.load(extracted)
        except UnicodeDecodeError as error:
            raise InputError(f"not UTF-8 (byte {error.start})", extracted.name) from None
        except json.JSONDecodeError as error:
            raise InputError(f"not valid JSON: {error.msg}", extracted.name, error.lineno) from None
    result = score_extraction(key, paths, found, extracted.name if extracted is not None else None)
    if as_json:
        _json(result)
        return
    for part in ("events", "positions"):
        r = result[part]
        _say(f"{part:9}  precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                   f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    _say(f"trap hits  {result['trap_hits']}")
    if result["event_dates_right"] is not None:
        _say(f"matched events with the right date {result['event_dates_right']:.3f}, "
                   f"the right members {result['event_members_right']:.3f}")
    if result["vote_tallies_exact"] is not None:
        _say(f"vote events found with the key's exact tally {result['vote_tallies_exact']:.3f}")
    if verbose:
        for line in result["missed"]:
            _say(f"  missed: {line}")
        for line in result["extra"]:
            _say(f"  extra:  {line}")
        for line in result["trap_details"]:
            _say(f"  trap:   {line}")


@cli.command()
@click.option("--as-of", type=DateParam(), help="Report the state on this date (YYYY-MM-DD).")
@click.pass_context
@output_options
@reports_errors
def status(ctx, as_of):
    """Each draft's state, sponsors, last event and resolution.

    Also the date of the last event and the drafts it may be merged into.

    \b
    Example:
        tracker status --as-of 2015-11-19
    """
    from tracker.usecases import reports
    from tracker.usecases.rows import StatusRow

    return Listing(reports.status(ctx.obj["db"], as_of=as_of), STATUS_COLUMNS, StatusRow.field_names())


def _merges_text(row) -> list[str]:
    return [merge.into + (f" ({merge.factuality})" if merge.factuality != "asserted" else "")
            for merge in row.pending_merges]


STATUS_COLUMNS = [Column("id", "DRAFT"), Column("state", "STATE"), Column("sponsors", "SPONSORS"),
                  Column("last_event", "LAST EVENT"), Column("last_event_date", "DATE"),
                  Column("pending_merges", "PENDING MERGE INTO", _merges_text), Column("resolution", "RESOLUTION"),
                  Column("label", "LABEL", width=50)]


@cli.command()
@click.option("--draft", metavar="DRAFT", help="Only this draft.")
@click.option("--member", metavar="MEMBER", help="Only this member (code or name).")
@click.option("--as-of", type=DateParam(), help="Positions on this date (YYYY-MM-DD).")
@click.pass_context
@output_options
@reports_errors
def positions(ctx, draft, member, as_of):
    """Where each Council member stands on each draft.

    Each stance comes with its date and source. Lists the Council sitting on --as-of (or on the date of the draft's last
    event): "unknown" where no source gives a stance. States off the Council
    that stated a position come after the members.

    \b
    Example:
        tracker positions --draft RU-ISIL-2015 --as-of 2015-11-19
    """
    from tracker.usecases import reports
    from tracker.usecases.rows import PositionRow

    rows = reports.iter_positions(ctx.obj["db"], draft=draft, member=member, as_of=as_of)
    return Listing(rows, POSITION_COLUMNS, PositionRow.field_names(), group_by="draft")


POSITION_COLUMNS = [Column("draft", "DRAFT"), Column("member", "MEMBER"), Column("name", "NAME", width=22),
                    Column("stance", "STANCE"), Column("since", "SINCE"),
                    Column("source", "SOURCE", lambda row: _source_text(row.source), width=45),
                    Column("quote", "QUOTE", lambda row: row.source.quote if row.source else None, width=60)]


def _event_detail(row) -> str:
    """The event's details, and what the table has no column for: hedging, a conflict's reason, corroboration."""
    details = {key: value for key, value in row.details.items() if key != "label"}
    if row.factuality != "asserted":
        details["factuality"] = row.factuality
    if row.reason:
        details["reason"] = row.reason
    if row.retracted is not None:
        details["retracted"] = row.retracted.at
    if row.sources_reporting > 1:
        details["sources"] = row.sources_reporting
    return "; ".join(f"{key}={_cell(value, None)}" for key, value in details.items())


def _event_listing(rows: list, with_draft: bool) -> Listing:
    from tracker.usecases.rows import EventRow

    columns = [Column("id", "ID"), Column("draft", "DRAFT"), Column("date", "DATE"), Column("type", "EVENT"),
               Column("status", "STATUS"), Column("members", "MEMBERS"),
               Column("details", "DETAILS", _event_detail, width=60),
               Column("source", "SOURCE", lambda row: _source_text(row.source), width=60)]
    if not with_draft:  # a draft's history: every row is that draft's
        columns = [column for column in columns if column.key != "draft"]
    return Listing(rows, columns, EventRow.field_names())


@cli.command()
@click.argument("draft")
@click.option("--all", "show_all", is_flag=True, help="Also the claims a later version of their article took back.")
@click.pass_context
@output_options
@reports_errors
def history(ctx, draft, show_all):
    """One DRAFT's timeline: its events, their verdicts and sources.

    Events are in the order they apply (by date; undated ones where their
    source tells them).

    \b
    Example:
        tracker history RU-ISIL-2015
        tracker history RU-ISIL-2015 --all
    """
    from tracker.usecases import reports

    return _event_listing(reports.history(ctx.obj["db"], draft, retracted=show_all), with_draft=False)


@cli.command()
@click.option("--draft", metavar="DRAFT", help="Only this draft.")
@click.option("--type", "type_", metavar="TYPE", help="Only this event type (proposed, vote, position, ...).")
@click.option("--status", type=click.Choice(["applied", "conflict", "noted", "duplicate"]), help="Only this verdict.")
@click.option("--source", help="Only sources whose path contains this text.")
@click.option("--since", type=DateParam(partial=True), help="From this date (YYYY[-MM[-DD]]).")
@click.option("--until", type=DateParam(), help="Up to this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1, max=2**63 - 1), metavar="N",
              help="At most this many events.")
@click.pass_context
@output_options
@reports_errors
def events(ctx, draft, type_, status, source, since, until, limit):
    """The event log, filtered, in the order events apply.

    Each event shows its verdict: applied, conflict (a move the lifecycle
    forbids, with the reason), noted (hedged or a stance) or duplicate.

    \b
    Example:
        tracker events --status conflict
        tracker events --draft RU-ISIL-2015 --since 2015-11 --csv
    """
    from tracker.usecases import reports

    rows = reports.events(ctx.obj["db"], draft=draft, type=type_, status=status, source=source, since=since,
                          until=until, limit=limit)
    return _event_listing(rows, with_draft=True)


@cli.command()
@click.option("--on", type=DateParam(), help="The day (YYYY-MM-DD); default today.")
@output_options
@reports_errors
def members(on):
    """The Council's members on a day, permanent members first.

    \b
    Example:
        tracker members --on 2015-11-20
    """
    from tracker.domain.council import covered_until
    from tracker.usecases import reports
    from tracker.usecases.rows import MemberRow

    day = on or dt.date.today().isoformat()
    rows = reports.members(day)
    if day > covered_until().isoformat():
        _say(f"Warning: the Council data is complete up to {covered_until()}; "
                   f"members elected for later terms are missing.", err=True)
    seat = Column("permanent", "SEAT", lambda row: "permanent" if row.permanent else "elected")
    return Listing(rows, [Column("code", "CODE"), Column("name", "NAME"), seat], MemberRow.field_names())


@cli.command()
@click.pass_context
@reports_errors
def rebuild(ctx):
    """Recompute the drafts, positions and lineage tables.

    They are a cache of the log; rebuilding changes what they hold only if
    they had drifted from it.
    """
    result = _tracker(ctx).rebuild()
    _say(f"rebuilt {result['drafts']} drafts from {result['events']} events "
               f"({result['verdicts_changed']} verdicts changed)")


@cli.command()
@click.argument("statement")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True,
              metavar="SECONDS", help="Stop the query after this long.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True, metavar="N",
              help="Print at most this many rows (a warning says when there were more).")
@click.pass_context
@output_options
@reports_errors
def sql(ctx, statement, timeout, max_rows):
    """Run one read-only SQL query and print the rows.

    The connection cannot write: a statement that would (INSERT, UPDATE,
    DELETE, DROP, ATTACH, a pragma that sets something, several statements
    in one string) is refused and changes nothing. On PostgreSQL it runs as
    the tracker's reader role (see README). A repeated column name gets _2,
    _3, ...; in JSON, a number that is not finite is a string ("NaN",
    "Infinity"). The tables and views are described in README ("Querying the
    database directly").

    \b
    Example:
        tracker sql "SELECT id, state FROM draft_status"
        tracker sql "SELECT member, stance FROM current_positions WHERE draft = 'RU-ISIL-2015'" --csv
    """
    from tracker.usecases import admin

    result = admin.sql(_engine(ctx), statement, timeout=timeout, max_rows=max_rows)
    if result.truncated:
        _say(f"Warning: only the first {max_rows} rows are shown (--max-rows N shows more)", err=True)
    rows = [dict(zip(result.columns, map(_finite, row))) for row in result.rows]
    return Listing(rows, [Column(name, name) for name in result.columns], result.columns)


def _finite(value):
    """JSON has no NaN or infinity: such a number is shown as its name."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


@cli.command()
def diagram():
    """Print the draft lifecycle as a Mermaid state diagram.

    \b
    Example:
        tracker diagram > lifecycle.mmd
    """
    from tracker.usecases.reports import diagram as lifecycle_diagram

    click.echo(lifecycle_diagram())

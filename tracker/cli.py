"""The ``tracker`` command: parse, call a service, print.

Start-up stays fast: SQLAlchemy and Alembic are imported only inside the
commands that open a database.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from functools import wraps

import click

from tracker.config import ENV_VAR
from tracker.errors import TrackerError

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


def reports_errors(command):
    """Turn the tracker's errors into one line on stderr and the matching exit status."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except TrackerError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(err.exit_code)
        except Exception as err:  # a database that cannot be reached or read
            if type(err).__module__.startswith("sqlalchemy"):
                reason = str(getattr(err, "orig", None) or err).splitlines()[0]
                if reason == "database is locked":
                    reason += " (another tracker process kept writing for more than 10 minutes)"
                click.echo(f"Error: database: {reason}", err=True)
                sys.exit(1)
            raise

    return wrapper


def _tracker(ctx: click.Context):
    from tracker.services import Tracker

    return Tracker(ctx.obj["db"])


def _json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _table(rows: list[dict], columns: list[tuple[str, str]], widths: dict[str, int] | None = None) -> None:
    """Print rows as aligned columns; ``columns`` are (key, heading) pairs."""
    widths = widths or {}
    cells = [[_cell(row.get(key), widths.get(key)) for key, _ in columns] for row in rows]
    headings = [heading for _, heading in columns]
    sizes = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(headings)]
    click.echo("  ".join(h.ljust(s) for h, s in zip(headings, sizes)).rstrip())
    for line in cells:
        click.echo("  ".join(c.ljust(s) for c, s in zip(line, sizes)).rstrip())


def _cell(value, width: int | None) -> str:
    if value is None:
        text = "-"
    elif isinstance(value, (list, tuple)):
        text = ",".join(map(str, value)) or "-"
    else:
        text = str(value)
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _source_text(source: dict | None) -> str:
    if not source:
        return "-"
    where = source["ref"] if "line" not in source else f"{source['ref']}:{source['line']}"
    return f"{where} ({source['cited']})" if source.get("cited") else where


@click.group(epilog=STATUS_CODES)
@click.option("--db", envvar=ENV_VAR, metavar="URL",
              help=f"Database: a SQLAlchemy URL or a SQLite file path [env {ENV_VAR}; default tracker.db].")
@click.version_option(package_name="resolution-tracker")
@click.pass_context
def cli(ctx, db):
    """Track UN Security Council draft resolutions and where each member stands.

    Events (from replay scripts, each with its source) drive every draft
    through its lifecycle; reports show each draft's state and every Council
    member's position, now or at any past date.

    \b
    Example:
        tracker replay seeds/scenario-2015.yaml
        tracker status
        tracker positions --draft RU-ISIL-2015 --as-of 2015-11-19
    """
    ctx.obj = {"db": db}


@cli.command()
@click.pass_context
@reports_errors
def init(ctx):
    """Create or upgrade the database schema and load the Council data."""
    tracker = _tracker(ctx)
    revision = tracker.init()
    click.echo(f"{tracker.url} is at revision {revision}")


@cli.command()
@click.argument("scripts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Refuse a script with any move the lifecycle forbids.")
@click.option("--dry-run", is_flag=True, help="Check and apply, report, then roll back.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Events held in memory at a time; the result does not depend on it.")
@click.pass_context
@reports_errors
def replay(ctx, scripts, strict, dry_run, as_json, batch_size):
    """Replay event scripts (YAML or JSON Lines) into the database.

    The scripts are one transaction: a bad script (its file and line are
    named) writes nothing, nor do the others. Replaying a script again adds
    nothing. Without --strict, a forbidden move is stored as a conflict with
    its reason.

    \b
    Example:
        tracker replay seeds/scenario-2015.yaml
    """
    reports = _tracker(ctx).replay(scripts, strict=strict, dry_run=dry_run, batch_size=batch_size)
    if as_json:
        _json([r.as_dict() for r in reports])
        return
    for report in reports:
        r = report.as_dict()
        prefix = "would add" if dry_run else "added"
        click.echo(f"{r['path']}: {r['read']} events, {prefix} {r['added']}, {r['already_stored']} already stored; "
                   f"{r['applied']} applied, {len(r['conflicts'])} conflicts, {r['noted']} noted, "
                   f"{r['duplicates']} duplicates")
        for conflict in r["conflicts"]:
            click.echo(f"  {r['path']}:{conflict['line']}: conflict: {conflict['event']} on "
                       f"{conflict['draft']}: {conflict['reason']}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--date", "published", type=DateParam(), help="Publication date of the articles (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON (the format README describes).")
@reports_errors
def extract(paths, published, as_json):
    """Print the events found in articles (files or folders); no database needed.

    Reads .txt, .md and .html. The publication date comes from --date, a
    header block at the top of the file, an articles.yaml manifest in the
    folder, or the dateline, in that order.

    \b
    Example:
        tracker extract seeds/ --json > events.json
    """
    from tracker.services import extract as extract_articles

    refused: list = []
    articles, findings = extract_articles(paths, published=published, refused=refused)
    for article in articles:
        for warning in article.warnings:
            click.echo(f"Warning: {warning}", err=True)
    if as_json:
        _json([finding.as_json() for finding in findings])
    else:
        rows = [{**finding.as_json(), "draft_id": finding.draft.id, "article": finding.article,
                 "quote": finding.quote, "detail": _finding_detail(finding)} for finding in findings]
        _table(rows, [("article", "ARTICLE"), ("date", "DATE"), ("type", "EVENT"), ("draft_id", "DRAFT"),
                      ("members", "MEMBERS"), ("detail", "DETAILS"), ("quote", "QUOTE")],
               widths={"article": 28, "detail": 30, "quote": 70})
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
@click.pass_context
@reports_errors
def ingest(ctx, paths, published, as_json):
    """Extract events from articles and apply them to the drafts, one transaction per article.

    Ingesting an unchanged article again adds nothing (its content hash is
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
                                 item_show_func=lambda a: a.path if a else "")

    reports = tracker.ingest(paths, published=published, progress=lambda items: _progress(progress, items))
    for report in reports:
        for warning in report.warnings:
            click.echo(f"Warning: {warning}", err=True)
    refused = [report.error for report in reports if report.outcome == "refused"]
    if as_json:
        _json([r.as_dict() for r in reports])
    else:
        outcomes = {outcome: sum(r.outcome == outcome for r in reports)
                    for outcome in ("added", "replaced", "unchanged")}
        click.echo(f"{len(reports)} articles: {outcomes['added']} added, {outcomes['replaced']} replaced, "
                   f"{outcomes['unchanged']} unchanged" + (f", {len(refused)} refused" if refused else "")
                   + f"; {sum(r.events for r in reports)} events stored")
        for report in reports:
            for conflict in report.conflicts:
                click.echo(f"  {report.path}: conflict: {conflict['event']} on {conflict['draft']}: "
                           f"{conflict['reason']}")
    _exit_if_refused(refused)


def _exit_if_refused(refused: list) -> None:
    """One error line per refused file, then exit 2: the other files were still read."""
    for error in refused:
        click.echo(f"Error: {error}", err=True)
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
@click.option("--extracted", type=click.File(encoding="utf-8"),
              help="Score this `extract --json` output instead of extracting again.")
@click.option("--verbose", "-v", is_flag=True, help="List what was missed and what was extra.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@reports_errors
def score(key, paths, extracted, verbose, as_json):
    """Score extraction against an answer KEY (YAML, see seeds/gold.yaml).

    Extracts the articles in PATHS (default: the key's folder) and prints
    precision, recall and F1 for events and for positions, and trap hits.

    \b
    Example:
        tracker score seeds/gold.yaml
    """
    from tracker.services import score as score_extraction

    found = None
    if extracted is not None:
        try:
            found = json.load(extracted)
        except ValueError as error:
            from tracker.errors import InputError

            raise InputError(f"not valid JSON: {error.msg}", extracted.name, error.lineno) from None
    result = score_extraction(key, paths, found)
    if as_json:
        _json(result)
        return
    for part in ("events", "positions"):
        r = result[part]
        click.echo(f"{part:9}  precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                   f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    click.echo(f"trap hits  {result['trap_hits']}")
    if result["event_dates_right"] is not None:
        click.echo(f"matched events with the right date {result['event_dates_right']:.3f}, "
                   f"the right members {result['event_members_right']:.3f}")
    if verbose:
        for line in result["missed"]:
            click.echo(f"  missed: {line}")
        for line in result["extra"]:
            click.echo(f"  extra:  {line}")
        for line in result["trap_details"]:
            click.echo(f"  trap:   {line}")


@cli.command()
@click.option("--as-of", type=DateParam(), help="Report the state on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@reports_errors
def status(ctx, as_of, as_json):
    """Each draft: sponsors, state, last event and its date, pending merges, resolution."""
    rows = _tracker(ctx).status(as_of=as_of)
    if as_json:
        _json(rows)
        return
    for row in rows:
        row["merges"] = [f"{m['into']}" + (f" ({m['factuality']})" if m["factuality"] != "asserted" else "")
                         for m in row["pending_merges"]]
    _table(rows, [("id", "DRAFT"), ("state", "STATE"), ("sponsors", "SPONSORS"), ("last_event", "LAST EVENT"),
                  ("last_event_date", "DATE"), ("merges", "PENDING MERGE INTO"), ("resolution", "RESOLUTION"),
                  ("label", "LABEL")], widths={"label": 50})


@cli.command()
@click.option("--draft", help="Only this draft.")
@click.option("--member", help="Only this member (code or name).")
@click.option("--as-of", type=DateParam(), help="Positions on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@reports_errors
def positions(ctx, draft, member, as_of, as_json):
    """Where every Council member stands on each draft, with date and source.

    Lists the Council sitting on --as-of (or on the date of the draft's last
    event): "unknown" where no source gives a stance.

    \b
    Example:
        tracker positions --draft RU-ISIL-2015 --as-of 2015-11-19
    """
    rows = _tracker(ctx).positions(draft=draft, member=member, as_of=as_of)
    if as_json:
        _json(rows)
        return
    for row in rows:
        row["where"] = _source_text(row["source"])
        row["quote"] = (row["source"] or {}).get("quote")
    drafts = list(dict.fromkeys(row["draft"] for row in rows))
    for index, draft_id in enumerate(drafts):
        if index:
            click.echo()
        click.echo(f"{draft_id}")
        _table([r for r in rows if r["draft"] == draft_id],
               [("member", "MEMBER"), ("name", "NAME"), ("stance", "STANCE"), ("since", "SINCE"),
                ("where", "SOURCE"), ("quote", "QUOTE")], widths={"name": 22, "where": 45, "quote": 60})


def _event_columns(with_draft: bool) -> list[tuple[str, str]]:
    columns = [("id", "ID"), ("date", "DATE"), ("type", "EVENT"), ("status", "STATUS"), ("members", "MEMBERS"),
               ("detail", "DETAILS"), ("where", "SOURCE")]
    return [("id", "ID"), ("draft", "DRAFT"), *columns[1:]] if with_draft else columns


def _print_events(rows: list[dict], with_draft: bool) -> None:
    for row in rows:
        details = dict(row["details"])
        if row["factuality"] != "asserted":
            details["factuality"] = row["factuality"]
        if row["reason"]:
            details["reason"] = row["reason"]
        if "retracted" in row:
            details["retracted"] = row["retracted"]["at"]
        if row["sources_reporting"] > 1:
            details["sources"] = row["sources_reporting"]
        details.pop("label", None)
        row["detail"] = "; ".join(f"{k}={_cell(v, None)}" for k, v in details.items())
        row["where"] = _source_text(row["source"])
    _table(rows, _event_columns(with_draft), widths={"detail": 60, "where": 60})


@cli.command()
@click.argument("draft")
@click.option("--all", "show_all", is_flag=True, help="Also claims retracted by a later version of their article.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@reports_errors
def history(ctx, draft, show_all, as_json):
    """The timeline of one DRAFT: every event in order, its verdict and its source."""
    rows = _tracker(ctx).history(draft, retracted=show_all)
    if as_json:
        _json(rows)
    else:
        _print_events(rows, with_draft=False)


@cli.command()
@click.option("--draft", help="Only this draft.")
@click.option("--type", "type_", metavar="TYPE", help="Only this event type (proposed, vote, position, ...).")
@click.option("--status", type=click.Choice(["applied", "conflict", "noted", "duplicate"]), help="Only this verdict.")
@click.option("--source", help="Only sources whose path contains this text.")
@click.option("--since", type=DateParam(partial=True), help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", type=DateParam(), help="Up to this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many events.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@reports_errors
def events(ctx, draft, type_, status, source, since, until, limit, as_json):
    """The event log, in the order events apply, filtered.

    \b
    Example:
        tracker events --status conflict
    """
    rows = _tracker(ctx).events(draft=draft, type=type_, status=status, source=source, since=since, until=until,
                                limit=limit)
    if as_json:
        _json(rows)
    else:
        _print_events(rows, with_draft=True)


@cli.command()
@click.option("--on", type=DateParam(), help="The day (YYYY-MM-DD); default today.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@reports_errors
def members(on, as_json):
    """The members of the Security Council on a day, permanent members first.

    \b
    Example:
        tracker members --on 2015-11-20
    """
    from tracker.domain.council import covered_until
    from tracker.services import members as members_on

    day = on or dt.date.today().isoformat()
    rows = members_on(day)
    if day > covered_until().isoformat():
        click.echo(f"Warning: the Council data is complete up to {covered_until()}; "
                   f"members elected for later terms are missing.", err=True)
    if as_json:
        _json(rows)
        return
    for row in rows:
        row["seat"] = "permanent" if row["permanent"] else "elected"
    _table(rows, [("code", "CODE"), ("name", "NAME"), ("seat", "SEAT")])


@cli.command()
@click.pass_context
@reports_errors
def rebuild(ctx):
    """Recompute the drafts, positions and lineage tables from the event log."""
    result = _tracker(ctx).rebuild()
    click.echo(f"rebuilt {result['drafts']} drafts from {result['events']} events "
               f"({result['verdicts_changed']} verdicts changed)")


@cli.command()
@click.argument("statement")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as a JSON list of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the rows as CSV with a header line.")
@click.pass_context
@reports_errors
def sql(ctx, statement, as_json, as_csv):
    """Run one SQL query on the database, read-only, and print the rows.

    The connection cannot write: a statement that would (INSERT, UPDATE,
    DELETE, DROP, ATTACH, a pragma that sets something, several statements
    in one string) is refused and changes nothing. The tables and views are
    described in README ("Querying the database directly").

    \b
    Example:
        tracker sql "SELECT id, state FROM draft_status"
        tracker sql "SELECT member, stance FROM current_positions WHERE draft = 'RU-ISIL-2015'" --csv
    """
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    columns, rows = _tracker(ctx).sql(statement)
    if as_json:
        click.echo(json.dumps([dict(zip(columns, row)) for row in rows], indent=2, ensure_ascii=False, default=str))
    elif as_csv:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        _table([dict(zip(columns, row)) for row in rows], [(column, column) for column in columns])


@cli.command()
def diagram():
    """Print the draft lifecycle as a Mermaid state diagram."""
    from tracker.services import diagram as lifecycle_diagram

    click.echo(lifecycle_diagram())

"""Reports: what the event log says about drafts and members, as typed rows.

Each report reads the projections (for a past date too: they keep every
change with its place in the log) and returns rows from
``tracker.usecases.rows``; the CLI formats them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator

from typing import TYPE_CHECKING

from tracker.domain import council
from tracker.domain.dates import PartialDate, as_of_key
from tracker.domain.ids import normal_id
from tracker.errors import InputError, TrackerError
from tracker.store import report_queries as queries
from tracker.usecases.rows import ArticleRow, EventRow, MemberRow, PendingMerge, PositionRow, Retraction, StatusRow

if TYPE_CHECKING:
    from tracker.domain.events import Event

# ``database`` below is an Engine, a URL or a SQLite path (None: the configured one). Reports read
# through ``tracker.store.report_queries``, which opens the database's driver without SQLAlchemy.


def status(database, *, as_of: str | dt.date | None = None) -> list[StatusRow]:
    """Each draft: sponsors, state, last event and its date, pending merges, resolution (as of a day)."""
    until_key = _day_key(as_of, "as-of") if as_of is not None else None
    with queries.connect(database) as reader:
        if until_key is not None:
            return [StatusRow(id_, label, _codes(sponsors), state, last_type, last_date,
                              tuple(PendingMerge(*merge) for merge in json.loads(merges or "[]")), resolution, symbol)
                    for id_, label, sponsors, state, last_type, last_date, resolution, symbol, merges
                    in queries.status_rows_as_of(reader, until_key)]
        pending: dict[str, list[PendingMerge]] = {}
        for draft_id, into, factuality in queries.pending_merges(reader):
            pending.setdefault(draft_id, []).append(PendingMerge(into, factuality))
        return [StatusRow(id_, label, _codes(sponsors), state, last_type, last_date, tuple(pending.get(id_, ())),
                          resolution, symbol)
                for id_, label, sponsors, state, last_type, last_date, resolution, symbol
                in queries.status_rows(reader)]


def _codes(sponsors: str | None) -> tuple[str, ...]:
    return tuple(sponsors.split(",")) if sponsors else ()


def positions(database, *, draft: str | None = None, member: str | None = None,
              as_of: str | dt.date | None = None) -> list[PositionRow]:
    """Every Council member's stance on each draft, ``unknown`` where no source says (see ``iter_positions``)."""
    return list(iter_positions(database, draft=draft, member=member, as_of=as_of))


def iter_positions(database, *, draft: str | None = None, member: str | None = None,
                   as_of: str | dt.date | None = None) -> Iterator[PositionRow]:
    """``positions``, a draft at a time, as the database hands them over: for reports of every draft.

    The Council is the one sitting on ``as_of`` or, without it, on the
    date of the draft's last event. Both come from the positions
    projection, which keeps every change of stance with its place in the log.
    Bad input and a missing draft are refused here, before the first row.
    """
    draft, member = _text_filter(draft, "draft"), _text_filter(member, "member")
    code = council.resolve(member) if member else None
    until_key = _day_key(as_of, "as-of") if as_of is not None else None
    opened = contextlib.ExitStack()  # closed when the rows have all been read (or here, on an error)
    reader = opened.enter_context(queries.connect(database))
    try:
        if until_key is None:
            days = queries.draft_days(reader, draft)
        else:
            days = ((draft_id, str(as_of)) for draft_id in queries.drafts_as_of(reader, until_key, draft))
        if draft is not None:
            days = list(days)
            if not days:
                raise TrackerError(f"no draft {draft!r}" + (f" as of {as_of}" if as_of else ""))
    except BaseException:
        opened.close()
        raise
    return _position_rows(opened, days, queries.latest_stances(reader, draft, until_key), code)


def _position_rows(opened, days: Iterable[tuple[str, str | None]], stances: Iterator[tuple],
                   code: str | None) -> Iterator[PositionRow]:
    """Merge the drafts (by id) with their members' latest stances (by draft, then member)."""
    names = {c.code: c.name for c in council.countries().values()}
    with opened:
        pending = next(stances, None)
        for draft_id, day in days:
            known: dict[str, tuple] = {}
            while pending is not None and pending[0] <= draft_id:
                if pending[0] == draft_id:
                    known[pending[1]] = pending[2:]
                pending = next(stances, None)
            sitting = [m.code for m in council.members_on(_report_day(day))]
            # States off the Council that stated a position come after the members.
            for member_code in sitting + sorted(set(known).difference(sitting)):
                if code and member_code != code:
                    continue
                stance, since, source = known.get(member_code, _UNKNOWN)
                yield PositionRow(draft_id, member_code, names.get(member_code, member_code),
                                  member_code in sitting, stance, since, source)


_UNKNOWN = ("unknown", None, None)


def history(database, draft: str, *, retracted: bool = False) -> list[EventRow]:
    """A draft's timeline in log order: every event with its verdict and source (and retracted ones too)."""
    rows = events(database, draft=draft, retracted=retracted)
    if not rows:
        raise TrackerError(f"no draft {normal_id(draft)!r}")
    return rows


def events(database, *, draft: str | None = None, type: str | None = None, status: str | None = None,
           source: str | None = None, since: str | None = None, until: str | None = None,
           limit: int | None = None, retracted: bool = False) -> list[EventRow]:
    """The event log, filtered, in log order; with ``retracted``, claims their source took back too."""
    draft, type, status, source = (_text_filter(value, name) for value, name in
                                   ((draft, "draft"), (type, "type"), (status, "status"), (source, "source")))
    since_key = _day_key(since, "since", partial=True) if since else None
    until_key = _day_key(until, "until") if until else None
    with queries.connect(database) as reader:
        return [EventRow(event.id, event.draft, event.type, _date_text(event.date), event.factuality,
                         "retracted" if retraction else verdict, reason, tuple(event.members), _details(event),
                         1 + repeats, same_as, event.source, Retraction(*retraction) if retraction else None)
                for event, verdict, reason, same_as, repeats, retraction in queries.event_rows(
                    reader, draft=draft, type=type, status=status, source=source, since_key=since_key,
                    until_key=until_key, limit=limit, retracted=retracted)]


def articles(database) -> list[ArticleRow]:
    """The ingested articles: path, publication date and where it came from, events stored."""
    with queries.connect(database) as reader:
        return [ArticleRow(*row) for row in queries.article_rows(reader)]


# --- reports that need no database ---------------------------------------------

def members(on: str | dt.date | None = None) -> list[MemberRow]:
    """The Council's members on a day (today by default), permanent members first.

    Past ``council.covered_until()`` the elected members not yet in the data
    are missing: the CLI says so.
    """
    day = _report_day(str(on) if on else None)
    return [MemberRow(m.code, m.name, m.permanent) for m in council.members_on(day)]


def score(key_path: str, paths: Iterable[str] = (), extracted: list[dict] | None = None,
          extracted_path: str | None = None) -> dict:
    """Precision, recall and F1 of extraction against an answer key (the key's folder by default)."""
    from pathlib import Path

    from tracker import scoring

    key = scoring.load_key(key_path)
    if extracted is not None:
        extracted = scoring.check_extracted(extracted, extracted_path or "--extracted")
    else:
        from tracker.extract import extract_paths

        _, findings = extract_paths(list(paths) or [str(Path(key_path).parent)])
        extracted = [finding.as_json() for finding in findings]
    try:
        return scoring.score(key, extracted).as_dict()
    except (KeyError, TypeError, AttributeError, ValueError) as error:  # a form the checks above let through
        raise InputError(f"cannot score {key_path} against these events: {type(error).__name__}: {error}") from None


def diagram() -> str:
    """The draft lifecycle as Mermaid state-diagram text."""
    from tracker.domain import lifecycle

    return lifecycle.mermaid()


# --- what callers give ------------------------------------------------------------

def _day_key(value, what: str, *, partial: bool = False) -> str:
    """The sort key of a date a caller gave (YYYY-MM-DD; YYYY-MM or YYYY where ``partial``)."""
    try:
        return PartialDate.parse(str(value)).sort_key if partial else as_of_key(value)
    except ValueError as error:
        raise InputError(f"{what}: {error}") from None


_IDS = ("draft", "member", "type")  # filters that name one thing: empty names nothing


def _text_filter(value: str | None, what: str) -> str | None:
    # No text a user types holds a NUL; PostgreSQL refuses it and SQLite ends strings at it.
    if value is not None and "\0" in value:
        raise InputError(f"{what}: a NUL character is not allowed")
    if value is not None and what in _IDS:
        if not value.strip():
            raise InputError(f"{what}: empty; leave the option out for every {what}")
        return normal_id(value)
    return value


def _report_day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    return PartialDate.parse(text).earliest()


def _date_text(date: PartialDate | None) -> str | None:
    return str(date) if date else None


def _details(event: Event) -> dict:
    return {k: v for k, v in event.payload().items() if k != "members"}

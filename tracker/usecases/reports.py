"""Reports: what the event log says about drafts and members, as typed rows.

Each report reads the projections (or, for a past date, folds the log up
to it) and returns rows from ``tracker.usecases.rows``; the CLI formats them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Engine

from tracker.domain import council, lifecycle
from tracker.domain.dates import PartialDate, as_of_key
from tracker.domain.drafts import Draft
from tracker.domain.events import Event, Source
from tracker.domain.ids import normal_id
from tracker.errors import InputError, TrackerError
from tracker.store import repository
from tracker.usecases.admin import require_schema
from tracker.usecases.rows import ArticleRow, EventRow, MemberRow, PendingMerge, PositionRow, StatusRow, Retraction


def status(engine: Engine, *, as_of: str | dt.date | None = None) -> list[StatusRow]:
    """Each draft: sponsors, state, last event and its date, pending merges, resolution."""
    require_schema(engine)
    with engine.connect() as conn:
        if as_of is not None:
            # Only a past date needs the fold; today's answer is the projection.
            from tracker.store.projections import fold_until as _fold_until

            return [_status_of(draft) for draft in _fold_until(conn, _day_key(as_of, "as-of"))]
        pending: dict[str, list[PendingMerge]] = {}
        for draft_id, into, factuality in repository.pending_merges(conn):
            pending.setdefault(draft_id, []).append(PendingMerge(into, factuality))
        return [StatusRow(id_, label, tuple(sponsors.split(",")) if sponsors else (), state, last_type, last_date,
                          tuple(pending.get(id_, ())), resolution, symbol)
                for id_, label, sponsors, state, last_type, last_date, resolution, symbol
                in repository.status_rows(conn)]


def _status_of(draft: Draft) -> StatusRow:
    last = draft.last_event
    return StatusRow(draft.id, draft.label, tuple(draft.sponsors), draft.state, last.type if last else None,
                     _date_text(last.date) if last else None,
                     tuple(PendingMerge(link.other, link.factuality) for link in draft.pending_merges()),
                     draft.resolution, draft.symbol)


def positions(engine: Engine, *, draft: str | None = None, member: str | None = None,
              as_of: str | dt.date | None = None) -> list[PositionRow]:
    """Every Council member's stance on each draft, ``unknown`` where no source says.

    The Council is the one sitting on ``as_of`` or, without it, on the
    date of the draft's last event. Both come from the positions
    projection, which keeps every change of stance with its place in the log.
    """
    require_schema(engine)
    draft, member = _text_filter(draft, "draft"), _text_filter(member, "member")
    code = council.resolve(member) if member else None
    until_key = _day_key(as_of, "as-of") if as_of is not None else None
    with engine.connect() as conn:
        stances: dict[str, dict[str, tuple]] = {}
        for row in repository.current_positions(conn, draft, until_key):
            source = Source(kind=row.source_kind, ref=row.source_ref, line=row.source_line, quote=row.source_quote,
                            start=row.source_start, end=row.source_end, cited=row.source_cited)
            stances.setdefault(row.draft_id, {})[row.member] = (row.stance, row.since, source)
        if until_key is None:
            days = {r.id: r.last_event_date for r in repository.draft_rows(conn, draft)}
        else:
            days = {draft_id: str(as_of) for draft_id in repository.drafts_as_of(conn, until_key, draft)}
    if draft is not None and draft not in days:
        raise TrackerError(f"no draft {draft!r}" + (f" as of {as_of}" if as_of else ""))
    names = {c.code: c.name for c in council.countries().values()}
    rows = []
    for draft_id, day in days.items():
        known = stances.get(draft_id, {})
        sitting = [m.code for m in council.members_on(_report_day(day))]
        # States off the Council that stated a position come after the members.
        for member_code in sitting + sorted(set(known).difference(sitting)):
            if code and member_code != code:
                continue
            stance, since, source = known.get(member_code, _UNKNOWN)
            rows.append(PositionRow(draft_id, member_code, names.get(member_code, member_code),
                                    member_code in sitting, stance, since, source))
    return rows


_UNKNOWN = ("unknown", None, None)


def history(engine: Engine, draft: str, *, retracted: bool = False) -> list[EventRow]:
    """A draft's timeline in log order: every event with its verdict and source (and retracted ones too)."""
    rows = events(engine, draft=draft, retracted=retracted)
    if not rows:
        raise TrackerError(f"no draft {normal_id(draft)!r}")
    return rows


def events(engine: Engine, *, draft: str | None = None, type: str | None = None, status: str | None = None,
           source: str | None = None, since: str | None = None, until: str | None = None,
           limit: int | None = None, retracted: bool = False) -> list[EventRow]:
    """The event log, filtered, in log order; with ``retracted``, claims their source took back too."""
    require_schema(engine)
    draft, type, status, source = (_text_filter(value, name) for value, name in
                                   ((draft, "draft"), (type, "type"), (status, "status"), (source, "source")))
    since_key = _day_key(since, "since", partial=True) if since else None
    until_key = _day_key(until, "until") if until else None
    with engine.connect() as conn:
        found = repository.event_rows(conn, draft=draft, type=type, status=status, source=source,
                                      since_key=since_key, until_key=until_key, limit=limit,
                                      retracted=retracted)
        counts = repository.corroborations(conn, {same_as or event.id for event, _, _, same_as, *_ in found})
    return [EventRow(event.id, event.draft, event.type, _date_text(event.date), event.factuality,
                     "retracted" if retraction else verdict, reason, tuple(event.members), _details(event),
                     1 + counts.get(same_as or event.id, 0), same_as, event.source,
                     Retraction(*retraction) if retraction else None)
            for event, verdict, reason, same_as, _key, retraction in found]


def articles(engine: Engine) -> list[ArticleRow]:
    """The ingested articles: path, publication date and where it came from, events stored."""
    require_schema(engine)
    with engine.connect() as conn:
        return [ArticleRow(row.ref, row.published, row.published_from, row.title, row.outlet, row.events,
                           row.sha256)
                for row in repository.article_rows(conn)]


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

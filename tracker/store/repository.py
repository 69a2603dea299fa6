"""Every query the tracker's writers run (the reports' are in ``reads``). Nothing outside ``tracker.store``
builds SQL.

Functions take an open ``Connection`` so that the caller (a unit of work)
decides the transaction. Writes go many rows at once: Core ``insert()``, or
for the bulk appends the driver's executemany (see ``insert_rows``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from tracker.domain import council
from tracker.domain.drafts import Draft, Verdict, status_intervals
from tracker.domain.events import Event
from tracker.store import codec
from tracker.store.models import (
    ArticleRow,
    CouncilSeat,
    Country,
    DraftRow,
    EventRow,
    ExtractionDraftRow,
    LineageRow,
    PositionRow,
    RetractionRow,
    StatusHistoryRow,
    VerdictRow,
)

E = EventRow.__table__
V = VerdictRow.__table__
R = RetractionRow.__table__


# --- reference data -------------------------------------------------------

def sync_reference_data(conn: Connection) -> None:
    """Make the countries and council tables equal the data shipped with the package.

    Seats already equal to it are left as they are (ids included).
    """
    seats = [(s.code, s.start, s.end, bool(s.permanent)) for s in council.seats()]
    stored = conn.execute(select(CouncilSeat.code, CouncilSeat.start, CouncilSeat.end, CouncilSeat.permanent)
                          .order_by(CouncilSeat.id))
    seats_stored = [(code, start, end, bool(permanent)) for code, start, end, permanent in stored]
    if seats_stored != seats:
        conn.execute(delete(CouncilSeat))
    wanted = {c.code: c for c in council.countries().values()}
    present = set(conn.scalars(select(Country.code)))
    rows = [{"code": c.code, "name": c.name, "official_name": c.official_name} for c in wanted.values()]
    if present:
        conn.execute(
            update(Country).where(Country.code == bindparam("b_code")).values(
                name=bindparam("name"), official_name=bindparam("official_name")),
            [{"b_code": r["code"], "name": r["name"], "official_name": r["official_name"]}
             for r in rows if r["code"] in present],
        )
    fresh = [r for r in rows if r["code"] not in present]
    if fresh:
        conn.execute(insert(Country), fresh)
    if seats_stored != seats:
        conn.execute(insert(CouncilSeat), [
            {"code": code, "start": start, "end": end, "permanent": permanent} for code, start, end, permanent in seats
        ])


# --- the event log --------------------------------------------------------

def draft_ids(conn: Connection) -> set[str]:
    """Drafts the log knows of (from its events, so a rebuild cannot lose one)."""
    return set(conn.scalars(select(EventRow.draft_id).distinct()))


def sorted_draft_ids(conn: Connection) -> list[str]:
    return list(conn.scalars(select(EventRow.draft_id).distinct().order_by(EventRow.draft_id)))


def append_events(conn: Connection, rows: list[tuple]) -> list[int]:
    """Append rows of ``codec.COLUMNS`` (ids set) to the log; return their ids in order."""
    insert_rows(conn, "events", codec.COLUMNS, rows)
    return [row[0] for row in rows]


# --- fast appends ---------------------------------------------------------------

# Long replays append millions of rows. Core ``insert()`` with many rows still
# builds a parameter dict per row (about 5 us); these go straight to the
# driver, through SQLAlchemy's connection and transaction: executemany with one
# tuple per row on SQLite, COPY on PostgreSQL. Statement text is built here from
# fixed table and column names only: values are always bound or copied.

VERDICT_COLUMNS = ("event_id", "status", "reason", "same_as")
RETRACTION_COLUMNS = ("event_id", "retracted_at", "by_version")
POSITION_COLUMNS = ("draft_id", "member", "stance", "since", "sort_key", "seq", "event_id", "until_key")
LINEAGE_COLUMNS = ("draft_id", "relation", "other_draft_id", "status", "factuality", "event_id")
DRAFT_COLUMNS = ("id", "label", "sponsors", "state", "symbol", "resolution", "last_event_id", "last_event_date",
                 "last_event_type", "first_sort_key", "version")
STATUS_HISTORY_COLUMNS = ("draft_id", "sort_key", "until_key", "state", "label", "sponsors", "last_event_type",
                          "last_event_date", "symbol", "resolution", "pending_merges")


COPY_FROM = 500  # rows: below this, COPY's set-up costs more than it saves


def _insert_statement(conn: Connection, table: str, columns: tuple[str, ...], skip_existing: bool) -> str:
    postgres = conn.dialect.name == "postgresql"
    mark = "%s" if conn.dialect.paramstyle in ("format", "pyformat") else "?"
    # A JSON column takes its text as is on SQLite; PostgreSQL wants it cast.
    marks = [f"CAST({mark} AS JSON)" if postgres and column == "payload" else mark for column in columns]
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marks)})"
    return statement + " ON CONFLICT DO NOTHING" if skip_existing else statement


def insert_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple],
                skip_existing: bool = False) -> int:
    """Insert tuples (in ``columns`` order); return how many rows were written.

    With ``skip_existing``, rows that would break a unique constraint are
    left out (the same claim from the same source is stored once).
    """
    if not rows:
        return 0
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        return _copy_rows(conn, table, columns, rows, skip_existing)
    result = conn.exec_driver_sql(_insert_statement(conn, table, columns, skip_existing), rows)
    return result.rowcount


def _copy_rows(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple],
               skip_existing: bool) -> int:
    """PostgreSQL's COPY, several times faster than executemany for many rows; through a
    temporary table when conflicting rows must be skipped."""
    names = ", ".join(columns)
    target = table
    if skip_existing:
        # COPY cannot skip conflicting rows, so it fills a private table first (gone at commit or rollback).
        target = f"incoming_{table}"
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE IF NOT EXISTS {target} "
                             f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
    with conn.connection.driver_connection.cursor() as cursor, \
            cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    if not skip_existing:
        return len(rows)
    written = conn.exec_driver_sql(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target} "
                                   f"ON CONFLICT DO NOTHING").rowcount
    conn.exec_driver_sql(f"TRUNCATE {target}")
    return written


class EventIds:
    """Ids for events about to be appended, known before they are written.

    A fold refers to events by id (a duplicate names the event it repeats, a
    position the event that set it), so a streaming replay needs the ids
    first. On SQLite the writer holds the database's write lock for its whole
    transaction (BEGIN IMMEDIATE), so the ids after the largest are its own; on
    PostgreSQL they come from the table's sequence, which is safe under
    concurrent writers.
    """

    BLOCK = 10_000

    def __init__(self, conn: Connection, block: int = BLOCK):
        self.conn = conn
        self.block = block  # ids reserved at a time (PostgreSQL skips the unused ones for good)
        self.available: list[int] = []
        self.next_sqlite_id: int | None = None

    def take(self) -> int:
        if not self.available:
            self.available = self._reserve(self.block)[::-1]
        return self.available.pop()

    def _reserve(self, count: int) -> list[int]:
        if self.conn.dialect.name == "postgresql":
            query = text("SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, :n)")
            return list(self.conn.scalars(query, {"n": count}))
        if self.next_sqlite_id is None:
            self.next_sqlite_id = last_event_id(self.conn) + 1
        start = self.next_sqlite_id
        self.next_sqlite_id += count
        return list(range(start, start + count))


def stored_ids(conn: Connection, low: int, high: int) -> set[int]:
    return set(conn.scalars(select(E.c.id).where(E.c.id.between(low, high))))


def first_claims(conn: Connection, kind: str, ref: str, fingerprints: Iterable[str]) -> dict[str, tuple[int, int | None]]:
    """The first stored event of a source making each of these claims: {fingerprint: (id, line)}.

    One query for a whole batch: a replay asks this for every row it finds already stored.
    """
    wanted = sorted(set(fingerprints))
    found: dict[str, tuple[int, int | None]] = {}
    for chunk in _chunks(wanted, CLAIMS_PER_QUERY):
        query = (select(E.c.id, E.c.source_line, E.c.fingerprint)
                 .where(E.c.source_kind == kind, E.c.source_ref == ref, E.c.fingerprint.in_(chunk))
                 .order_by(E.c.id))
        for id_, line, fingerprint in conn.execute(query):
            found.setdefault(fingerprint, (id_, line))
    return found


CLAIMS_PER_QUERY = 10_000  # bound parameters per query, well under SQLite's limit


def refresh_statistics(conn: Connection) -> None:
    """Let the query planner see the tables' new sizes (after a large write)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE events, drafts, positions, lineage, status_history")
    else:
        # Samples at most a thousand rows per index, so it stays quick on a large log.
        conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
        conn.exec_driver_sql("ANALYZE")


_LAST_EVENT_ID = select(func.coalesce(func.max(E.c.id), 0))  # built once: asked before every article


def last_event_id(conn: Connection) -> int:
    return conn.scalar(_LAST_EVENT_ID)


_EVENT_COLUMNS = tuple(E.c[name] for name in codec.COLUMNS)
_VERDICT = (V.c.status, V.c.reason, V.c.same_as)


def _not_retracted(query):
    return query.outerjoin(R, R.c.event_id == E.c.id).where(R.c.event_id.is_(None))


def events_by_draft(conn: Connection, drafts: Iterable[str] | None = None,
                    until_key: str | None = None) -> dict[str, list[tuple[Event, str, str | None, int | None, str]]]:
    """Each draft's events in force in log order, with their stored status, reason, repeated event and sort key.

    A retracted event is left out; an event not yet folded has no verdict (None, None, None).
    """
    query = _not_retracted(select(*_EVENT_COLUMNS, *_VERDICT).select_from(E).outerjoin(V, V.c.event_id == E.c.id))
    query = query.order_by(E.c.draft_id, E.c.sort_key, E.c.id)
    if drafts is not None:
        query = query.where(E.c.draft_id.in_(list(drafts)))
    if until_key is not None:
        query = query.where(E.c.sort_key <= until_key)
    grouped: dict[str, list] = {}
    for row in conn.execute(query).all():
        grouped.setdefault(row.draft_id, []).append(
            (codec.decode(row), row.status, row.reason, row.same_as, row.sort_key))
    return grouped


def append_verdicts(conn: Connection, rows: list[tuple]) -> None:
    """Verdicts of events just appended, as rows of VERDICT_COLUMNS."""
    insert_rows(conn, "verdicts", VERDICT_COLUMNS, rows)


def set_verdicts(conn: Connection, verdicts: list[Verdict]) -> None:
    """Write these verdicts over the stored ones (the verdicts table is a projection, not the log)."""
    if verdicts:
        conn.execute(_verdict_upsert(conn.dialect.name), [
            {"event_id": v.event.id, "status": v.status, "reason": v.reason, "same_as": v.same_as}
            for v in verdicts])


@functools.cache
def _verdict_upsert(dialect: str):
    statement = _upsert(dialect)(VerdictRow)
    return statement.on_conflict_do_update(index_elements=["event_id"], set_={
        name: statement.excluded[name] for name in VERDICT_COLUMNS[1:]})


def _upsert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    return upsert


# --- projections ----------------------------------------------------------

def replace_projections(conn: Connection, drafts: list[Draft], sort_keys: dict[int, str], *,
                        fresh: bool = False) -> None:
    """Write the folded drafts over their previous projection rows (``fresh``: they have none)."""
    if not fresh:
        delete_projections(conn, [d.id for d in drafts])
    if not drafts:
        return
    insert_rows(conn, "drafts", DRAFT_COLUMNS, [(
        d.id, d.label, ",".join(d.sponsors), d.state, d.symbol, d.resolution,
        d.last_event.id if d.last_event else None,
        str(d.last_event.date) if d.last_event and d.last_event.date else None,
        d.last_event.type if d.last_event else None,
        sort_keys[d.first_event.id] if d.first_event else "",
        d.version,
    ) for d in drafts])
    insert_rows(conn, "positions", POSITION_COLUMNS, [row for d in drafts for row in _position_rows(d, sort_keys)])
    insert_rows(conn, "lineage", LINEAGE_COLUMNS, [(
        d.id, link.relation, link.other, link.status, link.factuality, link.event.id,
    ) for d in drafts for link in d.links])
    insert_rows(conn, "status_history", STATUS_HISTORY_COLUMNS,
                [row for d in drafts for row in status_history_rows(d, sort_keys)])


def _position_rows(draft: Draft, sort_keys: dict[int, str]) -> list[tuple]:
    """The draft's rows of ``positions``: each change of stance, until the member's next one."""
    rows: list[list] = []
    latest: dict[str, list] = {}  # each member's latest row so far
    for seq, change in enumerate(draft.stance_changes):
        event = change.event
        key = sort_keys[event.id]
        row = [draft.id, change.member, change.stance, str(event.date) if event.date else None, key, seq, event.id,
               None]
        previous = latest.get(change.member)
        if previous is not None:
            previous[-1] = key
        latest[change.member] = row
        rows.append(row)
    return [tuple(row) for row in rows]


def status_history_rows(draft: Draft, sort_keys: dict[int, str]) -> list[tuple]:
    """The draft's rows of ``status_history`` (in STATUS_HISTORY_COLUMNS order)."""
    return [(draft.id, key, until, status.state, status.label, ",".join(status.sponsors), status.last_event_type,
             status.last_event_date, status.symbol, status.resolution,
             _compact_json(status.pending_merges) if status.pending_merges else None)
            for key, until, status in status_intervals(draft, sort_keys)]


_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def clear_projections(conn: Connection) -> None:
    """Empty every projection but the verdicts (``rebuild`` writes only those that change)."""
    for model in (PositionRow, LineageRow, StatusHistoryRow, DraftRow):
        conn.execute(delete(model))


def draft_rows(conn: Connection, draft: str | None = None) -> list:
    """The drafts projection: one draft, or all."""
    query = select(DraftRow).order_by(DraftRow.id)
    if draft is not None:
        query = query.where(DraftRow.id == draft)
    return conn.execute(query).all()


def table_dump(conn: Connection) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: for comparing two databases.

    The surrogate ids of projection rows are left out: a rebuild numbers
    them afresh, and they carry no meaning.
    """
    from tracker.store.models import Base

    dump = {}
    for table in Base.metadata.sorted_tables:
        surrogate = table.name in ("positions", "lineage", "status_history")
        columns = [c for c in table.columns if not (surrogate and c.name == "id")]
        rows = [tuple(row) for row in conn.execute(select(*columns))]
        dump[table.name] = sorted(rows, key=repr)
    return dump


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- articles -------------------------------------------------------------

_ARTICLE_AND_LOG_END = select(
    select(ArticleRow.sha256).where(ArticleRow.ref == bindparam("ref")).scalar_subquery(),
    _LAST_EVENT_ID.scalar_subquery(),
)  # built once; one round trip before every article


def article_hash_and_log_end(conn: Connection, ref: str) -> tuple[str | None, int]:
    """The content hash an article had when it was last ingested (if it was), and the log's last event id."""
    stored_hash, log_end = conn.execute(_ARTICLE_AND_LOG_END, {"ref": ref}).one()
    return stored_hash, log_end


def article_hashes(conn: Connection) -> dict[str, str]:
    """Every ingested article's content hash, by path."""
    return dict(conn.execute(select(ArticleRow.ref, ArticleRow.sha256)).all())


def save_article(conn: Connection, row: dict, *, replacing: bool) -> None:
    if replacing:
        conn.execute(delete(ArticleRow).where(ArticleRow.ref == row["ref"]))
    conn.execute(insert(ArticleRow), [row])


def article_version(conn: Connection, ref: str) -> int:
    """The version of an ingested article (1 for its first text)."""
    return conn.scalar(select(ArticleRow.version).where(ArticleRow.ref == ref)) or 1


def retract_source_events(conn: Connection, kind: str, ref: str, at: str, by_version: int) -> set[str]:
    """Mark one source's events in force retracted (the log keeps them); return their drafts.

    Their verdicts and their drafts' projections go: the caller re-projects the returned drafts.
    """
    query = _not_retracted(select(E.c.id, E.c.draft_id).select_from(E)
                           .where(E.c.source_kind == kind, E.c.source_ref == ref))
    found = conn.execute(query).all()
    if not found:
        return set()
    ids = [row.id for row in found]
    insert_rows(conn, "retractions", RETRACTION_COLUMNS, [(id_, at, by_version) for id_ in ids])
    for chunk in _chunks(ids, 500):
        conn.execute(delete(VerdictRow).where(VerdictRow.event_id.in_(chunk)))
    drafts = {row.draft_id for row in found}
    delete_projections(conn, drafts)
    return drafts


def delete_projections(conn: Connection, drafts: Iterable[str]) -> None:
    # Positions and lineage rows go with their draft (ON DELETE CASCADE; foreign keys are on).
    ids = list(drafts)
    for chunk in _chunks(ids, 500):
        conn.execute(delete(DraftRow).where(DraftRow.id.in_(chunk)))


def extraction_drafts(conn: Connection) -> list:
    """What extraction knows of each draft (see ``models.ExtractionDraftRow``)."""
    return conn.execute(select(ExtractionDraftRow).order_by(ExtractionDraftRow.seq, ExtractionDraftRow.id)).all()


def save_extraction_drafts(conn: Connection, rows: list[dict]) -> None:
    """Write these drafts' extraction records over the stored ones (one upsert)."""
    conn.execute(_extraction_upsert(conn.dialect.name), rows)


@functools.cache
def _extraction_upsert(dialect: str):
    # Built once per backend: building it costs more than running it, and it runs per article.
    statement = _upsert(dialect)(ExtractionDraftRow)
    columns = {c.name: statement.excluded[c.name] for c in ExtractionDraftRow.__table__.columns if c.name != "id"}
    return statement.on_conflict_do_update(index_elements=["id"], set_=columns)



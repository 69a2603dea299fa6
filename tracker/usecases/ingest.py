"""The ingest use case: news articles into the event log, each article in its own transaction.

Articles are read in publication order, so earlier news sets up the drafts
that later news refers to. An article whose content hash is already stored
is skipped; a changed article replaces its own events (the old ones stay in
the log, retracted). ``extract`` is the same reading without a database.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from tracker.domain import lifecycle
from tracker.domain.dates import PartialDate
from tracker.domain.drafts import APPLIED, CONFLICT, DUPLICATE, NOTED, Verdict
from tracker.domain.events import Event, sort_keys
from tracker.domain.sources import ARTICLE, MAX_SOURCE_REF
from tracker.store import codec, repository
from tracker.store.projections import project
from tracker.store.unit_of_work import UnitOfWork
from tracker.usecases import admin


@dataclass
class IngestReport:
    path: str
    outcome: str  # added | replaced | unchanged | refused
    published: str | None = None
    events: int = 0
    verdicts: Counter = field(default_factory=Counter)
    conflicts: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # why a refused file was refused: "path: refused: ..."
    last_id: int | None = field(default=None, repr=False)  # the newest event it stored

    def as_dict(self) -> dict:
        return {"path": self.path, "outcome": self.outcome, "published": self.published, "events": self.events,
                "applied": self.verdicts[APPLIED], "noted": self.verdicts[NOTED],
                "duplicates": self.verdicts[DUPLICATE], "conflicts": self.conflicts, "warnings": self.warnings,
                "error": self.error}


@dataclass
class _Queued:
    """An article read and checked, waiting its turn to be ingested (without its text)."""

    path: str
    file: Path  # where to read it from again
    published: PartialDate | None
    sha256: str
    warnings: list[str]

    @classmethod
    def of(cls, article, file: Path) -> _Queued:
        return cls(article.path, file, article.published, article.sha256, article.warnings)

    @property
    def published_text(self) -> str | None:
        return str(self.published) if self.published else None


def ingest(engine: Engine, paths: Iterable[str], *, published: str | None = None,
           progress: Callable[[Iterable], Iterable] | None = None, root: str | None = None) -> list[IngestReport]:
    """Extract and store the events of articles, each article in its own transaction.

    ``published`` is the articles' publication date when the caller knows it;
    ``progress`` wraps the queue of articles (a progress bar); ``root`` is the
    folder articles are named under (see ``source_ref``). An article whose text
    is already stored, under its own name or another's, is unchanged.
    """
    from tracker.extract import Extractor
    from tracker.extract.reader import ArticleRefused, read_article

    queued, reports = _checked_in_reading_order(paths, published, root)
    admin.upgrade_if_needed(engine)
    with engine.connect() as conn:
        stored = repository.article_hashes(conn)
        stored_texts = set(stored.values())
        extractor = Extractor(_registry(conn))
        known_log = repository.last_event_id(conn)
    for item in (progress or iter)(queued):
        # The same text under another name (a copy of the corpus elsewhere) is the same article.
        if stored.get(item.path) == item.sha256 or item.path not in stored and item.sha256 in stored_texts:
            reports.append(IngestReport(item.path, "unchanged", item.published_text, warnings=item.warnings))
            continue
        try:
            article = read_article(item.file, published=published, ref=item.path)
        except ArticleRefused as refused:  # changed since the first pass
            reports.append(IngestReport(item.path, "refused", error=str(refused)))
            continue
        with UnitOfWork(engine) as uow:
            stored_hash, log_end = repository.article_hash_and_log_end(uow.connection, article.path)
            if log_end != known_log:
                # Another process wrote since we last looked: see the drafts it knows.
                extractor.registry = _registry(uow.connection)
            report = _ingest_one(uow.connection, extractor, article, stored_hash)
            known_log = max(log_end, report.last_id or 0)  # ours are the newest events
            uow.commit()
        reports.append(report)
        stored_texts.add(article.sha256)
    return reports


def _checked_in_reading_order(paths: Iterable[str], published: str | None,
                              root: str | None) -> tuple[list[_Queued], list[IngestReport]]:
    """First pass: read and check every article, keeping only what orders them.

    The texts are read again one at a time, so memory does not grow with the
    corpus. A file that cannot be an article is reported (the second list)
    and the others go on.
    """
    from tracker.extract import in_reading_order
    from tracker.extract.reader import ArticleRefused, named_articles, read_article

    refused: list[IngestReport] = []
    errors: list[ArticleRefused] = []
    checked = []
    for found in named_articles(paths, root, errors):
        try:
            if len(found.ref) > MAX_SOURCE_REF:
                raise ArticleRefused(f"refused: a path longer than {MAX_SOURCE_REF} characters", str(found.file))
            checked.append(_Queued.of(read_article(found.file, published=published, ref=found.ref), found.file))
        except ArticleRefused as error:
            refused.append(IngestReport(found.ref, "refused", error=str(error)))
    refused += [IngestReport(error.path or "", "refused", error=str(error)) for error in errors]
    return in_reading_order(checked), refused


def _ingest_one(conn, extractor, article, stored_hash: str | None) -> IngestReport:
    """One article, in the caller's transaction; ``stored_hash`` is read in it, under the writer's lock."""
    published = str(article.published) if article.published else None
    if stored_hash == article.sha256:  # another run ingested it meanwhile
        return IngestReport(article.path, "unchanged", published, warnings=article.warnings)
    # An article whose events predate the articles table has an empty hash (see 0004).
    replacing = stored_hash is not None
    version = repository.article_version(conn, article.path) + 1 if replacing else 1
    # Its previous version's events stay in the log, retracted by this one.
    affected = repository.retract_source_events(conn, ARTICLE, article.path, _now_utc(), version) \
        if replacing else set()
    report = IngestReport(article.path, "replaced" if replacing else "added", published, warnings=article.warnings)
    events = _in_story_order([finding.to_event() for finding in extractor.extract(article)])
    _save_registry_changes(conn, extractor.registry)
    ids = _append(conn, events, version)
    report.events = len(ids)
    report.last_id = max(ids, default=None)
    repository.save_article(conn, {"ref": article.path, "sha256": article.sha256, "published": published,
                                   "published_from": article.published_from, "title": article.title,
                                   "outlet": article.outlet, "events": len(ids), "version": version},
                            replacing=replacing)
    _count_verdicts(conn, report, ids, affected | {event.draft for event in events})
    return report


def _append(conn, events: list[Event], version: int) -> set[int]:
    """Write an article's events to the log; the ids of those stored (a claim already there is not)."""
    seen: Counter = Counter()
    rows = []
    new_ids = repository.EventIds(conn, block=max(len(events), 1))
    for event, key in zip(events, sort_keys(events, narrative=True), strict=True):
        seen[event.fingerprint()] += 1
        rows.append(codec.encode(event.stored_as(new_ids.take()), key, seen[event.fingerprint()], version))
    return set(repository.append_events(conn, rows))


def _count_verdicts(conn, report: IngestReport, ids: set[int], drafts: set[str]) -> None:
    """Refold the drafts the article touched; tally its events' verdicts and list its conflicts."""
    verdicts: dict[int, Verdict] = {}

    def keep(verdict: Verdict) -> None:
        if verdict.event.id in ids:
            verdicts[verdict.event.id] = verdict

    project(conn, sorted(drafts), on_verdict=keep)
    for event_id in sorted(ids):
        verdict = verdicts[event_id]
        report.verdicts[verdict.status] += 1
        if verdict.status == CONFLICT:
            report.conflicts.append({"event": verdict.event.type, "draft": verdict.event.draft,
                                     "quote": verdict.event.source.quote, "reason": verdict.reason})


def extract(paths: Iterable[str], *, published: str | None = None, refused: list | None = None,
            root: str | None = None):
    """Read articles and extract their events, without a database: (articles, findings).

    Files refused as articles go to ``refused`` when it is given (and raise otherwise).
    """
    from tracker.extract import extract_paths

    return extract_paths(paths, published=published, refused=refused, root=root)


# --- helpers -------------------------------------------------------------------

# News tells the outcome first ("Russia vetoed ... The vote was 13-1-1"); on one day,
# steps apply in the order they must have happened (the table's story rank).


def _in_story_order(events: list[Event]) -> list[Event]:
    """An article's events, each day's steps in lifecycle order (undated ones stay where they are told)."""
    keys = sort_keys(events, narrative=True)
    order = sorted(range(len(events)), key=lambda i: (keys[i], events[i].kind.story_rank) if events[i].date
                   else (keys[i], 10, i))
    return [events[i] for i in order]
def _registry(conn):
    """The drafts the database knows, for attaching what articles say to them.

    What extraction learnt of a draft from earlier articles (its topics, its
    active days, when it was first seen) is kept in ``extraction_drafts``; a
    draft known only from scripts is described by its projection. So each run
    starts from the registry the last ingested article left.
    """
    from tracker.extract.drafts import DraftRecord, Registry

    records: dict[str, DraftRecord | None] = {}
    for row in repository.extraction_drafts(conn):
        records[row.id] = None if row.retired else DraftRecord(
            row.id, tuple(json.loads(row.sponsors)), frozenset(json.loads(row.topics)), row.symbol, row.resolution,
            _day_or_none(row.first), _day_or_none(row.last), _day_or_none(row.closed), row.label, row.seq)
    for row in repository.draft_rows(conn):
        if row.id in records:
            continue
        last = _day_or_none(row.last_event_date)
        records[row.id] = DraftRecord(row.id, tuple(code for code in row.sponsors.split(",") if code),
                                      symbol=row.symbol, resolution=row.resolution, first=last, last=last,
                                      closed=last if row.state in lifecycle.FINAL else None, label=row.label)
    return Registry([record for record in records.values() if record is not None])


def _save_registry_changes(conn, registry) -> None:
    """Keep what extraction learnt from this article, in the article's transaction."""
    changed, retired = registry.take_changes()
    if not changed and not retired:
        return
    rows = [{"id": r.id, "seq": r.seq, "sponsors": json.dumps(list(r.sponsors)),
             "topics": json.dumps(sorted(r.topics)), "symbol": r.symbol, "resolution": r.resolution,
             "first": _iso(r.first), "last": _iso(r.last), "closed": _iso(r.closed), "label": r.label,
             "retired": False} for r in changed]
    rows += [{"id": old, "seq": 0, "sponsors": "[]", "topics": "[]", "symbol": None, "resolution": None,
              "first": None, "last": None, "closed": None, "label": None, "retired": True} for old in sorted(retired)]
    repository.save_extraction_drafts(conn, rows)


def _now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _day_or_none(text: str | None) -> dt.date | None:
    return PartialDate.parse(text).earliest() if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None



"""Tables. ``events`` is the append-only log: a row is never changed or deleted.
A changed article adds its new version's events and marks the previous
version's as retracted (``retractions``); ``articles`` holds each one's hash and
version. ``verdicts``, ``drafts``, ``positions``, ``lineage`` and ``status_history`` are projections
that ``rebuild`` recomputes from the log; ``countries`` and ``council_seats``
hold the reference data shipped in ``tracker/data``.

The Alembic migrations in ``migrations/`` create exactly these tables (a test
runs ``alembic check`` to prove it), plus the SQL views for direct queries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tracker.domain.events import MAX_LENGTH, MAX_SOURCE_REF

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DRAFT_ID = MAX_LENGTH["draft"]  # longest draft id
SOURCE_REF = MAX_SOURCE_REF  # longest path of a source


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Country(Base):
    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    official_name: Mapped[str] = mapped_column(String(200))


class CouncilSeat(Base):
    __tablename__ = "council_seats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    permanent: Mapped[bool] = mapped_column(Boolean)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        # One row per claim per version of a source: replaying a source again adds nothing.
        # It also serves every lookup by source; each further index slows every append.
        UniqueConstraint("source_kind", "source_ref", "source_version", "fingerprint", "occurrence",
                         name="uq_events_claim"),
        Index("ix_events_draft_order", "draft_id", "sort_key", "id"),
        CheckConstraint("factuality IN ('asserted', 'hedged', 'negated')", name="factuality"),
        CheckConstraint("source_kind IN ('script', 'article')", name="source_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(DRAFT_ID))
    type: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10))  # ISO, possibly partial
    date_precision: Mapped[str | None] = mapped_column(String(5))  # day | month | year
    sort_key: Mapped[str] = mapped_column(String(10))  # see domain.events.sort_keys
    factuality: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict] = mapped_column(JSON)
    source_kind: Mapped[str] = mapped_column(String(10))
    source_ref: Mapped[str] = mapped_column(String(SOURCE_REF))
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_quote: Mapped[str | None] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_cited: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(32))
    occurrence: Mapped[int] = mapped_column(Integer)
    # Which version of its source told it: an article's version (see ArticleRow); 1 for a script.
    source_version: Mapped[int] = mapped_column(Integer, server_default="1")


class VerdictRow(Base):
    """The fold's verdict on each event in force: a projection, written by the fold.

    Kept apart from the log because a later event may change it (when it lands
    earlier in the draft's history than events already applied).
    """

    __tablename__ = "verdicts"
    __table_args__ = (CheckConstraint("status IN ('applied', 'conflict', 'noted', 'duplicate')", name="status"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    # A duplicate from another source: the id of the event it reports again.
    same_as: Mapped[int | None] = mapped_column(Integer, index=True)


class RetractionRow(Base):
    """An event its source no longer tells: the article changed and its new version was read."""

    __tablename__ = "retractions"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), primary_key=True)
    retracted_at: Mapped[str] = mapped_column(String(32))  # ISO 8601, UTC
    by_version: Mapped[int] = mapped_column(Integer)  # the article's version that retracted it


class ArticleRow(Base):
    """An ingested article: its content hash says whether its events are current."""

    __tablename__ = "articles"

    ref: Mapped[str] = mapped_column(String(SOURCE_REF), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    published: Mapped[str | None] = mapped_column(String(10))
    published_from: Mapped[str | None] = mapped_column(String(10))  # --date | header | manifest | dateline
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    events: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, server_default="1")  # 1, then one more each time it changes


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(DRAFT_ID), primary_key=True)
    label: Mapped[str | None] = mapped_column(Text)
    sponsors: Mapped[str] = mapped_column(String(200))  # codes, comma-separated, in order of sponsorship
    state: Mapped[str] = mapped_column(String(20), index=True)
    symbol: Mapped[str | None] = mapped_column(String(MAX_LENGTH["symbol"]))
    resolution: Mapped[str | None] = mapped_column(String(MAX_LENGTH["resolution"]))
    last_event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    last_event_date: Mapped[str | None] = mapped_column(String(10))
    last_event_type: Mapped[str | None] = mapped_column(String(20))  # copied so that status needs no join
    # The sort key of the draft's first event: it exists as of that day (for --as-of reports).
    first_sort_key: Mapped[str] = mapped_column(String(10), server_default="")
    version: Mapped[int] = mapped_column(Integer)


class ExtractionDraftRow(Base):
    """What article extraction knows of a draft, so that a later run reads on as this one would.

    Not a projection: it is what the articles read so far taught the
    extractor (the topics a draft is about, the days it was active), written
    with each article. A run restarted after a crash, or tomorrow's run over
    tomorrow's news, starts from exactly the registry the last article left.
    ``retired`` marks an id given up (a draft first seen without sponsors,
    renamed once they were known).
    """

    __tablename__ = "extraction_drafts"

    id: Mapped[str] = mapped_column(String(DRAFT_ID), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)  # when it was first registered: ties go to the earlier
    sponsors: Mapped[str] = mapped_column(Text)  # JSON list, in order of sponsorship
    topics: Mapped[str] = mapped_column(Text)  # JSON list
    symbol: Mapped[str | None] = mapped_column(String(50))
    resolution: Mapped[str | None] = mapped_column(String(50))
    first: Mapped[str | None] = mapped_column(String(10))
    last: Mapped[str | None] = mapped_column(String(10))
    closed: Mapped[str | None] = mapped_column(String(10))
    label: Mapped[str | None] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean)


class PositionRow(Base):
    """Every change of a member's stance on a draft; the latest per pair is current."""

    __tablename__ = "positions"
    __table_args__ = (Index("ix_positions_draft_member", "draft_id", "member", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    member: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    stance: Mapped[str] = mapped_column(String(12))
    since: Mapped[str | None] = mapped_column(String(10))
    sort_key: Mapped[str] = mapped_column(String(10))
    seq: Mapped[int] = mapped_column(Integer)  # order of the change within the draft
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    # The sort key of the member's next change on the draft (None: this one is current): the
    # stance held as of a key is the row with sort_key <= key < until_key, found without grouping.
    until_key: Mapped[str | None] = mapped_column(String(10))


class StatusHistoryRow(Base):
    """Each draft's status over the log: held from ``sort_key`` until ``until_key`` (None: still held).

    A projection the fold writes with the others (see ``domain.drafts.status_intervals``):
    a status report as of a day reads the row in force then instead of refolding the log.
    """

    __tablename__ = "status_history"
    __table_args__ = (Index("ix_status_history_draft_key", "draft_id", "sort_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    sort_key: Mapped[str] = mapped_column(String(10))
    until_key: Mapped[str | None] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(Text)
    sponsors: Mapped[str] = mapped_column(String(200))  # codes, comma-separated, as in drafts
    last_event_type: Mapped[str | None] = mapped_column(String(20))
    last_event_date: Mapped[str | None] = mapped_column(String(10))
    symbol: Mapped[str | None] = mapped_column(String(MAX_LENGTH["symbol"]))
    resolution: Mapped[str | None] = mapped_column(String(MAX_LENGTH["resolution"]))
    pending_merges: Mapped[str | None] = mapped_column(Text)  # JSON [[into, factuality], ...]; None if none


class LineageRow(Base):
    __tablename__ = "lineage"
    # status lists every pending merge; this reads just those rows, in report order.
    __table_args__ = (Index("ix_lineage_pending", "relation", "status", "draft_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # merged_into | revision_of | competes_with
    other_draft_id: Mapped[str] = mapped_column(String(DRAFT_ID), index=True)
    status: Mapped[str] = mapped_column(String(10))  # pending | done | lapsed
    factuality: Mapped[str] = mapped_column(String(10))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))


class TrackerStateRow(Base):
    """What the tracker records of the database itself: by which rules of the fold its projections were built."""

    __tablename__ = "tracker_state"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

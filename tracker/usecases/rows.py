"""The rows reports return: typed, immutable, and a plain dict away from JSON.

Field order is the order of the keys in ``--json`` output.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from tracker.domain.events import Source


def _plain(value):
    if isinstance(value, Source):
        return source_dict(value)
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def source_dict(source: Source | None) -> dict | None:
    """A source as JSON shows it: keys without a value are left out."""
    if source is None:
        return None
    data = {"kind": source.kind, "ref": source.ref, "line": source.line, "quote": source.quote,
            "cited": source.cited, "start": source.start, "end": source.end}
    return {key: value for key, value in data.items() if value is not None}


class _Row:
    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def as_dict(self) -> dict:
        """The row as JSON shows it: tuples become lists, sources drop their empty keys."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class PendingMerge(_Row):
    into: str
    factuality: str


@dataclass(frozen=True)
class StatusRow(_Row):
    id: str
    label: str | None
    sponsors: tuple[str, ...]
    state: str
    last_event: str | None
    last_event_date: str | None
    pending_merges: tuple[PendingMerge, ...]
    resolution: str | None
    symbol: str | None


@dataclass(frozen=True)
class PositionRow(_Row):
    draft: str
    member: str
    name: str
    on_council: bool
    stance: str  # "unknown" where no source gives one
    since: str | None
    source: Source | None


@dataclass(frozen=True)
class Retraction(_Row):
    at: str  # when (ISO UTC)
    by_version: int  # the article's version that took the claim back


@dataclass(frozen=True)
class EventRow(_Row):
    """One event of the log, with its verdict; the history of a draft is a list of these."""

    id: int
    draft: str
    type: str
    date: str | None
    factuality: str
    status: str
    reason: str | None
    members: tuple[str, ...]
    details: dict
    sources_reporting: int  # this source and the others that report the same event
    same_as: int | None
    source: Source | None
    retracted: Retraction | None = None  # set on a claim a later version of its article took back


@dataclass(frozen=True)
class ArticleRow(_Row):
    path: str
    published: str | None
    published_from: str | None
    title: str | None
    outlet: str | None
    events: int
    sha256: str


@dataclass(frozen=True)
class MemberRow(_Row):
    code: str
    name: str
    permanent: bool

"""The event log's one codec: a domain ``Event`` to a row of ``events`` and back.

``COLUMNS`` is the order of a row's values everywhere the log is written
(replay and ingest both append tuples in it) and read.
"""

from __future__ import annotations

from tracker.domain.events import Event, Source

COLUMNS = ("id", "draft_id", "type", "date", "date_precision", "sort_key", "factuality", "payload",
           "source_kind", "source_ref", "source_line", "source_quote", "source_start", "source_end",
           "source_cited", "fingerprint", "occurrence", "source_version")
FINGERPRINT = COLUMNS.index("fingerprint")


def encode(event: Event, sort_key: str, occurrence: int = 1, version: int = 1) -> tuple:
    """A stored event as a row of COLUMNS; its id must be set (see ``repository.EventIds``).

    ``version`` is the version of its source that tells it (an article's; a script's is 1).
    """
    source = event.source
    date = event.date
    return (event.id, event.draft, event.type, str(date) if date else None, date.precision if date else None,
            sort_key, event.factuality, event.payload_json(), source.kind, source.ref, source.line,
            source.quote, source.start, source.end, source.cited, event.fingerprint(), occurrence, version)


def decode(row) -> Event:
    """The event a row read back holds (a row with at least COLUMNS' attributes, payload parsed)."""
    source = Source(kind=row.source_kind, ref=row.source_ref, line=row.source_line, quote=row.source_quote,
                    start=row.source_start, end=row.source_end, cited=row.source_cited)
    return Event.from_record(type=row.type, draft=row.draft_id, date=row.date, factuality=row.factuality,
                             payload=row.payload, source=source, id=row.id, fingerprint=row.fingerprint)

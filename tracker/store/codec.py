"""The event log's one codec: a domain ``Event`` to a row of ``events`` and back.

``COLUMNS`` is the order of a row's values everywhere the log is written
(replay and ingest both append tuples in it) and read.
"""

from __future__ import annotations

import json

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
    """The event a row read back holds: its first values are COLUMNS' (the payload as a dict or JSON text)."""
    return decode_values(tuple(row[:len(COLUMNS)]))


def decode_values(values: tuple) -> Event:
    """The event of a tuple in COLUMNS order."""
    (id_, draft, type_, date, _precision, _key, factuality, payload, kind, ref, line, quote, start, end, cited,
     fingerprint, *_) = values
    if isinstance(payload, str):  # SQLite's JSON is text; PostgreSQL's driver parses it
        payload = json.loads(payload)
    source = Source(kind=kind, ref=ref, line=line, quote=quote, start=start, end=end, cited=cited)
    return Event.from_record(type=type_, draft=draft, date=date, factuality=factuality, payload=payload,
                             source=source, id=id_, fingerprint=fingerprint)

"""A database as an older tracker revision left it, filled with plain SQL (for the migration tests)."""

from __future__ import annotations

import json

from sqlalchemy import text

from tracker.domain import council
from tracker.domain.events import Event
from tracker.store import db

SCRIPT = "scripts/isil-2015.yaml"
ARTICLE = "articles/2015-11-18-un-drafts.txt"
RU, FR = "RU-ISIL-2015", "FR-ISIL-2015"
RU_LABEL = "Russian draft on fighting ISIL and terrorist groups in Syria and Iraq"
FR_LABEL = "French draft on fighting Daesh after the Paris attacks"

# What an older tracker stored: (key, type, draft, date, sort_key, factuality, payload, source, status, reason).
# A source is ("script", line, cited) or ("article", start, end); the quote is shared.
OLD_EVENTS = [
    ("ru_proposed", "proposed", RU, "2015-09-30", "2015-09-30", "asserted",
     {"label": RU_LABEL, "sponsors": ["RUS"], "members": ["RUS"]}, ("script", 11, "seeds/001.txt"), "applied", None),
    ("ru_russia", "position", RU, "2015-09-30", "2015-09-30", "asserted",
     {"members": ["RUS"], "stance": "supports"}, ("article", 806, 977), "applied", None),
    ("ru_rejected", "rejected", RU, None, "2015-09-30", "asserted",
     {"members": ["USA", "GBR", "FRA"]}, ("article", 442, 698), "applied", None),
    ("ru_usa", "position", RU, None, "2015-09-30", "asserted",
     {"members": ["USA"], "stance": "opposes"}, ("article", 442, 698), "applied", None),
    ("fr_drafting", "drafting", FR, "2015-11-18", "2015-11-18", "asserted",
     {"label": FR_LABEL, "sponsors": ["FRA"], "members": ["FRA"]}, ("script", 43, "seeds/000.txt"), "applied", None),
    ("ru_revised", "revised", RU, "2015-11-18", "2015-11-18", "asserted",
     {"members": ["RUS"]}, ("script", 27, "seeds/000.txt"), "applied", None),
    ("ru_merge", "merge_proposed", RU, "2015-11-18", "2015-11-18", "hedged",
     {"into": FR, "members": ["FRA"]}, ("script", 52, "seeds/000.txt"), "applied", None),
    ("fr_proposed", "proposed", FR, "2015-11-19", "2015-11-19", "asserted",
     {"sponsors": ["FRA"]}, ("script", 72, "SC/12132"), "applied", None),
    ("fr_vote", "vote", FR, "2015-11-20", "2015-11-20", "asserted",
     {"resolution": "2249 (2015)", "votes": {"abstain": 0, "against": 0, "for": 15}}, ("script", 78, "SC/12132"),
     "applied", None),
    ("ru_proposed_again", "proposed", RU, "2015-09-30", "2015-09-30", "asserted",
     {"label": RU_LABEL, "sponsors": ["RUS"], "members": ["RUS"]}, ("article", 806, 977),
     "duplicate", "the same claim is already in the log"),
]
QUOTE = "Russia circulated a draft council resolution, the ambassador said on Wednesday."


def old_event_row(spec) -> dict:
    key, type_, draft, date, sort_key, factuality, payload, source, status, reason = spec
    event = Event.from_record(type=type_, draft=draft, date=date, factuality=factuality, payload=payload)
    kind = source[0]
    return {
        "draft_id": draft, "type": type_, "date": date,
        "date_precision": "day" if date else None, "sort_key": sort_key, "factuality": factuality,
        "payload": event.payload_json(), "source_kind": kind, "source_ref": SCRIPT if kind == "script" else ARTICLE,
        "source_line": source[1] if kind == "script" else None, "source_quote": QUOTE,
        "source_start": source[1] if kind == "article" else None,
        "source_end": source[2] if kind == "article" else None,
        "source_cited": source[2] if kind == "script" else None,
        "fingerprint": event.fingerprint(), "occurrence": 1, "status": status, "reason": reason,
    }


def seed_old_database(engine, revision: str) -> dict[str, int]:
    """Tables at ``revision`` filled with plain SQL, as a tracker of that revision left them; the events' ids."""
    db.upgrade(engine, revision)
    postgres = engine.dialect.name == "postgresql"
    payload = "CAST(:payload AS JSON)" if postgres else ":payload"
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO countries (code, name, official_name) VALUES (:code, :name, :official)"),
                     [{"code": c.code, "name": c.name, "official": c.official_name}
                      for c in council.countries().values()])
        conn.execute(text('INSERT INTO council_seats (code, start, "end", permanent) '
                          'VALUES (:code, :start, :end, :permanent)'),
                     [{"code": s.code, "start": s.start, "end": s.end, "permanent": s.permanent}
                      for s in council.seats()])
        for spec in OLD_EVENTS:
            row = old_event_row(spec)
            ids[spec[0]] = conn.execute(text(
                "INSERT INTO events (draft_id, type, date, date_precision, sort_key, factuality, payload, "
                "source_kind, source_ref, source_line, source_quote, source_start, source_end, source_cited, "
                "fingerprint, occurrence, status, reason) VALUES (:draft_id, :type, :date, :date_precision, "
                f":sort_key, :factuality, {payload}, :source_kind, :source_ref, :source_line, :source_quote, "
                ":source_start, :source_end, :source_cited, :fingerprint, :occurrence, :status, :reason) "
                "RETURNING id"), row).scalar_one()
        if revision != "0001":
            conn.execute(text("UPDATE events SET corroborates = :same WHERE id = :id"),
                         {"same": ids["ru_proposed"], "id": ids["ru_proposed_again"]})
            conn.execute(text("INSERT INTO articles (ref, sha256, published, published_from, title, outlet, events) "
                              "VALUES (:ref, :sha, '2015-11-18', 'header', 'Drafts on ISIL', 'AFP', 4)"),
                         {"ref": ARTICLE, "sha": "0" * 64})
        conn.execute(text(
            "INSERT INTO drafts (id, label, sponsors, state, symbol, resolution, last_event_id, last_event_date, "
            "version) VALUES (:id, :label, :sponsors, :state, NULL, :resolution, :last, :date, :version)"), [
            {"id": RU, "label": RU_LABEL, "sponsors": "RUS", "state": "revised", "resolution": None,
             "last": ids["ru_merge"], "date": "2015-11-18", "version": 6},
            {"id": FR, "label": FR_LABEL, "sponsors": "FRA", "state": "adopted", "resolution": "2249 (2015)",
             "last": ids["fr_vote"], "date": "2015-11-20", "version": 3},
        ])
        conn.execute(text(
            "INSERT INTO positions (draft_id, member, stance, since, sort_key, seq, event_id) "
            "VALUES (:draft, :member, :stance, :since, :key, :seq, :event)"), [
            {"draft": RU, "member": "RUS", "stance": "supports", "since": "2015-09-30", "key": "2015-09-30",
             "seq": 0, "event": ids["ru_russia"]},
            {"draft": RU, "member": "USA", "stance": "opposes", "since": None, "key": "2015-09-30",
             "seq": 1, "event": ids["ru_usa"]},
            {"draft": FR, "member": "FRA", "stance": "supports", "since": "2015-11-18", "key": "2015-11-18",
             "seq": 0, "event": ids["fr_drafting"]},
        ])
        conn.execute(text(
            "INSERT INTO lineage (draft_id, relation, other_draft_id, status, factuality, event_id) "
            "VALUES (:draft, 'merged_into', :other, 'pending', 'hedged', :event)"),
            {"draft": RU, "other": FR, "event": ids["ru_merge"]})
    return ids


EVENT_COLUMNS_0001 = ("id", "draft_id", "type", "date", "date_precision", "sort_key", "factuality", "payload",
                      "source_kind", "source_ref", "source_line", "source_quote", "source_start", "source_end",
                      "source_cited", "fingerprint", "occurrence", "status", "reason")
VERDICT_COLUMNS = ("status", "reason")  # the fold's verdict: in events until 0005, in verdicts since
CLAIM_COLUMNS = tuple(c for c in EVENT_COLUMNS_0001 if c not in VERDICT_COLUMNS)


def without_verdict(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in VERDICT_COLUMNS}


def stored_events(engine, columns=EVENT_COLUMNS_0001) -> list[dict]:
    with engine.connect() as conn:
        query = text(f"SELECT {', '.join(columns)} FROM events ORDER BY id")  # fixed column names
        rows = [dict(row._mapping) for row in conn.execute(query)]
    for row in rows:  # the driver may hand JSON back as text or parsed
        if isinstance(row.get("payload"), str):
            row["payload"] = json.loads(row["payload"])
    return rows

"""Replay scripts: events an analyst writes by hand, in YAML or JSON Lines.

A YAML script is a list of mappings; a JSON Lines script has one object per
line (for large logs). Both use the same keys::

    - event: proposed            # an event type (or its trigger name)
      draft: RU-ISIL-2015        # the draft's id, chosen by the analyst
      date: 2015-09-30           # YYYY-MM-DD, YYYY-MM or YYYY; may be left out
      sponsors: [Russia]         # codes or names
      source: seeds/001_1ac2e7d1c0a2b8cb.txt
      quote: Russia circulated a draft council resolution ...

Every event keeps the script's path and its line, so each fact traces back.
Errors name the file and line and stop the whole script: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tracker.domain import council
from tracker.domain.dates import PartialDate
from tracker.domain.events import (
    CREATING_TYPES,
    FACTUALITIES,
    SCRIPT,
    STANCES,
    TRIGGERS,
    TYPES_BY_TRIGGER,
    Event,
    Source,
)
from tracker.domain.votes import BALLOTS, Tally
from tracker.errors import InputError

KEYS = frozenset({
    "event", "draft", "date", "label", "sponsors", "members", "member", "stance", "into",
    "rival", "revision_of", "votes", "symbol", "resolution", "source", "quote", "factuality",
})
VOTE_KEYS = frozenset({"for", "against", "abstain", "members"})
YAML_SUFFIXES = (".yaml", ".yml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
BALLOT_WORDS = {
    "y": "Y", "yes": "Y", "for": "Y", "n": "N", "no": "N", "against": "N",
    "a": "A", "abstain": "A", "abstained": "A", "nv": "NV", "absent": "NV", "not voting": "NV",
}


@dataclass(frozen=True)
class ScriptEvent:
    event: Event
    path: str
    line: int


def source_ref(path: str | os.PathLike) -> str:
    """How a script is named in the log: relative to here when inside it, else absolute."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def read_script(path: str | os.PathLike) -> list[ScriptEvent]:
    """Parse and validate a whole script; InputError names the file and line of the first problem."""
    return list(iter_script(path))


def iter_script(path: str | os.PathLike) -> Iterator[ScriptEvent]:
    """The events of a script one at a time, each validated as it is read.

    A JSON Lines script is read line by line, so a script of millions of
    events is never held in memory; YAML scripts are read whole.
    """
    ref = source_ref(path)
    name = str(path)
    if name.endswith(YAML_SUFFIXES):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError("no such file", name) from None
        except UnicodeDecodeError as err:
            raise InputError(f"not UTF-8 text ({err.reason})", name) from None
        records = _yaml_records(text, name)
    elif name.endswith(JSONL_SUFFIXES):
        records = _jsonl_records(path, name)
    else:
        raise InputError("unknown script format: use .yaml, .yml or .jsonl", name)
    for line, record in records:
        yield ScriptEvent(_event(record, ref, name, line), name, line)


def check_drafts(script: list[ScriptEvent], existing: set[str]) -> None:
    """Every draft a script names must exist or be introduced by the script itself."""
    check = DraftCheck(existing)
    for item in script:
        check.see(item)
    check.finish()


class DraftCheck:
    """Checks, while a script streams by, that every draft it names is known.

    A draft is known if the log has it, or if this script (or one replayed
    before it) introduces it with a drafting or proposed event, wherever that
    event stands in the script: events apply in date order, not line order.
    Memory grows with the number of drafts, not of events.
    """

    ROLES = ("draft", "into", "rival", "revision_of")

    def __init__(self, existing: set[str]):
        self.known = set(existing)
        self.first_use: dict[str, tuple[str, str, int]] = {}  # unknown draft -> (role, path, line)

    def see(self, item: ScriptEvent) -> None:
        event = item.event
        if event.type in CREATING_TYPES:
            self.known.add(event.draft)
        for role in self.ROLES:
            draft = getattr(event, role)
            if draft is not None and draft not in self.known and draft not in self.first_use:
                self.first_use[draft] = (role, item.path, item.line)

    def finish(self) -> None:
        unknown = [(path, line, draft, role) for draft, (role, path, line) in self.first_use.items()
                   if draft not in self.known]
        if unknown:
            path, line, draft, role = min(unknown, key=lambda u: u[1])
            raise InputError(f"unknown draft {draft!r} ({role}): introduce it with a drafting or proposed event",
                             path, line)
        self.first_use.clear()


def _yaml_records(text: str, name: str) -> Iterator[tuple[int, dict]]:
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    def mapping_with_line(loader, node):
        mapping = loader.construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_with_line)
    # Dates stay text, so that PartialDate checks them and errors keep their line.
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    try:
        document = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise InputError(f"YAML syntax: {err.problem}", name, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise InputError(f"YAML: {err}", name) from None
    if document is None:
        return
    if not isinstance(document, list):
        raise InputError("a YAML script is a list of events (each starting with '- event:')", name, 1)
    for item in document:
        if not isinstance(item, dict):
            raise InputError(f"each event is a mapping, not {item!r}", name)
        line = item.pop("__line__")
        yield line, _without_lines(item)


def _without_lines(value):
    """Drop the line marks the loader put on nested mappings (votes, members)."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


def _jsonl_records(path: str | os.PathLike, name: str) -> Iterator[tuple[int, dict]]:
    try:
        handle = open(path, encoding="utf-8-sig", newline=None)  # noqa: SIM115 - closed below, at the end
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    with handle:
        number = 0
        try:
            for number, raw in enumerate(handle, start=1):  # noqa: B007 - the line is kept for errors
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except json.JSONDecodeError as err:
                    raise InputError(f"JSON syntax: {err.msg} (column {err.colno})", name, number) from None
                if not isinstance(record, dict):
                    raise InputError("each line is one JSON object", name, number)
                yield number, record
        except UnicodeDecodeError as err:
            raise InputError(f"not UTF-8 text ({err.reason})", name, number + 1) from None


def _event(record: dict, ref: str, name: str, line: int) -> Event:
    # Called once per event of a script that may hold millions: checks run in
    # the common case's order and the slow explanations only on failure.
    if not KEYS.issuperset(record):
        unknown = sorted(set(map(str, record)) - KEYS)
        _fail(f"unknown key {unknown[0]!r} (known keys: {', '.join(sorted(KEYS))})", name, line)
    kind = record.get("event")
    if kind is None:
        _fail("missing key 'event'", name, line)
    kind = TYPES_BY_TRIGGER.get(str(kind), str(kind))
    if kind not in TRIGGERS:
        _fail(f"unknown event {record['event']!r} (known: {', '.join(TRIGGERS)})", name, line)
    draft = record.get("draft")
    if not draft or not isinstance(draft, (str, int)):
        _fail("missing key 'draft' (the draft's id)", name, line)

    try:
        date = _date(record.get("date"))
    except ValueError as err:
        _fail(str(err), name, line)

    stance = record.get("stance")
    if stance is not None and stance not in STANCES:
        _fail(f"unknown stance {stance!r} (known: {', '.join(STANCES)})", name, line)
    factuality = record.get("factuality", "asserted")
    if factuality not in FACTUALITIES:
        _fail(f"unknown factuality {factuality!r} (known: {', '.join(FACTUALITIES)})", name, line)
    for key in TEXT_KEYS.intersection(record):
        if not isinstance(record[key], (str, int)) and record[key] is not None:
            _fail(f"'{key}' must be text, not {type(record[key]).__name__}", name, line)

    tally = None
    if record.get("votes") is not None:
        try:
            tally = _tally(record["votes"])
        except (ValueError, council.UnknownMember) as err:
            _fail(f"votes: {getattr(err, 'message', err)}", name, line)

    members = _members(record, "members", name, line)
    if "member" in record:
        members = tuple(dict.fromkeys(members + _members(record, "member", name, line)))
    return Event(
        type=kind,
        draft=str(draft),
        date=date,
        factuality=factuality,
        label=_text(record, "label"),
        sponsors=_members(record, "sponsors", name, line),
        members=members,
        stance=stance,
        into=_text(record, "into"),
        rival=_text(record, "rival"),
        revision_of=_text(record, "revision_of"),
        votes=tally,
        symbol=_text(record, "symbol"),
        resolution=_text(record, "resolution"),
        source=Source(kind=SCRIPT, ref=ref, line=line, quote=_text(record, "quote"), cited=_text(record, "source")),
    )


TEXT_KEYS = frozenset({"label", "symbol", "resolution", "into", "rival", "revision_of", "source", "quote"})


def _fail(message: str, name: str, line: int):
    raise InputError(message, name, line)


def _text(record: dict, key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def _members(record: dict, key: str, name: str, line: int) -> tuple[str, ...]:
    value = record.get(key)
    if value is None:
        return ()
    try:
        if isinstance(value, list):
            return _codes(tuple(map(str, value)))
        return _codes((str(value),))
    except council.UnknownMember as err:
        _fail(f"{err.message} in '{key}'", name, line)


@functools.lru_cache(maxsize=4096)
def _codes(names: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: long scripts name the same few members again and again.
    return tuple(dict.fromkeys(council.resolve(name) for name in names))


def _date(value) -> PartialDate | None:
    if value is None or isinstance(value, (dt.date, str)):
        return PartialDate.parse(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return PartialDate.parse(str(value))
    raise ValueError(f"bad date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")


def _tally(value) -> Tally:
    if not isinstance(value, dict):
        raise ValueError("give a mapping with for, against, abstain (numbers or lists of members)")
    unknown = sorted(set(map(str, value)) - VOTE_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: for, against, abstain, members)")
    ballots: dict[str, str] = {}
    for code, ballot in (value.get("members") or {}).items():
        ballots[council.resolve(str(code))] = _ballot(ballot)
    counts = {}
    for key, ballot in (("for", "Y"), ("against", "N"), ("abstain", "A")):
        given = value.get(key)
        if isinstance(given, list):
            for member in given:
                ballots[council.resolve(str(member))] = ballot
            counts[key] = len(given)
        elif given is None:
            counts[key] = sum(1 for b in ballots.values() if b == ballot)
        elif isinstance(given, int) and not isinstance(given, bool) and 0 <= given <= 15:
            counts[key] = given
        else:
            raise ValueError(f"'{key}' must be a count from 0 to 15 or a list of members, not {given!r}")
    return Tally(counts["for"], counts["against"], counts["abstain"], ballots)


def _ballot(value) -> str:
    if value is True:
        return "Y"
    if value is False:
        return "N"
    ballot = BALLOT_WORDS.get(str(value).strip().lower(), str(value).upper())
    if ballot not in BALLOTS:
        raise ValueError(f"unknown ballot {value!r} (use Y, N, A or NV)")
    return ballot

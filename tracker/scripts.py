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
from tracker.domain.event_types import BY_TRIGGER, EVENT_TYPES
from tracker.domain.events import FACTUALITIES, MAX_LENGTH, MAX_SPONSORS, STANCES, Event
from tracker.domain.ids import id_problem, normal_id
from tracker.domain.sources import MAX_SOURCE_REF, SCRIPT, Source, is_text_name, shown_path, source_ref
from tracker.domain.votes import BALLOTS, Tally
from tracker.errors import InputError

KEYS = frozenset({
    "event", "draft", "date", "label", "sponsors", "members", "member", "stance", "into",
    "rival", "revision_of", "votes", "symbol", "resolution", "source", "quote", "factuality",
})
VOTE_KEYS = frozenset({"for", "against", "abstain", "members"})
YAML_SUFFIXES = (".yaml", ".yml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
# Values kept as the text written, never read as numbers, booleans or dates ("010" stays "010").
AS_WRITTEN = frozenset({"draft", "into", "rival", "revision_of", "symbol", "resolution", "label"})
BALLOT_WORDS = {
    "y": "Y", "yes": "Y", "for": "Y", "n": "N", "no": "N", "against": "N",
    "a": "A", "abstain": "A", "abstained": "A", "nv": "NV", "absent": "NV", "not voting": "NV",
}


@dataclass(frozen=True)
class ScriptEvent:
    event: Event
    path: str
    line: int


def read_script(path: str | os.PathLike, root: str | os.PathLike | None = None) -> list[ScriptEvent]:
    """Parse and validate a whole script; InputError names the file and line of the first problem."""
    return list(iter_script(path, root))


def script_ref(path: str | os.PathLike, root: str | os.PathLike | None = None) -> str:
    """A script's name in the log (see ``source_ref``); InputError for a name that cannot be one."""
    name = shown_path(path)
    if not is_text_name(path):
        raise InputError("the file name is not UTF-8 text", name)
    try:
        return source_ref(path, root=root)
    except ValueError as error:
        raise InputError(str(error), name) from None


def iter_script(path: str | os.PathLike, root: str | os.PathLike | None = None) -> Iterator[ScriptEvent]:
    """The events of a script one at a time, each validated as it is read.

    A JSON Lines script is read line by line, so a script of millions of
    events is never held in memory; YAML scripts are read whole. ``root`` is
    the folder scripts are named under (see ``source_ref``).
    """
    ref = script_ref(path, root)
    name = str(path)
    if len(ref) > MAX_SOURCE_REF:
        raise InputError(f"a path longer than {MAX_SOURCE_REF} characters", name)
    if name.endswith(YAML_SUFFIXES):
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", name) from None
        except OSError as err:
            raise InputError(f"cannot read it ({err.strerror})", name) from None
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as err:
            head = data[:err.start].decode("utf-8")
            raise InputError(f"not UTF-8 text ({err.reason})", name, _yaml_line(head, len(head))) from None
        records = _yaml_records(text, name)
    elif name.endswith(JSONL_SUFFIXES):
        records = _jsonl_records(path, name)
    else:
        raise InputError("unknown script format: use .yaml, .yml or .jsonl", name)
    for line, record in records:
        try:
            event = _event(record, ref, name, line)
        except RecursionError:  # printing or checking a value nested thousands deep
            raise InputError("a value nested too deeply", name, line) from None
        yield ScriptEvent(event, name, line)


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
        if event.kind.creates:
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
    """The events of a YAML script with their lines: a list of mappings."""
    node, document = _yaml_document(text, name)
    if document is None:
        return
    if not isinstance(document, list):
        raise InputError("a YAML script is a list of events (each starting with '- event:')", name,
                         node.start_mark.line + 1)
    for child, item in zip(node.value, document):
        line = child.start_mark.line + 1
        if not isinstance(item, dict):
            raise InputError(f"each event is a mapping, not {item!r}", name, line)
        yield line, item


def _yaml_document(text: str, name: str) -> tuple[object, object]:
    """The script's node tree and the values built from it; a YAML error becomes ``file:line: ...``."""
    import yaml

    from tracker.yaml_input import error_line, error_text, strict_loader

    try:
        loader = strict_loader(AS_WRITTEN)(text)
    except yaml.reader.ReaderError as err:  # a control character: the whole text is checked first
        raise InputError(f"YAML: character #x{err.character:04x} is not allowed", name,
                         _yaml_line(text, err.position)) from None
    try:
        # Composed first, then built: each event's line is its node's.
        node = loader.get_single_node()
        return node, None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        raise InputError(f"YAML syntax: {error_text(err)}", name, error_line(err)) from None
    except yaml.YAMLError as err:
        raise InputError(f"YAML: {str(err).splitlines()[0]}", name, loader.get_mark().line + 1) from None
    except RecursionError:
        raise InputError("YAML: nested too deeply", name, loader.get_mark().line + 1) from None
    finally:
        loader.dispose()


def _yaml_line(text: str, position: int) -> int:
    """The line of a character, counted as YAML counts lines (CR, LF, CRLF, NEL, LS, PS)."""
    head = text[:position]
    breaks = sum(head.count(mark) for mark in "\n\x85\u2028\u2029")
    return 1 + breaks + head.count("\r") - head.count("\r\n")


def _jsonl_records(path: str | os.PathLike, name: str) -> Iterator[tuple[int, dict]]:
    try:
        handle = open(path, encoding="utf-8-sig", newline=None)  # noqa: SIM115 - closed below, at the end
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except OSError as err:
        raise InputError(f"cannot read it ({err.strerror})", name) from None
    with handle:
        number = 0
        try:
            for number, raw in enumerate(handle, start=1):  # noqa: B007 - the line is kept for errors
                if not raw.strip():
                    continue
                try:
                    record = _JSON.decode(raw)
                except json.JSONDecodeError as err:
                    raise InputError(f"JSON syntax: {err.msg} (column {err.colno})", name, number) from None
                except _RepeatedKey as err:
                    raise InputError(f"JSON: the key {err.key!r} appears twice in one object", name, number) from None
                except ValueError:  # a number of more digits than Python converts
                    raise InputError("JSON: a number too long to read", name, number) from None
                except RecursionError:
                    raise InputError("JSON: nested too deeply", name, number) from None
                if not isinstance(record, dict):
                    raise InputError("each line is one JSON object", name, number)
                yield number, record
        except UnicodeDecodeError as err:
            # Decoded ahead of the line being read: find the line of the first bad byte.
            raise InputError(f"not UTF-8 text ({err.reason})", name, _undecodable_line(path)) from None


class _RepeatedKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    # JSON allows a repeated key and keeps the last value: in a script that hides a typo.
    record = dict(pairs)
    if len(record) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(key)
            seen.add(key)
    return record


_JSON = json.JSONDecoder(object_pairs_hook=_unique_keys)  # built once: json.loads with options builds one per call


def _undecodable_line(path: str | os.PathLike) -> int:
    """The line of the first bytes that are not UTF-8, counted as text mode counts lines (CR, LF, CRLF)."""
    line = 1
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as err:
                head = raw[:err.start]
                return line + head.count(b"\r") - head.count(b"\r\n")
            line += 1 + raw.count(b"\r") - raw.count(b"\r\n")
    return line


class _BadEvent(ValueError):
    """What is wrong with one event of a script; ``_event`` adds the file and line."""


def _event(record: dict, ref: str, name: str, line: int) -> Event:
    """One script event, checked; InputError names the file and line of a problem."""
    try:
        return _checked_event(record, ref, line)
    except _BadEvent as bad:
        raise InputError(str(bad), name, line) from None


def _checked_event(record: dict, ref: str, line: int) -> Event:
    # Called once per event of a script that may hold millions: checks run in
    # the common case's order and the slow explanations only on failure.
    if not KEYS.issuperset(record):
        unknown = sorted(set(map(str, record)) - KEYS)
        raise _BadEvent(f"unknown key {unknown[0]!r} (known keys: {', '.join(sorted(KEYS))})")
    kind = _event_type(record.get("event"))
    draft = _draft_id(record.get("draft"))
    try:
        date = _date(record.get("date"))
    except ValueError as err:
        raise _BadEvent(str(err)) from None
    stance, factuality = _stance_and_factuality(record)
    _check_texts(record)
    tally = _votes(record)
    members = _members(record, "members")
    if "member" in record:
        members = tuple(dict.fromkeys(members + _members(record, "member")))
    sponsors = _members(record, "sponsors")
    if len(sponsors) > MAX_SPONSORS:
        raise _BadEvent(f"more than {MAX_SPONSORS} sponsors")
    return Event(
        type=kind,
        draft=draft,
        date=date,
        factuality=factuality,
        label=_text(record, "label"),
        sponsors=sponsors,
        members=members,
        stance=stance,
        into=_other_id(record, "into"),
        rival=_other_id(record, "rival"),
        revision_of=_other_id(record, "revision_of"),
        votes=tally,
        symbol=_text(record, "symbol"),
        resolution=_text(record, "resolution"),
        source=Source(kind=SCRIPT, ref=ref, line=line, quote=_text(record, "quote"), cited=_text(record, "source")),
    )


def _event_type(given) -> str:
    """The event type a script names, by its name or its trigger's."""
    if given is None:
        raise _BadEvent("missing key 'event'")
    if isinstance(given, str):  # a number, a list or a mapping names no type (the last two cannot be looked up)
        kind = BY_TRIGGER[given].name if given in BY_TRIGGER else given
        if kind in EVENT_TYPES:
            return kind
    raise _BadEvent(f"unknown event {given!r} (known: {', '.join(EVENT_TYPES)})")


def _draft_id(draft) -> str:
    if not draft:
        raise _BadEvent("missing key 'draft' (the draft's id)")
    if not isinstance(draft, (str, int)) or isinstance(draft, bool):
        raise _BadEvent(f"'draft' must be the draft's id, not {type(draft).__name__}")
    if isinstance(draft, str) and (problem := _text_problem(draft) or id_problem(draft)):
        raise _BadEvent(f"'draft' holds {problem}")
    return normal_id(str(draft))


def _other_id(record: dict, key: str) -> str | None:
    """Another draft's id (into, rival, revision_of): checked and spelled as a draft's own."""
    value = _text(record, key)
    if value is None:
        return None
    if problem := id_problem(value):
        raise _BadEvent(f"'{key}' holds {problem}")
    return normal_id(value)


def _stance_and_factuality(record: dict) -> tuple[str | None, str]:
    stance = record.get("stance")
    if stance is not None and stance not in STANCES:
        raise _BadEvent(f"unknown stance {stance!r} (known: {', '.join(STANCES)})")
    factuality = record.get("factuality", "asserted")
    if factuality not in FACTUALITIES:
        raise _BadEvent(f"unknown factuality {factuality!r} (known: {', '.join(FACTUALITIES)})")
    return stance, factuality


def _check_texts(record: dict) -> None:
    """Text values are text (or numbers), storable, and no longer than their columns."""
    for key in TEXT_KEYS.intersection(record):
        value = record[key]
        if not isinstance(value, (str, int)) and value is not None:
            raise _BadEvent(f"'{key}' must be text, not {type(value).__name__}")
        if isinstance(value, str) and (problem := _text_problem(value)):
            raise _BadEvent(f"'{key}' holds {problem}")
    for key, longest in MAX_LENGTH.items():
        if record.get(key) is not None and len(str(record[key])) > longest:
            raise _BadEvent(f"'{key}' is longer than {longest} characters")


def _votes(record: dict) -> Tally | None:
    if record.get("votes") is None:
        return None
    try:
        return _tally(record["votes"])
    except (ValueError, council.UnknownMember) as err:
        raise _BadEvent(f"votes: {getattr(err, 'message', err)}") from None


TEXT_KEYS = frozenset({"label", "symbol", "resolution", "into", "rival", "revision_of", "source", "quote"})


def _text_problem(text: str) -> str | None:
    """What makes text unfit to store, if anything: characters only an escape can write (\\0, \\ud800)."""
    if "\0" in text:  # PostgreSQL refuses it and SQLite ends strings at it
        return "a NUL character"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "a lone surrogate, which is not Unicode text"
    return None


def _text(record: dict, key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def _members(record: dict, key: str) -> tuple[str, ...]:
    value = record.get(key)
    if value is None:
        return ()
    try:
        if isinstance(value, list):
            return _codes(tuple(map(str, value)))
        return _codes((str(value),))
    except council.UnknownMember as err:
        raise _BadEvent(f"{err.message} in '{key}'") from None


@functools.lru_cache(maxsize=4096)
def _codes(names: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: long scripts name the same few members again and again.
    return tuple(dict.fromkeys(council.resolve(name) for name in names))


def _date(value) -> PartialDate | None:
    if value is None or isinstance(value, (dt.date, str)):
        date = PartialDate.parse(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        date = PartialDate.parse(str(value))
    else:
        raise ValueError(f"bad date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return date


def _tally(value) -> Tally:
    if not isinstance(value, dict):
        raise ValueError("give a mapping with for, against, abstain (numbers or lists of members)")
    unknown = sorted(set(map(str, value)) - VOTE_KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: for, against, abstain, members)")
    ballots: dict[str, str] = {}
    named = value.get("members") or {}
    if not isinstance(named, dict):
        raise ValueError(f"'members' must map members to ballots (Y, N, A or NV), not {named!r}")
    for code, ballot in named.items():
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
    if sum(counts.values()) > 15:
        raise ValueError(f"{counts['for']}-{counts['against']}-{counts['abstain']} is more votes than the "
                         "Council has members (15)")
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

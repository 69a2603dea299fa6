"""The replay use case: analysts' scripts into the event log, streaming, in one transaction.

``replay`` stores the scripts it is given together: all of them, or none
(nor any part of one). ``ScriptReplay`` takes one script through the log.
Events are read, checked, folded and written in batches as the script goes
by, so memory follows the batch and the drafts under way, not the script.

Each event is folded in one of two ways, with the same result (both are
``fold`` over the same events in the same order, which is what ``rebuild``
does):

- live: a draft the log did not hold before this script is folded here as its
  events arrive, and each event is written with its verdict. Nothing is read
  back.
- from the log: a draft the log already holds, a draft whose events arrive out
  of date order (an earlier-dated event further down the script), and a draft
  set aside to bound memory are refolded from the log once the whole script is
  in.

Within one script the same event twice is an input error; the same event
already stored by an earlier replay of the script is skipped.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from collections.abc import Iterable

from sqlalchemy import Engine

from tracker.config import REPLAY_BATCH
from tracker.domain.drafts import APPLIED, CONFLICT, DraftFold, Verdict
from tracker.domain.events import Event, SourceOrder
from tracker.domain.sources import SCRIPT, shown_path
from tracker.errors import InputError
from tracker.scripts import DraftCheck, iter_script, script_ref
from tracker.store import codec, repository
from tracker.store.projections import project
from tracker.store.unit_of_work import UnitOfWork
from tracker.usecases import admin

LARGE_WRITE = 10_000  # events added: enough to refresh the query planner's statistics
LIVE_EVENTS = 50_000  # events of live drafts held in memory before the least recent drafts are set aside


def replay(engine: Engine, paths: Iterable[str], *, strict: bool = False, dry_run: bool = False,
           batch_size: int = REPLAY_BATCH, root: str | None = None) -> list[ScriptReport]:
    """Replay scripts in one transaction: all are stored, or none (nor any part of one).

    In strict mode a move the lifecycle forbids refuses the whole script
    (InputError naming its file and line); otherwise it is stored as a
    conflict with its reason. Scripts stream: ``batch_size`` events are
    held in memory at a time, and the result does not depend on it.
    """
    paths = [str(path) for path in paths]
    admin.upgrade_if_needed(engine)
    if len(paths) > 1:
        _check_drafts_together(engine, paths, root)
    # Scripts given together are stored together: a problem found only while one
    # is written (a repeated event, a move --strict refuses) leaves the others
    # unwritten too. Each is still whole or absent.
    reports = []
    with UnitOfWork(engine) as uow:
        for path in paths:
            report = ScriptReplay(uow.connection, path, batch_size=batch_size, root=root,
                                  drafts_checked=len(paths) > 1).run(strict)
            report.dry_run = dry_run
            reports.append(report)
        if not dry_run:
            uow.commit()
    return reports


def _check_drafts_together(engine: Engine, paths: list[str], root: str | None) -> None:
    """Check the drafts of several scripts before any is written.

    A single script is checked as it is written (its transaction rolls back on
    a problem); several are checked together first, so that a bad one later in
    the list leaves the earlier ones unwritten too, and a draft one script
    introduces is known to all of them, whatever their order.
    """
    with engine.connect() as conn:
        check = DraftCheck(repository.draft_ids(conn))
    for path in paths:
        for item in iter_script(path, root):
            check.see(item)
    check.finish()  # a draft may be introduced by any of the scripts, in any order


@dataclass
class ScriptReport:
    path: str
    read: int = 0
    added: int = 0
    already_stored: int = 0
    verdicts: Counter = field(default_factory=Counter)
    conflicts: list[dict] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {"path": self.path, "read": self.read, "added": self.added, "already_stored": self.already_stored,
                "applied": self.verdicts[APPLIED], "conflicts": self.conflicts, "noted": self.verdicts["noted"],
                "duplicates": self.verdicts["duplicate"], "dry_run": self.dry_run}


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector while millions of short-lived, acyclic objects go by.

    Reference counting still frees every event as soon as it is written; what
    pauses is the periodic scan of the whole heap for cycles, which costs a
    replay about a tenth of its time and finds nothing (the fold makes no cycles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _LiveDraft:
    __slots__ = ("fold", "keys", "last_key")

    def __init__(self, draft_id: str):
        self.fold = DraftFold(draft_id)
        self.keys: dict[int, str] = {}  # event id -> sort key, for the positions projection
        self.last_key = ""  # an event keyed before this cannot be folded live


class ScriptReplay:
    """One script through the log. ``run`` returns its report; the caller commits or rolls back."""

    def __init__(self, conn, path: str, *, batch_size: int, live_events: int | None = None, root: str | None = None,
                 drafts_checked: bool = False):
        self.conn = conn
        self.path = path
        self.root = root
        self.ref = script_ref(path, root)
        self.drafts_checked = drafts_checked  # with the other scripts of the replay, before any was written
        self.batch_size = batch_size
        self.live_events = live_events or LIVE_EVENTS
        self.report = ScriptReport(shown_path(path))
        self.ids = repository.EventIds(conn)
        self.first_id: int | None = None
        self.live: OrderedDict[str, _LiveDraft] = OrderedDict()  # least recently used first
        self.held = 0  # events held by live drafts
        self.from_log: set[str] = set()  # drafts to refold from the log at the end
        self.set_aside: set[str] = set()  # live drafts written early to bound memory
        self.batch: list[tuple] = []
        self.lines: list[int] = []
        self.verdicts: list[tuple] = []  # of the batch's events folded live (the others are refolded)
        # The verdicts of this script's events, by draft: a draft refolded from the log is counted again.
        self.tallies: dict[str, Counter] = {}
        self.conflicts: dict[str, list[dict]] = {}

    def run(self, strict: bool) -> ScriptReport:
        with _collector_paused():
            return self._run(strict)

    def _run(self, strict: bool) -> ScriptReport:
        self._read()
        if not self.report.read:
            return self.report
        self._write_live(list(self.live))
        old_conflicts, earliest_line = self._refold_from_log()
        for tally in self.tallies.values():
            self.report.verdicts.update(tally)
        self.report.conflicts = sorted((c for found in self.conflicts.values() for c in found),
                                       key=lambda c: c["line"])
        if self.report.added >= LARGE_WRITE:
            repository.refresh_statistics(self.conn)
        if strict:
            self._refuse_conflicts(old_conflicts, earliest_line)
        return self.report

    def _read(self) -> None:
        """Stream the script by: check each event, fold it live where it can be, write it in batches."""
        existing = repository.draft_ids(self.conn)
        check = DraftCheck(existing)
        order = SourceOrder()
        for item in iter_script(self.path, self.root):
            check.see(item)
            event = item.event.stored_as(self.ids.take())
            if self.first_id is None:
                self.first_id = event.id
            key = order.key(event)
            self.report.read += 1
            self._fold(event, key, item.line, existing)
            self.batch.append(codec.encode(event, key))
            self.lines.append(item.line)
            if len(self.batch) >= self.batch_size:
                self._flush()
            if self.held > self.live_events:
                self._set_aside()
        self._flush()
        if not self.drafts_checked:
            check.finish()

    def _fold(self, event: Event, key: str, line: int, existing: set[str]) -> None:
        """Fold an event into its live draft, or leave its draft to be refolded from the log at the end."""
        draft = event.draft
        if draft in existing or draft in self.from_log or draft in self.set_aside:
            self.from_log.add(draft)
            return
        live = self.live.get(draft)
        if live is not None and key < live.last_key:
            self._to_log(draft)  # out of date order: the log sorts it, the live fold cannot
            return
        if live is None:
            live = self.live[draft] = _LiveDraft(draft)
        else:
            self.live.move_to_end(draft)
        verdict = live.fold.step(event)
        self._count(verdict, line)
        self.verdicts.append((event.id, *verdict.stored))
        live.last_key = key
        live.keys[event.id] = key
        self.held += 1

    def _refold_from_log(self) -> tuple[list[Verdict], dict[str, int]]:
        """Refold the drafts the live fold could not take, counting this script's verdicts among theirs.

        Returns the stored events this script turned into conflicts, and by
        draft the line of this script's event that comes first in date order.
        """
        for draft in self.from_log:
            self.tallies.pop(draft, None)
            self.conflicts.pop(draft, None)
        first_id = self.first_id
        earliest_line: dict[str, int] = {}

        def count_ours(verdict: Verdict) -> None:
            event = verdict.event
            if event.id >= first_id and event.source.kind == SCRIPT and event.source.ref == self.ref:
                self._count(verdict, event.source.line)
                earliest_line.setdefault(event.draft, event.source.line)

        old_conflicts = project(self.conn, sorted(self.from_log), old_until=first_id - 1,
                                on_verdict=count_ours).old_conflicts
        return old_conflicts, earliest_line

    def _refuse_conflicts(self, old_conflicts: list[Verdict], earliest_line: dict[str, int]) -> None:
        """Under --strict: refuse the script for its first conflict, or for one it caused in the log."""
        if self.report.conflicts:
            first = min(self.report.conflicts, key=lambda c: c["line"])
            raise InputError(f"{first['event']} on {first['draft']}: {first['reason']} (--strict)", self.path,
                             first["line"])
        if old_conflicts:
            verdict = old_conflicts[0]
            # The stored event was fine until this script's events came before it in date order.
            raise InputError(f"coming before {verdict.event.source.location} in date order, this script makes "
                             f"it a conflict: {verdict.reason} (--strict)", self.path,
                             earliest_line.get(verdict.event.draft))

    def _flush(self) -> None:
        """Write the batch; find out which rows were already stored (skipped) and refuse repeats."""
        if not self.batch:
            return
        written = repository.insert_rows(self.conn, "events", codec.COLUMNS, self.batch, skip_existing=True)
        self.report.added += written
        verdicts = self.verdicts
        if written < len(self.batch):
            present = repository.stored_ids(self.conn, self.batch[0][0], self.batch[-1][0])
            verdicts = [row for row in verdicts if row[0] in present]
            skipped = [(row, line) for row, line in zip(self.batch, self.lines, strict=True) if row[0] not in present]
            claims = repository.first_claims(self.conn, SCRIPT, self.ref,
                                             (row[codec.FINGERPRINT] for row, _ in skipped))
            for row, line in skipped:
                claim = claims.get(row[codec.FINGERPRINT])
                if claim is not None and claim[0] >= self.first_id:
                    raise InputError(f"the same event as line {claim[1]}", self.path, line)
                self.report.already_stored += 1
        repository.append_verdicts(self.conn, verdicts)
        self.batch = []
        self.lines = []
        self.verdicts = []

    def _to_log(self, draft: str) -> None:
        live = self.live.pop(draft)
        self.held -= len(live.keys)
        self.from_log.add(draft)

    def _set_aside(self) -> None:
        """Write the least recently used live drafts and fold them from the log if they come back."""
        self._flush()  # their projections refer to their events
        leaving = []
        while self.held > self.live_events // 2:
            draft, live = self.live.popitem(last=False)
            self.held -= len(live.keys)
            leaving.append((draft, live))
        self._write(leaving)
        self.set_aside.update(draft for draft, _ in leaving)  # if it comes back, it is refolded from the log

    def _write_live(self, drafts: list[str]) -> None:
        self._write([(draft, self.live.pop(draft)) for draft in drafts])
        self.held = 0

    def _write(self, leaving: list[tuple[str, _LiveDraft]]) -> None:
        if not leaving:
            return
        keys: dict[int, str] = {}
        for _, live in leaving:
            keys.update(live.keys)
        # A live draft is new to the log, so it has no projection rows to replace, unless it
        # was set aside before (then it is refolded from the log, never live again).
        repository.replace_projections(self.conn, [live.fold.draft for _, live in leaving], keys, fresh=True)

    def _count(self, verdict: Verdict, line: int) -> None:
        event = verdict.event
        self.tallies.setdefault(event.draft, Counter())[verdict.status] += 1
        if verdict.status == CONFLICT:
            self.conflicts.setdefault(event.draft, []).append(
                {"line": line, "event": event.type, "draft": event.draft, "reason": verdict.reason})

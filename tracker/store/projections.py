"""The projection engine: fold drafts from the event log and write what they come to.

``project`` refolds drafts and writes their projections (drafts, positions,
lineage, status history) and the verdicts that changed; ``rebuild``, ingest
and replay all go through it. Reports ``--as-of`` a day read the positions
and the status history the fold wrote; they never fold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tracker.domain.drafts import CONFLICT, Draft, Verdict, fold
from tracker.store import repository

PROJECTION_CHUNK = 500  # drafts folded at a time


@dataclass
class Projection:
    drafts: int = 0
    events: int = 0
    changed: int = 0  # stored verdicts the fold changed
    old_conflicts: list[Verdict] = field(default_factory=list)  # events up to old_until that became conflicts


def project(conn, drafts: list[str] | None, *, on_verdict: Callable[[Verdict], None] | None = None,
            old_until: int = 0, chunk: int = PROJECTION_CHUNK) -> Projection:
    """Fold the given drafts (all when None) and write their projections and verdicts.

    Drafts are folded ``chunk`` at a time, so memory follows the chunk, not
    the log. Only verdicts that differ from the stored ones are written.
    ``on_verdict`` sees every verdict, for callers that report on some.
    """
    if drafts is None:
        drafts = repository.sorted_draft_ids(conn)
    result = Projection()
    for start in range(0, len(drafts), chunk):
        grouped = repository.events_by_draft(conn, drafts[start:start + chunk])
        changed: list[Verdict] = []
        folded: list[Draft] = []
        keys: dict[int, str] = {}
        for draft_id, items in grouped.items():
            draft, draft_verdicts = fold(draft_id, [event for event, *_ in items])
            folded.append(draft)
            result.events += len(items)
            for verdict, (event, *stored, key) in zip(draft_verdicts, items, strict=True):
                if on_verdict is not None:
                    on_verdict(verdict)
                keys[event.id] = key
                if verdict.stored != tuple(stored):
                    changed.append(verdict)
                    if verdict.status == CONFLICT and event.id <= old_until:
                        result.old_conflicts.append(verdict)
        result.drafts += len(folded)
        result.changed += len(changed)
        repository.set_verdicts(conn, changed)
        repository.replace_projections(conn, folded, keys)
    return result

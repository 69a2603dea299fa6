"""Scoring extraction against an analyst's answer key.

The key is YAML: ``drafts`` (id -> sponsors, topic) and ``articles`` (file
name -> published, events, positions, traps); see ``seeds/gold.yaml``.
Extracted drafts have their own ids, so each is first aligned to the key's
draft it shares the most (article, event type) pairs with, then sponsors.

- An event matches when article, type, draft and factuality agree; date and
  members are then checked and reported as agreement rates.
- A position is (article, member, draft, stance): on both sides, the stances
  stated and those the asserted steps give by the domain's one stance rule
  (``domain.positions.stances_from``: sponsors support, rejecters oppose,
  ballots give stances), as the fold derives them.
- A trap is a sentence that looks like an event but is not. Anything
  extracted from a trap sentence, or from an article whose key holds nothing,
  is a trap hit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tracker.domain.dates import PartialDate
from tracker.domain.event_types import EVENT_TYPES
from tracker.domain.events import ASSERTED, Event
from tracker.domain.positions import stances_from
from tracker.domain.votes import Tally
from tracker.errors import InputError



@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.true_positive, "fp": self.false_positive, "fn": self.false_negative}


@dataclass
class Report:
    events: Score = field(default_factory=Score)
    positions: Score = field(default_factory=Score)
    trap_hits: list[str] = field(default_factory=list)
    dates_right: int = 0
    members_right: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    alignment: dict[str, str] = field(default_factory=dict)
    tallies_told: int = 0  # vote events of the key with a tally
    tallies_exact: int = 0  # of those, found with exactly that tally

    def as_dict(self) -> dict:
        matched = self.events.true_positive
        return {
            "events": self.events.as_dict(), "positions": self.positions.as_dict(),
            "trap_hits": len(self.trap_hits),
            "event_dates_right": round(self.dates_right / matched, 3) if matched else None,
            "event_members_right": round(self.members_right / matched, 3) if matched else None,
            "vote_tallies_exact": round(self.tallies_exact / self.tallies_told, 3) if self.tallies_told else None,
            "alignment": self.alignment, "missed": self.missed, "extra": self.extra, "trap_details": self.trap_hits,
        }


def load_key(path: str | Path) -> dict:
    try:
        key = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", str(path)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 (byte {error.start})", str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(error, 'problem', error)}", str(path),
                         mark.line + 1 if mark else None) from None
    if not isinstance(key, dict) or not isinstance(key.get("articles"), dict):
        raise InputError("an answer key needs an `articles:` mapping", str(path))
    _check_key(key, str(path))
    return key


# What each item of a key's article and of `extract --json` must hold: {key: the types it may have}.
_TEXT, _LIST, _MAPPING, _OPTIONAL_TEXT = (str,), (list, type(None)), (dict, type(None)), (str, int, type(None))
_KEY_ITEMS = {
    "events": {"type": _TEXT, "draft": _TEXT, "members": _LIST, "votes": _MAPPING, "factuality": (str, type(None))},
    "positions": {"member": _TEXT, "draft": _TEXT, "stance": _TEXT},
}


def _check_key(key: dict, path: str) -> None:
    """Refuse a key whose parts are not of the form ``seeds/gold.yaml`` shows, naming the part."""
    if not isinstance(key.get("drafts") or {}, dict) or \
            not all(isinstance(d, (dict, type(None))) for d in (key.get("drafts") or {}).values()):
        raise InputError("`drafts:` must map each draft id to its sponsors and topic", path)
    for name, entry in key["articles"].items():
        if entry is None:
            key["articles"][name] = entry = {}
        if not isinstance(name, str) or not isinstance(entry, dict):
            raise InputError(f"article {name!r}: each article must be a mapping (events, positions, traps)", path)
        for part, fields in _KEY_ITEMS.items():
            items = entry.get(part) or []
            if not isinstance(items, list):
                raise InputError(f"article {name}: `{part}` must be a list", path)
            for index, item in enumerate(items, 1):
                _check_item(item, fields, f"article {name}: {part} item {index}", path)
        traps = entry.get("traps") or []
        if not isinstance(traps, list) or not all(isinstance(trap, str) for trap in traps):
            raise InputError(f"article {name}: `traps` must be a list of sentences", path)


_EXTRACTED_ITEM = {"type": _TEXT, "draft": (dict,), "evidence": (dict,), "members": _LIST, "votes": _MAPPING,
                   "date": _OPTIONAL_TEXT, "factuality": (str, type(None)), "stance": (str, type(None))}


def check_extracted(items, path: str) -> list[dict]:
    """Refuse `extract --json` output that is not a list of events of the form README describes."""
    if not isinstance(items, list):
        raise InputError("extracted events must be a JSON list (the output of `tracker extract --json`)", path)
    for index, item in enumerate(items, 1):
        where = f"event {index}"
        _check_item(item, _EXTRACTED_ITEM, where, path)
        if not isinstance(item["draft"].get("id"), str) or not isinstance(item["draft"].get("sponsors") or [], list):
            raise InputError(f"{where}: `draft` needs an `id` and a list of `sponsors`", path)
        if not isinstance(item["evidence"].get("article"), str) or \
                not isinstance(item["evidence"].get("quote"), str):
            raise InputError(f"{where}: `evidence` needs an `article` and a `quote`", path)
    return items


def _check_item(item, fields: dict, where: str, path: str) -> None:
    if not isinstance(item, dict):
        raise InputError(f"{where}: not a mapping", path)
    for name, types in fields.items():
        required = type(None) not in types
        if required and name not in item:
            raise InputError(f"{where}: `{name}` is missing", path)
        if name in item and not isinstance(item[name], types):
            raise InputError(f"{where}: `{name}` is {type(item[name]).__name__}, not "
                             f"{' or '.join(t.__name__ for t in types if t is not type(None))}", path)
    votes = item.get("votes")
    if votes and not all(isinstance(votes.get(count), (int, list, type(None))) for count in ("for", "against", "abstain")):
        raise InputError(f"{where}: `votes` counts must be numbers or lists of members", path)
    if votes and not isinstance(votes.get("members") or {}, dict):
        raise InputError(f"{where}: `votes: members` must map members to Y/N/A/NV", path)
    date = item.get("date")
    if date is not None:
        try:
            PartialDate.parse(str(date))
        except ValueError as error:
            raise InputError(f"{where}: {error}", path) from None


def score(key: dict, extracted: list[dict]) -> Report:
    """Compare extracted events (``extract --json`` output) with an answer key."""
    report = Report()
    articles = key["articles"]
    extracted = [item for item in extracted if Path(item["evidence"]["article"]).name in articles]
    alignment = _align(key, extracted)
    report.alignment = dict(sorted(alignment.items()))

    gold_events = [(name, event) for name, entry in articles.items() for event in (entry.get("events") or [])]
    report.tallies_told = sum(1 for _, event in gold_events if _counts(event) is not None)
    found_events = [item for item in extracted if item["type"] != "position"]
    unmatched = list(found_events)
    for name, event in gold_events:
        match = None
        for item in unmatched:
            if (Path(item["evidence"]["article"]).name == name and item["type"] == event["type"]
                    and alignment.get(item["draft"]["id"]) == event["draft"]
                    and item.get("factuality", "asserted") == event.get("factuality", "asserted")
                    and _same_tally(event, item)):
                match = item
                break
        if match is None:
            report.events.false_negative += 1
            told = f" {'-'.join(map(str, _counts(event)))}" if _counts(event) else ""
            report.missed.append(f"{name}: {event['type']}{told} {event['draft']} "
                                 f"({event.get('factuality', 'asserted')})")
            continue
        unmatched.remove(match)
        report.events.true_positive += 1
        report.tallies_exact += _counts(event) is not None
        if str(event.get("date")) == str(match.get("date")) or event.get("date") is None and match.get("date") is None:
            report.dates_right += 1
        if set(event.get("members") or []) == set(match.get("members") or []):
            report.members_right += 1
    for item in unmatched:
        report.events.false_positive += 1
        told = f" {'-'.join(map(str, _counts(item)))}" if _counts(item) else ""
        report.extra.append(f"{Path(item['evidence']['article']).name}: {item['type']}{told} {item['draft']['id']} "
                            f"({item.get('factuality')}) \"{item['evidence']['quote'][:80]}\"")

    gold_positions = _gold_positions(key)
    found_positions = {(_article(item), member, alignment.get(item["draft"]["id"], item["draft"]["id"]), stance)
                       for item in extracted for member, stance in _stances(item, item["draft"].get("sponsors"))}
    report.positions.true_positive = len(gold_positions & found_positions)
    report.positions.false_positive = len(found_positions - gold_positions)
    report.positions.false_negative = len(gold_positions - found_positions)
    report.missed += [f"{a}: position {m} {s} on {d}" for a, m, d, s in sorted(gold_positions - found_positions)]
    report.extra += [f"{a}: position {m} {s} on {d}" for a, m, d, s in sorted(found_positions - gold_positions)]

    # A trap hit is a false event or position read from a trap sentence.
    false = [item for item in unmatched] + [
        item for item in extracted if item["type"] == "position"
        and any((Path(item["evidence"]["article"]).name, m, alignment.get(item["draft"]["id"], item["draft"]["id"]),
                 item.get("stance")) not in gold_positions for m in item.get("members") or [])]
    report.trap_hits = _trap_hits(articles, false)
    return report


def _gold_positions(key: dict) -> set[tuple[str, str, str, str]]:
    """(article, member, draft, stance): the key's positions and the stances its events give."""
    drafts = key.get("drafts") or {}
    positions = set()
    for name, entry in key["articles"].items():
        for position in entry.get("positions") or []:
            positions.add((name, position["member"], position["draft"], position["stance"]))
        for event in entry.get("events") or []:
            sponsors = (drafts.get(event["draft"]) or {}).get("sponsors")
            positions.update((name, member, event["draft"], stance) for member, stance in _stances(event, sponsors))
    return positions


def _stances(item: dict, sponsors) -> list[tuple[str, str]]:
    """The stances an event of a key or of ``extract --json`` gives, by the domain's one stance rule.

    Only what the fold would apply counts: asserted steps and position statements.
    """
    kind = EVENT_TYPES.get(item.get("type"))
    if kind is None or item.get("factuality", ASSERTED) != ASSERTED and item["type"] != "position":
        return []
    votes = item.get("votes")
    tally = Tally(votes.get("for"), votes.get("against"), votes.get("abstain"), dict(votes.get("members") or {})) \
        if votes else None
    date = PartialDate.parse(str(item["date"])) if item.get("date") else None
    event = Event(type=item["type"], draft="-", date=date, members=tuple(item.get("members") or ()),
                  sponsors=tuple(sponsors or ()) if kind.sponsor_acts else (), stance=item.get("stance"), votes=tally)
    return stances_from(event)


def _counts(event: dict) -> tuple | None:
    votes = event.get("votes")
    return (votes.get("for"), votes.get("against"), votes.get("abstain")) if votes else None


def _same_tally(gold: dict, found: dict) -> bool:
    """A vote counts only with the key's exact tally (when the key gives one)."""
    wanted = _counts(gold)
    return wanted is None or _counts(found) == wanted


def _article(item: dict) -> str:
    return Path(item["evidence"]["article"]).name


def _align(key: dict, extracted: list[dict]) -> dict[str, str]:
    """Extracted draft id -> the key's draft id, one to one, by shared (article, type) pairs then sponsors."""
    gold_drafts = key.get("drafts") or {}
    # Each step counts once; positions count once per stance, stated or given by a step.
    gold_pairs: dict[str, Counter] = {}
    for name, entry in key["articles"].items():
        for item in entry.get("events") or []:
            gold_pairs.setdefault(item["draft"], Counter())[(name, item["type"])] += 1
    for name, _, draft, _ in _gold_positions(key):
        gold_pairs.setdefault(draft, Counter())[(name, "position")] += 1
    found_pairs: dict[str, Counter] = {}
    sponsors: dict[str, set] = {}
    for item in extracted:
        draft = item["draft"]["id"]
        sponsors[draft] = set(item["draft"].get("sponsors") or [])
        pairs = found_pairs.setdefault(draft, Counter())
        if item["type"] != "position":
            pairs[(_article(item), item["type"])] += 1
        pairs[(_article(item), "position")] += len(_stances(item, item["draft"].get("sponsors")))
    candidates = []
    for found, pairs in found_pairs.items():
        for gold in set(gold_pairs) | set(gold_drafts):
            common = pairs & gold_pairs.get(gold, Counter())
            events = sum(n for (_, kind), n in common.items() if kind != "position")
            positions = sum(n for (_, kind), n in common.items() if kind == "position")
            gold_sponsors = set((gold_drafts.get(gold) or {}).get("sponsors") or [])
            same = 2 if gold_sponsors and gold_sponsors == sponsors[found] else \
                1 if gold_sponsors & sponsors[found] else 0
            if events or positions or same:
                # The alignment that matches the most (events and positions alike); sponsors break ties.
                candidates.append(((events + positions) * 10 + same, found, gold))
    alignment: dict[str, str] = {}
    used: set[str] = set()
    for _, found, gold in sorted(candidates, reverse=True):
        if found in alignment or gold in used:
            continue
        alignment[found] = gold
        used.add(gold)
    return alignment


def _trap_hits(articles: dict, extracted: list[dict]) -> list[str]:
    hits = []
    for item in extracted:
        name = Path(item["evidence"]["article"]).name
        entry = articles[name]
        quote = _normal(item["evidence"]["quote"])
        if not entry.get("events") and not entry.get("positions"):
            hits.append(f"{name}: {item['type']} from an article with nothing to find: \"{quote[:80]}\"")
            continue
        for trap in entry.get("traps") or []:
            for fragment in _trap_fragments(trap):
                if fragment in quote and not any(fragment in _normal(e.get("evidence", "") or "")
                                                 for e in entry.get("events") or []):
                    hits.append(f"{name}: {item['type']} from the trap \"{fragment}\"")
    return hits


def _trap_fragments(trap: str) -> list[str]:
    quoted = trap.split(":")[0] if ":" in trap else trap
    fragments = [_normal(part.strip(" \"'“”")) for part in re.split(r"\s+/\s+", quoted)]
    return [f for f in fragments if len(f.split()) >= 3]


def _normal(text: str) -> str:
    text = re.sub(r"[\"“”‘’']", "", text)
    return " ".join(text.split()).casefold()

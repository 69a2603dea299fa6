"""Scoring extraction against an analyst's answer key.

The key is YAML: ``drafts`` (id -> sponsors, topic) and ``articles`` (file
name -> published, events, positions, traps); see ``seeds/gold.yaml``.
Extracted drafts have their own ids, so each is first aligned to the key's
draft it shares the most (article, event type) pairs with, then sponsors.

- An event matches when article, type, draft and factuality agree; date and
  members are then checked and reported as agreement rates.
- A position is (article, member, draft, stance). Each member's ballot in a
  vote counts as a position (Y supports, N opposes, A abstains).
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

from tracker.domain.positions import STANCE_OF_BALLOT
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

    def as_dict(self) -> dict:
        matched = self.events.true_positive
        return {
            "events": self.events.as_dict(), "positions": self.positions.as_dict(),
            "trap_hits": len(self.trap_hits),
            "event_dates_right": round(self.dates_right / matched, 3) if matched else None,
            "event_members_right": round(self.members_right / matched, 3) if matched else None,
            "alignment": self.alignment, "missed": self.missed, "extra": self.extra, "trap_details": self.trap_hits,
        }


def load_key(path: str | Path) -> dict:
    try:
        key = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(error, 'problem', error)}", str(path),
                         mark.line + 1 if mark else None) from None
    if not isinstance(key, dict) or not isinstance(key.get("articles"), dict):
        raise InputError("an answer key needs an `articles:` mapping", str(path))
    return key


def score(key: dict, extracted: list[dict]) -> Report:
    """Compare extracted events (``extract --json`` output) with an answer key."""
    report = Report()
    articles = key["articles"]
    extracted = [item for item in extracted if Path(item["evidence"]["article"]).name in articles]
    alignment = _align(key, extracted)
    report.alignment = dict(sorted(alignment.items()))
    unmatched = _score_events(report, articles, extracted, alignment)
    gold_positions = _gold_positions(articles)
    found_positions = _found_positions(extracted, alignment)
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


def _score_events(report: Report, articles: dict, extracted: list[dict], alignment: dict[str, str]) -> list[dict]:
    """Match the key's events with the extracted ones (positions aside); return the extracted left unmatched."""
    gold_events = [(name, event) for name, entry in articles.items() for event in (entry.get("events") or [])]
    unmatched = [item for item in extracted if item["type"] != "position"]
    for name, event in gold_events:
        match = None
        for item in unmatched:
            if (Path(item["evidence"]["article"]).name == name and item["type"] == event["type"]
                    and alignment.get(item["draft"]["id"]) == event["draft"]
                    and item.get("factuality", "asserted") == event.get("factuality", "asserted")):
                match = item
                break
        if match is None:
            report.events.false_negative += 1
            report.missed.append(f"{name}: {event['type']} {event['draft']} ({event.get('factuality', 'asserted')})")
            continue
        unmatched.remove(match)
        report.events.true_positive += 1
        if str(event.get("date")) == str(match.get("date")) or event.get("date") is None and match.get("date") is None:
            report.dates_right += 1
        if set(event.get("members") or []) == set(match.get("members") or []):
            report.members_right += 1
    for item in unmatched:
        report.events.false_positive += 1
        report.extra.append(f"{Path(item['evidence']['article']).name}: {item['type']} {item['draft']['id']} "
                            f"({item.get('factuality')}) \"{item['evidence']['quote'][:80]}\"")
    return unmatched


def _gold_positions(articles: dict) -> set[tuple]:
    """The key's positions, each member's ballot counting as one: (article, member, draft, stance)."""
    gold = set()
    for name, entry in articles.items():
        for position in entry.get("positions") or []:
            gold.add((name, position["member"], position["draft"], position["stance"]))
        for event in entry.get("events") or []:
            for member, ballot in ((event.get("votes") or {}).get("members") or {}).items():
                if ballot in STANCE_OF_BALLOT:
                    gold.add((name, member, event["draft"], STANCE_OF_BALLOT[ballot]))
    return gold


def _found_positions(extracted: list[dict], alignment: dict[str, str]) -> set[tuple]:
    """The extracted positions and ballots, drafts named as the key names them."""
    found = set()
    for item in extracted:
        name = Path(item["evidence"]["article"]).name
        draft = alignment.get(item["draft"]["id"], item["draft"]["id"])
        if item["type"] == "position":
            for member in item.get("members") or []:
                found.add((name, member, draft, item.get("stance")))
        for member, ballot in ((item.get("votes") or {}).get("members") or {}).items():
            if ballot in STANCE_OF_BALLOT:
                found.add((name, member, draft, STANCE_OF_BALLOT[ballot]))
    return found


def _align(key: dict, extracted: list[dict]) -> dict[str, str]:
    """Extracted draft id -> the key's draft id, one to one, by shared (article, type) pairs then sponsors."""
    gold_drafts = key.get("drafts") or {}
    gold_pairs: dict[str, Counter] = {}
    for name, entry in key["articles"].items():
        for item in (entry.get("events") or []) + (entry.get("positions") or []):
            gold_pairs.setdefault(item["draft"], Counter())[(name, item.get("type", "position"))] += 1
    found_pairs: dict[str, Counter] = {}
    sponsors: dict[str, set] = {}
    for item in extracted:
        draft = item["draft"]["id"]
        sponsors[draft] = set(item["draft"].get("sponsors") or [])
        found_pairs.setdefault(draft, Counter())[(Path(item["evidence"]["article"]).name, item["type"])] += 1
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

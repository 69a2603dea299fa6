"""Synthetic inputs for benchmarks and tests: replay scripts and news articles.

Both generators are deterministic (the same arguments and seed give the same
bytes) and stream what they write, so memory stays small and constant however
much is asked for:

- ``write_script`` writes a JSON Lines replay script (the format of
  ``tracker.scripts``) about many synthetic drafts. Each draft lives a valid
  life through the lifecycle, its members sit on the Council of the day, its
  votes add up; the drafts' events are interleaved in date order, like a real
  chronological log. Every ``forbidden_every``-th draft makes one move the
  lifecycle refuses, so that non-strict replays have conflicts to record.
- ``write_articles`` writes plain-text news articles about synthetic drafts,
  in the prose the extractor (``tracker.extract``) reads: circulations,
  positions, revisions, votes and vetoes, with background sentences and
  hedged forecasts that must yield no event.

As a module::

    from benchmarks.generate import write_articles, write_script

    write_script("big.jsonl", drafts=10_000, events_per_draft=100, seed=1)
    write_articles("corpus/", count=2_000, drafts=400, seed=1)

From the command line::

    python benchmarks/generate.py script OUT.jsonl --drafts N --events-per-draft K --seed S
    python benchmarks/generate.py articles OUTDIR --count N --drafts D --seed S
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import heapq
import itertools
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tracker.domain import council
from tracker.domain.votes import votes_needed

# Drafts start within these years; their later events may run into the
# following years, as far as the Council data goes (council.covered_until()).
FIRST_START = dt.date(1990, 1, 1)
LAST_START = dt.date(2024, 12, 31)
MAX_GAP_DAYS = 6  # events of one draft are 1 to this many days apart
ARTICLES_FROM = dt.date(2000, 1, 1)
ARTICLES_UNTIL = dt.date(2024, 12, 31)

POSITION_STANCES = ("supports", "opposes", "conditional", "abstains")
STANCE_WORDS = {
    "supports": "spoke in support of",
    "opposes": "spoke against",
    "conditional": "set conditions for",
    "abstains": "signalled an abstention on",
}

# How a draft's life ends (None: it is still open at the end of the log), with weights.
ENDINGS = (
    ("vote:adopted", 38), ("vote:vetoed", 8), ("vote:failed", 8), ("adopted", 10), ("vetoed", 4),
    ("withdrawn", 9), ("merged", 5), (None, 18),
)
# What happens between a draft's circulation and its end, with weights (the order matters:
# _draft_life tests the thresholds in this order).
MIDDLE_STEPS = (("position", 74), ("revised", 12), ("rejected", 7), ("merge_proposed", 4), ("competes", 3))
# How many position events follow a draft's final state.
TRAILING = (0, 0, 0, 1, 1, 2)

SCRIPT_TOPICS = (
    "the war in Syria", "humanitarian access in Yemen", "the arms embargo on Libya", "peacekeeping in Mali",
    "sanctions on the DPRK", "the crisis in Myanmar", "piracy off Somalia", "the mission in South Sudan",
    "Darfur", "the political transition in Haiti", "the mission in Afghanistan", "sanctions on Iran",
    "the situation in Gaza", "the mission in the DRC", "the Central African Republic", "Western Sahara",
    "the peacekeeping force in Cyprus", "Kosovo", "sanctions on Iraq", "the conflict in Ukraine",
    "counter-terrorism financing", "chemical weapons in Syria", "the mission in Lebanon", "Bosnia and Herzegovina",
)


def _cumulative(weighted) -> tuple[list, list[float]]:
    """Items and the cumulative weights (as fractions) to pick one with a single random() draw."""
    items = [item for item, _ in weighted]
    total = float(sum(weight for _, weight in weighted))
    return items, [x / total for x in itertools.accumulate(weight for _, weight in weighted)]


def _pick(items: list, cumulative: list[float], draw: float):
    return items[min(bisect.bisect_right(cumulative, draw), len(items) - 1)]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- the Council of each day -----------------------------------------------------------------

class _Sitting:
    """The Council of one membership period, in the shapes the generators need."""

    __slots__ = ("codes", "elected", "groups", "names", "permanent")

    def __init__(self, day: dt.date):
        members = council.members_on(day)
        self.codes = [m.code for m in members]
        self.permanent = [m.code for m in members if m.permanent]
        self.elected = [m.code for m in members if not m.permanent]
        self.names = {m.code: m.name for m in members}
        # Every group of one, two and three members, with their names joined: a position's
        # speakers are then one index away.
        self.groups = tuple(
            [(list(combo), _join([self.names[c] for c in combo])) for combo in itertools.combinations(self.codes, k)]
            for k in (1, 2, 3)
        )

    def group(self, draw) -> tuple[list[str], str]:
        """One to three sitting members (mostly one) and their names; ``draw`` is a random() function."""
        r = draw()
        groups = self.groups[0 if r < 0.6 else 1 if r < 0.9 else 2]
        return groups[int(draw() * len(groups))]


class _Day:
    """One calendar day: its text forms and the Council sitting on it."""

    __slots__ = ("date", "iso", "month", "path", "sitting", "whole_month_same_council", "year")

    def __init__(self, date: dt.date, sitting: _Sitting, whole_month_same_council: bool):
        self.date = date
        self.iso = date.isoformat()
        self.month = self.iso[:7]
        self.path = self.iso.replace("-", "/")
        self.year = date.year
        self.sitting = sitting
        # A month-only date means its first day to the tracker; it is only safe when the
        # Council did not change between that day and this one.
        self.whole_month_same_council = whole_month_same_council


class _Calendar:
    """Days by ordinal, each computed once; the Council is computed once per membership period."""

    def __init__(self):
        bounds = set()
        for seat in council.seats():
            bounds.add(seat.start.toordinal())
            if seat.end is not None:
                bounds.add(seat.end.toordinal() + 1)
        self._bounds = sorted(bounds)
        self._sittings: dict[int, _Sitting] = {}
        self.days: dict[int, _Day] = {}  # at most one entry per day of the years covered

    def day(self, ordinal: int) -> _Day:
        found = self.days.get(ordinal)
        if found is None:
            found = self.days[ordinal] = self._make_day(ordinal)
        return found

    def _make_day(self, ordinal: int) -> _Day:
        date = dt.date.fromordinal(ordinal)
        period = bisect.bisect_right(self._bounds, ordinal)
        sitting = self._sittings.get(period)
        if sitting is None:
            sitting = self._sittings[period] = _Sitting(date)
        month_start = date.replace(day=1).toordinal()
        return _Day(date, sitting, bisect.bisect_right(self._bounds, month_start) == period)


# --- votes -------------------------------------------------------------------------------------

def _tally(outcome: str, day: _Day, rng: random.Random) -> tuple[dict, list[str]]:
    """A full tally for ``outcome`` (adopted, vetoed, failed) by the Council of ``day``, and the vetoing members.

    The ballot map names every sitting member; the counts match it (not voting is in the map only).
    """
    sitting = day.sitting
    ballots = dict.fromkeys(sitting.codes, "Y")
    vetoers: list[str] = []
    size = len(sitting.codes)
    if outcome == "failed":
        in_favour = 2 + int(rng.random() * (votes_needed(day.date) - 2))
        others = rng.sample(sitting.codes, size - in_favour)
        against = int(rng.random() * (len(others) + 1))
        for position, code in enumerate(others):
            ballots[code] = "N" if position < against else "A"
    else:
        if outcome == "vetoed":
            vetoers = rng.sample(sitting.permanent, 2 if rng.random() < 0.2 else 1)
            against = vetoers + rng.sample(sitting.elected, int(rng.random() * 2))
        else:  # adopted: only elected members may vote against
            r = rng.random()
            against = rng.sample(sitting.elected, 0 if r < 0.75 else 1 if r < 0.9 else 2)
        for code in against:
            ballots[code] = "N"
        rest = [code for code in sitting.codes if code not in against]
        # Enough left in favour for the Charter's majority, whatever the abstentions.
        spare = max(0, size - len(against) - votes_needed(day.date))
        abstaining = rng.sample(rest, min(spare, (0, 0, 0, 1, 1, 2, 3)[int(rng.random() * 7)]))
        for code in abstaining:
            ballots[code] = "A"
        if rng.random() < 0.03 and len(rest) - len(abstaining) > votes_needed(day.date):
            absent = next(code for code in reversed(rest) if ballots[code] == "Y")
            ballots[absent] = "NV"
    counts = {"Y": 0, "N": 0, "A": 0, "NV": 0}
    for ballot in ballots.values():
        counts[ballot] += 1
    return {"for": counts["Y"], "against": counts["N"], "abstain": counts["A"], "members": ballots}, vetoers


# --- replay scripts ----------------------------------------------------------------------------

class _ScriptPlan:
    """What every draft of one script shares."""

    def __init__(self, drafts: int, events_per_draft: int, seed: int, forbidden_every: int):
        self.drafts = drafts
        self.events_per_draft = events_per_draft
        self.seed = seed
        self.forbidden_every = forbidden_every
        self.calendar = _Calendar()
        self.width = max(6, len(str(drafts)))
        self.limit = council.covered_until().toordinal()
        # Every event is at least a day after the one before: the last start leaves room for them all.
        last_start = min(LAST_START.toordinal(), self.limit - (events_per_draft - 1))
        if last_start < FIRST_START.toordinal():
            raise ValueError(f"events_per_draft {events_per_draft} cannot fit between {FIRST_START} and "
                             f"{council.covered_until()} at one event a day")
        self.first = FIRST_START.toordinal()
        self.span = last_start - self.first + 1
        self.endings = _cumulative(ENDINGS)
        # Thresholds of the first four middle steps, in MIDDLE_STEPS order (the fifth takes the rest).
        self.steps = _cumulative(MIDDLE_STEPS)[1][:4]

    def ident(self, index: int) -> str:
        return f"SYN-{index + 1:0{self.width}d}"

    def starts(self) -> Iterator[int]:
        """Start days (ordinals) of the drafts in index order, non-decreasing, spread over the span."""
        rng = random.Random(f"{self.seed}/starts")
        scale = self.span / max(1, self.drafts)
        for index in range(self.drafts):
            yield self.first + int((index + rng.random()) * scale)

    def forbidden_moves(self) -> int:
        if self.forbidden_every <= 0 or self.events_per_draft < 2:
            return 0
        return self.drafts // self.forbidden_every


def _draft_life(index: int, start: int, plan: _ScriptPlan) -> Iterator[tuple[int, dict]]:
    """The events of one draft, in order, as (day ordinal, script record).

    The layout of the life is fixed first (where the proposal, the in-blue text, the
    final step and the forbidden move fall) so that exactly ``events_per_draft``
    events come out; the steps in between are drawn as they come.
    """
    rng = random.Random(f"{plan.seed}/{index}")
    draw = rng.random
    count = plan.events_per_draft
    calendar = plan.calendar
    ident = plan.ident(index)
    slug = ident.lower()
    first_day = calendar.day(start)
    sponsors, sponsor_names = first_day.sitting.group(draw)
    topic = SCRIPT_TOPICS[int(draw() * len(SCRIPT_TOPICS))]
    label = f"{sponsor_names} draft on {topic}"
    symbol = f"S/{first_day.year}/{100 + (index * 37) % 900}"
    max_gap = max(1, min(MAX_GAP_DAYS, (plan.limit - start) // max(1, count - 1)))

    # --- layout ---
    propose_at = 1 if count >= 3 and draw() < 0.2 else 0
    ending = _pick(*plan.endings, draw())
    if ending == "merged" and index == 0:
        ending = "withdrawn"  # nothing earlier to merge into
    room = count - 1 - propose_at
    final_at = blue_at = None
    trailing = 0
    if ending is not None and room >= 1:
        trailing = min(room - 1, TRAILING[int(draw() * len(TRAILING))])
        final_at = count - 1 - trailing
        if ending.startswith(("vote:", "adopted", "vetoed")) and final_at - 1 > propose_at and draw() < 0.6:
            blue_at = final_at - 1
    else:
        ending = None
    middle_end = blue_at if blue_at is not None else final_at if final_at is not None else count
    forbidden_at = forbidden_kind = None
    if plan.forbidden_every > 0 and (index + 1) % plan.forbidden_every == 0 and count >= 2:
        if trailing:
            forbidden_at, forbidden_kind = final_at + 1 + int(draw() * trailing), "revised"  # after the end
        elif middle_end > propose_at + 1:
            forbidden_at = propose_at + 1 + int(draw() * (middle_end - propose_at - 1))
            forbidden_kind = "proposed" if draw() < 0.7 else "drafting"  # circulated or announced again
        else:
            forbidden_at, forbidden_kind = count - 1, "proposed"
            if forbidden_at == final_at:
                final_at = ending = None
            if forbidden_at == blue_at:
                blue_at = None

    # --- the events ---
    # The hot path (a position between circulation and the end) is written out inline:
    # a million events pass through here.
    days = calendar.days
    p_position, p_revised, p_rejected, p_merge = plan.steps
    speeches = [f" {STANCE_WORDS[stance]} the draft on {topic}." for stance in POSITION_STANCES]
    ordinal = start
    revision = 0
    imprecise: set[str] = set()
    for number in range(count):
        if number:
            ordinal += 1 + int(draw() * max_gap)
        day = days.get(ordinal) or calendar.day(ordinal)
        if propose_at < number < middle_end and number != forbidden_at:
            r = draw()
            if r < p_position or index == 0 and r >= p_rejected:
                groups = day.sitting.groups
                r = draw()
                group = groups[0] if r < 0.6 else groups[1] if r < 0.9 else groups[2]
                members, names = group[int(draw() * len(group))]
                stance = int(draw() * 4)
                record = {"event": "position", "draft": ident, "date": day.iso, "members": members,
                          "stance": POSITION_STANCES[stance]}
                quote = names + speeches[stance]
            elif r < p_revised:
                revision += 1
                record = {"event": "revised", "draft": ident, "date": day.iso,
                          "members": _still_sitting(sponsors, day, first_day), "symbol": f"{symbol}/Rev.{revision}"}
                quote = f"{sponsor_names} circulated a revised text of the draft on {topic}."
            elif r < p_rejected:
                members, names = day.sitting.group(draw)
                record = {"event": "rejected", "draft": ident, "date": day.iso, "members": members}
                quote = f"{names} rejected the draft on {topic}."
            elif r < p_merge:
                other = plan.ident(index - 1 - int(draw() * min(index, 20)))
                record = {"event": "merge_proposed", "draft": ident, "date": day.iso, "into": other,
                          "members": _still_sitting(sponsors, day, first_day)}
                if draw() < 0.5:
                    record["factuality"] = "hedged"
                quote = f"{sponsor_names} said the draft on {topic} could be folded into {other}."
            else:
                other = plan.ident(index - 1 - int(draw() * min(index, 20)))
                record = {"event": "competes", "draft": ident, "date": day.iso, "rival": other}
                quote = f"A rival text, {other}, competes with the draft on {topic}."
        elif number == forbidden_at:
            if forbidden_kind == "revised":
                record = {"event": "revised", "draft": ident, "date": day.iso,
                          "members": _still_sitting(sponsors, day, first_day), "symbol": f"{symbol}/Rev.{revision + 1}"}
                quote = f"{sponsor_names} circulated yet another revision of the finished draft on {topic}."
            else:
                record = {"event": forbidden_kind, "draft": ident, "date": day.iso, "label": label,
                          "sponsors": sponsors}
                quote = f"{sponsor_names} presented the draft on {topic} once more as if it were new."
        elif number < propose_at:
            record = {"event": "drafting", "draft": ident, "date": day.iso, "label": label, "sponsors": sponsors}
            quote = f"{sponsor_names} said they were preparing a draft resolution on {topic}."
        elif number == propose_at:
            record = {"event": "proposed", "draft": ident, "date": day.iso, "label": label, "sponsors": sponsors,
                      "symbol": symbol}
            quote = f"{sponsor_names} circulated a draft resolution on {topic} ({symbol}) to the Council."
        elif number == blue_at:
            record = {"event": "in_blue", "draft": ident, "date": day.iso}
            quote = f"The draft on {topic} was put in blue, ready for a vote."
        elif number == final_at:
            record = {"event": None, "draft": ident, "date": day.iso}
            record["event"], quote = _final(record, ending, day, rng, plan, index, topic,
                                            _still_sitting(sponsors, day, first_day), sponsor_names)
        else:  # after the final step: only positions
            members, names = day.sitting.group(draw)
            stance = int(draw() * 4)
            record = {"event": "position", "draft": ident, "date": day.iso, "members": members,
                      "stance": POSITION_STANCES[stance]}
            quote = "After the outcome, " + names + speeches[stance]
        # A few dates are missing or only a month, as in sources; never for a vote (it needs the
        # Council of its day), the proposal or the forbidden move.
        if number > propose_at and number != forbidden_at and draw() < 0.02 and "votes" not in record:
            _blur_date(record, day, draw() < 0.5, imprecise)
        record["source"] = f"https://news.example/{day.path}/{slug}-{number + 1}"
        record["quote"] = quote
        yield ordinal, record


def _still_sitting(sponsors: list[str], day: _Day, first_day: _Day) -> list[str]:
    """The sponsors still on the Council on ``day`` (terms end on 31 December): members named as acting sit that day.

    It may be none: the event then names no member (an empty list reads as none).
    """
    if day.sitting is first_day.sitting:
        return sponsors
    return [code for code in sponsors if code in day.sitting.names]


def _blur_date(record: dict, day: _Day, drop: bool, seen: set[str]) -> None:
    """Leave out the date or keep only its month, unless that makes the claim equal an earlier one.

    Two events of a draft with the same type, date and details are one claim to the
    tracker (a duplicate); exact dates never repeat within a draft, blurred ones may.
    """
    if not drop and not day.whole_month_same_council:
        return
    blurred = dict(record)
    if drop:
        del blurred["date"]
    else:
        blurred["date"] = day.month
    claim = json.dumps(blurred, sort_keys=True)
    if claim in seen:
        return
    seen.add(claim)
    if drop:
        del record["date"]
    else:
        record["date"] = day.month


def _final(record: dict, ending: str, day: _Day, rng: random.Random, plan: _ScriptPlan, index: int,
           topic: str, sponsors: list[str], sponsor_names: str) -> tuple[str, str]:
    """Fill ``record`` with the step that ends the draft; return its event type and quote.

    ``sponsors`` are those still sitting on ``day``.
    """
    resolution = f"{1000 + index} ({day.year})"
    if ending.startswith("vote:"):
        outcome = ending[5:]
        tally, vetoers = _tally(outcome, day, rng)
        record["votes"] = tally
        if outcome == "adopted":
            record["resolution"] = resolution
        if outcome == "vetoed":
            said = f"vetoed by {_join([day.sitting.names[code] for code in vetoers])}"
        else:
            said = "adopted" if outcome == "adopted" else "not adopted"
        return "vote", (f"The Council voted {tally['for']}-{tally['against']}-{tally['abstain']} on the draft "
                        f"on {topic}, which was {said}.")
    if ending == "adopted":
        if rng.random() < 0.5:
            record["votes"] = _tally("adopted", day, rng)[0]
        record["resolution"] = resolution
        return "adopted", f"The Council adopted resolution {resolution} on {topic}."
    if ending == "vetoed":
        tally, vetoers = _tally("vetoed", day, rng)
        record["members"] = vetoers
        if rng.random() < 0.5:
            record["votes"] = tally
        return "vetoed", f"{_join([day.sitting.names[c] for c in vetoers])} vetoed the draft on {topic}."
    if ending == "withdrawn":
        if sponsors:
            record["members"] = sponsors
        return "withdrawn", f"{sponsor_names} withdrew the draft on {topic}."
    other = plan.ident(index - 1 - int(rng.random() * min(index, 20)))
    record["into"] = other
    return "merged", f"The draft on {topic} was merged into {other}."


def write_script(path: str | os.PathLike, drafts: int, events_per_draft: int, seed: int = 1,
                 forbidden_every: int = 50) -> dict:
    """Write a JSON Lines replay script of exactly ``drafts * events_per_draft`` events.

    Drafts are ``SYN-000001``, ``SYN-000002``, ... in order of their start dates,
    spread over 1990-2024; each has one to three sponsors sitting on the Council
    on that date. Each draft's events form a valid life (see the module
    docstring); events of all drafts are interleaved in date order, with only the
    drafts under way held in memory. Every ``forbidden_every``-th draft (none when
    0) contains one move the lifecycle refuses: a circulation or announcement
    repeated, or a revision after the final step.

    Returns a summary: ``path``, ``drafts``, ``events``, ``forbidden`` (the
    number of forbidden moves written) and ``bytes``.
    """
    if drafts < 0 or events_per_draft < 1:
        raise ValueError("drafts must be >= 0 and events_per_draft >= 1")
    plan = _ScriptPlan(drafts, events_per_draft, seed, forbidden_every)
    path = Path(path)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
    heap: list[tuple[int, int, dict, Iterator]] = []
    starts = plan.starts()
    next_start = next(starts, None)
    opened = 0
    written = 0
    lines: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while heap or next_start is not None:
            # A draft opens when the log's clock reaches its start: only drafts under way are held.
            while next_start is not None and (not heap or next_start <= heap[0][0]):
                life = _draft_life(opened, next_start, plan)
                ordinal, record = next(life)
                heapq.heappush(heap, (ordinal, opened, record, life))
                opened += 1
                next_start = next(starts, None)
            _, number, record, life = heap[0]
            lines.append(encode(record))
            written += 1
            following = next(life, None)
            if following is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (following[0], number, following[1], life))
            if len(lines) >= 4096:
                lines.append("")
                out.write("\n".join(lines))
                lines.clear()
        if lines:
            lines.append("")
            out.write("\n".join(lines))
    return {"path": str(path), "drafts": drafts, "events": written, "forbidden": plan.forbidden_moves(),
            "bytes": path.stat().st_size}


# --- news articles -----------------------------------------------------------------------------

# Topics: what the draft is about, the place keyword the extractor tags it by (tracker/data/topics.csv),
# what the draft would do, and the first year the topic is news. No aim uses a word the extractor
# reads as a step or a stance.
ARTICLE_TOPICS = (
    ("the war in Syria", "Syria", 2011, ("demand a nationwide ceasefire in Syria",
                                         "extend cross-border aid deliveries into Syria",
                                         "set up an inquiry into attacks on hospitals in Syria")),
    ("humanitarian access in Yemen", "Yemen", 2015, ("demand unhindered aid access to the port of Hodeidah in Yemen",
                                               "impose an arms embargo on Houthi leaders in Yemen")),
    ("the arms embargo on Libya", "Libya", 2011, ("tighten the arms embargo on Libya",
                                            "allow inspections of ships suspected of smuggling arms to Libya")),
    ("peacekeeping in Mali", "Mali", 2013, ("renew the mandate of the MINUSMA peacekeeping mission in Mali",
                                      "impose travel bans on those obstructing the peace process in Mali")),
    ("North Korea's missile programme", "North Korea", 2006, ("impose new sanctions on North Korea",
                                                        "cap refined oil deliveries to North Korea")),
    ("the crisis in Myanmar", "Myanmar", 2007, ("demand an end to violence against the Rohingya in Myanmar",
                                          "demand the release of detained leaders in Myanmar")),
    ("piracy off Somalia", "Somalia", 2008, ("renew the authorisation for navies to fight piracy off Somalia",)),
    ("the mission in South Sudan", "South Sudan", 2011, ("extend the peacekeeping mission in South Sudan",
                                                   "impose an arms embargo on South Sudan")),
    ("the conflict in Darfur", "Darfur", 2004, ("deploy a joint peacekeeping force to Darfur",
                                          "freeze the assets of militia leaders in Darfur")),
    ("the crisis in Haiti", "Haiti", 2000, ("send a multinational security force to Haiti",
                                      "impose sanctions on gang leaders in Haiti")),
    ("the UN mission in Afghanistan", "Afghanistan", 2002, ("renew the UN assistance mission in Afghanistan",)),
    ("Iran's nuclear programme", "Iran", 2006, ("impose new sanctions on Iran over its enrichment of uranium",)),
    ("the war in Gaza", "Gaza", 2000, ("demand a humanitarian pause in the fighting in Gaza",
                                 "demand the release of hostages held in Gaza")),
    ("peacekeeping in the Democratic Republic of the Congo", "the DRC", 2010,
     ("renew the mandate of the MONUSCO peacekeepers", "strengthen MONUSCO's protection of civilians")),
    ("the mission in Lebanon", "Lebanon", 2000, ("renew the mandate of the UNIFIL force in southern Lebanon",)),
    ("the war in Ukraine", "Ukraine", 2014, ("demand the withdrawal of troops from Ukraine",
                                       "demand safe passage for civilians leaving Mariupol in Ukraine")),
    ("the UN mission in Iraq", "Iraq", 2003, ("extend the UN assistance mission in Iraq",)),
    ("the peacekeeping force in Cyprus", "Cyprus", 2000, ("extend the UNFICYP peacekeeping force in Cyprus",)),
    ("Western Sahara", "Western Sahara", 2000, ("extend the MINURSO mission in Western Sahara by a year",)),
    ("peacekeeping in the Central African Republic", "the Central African Republic", 2000,
     ("extend the peacekeeping mission in the Central African Republic",)),
)
# Sentences that must yield no event: background, quotes, forecasts by others.
BACKGROUND = (
    "The conflict around {place} has displaced hundreds of thousands of people in recent years.",
    "Aid agencies have warned for months that conditions in {place} are getting worse.",
    "The Council last held a formal meeting on {place} in {month}.",
    "Humanitarian officials told the Council that access to parts of {place} remains limited.",
    "Several members have long argued that the Council's approach to {place} needs a fresh look.",
    "The last resolution on {place} was agreed {years} years ago.",
    "Rights groups said the situation in {place} showed the limits of the Council's influence.",
    "The Secretary-General's latest report on {place} described a sharp rise in attacks on civilians.",
    "Talks between the parties in {place} have stalled since {month}.",
)
QUOTES = (
    "\"Civilians are paying the price for our divisions,\" {owner} ambassador told reporters.",
    "\"Time is running out for the people of {place},\" {owner} envoy said outside the chamber.",
    "\"We will keep talking to every delegation,\" a diplomat from {name} said.",
    "\"The Council owes the people of {place} more than statements,\" {owner} deputy ambassador said.",
)
TRAPS = (
    "Diplomats said the draft could be put to a vote next week.",
    "{name} could veto the text, diplomats said.",
    "It was not clear when the text would come to a vote.",
    "Some diplomats said a vote could come as early as {weekday}.",
    "Negotiations on the text were expected to continue over the weekend.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# How a draft's story ends, with weights (None: the last article leaves it open).
ARTICLE_ENDINGS = (("adopted", 45), ("vetoed", 20), ("failed", 10), ("withdrawn", 10), (None, 15))

# Names in prose: the permanent members by their usual names, demonyms for "the French draft".
PROSE_NAMES = {
    "USA": ("the United States", "Washington", "the US"), "GBR": ("Britain", "the United Kingdom"),
    "FRA": ("France", "Paris"), "RUS": ("Russia", "Moscow"), "CHN": ("China", "Beijing"),
}
DEMONYMS = {"USA": "American", "GBR": "British", "FRA": "French", "RUS": "Russian", "CHN": "Chinese"}
NEEDS_THE = ("United ", "Netherlands", "Philippines", "Gambia", "Bahamas", "Dominican Republic", "Czech Republic",
             "Central African Republic", "Comoros", "Maldives", "Democratic Republic", "Republic of")


def _prose_name(code: str, rng: random.Random) -> str:
    """A member as news names it: 'Russia' or 'Moscow', 'the United States', 'the Netherlands'."""
    names = PROSE_NAMES.get(code)
    if names:
        # Mostly the country's name; a capital now and then.
        return names[0] if rng.random() < 0.75 else names[int(rng.random() * len(names))]
    name = council.name_of(code)
    return "the " + name if name.startswith(NEEDS_THE) else name


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _owner(name: str) -> str:
    """The possessive of a name: "Russia's", "the United States'"."""
    return name + ("'" if name.endswith("s") else "'s")


class _ArticlePlan:
    """What the articles of one corpus share; every article and story is computed from its number alone."""

    def __init__(self, count: int, drafts: int, seed: int):
        self.count = count
        self.drafts = max(1, min(drafts, count))
        self.seed = seed
        self.calendar = _Calendar()
        self.first = ARTICLES_FROM.toordinal()
        self.span = ARTICLES_UNTIL.toordinal() - self.first + 1
        self.endings = _cumulative(ARTICLE_ENDINGS)

    def published(self, number: int) -> int:
        """Publication day (ordinal) of article ``number`` (0-based): non-decreasing with the number."""
        jitter = random.Random(f"{self.seed}/published/{number}").random()
        return self.first + int((number + jitter) * self.span / self.count)

    def draft_of(self, number: int) -> int:
        return number * self.drafts // self.count

    def articles_of(self, draft: int) -> range:
        """The article numbers about ``draft``: a run of consecutive articles telling its story."""
        return range(-(-draft * self.count // self.drafts), -(-(draft + 1) * self.count // self.drafts))


class _Story:
    """One synthetic draft as the news tells it: sponsors, topic, ending, and the names used in prose."""

    def __init__(self, plan: _ArticlePlan, draft: int):
        rng = random.Random(f"{plan.seed}/story/{draft}")
        self.articles = plan.articles_of(draft)
        first = plan.calendar.day(plan.published(self.articles[0]))
        last = plan.calendar.day(plan.published(self.articles[-1]))
        # Sponsors and speakers sit on the Council for the whole story.
        sitting = [code for code in first.sitting.codes if code in last.sitting.names]
        permanent = [code for code in sitting if code in first.sitting.permanent]
        elected = [code for code in sitting if code not in permanent]
        # Permanent members hold the pen on most files.
        if rng.random() < 0.6 or not elected:
            lead = permanent[int(rng.random() * len(permanent))]
        else:
            lead = elected[int(rng.random() * len(elected))]
        self.sponsors = [lead]
        if rng.random() < 0.35:
            self.sponsors.append(rng.choice([code for code in sitting if code != lead]))
        self.others = [code for code in sitting if code not in self.sponsors]
        self.rivals = [code for code in permanent if code not in self.sponsors]  # who may veto or counter
        self.names = {code: _prose_name(code, rng) for code in sitting}
        self.ending = _pick(*plan.endings, rng.random())
        # A topic whose country sits on the Council would make that country look like an actor.
        topics = [topic for topic in ARTICLE_TOPICS if topic[2] <= first.year and not self._sits(topic[1], sitting)]
        self.about, self.place, _, aims = topics[int(rng.random() * len(topics))]
        self.aim = aims[int(rng.random() * len(aims))]
        # Roughly the resolution numbers of the years 2000-2024.
        self.resolution = 1283 + (first.year - 2000) * 62 + int(rng.random() * 60)

    @staticmethod
    def _sits(place: str, sitting: list[str]) -> bool:
        try:
            return council.resolve(place) in sitting
        except council.UnknownMember:
            return False

    def sponsor_names(self) -> str:
        return _join([self.names[code] for code in self.sponsors])

    def named(self, rng: random.Random) -> str:
        """The draft named by its sponsors ("the French draft", "the text drafted by Chile and Peru")."""
        lead = self.sponsors[0]
        forms = [f"the draft put forward by {self.sponsor_names()}", f"the text drafted by {self.sponsor_names()}"]
        if len(self.sponsors) == 1:
            forms.append(f"{_owner(self.names[lead])} draft")
            if lead in DEMONYMS:
                forms += [f"the {DEMONYMS[lead]} draft", f"the {DEMONYMS[lead]} text"]
        return forms[int(rng.random() * len(forms))]

    def mentioned(self, rng: random.Random) -> str:
        """The draft once the article has named it: by its sponsors or as "the text"."""
        return self.named(rng) if rng.random() < 0.5 else ("the text", "the draft")[int(rng.random() * 2)]


def _when(day: _Day, published: _Day, rng: random.Random) -> str:
    """When something happened, as news writes it relative to the publication day."""
    gap = published.date.toordinal() - day.date.toordinal()
    r = rng.random()
    if gap == 0 and r < 0.2:
        return "today"
    if gap == 1 and r < 0.3:
        return "yesterday"
    if r < 0.75:
        return f"on {WEEKDAYS[day.date.weekday()]}"
    return f"on {MONTHS[day.date.month - 1]} {day.date.day}"


def _article(plan: _ArticlePlan, number: int) -> tuple[str, str, list[str]]:
    """Article ``number``: its title, publication date and paragraphs.

    The first paragraph gives the news (and names the draft by its sponsors, so that
    "the text" later in the article means it); the others, in a random order, add a
    reaction or a tally, background, a quote and a forecast that is no event.
    """
    rng = random.Random(f"{plan.seed}/article/{number}")
    draw = rng.random
    story = _Story(plan, plan.draft_of(number))
    stage = number - story.articles[0]
    stages = len(story.articles)
    published = plan.calendar.day(plan.published(number))
    event_day = plan.calendar.day(published.date.toordinal() - int(draw() * 3))
    when = _when(event_day, published, rng)
    place = story.place
    opponent = story.rivals[int(draw() * len(story.rivals))] if story.rivals else story.others[0]
    critics = [code for code in story.others if code != opponent]
    critic = critics[int(draw() * len(critics))]

    rival = None
    if stages == 1 or stage == stages - 1 and story.ending is not None:
        title, lead, extra = _outcome(story, rng, event_day, when, stages == 1)
    elif stage == 0:
        title, lead, extra = _proposal(story, rng, when)
    else:
        title, lead, extra = _negotiation(story, rng, when, opponent, critic)
        if draw() < 0.15 and opponent in story.rivals:
            # A second draft: a rival text from a permanent member.
            rival = (f"{_capital(story.names[opponent])} circulated a rival draft on {place} {when}, "
                     f"which its diplomats described as more balanced.")

    fillers = [text.format(place=place, month=MONTHS[int(draw() * 12)], years=2 + int(draw() * 5))
               for text in rng.sample(BACKGROUND, 3)]
    speaker = story.names[story.others[int(draw() * len(story.others))]]
    fillers.append(QUOTES[int(draw() * len(QUOTES))].format(owner=_owner(speaker), place=place, name=speaker))
    if stage < stages - 1 or story.ending is None:
        fillers.append(TRAPS[int(draw() * len(TRAPS))].format(name=_capital(story.names[opponent]),
                                                             weekday=WEEKDAYS[int(draw() * 5)]))
    rng.shuffle(fillers)
    body = extra + fillers[:max(1, 2 + int(draw() * 5) - len(extra))]
    rng.shuffle(body)
    if len(body) > 3 and draw() < 0.4:
        body[-2:] = [f"{body[-2]} {body[-1]}"]  # now and then a paragraph of two sentences
    if rival:
        body.append(rival)  # last: "the text" elsewhere still means the story's own draft
    return title, published.iso, [lead, *body]


def _proposal(story: _Story, rng: random.Random, when: str) -> tuple[str, str, list[str]]:
    sponsors = _capital(story.sponsor_names())
    have = "have" if len(story.sponsors) > 1 else "has"
    leads = (
        f"{sponsors} circulated a draft resolution on {story.about} to the Security Council {when}.",
        f"{sponsors} {when} put forward a draft Security Council resolution that would {story.aim}.",
        f"{sponsors} submitted a draft resolution to the 15-member Security Council {when} that would {story.aim}.",
        f"{sponsors} tabled a draft text on {story.about} at the United Nations {when}.",
        f"{sponsors} began drafting a Security Council resolution on {story.about}, diplomats said {when}.",
        f"{sponsors} {have} drawn up a draft resolution on {story.about}, diplomats said {when}.",
    )
    lead = leads[int(rng.random() * len(leads))]
    extra = [f"The draft, seen by reporters, would {story.aim}."] if "would" not in lead else []
    return f"Draft on {story.place} goes to the Security Council", lead, extra


def _negotiation(story: _Story, rng: random.Random, when: str, opponent: str,
                 critic: str) -> tuple[str, str, list[str]]:
    """Positions, a revision, a rejection or the final text put in blue."""
    sponsors = _capital(story.sponsor_names())
    them, Them = story.names[opponent], _capital(story.names[opponent])
    critic_name = _capital(story.names[critic])
    pronoun = "his" if rng.random() < 0.6 else "her"
    their = "their" if len(story.sponsors) > 1 else "its"

    def reactions(draft: str) -> list[str]:
        return [
            f"{_owner(Them)} ambassador said {pronoun} government would not support {draft}.",
            f"{critic_name} said it backed {draft}.",
            f"{critic_name} said it could support {draft} if the language on sanctions were softened.",
            f"{Them} opposed {draft}, saying it went beyond the Council's mandate.",
            f"{critic_name} welcomed {draft} as a step in the right direction.",
        ]

    r = rng.random()
    if r < 0.3:
        lead = f"{sponsors} circulated a revised draft on {story.place} {when} in a bid to win over {them}."
    elif r < 0.45:
        lead = f"{Them} and {critic_name} rejected {story.named(rng)} on {story.place} {when}, calling it unbalanced."
    elif r < 0.6:
        lead = f"{_capital(story.named(rng))} on {story.place} was put in blue {when}, setting up a vote."
    else:
        lead = rng.choice(reactions(story.named(rng)))
    extra = []
    if rng.random() < 0.5:
        extra.append(rng.choice(reactions(story.mentioned(rng))))
    if rng.random() < 0.3:
        extra.append(f"{sponsors} said {their} text would {story.aim}.")
    if rng.random() < 0.1 and opponent in story.rivals:
        extra.append(f"{Them} said it would veto {story.mentioned(rng)}.")  # a hedged claim of its own
    return f"Council divided over draft on {story.place}", lead, extra


def _outcome(story: _Story, rng: random.Random, day: _Day, when: str, retell: bool) -> tuple[str, str, list[str]]:
    """The news of how the draft ended; ``retell``: the story's only article, so it names the sponsors."""
    place = story.place
    draft = f"a draft resolution put forward by {story.sponsor_names()}" if retell else story.named(rng)
    ending = story.ending or "adopted"
    tally = _tally(ending, day, rng)[0] if ending != "withdrawn" else None
    names = {code: story.names.get(code) or _prose_name(code, rng) for code in day.sitting.codes}
    extra: list[str] = []
    counts = f"{tally['for']}-{tally['against']}-{tally['abstain']}" if tally else ""
    if ending == "adopted":
        if tally["for"] == len(day.sitting.codes):
            lead = f"The Security Council {when} unanimously adopted {draft} on {place}."
        elif rng.random() < 0.5:
            lead = f"The Security Council {when} adopted {draft} on {place} by a vote of {counts}."
        else:
            lead = f"The Security Council adopted {draft} on {place} {when}."
            extra.append(f"The vote was {counts}.")
        extra.append(f"The text becomes resolution {story.resolution}.")
        title = f"Security Council adopts resolution on {place}"
    elif ending == "vetoed":
        vetoers = [code for code, ballot in tally["members"].items() if ballot == "N" and code in day.sitting.permanent]
        lead = f"{_capital(_join([names[code] for code in vetoers]))} vetoed {draft} on {place} {when}."
        extra.append(f"The text received {tally['for']} votes in favour, {tally['against']} against and "
                     f"{tally['abstain']} abstentions." if rng.random() < 0.6 else f"The vote was {counts}.")
        title = f"Veto blocks Security Council draft on {place}"
    elif ending == "failed":
        lead = f"{_capital(draft)} on {place} failed to win the nine votes needed for adoption {when}."
        extra.append(f"It received only {tally['for']} votes in favour.")
        title = f"Draft on {place} falls short in Security Council"
    else:
        their = "their" if len(story.sponsors) > 1 else "its"
        lead = (f"{_capital(story.sponsor_names())} withdrew {their} draft resolution on {place} {when} after it "
                f"became clear that it lacked the votes to pass.")
        title = f"Draft on {place} withdrawn"
    if tally is not None and tally["abstain"] and rng.random() < 0.7:
        abstaining = [names[code] for code, ballot in tally["members"].items() if ballot == "A"]
        extra.append(f"{_capital(_join(abstaining))} abstained.")
    return title, lead, extra


def write_articles(folder: str | os.PathLike, count: int, drafts: int, seed: int = 1) -> dict:
    """Write ``count`` news articles (``000001.txt``, ...) about ``drafts`` synthetic drafts into ``folder``.

    Each article is a header block (``title:``, ``published:``, a blank line)
    and three to eight paragraphs; publication dates increase with the file
    number over 2000-2024. Each draft's story is told by a run of consecutive
    articles: its circulation, then negotiations (positions, a revision, a
    rejection, the final text put in blue, now and then a rival text), then its
    end (adopted with its tally, vetoed, failed or withdrawn; or left open).
    Sponsors and speakers sit on the Council of the day, by their usual names
    ("Russia", "the United States", "Britain", elected members by name); tallies
    are those of that Council. Background sentences, quotes and hedged
    forecasts ("the draft could be put to a vote next week") fill the rest and
    should yield no event. One article is built and written at a time.

    Returns a summary: ``folder``, ``articles``, ``drafts`` (drafts with at
    least one article) and ``bytes``.
    """
    if count < 0 or drafts < 1:
        raise ValueError("count must be >= 0 and drafts >= 1")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    plan = _ArticlePlan(count, drafts, seed)
    width = max(6, len(str(count)))
    size = 0
    for number in range(count):
        title, published, paragraphs = _article(plan, number)
        data = (f"title: {title}\npublished: {published}\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")
        (folder / f"{number + 1:0{width}d}.txt").write_bytes(data)
        size += len(data)
    return {"folder": str(folder), "articles": count, "drafts": plan.drafts if count else 0, "bytes": size}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    script = commands.add_parser("script", help="a JSON Lines replay script")
    script.add_argument("out", help="the script to write (.jsonl)")
    script.add_argument("--drafts", type=int, default=1000, help="number of drafts (default 1000)")
    script.add_argument("--events-per-draft", type=int, default=20, help="events of each draft (default 20)")
    script.add_argument("--seed", type=int, default=1)
    script.add_argument("--forbidden-every", type=int, default=50,
                        help="every N-th draft makes one forbidden move; 0 for none (default 50)")
    articles = commands.add_parser("articles", help="plain-text news articles")
    articles.add_argument("outdir", help="the folder to write the articles into")
    articles.add_argument("--count", type=int, default=200, help="number of articles (default 200)")
    articles.add_argument("--drafts", type=int, default=50, help="number of drafts they tell of (default 50)")
    articles.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        if args.command == "script":
            summary = write_script(args.out, args.drafts, args.events_per_draft, args.seed, args.forbidden_every)
        else:
            summary = write_articles(args.outdir, args.count, args.drafts, args.seed)
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for key, value in summary.items():
        print(f"{key + ':':<14}{value}")
    print(f"{'time:':<14}{elapsed:.2f} s")
    print(f"{'peak memory:':<14}{peak / (1024 * 1024) if sys.platform == 'darwin' else peak / 1024:.0f} MB "
          "(resident set of the whole process)")


if __name__ == "__main__":
    main()

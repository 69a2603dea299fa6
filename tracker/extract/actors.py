"""Who is speaking or acting: states and the people who speak for them.

Both are data an analyst can extend without touching code:

- ``tracker/data/countries.csv``: each state's names, short names, demonyms,
  capitals and seats of government ("Moscow", "the Kremlin", "Whitehall").
- ``tracker/data/people.csv``: people by office, with the dates of each term
  (ambassadors to the UN, ministers, heads of state and government,
  spokespeople). A person stands for a state only within a term: "Churkin"
  in 2019 is nobody.

Names match case-sensitively ("US" is a state, "us" is not), longest first.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

from tracker.domain import council

# Country names that are also common words or that mislead in news about drafts.
_NOT_ACTORS = {"America"}  # "the Americas", "Latin America" are not the United States
_AMBIGUOUS_PREFIX = re.compile(r"(?:Latin|South|North|Central)\s+$")


@dataclass(frozen=True)
class Term:
    name: str
    member: str
    office: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return council.within(day, self.start, self.end)


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    member: str  # ISO alpha-3
    text: str  # the name as written


@functools.cache
def people() -> dict[str, tuple[Term, ...]]:
    """Every name and alias of a person -> the terms of office it may refer to."""
    path = resources.files("tracker.data").joinpath("people.csv")
    if not path.is_file():
        return {}
    index: dict[str, list[Term]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            term = Term(row["name"], row["member"], row["office"], dt.date.fromisoformat(row["start"]),
                        dt.date.fromisoformat(row["end"]) if row.get("end") else None)
            names = [row["name"], *(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())]
            for name in dict.fromkeys(names):
                index.setdefault(name, []).append(term)
    return {name: tuple(terms) for name, terms in index.items()}


@functools.cache
def _state_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in council.countries().values():
        for name in (country.name, country.official_name, *country.aliases):
            if name and name not in _NOT_ACTORS and not (len(name) <= 3 and name.isupper() and name != name.strip()):
                names.setdefault(name, country.code)
                if name.startswith("the "):
                    names.setdefault("The " + name[4:], country.code)
    return names


@functools.cache
def _pattern() -> re.Pattern:
    # Thousands of names: as a trie, the regex engine tries one branch per letter instead of
    # every name in turn (ten times faster than a flat alternation).
    names = set(_state_names()) | set(people())
    return re.compile(rf"(?<![\w\-/])(?:{trie_regex(names)})(?![\w])")


def trie_regex(words) -> str:
    """A regex matching any of ``words``, longest first at each branch, built as a letter trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def find_actors(text: str, day: dt.date | None, offset: int = 0) -> list[ActorMention]:
    """Mentions of states and of people in office on ``day`` (any term if unknown)."""
    found = []
    states, persons = _state_names(), people()
    for match in _pattern().finditer(text):
        name = match.group(0)
        if name in states:
            if name in ("Georgia", "Jordan", "Chad") and _looks_like_person(text, match):
                continue
            if _AMBIGUOUS_PREFIX.search(text[max(0, match.start() - 8):match.start()]):
                continue
            found.append(ActorMention(match.start() + offset, match.end() + offset, states[name], name))
            continue
        term = _term_on(persons.get(name, ()), day)
        if term is not None:
            found.append(ActorMention(match.start() + offset, match.end() + offset, term.member, name))
    return found


def _term_on(terms: tuple[Term, ...], day: dt.date | None) -> Term | None:
    if not terms:
        return None
    if day is None:
        members = {t.member for t in terms}
        return terms[0] if len(members) == 1 else None
    for term in terms:
        if term.covers(day):
            return term
    return None


def _looks_like_person(text: str, match: re.Match) -> bool:
    """'Michael Jordan', 'Jordan Peterson': a capitalised word right before or after."""
    before = text[max(0, match.start() - 20):match.start()]
    after = text[match.end():match.end() + 20]
    return bool(re.search(r"[A-Z][a-z]+\s$", before) and not re.search(r"(?:The|the|of|and|with)\s$", before)
                or re.match(r"\s[A-Z][a-z]+", after) and not re.match(r"\s(?:and|said|says|has|had|is|was)\b", after))

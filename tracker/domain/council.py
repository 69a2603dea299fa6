"""Who sits on the Security Council on a given day, and what states are called.

The data lives in ``tracker/data`` as CSV so that an analyst can correct or
extend it without touching code:

- ``countries.csv``: ISO 3166-1 alpha-3 code, short name, official name and
  aliases (other names, demonyms, capitals, seats of government).
- ``council_seats.csv``: every seat-holding since 1946, one row per term, with
  inclusive start and end dates. The permanent seats of China and Russia keep
  their continuity through a change of code (TWN -> CHN on 1971-10-25, SUN ->
  RUS on 1991-12-24).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources

from tracker.errors import InputError

ENLARGEMENT = dt.date(1966, 1, 1)  # the Council grew from 11 to 15 members


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    official_name: str
    aliases: tuple[str, ...] = ()


def within(day: dt.date, start: dt.date, end: dt.date | None) -> bool:
    """Whether ``day`` falls in a term from ``start`` to ``end`` (None: still running), both days included."""
    return start <= day and (end is None or day <= end)


@dataclass(frozen=True)
class Seat:
    code: str
    start: dt.date
    end: dt.date | None
    permanent: bool

    def held_on(self, day: dt.date) -> bool:
        return within(day, self.start, self.end)


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    permanent: bool


class UnknownMember(InputError):
    """A name or code that is not a known state."""


def _data_rows(filename: str) -> list[dict[str, str]]:
    with resources.files("tracker.data").joinpath(filename).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def countries() -> dict[str, Country]:
    """All known states by code."""
    result = {}
    for row in _data_rows("countries.csv"):
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
        result[row["code"]] = Country(row["code"], row["name"], row["official_name"], aliases)
    return result


@functools.cache
def seats() -> tuple[Seat, ...]:
    """Every seat-holding, permanent and elected, in the order of the data file."""
    return tuple(
        Seat(
            code=row["code"],
            start=dt.date.fromisoformat(row["start"]),
            end=dt.date.fromisoformat(row["end"]) if row["end"] else None,
            permanent=row["seat"] == "permanent",
        )
        for row in _data_rows("council_seats.csv")
    )


@functools.cache
def _names() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in countries().values():
        for name in (country.code, country.name, country.official_name, *country.aliases):
            index.setdefault(_fold(name), country.code)
    return index


def _fold(name: str) -> str:
    name = " ".join(name.replace(".", "").split()).casefold()
    return name[4:] if name.startswith("the ") else name


@functools.lru_cache(maxsize=4096)
def resolve(name_or_code: str) -> str:
    """The ISO alpha-3 code for a code or a name ("RUS", "Russia", "Russian Federation")."""
    code = _names().get(_fold(str(name_or_code)))
    if code is None:
        raise UnknownMember(f"unknown member {name_or_code!r}")
    return code


def name_of(code: str) -> str:
    country = countries().get(code)
    return country.name if country else code


@functools.lru_cache(maxsize=8192)
def members_on(day: dt.date) -> tuple[Member, ...]:
    """The members of the Council on ``day``: permanent members first, then by code."""
    # Cached: a long log asks about the same days again and again.
    held = [seat for seat in _seats_in_year(day.year) if seat.held_on(day)]
    held.sort(key=lambda seat: (not seat.permanent, seat.code))
    return tuple(Member(seat.code, name_of(seat.code), seat.permanent) for seat in held)


@functools.cache
def _seats_in_year(year: int) -> tuple[Seat, ...]:
    """The seat-holdings running on some day of ``year``: a day's members are among these few."""
    return tuple(seat for seat in seats()
                 if seat.start.year <= year and (seat.end is None or year <= seat.end.year))


@functools.cache
def covered_until() -> dt.date:
    """The last day for which the data holds every elected member.

    Elected members serve two-year terms, half of them elected each year, so
    the data is complete up to the end of the term of the older of the two
    latest cohorts.
    """
    ends = sorted({seat.end for seat in seats() if not seat.permanent and seat.end})
    return ends[-2]


@functools.lru_cache(maxsize=8192)
def permanent_on(day: dt.date) -> frozenset[str]:
    return frozenset(m.code for m in members_on(day) if m.permanent)


def council_size(day: dt.date) -> int:
    return 15 if day >= ENLARGEMENT else 11

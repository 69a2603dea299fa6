"""Dates as sources give them: a day, a month, a year, or nothing at all.

A source often knows only "late September" (``2015-09``) or gives no date.
``PartialDate`` keeps what was said and nothing more. Its ``sort_key`` pads
the missing parts with zeros (``2015-09-00``) so that a month sorts before
every day in it and keys compare as plain strings, in Python and in SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

DAY, MONTH, YEAR = "day", "month", "year"


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | dt.date | None) -> PartialDate | None:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        if text is None:
            return None
        if isinstance(text, dt.datetime):
            text = text.date()
        if isinstance(text, dt.date):
            return cls(text.year, text.month, text.day)
        return _parse_text(cls, str(text))

    @property
    def precision(self) -> str:
        if self.day is not None:
            return DAY
        return MONTH if self.month is not None else YEAR

    @functools.cached_property
    def sort_key(self) -> str:
        return f"{self.year:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    def earliest(self) -> dt.date:
        """The first day the date may mean (used to look up who sat on the council)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.text

    @functools.cached_property
    def text(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (cached: parsed dates are shared, see ``_parse_text``)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@functools.lru_cache(maxsize=65536)
def _parse_text(cls, text: str) -> PartialDate:
    # Cached: logs repeat the same few thousand dates; a PartialDate is immutable.
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError(f"bad date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    if year < dt.MINYEAR:  # the calendar has no year 0
        raise ValueError(f"bad date {text!r}: no year {year}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"bad date {text!r}: no month {month}")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"bad date {text!r}: no such day") from None
    return cls(year, month, day)


def as_of_key(day: dt.date | str | None) -> str | None:
    """The sort key an ``--as-of`` day compares against (events on that day count)."""
    if day is None:
        return None
    parsed = PartialDate.parse(day) if not isinstance(day, PartialDate) else day
    if parsed.precision != DAY:
        raise ValueError(f"bad as-of date {day!r}: give a full date YYYY-MM-DD")
    return parsed.sort_key

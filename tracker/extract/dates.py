"""Dates as articles write them, resolved against the publication date.

- A weekday ("Wednesday", "on Friday") is the latest such day on or before
  publication; "next Monday" is the first after it; "last Friday" the latest
  strictly before it.
- "today", "tonight", "this morning", "yesterday", "last night", "the day before".
- "on the 25th": that day of the publication month.
- A month and day ("Nov. 26", "26 November", "November 26, 2015"); without a
  year, the year that puts the day nearest to publication.
- A month alone, or "late/early/mid September": a partial date (2015-09), the
  latest such month on or before publication unless a year is given.
- "last week", "this week", "earlier in the week", "over the weekend" (the
  latest Saturday and Sunday, which may be the publication day's), "last month":
  the month, when the whole span falls in one month; otherwise unknown.
- "two days ago", "a week ago": that day.
Without a publication date, only dates that carry their own year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.domain.dates import PartialDate
from tracker.extract.prefilter import DIGIT, needs_digit

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    ("part_month", re.compile(rf"\b(?P<part>early|mid|mid-|late|end of|beginning of|the end of|the start of)\s*-?\s*"
                              rf"{_MONTH}(?:,?\s+{_YEAR}\b)?", re.I)),
    ("month_year", re.compile(rf"\b(?:in|since|during|by|until|from)\s+{_MONTH}(?:,?\s+{_YEAR}\b)?")),
    # "adopted in 2008": a year alone, after "in" or "during" (not "in 2008-09", not "in 2008 dollars").
    ("year", re.compile(rf"\b(?:in|during)\s+{_YEAR}\b(?!\s*[-–/]\s*\d)")),
    ("weekday", re.compile(r"\b(?P<rel>next\s+|last\s+|this\s+|this\s+past\s+)?(?P<weekday>Monday|Tuesday|Wednesday|"
                           r"Thursday|Friday|Saturday|Sunday)\b(?:\s+(?P<tod>morning|afternoon|evening|night))?", re.I)),
    ("relative", re.compile(r"\b(?P<word>today|tonight|this (?:morning|afternoon|evening)|yesterday|last night|"
                            r"the day before|a day earlier|the previous day|"
                            r"last week|this week|earlier (?:this|in the) week|over the weekend|at the weekend|"
                            r"last weekend|last month|this month|earlier this month|"
                            r"(?:a|one|two|three|four|five|six|\d) days? ago|a week ago)\b", re.I)),
    # "on the 25th": that day of the publication month; only after a preposition and before no
    # noun, so that "the 25th anniversary" or "the 25th session" is no date.
    ("ordinal_day", re.compile(r"\b(?:on|by|until|till|since|before|after|from)\s+the\s+"
                               r"(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
                               r"(?=\s*(?:[,.;:)]|$|\s(?:and|or|at|in|when|to|with|after|before)\b))", re.I)),
]

# The forms every match of which holds a digit, read from the patterns themselves.
_DIGIT_KINDS = frozenset(kind for kind, pattern in _PATTERNS if needs_digit(pattern))


# The date of a dateline: "Oct 25", "March 22, 2023", "10 April", "25 October 2023", "2019-09-19 14:02",
# after an optional weekday ("Wednesday, October 18, 2023", "Wed 18 Oct 2023").
_WEEKDAY_WORD = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|sday|urday)?\.?"
_LINE_DATE = (rf"(?P<date>(?:{_WEEKDAY_WORD},?\s+)?(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
              rf"|{_DAY.replace('day>', 'day2>')}\s+{_MONTH.replace('month>', 'month2>')}(?:,?\s+{_YEAR.replace('year>', 'year2>')})?"
              r"|(?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>[01]\d)-(?P<iso_day>[0-3]\d)"
              r"(?:[ T]\d\d?:\d\d(?::\d\d)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?))")
_PLACE = r"[A-Z][A-Za-z.'’\-]*(?:\s[A-Z][A-Za-z.'’\-]*){0,3}"  # "UNITED NATIONS", "Beijing", "St. John's"
# "UNITED NATIONS, Oct 25 (Reuters) - ", "Beijing, 10 April (Xinhua) --", "NEW YORK, Tuesday, July 11, 2023 —":
# a place (capitals, or a capitalised name) with an optional region, the date, an optional agency, a dash.
_CITY_DATELINE = re.compile(
    rf"\s*[*_]*(?P<city>{_PLACE})(?:,\s*{_PLACE})?,\s+{_LINE_DATE}"
    r"[*_]*\s*(?:\((?P<agency>[^()\n]{1,60})\)\s*)?(?:--?|—|–|:)(?:\s|$)")
# A date alone on its line: "25 October 2023", "Wednesday, October 18, 2023", "Posted Wednesday 10 January
# 2024", "Published: 2019-09-19 14:02", "25 October 2023 / SC/15462" (a UN press release's header line).
_DATE_LINE = re.compile(
    rf"[*_]*(?:(?:Posted|Published|Dated?)(?:\s+on)?:?\s+)?{_LINE_DATE}[*_]*"
    r"(?:\s*[/|·•]\s*[A-Z]{1,4}/\d[\w/.-]*)?[*_]*", re.I)
_DATELINE_LINES = 8
_BYLINE_CHARS = 120  # a byline or subtitle fits on a short line; a longer one is a paragraph of the story


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: PartialDate | None  # None: a date the text gives but that cannot be resolved
    text: str


def parse_written_date(text: str) -> PartialDate | None:
    """A full date written in any usual way (2015-11-18, November 18, 2015, 18 Nov 2015)."""
    text = str(text).strip()
    try:
        # An ISO day may go on with a time ("2015-11-18T10:00Z", "2015-11-18 10:00"), not with more digits.
        iso_day = re.match(r"\d{4}-\d\d-\d\d(?!\d)", text)
        parsed = PartialDate.parse(text[:10]) if iso_day else PartialDate.parse(text)
        parsed.earliest()  # "0000" has the form of a year but is none: the calendar starts at year 1
        return parsed
    except ValueError:
        pass
    for mention in find_dates(text, None):
        if mention.date is not None and mention.date.precision == "day":
            return mention.date
    return None


@dataclass(frozen=True)
class Dateline:
    """The day an article's dateline gives; ``year`` is None when the dateline leaves it out ("Oct 25")."""

    month: int
    day: int
    year: int | None
    text: str

    def within(self, known: PartialDate | None) -> PartialDate | None:
        """The publication day, the year taken from ``known`` (a header or manifest date) when the
        dateline has none; None when no year is given or the dateline falls outside ``known``."""
        year = self.year if self.year is not None else (known.year if known is not None else None)
        if year is None or known is not None and (known.year != year or known.month not in (None, self.month)):
            return None
        try:
            return PartialDate.parse(dt.date(year, self.month, self.day))
        except ValueError:  # 29 February in a year without it
            return None

    def __str__(self) -> str:
        return self.text


def dateline_date(text: str, known: PartialDate | None = None) -> PartialDate | None:
    """The publication day an article's dateline gives (see ``find_dateline``), within ``known``."""
    dateline = find_dateline(text)
    return dateline.within(known) if dateline is not None else None


def find_dateline(text: str) -> Dateline | None:
    """The date in an article's dateline or date line, in the forms news prints them.

    First the first lines that are a dateline: "UNITED NATIONS, Oct 25 (Reuters) - ", "Beijing,
    10 April (Xinhua) --", "City, 25 October 2023 -", a date alone on its line ("Wednesday, October
    18, 2023", "25 October 2023 / SC/15462", "Published: 2019-09-19 14:02"); then, failing those,
    the first full date with its year in the first short lines ("Analysis, 22 March 1997", "By A. Writer |
    6 November 2002"): a paragraph's dates are the story's, not the article's.
    """
    lines = [line for line in text.lstrip().splitlines()[:_DATELINE_LINES] if line.strip()]
    for line in lines:
        match = _CITY_DATELINE.match(line) or _DATE_LINE.fullmatch(line.strip())
        if match:
            return _dateline(match)
    head = "\n".join(line for line in lines if len(line.strip()) <= _BYLINE_CHARS)[:600]
    for mention in find_dates(head, None):
        if mention.date is not None and mention.date.precision == "day":
            return Dateline(mention.date.month, mention.date.day, mention.date.year, mention.text)
    return None


def _dateline(match: re.Match) -> Dateline | None:
    groups = match.groupdict()
    if groups.get("iso_year"):
        year, month, day = int(groups["iso_year"]), int(groups["iso_month"]), int(groups["iso_day"])
    else:
        month = MONTHS[(groups.get("month") or groups.get("month2")).rstrip(".").lower()]
        day = int(groups.get("day") or groups.get("day2"))
        found_year = groups.get("year") or groups.get("year2")
        year = int(found_year) if found_year else None
    try:
        dt.date(year or 2000, month, day)  # 2000: a leap year, so that a yearless 29 February stands
    except ValueError:
        return None
    return Dateline(month, day, year, match.group("date"))


def find_dates(text: str, published: PartialDate | None) -> list[DateMention]:
    """Every date expression in ``text``, resolved where possible, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    pub = published.earliest() if published is not None and published.precision == "day" else None
    has_digit = DIGIT.search(text) is not None
    for kind, pattern in _PATTERNS:
        if not has_digit and kind in _DIGIT_KINDS:
            continue  # most sentences hold no number: the forms that need one cannot match
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            try:
                resolved = _resolve(kind, match, pub, published)
                if resolved:
                    resolved.earliest()
            except (OverflowError, ValueError):
                # Counting from a publication date at the calendar's very ends ("yesterday" on 0001-01-01,
                # "next Monday" on 9999-12-31, "in December" early in year 1): given, but no such day.
                resolved = None
            if resolved is False:
                continue
            taken.append((start, end))
            found.append(DateMention(start, end, resolved, match.group(0)))
    return sorted(found, key=lambda m: m.start)


def _resolve(kind: str, match: re.Match, pub: dt.date | None, published: PartialDate | None):
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "iso":
        try:
            return PartialDate.parse(match.group(0))
        except ValueError:
            return False
    if kind in ("month_day", "day_month"):
        month = MONTHS[groups["month"].rstrip(".").lower()]
        day = int(groups["day"])
        if groups["month"] == "May" and kind == "month_day" and not year and day > 31:
            return False
        if year is None:
            if pub is None:
                return None
            year = _nearest_year(pub, month, day)
        try:
            return PartialDate(year, month, dt.date(year, month, day).day)
        except ValueError:
            return False
    if kind in ("part_month", "month_year"):
        month = MONTHS[groups["month"].rstrip(".").lower()]
        if groups["month"] == "May" and kind == "month_year" and not year:
            return False  # "in May" is too often the verb may
        if year is None:
            if published is None:
                return None
            year = published.year if month <= (published.month or 12) else published.year - 1
        return PartialDate(year, month)
    if kind == "year":
        return PartialDate(year)
    if kind == "weekday":
        return _resolve_weekday(groups, pub)
    if kind == "relative":
        return _resolve_relative(groups, pub)
    if kind == "ordinal_day":
        return _resolve_day_of_month(int(groups["day"]), pub)
    return None


def _resolve_weekday(groups: dict, pub: dt.date | None) -> PartialDate | None:
    """"Wednesday": the latest on or before publication; "next Monday" the first after; "last Friday" before."""
    if pub is None:
        return None
    target = WEEKDAYS[groups["weekday"].lower()]
    rel = (groups.get("rel") or "").strip().lower()
    back = (pub.weekday() - target) % 7
    if rel == "next":
        ahead = (target - pub.weekday()) % 7 or 7
        return PartialDate.parse(pub + dt.timedelta(days=ahead))
    if rel == "last" and back == 0:
        back = 7
    return PartialDate.parse(pub - dt.timedelta(days=back))


def _resolve_relative(groups: dict, pub: dt.date | None) -> PartialDate | None:
    """"today", "yesterday", "last week", "this month": counted from the publication day."""
    if pub is None:
        return None
    word = groups["word"].lower()
    if word in ("today", "tonight") or word.startswith("this ") and word.endswith(("morning", "afternoon", "evening")):
        return PartialDate.parse(pub)
    if word in ("yesterday", "last night", "the day before", "a day earlier", "the previous day"):
        return PartialDate.parse(pub - dt.timedelta(days=1))
    if word in ("last week",):
        start = pub - dt.timedelta(days=pub.weekday() + 7)
        return _month_of_span(start, start + dt.timedelta(days=6))
    if word in ("this week", "earlier this week", "earlier in the week"):
        return _month_of_span(pub - dt.timedelta(days=pub.weekday()), pub)
    if word.endswith("weekend"):
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 + (7 if word == "last weekend" else 0))
        return _month_of_span(saturday, saturday + dt.timedelta(days=1))
    if word.endswith("ago"):
        return PartialDate.parse(pub - dt.timedelta(days=_days_ago(word)))
    if word == "last month":
        first = pub.replace(day=1) - dt.timedelta(days=1)
        return PartialDate(first.year, first.month)
    return PartialDate(pub.year, pub.month)


def _resolve_day_of_month(day: int, pub: dt.date | None) -> PartialDate | None:
    """"the 25th": that day of the publication month (a writer names the month when it is another one);
    unknown when the month has no such day ("the 31st" in a November article)."""
    if pub is None:
        return None
    try:
        return PartialDate.parse(pub.replace(day=day))
    except ValueError:
        return None


_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _days_ago(words: str) -> int:
    """The days back "two days ago" or "a week ago" counts."""
    count, unit = words.split()[:2]
    number = int(count) if count.isdigit() else _COUNT_WORDS[count]
    return number * 7 if unit == "week" else number


def _nearest_year(pub: dt.date, month: int, day: int) -> int:
    best = pub.year
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if abs((candidate - pub).days) < abs((dt.date(best, month, min(day, 28)) - pub).days):
            best = year
    return best


def _month_of_span(first: dt.date, last: dt.date) -> PartialDate | None:
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.year, first.month)
    return None

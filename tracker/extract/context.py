"""What one sentence offers its events (actors, drafts, dates, clauses), and where an article's lines break."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from tracker.extract.dates import DateMention
from tracker.extract.drafts import DraftMention
from tracker.extract.patterns import ActorGroup
from tracker.extract.sentences import Sentence


@dataclass
class SentenceContext:
    """What one sentence offers an event: actors, drafts, dates, clauses."""

    sentence: Sentence
    groups: list[ActorGroup]
    drafts: list[DraftMention]
    dates: list[DateMention]
    clauses: list[tuple[int, int]]
    inside_drafts: list[tuple[int, int]] = field(default_factory=list)



class Lines:
    """Where the lines of a text break, found once, and which lines read as titles."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [match.start() for match in re.finditer("\n", text)]
        self._titles: dict[tuple[int, int], bool] = {}

    def is_headline(self, start: int, end: int) -> bool:
        """A title line: short, alone on its line, without a full stop."""
        before = bisect.bisect_left(self.breaks, start)
        line_start = self.breaks[before - 1] + 1 if before else 0
        after = bisect.bisect_left(self.breaks, end)
        line_end = self.breaks[after] if after < len(self.breaks) else len(self.text)
        title = self._titles.get((line_start, line_end))
        if title is None:  # each line is looked at once, however many findings it holds
            line = self.text[line_start:line_end].strip()
            title = self._titles[line_start, line_end] = len(line) < 140 and not re.search(r"[.!?\"”]$", line)
        return title and line_start <= start and end <= line_end



def clause_of(clauses: list[tuple[int, int]], at: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= at < end:
            return start, end
    return clauses[-1]




def unquote(text: str) -> str:
    return re.sub(r"[\"“”‘’«»]", " ", text)

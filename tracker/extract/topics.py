"""An article's topics, from the subject words of tracker/data/topics.csv: drafts on other topics are other drafts."""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from importlib import resources

from tracker.extract.actors import trie_regex


@functools.cache
def topic_keywords() -> tuple[dict[str, str], re.Pattern]:
    """Each subject word -> its topic tag (tracker/data/topics.csv), and one pattern for them all."""
    with resources.files("tracker.data").joinpath("topics.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    tags: dict[str, str] = {}
    for row in rows:
        for word in (w.strip() for w in row["keywords"].split(";")):
            if word:
                tags.setdefault(word, row["tag"])
    return tags, re.compile(rf"(?<![\w-])(?:{trie_regex(tags)})(?![\w])")


def article_topics(text: str) -> tuple[str | None, frozenset[str]]:
    """The article's main topic tag and every tag it dwells on."""
    tags, pattern = topic_keywords()
    counts = Counter(tags[word] for word in pattern.findall(text))
    if not counts:
        return None, frozenset()
    top = counts.most_common(1)[0][1]
    tags = frozenset(tag for tag, n in counts.items() if n >= max(2, top * 0.3))
    return counts.most_common(1)[0][0], tags or frozenset({counts.most_common(1)[0][0]})

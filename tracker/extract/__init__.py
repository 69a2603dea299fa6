"""Article text to sourced events: reading, sentences, actors, dates, drafts, patterns.

Nothing here touches the database or the command line::

    from tracker.extract import extract_paths

    articles, findings = extract_paths(["seeds/"])
    for finding in findings:
        print(finding.as_json())
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tracker.extract.drafts import Registry
from tracker.extract.extractor import Extractor, Finding
from tracker.extract.reader import Article, read_articles

__all__ = ["Article", "Extractor", "Finding", "Registry", "extract_paths", "in_reading_order"]


def in_reading_order(articles: Iterable[Article]) -> list[Article]:
    """Articles by publication date (undated last), then by path: earlier news sets up the drafts."""
    return sorted(articles, key=lambda a: (a.published is None, a.published.sort_key if a.published else "", a.path))


def extract_paths(paths: Iterable[str | Path], *, published: str | None = None,
                  registry: Registry | None = None,
                  refused: list | None = None, root: str | Path | None = None) -> tuple[list[Article], list[Finding]]:
    """Read every article under ``paths`` and extract its events, in reading order.

    Files that cannot be articles (see ``reader.ArticleRefused``) are added
    to ``refused`` and skipped when it is given; otherwise the first one raises.
    """
    extractor = Extractor(registry)
    articles = in_reading_order(read_articles(paths, published=published, refused=refused, root=root))
    findings: list[Finding] = []
    for article in articles:
        findings.extend(extractor.extract(article))
    return articles, findings

"""Extraction throughput: articles per second and peak memory on one core.

Builds a corpus of N articles (default 2,000) from the seed and test articles,
each copy with its own publication date in a header block and its paragraphs
in a shuffled order, then reads and extracts them all in one process, as
`tracker extract` does.

    python benchmarks/extract_throughput.py            # 2,000 articles
    python benchmarks/extract_throughput.py --count 10000
    python benchmarks/extract_throughput.py --dense    # one dense file at two sizes: linear?

A dense file tells a veto and a tally of a new numbered draft in every sentence, the worst case for
the registry of drafts: the cost per kilobyte of the larger file over that of the smaller should
stay near 1 (goal <= 1.3), not grow with the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from tracker.extract import extract_paths
from tracker.extract.reader import find_articles

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT / "tests" / "articles"]


def build_corpus(folder: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` article files into ``folder``; return their total size in bytes."""
    rng = random.Random(seed)
    originals = [p for p in find_articles(SOURCES) if p.suffix == ".txt"]
    texts = [p.read_text(encoding="utf-8-sig") for p in originals]
    total = 0
    start = dt.date(2007, 1, 1)
    for index in range(count):
        paragraphs = [p for p in texts[index % len(texts)].split("\n") if p.strip()]
        head, rest = paragraphs[:1], paragraphs[1:]
        rng.shuffle(rest)
        published = start + dt.timedelta(days=rng.randrange(0, 6000))
        body = f"title: article {index}\npublished: {published}\n\n" + "\n".join(head + rest) + "\n"
        path = folder / f"{index:06d}.txt"
        path.write_text(body, encoding="utf-8")
        total += len(body.encode())
    return total


def dense_text(size: int) -> str:
    """About ``size`` bytes of sentences, each a veto of a numbered draft of one sponsor with a tally."""
    sentences, total, index = [], 0, 0
    while total < size:
        sentence = (f"On {1 + index % 28} March, Russia vetoed draft resolution S/{2000 + index % 20}/{index}, "
                    f"drafted by France, by a vote of 13-1-1. ")
        sentences.append(sentence)
        total += len(sentence)
        index += 1
    return "".join(sentences)


def bench_dense(small_kb: int = 200) -> None:
    costs = []
    for kb in (small_kb, 4 * small_kb):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "dense.txt"
            path.write_text("published: 2019-12-20\n\n" + dense_text(kb * 1024) + "\n", encoding="utf-8")
            started = time.perf_counter()
            _, findings = extract_paths([path])
            elapsed = time.perf_counter() - started
        costs.append(elapsed / kb)
        print(f"dense {kb:>5} KB:    {elapsed:.2f} s, {len(findings)} events, {1000 * elapsed / kb:.1f} ms/KB")
    print(f"cost per KB, {4 * small_kb} KB / {small_kb} KB: {costs[1] / costs[0]:.2f} (goal <= 1.3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000, help="articles in the corpus (default 2000)")
    parser.add_argument("--dense", action="store_true", help="measure one dense file at two sizes instead")
    args = parser.parse_args()
    if args.dense:
        bench_dense()
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = build_corpus(folder, args.count)
        started = time.perf_counter()
        articles, findings = extract_paths([folder])
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    print(f"articles:        {len(articles)}")
    print(f"corpus:          {size / 1e6:.1f} MB")
    print(f"events found:    {len(findings)}")
    print(f"time:            {elapsed:.2f} s")
    print(f"throughput:      {len(articles) / elapsed:.0f} articles/s ({size / 1e6 / elapsed:.2f} MB/s), one core")
    print(f"peak memory:     {peak_mb:.0f} MB (resident set of the whole process)")


if __name__ == "__main__":
    main()

"""A library user who keeps what the engine returns: batches analysed, concepts read, results kept.

    python benchmarks/retained_results.py [--batches 15] [--n 2000] [--data DIR]

The throughput benchmark drops each batch's results before the next; a program that
gathers a corpus's analyses in a list keeps them, and every object they hold that
Python's cyclic garbage collector tracks is walked again at each of its passes, so
the cost per text grows with what is kept. The heap is not frozen here (the library
never freezes it; see :mod:`sentic.heap`). Reported: microseconds per text
(``analyze_batch`` plus ``.concepts``), tracked objects kept per text, and VADER's
microseconds per text in the same process as the baseline.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batches", type=int, default=15)
    args = parser.parse_args()
    texts = devsets.timing_texts(args.data)
    if texts is None:
        return 0
    texts = texts[: args.n]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentic import Engine

    vader = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    for _ in range(args.batches):
        [vader.polarity_scores(t) for t in texts]
    vader_us = (time.perf_counter() - t0) / (args.batches * len(texts)) * 1e6

    engine = Engine.load("fast")
    engine.analyze_batch(texts[:100])  # the lazy parts load here, not in the timed loop
    engine.fallback  # noqa: B018 - the sentence model too
    gc.collect()
    tracked_before = len(gc.get_objects())
    kept = []
    t0 = time.perf_counter()
    for _ in range(args.batches):
        results = engine.analyze_batch(texts)
        for analysis in results:
            analysis.concepts  # noqa: B018 - built on first access
        kept.extend(results)
    seconds = time.perf_counter() - t0
    gc.collect()
    per_text = (len(gc.get_objects()) - tracked_before) / len(kept)
    us = seconds / len(kept) * 1e6
    print(f"{len(kept):,} analyses kept, concepts read: {us:.1f} us/text; VADER {vader_us:.1f} us/text "
          f"(ratio {vader_us / us:.2f}); {per_text:.1f} tracked objects kept per text")
    return 0


if __name__ == "__main__":
    sys.exit(main())

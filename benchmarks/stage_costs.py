"""Where fast mode's time goes, stage by stage, against VADER's whole cost, in one process.

    python benchmarks/stage_costs.py [--n 2000] [--repeat 7] [--data DIR]

Fast mode, 2,000 real tweets, best of ``--repeat`` per figure, VADER's
``polarity_scores`` timed alongside. The stages (engine internals, named as in the code):

* ``scan``: the tokenizer, with norms and roles (``ConceptParser._scan``);
* ``parse``: the whole fast parse (``parse_batch``), scan included;
* ``engine``: everything after the parse (``Engine._analyze_parsed``), of which
  ``meet`` is the meeting context (``SpreadingActivation.meet_batch``) and
  ``fallback`` the sentence model run on the texts no concept covers;
* ``analyze_batch``: the whole call, and the same with the garbage collector held off
  (the difference is what the collector costs there);
* then the collector's cost within ``analyze_batch`` by generation, the number of
  long-lived objects it walks, and what one full collection costs.

Each figure is in µs per text and as a share of VADER's cost per text: fast mode's
throughput target (``analyze_batch`` at VADER's rate or better) is a total of 1.0.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devsets  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--data", help="datasets folder (default: ../shared/datasets or $SENTIC_DATA)")
    args = parser.parse_args()
    texts = devsets.timing_texts(args.data, args.n)
    if texts is None:
        return 0
    n = len(texts)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentic import Engine
    from sentic.compiled import summary

    vader = SentimentIntensityAnalyzer()
    engine = Engine.load("fast")
    analyses = engine.analyze_batch(texts)  # loads the lazy parts
    parsed = engine.parser.parse_batch(texts)
    seeds = [a.details["seeds"] for a in analyses]
    uncovered = [t for t, a in zip(texts, analyses) if a.fallback]
    tokens = sum(len(engine.parser._scan(t).norms) for t in texts) / n
    scan = engine.parser._scan
    act = engine.activation
    repeat = args.repeat

    rows = [
        ("VADER polarity_scores", devsets.best_us(lambda: [vader.polarity_scores(t) for t in texts], n, repeat)),
        ("scan", devsets.best_us(lambda: [scan(t) for t in texts], n, repeat)),
        ("parse (scan included)", devsets.best_us(lambda: engine.parser.parse_batch(texts), n, repeat)),
        ("engine (after the parse)", devsets.best_us(lambda: engine._analyze_parsed(parsed), n, repeat)),
        ("  of which meet", devsets.best_us(lambda: act.meet_batch(seeds), n, repeat)),
        (f"  of which fallback ({len(uncovered)} texts)",
         devsets.best_us(lambda: engine.fallback.predict(uncovered), n, repeat) if uncovered else 0.0),
        ("analyze_batch", devsets.best_us(lambda: engine.analyze_batch(texts), n, repeat)),
        ("analyze_batch, collector held off", devsets.best_us(lambda: engine.analyze_batch(texts), n, repeat, collect=False)),
    ]
    vader_us = rows[0][1]
    print(f"{summary()}; {n} tweets, {tokens:.1f} tokens per tweet")
    print(f"{'stage':40s} {'us/text':>9s} {'x VADER':>9s}")
    for name, us in rows:
        print(f"{name:40s} {us:9.1f} {us / vader_us:9.2f}")
    whole = rows[6][1]
    print(f"fast analyze_batch at {vader_us / whole:.2f}x VADER's sentences/s (target 1.0)")
    print(collector_costs(engine, texts))
    return 0


def collector_costs(engine, texts: list[str], batches: int = 5) -> str:
    """The garbage collector's cost within ``analyze_batch``, by generation, and the long-lived heap.

    A full collection walks every tracked object of the process, so its cost grows with
    what the engine and its libraries keep alive (SciPy alone added ~18,000 objects).
    """
    spent = [0.0, 0.0, 0.0]
    count = [0, 0, 0]
    began: list[float] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        elif began:
            spent[info["generation"]] += time.perf_counter() - began.pop()
            count[info["generation"]] += 1

    gc.callbacks.append(watch)
    try:
        for _ in range(batches):
            engine.analyze_batch(texts)
    finally:
        gc.callbacks.remove(watch)
    gc.collect()
    heap = len(gc.get_objects())
    full = []
    for _ in range(5):
        t0 = time.perf_counter()
        gc.collect()
        full.append(time.perf_counter() - t0)
    per_text = [s / (batches * len(texts)) * 1e6 for s in spent]
    return (f"collector in analyze_batch, us/text by generation: {per_text[0]:.1f} / {per_text[1]:.1f} / "
            f"{per_text[2]:.1f} ({count[0] / batches:.0f} / {count[1] / batches:.0f} / {count[2] / batches:.1f} "
            f"collections per batch); long-lived heap {heap:,} objects, a full collection {min(full) * 1e3:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())

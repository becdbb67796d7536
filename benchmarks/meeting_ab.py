"""The compiled meeting loop (``sentic._spreading_kernel``) against the sparse product it replaced.

    python benchmarks/meeting_ab.py [--n 2000] [--rounds 4] [--data DIR]

One process, fast mode, the seeds of 2,000 real tweets. ``SpreadingActivation.meet_batch``
is timed with the compiled loop and with the sparse product (the stand-in of an install
without a C compiler), alternating, best of 7 each round; then the whole
``analyze_batch`` both ways, and ``analyze`` called on 500 texts one at a time (without
the loop, a single text's seeds are walked by ``SpreadingActivation.meet``). Figures are per text and as the ratio of the two in the same
round, so the shared machine's noise moves both alike. Also checks that the two agree.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devsets  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--data", help="datasets folder (default: ../shared/datasets or $SENTIC_DATA)")
    args = parser.parse_args()
    texts = devsets.timing_texts(args.data, args.n)
    if texts is None:
        return 0

    from sentic import Engine, spreading_activation

    kernel = spreading_activation.meeting_sums
    if kernel is None:
        print("the meeting loop was not compiled in this install: nothing to compare")
        return 0
    engine = Engine.load("fast")
    seeds = [a.details["seeds"] for a in engine.analyze_batch(texts)]
    act = engine.activation
    degree = np.diff(np.asarray(act.indptr))
    edges = [int(degree[list(set(s))].sum()) if s else 0 for s in seeds]
    print(f"{len(texts)} tweets, {np.mean([len(s) for s in seeds]):.1f} seeds and "
          f"{np.mean(edges):,.0f} edges to walk per text (median {np.median(edges):,.0f})")

    def use(fn):
        spreading_activation.meeting_sums = fn

    try:
        use(None)
        want_h, want_m = act.meet_batch(seeds)
        use(kernel)
        got_h, got_m = act.meet_batch(seeds)
        print(f"largest difference: hourglass {np.abs(got_h - want_h).max():.1e}, mass {np.abs(got_m - want_m).max():.1e}")
        meet_ratio, batch_ratio, single_ratio = [], [], []
        singles = texts[:500]
        for r in range(args.rounds):
            use(None)
            sparse = devsets.best_us(lambda: act.meet_batch(seeds), len(seeds))
            use(kernel)
            loop = devsets.best_us(lambda: act.meet_batch(seeds), len(seeds))
            use(None)
            sparse_batch = devsets.best_us(lambda: engine.analyze_batch(texts), len(texts), 3)
            use(kernel)
            loop_batch = devsets.best_us(lambda: engine.analyze_batch(texts), len(texts), 3)
            use(None)  # one text at a time: without the loop, each is walked (SpreadingActivation.meet)
            walk_single = devsets.best_us(lambda: [engine.analyze(t) for t in singles], len(singles), 3)
            use(kernel)
            loop_single = devsets.best_us(lambda: [engine.analyze(t) for t in singles], len(singles), 3)
            meet_ratio.append(sparse / loop)
            batch_ratio.append(sparse_batch / loop_batch)
            single_ratio.append(walk_single / loop_single)
            print(f"round {r + 1}: meet_batch {sparse:.2f} -> {loop:.2f} us/text ({sparse / loop:.2f}x); "
                  f"analyze_batch {sparse_batch:.1f} -> {loop_batch:.1f} us/text ({sparse_batch / loop_batch:.3f}x); "
                  f"analyze, one text {walk_single:.0f} -> {loop_single:.0f} us ({walk_single / loop_single:.3f}x)")
    finally:
        use(kernel)
    print(f"median: meet_batch {statistics.median(meet_ratio):.2f}x as fast, "
          f"analyze_batch {statistics.median(batch_ratio):.3f}x, analyze one text at a time "
          f"{statistics.median(single_ratio):.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The compiled parser against the same code run from source, as ratios to VADER.

    python benchmarks/compiled_ab.py [--pairs 3] [--n 2000] [--modes fast,accurate] [--data DIR]

Each measurement is a fresh process that times ``Engine.analyze_batch`` and VADER's
``polarity_scores`` on the same 2,000 tweets, interleaved, with the garbage collector
held off during the timed calls (its full passes over the heap land at random and cost
more than the difference measured here; ``throughput.py`` times it as users see it).
The figure of a process is its rate divided by VADER's, so a busy machine (this one is
shared) moves both alike. Processes alternate, compiled then ``SENTIC_PURE_PYTHON=1``,
``--pairs`` times; the medians are reported, with the parse alone beside the whole batch.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets  # noqa: E402

_CHILD = r"""
import gc, json, sys, time
sys.path.insert(0, {bench!r})
import devsets
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
from sentic import Engine
from sentic.compiled import summary

got = devsets.vader_tweets(devsets.data_dir({data!r}))
texts = (got[0] if got else ["I love this wonderful day", "The service was terrible",
                             "I am not happy with the results"] * 700)[:{n}]
vader = SentimentIntensityAnalyzer()
engine = Engine.load({mode!r})
engine.analyze_batch(texts[:200])  # load the lazy parts
gc.collect()

def timed(fn):
    gc.disable()
    try:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0
    finally:
        gc.enable()
        gc.collect()

v, p, b = [], [], []
for _ in range(5):
    v.append(timed(lambda: [vader.polarity_scores(t) for t in texts]))
    p.append(timed(lambda: engine.parser.parse_batch(texts)))
    b.append(timed(lambda: engine.analyze_batch(texts)))
v, p, b = min(v), min(p), min(b)
print(json.dumps({{"summary": summary(), "vader_us": v / len(texts) * 1e6, "parse_us": p / len(texts) * 1e6,
                  "batch_us": b / len(texts) * 1e6, "batch_vs_vader": v / b, "parse_vs_vader": v / p}}))
"""


def run(mode: str, pure: bool, n: int, data: str | None) -> dict:
    env = devsets.child_env()
    env.pop("SENTIC_PURE_PYTHON", None)
    if pure:
        env["SENTIC_PURE_PYTHON"] = "1"
    code = _CHILD.format(bench=str(Path(__file__).resolve().parent), data=data, n=n, mode=mode)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--modes", default="fast,accurate")
    args = parser.parse_args()
    for mode in args.modes.split(","):
        runs: dict[bool, list[dict]] = {False: [], True: []}
        for _ in range(args.pairs):
            for pure in (False, True):
                runs[pure].append(run(mode, pure, args.n, args.data))
        print(f"{mode} mode, {args.n} tweets, median of {args.pairs} processes each")
        for pure in (False, True):
            rs = runs[pure]
            med = {k: statistics.median(r[k] for r in rs) for k in ("vader_us", "parse_us", "batch_us",
                                                                     "batch_vs_vader", "parse_vs_vader")}
            print(f"  {rs[0]['summary']}")
            print(f"    analyze_batch {med['batch_us']:7.1f} us/text = {med['batch_vs_vader']:.3f}x VADER; "
                  f"parse {med['parse_us']:7.1f} us/text = {med['parse_vs_vader']:.3f}x VADER "
                  f"(VADER {med['vader_us']:.1f} us/text)")
        gain = [c["batch_vs_vader"] / s["batch_vs_vader"] for c, s in zip(runs[False], runs[True])]
        gain_p = [c["parse_vs_vader"] / s["parse_vs_vader"] for c, s in zip(runs[False], runs[True])]
        print(f"  compiled / source, pair by pair: analyze_batch {', '.join(f'{g:.2f}x' for g in gain)}; "
              f"parse {', '.join(f'{g:.2f}x' for g in gain_p)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

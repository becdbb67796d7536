"""Throughput of ``analyze_batch`` on 2,000 real sentences, against VADER in the same process.

Also the cost per text of ``analyze`` called once per text (as an API request does),
with and without ``to_dict`` + ``json.dumps`` of the result.

    python benchmarks/throughput.py [--n 2000] [--modes fast,accurate] [--data DIR]

Besides the best batch, the sustained rate: ``--sustained`` batches in a row, the garbage
collector's full passes included (the best of a few calls tends to leave them out),
against VADER's mean rate measured just before.

Also the lines per second of ``sentic batch`` itself, JSON lines in and out (see
:func:`cli_batch_rate`), ``Engine.load()`` time (fast mode, knowledge base already
built; first call in a fresh process, median of three) and peak memory. Each figure is
the best of ``--repeat`` runs, since the machine is shared.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devsets  # noqa: E402

FALLBACK = [
    "I love this wonderful day", "The service was terrible but the food was great",
    "I am not happy with the results", "What a lovely surprise!", "My car broke down again",
]


def best_rate(fn, texts, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def sustained_rate(fn, texts, batches: int) -> float:
    """Texts per second over ``batches`` calls in a row, pauses included (not the best call).

    The best of a few calls leaves out the garbage collector's full passes, which land in
    some calls and not others; over a corpus they are part of the cost.
    """
    t0 = time.perf_counter()
    for _ in range(batches):
        fn(texts)
    return batches * len(texts) / (time.perf_counter() - t0)


def load_time() -> float:
    code = ("import time; t=time.perf_counter(); from sentic import Engine; Engine.load('fast', build=False); "
            "print(time.perf_counter()-t)")
    times = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env=devsets.child_env())
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return sorted(times)[1]


def cli_batch_rate(mode: str, texts: list[str], copies: int) -> float:
    """Lines per second of ``sentic batch`` itself: JSON lines in, JSON lines out, as a user runs it.

    Everything a run does per line counts (reading, analysing, ``to_dict``, writing,
    the garbage collector); start-up and loading do not: the figure is the difference
    between a run over ``copies`` copies of the texts and a run over two lines, one of
    which no concept covers, so that both load the same parts (the sentence model too).
    NaN when the large run was not the slower one (too few lines for the noise).
    """
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.jsonl", Path(tmp) / "small.jsonl"
        lines = devsets.write_batch_input(big, texts, copies)
        small.write_text(json.dumps({"text": texts[0]}) + "\n" + json.dumps({"text": "zqxv wvkq"}) + "\n")

        def run(path: Path) -> float:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sentic.cli", "batch", str(path), "--mode", mode, "-q",
                            "-o", str(Path(tmp) / "out.jsonl")], check=True, capture_output=True,
                           env=devsets.child_env())
            return time.perf_counter() - t0

        extra = min(run(big) for _ in range(2)) - min(run(small) for _ in range(2))
    if extra <= 0:  # too few lines for the difference to stand out of the noise
        return float("nan")
    return (lines - 2) / extra


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--modes", default="fast,accurate")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sustained", type=int, default=10,
                        help="batches in a row for the sustained rate (0: skip it)")
    parser.add_argument("--json")
    parser.add_argument("--cli-copies", type=int, default=5,
                        help="copies of the texts in the `sentic batch` run (0: skip it)")
    args = parser.parse_args()
    got = devsets.vader_tweets(devsets.data_dir(args.data))
    texts = (got[0] if got else FALLBACK * (args.n // len(FALLBACK) + 1))[: args.n]

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentic import Engine
    from sentic.compiled import summary

    print(summary())  # compiled or from source: see benchmarks/compiled_ab.py for the two side by side
    vader = SentimentIntensityAnalyzer()
    results: dict[str, float] = {}
    results["vader_sent_per_s"] = best_rate(lambda ts: [vader.polarity_scores(t) for t in ts], texts, args.repeat)
    for mode in args.modes.split(","):
        engine = Engine.load(mode)
        # Lazy parts (activation tables, spaCy, the sentence-embedding fallback) are loaded
        # once, not timed; then one full collection, so that the collector's first pass
        # over the hundreds of thousands of objects they created (0.25 s each) does not
        # land inside the timed runs.
        if getattr(engine, "use_embeddings", False):
            engine.fallback  # noqa: B018 - the property loads the model
        engine.analyze_batch(texts[:50])
        gc.collect()
        rate = best_rate(engine.analyze_batch, texts, args.repeat)
        results[f"{mode}_sent_per_s"] = rate
        results[f"{mode}_vs_vader"] = rate / results["vader_sent_per_s"]
        if args.sustained > 0:
            vader_mean = sustained_rate(lambda ts: [vader.polarity_scores(t) for t in ts], texts, 3)
            rate = sustained_rate(engine.analyze_batch, texts, args.sustained)
            results[f"{mode}_sustained_sent_per_s"] = rate
            results[f"{mode}_sustained_vs_vader"] = rate / vader_mean
        # One text per call, as an API request does: the per-call cost the batch spreads out.
        results[f"{mode}_single_us_per_text"] = 1e6 / best_rate(
            lambda ts: [engine.analyze(t) for t in ts], texts, args.repeat)
        results[f"{mode}_single_with_json_us_per_text"] = 1e6 / best_rate(
            lambda ts: [json.dumps(engine.analyze(t).to_dict()) for t in ts], texts, args.repeat)
        if args.cli_copies > 0:
            results[f"{mode}_cli_batch_lines_per_s"] = rate = cli_batch_rate(mode, texts, args.cli_copies)
            results[f"{mode}_cli_batch_vs_vader"] = rate / results["vader_sent_per_s"]
    results["engine_load_fast_s"] = load_time()
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for k, v in results.items():
        print(f"{k:24s} {v:12.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Binary polarity accuracy and Pearson r on the development sets, against VADER in the same run.

Protocol (the same for every system): a prediction of exactly 0 counts as wrong;
VADER tweets with |mean| < 0.5, TweetEval's neutral class, SemEval-2007 headlines with
|valence| < 50 and SST's neutral class are left out.

    python benchmarks/polarity_eval.py --modes fast,accurate [--ablation] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devsets  # noqa: E402


def load_sets(root: Path, limit: int | None) -> dict[str, tuple[list[str], list[float]]]:
    sets = {}
    for name, loader in (("vader_tweets", devsets.vader_tweets), ("sst5_train_binary", devsets.sst_binary),
                         ("tweeteval_val", devsets.tweeteval_sentiment)):
        got = loader(root)
        if got:
            sets[name] = (got[0][:limit], got[1][:limit]) if limit else got
    sem = devsets.semeval_headlines(root)
    if sem:
        texts, val, _ = sem
        keep = [i for i, v in enumerate(val) if abs(v) >= 50]
        sets["semeval2007_trial"] = ([texts[i] for i in keep], [val[i] for i in keep])
    return sets


def score(pred: list[float], gold: list[float]) -> dict[str, float]:
    p, g = np.asarray(pred, dtype=float), np.asarray(gold, dtype=float)
    acc = float(np.mean(np.sign(p) == np.sign(g)))
    r = float(np.corrcoef(p, g)[0, 1]) if p.std() > 0 else 0.0
    return {"accuracy": round(acc, 4), "pearson_r": round(r, 4)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="datasets folder (default: ../shared/datasets or $SENTIC_DATA)")
    parser.add_argument("--modes", default="fast,accurate")
    parser.add_argument("--ablation", action="store_true", help="also run U only, C only, no patterns, no embeddings")
    parser.add_argument("--limit", type=int, help="at most this many items per set")
    parser.add_argument("--json", help="write results here too")
    args = parser.parse_args()
    root = devsets.data_dir(args.data)
    sets = load_sets(root, args.limit)
    if not sets:
        print(f"no development data under {root}; skipping")
        return 0

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentic import Engine

    systems: dict[str, object] = {}
    vader = SentimentIntensityAnalyzer()
    systems["vader"] = lambda texts: [vader.polarity_scores(t)["compound"] for t in texts]
    for mode in args.modes.split(","):
        engine = Engine.load(mode)
        systems[f"sentic-{mode}"] = lambda texts, e=engine: [a.polarity for a in e.analyze_batch(texts)]
        if args.ablation:
            variants = {
                "U only": dict(use_c=False),
                "C only": dict(use_u=False),
                "no patterns": dict(use_patterns=False),
                "no embedding fallback": dict(use_embeddings=False),
            }
            for name, options in variants.items():
                variant = Engine(engine.kb, mode, **options)
                systems[f"sentic-{mode} {name}"] = lambda texts, e=variant: [a.polarity for a in e.analyze_batch(texts)]

    results: dict[str, dict[str, dict[str, float]]] = {}
    header = f"{'system':36s}" + "".join(f"{name:>24s}" for name in sets)
    print(header)
    for sys_name, fn in systems.items():
        row = f"{sys_name:36s}"
        results[sys_name] = {}
        for set_name, (texts, gold) in sets.items():
            t0 = time.perf_counter()
            pred = fn(texts)  # type: ignore[operator]
            m = score(pred, gold)
            m["seconds"] = round(time.perf_counter() - t0, 2)
            results[sys_name][set_name] = m
            row += f"{m['accuracy']:>14.3f} r={m['pearson_r']:+.2f}"
        print(row, flush=True)
    print("\nitems: " + ", ".join(f"{k} {len(v[0])}" for k, v in sets.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

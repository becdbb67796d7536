"""FER2013 accuracy and throughput of :class:`sentic.faces.ExpressionRecognizer`.

Evaluates the bundled network on FER2013 PublicTest (``fer2013/validation.npz`` in the
development datasets: 3,589 48x48 grayscale faces) with and without flip test-time
augmentation, and measures end-to-end crops/second of ``predict_proba`` (resize,
scaling and the network) on one thread and on torch's default thread count. With
``--weights`` (``trained`` for the network ``sentic faces train`` put in the cache, or a
weights file) that network is evaluated too, in the same run, beside the bundled one.

    python benchmarks/fer_eval.py [--data DIR] [--weights trained] [--json OUT]

The data folder defaults to ``$SENTIC_DATA``, else ``../shared/datasets`` relative to
the repository root; when the file is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def default_data_dir() -> Path:
    env = os.environ.get("SENTIC_DATA")
    return Path(env).expanduser() if env else REPO.parent / "shared" / "datasets"


def scores(gold: np.ndarray, proba: np.ndarray, classes: tuple[str, ...]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-class F1 of argmax predictions."""
    from sklearn.metrics import accuracy_score, f1_score

    pred = proba.argmax(axis=1)
    labels = list(range(len(classes)))
    per_class = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    return {
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "per_class_f1": {c: float(f) for c, f in zip(classes, per_class)},
    }


def throughput(recognizer: Any, crops: np.ndarray, threads: int, repeats: int = 3) -> float:
    """Median crops/second of ``predict_proba`` on ``crops`` with ``threads`` torch threads."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        recognizer.predict_proba(crops[: recognizer.batch_size])  # warm-up
        rates = []
        for _ in range(repeats):
            start = time.perf_counter()
            recognizer.predict_proba(crops)
            rates.append(len(crops) / (time.perf_counter() - start))
    finally:
        torch.set_num_threads(previous)
    return float(statistics.median(rates))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="development datasets folder (default: $SENTIC_DATA or ../shared/datasets)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    parser.add_argument("--batch-size", type=int, default=64, help="crops per forward pass (default 64)")
    parser.add_argument("--speed-crops", type=int, default=2048, help="crops per throughput run (default 2048)")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N faces (smoke runs)")
    parser.add_argument("--weights", default=None,
                        help="also evaluate these weights: 'trained' (sentic faces train) or a .npz/.hdf5 file")
    args = parser.parse_args(argv)

    data_dir = args.data or default_data_dir()
    path = data_dir / "fer2013" / "validation.npz"
    if not path.is_file():
        print(f"skipped: {path} not found (pass --data DIR or set SENTIC_DATA)")
        return 0

    import torch

    from sentic.faces import ExpressionRecognizer

    with np.load(path, allow_pickle=False) as npz:
        images, gold = npz["images"], npz["labels"].astype(np.int64)
        names = tuple(str(n) for n in npz["label_names"])
    if args.limit:
        images, gold = images[: args.limit], gold[: args.limit]

    from sentic.errors import InputError

    default_threads = torch.get_num_threads()
    reps = int(np.ceil(args.speed_crops / len(images)))
    speed_crops = np.concatenate([images] * reps)[: args.speed_crops]
    results: dict[str, Any] = {"data": str(path), "n": int(len(gold)), "models": {}}
    for label, weights in [("bundled", None)] + ([(args.weights, args.weights)] if args.weights else []):
        start = time.perf_counter()
        try:
            recognizer = ExpressionRecognizer(weights=weights, batch_size=args.batch_size)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        load_s = time.perf_counter() - start
        if names != recognizer.classes:
            print(f"error: dataset classes {names} differ from the network's {recognizer.classes}", file=sys.stderr)
            return 2
        model: dict[str, Any] = {
            "load_seconds": load_s,
            "no_tta": scores(gold, recognizer.predict_proba(images, tta=False), names),
            "tta": scores(gold, recognizer.predict_proba(images, tta=True), names),
            "crops_per_second": {
                "1_thread": throughput(recognizer, speed_crops, 1),
                f"{default_threads}_threads": throughput(recognizer, speed_crops, default_threads),
            },
            "batch_size": recognizer.batch_size,
        }
        results["models"][label] = model

        print(f"{label} network on FER2013 PublicTest ({results['n']} faces), loaded in {load_s:.2f} s")
        print(f"{'':14s}{'accuracy':>10s}{'macro-F1':>10s}")
        for key, title in (("no_tta", "no TTA"), ("tta", "flip TTA")):
            r = model[key]
            print(f"{title:14s}{r['accuracy']:10.4f}{r['macro_f1']:10.4f}")
        print("per-class F1   " + " ".join(f"{c[:7]:>8s}" for c in names))
        for key, title in (("no_tta", "no TTA"), ("tta", "flip TTA")):
            f1 = model[key]["per_class_f1"]
            print(f"{title:15s}" + " ".join(f"{f1[c]:8.3f}" for c in names))
        for key, rate in model["crops_per_second"].items():
            print(f"throughput, {key.replace('_', ' ')}: {rate:,.0f} crops/s (batch {recognizer.batch_size}, no TTA)")
        print()

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

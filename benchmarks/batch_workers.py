"""``sentic batch --workers N`` against one process: whole runs, start-up, and lines/second once started.

    python benchmarks/batch_workers.py [--workers 2] [--modes fast,accurate] [--rounds 2] [--data DIR]

Each run is a fresh ``sentic batch`` process over copies of VADER's tweets (``--lines``
per mode), as a user runs it, loading included; a run over three lines (one of which
no concept covers, so that every part loads) gives the start-up. Lines/second once
started is the difference of the two. One process and N workers alternate, since the
machine is shared; each figure is the best of ``--rounds``. Every run's output is
compared with the one-process output of the same input: they must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets  # noqa: E402

DEFAULT_LINES = {"fast": 40_000, "accurate": 6_000}


def run(src: Path, out: Path, mode: str, workers: int) -> tuple[float, str]:
    """Seconds of one whole ``sentic batch`` run, and the sha256 of what it wrote."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sentic.cli", "batch", str(src), "--mode", mode, "-q",
                    "--workers", str(workers), "-o", str(out)], check=True, capture_output=True,
                   env=devsets.child_env())
    seconds = time.perf_counter() - t0
    return seconds, hashlib.sha256(out.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default="fast,accurate")
    parser.add_argument("--lines", type=int, help="lines per run (default: 40,000 fast, 6,000 accurate)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = devsets.timing_texts(args.data)
    if texts is None:
        return 0
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.jsonl"
        small.write_text("".join(json.dumps({"text": t}) + "\n" for t in (texts[0], texts[1], "zqxv wvkq")))
        for mode in args.modes.split(","):
            lines = args.lines or DEFAULT_LINES[mode]
            big = Path(tmp) / f"{mode}.jsonl"
            devsets.write_batch_input(big, (texts * math.ceil(lines / len(texts)))[:lines], 1)
            best: dict[tuple[str, int], float] = {}
            digests: dict[str, set[str]] = {"big": set(), "small": set()}
            for _ in range(args.rounds):
                for workers in (1, args.workers):
                    for name, src in (("big", big), ("small", small)):
                        seconds, digest = run(src, Path(tmp) / "out.jsonl", mode, workers)
                        best[name, workers] = min(best.get((name, workers), math.inf), seconds)
                        digests[name].add(digest)
            same = all(len(d) == 1 for d in digests.values())
            w = args.workers
            steady = {k: (lines - 3) / (best["big", k] - best["small", k]) for k in (1, w)}
            print(f"{mode}: {lines:,} lines; output identical with 1 and {w} workers: {same}")
            print(f"  whole run     1 process {best['big', 1]:6.2f} s   {w} workers {best['big', w]:6.2f} s   "
                  f"speed-up {best['big', 1] / best['big', w]:.2f}x")
            print(f"  start-up      1 process {best['small', 1]:6.2f} s   {w} workers {best['small', w]:6.2f} s")
            print(f"  once started  1 process {steady[1]:7,.0f} lines/s   {w} workers {steady[w]:7,.0f} lines/s   "
                  f"speed-up {steady[w] / steady[1]:.2f}x")
            results[f"{mode}_speedup_whole"] = best["big", 1] / best["big", w]
            results[f"{mode}_speedup_started"] = steady[w] / steady[1]
            if not same:
                print("  OUTPUTS DIFFER")
                return 1
    print(json.dumps({k: round(v, 3) for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time a whole ``sentic batch`` run and the garbage collector's share of it, with and without the heap freeze.

    python benchmarks/batch_gc.py [--copies 5] [--mode fast] [--rounds 2] [--data DIR]

Each run is a fresh process running ``sentic batch`` (loading included) over
``copies`` copies of VADER's tweets; ``gc.callbacks`` add up the time spent in
collections. The runs without the freeze replace :func:`sentic.heap.freeze_heap` by a
no-op, so the two kinds of run differ in that alone; they alternate, since the machine
is shared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets  # noqa: E402

_CHILD = r"""
import gc, json, sys, time
spent = {"collections": 0, "seconds": 0.0, "full": 0}
began = []
def watch(phase, info):
    if phase == "start":
        began.append(time.perf_counter())
    else:
        spent["collections"] += 1
        spent["full"] += info["generation"] == 2
        spent["seconds"] += time.perf_counter() - began.pop()
gc.callbacks.append(watch)
import sentic.batch_run
if sys.argv[1] == "off":
    sentic.batch_run.freeze_heap = lambda: None
from sentic.cli import main
t0 = time.perf_counter()
code = main(["batch", sys.argv[2], "--mode", sys.argv[3], "-q", "-o", sys.argv[4]])
spent["total"] = time.perf_counter() - t0
print(json.dumps(spent))
sys.exit(code)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--mode", default="fast")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = devsets.timing_texts(args.data)
    if texts is None:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        lines = devsets.write_batch_input(src, texts, args.copies)
        print(f"sentic batch --mode {args.mode} over {lines:,} lines, loading included")
        for _ in range(args.rounds):
            for freeze in ("on", "off"):
                done = subprocess.run(
                    [sys.executable, "-c", _CHILD, freeze, str(src), args.mode, str(Path(tmp) / "out.jsonl")],
                    check=True, capture_output=True, text=True, env=devsets.child_env())
                r = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"freeze {freeze:3s}  total {r['total']:6.2f} s  collector {r['seconds']:5.2f} s "
                      f"({r['full']} full of {r['collections']})  {lines / r['total']:,.0f} lines/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

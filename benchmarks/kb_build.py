"""Knowledge-base build: cost, artifact, load time, and affective intuition accuracy.

Usage::

    python benchmarks/kb_build.py                 # everything (about 10 minutes on 2 cores)
    python benchmarks/kb_build.py --skip-build    # only the intuition experiments
    python benchmarks/kb_build.py --json results.json

Build cost is measured by running ``sentic kb build --force`` in a child process
(wall time, peak RSS from ``getrusage``) into a scratch cache; load time is
``KnowledgeBase.load()`` in fresh child processes. Affective intuition holds out a
fixed 10% hash split of the SenticNet-labelled concepts, builds without their
affective features and predicts their polarity sign and primary Hourglass label
from AffectiveSpace, against majority-class baselines, by source, for several k,
with and without block normalisation, and with full vectors instead of the
commonsense-only fold-in.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import devsets  # noqa: E402

from knowledge.affectnet import HELD_OUT, IN_CONCEPTNET  # noqa: E402
from knowledge.build import BuildConfig, compute, load_sources  # noqa: E402
from sentic.cache import cache_home  # noqa: E402
from sentic.hourglass import LABELS, LEVEL_LABELS, DIMENSIONS, level_label  # noqa: E402


def measure_build(home: Path) -> dict[str, float]:
    """Build into ``home`` in a child process; wall time and the child's peak RSS."""
    sources = cache_home() / "sources"
    env = devsets.child_env(SENTIC_HOME=str(home))
    (home / "sources").mkdir(parents=True, exist_ok=True)
    for f in sources.glob("*"):  # reuse downloaded archives: measure the build, not the network
        target = home / "sources" / f.name
        if not target.exists():
            os.symlink(f, target)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sentic.cli", "kb", "build", "--force", "--quiet"], env=env, check=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    kb = home / "kb" / "default"
    size = sum(p.stat().st_size for p in kb.iterdir())
    loads = []
    for _ in range(3):
        code = "import time; t=time.perf_counter(); from sentic.knowledge_base import KnowledgeBase; KnowledgeBase.load(build=False); print(time.perf_counter()-t)"
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
        loads.append(float(out.stdout.strip().splitlines()[-1]))
    return {"build_wall_s": round(wall, 1), "build_peak_rss_mb": round(peak, 0),
            "artifact_mb": round(size / 2**20, 1), "load_s_median_of_3": round(sorted(loads)[1], 3)}


def primary_label(values: np.ndarray) -> int:
    """Label of the strongest dimension of a predicted Hourglass vector (-1 if flat)."""
    d = int(np.argmax(np.abs(values)))
    label = level_label(DIMENSIONS[d], float(values[d]))
    return LABELS.index(label) if label else -1


def evaluate(result) -> dict[str, float]:
    net = result.affectnet
    held = np.flatnonzero((result.flags & HELD_OUT) > 0)
    truth = np.sign(net.senticnet_polarity[held])
    pred = np.sign(result.polarity[held])
    ok = pred == truth
    in_cn = (net.flags[held] & IN_CONCEPTNET) > 0
    majority_sign = 1.0 if (truth > 0).mean() >= 0.5 else -1.0
    true_label = net.primary_mood[held].astype(int)
    pred_label = np.array([primary_label(v) for v in result.hourglass[held]])
    has_label = true_label >= 0
    counts = np.bincount(true_label[has_label], minlength=len(LABELS))
    # The label's dimension alone (which of the four), a coarser question.
    dim_of = np.array([DIMENSIONS.index(next(d for d in DIMENSIONS if LABELS[i] in LEVEL_LABELS[d])) for i in range(len(LABELS))])
    pred_dim_ok = (pred_label[has_label] >= 0) & (dim_of[np.maximum(pred_label[has_label], 0)] == dim_of[true_label[has_label]])
    return {
        "held_out": int(len(held)),
        "sign_accuracy": round(float(ok.mean()), 4),
        "sign_majority_baseline": round(float((truth == majority_sign).mean()), 4),
        "sign_accuracy_in_conceptnet": round(float(ok[in_cn].mean()), 4) if in_cn.any() else None,
        "n_in_conceptnet": int(in_cn.sum()),
        "sign_accuracy_senticnet_only": round(float(ok[~in_cn].mean()), 4),
        "n_senticnet_only": int((~in_cn).sum()),
        "no_prediction": round(float((pred == 0).mean()), 4),
        "primary_label_accuracy": round(float((pred_label[has_label] == true_label[has_label]).mean()), 4),
        "primary_label_majority_baseline": round(float(counts.max() / counts.sum()), 4),
        "primary_dimension_accuracy": round(float(pred_dim_ok.mean()), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-build", action="store_true", help="skip the timed build and load measurements")
    parser.add_argument("--ks", default="25,50,100,200", help="dimensions to compare (default: %(default)s)")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()

    results: dict[str, object] = {}
    if not args.skip_build:
        with tempfile.TemporaryDirectory(prefix="sentic-bench-") as tmp:
            results["build"] = measure_build(Path(tmp))
        print("build:", json.dumps(results["build"]), flush=True)

    quiet = lambda message: None  # noqa: E731
    assertions, entries, vader, _ = load_sources(None, None, quiet)
    variants: list[tuple[str, BuildConfig]] = []
    for k in (int(x) for x in args.ks.split(",")):
        variants.append((f"k={k}", BuildConfig(n_components=k, holdout_fraction=0.1, embedding_map=False)))
    variants.append(("k=100, blocks not normalised", BuildConfig(holdout_fraction=0.1, normalise_blocks=False, embedding_map=False)))
    variants.append(("k=100, full vectors for intuition", BuildConfig(holdout_fraction=0.1, intuition_features="full", embedding_map=False)))
    results["intuition"] = {}
    print(f"\n{'variant':38s} {'sign acc':>8s} {'majority':>8s} {'in CN':>7s} {'SN-only':>7s} {'label':>6s} {'lab maj':>7s} {'dim':>6s} {'time s':>7s}")
    for name, config in variants:
        t0 = time.perf_counter()
        res = compute(assertions, entries, vader, config, quiet)
        metrics = evaluate(res)
        metrics["compute_s"] = round(time.perf_counter() - t0, 1)
        results["intuition"][name] = metrics  # type: ignore[index]
        print(f"{name:38s} {metrics['sign_accuracy']:8.3f} {metrics['sign_majority_baseline']:8.3f} "
              f"{metrics['sign_accuracy_in_conceptnet']:7.3f} {metrics['sign_accuracy_senticnet_only']:7.3f} "
              f"{metrics['primary_label_accuracy']:6.3f} {metrics['primary_label_majority_baseline']:7.3f} "
              f"{metrics['primary_dimension_accuracy']:6.3f} {metrics['compute_s']:7.1f}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

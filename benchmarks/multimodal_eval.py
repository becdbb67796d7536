"""Evaluate text-only, face-only and fused emotion recognition on text-plus-face data.

Input is a table of items, each with a text, a face (an image path, or 7 FER
probabilities from any model) and a gold label among Ekman's six emotions plus neutral
(``anger, disgust, fear, joy, sadness, surprise, neutral``; FER2013 names such as
``happy`` are accepted). Output is a table of accuracy, macro-F1 and per-class F1 for

* ``text``: the text engine alone (top Ekman score),
* ``face``: the expression recogniser alone,
* ``fusion-confidence``: :class:`sentic.fusion.ConfidenceFusion` (training-free),
* ``fusion-learned``: :class:`sentic.fusion.LearnedFusion`, fitted on a seeded,
  stratified train split and scored on the held-out split,

all scored on the same held-out split (training-free methods also on every item),
plus one confusion-matrix PNG per method in ``--out``.

Usage::

    # your own data: CSV or JSONL with columns text, image or face_probs, label
    python benchmarks/multimodal_eval.py --input pairs.jsonl --out results/
    # precomputed text readings (one JSON reading per line, table order) instead of the engine
    python benchmarks/multimodal_eval.py --input pairs.csv --text-readings text.jsonl
    # faces only, no text engine needed
    python benchmarks/multimodal_eval.py --input pairs.csv --no-text
    # the development protocol (see below)
    python benchmarks/multimodal_eval.py --protocol goemotions-fer [--data DIR]
    # ... with the expression network `sentic faces train` put in the cache
    python benchmarks/multimodal_eval.py --protocol goemotions-fer --face-weights trained

The ``goemotions-fer`` protocol is **label-paired, not a natural multimodal corpus**:
each single-label GoEmotions dev comment (Ekman grouping) is paired, with a seeded
random generator, with a FER2013 PublicTest face of the same class (faces are reused
only when a class has fewer faces than texts: disgust). Text and face are therefore
independent given the label, which is the most favourable case for fusion: on real
video or photos with captions the modalities are correlated and often disagree in
their own ways. Use it to check that fusion helps when both modalities carry signal,
not to claim multimodal accuracy.

The text side goes through the engine's public API only
(``Engine.load(mode=...).analyze_batch(texts)``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sentic.affect import EKMAN, AffectReading  # noqa: E402
from sentic.errors import InputError, SenticError  # noqa: E402
from sentic.faces.affect import face_reading  # noqa: E402
from sentic.fusion import ConfidenceFusion, LearnedFusion, as_reading, normalise_label  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devsets  # noqa: E402

METHODS: tuple[str, ...] = ("text", "face", "fusion-confidence", "fusion-learned")
#: Prediction when a modality has nothing to say (no text, no face found).
FALLBACK = "neutral"


def top_ekman(reading: AffectReading | None) -> str:
    """The Ekman class with the highest score, or :data:`FALLBACK` without a reading."""
    if reading is None:
        return FALLBACK
    return max(EKMAN, key=lambda e: reading.ekman[e])


# --------------------------------------------------------------------------- metrics and plots


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the gold classes present, per-class F1 and the confusion matrix."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    labels = [e for e in EKMAN if e in set(gold)]
    per_class = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "per_class_f1": {c: float(f) for c, f in zip(labels, per_class)},
        "labels": labels,
        "confusion": confusion_matrix(gold, pred, labels=list(EKMAN)).tolist(),
    }


def plot_confusion(result: dict[str, Any], title: str, path: Path) -> None:
    """Row-normalised confusion matrix (gold rows, predicted columns) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = np.asarray(result["confusion"], dtype=np.float64)
    rows = counts.sum(axis=1, keepdims=True)
    norm = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    image = ax.imshow(norm, cmap="Blues", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(len(EKMAN)), EKMAN, rotation=45, ha="right")
    ax.set_yticks(range(len(EKMAN)), EKMAN)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{title}\naccuracy {result['accuracy']:.3f}, macro-F1 {result['macro_f1']:.3f}, n={result['n']}")
    for i in range(len(EKMAN)):
        for j in range(len(EKMAN)):
            if counts[i, j]:
                ax.text(j, i, f"{norm[i, j]:.2f}", ha="center", va="center", fontsize=7, color="white" if norm[i, j] > 0.5 else "black")
    fig.colorbar(image, ax=ax, fraction=0.046)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def split_indices(gold: Sequence[str], test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Seeded train/test split, stratified by label when every class has two items or more."""
    from sklearn.model_selection import train_test_split

    index = np.arange(len(gold))
    counts = Counter(gold)
    stratify = list(gold) if min(counts.values()) >= 2 else None
    train, test = train_test_split(index, test_size=test_size, random_state=seed, stratify=stratify)
    return np.sort(train), np.sort(test)


def evaluate(
    gold: Sequence[str],
    text_readings: Sequence[AffectReading | None] | None,
    face_readings: Sequence[AffectReading | None],
    *,
    seed: int = 0,
    test_size: float = 0.5,
    out_dir: Path | None = None,
) -> dict[str, Any]:
    """Score every method and (with ``out_dir``) write one confusion-matrix PNG per method.

    ``text_readings`` may be ``None`` (faces only); individual readings may be ``None``
    (no text, or no face detected), in which case that modality predicts
    :data:`FALLBACK` and fusion uses the other one. Returns a JSON-able dict with
    ``test`` (all methods on the held-out split) and ``all`` (training-free methods on
    every item).
    """
    gold = [normalise_label(g) for g in gold]
    n = len(gold)
    if len(face_readings) != n or (text_readings is not None and len(text_readings) != n):
        raise InputError("gold labels, text readings and face readings must have the same length")
    texts = list(text_readings) if text_readings is not None else [None] * n
    faces = list(face_readings)

    fuser = ConfidenceFusion()
    predictions: dict[str, list[str]] = {"face": [top_ekman(f) for f in faces]}
    if text_readings is not None:
        predictions["text"] = [top_ekman(t) for t in texts]
        predictions["fusion-confidence"] = [
            fuser.fuse(t, f).top_ekman if (t is not None or f is not None) else FALLBACK for t, f in zip(texts, faces)
        ]

    train, test = split_indices(gold, test_size, seed)
    usable = {i for i in range(n) if texts[i] is not None or faces[i] is not None}
    usable_train = [i for i in train if i in usable]
    learned_pred: dict[int, str] = {}
    if text_readings is not None and len({gold[i] for i in usable_train}) >= 2:
        model = LearnedFusion().fit([texts[i] for i in usable_train], [faces[i] for i in usable_train], [gold[i] for i in usable_train])
        usable_test = [i for i in test if i in usable]
        for i, label in zip(usable_test, model.predict([texts[i] for i in usable_test], [faces[i] for i in usable_test])):
            learned_pred[int(i)] = label
        predictions["fusion-learned"] = [learned_pred.get(i, FALLBACK) for i in range(n)]

    results: dict[str, Any] = {
        "n": n,
        "seed": seed,
        "test_size": test_size,
        "n_train": int(len(train)),
        "n_test": int(len(test)),
        "gold_counts": {e: gold.count(e) for e in EKMAN if e in gold},
        "coverage": {
            "text": (sum(t is not None for t in texts) / n if n else 0.0) if text_readings is not None else None,
            "face": sum(f is not None for f in faces) / n if n else 0.0,
        },
        "test": {},
        "all": {},
    }
    if text_readings is not None:
        conflicts = [fuser.fuse(t, f).conflict for t, f in zip(texts, faces) if t is not None and f is not None]
        results["conflict_rate"] = float(np.mean(conflicts)) if conflicts else 0.0
    gold_test = [gold[i] for i in test]
    for method in METHODS:
        if method not in predictions:
            continue
        pred = predictions[method]
        results["test"][method] = score(gold_test, [pred[i] for i in test])
        if method != "fusion-learned":
            results["all"][method] = score(gold, pred)
        if out_dir is not None:
            plot_confusion(results["test"][method], f"{method} (held-out split)", Path(out_dir) / f"confusion_{method}.png")
    return results


def format_table(results: dict[str, Any]) -> str:
    """The results as a plain-text table (held-out split, then all items)."""
    lines = []
    for part, title in (("test", f"held-out split (n={results['n_test']}, seed {results['seed']})"), ("all", f"all items (n={results['n']}, training-free methods)")):
        block = results[part]
        if not block:
            continue
        labels = next(iter(block.values()))["labels"]
        lines.append(title)
        lines.append(f"{'method':20s}{'acc':>7s}{'macroF1':>9s}  " + " ".join(f"{c[:7]:>7s}" for c in labels))
        for method, r in block.items():
            f1 = " ".join(f"{r['per_class_f1'][c]:7.3f}" for c in labels)
            lines.append(f"{method:20s}{r['accuracy']:7.3f}{r['macro_f1']:9.3f}  {f1}")
        lines.append("")
    cov = results["coverage"]
    text_cov = "n/a" if cov["text"] is None else f"{cov['text']:.3f}"
    lines.append(f"coverage: text {text_cov}, face {cov['face']:.3f}" + (f"; polarity conflicts {results['conflict_rate']:.3f}" if "conflict_rate" in results else ""))
    return "\n".join(lines)


# --------------------------------------------------------------------------- inputs


def read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a ``.csv`` (header row) or ``.jsonl`` table."""
    if not path.is_file():
        raise InputError(f"input table {path} not found")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        rows = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{number}: not JSON: {exc}") from exc
        return rows
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_text_readings(path: Path, n: int) -> list[AffectReading | None]:
    """One JSON reading per line (``null`` for none), in table order."""
    readings: list[AffectReading | None] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON: {exc}") from exc
            readings.append(None if data is None else as_reading(data, "text"))
    if len(readings) != n:
        raise InputError(f"{path} has {len(readings)} readings for {n} items")
    return readings


def engine_readings(texts: Sequence[str | None], mode: str) -> list[AffectReading | None]:
    """Text readings from the engine's public API (``Engine.load(mode).analyze_batch``)."""
    from sentic import Engine

    engine = Engine.load(mode=mode)
    index = [i for i, t in enumerate(texts) if t]
    analyses = engine.analyze_batch([texts[i] for i in index])
    out: list[AffectReading | None] = [None] * len(texts)
    for i, analysis in zip(index, analyses):
        out[i] = as_reading(analysis, "text")
    return out


def table_faces(rows: Sequence[dict[str, Any]], base: Path, weights: str | None = None) -> list[AffectReading | None]:
    """Face readings of table rows: ``face_probs`` when given, else the largest face in ``image``."""
    recognizer = None
    out: list[AffectReading | None] = []
    for number, row in enumerate(rows, 1):
        probs = row.get("face_probs")
        image = row.get("image")
        if probs not in (None, ""):
            if isinstance(probs, str):
                try:
                    probs = json.loads(probs)
                except json.JSONDecodeError as exc:
                    raise InputError(f"row {number}: face_probs is not a JSON list: {exc}") from exc
            out.append(face_reading(probs))
        elif image:
            if recognizer is None:
                from sentic.faces import ExpressionRecognizer

                recognizer = ExpressionRecognizer(weights=weights)
            path = Path(image)
            faces = recognizer.analyze(path if path.is_absolute() else base / path, largest_only=True)
            out.append(faces[0].reading() if faces else None)
        else:
            raise InputError(f"row {number} has neither face_probs nor image")
    return out


def goemotions_fer_pairs(data_dir: Path, seed: int, max_per_class: int | None = None) -> tuple[list[str], list[str], np.ndarray, list[dict[str, Any]]]:
    """The label-paired development protocol: ``(texts, labels, face images, pairing records)``."""
    goemotions = data_dir / "goemotions"
    fer_path = data_dir / "fer2013" / "validation.npz"
    names = (goemotions / "labels.txt").read_text(encoding="utf-8").split()
    by_class: dict[str, list[tuple[str, str]]] = {e: [] for e in EKMAN}
    with open(goemotions / "dev.tsv", encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or "," in parts[1]:
                continue  # keep single-label comments only
            by_class[normalise_label(names[int(parts[1])])].append((parts[0], parts[2]))
    with np.load(fer_path, allow_pickle=False) as npz:
        images, face_labels = npz["images"], npz["labels"]
        face_names = [normalise_label(n) for n in npz["label_names"]]
    rng = np.random.default_rng(seed)
    texts, labels, face_index, records = [], [], [], []
    for emotion in EKMAN:
        items = by_class[emotion]
        order = rng.permutation(len(items))
        if max_per_class is not None:
            order = order[:max_per_class]
        pool = np.flatnonzero(face_labels == face_names.index(emotion))
        if len(pool) == 0 or len(order) == 0:
            continue
        # Cycle through fresh permutations of the class's faces: reuse only when they run out.
        reps = int(np.ceil(len(order) / len(pool)))
        faces = np.concatenate([rng.permutation(pool) for _ in range(reps)])[: len(order)]
        for k, face in zip(order, faces):
            text, comment_id = items[k]
            texts.append(text)
            labels.append(emotion)
            face_index.append(int(face))
            records.append({"comment_id": comment_id, "fer_index": int(face), "label": emotion})
    return texts, labels, images[np.array(face_index, dtype=np.int64)], records


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", type=Path, help="CSV/JSONL table: text, image or face_probs, label")
    source.add_argument("--protocol", choices=["goemotions-fer"], help="the label-paired development protocol")
    parser.add_argument("--data", type=Path, default=None, help="development datasets (protocol only; default $SENTIC_DATA or ../shared/datasets)")
    parser.add_argument("--text-readings", type=Path, default=None, help="JSONL of precomputed text readings, table order")
    parser.add_argument("--dump-text-readings", type=Path, default=None, help="write the engine's text readings here for reuse")
    parser.add_argument("--no-text", action="store_true", help="evaluate faces only (no engine needed)")
    parser.add_argument("--mode", default="fast", help="Engine.load mode for the text side (default fast)")
    parser.add_argument("--face-weights", default=None,
                        help="expression network for images: 'trained' (sentic faces train) or a weights file (default: bundled)")
    parser.add_argument("--max-per-class", type=int, default=None, help="protocol: at most N texts per class")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--test-size", type=float, default=0.5, help="held-out fraction for learned fusion (default 0.5)")
    parser.add_argument("--out", type=Path, default=Path("multimodal_eval_out"), help="folder for confusion-matrix PNGs")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = parser.parse_args(argv)

    try:
        if args.protocol:
            data_dir = devsets.data_dir(args.data)
            needed = [data_dir / "goemotions" / "dev.tsv", data_dir / "fer2013" / "validation.npz"]
            if not all(p.is_file() for p in needed):
                print(f"skipped: development data not found under {data_dir} (pass --data DIR or set SENTIC_DATA)")
                return 0
            texts, gold, images, records = goemotions_fer_pairs(data_dir, args.seed, args.max_per_class)
            from sentic.faces import ExpressionRecognizer

            proba = ExpressionRecognizer(weights=args.face_weights).predict_proba(images)
            faces = [face_reading(p) for p in proba]
            args.out.mkdir(parents=True, exist_ok=True)
            with open(args.out / "pairs.jsonl", "w", encoding="utf-8") as handle:
                for record in records:
                    handle.write(json.dumps(record) + "\n")
        else:
            rows = read_table(args.input)
            if not rows:
                raise InputError(f"{args.input} has no rows")
            texts = [row.get("text") or None for row in rows]
            gold = [normalise_label(row.get("label", "")) for row in rows]
            faces = table_faces(rows, args.input.parent, args.face_weights)

        text_readings: list[AffectReading | None] | None
        if args.no_text:
            text_readings = None
        elif args.text_readings:
            text_readings = read_text_readings(args.text_readings, len(gold))
        else:
            try:
                text_readings = engine_readings(texts, args.mode)
            except ImportError as exc:
                print(
                    f"error: the text engine is not available ({exc}); pass --text-readings FILE or --no-text",
                    file=sys.stderr,
                )
                return 2
            if args.dump_text_readings:
                with open(args.dump_text_readings, "w", encoding="utf-8") as handle:
                    for reading in text_readings:
                        handle.write(json.dumps(reading.to_dict() if reading is not None else None) + "\n")

        results = evaluate(gold, text_readings, faces, seed=args.seed, test_size=args.test_size, out_dir=args.out)
    except SenticError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.protocol:
        results["protocol"] = "goemotions-fer (label-paired: GoEmotions dev single-label texts x FER2013 PublicTest faces)"
    print(format_table(results))
    print(f"confusion matrices in {args.out}/")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Loaders for the development sets in ``../shared/datasets`` (never shipped with the project).

The folder comes from ``--data`` or ``$SENTIC_DATA``; every loader returns ``None``
when its files are absent so benchmarks can skip cleanly on a user's machine.
``write_batch_input`` turns texts into the JSON lines ``sentic batch`` reads.
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a benchmark's child process: this checkout's ``sentic`` first on the path.

    A child started from another folder would otherwise import whatever ``sentic`` is
    installed, so a benchmark run from a second checkout (an A/B against an older
    commit) would time the installed code in its children.
    """
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return env


def data_dir(arg: str | None = None) -> Path:
    return Path(arg or os.environ.get("SENTIC_DATA") or REPO.parent / "shared" / "datasets")


def _lines(path: Path) -> list[str] | None:
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def vader_tweets(root: Path) -> tuple[list[str], list[float]] | None:
    """VADER tweets with |mean rating| >= 0.5; gold = mean rating (-4..4)."""
    lines = _lines(root / "vader" / "tweets_GroundTruth.txt")
    if lines is None:
        return None
    texts, gold = [], []
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 3 and abs(float(parts[1])) >= 0.5:
            texts.append(parts[2].strip())
            gold.append(float(parts[1]))
    return texts, gold


def best_us(fn, per: int, repeat: int = 7, collect: bool = True) -> float:
    """Microseconds per item of the fastest of ``repeat`` calls of ``fn`` over ``per`` items.

    ``collect=False`` holds the garbage collector off during the calls.
    """
    best = float("inf")
    for _ in range(repeat):
        if not collect:
            gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best / per * 1e6


def timing_texts(data: str | None, n: int | None = None) -> list[str] | None:
    """VADER's tweets as the texts a speed benchmark runs on; None, said in a line, when absent."""
    got = vader_tweets(data_dir(data))
    if not got:
        print("VADER tweets not found: nothing to run")
        return None
    return got[0][:n] if n else got[0]


def sst_binary(root: Path, split: str = "train") -> tuple[list[str], list[float]] | None:
    """SST-5 sentences without the neutral class; gold = label - 2."""
    lines = _lines(root / "sst" / f"sst5_{split}_sentences.tsv")
    if lines is None:
        return None
    texts, gold = [], []
    for line in lines[1:]:
        label, _, sentence = line.partition("\t")
        if label.strip() in "0134" and label.strip():
            texts.append(sentence.strip())
            gold.append(float(label) - 2.0)
    return texts, gold


def tweeteval_sentiment(root: Path) -> tuple[list[str], list[float]] | None:
    """TweetEval sentiment validation without the neutral class; gold = -1 / +1."""
    base = root / "tweeteval" / "sentiment"
    texts, labels = _lines(base / "val_text.txt"), _lines(base / "val_labels.txt")
    if texts is None or labels is None:
        return None
    out_t, out_g = [], []
    for t, l in zip(texts, labels):
        if l.strip() in ("0", "2"):
            out_t.append(t.strip())
            out_g.append(-1.0 if l.strip() == "0" else 1.0)
    return out_t, out_g


def tweeteval_emotion(root: Path, split: str = "val") -> tuple[list[str], list[str]] | None:
    """TweetEval emotion tweets with their label names (anger, joy, optimism, sadness)."""
    base = root / "tweeteval" / "emotion"
    texts, labels = _lines(base / f"{split}_text.txt"), _lines(base / f"{split}_labels.txt")
    names = _lines(base / "mapping.txt")
    if texts is None or labels is None or names is None:
        return None
    by_id = dict(line.split("\t")[:2] for line in names if "\t" in line)
    return ([t.strip() for t, l in zip(texts, labels) if l.strip()],
            [by_id[l.strip()].strip() for l in labels if l.strip()])


def semeval_headlines(root: Path) -> tuple[list[str], list[float], dict[str, list[float]]] | None:
    """SemEval-2007 trial headlines: texts, valence (-100..100), emotion scores by name."""
    base = root / "semeval2007" / "AffectiveText.trial"
    xml = base / "affectivetext_trial.xml"
    if not xml.is_file():
        return None
    import html

    heads = {
        m.group(1): html.unescape(m.group(2)).strip()
        for m in re.finditer(r'<instance id="(\d+)">(.*?)</instance>', xml.read_text(encoding="utf-8", errors="replace"))
    }
    valence = {l.split()[0]: float(l.split()[1]) for l in _lines(base / "affectivetext_trial.valence.gold") or [] if l.strip()}
    emotions: dict[str, list[float]] = {e: [] for e in ("anger", "disgust", "fear", "joy", "sadness", "surprise")}
    emo_rows = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in _lines(base / "affectivetext_trial.emotions.gold") or [] if l.strip()}
    ids = sorted(heads, key=int)
    texts = [heads[i] for i in ids]
    val = [valence.get(i, 0.0) for i in ids]
    for i in ids:
        for e, v in zip(emotions, emo_rows.get(i, [0.0] * 6)):
            emotions[e].append(v)
    return texts, val, emotions


def goemotions_single(root: Path, split: str = "dev") -> tuple[list[str], list[str]] | None:
    """GoEmotions (Ekman grouping) items with exactly one label."""
    lines = _lines(root / "goemotions" / f"{split}.tsv")
    names = _lines(root / "goemotions" / "labels.txt")
    if lines is None or names is None:
        return None
    texts, gold = [], []
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 2 and "," not in parts[1] and parts[1].strip():
            texts.append(parts[0])
            gold.append(names[int(parts[1])].strip())
    return texts, gold


def dair_emotion(root: Path, split: str = "val") -> tuple[list[str], list[str]] | None:
    """dair-ai emotion: ``text;label`` lines (sadness, joy, love, anger, fear, surprise)."""
    lines = _lines(root / "dair_emotion" / f"{split}.txt")
    if lines is None:
        return None
    texts, gold = [], []
    for line in lines:
        text, _, label = line.rpartition(";")
        if text and label.strip() != "label_name":
            texts.append(text)
            gold.append(label.strip())
    return texts, gold


def write_batch_input(path: Path, texts: list[str], copies: int = 1) -> int:
    """Write ``copies`` copies of ``texts`` as ``sentic batch`` input; returns the line count."""
    with path.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"{k}-{i}", "text": text}) + "\n")
    return copies * len(texts)

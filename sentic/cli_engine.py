"""``sentic analyze`` and ``sentic batch``: the text engine from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

from .errors import InputError

_COLOURS = {"positive": "\033[32m", "negative": "\033[31m", "neutral": "\033[33m"}
_RESET = "\033[0m"


def _engine(args: argparse.Namespace) -> Any:
    from .engine import Engine

    say = None if getattr(args, "quiet", False) else (lambda m: print(f"sentic: {m}", file=sys.stderr, flush=True))
    return Engine.load(args.mode, home=args.home, progress=say)


def _use_colour(stream: IO[str]) -> bool:
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def _cmd_analyze(args: argparse.Namespace) -> int:
    text = args.text if args.text is not None else sys.stdin.read()
    engine = _engine(args)
    analysis = engine.analyze(text)
    if args.json:
        print(json.dumps(analysis.to_dict(explain=args.explain), ensure_ascii=False, indent=2))
        return 0
    label = analysis.label
    if _use_colour(sys.stdout):
        label = f"{_COLOURS[label]}{label}{_RESET}"
    print(f"polarity   {analysis.polarity:+.3f} ({label})")
    print("hourglass  " + "  ".join(f"{d} {v:+.2f}" for d, v in analysis.hourglass.items()))
    print(f"emotions   {', '.join(analysis.emotions) or '-'}")
    top = sorted(analysis.ekman.items(), key=lambda kv: -kv[1])[:3]
    print("ekman      " + "  ".join(f"{e} {v:.2f}" for e, v in top))
    if analysis.concepts:
        print("concepts   " + ", ".join(f"{c.concept} ({c.polarity:+.2f})" for c in analysis.concepts))
    if args.explain:
        print()
        print(analysis.explain())
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .batch_run import ChunkAnalyzer, WorkerPool, read_chunks, run_batch

    path = Path(args.input)
    if not path.is_file():
        raise InputError(f"{path} is not a file")

    def report_bad(lineno: int, why: str) -> None:
        print(f"sentic: line {lineno}: {why}; skipped", file=sys.stderr)

    # opened first: a bad output path fails before anything loads
    try:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    except OSError as exc:
        raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    try:
        if args.workers > 1:
            from .knowledge_base import KnowledgeBase

            # built (and verified) here, once: the workers only load it
            say = None if args.quiet else (lambda m: print(f"sentic: {m}", file=sys.stderr, flush=True))
            KnowledgeBase.load(args.home, build=True, progress=say)
            analyzer: Any = WorkerPool(args.workers, args.mode, args.home, explain=args.explain)
        else:
            analyzer = ChunkAnalyzer(_engine(args), explain=args.explain)
        with open(path, "rb") as stream, tqdm(
            total=path.stat().st_size, unit="B", unit_scale=True, desc="analysing", file=sys.stderr,
            disable=args.quiet or not sys.stderr.isatty(),
        ) as bar, (analyzer if isinstance(analyzer, WorkerPool) else nullcontext()):
            report = run_batch(read_chunks(stream, args.batch_size), analyzer, out.write, report_bad,
                               lambda at: bar.update(at - bar.n))
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    print(f"sentic: {report.analysed} analysed, {report.skipped} skipped", file=sys.stderr)
    return 0 if report.analysed or not report.skipped else 1


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {number}")
    return number


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``analyze`` and ``batch``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mode", choices=("fast", "accurate"), default="accurate", help="parser mode (default: accurate)")
    common.add_argument("--home", help="cache directory (default: $SENTIC_HOME or the user cache dir)")
    common.add_argument("--explain", action="store_true", help="include the explanation trace")
    common.add_argument("--quiet", "-q", action="store_true", help="no progress output")

    a = sub.add_parser("analyze", parents=[common], help="analyse one text (reads stdin when TEXT is omitted)")
    a.add_argument("text", nargs="?", help="the text to analyse")
    a.add_argument("--json", action="store_true", help="print the analysis as JSON")
    a.set_defaults(func=_cmd_analyze)

    b = sub.add_parser("batch", parents=[common], help='analyse a JSONL file of {"id", "text"} records')
    b.add_argument("input", help="input JSONL file")
    b.add_argument("--output", "-o", help="output JSONL file (default: stdout)")
    b.add_argument("--batch-size", type=_positive, default=256, help="texts per engine call (default: 256)")
    b.add_argument("--workers", "-j", type=_positive, default=1,
                   help="processes, each with its own engine (and its own memory: about 1 GB in fast "
                        "mode, 1.2 GB in accurate); output stays in input order (default: 1)")
    b.set_defaults(func=_cmd_batch)

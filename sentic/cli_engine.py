"""``sentic analyze`` and ``sentic batch``: the text engine from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, Any, Iterator

from .errors import InputError
from .heap import freeze_heap

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


def _read_jsonl(stream: IO[bytes]) -> Iterator[tuple[int, Any, str | None, str | None]]:
    """Yield ``(line number, id, text, error)``; a bad line yields an error, not an exception."""
    for lineno, raw in enumerate(stream, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, None, None, f"invalid UTF-8 at byte {exc.start}"
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, None, f"invalid JSON: {exc.msg}"
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield lineno, None, None, 'expected an object with a "text" string'
            continue
        yield lineno, record.get("id", lineno), record["text"], None


def _cmd_batch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    path = Path(args.input)
    if not path.is_file():
        raise InputError(f"{path} is not a file")
    engine = _engine(args)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    errors = done = 0
    chunk: list[tuple[int, Any, str]] = []

    def flush() -> None:
        nonlocal done, errors
        if not chunk:
            return
        # Validate one by one so a single bad text cannot sink its neighbours.
        good = []
        for lineno, rid, text in chunk:
            try:
                engine.validate_text(text)
                good.append((lineno, rid, text))
            except InputError as exc:
                errors += 1
                print(f"sentic: line {lineno}: {exc}; skipped", file=sys.stderr)
        loaded = engine.loaded_parts()
        results = engine.analyze_batch([t for _, _, t in good]) if good else []
        if engine.loaded_parts() != loaded:
            # this run owns its process: keep the collector off what the engine just loaded
            freeze_heap()
        for (lineno, rid, _), analysis in zip(good, results):
            record = {"id": rid, **analysis.to_dict(explain=args.explain)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        done += len(good)
        chunk.clear()

    try:
        with open(path, "rb") as stream:
            total = path.stat().st_size
            with tqdm(total=total, unit="B", unit_scale=True, disable=args.quiet or not sys.stderr.isatty(),
                      desc="analysing", file=sys.stderr) as bar:
                for lineno, rid, text, error in _read_jsonl(stream):
                    bar.update(stream.tell() - bar.n)  # redrawn at most every 0.1 s
                    if error:
                        errors += 1
                        print(f"sentic: line {lineno}: {error}; skipped", file=sys.stderr)
                        continue
                    chunk.append((lineno, rid, text))  # type: ignore[arg-type]
                    if len(chunk) >= args.batch_size:
                        flush()
                flush()
    finally:
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
    print(f"sentic: {done} analysed, {errors} skipped", file=sys.stderr)
    return 0 if done or not errors else 1


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
    b.add_argument("--batch-size", type=int, default=256, help="texts per engine call (default: 256)")
    b.set_defaults(func=_cmd_batch)

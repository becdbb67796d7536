"""Command line: ``sentic kb build|info|verify``, ``sentic analyze``, ``sentic batch``, ``sentic serve``,
``sentic faces train``.

Errors a user can cause print one line on stderr and exit with status 2 (usage) or
1 (anything else); no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from .errors import SenticError


def _progress_printer(quiet: bool) -> Callable[[str], None]:
    start = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - start:6.1f}s] {message}", file=sys.stderr, flush=True)

    return say


def _parse_sources(pairs: Sequence[str] | None) -> dict[str, str]:
    from knowledge.sources import SOURCES

    out: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, path = pair.partition("=")
        if not sep or key not in SOURCES or not path:
            raise SenticError(f"--source expects KEY=PATH with KEY one of {', '.join(SOURCES)}; got {pair!r}")
        out[key] = path
    return out


def _cmd_kb_build(args: argparse.Namespace) -> int:
    from knowledge.build import BuildConfig, build_knowledge_base

    config = BuildConfig(n_components=args.dimensions, conceptnet5=args.conceptnet5)
    path = build_knowledge_base(
        config,
        home=Path(args.home) if args.home else None,
        name=args.name,
        local_sources=_parse_sources(args.source),
        force=args.force,
        progress=_progress_printer(args.quiet),
    )
    print(path)
    return 0


def _human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def _cmd_kb_info(args: argparse.Namespace) -> int:
    from .knowledge_base import KnowledgeBase

    kb = KnowledgeBase.load(args.home, args.name, build=False)
    info = kb.info()
    if args.json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return 0
    counts = info["counts"]
    print(f"knowledge base  {info['path']}")
    print(f"built           {info['created_at']} in {info['build_seconds']} s, format {info['format_version']}")
    print(f"size            {_human_bytes(info['size_bytes'])}, {info['n_components']} dimensions")
    for key in (
        "concepts", "conceptnet_concepts", "senticnet_concepts", "conceptnet_senticnet_overlap",
        "vader_words", "inferred_readings", "concepts_without_reading", "held_out", "graph_edges",
    ):
        if key in counts:
            print(f"  {key.replace('_', ' '):30s} {counts[key]:>10,}")
    print("sources:")
    for key, src in info["sources"].items():
        print(f"  {key:12s} {src.get('filename', '')}  sha256 {str(src.get('sha256', ''))[:12]}…")
        print(f"  {'':12s} licence: {src.get('licence', 'unknown')}")
    return 0


def _cmd_kb_verify(args: argparse.Namespace) -> int:
    from .knowledge_base import KnowledgeBase, kb_dir

    path = kb_dir(Path(args.home) if args.home else None, args.name)
    KnowledgeBase.verify(path, full=True)
    print(f"{path}: OK (every file matches its sha256)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .compiled import summary

    parser = argparse.ArgumentParser(prog="sentic", description="Affective commonsense reasoning (Sentic Activation).")
    parser.add_argument("--version", action="version", version=f"sentic {__version__}; {summary()}")
    sub = parser.add_subparsers(dest="command", required=True)

    kb = sub.add_parser("kb", help="build or inspect the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="cache directory (default: $SENTIC_HOME or the user cache dir)")
    common.add_argument("--name", default="default", help="knowledge base name (default: %(default)s)")

    b = kb_sub.add_parser("build", parents=[common], help="fetch the sources and build the knowledge base")
    b.add_argument("--force", action="store_true", help="rebuild even if a valid knowledge base exists")
    b.add_argument("--dimensions", "-k", type=int, default=100, help="AffectiveSpace dimensions (default: 100)")
    b.add_argument("--source", action="append", metavar="KEY=PATH",
                   help="use a local copy of a source archive (conceptnet4, senticnet9, vader); repeatable")
    b.add_argument("--conceptnet5", metavar="PATH", help="also read a ConceptNet 5 assertions CSV (optionally .gz)")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    b.set_defaults(func=_cmd_kb_build)

    i = kb_sub.add_parser("info", parents=[common], help="counts, sizes, sources and licences")
    i.add_argument("--json", action="store_true", help="machine-readable output")
    i.set_defaults(func=_cmd_kb_info)

    v = kb_sub.add_parser("verify", parents=[common], help="check every file against its sha256")
    v.set_defaults(func=_cmd_kb_verify)

    from . import cli_engine, cli_faces, cli_serve  # all import their heavy parts only when run

    cli_engine.register(sub)
    cli_faces.register(sub)
    cli_serve.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SenticError as exc:
        print(f"sentic: error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"sentic: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sentic: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away ("sentic batch big.jsonl | head"): stop quietly, as a
        # shell tool does, and keep the interpreter's final flush from raising again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by it


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

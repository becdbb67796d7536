"""``sentic serve``: the HTTP API under gunicorn, started from Python.

Why gunicorn with ``preload_app``: the application (and so the engine, the
memory-mapped knowledge base and the per-concept tables computed at warm-up) is
created once in the master process, before the workers fork. The workers then share
those pages copy-on-write instead of each loading its own copy, and a configuration
or knowledge-base problem stops the server at start instead of failing every worker.
Workers are ``gthread`` by default: each serves several connections with a thread
pool sharing the worker's engine (the engine is thread-safe), keeps connections alive
and is not held up by one slow client. ``--worker-class sync`` serves one request at a
time per worker; every request then waits in the listening socket's queue for the
next free worker, which spreads a load of many clients evenly (with keep-alive, a
gthread worker keeps the connections it happened to accept, and an uneven split
shows in the tail latency). Sync workers need a buffering reverse proxy in front: a
client that connects and sends slowly holds a sync worker until ``--timeout``.

Anything that needs torch (the sentence-embedding fallback, the face network) is
loaded inside each worker after the fork, never in the master, because libraries with
thread pools are not fork-safe.

``register(subparsers)`` adds the subcommand to the ``sentic`` command line;
``python -m sentic.cli_serve ...`` runs it alone.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any, Callable, Sequence

from .compute_threads import limit_compute_threads, usable_cpus
from .errors import SenticError
from .heap import freeze_heap

log = logging.getLogger("api")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_THREADS = 4
WORKER_CLASSES = ("gthread", "sync")
DEFAULT_WORKER_CLASS = "gthread"
DEFAULT_TIMEOUT = 60
DEFAULT_GRACEFUL_TIMEOUT = 30
DEFAULT_KEEPALIVE = 5


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"port must be at most 65535, got {value}")
    return value


def bind_address(host: str, port: int) -> str:
    """gunicorn's ``bind`` string; IPv6 literals get their brackets."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def default_workers() -> int:
    """One worker per CPU the process may use: the analyses are CPU-bound."""
    return usable_cpus()


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> argparse.ArgumentParser:
    """Add ``serve`` to the ``sentic`` command line; returns its parser."""
    p = subparsers.add_parser(
        "serve",
        help="serve the HTTP API (gunicorn)",
        description="Serve the HTTP API with gunicorn. Settings not given here are read from "
        "SENTIC_API_* environment variables (see api.config).",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default: %(default)s)")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="worker processes (default: one per CPU)")
    p.add_argument("--worker-class", choices=WORKER_CLASSES, default=DEFAULT_WORKER_CLASS,
                   help="gunicorn worker type (default: %(default)s; see the module docstring)")
    p.add_argument("--threads", type=_positive_int, default=DEFAULT_THREADS,
                   help="threads per gthread worker (default: %(default)s)")
    p.add_argument("--mode", choices=("accurate", "fast"), default=None,
                   help="engine mode (default: $SENTIC_API_MODE or accurate)")
    p.add_argument("--home", default=None, help="knowledge-base cache directory (default: $SENTIC_HOME)")
    p.add_argument("--face-weights", default=None,
                   help="expression network: 'trained' (sentic faces train) or a weights file "
                        "(default: $SENTIC_API_FACE_WEIGHTS or the bundled fer network)")
    p.add_argument("--timeout", type=_positive_int, default=DEFAULT_TIMEOUT,
                   help="seconds a request may run before its worker is restarted (default: %(default)s)")
    p.add_argument("--graceful-timeout", type=_positive_int, default=DEFAULT_GRACEFUL_TIMEOUT,
                   help="seconds to finish in-flight requests on shutdown (default: %(default)s)")
    p.add_argument("--keepalive", type=_positive_int, default=DEFAULT_KEEPALIVE,
                   help="seconds an idle keep-alive connection stays open (default: %(default)s)")
    p.add_argument("--max-requests", type=int, default=0,
                   help="restart a worker after this many requests, 0 for never (default: %(default)s)")
    p.add_argument("--api-keys-file", default=None, help="require an API key: file with one key per line")
    p.add_argument("--rate-limit", default=None,
                   help='per-client limit such as "600/minute"; "off" disables (default: $SENTIC_API_RATE_LIMIT or 600/minute)')
    p.add_argument("--cors-origin", action="append", default=None, metavar="ORIGIN",
                   help="allow browser calls from this origin ('*' for any); repeatable")
    p.add_argument("--log-level", default=None, choices=("debug", "info", "warning", "error"),
                   help="log level (default: info)")
    p.add_argument("--no-access-log", action="store_true", help="do not log one line per request")
    p.add_argument("--compute-threads", type=_positive_int, default=1,
                   help="threads each worker's numerical libraries (BLAS, OpenMP, torch) may use; with one "
                   "worker per CPU, 1 avoids oversubscription (default: %(default)s)")
    p.add_argument("--no-warmup", action="store_true",
                   help="do not analyse a sentence at start (first requests will be slower)")
    p.set_defaults(func=run_serve)
    return p


def api_config_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The :func:`api.create_app` config given on the command line (the rest comes from the environment)."""
    config: dict[str, Any] = {}
    if args.mode:
        config["MODE"] = args.mode
    if args.home:
        config["HOME"] = args.home
    if args.face_weights:
        config["FACE_WEIGHTS"] = args.face_weights
    if args.api_keys_file:
        config["API_KEYS_FILE"] = args.api_keys_file
    if args.rate_limit is not None:
        config["RATE_LIMIT"] = args.rate_limit
    if args.cors_origin:
        config["CORS_ORIGINS"] = args.cors_origin
    if args.log_level:
        config["LOG_LEVEL"] = args.log_level.upper()
    if args.no_access_log:
        config["ACCESS_LOG"] = False
    return config


def warm_up_master(app: Any) -> None:
    """Compute what every worker needs (spaCy, the concept tables) once, before the fork."""
    from api.runtime import EXTENSION_KEY

    engine = app.extensions[EXTENSION_KEY].engine
    engine.analyze("I love this wonderful day, but the traffic was awful.")


def _post_fork_hook(threads: int) -> Callable[[Any, Any], None]:
    """gunicorn ``post_fork`` hook (runs in each new worker) that limits its compute threads."""

    def post_fork(server: Any, worker: Any) -> None:
        limit_compute_threads(threads)

    return post_fork


def _post_worker_init_hook(threads: int, warm_up: bool) -> Callable[[Any], None]:
    """gunicorn ``post_worker_init`` hook: warm the worker up, then (re)apply the thread limit."""

    def post_worker_init(worker: Any) -> None:
        if warm_up:
            warm_up_worker(worker)
        limit_compute_threads(threads)  # again: warming up may have loaded torch
        freeze_heap()  # what the warm-up loaded (torch, the sentence model) is long-lived too

    return post_worker_init


def warm_up_worker(worker: Any) -> None:
    """gunicorn ``post_worker_init`` hook: load the torch-based parts inside the worker.

    The sentence-embedding fallback serves texts without any known concept. Loading it
    here, after the fork, keeps torch's thread pools out of the master and spares the
    first such request a load of several seconds. A failure is logged, not fatal: the
    requests that need the fallback will then report their own error.
    """
    from api.runtime import EXTENSION_KEY

    engine = worker.wsgi.extensions[EXTENSION_KEY].engine
    if not getattr(engine, "use_embeddings", False):
        return
    try:
        engine.fallback  # noqa: B018 - the property loads the model
    except (ImportError, OSError, SenticError) as exc:
        log.warning("worker %s: the embedding fallback could not be loaded: %s: %s",
                    os.getpid(), type(exc).__name__, exc)


def _server_class() -> type:
    from gunicorn.app.base import BaseApplication

    class SenticServer(BaseApplication):
        """gunicorn application that builds the Flask app with :func:`api.create_app`."""

        def __init__(self, factory: Callable[[], Any], options: dict[str, Any]) -> None:
            self._factory = factory
            self._options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self._options.items():
                self.cfg.set(key, value)
            # gunicorn >= 25 opens a control socket at one fixed path per user; two
            # servers (tests, benchmarks) would fight over it, and nothing here uses it.
            if "control_socket_disable" in self.cfg.settings:
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return self._factory()

    return SenticServer


def gunicorn_options(args: argparse.Namespace) -> dict[str, Any]:
    """The gunicorn settings for ``args``."""
    options: dict[str, Any] = {
        "bind": [bind_address(args.host, args.port)],
        "workers": args.workers or default_workers(),
        "worker_class": args.worker_class,
        "threads": args.threads if args.worker_class == "gthread" else 1,
        "timeout": args.timeout,
        "graceful_timeout": args.graceful_timeout,
        "keepalive": args.keepalive,
        "preload_app": True,
        "accesslog": None,  # the API writes its own JSON access log
        "errorlog": "-",
        "loglevel": (args.log_level or "info"),
        "proc_name": "sentic-api",
        "max_requests": max(0, args.max_requests),
        "max_requests_jitter": max(0, args.max_requests // 10),
        # Headers and request lines are small in this API; keep gunicorn's limits tight.
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
    }
    options["post_fork"] = _post_fork_hook(args.compute_threads)
    options["post_worker_init"] = _post_worker_init_hook(args.compute_threads, not args.no_warmup)
    return options


def run_serve(args: argparse.Namespace) -> int:
    """Build the application, then run gunicorn in the foreground; returns its exit status.

    The application is created here, in the process that becomes gunicorn's master,
    before gunicorn starts: that is what ``preload_app`` would do, and doing it first
    lets a bad setting or a missing knowledge base end the command with a one-line
    error instead of a gunicorn traceback.
    """
    from api import create_app

    if args.home:
        # every cache (knowledge base, expression networks) under the one directory given
        os.environ["SENTIC_HOME"] = args.home
    limit_compute_threads(args.compute_threads)
    app = create_app(api_config_from_args(args))
    if not args.no_warmup:
        warm_up_master(app)
    freeze_heap()
    server = _server_class()(lambda: app, gunicorn_options(args))
    try:
        server.run()
    except SystemExit as exc:  # gunicorn's arbiter leaves through sys.exit
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sentic.cli_serve``: the ``serve`` command on its own."""
    from .cli import main as cli_main

    return cli_main(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

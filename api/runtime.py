"""The engine a worker process serves with, and its readiness.

One :class:`sentic.Engine` per process, loaded once when the application is created
(under gunicorn with ``preload_app`` that is in the master, before the workers fork,
so every worker shares the memory-mapped knowledge base) and shared by all request
threads: the engine is thread-safe and immutable after loading.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import current_app

from .config import ApiConfig
from .errors import ApiError

log = logging.getLogger("api")

EXTENSION_KEY = "sentic_runtime"
CONFIG_KEY = "sentic_api_config"

#: Fields of ``KnowledgeBase.info()`` that readiness reports (no file-system paths).
_PUBLIC_KB_FIELDS = ("format_version", "created_at", "n_components", "counts")


class EngineRuntime:
    """Holds the engine and answers "is it ready?" for ``/readyz``."""

    def __init__(self, engine: Any, load_seconds: float | None = None) -> None:
        self.engine = engine
        self.load_seconds = load_seconds
        self.mode = str(getattr(engine, "mode", "unknown"))

    @classmethod
    def load(cls, config: ApiConfig) -> "EngineRuntime":
        """Load the engine (and its knowledge base, built on first use) for ``config``."""
        from sentic import Engine

        start = time.perf_counter()
        engine = Engine.load(mode=config.MODE, home=config.HOME, face_weights=config.FACE_WEIGHTS)
        if config.FACE_WEIGHTS is not None:
            # Read and check the weights now, so a missing or damaged file fails at
            # start-up. Only the arrays: the network itself is built on first use, in
            # the worker, as torch's thread pools must not start before gunicorn forks.
            from sentic.faces.network import load_state_dict

            load_state_dict(config.FACE_WEIGHTS)
        seconds = time.perf_counter() - start
        log.info("engine loaded", extra={"fields": {"mode": config.MODE, "seconds": round(seconds, 3)}})
        return cls(engine, seconds)

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        """``(ready, report)``: ready when the engine and its knowledge base answer."""
        kb = getattr(self.engine, "kb", None)
        if kb is None:
            return False, {"reason": "the engine has no knowledge base loaded"}
        try:
            info = kb.info()
        except Exception as exc:  # any failure here means "not ready", and is logged as such
            log.error("readiness check failed: %s: %s", type(exc).__name__, exc)
            return False, {"reason": "the knowledge base does not answer"}
        report: dict[str, Any] = {"status": "ready", "mode": self.mode}
        report["knowledge_base"] = {key: info[key] for key in _PUBLIC_KB_FIELDS if key in info}
        if self.load_seconds is not None:
            report["engine_load_seconds"] = round(self.load_seconds, 3)
        return True, report


def current_engine() -> Any:
    """The engine of the current application; 503 if there is none."""
    runtime: EngineRuntime | None = current_app.extensions.get(EXTENSION_KEY)
    if runtime is None:
        raise ApiError(503, "not_ready", "the engine is not loaded")
    return runtime.engine


def current_runtime() -> EngineRuntime | None:
    """The :class:`EngineRuntime` of the current application, if any."""
    return current_app.extensions.get(EXTENSION_KEY)


def current_config() -> ApiConfig:
    """The :class:`ApiConfig` of the current application."""
    return current_app.extensions[CONFIG_KEY]

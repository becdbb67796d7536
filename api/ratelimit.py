"""Per-client rate limiting with Flask-Limiter (in-memory storage).

A client is its valid API key when it sends one, otherwise its IP address (so
inventing keys does not buy a fresh allowance). One limit covers all endpoints
together; the probes and the OpenAPI document are exempt, as are CORS preflights.
The in-memory counters are per worker process: with N workers a client may get up
to N times the limit, which is the price of needing no shared store.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter

from .auth import PUBLIC_ENDPOINTS, KeyChecker, authenticated_key_id
from .config import ApiConfig


def init_rate_limit(app: Flask, config: ApiConfig, checker: KeyChecker) -> Limiter | None:
    """Attach a :class:`Limiter` to ``app``; ``None`` when ``RATE_LIMIT`` is empty (disabled)."""
    if not config.RATE_LIMIT:
        return None

    def client_key() -> str:
        key_id = authenticated_key_id(checker) if checker.enabled else None
        return f"key:{key_id}" if key_id else f"ip:{request.remote_addr or 'unknown'}"

    limiter = Limiter(
        key_func=client_key,
        application_limits=[config.RATE_LIMIT],
        storage_uri="memory://",
        headers_enabled=True,
        strategy="fixed-window",
        key_prefix="sentic-api",
    )
    limiter.init_app(app)

    @limiter.request_filter
    def _exempt() -> bool:
        return request.method == "OPTIONS" or request.endpoint in PUBLIC_ENDPOINTS

    return limiter


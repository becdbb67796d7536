"""Optional API-key authentication.

When keys are configured, every endpoint except the probes and the OpenAPI document
needs one, in ``X-API-Key: KEY`` or ``Authorization: Bearer KEY``. A missing key gets
401, a wrong one 403. Keys are compared as SHA-256 digests with
:func:`hmac.compare_digest`, against every configured key, so the time taken says
neither how much of a key matched nor which key it was.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Iterable

from flask import Flask, g, request

from .errors import ApiError

API_KEY_HEADER = "X-API-Key"

#: Endpoints reachable without a key: liveness, readiness and the API description.
PUBLIC_ENDPOINTS = frozenset({"health.healthz", "health.readyz", "openapi.document"})


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()


class KeyChecker:
    """Checks presented keys against the configured ones (held only as digests)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._digests = tuple(_digest(k) for k in keys)

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def matches(self, presented: str) -> bool:
        """True if ``presented`` is one of the keys (constant time in the key content)."""
        candidate = _digest(presented)
        found = False
        for digest in self._digests:
            found |= hmac.compare_digest(candidate, digest)
        return found

    def key_id(self, presented: str) -> str:
        """A short, non-reversible identifier of a key, for rate limiting and logs."""
        return _digest(presented).hex()[:16]


def presented_key() -> str | None:
    """The key the client sent, from ``X-API-Key`` or ``Authorization: Bearer``; ``None`` if none."""
    key = request.headers.get(API_KEY_HEADER)
    if key:
        return key.strip()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def authenticated_key_id(checker: KeyChecker) -> str | None:
    """The id of the request's key if it is valid (cached on ``g`` for the request)."""
    if "api_key_id" not in g:
        key = presented_key()
        g.api_key_id = checker.key_id(key) if key is not None and checker.enabled and checker.matches(key) else None
    return g.api_key_id


def init_auth(app: Flask, checker: KeyChecker) -> None:
    """Require a valid key on every non-public endpoint when keys are configured."""
    if not checker.enabled:
        return

    @app.before_request
    def _require_key() -> None:
        if request.method == "OPTIONS" or request.routing_exception is not None:
            return  # CORS preflight, or an unknown route/method: answered as such
        if request.endpoint in PUBLIC_ENDPOINTS:
            return
        if presented_key() is None:
            raise ApiError(
                401, "unauthorized",
                f"an API key is required: send it in the {API_KEY_HEADER} header or as Authorization: Bearer",
                headers={"WWW-Authenticate": 'Bearer realm="sentic"'},
            )
        if authenticated_key_id(checker) is None:
            raise ApiError(403, "forbidden", "the API key is not valid")

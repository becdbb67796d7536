"""Cross-origin resource sharing, off unless origins are configured.

With ``CORS_ORIGINS`` set, responses to an allowed ``Origin`` carry the CORS headers
and preflight (``OPTIONS``) requests are answered; ``"*"`` allows any origin. No
credentials (cookies) are involved: browsers send the API key as a header.
"""

from __future__ import annotations

from flask import Flask, Response, request

from .config import ApiConfig

ALLOWED_HEADERS = "Content-Type, X-API-Key, Authorization, X-Request-ID"
EXPOSED_HEADERS = "X-Request-ID, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
PREFLIGHT_MAX_AGE = "600"


def init_cors(app: Flask, config: ApiConfig) -> None:
    """Add CORS headers for the configured origins (nothing when none are configured)."""
    origins = frozenset(config.CORS_ORIGINS)
    if not origins:
        return
    any_origin = "*" in origins

    @app.after_request
    def _add_cors_headers(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origin or not (any_origin or origin in origins):
            return response
        response.headers["Access-Control-Allow-Origin"] = "*" if any_origin else origin
        if not any_origin:
            response.vary.add("Origin")
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response

"""Every error the API returns, as JSON ``{"error": {"code": ..., "message": ...}}``.

Client mistakes get the matching 4xx: 400 malformed JSON or invalid UTF-8, 401/403
authentication, 404 unknown route or concept, 405 wrong method, 413 too large, 415
wrong content type, 422 a well-formed request the API cannot accept, 429 rate limit.
503 says the engine is not ready. 500 is kept for genuine faults: the traceback goes
to the log with the request id, never into the response body.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Mapping, Sequence

from flask import Flask, Response, g
from werkzeug.exceptions import HTTPException

from sentic.errors import InputError, KnowledgeBaseError

log = logging.getLogger("api")

#: Machine-readable code for each HTTP status the API uses.
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    411: "length_required",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
    503: "not_ready",
}

#: Headers of a werkzeug exception worth keeping on the JSON error (Allow on 405, ...).
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ApiError(Exception):
    """An error with its HTTP status, stable ``code`` and human-readable ``message``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
        details: Sequence[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.details = list(details or ())


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    details: Sequence[str] | None = None,
) -> Response:
    """The JSON error response; carries the request id when there is one.

    ``details`` lists individual problems (one per invalid field) when there are several.
    """
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = list(details)
    request_id = g.get("request_id") if g else None
    if request_id:
        error["request_id"] = request_id
    body = json.dumps({"error": error}, ensure_ascii=False)
    response = Response(body, status=status, mimetype="application/json")
    if headers:
        response.headers.update(headers)
    return response


def _from_api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.headers, exc.details)


def _from_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    code = STATUS_CODES.get(status, "http_error")
    message = exc.description or exc.name
    if status == 429:
        message = f"rate limit exceeded ({exc.description}); retry later"
    elif status == 413:
        message = "the request body is too large"
    elif status == 404:
        message = "no such endpoint; see GET /openapi.json"
    if status >= 500:
        log.error("HTTP %s raised inside the application: %s", status, exc)
    kept = {}
    for name, value in exc.get_headers():
        if name in _KEPT_HEADERS:
            kept[name] = value
    return error_response(status, code, message, kept)


def _from_input_error(exc: InputError) -> Response:
    return error_response(422, "invalid_input", str(exc))


def _from_kb_error(exc: KnowledgeBaseError) -> Response:
    log.error("knowledge base error: %s", exc)
    return error_response(503, "not_ready", "the knowledge base is not available")


def _from_unexpected(exc: Exception) -> Response:
    log.exception("unhandled error: %s: %s", type(exc).__name__, exc)
    return error_response(500, "internal_error", "internal server error; the request id identifies it in the server log")


def register_error_handlers(app: Flask) -> None:
    """Install the JSON error handlers on ``app`` (most specific type wins)."""
    app.register_error_handler(ApiError, _from_api_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(InputError, _from_input_error)
    app.register_error_handler(KnowledgeBaseError, _from_kb_error)
    app.register_error_handler(Exception, _from_unexpected)

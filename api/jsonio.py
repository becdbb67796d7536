"""Strict JSON in and out.

Requests: the body must be declared as JSON, be UTF-8 and be standard JSON (no
``NaN``/``Infinity``, no absurd nesting or number sizes); anything else is refused
with a 4xx :class:`~api.errors.ApiError` before a handler sees it. Responses: encoded
with ``allow_nan=False`` so the API never emits JSON that strict parsers reject (a
non-finite number from the engine becomes a logged 500, not a silently broken body).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from flask import Response, request

from .errors import ApiError

JSON_MIMETYPE = "application/json"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def is_json_mimetype(mimetype: str) -> bool:
    """True for ``application/json`` and ``application/*+json``."""
    return mimetype == JSON_MIMETYPE or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def require_json_content_type() -> None:
    """Refuse (415) a request whose body is not declared as JSON in UTF-8."""
    mimetype = request.mimetype
    if not is_json_mimetype(mimetype):
        declared = request.content_type or "none"
        raise ApiError(415, "unsupported_media_type", f"expected Content-Type application/json, got {declared}")
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.lower().replace("-", "") not in ("utf8",):
        raise ApiError(415, "unsupported_media_type", f"JSON must be UTF-8, got charset={charset}")


def decode_json_bytes(raw: bytes) -> Any:
    """Parse a request body as strict UTF-8 JSON; raise a 400 :class:`ApiError` otherwise."""
    if not raw:
        raise ApiError(400, "invalid_json", "the request body is empty; send a JSON object")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_utf8", f"the request body is not valid UTF-8 (byte {exc.start})") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json", f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ApiError(400, "invalid_json", "malformed JSON: nested too deeply") from exc
    except ValueError as exc:  # NaN/Infinity, or an integer literal with too many digits
        raise ApiError(400, "invalid_json", f"malformed JSON: {exc}") from exc


def json_body() -> Any:
    """The current request's body as JSON, after the content-type and encoding checks."""
    require_json_content_type()
    return decode_json_bytes(request.get_data(cache=False))


def json_response(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A response carrying ``payload`` as strict JSON."""
    body = json.dumps(payload, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, status=status, mimetype=JSON_MIMETYPE)
    if headers:
        response.headers.update(headers)
    return response

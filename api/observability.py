"""Request ids and structured (JSON lines) logging.

Every request gets an id: the client's ``X-Request-ID`` when it is a sane token, a
fresh one otherwise. It is echoed in the ``X-Request-ID`` response header, put into
error bodies and into every log line written while the request is handled, so a
client's report can be matched to the server log. One access-log line per request
records method, path, status, duration and client.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, g, has_request_context, request

from .config import ApiConfig

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

#: Loggers written as JSON lines: the API's own and its access log.
API_LOGGER = "api"
ACCESS_LOGGER = "api.access"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields.

    Extra fields are passed as ``logger.info(msg, extra={"fields": {...}})``.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is None and has_request_context():
            request_id = g.get("request_id")
        if request_id:
            entry["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(config: ApiConfig) -> None:
    """Send the API's loggers to stderr as JSON lines at the configured level.

    Idempotent: calling it again (another app in the same process, as tests do)
    adjusts the level instead of adding a second handler.
    """
    logger = logging.getLogger(API_LOGGER)
    logger.setLevel(config.LOG_LEVEL)
    logger.propagate = False
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)


def _request_id_from_client() -> str:
    supplied = request.headers.get(REQUEST_ID_HEADER, "")
    if supplied and _VALID_REQUEST_ID.match(supplied):
        return supplied
    return uuid.uuid4().hex


def init_request_tracking(app: Flask, config: ApiConfig) -> None:
    """Assign request ids, echo them, and write the access log."""
    access_log = logging.getLogger(ACCESS_LOGGER)

    @app.before_request
    def _start_request() -> None:
        g.request_id = _request_id_from_client()
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is None:  # the request failed before our before_request ran
            request_id = g.request_id = _request_id_from_client()
        response.headers[REQUEST_ID_HEADER] = request_id
        if config.ACCESS_LOG:
            started = g.get("request_started")
            duration_ms = (time.perf_counter() - started) * 1000.0 if started is not None else None
            access_log.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"fields": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(duration_ms, 3) if duration_ms is not None else None,
                    "client": request.remote_addr,
                    "request_bytes": request.content_length,
                    "response_bytes": response.calculate_content_length(),
                }},
            )
        return response

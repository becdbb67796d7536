"""Probes: ``/healthz`` (the process answers) and ``/readyz`` (it can serve analyses).

Liveness does no work at all, so a busy worker is not restarted for being busy.
Readiness asks the engine and its knowledge base; 503 until both answer.
"""

from __future__ import annotations

from flask import Blueprint, Response

from ..errors import error_response
from ..jsonio import json_response
from ..runtime import current_runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """200 while the process can answer requests."""
    return json_response({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    """200 with a short report when the engine and knowledge base are loaded, else a 503 error."""
    runtime = current_runtime()
    if runtime is None:
        return error_response(503, "not_ready", "the engine is not loaded")
    ready, report = runtime.readiness()
    if not ready:
        return error_response(503, "not_ready", str(report.get("reason", "the engine is not ready")))
    return json_response(report)

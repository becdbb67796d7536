"""``/v1/concepts/<name>``: a concept's reading and its neighbourhood.

Returns the concept's affective reading, its nearest neighbours in AffectiveSpace
(the unconscious level) and its neighbours in the concept graph (the conscious
level). An unknown concept is a 404, like any missing resource.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..errors import ApiError
from ..jsonio import json_response
from ..runtime import current_config, current_engine

bp = Blueprint("concepts", __name__, url_prefix="/v1/concepts")

DEFAULT_NEIGHBOURS = 10
MAX_NAME_CHARS = 200


def _neighbour_count() -> int:
    """The ``n`` query parameter: how many AffectiveSpace neighbours to return."""
    raw = request.args.get("n")
    if raw is None:
        return DEFAULT_NEIGHBOURS
    limit = current_config().MAX_NEIGHBOURS
    try:
        n = int(raw)
    except ValueError as exc:
        raise ApiError(422, "validation_error", f"n: expected an integer, got {raw!r}") from exc
    if not 1 <= n <= limit:
        raise ApiError(422, "validation_error", f"n: must be between 1 and {limit}, got {n}")
    return n


@bp.get("/<name>")
def concept(name: str) -> Response:
    """Reading, AffectiveSpace neighbours and graph neighbours of one concept."""
    n = _neighbour_count()
    if not name.strip() or len(name) > MAX_NAME_CHARS:
        raise ApiError(404, "unknown_concept", "no such concept")
    try:
        result = current_engine().concept(name, n_neighbors=n)
    except KeyError as exc:
        raise ApiError(404, "unknown_concept", f"unknown concept {name!r}") from exc
    return json_response(result)

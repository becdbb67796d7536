"""``/v1/analyze``: one text, a batch of texts, or a text with a face (multimodal).

Each handler validates its input at the edge (content type, encoding, schema,
limits), hands plain Python values to the engine and returns the engine's own
``to_dict()`` as JSON. Input the schema lets through but the engine still refuses
(its :class:`~sentic.errors.InputError`) becomes a 422.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from .. import schemas
from ..errors import ApiError
from ..jsonio import is_json_mimetype, json_body, json_response
from ..runtime import current_config, current_engine
from ..uploads import read_image

bp = Blueprint("analyze", __name__, url_prefix="/v1")

MULTIPART = "multipart/form-data"


@bp.post("/analyze")
def analyze() -> Response:
    """Analyse one text: polarity, Hourglass, emotions, Ekman, concepts (and a trace on request)."""
    body = schemas.validate(json_body(), schemas.analyze_request(current_config()))
    analysis = current_engine().analyze(body["text"])
    return json_response(analysis.to_dict(explain=bool(body.get("explain", False))))


@bp.post("/analyze/batch")
def analyze_batch() -> Response:
    """Analyse many texts in one call; results in input order."""
    body = schemas.validate(json_body(), schemas.batch_request(current_config()))
    texts: list[str] = body["texts"]
    explain = bool(body.get("explain", False))
    analyses = current_engine().analyze_batch(texts) if texts else []
    return json_response({"results": [a.to_dict(explain=explain) for a in analyses]})


@bp.post("/analyze/multimodal")
def analyze_multimodal() -> Response:
    """Fuse a text reading with a face reading (a photo upload or FER probabilities)."""
    if request.mimetype == MULTIPART:
        inputs = _multimodal_form()
    elif is_json_mimetype(request.mimetype):
        body = schemas.validate(json_body(), schemas.multimodal_json_request(current_config()))
        inputs = {"text": body.get("text"), "face_probs": body.get("face_probs")}
    else:
        declared = request.content_type or "none"
        raise ApiError(
            415, "unsupported_media_type",
            f"expected Content-Type application/json or multipart/form-data, got {declared}",
        )
    result = current_engine().analyze_multimodal(**inputs)
    return json_response(result.to_dict())


def _multimodal_form() -> dict[str, Any]:
    """Validate a multipart body (``text`` field, ``image`` file) and return engine arguments.

    The text field is decoded as UTF-8 by the form parser, which replaces invalid bytes
    with U+FFFD rather than refusing them (unlike JSON bodies, which must be valid UTF-8).
    """
    config = current_config()
    if not request.mimetype_params.get("boundary"):
        raise ApiError(400, "bad_request", "multipart/form-data without a boundary parameter")
    form, files = request.form, request.files
    if "text" in files:
        raise ApiError(422, "validation_error", "text: send it as a plain form field, not as a file")
    if "image" in form:
        raise ApiError(422, "validation_error", "image: send it as a file part (with a filename), not as a plain field")
    unknown = sorted((set(form) - {"text"}) | (set(files) - {"image"}))
    if unknown:
        raise ApiError(
            422, "validation_error",
            f"body: unknown field(s) {', '.join(map(repr, unknown))}; allowed: text (field), image (file)",
        )
    for name, multi in (("text", form), ("image", files)):
        if len(multi.getlist(name)) > 1:
            raise ApiError(422, "validation_error", f"{name}: send it once, got {len(multi.getlist(name))}")
    text = form.get("text")
    upload = files.get("image")
    if text is None and upload is None:
        raise ApiError(422, "validation_error", "body: needs at least one of 'text' or 'image'")
    if text is not None:
        schemas.validate({"text": text}, {"type": "object", "properties": {"text": schemas.text_schema(config)}})
    image = read_image(upload, config.MAX_IMAGE_BYTES, config.IMAGE_TYPES) if upload is not None else None
    return {"text": text, "image": image}

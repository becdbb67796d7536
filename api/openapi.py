"""The OpenAPI 3.0 description of the API, served at ``GET /openapi.json``.

Built from the running configuration: the request schemas are the very dicts the
validator enforces (:mod:`api.schemas`), the limits are the configured ones, and the
security section appears only when API keys are configured. Response schemas say
which fields are always present and their ranges; extra fields the engine may add
are allowed, so clients should ignore keys they do not know.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from . import schemas
from .config import ApiConfig
from .jsonio import json_response
from .runtime import current_config

bp = Blueprint("openapi", __name__)

OPENAPI_VERSION = "3.0.3"
DIMENSIONS = ("introspection", "temper", "attitude", "sensitivity")
EKMAN = ("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral")
LABELS = ("positive", "negative", "neutral")

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _number(lo: float | None = None, hi: float | None = None, description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "number"}
    if lo is not None:
        out["minimum"] = lo
    if hi is not None:
        out["maximum"] = hi
    if description:
        out["description"] = description
    return out


def _object(properties: dict[str, Any], required: list[str] | None = None, description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = required
    if description:
        out["description"] = description
    return out


def _component_schemas(config: ApiConfig) -> dict[str, Any]:
    """Response (and shared) schemas."""
    hourglass = _object(
        {d: _number(-1, 1) for d in DIMENSIONS}, list(DIMENSIONS),
        "The four Hourglass of Emotions dimensions, each in [-1, 1].",
    )
    ekman = _object({e: _number(0, 1) for e in EKMAN}, list(EKMAN), "Ekman's six basic emotions plus neutral, each in [0, 1].")
    concept_reading = _object(
        {
            "concept": {"type": "string"},
            "polarity": _number(-1, 1),
            "hourglass": _ref("Hourglass"),
            "levels": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Which reasoning level(s) produced the reading: U (AffectiveSpace), "
                "C (spreading activation), E (sentence-embedding fallback).",
            },
            "confidence": _number(0, 1),
            "negated": {"type": "boolean", "description": "Inside a negation scope."},
            "intensity": {"type": "number", "description": "Product of the intensifiers and downtoners on it (1 = none)."},
            "felt": {"type": "boolean", "description": "Named by a feeling verb (\"I feel betrayed\"); it weighs more."},
            "shifted": {"type": "boolean", "description": "A verb lowering an amount acts on it (\"eased my headache\"); "
                        "its affect is reversed."},
            "part_of": {
                "type": "string",
                "nullable": True,
                "description": "The multi-word concept this word was read out of, because the knowledge base has "
                "no rating of the whole (\"great program\" is read through great and program); null otherwise.",
            },
        },
        ["concept", "polarity", "hourglass"],
        "A concept found in the text, with its own reading.",
    )
    analysis = _object(
        {
            "polarity": _number(-1, 1),
            "label": {"type": "string", "enum": list(LABELS)},
            "hourglass": _ref("Hourglass"),
            "emotions": {
                "type": "array", "items": {"type": "string"}, "description": "Hourglass labels present, strongest first.",
            },
            "ekman": _ref("Ekman"),
            "concepts": {"type": "array", "items": _ref("ConceptReading")},
            "explanation": {"type": "string", "description": "Human-readable trace; only when explain is true."},
            "emotion_evidence": {
                "type": "object",
                "description": "Only when explain is true: for each of the (at most two) leading Ekman emotions, "
                "neutral aside, the concepts closest to it, most contributing first; closeness in [0, 1].",
                "additionalProperties": {
                    "type": "array",
                    "items": _object({"concept": {"type": "string"}, "closeness": _number(0, 1)},
                                     ["concept", "closeness"]),
                },
            },
        },
        ["polarity", "label", "hourglass", "emotions", "ekman", "concepts"],
        "The affective reading of one text.",
    )
    modality = _object(
        {
            "polarity": _number(-1, 1),
            "label": {"type": "string", "enum": list(LABELS)},
            "hourglass": _ref("Hourglass"),
            "ekman": _ref("Ekman"),
            "confidence": _number(0, 1),
        },
        ["polarity", "hourglass", "ekman"],
        "One modality's own reading.",
    )
    modality["nullable"] = True
    multimodal = _object(
        {
            "polarity": _number(-1, 1),
            "label": {"type": "string", "enum": list(LABELS)},
            "hourglass": _ref("Hourglass"),
            "emotions": {"type": "array", "items": {"type": "string"}},
            "ekman": _ref("Ekman"),
            "conflict": {"type": "boolean", "description": "True when text and face disagree in polarity."},
            "text": _ref("ModalityReading"),
            "face": _ref("ModalityReading"),
        },
        ["polarity", "label", "hourglass", "emotions", "ekman", "conflict", "text", "face"],
        "The fused reading, plus the text and face readings that went into it (null when absent).",
    )
    concept = _object(
        {
            "concept": {"type": "string"},
            "reading": {"type": "object", "description": "The concept's affective reading."},
            "neighbours": {
                "type": "array",
                "items": _object({"concept": {"type": "string"}, "similarity": _number(-1, 1)}, ["concept", "similarity"]),
                "description": "Nearest concepts in AffectiveSpace, most similar first.",
            },
            "graph_neighbours": {
                "type": "array",
                "items": _object(
                    {"concept": {"type": "string"}, "relation": {"type": "string"}, "weight": {"type": "number"}},
                    ["concept", "relation", "weight"],
                ),
                "description": "Neighbours in the concept graph (ConceptNet relations).",
            },
        },
        ["concept", "reading", "neighbours", "graph_neighbours"],
    )
    error = _object(
        {
            "error": _object(
                {
                    "code": {"type": "string", "description": "Stable machine-readable code, e.g. validation_error."},
                    "message": {"type": "string", "description": "What went wrong, for humans."},
                    "details": {"type": "array", "items": {"type": "string"}, "description": "One entry per invalid field."},
                    "request_id": {"type": "string", "description": "Matches the X-Request-ID header and the server log."},
                },
                ["code", "message"],
            )
        },
        ["error"],
        "Every error response has this shape.",
    )
    return {
        "Hourglass": hourglass,
        "Ekman": ekman,
        "ConceptReading": concept_reading,
        "Analysis": analysis,
        "BatchResult": _object({"results": {"type": "array", "items": _ref("Analysis")}}, ["results"]),
        "ModalityReading": modality,
        "MultimodalAnalysis": multimodal,
        "Concept": concept,
        "Health": _object({"status": {"type": "string", "enum": ["ok"]}}, ["status"]),
        "Ready": _object(
            {"status": {"type": "string", "enum": ["ready"]}, "mode": {"type": "string"},
             "knowledge_base": {"type": "object"}, "engine_load_seconds": {"type": "number"}},
            ["status", "mode"],
        ),
        "Error": error,
        "AnalyzeRequest": schemas.analyze_request(config),
        "BatchRequest": schemas.batch_request(config),
        "MultimodalJsonRequest": schemas.multimodal_json_request(config),
        "MultimodalFormRequest": schemas.multimodal_form_request(config),
    }


_ERROR_DESCRIPTIONS = {
    "400": "Malformed request: invalid JSON, invalid UTF-8, or a malformed multipart body.",
    "401": "An API key is required and none was sent.",
    "403": "The API key is not valid.",
    "404": "Unknown route, or unknown concept.",
    "405": "Method not allowed on this route.",
    "413": "Request body (or uploaded image) too large.",
    "415": "Unsupported Content-Type, or an upload that is not an accepted image.",
    "422": "Well-formed but invalid: schema violation, limits exceeded, or input the engine cannot analyse.",
    "429": "Rate limit exceeded; see Retry-After.",
    "500": "Unexpected server fault (details in the server log, by request id).",
    "503": "The engine or knowledge base is not ready.",
}


def _error_responses(codes: list[str]) -> dict[str, Any]:
    return {code: {"$ref": f"#/components/responses/E{code}"} for code in codes}


def _json_of(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(name)}}


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}},
        "content": {"application/json": {"schema": _ref(schema)}},
    }


def build_openapi(config: ApiConfig) -> dict[str, Any]:
    """The OpenAPI document for an API running with ``config``."""
    secured = bool(config.API_KEYS)
    limited = bool(config.RATE_LIMIT)
    common = ["400", "404", "405", "413", "415", "422", "500", "503"]
    if secured:
        common += ["401", "403"]
    if limited:
        common += ["429"]
    common.sort()

    def post(summary: str, request_content: dict[str, Any], ok: dict[str, Any], op_id: str) -> dict[str, Any]:
        op: dict[str, Any] = {
            "summary": summary,
            "operationId": op_id,
            "requestBody": {"required": True, "content": request_content},
            "responses": {"200": ok, **_error_responses(common)},
        }
        if secured:
            op["security"] = [{"ApiKeyHeader": []}, {"BearerKey": []}]
        return op

    concept_op: dict[str, Any] = {
        "summary": "A concept's reading, AffectiveSpace neighbours and graph neighbours",
        "operationId": "getConcept",
        "parameters": [
            {"name": "name", "in": "path", "required": True,
             "schema": {"type": "string", "minLength": 1, "maxLength": 200},
             "description": "Concept name, lower case with words joined by '_' (e.g. buy_christmas_present)."},
            {"name": "n", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": config.MAX_NEIGHBOURS, "default": 10},
             "description": "How many AffectiveSpace neighbours to return."},
        ],
        "responses": {"200": _ok("Concept", "The concept."), **_error_responses(sorted(set(common) - {"413", "415"}))},
    }
    if secured:
        concept_op["security"] = [{"ApiKeyHeader": []}, {"BearerKey": []}]

    probe_errors = _error_responses(["404", "405", "500"])
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "sentic: affective commonsense reasoning API",
            "version": "1.0.0",
            "description": (
                "Polarity, Hourglass of Emotions, Ekman emotions and concept-level explanations of text, "
                "optionally fused with a facial expression. Every error is JSON "
                '{"error": {"code": ..., "message": ...}}. Limits: text up to '
                f"{config.MAX_TEXT_CHARS} characters, batches up to {config.MAX_BATCH} texts, bodies up to "
                f"{config.MAX_CONTENT_LENGTH} bytes, images up to {config.MAX_IMAGE_BYTES} bytes."
                + (f" Rate limit per client: {config.RATE_LIMIT}." if limited else "")
            ),
        },
        "paths": {
            "/v1/analyze": {"post": post(
                "Analyse one text", _json_of("AnalyzeRequest"), _ok("Analysis", "The analysis."), "analyze")},
            "/v1/analyze/batch": {"post": post(
                "Analyse a batch of texts", _json_of("BatchRequest"),
                _ok("BatchResult", "One analysis per text, in order."), "analyzeBatch")},
            "/v1/analyze/multimodal": {"post": post(
                "Fuse a text with a face (photo upload or FER probabilities)",
                {
                    "application/json": {"schema": _ref("MultimodalJsonRequest")},
                    "multipart/form-data": {
                        "schema": _ref("MultimodalFormRequest"),
                        "encoding": {"image": {"contentType": ", ".join(config.IMAGE_TYPES)}},
                    },
                },
                _ok("MultimodalAnalysis", "The fused reading with each modality's reading."), "analyzeMultimodal")},
            "/v1/concepts/{name}": {"get": concept_op},
            "/healthz": {"get": {
                "summary": "Liveness: the process answers", "operationId": "healthz",
                "responses": {"200": _ok("Health", "Alive."), **probe_errors}}},
            "/readyz": {"get": {
                "summary": "Readiness: engine and knowledge base loaded", "operationId": "readyz",
                "responses": {"200": _ok("Ready", "Ready to serve."), **_error_responses(["404", "405", "500", "503"])}}},
            "/openapi.json": {"get": {
                "summary": "This document", "operationId": "openapi",
                "responses": {"200": {"description": "The OpenAPI document.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              **probe_errors}}},
        },
        "components": {
            "schemas": _component_schemas(config),
            "headers": {
                "X-Request-ID": {"description": "The request id (the client's X-Request-ID if valid, else generated).",
                                 "schema": {"type": "string"}},
            },
            "responses": {
                f"E{code}": {
                    "description": text,
                    "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}},
                    "content": {"application/json": {"schema": _ref("Error")}},
                }
                for code, text in _ERROR_DESCRIPTIONS.items()
            },
        },
    }
    if secured:
        document["components"]["securitySchemes"] = {
            "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "BearerKey": {"type": "http", "scheme": "bearer"},
        }
    return document


@bp.get("/openapi.json")
def document() -> Response:
    """Serve the OpenAPI document for the running configuration."""
    return json_response(build_openapi(current_config()))

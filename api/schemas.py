"""Request schemas, and the validator that enforces them at the edge.

The request schemas are plain JSON Schema dicts built from the configured limits.
The same dicts go into the OpenAPI document (:mod:`api.openapi`), so what the
document promises and what the server accepts cannot drift apart. The validator
below implements the subset of JSON Schema these schemas use (``type``,
``properties``, ``required``, ``additionalProperties``, ``anyOf`` of ``required``,
string lengths and ``pattern``, array sizes and ``items``, numeric bounds, ``enum``)
and reports errors by JSON path, so a client learns exactly which field is wrong.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Mapping

from .config import ApiConfig
from .errors import ApiError

#: FER2013 class order of ``face_probs`` (the order of the engine's face model).
FER_CLASSES: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")

#: At most this many individual problems are listed in one error response.
MAX_REPORTED_ERRORS = 10

_JSON_TYPES: dict[str, str] = {
    "dict": "object", "list": "array", "str": "string", "int": "integer",
    "float": "number", "bool": "boolean", "NoneType": "null",
}


# --------------------------------------------------------------------------- schemas


def text_schema(config: ApiConfig) -> dict[str, Any]:
    """One text to analyse: 1 to ``MAX_TEXT_CHARS`` code points, not only whitespace."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": config.MAX_TEXT_CHARS,
        "pattern": r"\S",
        "description": f"Text to analyse: at most {config.MAX_TEXT_CHARS} characters, not empty or only whitespace.",
    }


def analyze_request(config: ApiConfig) -> dict[str, Any]:
    """Body of ``POST /v1/analyze``."""
    return {
        "type": "object",
        "properties": {
            "text": text_schema(config),
            "explain": {"type": "boolean", "default": False, "description": "Add a human-readable trace."},
        },
        "required": ["text"],
        "additionalProperties": False,
    }


def batch_request(config: ApiConfig) -> dict[str, Any]:
    """Body of ``POST /v1/analyze/batch``."""
    return {
        "type": "object",
        "properties": {
            "texts": {
                "type": "array",
                "items": text_schema(config),
                "maxItems": config.MAX_BATCH,
                "description": f"Texts to analyse, at most {config.MAX_BATCH}; results come back in the same order.",
            },
            "explain": {"type": "boolean", "default": False, "description": "Add a trace to every result."},
        },
        "required": ["texts"],
        "additionalProperties": False,
    }


def face_probs_schema() -> dict[str, Any]:
    """Seven expression probabilities in FER2013 order."""
    return {
        "type": "array",
        "items": {"type": "number", "minimum": 0, "maximum": 1},
        "minItems": 7,
        "maxItems": 7,
        "description": "Facial expression probabilities in FER2013 order: " + ", ".join(FER_CLASSES)
        + ". They should sum to 1 (small rounding is renormalised).",
    }


def multimodal_json_request(config: ApiConfig) -> dict[str, Any]:
    """JSON body of ``POST /v1/analyze/multimodal``: a text, face probabilities, or both."""
    return {
        "type": "object",
        "properties": {"text": text_schema(config), "face_probs": face_probs_schema()},
        "anyOf": [{"required": ["text"]}, {"required": ["face_probs"]}],
        "additionalProperties": False,
    }


def multimodal_form_request(config: ApiConfig) -> dict[str, Any]:
    """multipart/form-data body of ``POST /v1/analyze/multimodal``: a text, an image, or both."""
    return {
        "type": "object",
        "properties": {
            "text": text_schema(config),
            "image": {
                "type": "string",
                "format": "binary",
                "description": f"A photo with a face ({', '.join(config.IMAGE_TYPES)}), "
                f"at most {config.MAX_IMAGE_BYTES} bytes.",
            },
        },
        "additionalProperties": False,
    }


# --------------------------------------------------------------------------- validator


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _type_name(value: Any) -> str:
    return _JSON_TYPES.get(type(value).__name__, type(value).__name__)


def _is_type(value: Any, expected: str) -> bool:
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, list)
    if expected == "string":
        return isinstance(value, str)
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "null":
        return value is None
    raise ValueError(f"schema uses unsupported type {expected!r}")


def _where(path: str) -> str:
    return path or "body"


def _validate(value: Any, schema: Mapping[str, Any], path: str, errors: list[str]) -> None:
    if len(errors) >= MAX_REPORTED_ERRORS:
        return
    expected = schema.get("type")
    if expected is not None and not _is_type(value, expected):
        errors.append(f"{_where(path)}: expected {expected}, got {_type_name(value)}")
        return
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{_where(path)}: must be one of {schema['enum']}")
        return
    if isinstance(value, str):
        _validate_string(value, schema, path, errors)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        _validate_number(value, schema, path, errors)
    elif isinstance(value, list):
        _validate_array(value, schema, path, errors)
    elif isinstance(value, dict):
        _validate_object(value, schema, path, errors)


def _validate_string(value: str, schema: Mapping[str, Any], path: str, errors: list[str]) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        errors.append(f"{_where(path)}: contains an unpaired surrogate (not valid Unicode text)")
        return
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors.append(f"{_where(path)}: must not be empty" if schema["minLength"] == 1
                      else f"{_where(path)}: at least {schema['minLength']} characters required")
    elif "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{_where(path)}: too long ({len(value)} characters, at most {schema['maxLength']})")
    elif "pattern" in schema and not _compiled(schema["pattern"]).search(value):
        message = "must not be only whitespace" if schema["pattern"] == r"\S" else f"must match {schema['pattern']!r}"
        errors.append(f"{_where(path)}: {message}")


def _validate_number(value: float, schema: Mapping[str, Any], path: str, errors: list[str]) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        errors.append(f"{_where(path)}: must be a finite number")
    elif "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{_where(path)}: must be >= {schema['minimum']}, got {value}")
    elif "maximum" in schema and value > schema["maximum"]:
        errors.append(f"{_where(path)}: must be <= {schema['maximum']}, got {value}")


def _validate_array(value: list[Any], schema: Mapping[str, Any], path: str, errors: list[str]) -> None:
    # Sizes first: a 10,000-item batch is refused without looking at its items.
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errors.append(f"{_where(path)}: at most {schema['maxItems']} items allowed, got {len(value)}")
        return
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(f"{_where(path)}: at least {schema['minItems']} items required, got {len(value)}")
        return
    items = schema.get("items")
    if items is not None:
        for i, item in enumerate(value):
            _validate(item, items, f"{path}[{i}]", errors)
            if len(errors) >= MAX_REPORTED_ERRORS:
                return


def _validate_object(value: dict[str, Any], schema: Mapping[str, Any], path: str, errors: list[str]) -> None:
    properties: Mapping[str, Any] = schema.get("properties", {})
    prefix = f"{path}." if path else ""
    if schema.get("additionalProperties") is False:
        unknown = sorted(k for k in value if k not in properties)
        if unknown:
            errors.append(
                f"{_where(path)}: unknown field(s) {', '.join(map(repr, unknown))}; "
                f"allowed: {', '.join(properties) or 'none'}"
            )
    for name in schema.get("required", ()):
        if name not in value:
            errors.append(f"{prefix}{name}: required field is missing")
    alternatives = schema.get("anyOf")
    if alternatives and not any(all(k in value for k in alt.get("required", ())) for alt in alternatives):
        names = " or ".join(repr(k) for alt in alternatives for k in alt.get("required", ()))
        errors.append(f"{_where(path)}: needs at least one of {names}")
    for name, sub in properties.items():
        if name in value:
            _validate(value[name], sub, f"{prefix}{name}", errors)


def validation_errors(value: Any, schema: Mapping[str, Any]) -> list[str]:
    """Every problem of ``value`` against ``schema`` (at most :data:`MAX_REPORTED_ERRORS`)."""
    errors: list[str] = []
    _validate(value, schema, "", errors)
    return errors[:MAX_REPORTED_ERRORS]


def validate(value: Any, schema: Mapping[str, Any]) -> Any:
    """Return ``value`` if it satisfies ``schema``; otherwise raise a 422 :class:`ApiError`."""
    errors = validation_errors(value, schema)
    if errors:
        raise ApiError(422, "validation_error", "; ".join(errors), details=errors)
    return value

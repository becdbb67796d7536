"""The sentic HTTP API: a Flask application factory.

>>> from api import create_app                       # doctest: +SKIP
>>> app = create_app({"MODE": "fast", "API_KEYS": ["s3cret"]})   # doctest: +SKIP

Serve it with ``sentic serve`` (gunicorn, one engine per worker shared by its
threads, the knowledge base memory-mapped once for all workers), or with any WSGI
server: ``gunicorn 'api:create_app()'``. Settings: see :class:`api.config.ApiConfig`;
each can also be given as an environment variable ``SENTIC_API_<NAME>``.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .auth import KeyChecker, init_auth
from .config import ApiConfig, ConfigError, load_config
from .cors import init_cors
from .errors import register_error_handlers
from .observability import configure_logging, init_request_tracking
from .openapi import bp as openapi_bp
from .ratelimit import init_rate_limit
from .routes import register_blueprints
from .runtime import CONFIG_KEY, EXTENSION_KEY, EngineRuntime

__all__ = ["create_app", "ApiConfig", "ConfigError"]

#: Room for the JSON syntax and escapes around texts when sizing form fields.
_FORM_FIELD_OVERHEAD = 4


def create_app(config: Mapping[str, Any] | None = None, engine: Any = None) -> Flask:
    """Create the Flask application.

    ``config`` overrides the defaults and the ``SENTIC_API_*`` environment (keys of
    :class:`~api.config.ApiConfig`; other keys go to Flask's own config). ``engine``
    is an already loaded :class:`sentic.Engine` to serve with; without one, the engine
    is loaded here (mode ``MODE``, knowledge base from ``HOME``/``$SENTIC_HOME``), so
    the application is ready as soon as it exists.
    """
    settings = load_config(config)
    configure_logging(settings)

    app = Flask("api")
    app.config.update(settings.extra)
    app.config["MAX_CONTENT_LENGTH"] = settings.MAX_CONTENT_LENGTH
    # Non-file multipart fields (the text) must fit a maximal text in UTF-8.
    app.config["MAX_FORM_MEMORY_SIZE"] = settings.MAX_TEXT_CHARS * _FORM_FIELD_OVERHEAD + 1024
    if settings.TRUST_PROXY:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.TRUST_PROXY, x_proto=settings.TRUST_PROXY)  # type: ignore[method-assign]

    app.extensions[CONFIG_KEY] = settings
    runtime = EngineRuntime(engine) if engine is not None else EngineRuntime.load(settings)
    app.extensions[EXTENSION_KEY] = runtime

    # Order matters: request ids first (every later error carries one), then the
    # rate limit (a client counts by its valid key, else its IP, so guessing keys is
    # throttled too), then the key check.
    init_request_tracking(app, settings)
    checker = KeyChecker(settings.API_KEYS)
    init_rate_limit(app, settings, checker)
    init_auth(app, checker)
    init_cors(app, settings)

    register_error_handlers(app)
    register_blueprints(app)
    app.register_blueprint(openapi_bp)
    logging.getLogger("api").info("API configured", extra={"fields": {"config": settings.public()}})
    return app

"""The API's blueprints: text and multimodal analysis, concepts, health probes."""

from __future__ import annotations

from flask import Flask

from .analyze import bp as analyze_bp
from .concepts import bp as concepts_bp
from .health import bp as health_bp


def register_blueprints(app: Flask) -> None:
    """Mount every blueprint on ``app``."""
    app.register_blueprint(analyze_bp)
    app.register_blueprint(concepts_bp)
    app.register_blueprint(health_bp)

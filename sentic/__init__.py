"""sentic: affective commonsense reasoning after Sentic Activation (Cambria et al., AAAI 2012).

Public entry points are imported lazily so that ``import sentic`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Engine", "KnowledgeBase", "SenticError", "InputError", "KnowledgeBaseError", "SourceError", "__version__"]

from .compiled import install_guard
from .errors import InputError, KnowledgeBaseError, SenticError, SourceError

# Before any compiled module is imported: a module whose source changed since it was
# compiled runs from source (see sentic.compiled).
install_guard()


def __getattr__(name: str) -> Any:
    if name == "KnowledgeBase":
        from .knowledge_base import KnowledgeBase

        return KnowledgeBase
    if name == "Engine":
        from .engine import Engine

        return Engine
    raise AttributeError(f"module 'sentic' has no attribute {name!r}")

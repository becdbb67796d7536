"""Exception types raised by the library.

Every error a user can cause derives from :class:`SenticError`, so callers can
catch one type; the subclasses say which boundary was crossed.
"""

from __future__ import annotations


class SenticError(Exception):
    """Base class of every error raised on purpose by this package."""


class SourceError(SenticError):
    """A knowledge source could not be obtained, or failed its integrity check."""


class KnowledgeBaseError(SenticError):
    """The built knowledge base is missing, damaged, incompatible or unwritable."""


class InputError(SenticError, ValueError):
    """The caller passed input the engine cannot analyse (wrong type, empty, too large)."""

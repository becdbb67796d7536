"""Which modules run as compiled extensions, and the guard that keeps a stale one out.

Where a C compiler was at hand when the package was installed, the concept parser's
modules (``sentic/parsing``) were also compiled with Cython from the very same files (see
``setup.py``); Python imports such an extension in preference to the ``.py`` beside it. That
is what makes it fast, and it would also make an edit to the ``.py`` of an editable install
invisible until the next build. So the build records the sha256 of every source it compiled
(``sentic/_compiled.json``), and :func:`install_guard`, run when ``sentic`` is imported,
checks every extension module in the package against it: one whose source has changed
since, or that the record does not vouch for, is imported from its ``.py`` instead, with a
warning that says how to rebuild. ``SENTIC_PURE_PYTHON=1`` runs every module from source
(to compare the two, or to debug with the Python tools).

``sentic._spreading_kernel`` is outside all this: it is written in typed Cython and has no
Python twin to fall back on (its stand-ins, NumPy and SciPy routes, live in
``sentic.spreading_activation``), so it is used wherever it was built, also under
``SENTIC_PURE_PYTHON``, and ``SENTIC_NO_COMPILE=1`` at install time is the way to run without it.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Sequence

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_compiled.json"
#: Set to a true value (``1``) to run every module from source.
PURE_PYTHON_ENV = "SENTIC_PURE_PYTHON"

#: Extension modules written in Cython itself, with no ``.py`` twin: not the guard's concern.
NATIVE_MODULES = frozenset({"sentic._spreading_kernel"})

COMPILED = "compiled"
STALE = "source: changed since it was compiled"
UNVOUCHED = "source: no build record vouches for the extension"
PURE = f"source: {PURE_PYTHON_ENV} is set"


def _extension_files(root: Path) -> dict[str, Path]:
    """Module name -> extension file of every compiled module under ``root`` (the package)."""
    suffixes = importlib.machinery.EXTENSION_SUFFIXES  # most specific first
    found: dict[str, Path] = {}
    for path in root.rglob("*"):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is None or not path.is_file():
            continue
        parts = path.relative_to(root.parent).with_name(path.name[: -len(suffix)]).parts
        if ".".join(parts) not in NATIVE_MODULES:
            found.setdefault(".".join(parts), path)
    return found


def _source_of(extension: Path, module: str) -> Path:
    return extension.with_name(module.rsplit(".", 1)[-1] + ".py")


def pure_python_requested() -> bool:
    """Whether :data:`PURE_PYTHON_ENV` asks for every module to run from source."""
    return os.environ.get(PURE_PYTHON_ENV, "").strip() not in ("", "0")


def plan(root: Path = PACKAGE_DIR, manifest: Path | None = None, pure: bool | None = None) -> dict[str, str]:
    """How each module that has a compiled extension under ``root`` is to be imported.

    Returns module name -> :data:`COMPILED`, or a reason to import it from source
    (:data:`STALE`, :data:`UNVOUCHED`, :data:`PURE`). Modules with no extension are left out.
    """
    return _decide(_extension_files(root), manifest or root / MANIFEST.name,
                   pure_python_requested() if pure is None else pure)


def _decide(extensions: dict[str, Path], manifest: Path, pure: bool) -> dict[str, str]:
    if not extensions:
        return {}
    if pure:
        return dict.fromkeys(extensions, PURE)
    try:
        recorded = json.loads(manifest.read_text())["modules"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = {}
    if not isinstance(recorded, dict):
        recorded = {}
    out: dict[str, str] = {}
    for module, extension in sorted(extensions.items()):
        source = _source_of(extension, module)
        if not source.is_file():
            out[module] = COMPILED  # nothing to fall back on (an install without sources)
        elif module not in recorded:
            out[module] = UNVOUCHED
        elif hashlib.sha256(source.read_bytes()).hexdigest() != recorded[module]:
            out[module] = STALE
        else:
            out[module] = COMPILED
    return out


class SourceFirstFinder(importlib.abc.MetaPathFinder):
    """Imports the named modules from their ``.py`` files, passing over their extensions."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = dict(sources)

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


#: What :func:`install_guard` decided (None until it ran: at the import of ``sentic``,
#: under the import lock, before any compiled module is imported; never changed after).
_decided: dict[str, str] | None = None


def install_guard() -> dict[str, str]:
    """Route every module whose extension is not to be used to its source; warn about stale ones.

    Runs once, when ``sentic`` is imported; later calls return the same decision.
    Returns what :func:`status` returns.
    """
    global _decided
    if _decided is not None:
        return dict(_decided)
    extensions = _extension_files(PACKAGE_DIR)
    decided = _decide(extensions, MANIFEST, pure_python_requested())
    to_source = {m: _source_of(extensions[m], m) for m, how in decided.items() if how != COMPILED}
    if to_source:
        sys.meta_path.insert(0, SourceFirstFinder(to_source))
    stale = sorted(m for m, how in decided.items() if how in (STALE, UNVOUCHED))
    if stale:
        warnings.warn(
            f"{', '.join(stale)}: the source differs from the compiled extension (or no build record "
            "vouches for it), so it runs from source, slower; rebuild with `pip install -e .` "
            f"(or set {PURE_PYTHON_ENV}=1 to run all of it from source)",
            RuntimeWarning, stacklevel=2,
        )
    _decided = decided
    return dict(decided)


def status() -> dict[str, str]:
    """Module name -> :data:`COMPILED` or why it runs from source, for every module that has an extension.

    Empty when nothing was compiled (the whole package runs from source).
    """
    return install_guard()


def summary() -> str:
    """One line for people: how many parser modules run compiled."""
    st = status()
    if not st:
        return "parser: pure Python (no compiled modules; see setup.py)"
    n = sum(how == COMPILED for how in st.values())
    if n == len(st):
        return f"parser: compiled ({n} modules)"
    if set(st.values()) == {PURE}:
        return f"parser: from source ({PURE_PYTHON_ENV} is set)"
    reasons = sorted({how for how in st.values() if how != COMPILED})
    return f"parser: {n} of {len(st)} modules compiled, the others run from source ({'; '.join(reasons)})"


__all__ = ["plan", "pure_python_requested", "install_guard", "status", "summary", "SourceFirstFinder", "PURE_PYTHON_ENV"]

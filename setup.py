"""Build hook: compile the concept parser's modules with Cython where a C compiler is at hand.

The parser (``sentic/parsing``) is plain Python and stays the one source of truth. Cython
translates the same files into C extension modules, which run the same code without the
interpreter's dispatch: a fast-mode parse costs about 40% less. Nothing else changes: the
extensions behave exactly like the modules they come from (tests check it), and wherever
they cannot be built (no compiler, ``SENTIC_NO_COMPILE=1``) the package runs from source.

Next to the extensions the build writes ``sentic/_compiled.json``: the sha256 of the source
each extension was made from. ``sentic.compiled`` reads it at import time and runs a module
from source, with a warning, when its source has changed since (an edited file in an
editable install); see that module.

One module is written in typed Cython and has no Python twin: ``sentic/_spreading_kernel.pyx``,
two loops of the spreading activation over the concept graph: where a batch's sentences'
activation meets (about 3 times as fast as the sparse product that stands in for it where
it is not built, and the reference it is tested against), and one step of activation over
the whole graph (NumPy stands in). Being a plain extension, an edit to it takes effect at
the next ``pip install -e .``, like any C extension's.

Everything else about the package is in ``pyproject.toml``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
#: Modules left as Python: the package file, the word tables (run once, at import) and
#: the record types (dataclasses, which generate their methods at run time anyway).
NOT_COMPILED = {"__init__.py", "lexicon.py", "types.py"}
MANIFEST = "_compiled.json"
KERNEL = "sentic._spreading_kernel"
KERNEL_SOURCE = "sentic/_spreading_kernel.pyx"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _compiled_sources() -> dict[str, Path]:
    """Module name -> source file of every module to compile."""
    return {
        f"sentic.parsing.{path.stem}": path
        for path in sorted((ROOT / "sentic" / "parsing").glob("*.py"))
        if path.name not in NOT_COMPILED
    }


def _extensions() -> list[Extension]:
    if os.environ.get("SENTIC_NO_COMPILE", "").strip() not in ("", "0"):
        print("SENTIC_NO_COMPILE is set: the parser runs from source")
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("Cython is not available: the parser runs from source")
        return []
    sources = _compiled_sources()
    digests = {name: _sha256(path) for name, path in sources.items()}  # what is about to be translated
    extensions = [Extension(name, [str(path.relative_to(ROOT))]) for name, path in sources.items()]
    # Typed Cython with no Python twin: the loops of the spreading activation (their
    # references, NumPy and SciPy routes, run where they are not built; see that module).
    extensions.append(Extension(KERNEL, [KERNEL_SOURCE]))
    translated = cythonize(
        extensions,
        build_dir="build/cython",
        force=True,  # translate every time (seconds): the C must come from the sources just hashed
        nthreads=os.cpu_count() or 1,
        quiet=True,
        # Plain Python semantics: the type hints are documentation, not C types (with
        # annotation typing on, ``x: float`` would refuse an int and ``list[str]`` a tuple).
        compiler_directives={"language_level": 3, "annotation_typing": False, "binding": True},
    )
    for extension in translated:
        # a module that does not compile (no compiler) is left to run from source; set
        # here, since cythonize() returns new Extension objects without the flag
        extension.optional = True
        extension.source_sha256 = digests.get(extension.name)
    return translated


class BuildExtWithManifest(build_ext):
    """``build_ext`` that never keeps a stale extension and records what it built."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1  # one C compiler per core

    def run(self) -> None:
        self._built: dict[str, str] = {}
        super().run()
        if not self.extensions:
            return
        manifest = json.dumps({"format": 1, "modules": dict(sorted(self._built.items()))}, indent=1)
        # the package folder of the build, and in place too for an editable install
        targets = {Path(self.build_lib) / "sentic"}
        if self.inplace:
            targets.add(ROOT / "sentic")
        for folder in targets:
            if folder.is_dir():
                (folder / MANIFEST).write_text(manifest + "\n")

    def build_extension(self, ext: Extension) -> None:
        target = Path(self.get_ext_fullpath(ext.name))
        if target.exists():
            target.unlink()  # a failed build must not leave the previous one in place
        super().build_extension(ext)
        if getattr(ext, "source_sha256", None):  # a compiled twin of a .py file, for the guard
            self._built[ext.name] = ext.source_sha256


setup(
    ext_modules=_extensions(),
    cmdclass={"build_ext": BuildExtWithManifest},
)

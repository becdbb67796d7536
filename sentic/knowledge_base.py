"""The built knowledge base, loaded from the cache by memory mapping.

:meth:`KnowledgeBase.load` finds ``<cache>/kb/<name>``, checks it against its
manifest (format version, every file present with the recorded size, shape and
dtype, and by default every sha256) and maps the arrays read-only. A
missing, damaged or incompatible knowledge base is rebuilt when ``build=True`` and
otherwise refused with :class:`~sentic.errors.KnowledgeBaseError`; it is never used
as it is.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Literal, Sequence

import numpy as np

from .cache import cache_home, sha256_file
from .errors import KnowledgeBaseError
from .hourglass import DIMENSIONS, LABELS, labels as hourglass_labels

#: 2: adds the emotion evidence of common words (sentic.word_emotions).
#: 3: that evidence adds each emotion's family and covers multi-word concepts of common words.
#: 4: the anger family takes in swearing and name-calling (sentic.ekman.EMOTION_FAMILY_WORDS).
#: 5: the joy family takes in laughter ("haha").
FORMAT_VERSION = 5
MANIFEST = "manifest.json"

#: Flag bit of a concept whose reading was inferred from its neighbours in AffectiveSpace.
INFERRED_FLAG = 16
_FLAG_NAMES = {1: "conceptnet", 2: "senticnet", 4: "vader", 8: "held_out", INFERRED_FLAG: "inferred"}


def kb_dir(home: Path | None = None, name: str = "default") -> Path:
    """Directory of the knowledge base called ``name``."""
    if not name or "/" in name or name.startswith("."):
        raise KnowledgeBaseError(f"invalid knowledge base name {name!r}")
    return (Path(home) if home is not None else cache_home()) / "kb" / name


@dataclass(frozen=True)
class ConceptReading:
    """The unconscious-level (AffectiveSpace) reading of one concept."""

    concept: str
    polarity: float
    hourglass: dict[str, float]
    confidence: float
    source: str  # "senticnet" | "vader" | "inferred" | "none"
    primary_mood: str | None = None
    secondary_mood: str | None = None

    @property
    def emotions(self) -> list[str]:
        return hourglass_labels(self.hourglass)

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "polarity": self.polarity,
            "hourglass": dict(self.hourglass),
            "emotions": self.emotions,
            "confidence": self.confidence,
            "source": self.source,
            "primary_mood": self.primary_mood,
            "secondary_mood": self.secondary_mood,
        }


class KnowledgeBase:
    """Concept vocabulary, AffectiveSpace vectors, per-concept readings and the concept graph.

    Arrays are read-only memory maps, so several processes (API workers) share one
    copy in the page cache and loading costs little more than opening the files.
    Instances are immutable after loading and safe to share between threads.
    """

    def __init__(self, path: Path, manifest: dict[str, Any], arrays: dict[str, np.ndarray],
                 concepts: Sequence[str]):
        self.path = path
        self.manifest = manifest
        self._arrays = arrays
        # A tuple, not a list: CPython's collector untracks a tuple of strings, but walks
        # every item of a list on each full collection (half a million names: most of the
        # cost of a full pass in a loaded process).
        self.concepts: tuple[str, ...] = tuple(concepts)
        self.index: dict[str, int] = dict(zip(concepts, range(len(concepts))))
        self.unit_vectors = arrays["unit_vectors"]
        self.vector_norms = arrays["vector_norms"]
        self.hourglass = arrays["hourglass"]
        self.polarity = arrays["polarity"]
        self.confidence = arrays["confidence"]
        self.flags = arrays["flags"]
        self.moods = arrays["moods"]
        self.vader = arrays["vader"]
        self._verification: tuple[threading.Thread, list[BaseException]] | None = None

    # ----------------------------------------------------------------- loading

    @staticmethod
    def _read_manifest(path: Path) -> dict[str, Any]:
        manifest_path = path / MANIFEST
        if not manifest_path.is_file():
            raise KnowledgeBaseError(f"no knowledge base at {path} (manifest missing)")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KnowledgeBaseError(f"knowledge base manifest {manifest_path} is unreadable: {exc}") from exc
        if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
            found = manifest.get("format_version") if isinstance(manifest, dict) else None
            raise KnowledgeBaseError(
                f"knowledge base at {path} has format {found!r}; this version of sentic needs {FORMAT_VERSION} "
                "(rebuild it with `sentic kb build`)"
            )
        if not isinstance(manifest.get("files"), dict) or not manifest["files"]:
            raise KnowledgeBaseError(f"knowledge base manifest {manifest_path} lists no files")
        return manifest

    @classmethod
    def verify(cls, path: Path, full: bool = False) -> dict[str, Any]:
        """Check the directory against its manifest; raise :class:`KnowledgeBaseError` if it fails.

        The quick check (sizes, array headers) catches truncated or missing files; the
        full check also recomputes every sha256 and catches any changed byte.
        """
        manifest = cls._read_manifest(path)
        for fname, meta in manifest["files"].items():
            cls._check_structure(path / fname, meta)
        if full:
            cls._check_hashes(path, manifest)
        return manifest

    @staticmethod
    def _check_structure(fpath: Path, meta: dict[str, Any]) -> None:
        if not fpath.is_file():
            raise KnowledgeBaseError(f"knowledge base file {fpath} is missing")
        size = fpath.stat().st_size
        if size != meta.get("bytes"):
            raise KnowledgeBaseError(
                f"knowledge base file {fpath} has {size} bytes, the manifest says {meta.get('bytes')}: damaged"
            )
        if fpath.suffix == ".npy":
            try:
                arr = np.load(fpath, mmap_mode="r", allow_pickle=False)
            except (ValueError, OSError) as exc:
                raise KnowledgeBaseError(f"knowledge base file {fpath} is not a valid array: {exc}") from exc
            if list(arr.shape) != meta.get("shape") or str(arr.dtype) != meta.get("dtype"):
                raise KnowledgeBaseError(f"knowledge base file {fpath} does not match its manifest entry")

    @staticmethod
    def _check_hashes(path: Path, manifest: dict[str, Any]) -> None:
        for fname, meta in manifest["files"].items():
            if sha256_file(path / fname) != meta.get("sha256"):
                raise KnowledgeBaseError(f"knowledge base file {path / fname} fails its sha256 check: damaged")

    @classmethod
    def open(cls, path: Path, verify: Literal["quick", "full", "deferred"] = "full") -> "KnowledgeBase":
        """Open an already built knowledge base directory.

        ``"full"`` checks every file's sha256 in a background thread while the
        vocabulary index is built (hashing releases the GIL) and raises before
        returning if any fails. ``"deferred"`` leaves that thread running: the caller
        must call :meth:`ensure_verified` before using the knowledge base for anything
        (the engine does, after building its own indexes in the meantime).
        ``"quick"`` checks only sizes and array headers.
        """
        path = Path(path)
        if verify not in ("quick", "full", "deferred"):
            raise ValueError(f"verify must be 'quick', 'full' or 'deferred', got {verify!r}")
        manifest = cls.verify(path, full=False)
        failure: list[BaseException] = []

        def check() -> None:
            try:
                cls._check_hashes(path, manifest)
            except BaseException as exc:  # handed to the thread that waits for it
                failure.append(exc)

        checker = threading.Thread(target=check, name="sentic-kb-verify", daemon=True)
        if verify != "quick":
            checker.start()
        try:
            arrays = {}
            for fname in manifest["files"]:
                if fname.endswith(".npy"):
                    # Still memory-mapped, but as a plain read-only ndarray view: indexing an
                    # ``np.memmap`` costs several times more (its subclass hooks run on every
                    # slice), and the engine indexes these arrays many times per sentence.
                    arrays[fname[:-4]] = np.asarray(np.load(path / fname, mmap_mode="r", allow_pickle=False))
            try:
                concepts = (path / "concepts.txt").read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError) as exc:
                raise KnowledgeBaseError(f"cannot read concept names in {path}: {exc}") from exc
            if len(concepts) != len(arrays["polarity"]):
                raise KnowledgeBaseError(
                    f"knowledge base at {path} has {len(concepts)} names for {len(arrays['polarity'])} rows"
                )
            kb = cls(path, manifest, arrays, concepts)
        except BaseException:
            if verify != "quick":
                checker.join()
            raise
        kb._verification = (checker, failure) if verify != "quick" else None
        if verify == "full":
            kb.ensure_verified()
        return kb

    def ensure_verified(self) -> None:
        """Wait for a pending checksum verification; raise if any file failed it."""
        pending = self._verification
        if pending is None:
            return
        checker, failure = pending
        checker.join()
        if failure:
            raise failure[0]
        self._verification = None

    @classmethod
    def load(
        cls,
        home: str | Path | None = None,
        name: str = "default",
        *,
        build: bool = True,
        verify: Literal["quick", "full", "deferred"] = "full",
        progress: Callable[[str], None] | None = None,
    ) -> "KnowledgeBase":
        """Load the knowledge base ``name`` from the cache, building it first if needed.

        A knowledge base that fails verification is rebuilt (``build=True``) or
        refused; the damaged copy is replaced only once a new one is complete.
        """
        home_path = Path(home) if home is not None else cache_home()
        path = kb_dir(home_path, name)
        try:
            return cls.open(path, verify=verify)
        except KnowledgeBaseError as exc:
            if not build:
                raise
            if progress:
                progress(f"{exc}; building the knowledge base (first use takes about a minute)")
        from knowledge.build import build_knowledge_base

        build_knowledge_base(home=home_path, name=name, progress=progress)
        return cls.open(path, verify=verify)

    # ----------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept: object) -> bool:
        return isinstance(concept, str) and concept in self.index

    @property
    def n_components(self) -> int:
        return int(self.unit_vectors.shape[1])

    def id_of(self, concept: str) -> int:
        """Row id of ``concept``; :class:`KeyError` when unknown."""
        try:
            return self.index[concept]
        except KeyError:
            raise KeyError(f"unknown concept {concept!r}") from None

    def sources_of(self, concept_id: int) -> list[str]:
        """Which sources know the concept, and whether its reading is inferred."""
        f = int(self.flags[concept_id])
        return [name for bit, name in _FLAG_NAMES.items() if f & bit]

    def reading(self, concept: str | int) -> ConceptReading:
        """The concept's AffectiveSpace reading (direct where labelled, else inferred)."""
        cid = self.id_of(concept) if isinstance(concept, str) else int(concept)
        conf = float(self.confidence[cid])
        source = reading_source(int(self.flags[cid]), conf)
        primary, secondary = (int(m) for m in self.moods[cid])
        hg = self.hourglass[cid]
        return ConceptReading(
            concept=self.concepts[cid],
            polarity=float(self.polarity[cid]),
            hourglass={d: float(v) for d, v in zip(DIMENSIONS, hg)},
            confidence=conf,
            source=source,
            primary_mood=LABELS[primary] if primary >= 0 and source == "senticnet" else None,
            secondary_mood=LABELS[secondary] if secondary >= 0 and source == "senticnet" else None,
        )

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two concepts in AffectiveSpace."""
        va, vb = self.unit_vectors[self.id_of(a)], self.unit_vectors[self.id_of(b)]
        return float(np.dot(va, vb))

    def neighbours(self, concept: str, n: int = 10, labelled_only: bool = False) -> list[tuple[str, float]]:
        """The ``n`` concepts nearest to ``concept`` in AffectiveSpace (cosine similarity)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        cid = self.id_of(concept)
        query = np.asarray(self.unit_vectors[cid])
        if not query.any():
            return []
        sims = self.unit_vectors @ query
        sims[cid] = -np.inf
        if labelled_only:
            sims[(self.flags & 2) == 0] = -np.inf
        top = np.argpartition(-sims, min(n, len(sims) - 1))[:n]
        top = top[np.argsort(-sims[top])]
        return [(self.concepts[i], float(sims[i])) for i in top if np.isfinite(sims[i])]

    def sentic_cluster(self, concept: str) -> str | None:
        """The Hourglass label of the sentic medoid nearest to the concept."""
        vec = np.asarray(self.unit_vectors[self.id_of(concept)])
        if not vec.any():
            return None
        centroids = self._arrays["medoid_centroids"]
        valid = self._arrays["medoids"] >= 0
        scores = np.where(valid, centroids @ vec, -np.inf)
        return LABELS[int(np.argmax(scores))]

    @cached_property
    def graph(self) -> "Any":
        """The concept graph (:class:`knowledge.graph.ConceptGraph`) over the same ids."""
        from knowledge.graph import ConceptGraph

        return ConceptGraph(
            indptr=self._arrays["graph_indptr"],
            indices=self._arrays["graph_indices"],
            weights=self._arrays["graph_weights"],
            relations=self._arrays["graph_relations"],
        )

    @property
    def relations(self) -> list[str]:
        return list(self.manifest.get("relations", []))

    def info(self) -> dict[str, Any]:
        """Counts, sizes, sources and licences, for ``sentic kb info``."""
        total = sum(int(meta["bytes"]) for meta in self.manifest["files"].values())
        return {
            "path": str(self.path),
            "format_version": self.manifest["format_version"],
            "created_at": self.manifest.get("created_at"),
            "build_seconds": self.manifest.get("build_seconds"),
            "n_components": self.n_components,
            "size_bytes": total,
            "counts": self.manifest.get("counts", {}),
            "parameters": self.manifest.get("parameters", {}),
            "sources": self.manifest.get("sources", {}),
        }



def reading_source(flags: int, confidence: float) -> str:
    """Where a concept's U-level reading comes from, given its flags (see ``knowledge.build``)."""
    if flags & 2 and not flags & 8:
        return "senticnet"
    if flags & 4 and confidence > 0:
        return "vader"
    if confidence > 0:
        return "inferred"
    return "none"

"""The concept graph: weighted commonsense relations over the AffectNet vocabulary.

Spreading activation (the conscious level) walks this graph, so it is stored as CSR
arrays: ``indptr``, ``indices``, ``weights`` (float32 in (0, 1]) and ``relations``
(uint8 ids into :data:`RELATIONS`, for explanations).

Weights: a relation-type prior (how much affect flows along it: ``Causes`` and
``CausesDesire`` carry more than ``AtLocation``) times the assertion's confidence,
squashed into (0, 1]. Every edge also exists reversed, damped by ``REVERSE_FACTOR``
except for symmetric relations. Negated assertions (``not IsA``) carry no
activation and are left out. Parallel edges keep the strongest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

import numpy as np

from .conceptnet import Assertion

if TYPE_CHECKING:
    import scipy.sparse as sp

#: Relation names; the index is the id stored per edge.
RELATIONS: tuple[str, ...] = (
    "IsA", "HasProperty", "UsedFor", "AtLocation", "CapableOf", "HasSubevent", "HasPrerequisite",
    "ConceptuallyRelatedTo", "HasA", "Causes", "MotivatedByGoal", "ReceivesAction", "Desires",
    "DefinedAs", "LocatedNear", "CausesDesire", "PartOf", "HasFirstSubevent", "HasLastSubevent",
    "MadeOf", "SimilarSize", "CreatedBy", "SymbolOf", "HasPainIntensity", "InstanceOf",
    "InheritsFrom", "HasPainCharacter", "RelatedTo", "Synonym", "Antonym", "Other",
    "SenticRelated",
)
RELATION_ID: dict[str, int] = {name: i for i, name in enumerate(RELATIONS)}

#: Prior weight per relation type: how strongly affect is shared across it.
RELATION_WEIGHTS: dict[str, float] = {
    "Causes": 1.0, "CausesDesire": 0.9, "HasProperty": 0.9, "Desires": 0.8, "MotivatedByGoal": 0.8,
    "HasSubevent": 0.7, "HasFirstSubevent": 0.6, "HasLastSubevent": 0.6, "HasPrerequisite": 0.6,
    "IsA": 0.7, "DefinedAs": 0.8, "Synonym": 0.9, "SymbolOf": 0.8, "ConceptuallyRelatedTo": 0.6,
    "RelatedTo": 0.5, "UsedFor": 0.5, "CapableOf": 0.6, "ReceivesAction": 0.5, "HasA": 0.4,
    "PartOf": 0.4, "MadeOf": 0.3, "AtLocation": 0.3, "LocatedNear": 0.3, "CreatedBy": 0.4,
    "SimilarSize": 0.1, "InstanceOf": 0.6, "InheritsFrom": 0.6, "HasPainIntensity": 0.7,
    "HasPainCharacter": 0.7, "SenticRelated": 0.8, "Other": 0.3,
}
SYMMETRIC = frozenset({"ConceptuallyRelatedTo", "RelatedTo", "Synonym", "LocatedNear", "SimilarSize", "SenticRelated"})
#: Antonyms would carry affect with a flipped sign; plain activation cannot, so they are skipped.
EXCLUDED = frozenset({"Antonym"})
REVERSE_FACTOR = 0.5


@dataclass
class ConceptGraph:
    """CSR adjacency over concept ids: row ``i`` lists the concepts ``i`` activates."""

    indptr: np.ndarray  # (n + 1,) int64
    indices: np.ndarray  # (nnz,) int32
    weights: np.ndarray  # (nnz,) float32
    relations: np.ndarray  # (nnz,) uint8

    @property
    def n_nodes(self) -> int:
        return len(self.indptr) - 1

    @property
    def n_edges(self) -> int:
        return len(self.indices)

    def to_scipy(self) -> "sp.csr_matrix":
        """The weighted adjacency as a SciPy CSR matrix (shares the arrays)."""
        import scipy.sparse as sp  # only here: analysis reads the CSR arrays themselves

        n = self.n_nodes
        return sp.csr_matrix((self.weights, self.indices, self.indptr), shape=(n, n))

    def neighbours(self, node: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(ids, weights, relation ids)`` of the edges leaving ``node``."""
        lo, hi = self.indptr[node], self.indptr[node + 1]
        return self.indices[lo:hi], self.weights[lo:hi], self.relations[lo:hi]


def _squash(confidence: np.ndarray) -> np.ndarray:
    """Map an assertion confidence (>= 1) into (0.5, 1]: more contributors, more trust."""
    return 1.0 - 0.5 / np.maximum(confidence, 1.0)


def build_graph(
    n_nodes: int,
    index: Mapping[str, int],
    assertions: Iterable[Assertion],
    related: Mapping[int, Iterable[int]],
) -> ConceptGraph:
    """Build the CSR graph from ConceptNet assertions and SenticNet related concepts."""
    src: list[int] = []
    dst: list[int] = []
    rel: list[int] = []
    conf: list[float] = []
    for a in assertions:
        if a.weight <= 0 or a.relation in EXCLUDED:
            continue
        s, e = index.get(a.start), index.get(a.end)
        if s is None or e is None:
            continue
        src.append(s)
        dst.append(e)
        rel.append(RELATION_ID.get(a.relation, RELATION_ID["Other"]))
        conf.append(a.weight)
    sentic_rel = RELATION_ID["SenticRelated"]
    for s, targets in related.items():
        for e in targets:
            if e != s:
                src.append(s)
                dst.append(e)
                rel.append(sentic_rel)
                conf.append(2.0)

    src_a = np.asarray(src, dtype=np.int64)
    dst_a = np.asarray(dst, dtype=np.int64)
    rel_a = np.asarray(rel, dtype=np.uint8)
    prior = np.asarray([RELATION_WEIGHTS.get(RELATIONS[r], 0.3) for r in range(len(RELATIONS))], dtype=np.float32)
    symmetric = np.asarray([RELATIONS[r] in SYMMETRIC for r in range(len(RELATIONS))])
    w = prior[rel_a] * _squash(np.asarray(conf, dtype=np.float32))
    back = np.where(symmetric[rel_a], 1.0, REVERSE_FACTOR).astype(np.float32)

    rows = np.concatenate([src_a, dst_a])
    cols = np.concatenate([dst_a, src_a])
    weights = np.concatenate([w, w * back]).astype(np.float32)
    rels = np.concatenate([rel_a, rel_a])

    # Keep the strongest edge per (row, col): sort by row, col, then weight descending.
    order = np.lexsort((-weights, cols, rows))
    rows, cols, weights, rels = rows[order], cols[order], weights[order], rels[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, weights, rels = rows[first], cols[first], weights[first], rels[first]

    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_nodes), out=indptr[1:])
    return ConceptGraph(
        indptr=indptr,
        indices=cols.astype(np.int32),
        weights=weights,
        relations=rels,
    )

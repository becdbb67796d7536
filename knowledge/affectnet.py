"""AffectNet: the concepts x features matrix that AffectiveSpace factorises.

Three blocks over one concept vocabulary, as in Cambria et al.'s AffectNet (ConceptNet
blended with affective knowledge):

``conceptnet``
    One feature per (direction, relation, other concept): ``cat IsA pet`` gives ``cat``
    the feature ``IsA->pet`` and ``pet`` the feature ``cat<-IsA`` (Divisi's left and
    right features). Values are the assertions' signed weights. Features carried by a
    single concept cannot relate two concepts and are dropped (``min_feature_df``).
    Rows are L2-normalised so that hub concepts (``person``: thousands of edges) do
    not dominate the factorisation.
``related``
    SenticNet's five semantically related concepts: concept ``c`` with related
    ``r1..r5`` gets the features ``~c, ~r1, ..., ~r5``, so concepts that name each
    other, or share related concepts, share features.
``affect``
    The four Hourglass values (signed), the primary and secondary mood labels
    (one-hot, 1 and 0.5) and VADER valence: the affective knowledge that makes the
    space affective. Concepts held out for evaluation get no affect features.

Blocks are blended after scaling each by its largest singular value (Divisi's
``blend``), times a per-block weight: otherwise the block with the largest entries
or the most rows sets the leading singular vectors alone. ``benchmarks/kb_build.py``
measures affective intuition with and without this normalisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds

from sentic.hourglass import LABEL_INDEX, LABELS

from .conceptnet import Assertion
from .senticnet import SenticEntry

#: Flags stored per concept (bit mask).
IN_CONCEPTNET = 1
IN_SENTICNET = 2
IN_VADER = 4
HELD_OUT = 8

BLOCKS: tuple[str, ...] = ("conceptnet", "related", "affect")
AFFECT_FEATURES: tuple[str, ...] = (
    "introspection",
    "temper",
    "attitude",
    "sensitivity",
    *(f"mood:{label}" for label in LABELS),
    "vader_valence",
)


@dataclass
class AffectNet:
    """The blocks of the AffectNet matrix and the per-concept labels they were made from.

    ``hourglass`` holds SenticNet's four values for every labelled concept (zeros
    elsewhere), whether or not the concept was held out: evaluation reads the truth
    from here, while the ``affect`` block hides it.
    """

    concepts: list[str]
    index: dict[str, int]
    blocks: dict[str, sp.csr_matrix]
    feature_names: dict[str, list[str]]
    hourglass: np.ndarray  # (n, 4) float32
    primary_mood: np.ndarray  # (n,) int8, -1 when none
    secondary_mood: np.ndarray  # (n,) int8, -1 when none
    senticnet_polarity: np.ndarray  # (n,) float32
    vader: np.ndarray  # (n,) float32, NaN when absent
    flags: np.ndarray  # (n,) uint8 bit mask
    related: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @property
    def n_concepts(self) -> int:
        return len(self.concepts)

    @property
    def labelled(self) -> np.ndarray:
        """Concepts with SenticNet affect (held-out ones included)."""
        return (self.flags & IN_SENTICNET) != 0

    def blend(
        self,
        weights: Mapping[str, float] | None = None,
        normalise: bool = True,
    ) -> tuple[sp.csr_matrix, dict[str, float]]:
        """Horizontally stack the blocks, each divided by its largest singular value.

        Returns the blended matrix and the scale applied to each block.
        """
        weights = {"conceptnet": 1.0, "related": 1.0, "affect": 1.0, **(weights or {})}
        parts, scales = [], {}
        for name in BLOCKS:
            block = self.blocks[name]
            scale = 1.0
            if normalise and block.nnz:
                top = svds(block.astype(np.float64), k=1, return_singular_vectors=False, random_state=0)
                scale = 1.0 / float(top[0]) if top[0] > 0 else 1.0
            scale *= float(weights[name])
            scales[name] = scale
            parts.append(block * scale)
        return sp.hstack(parts, format="csr", dtype=np.float32), scales


class _Interner:
    """Maps names to consecutive ids, remembering insertion order."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def __call__(self, name: str) -> int:
        idx = self.ids.get(name)
        if idx is None:
            idx = len(self.names)
            self.ids[name] = idx
            self.names.append(name)
        return idx


def _csr(rows: Sequence[int], cols: Sequence[int], vals: Sequence[float], shape: tuple[int, int]) -> sp.csr_matrix:
    matrix = sp.coo_matrix(
        (np.asarray(vals, dtype=np.float32), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=shape,
    ).tocsr()
    matrix.sum_duplicates()
    return matrix


def _drop_rare_columns(matrix: sp.csr_matrix, names: list[str], min_df: int) -> tuple[sp.csr_matrix, list[str]]:
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = np.flatnonzero(df >= min_df)
    return matrix[:, keep].tocsr(), [names[i] for i in keep]


def _l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.diags(inv.astype(np.float32)) @ matrix


def build_affectnet(
    assertions: Iterable[Assertion],
    sentic_entries: Iterable[SenticEntry],
    vader: Iterable[tuple[str, float]] = (),
    held_out: Iterable[str] = (),
    min_feature_df: int = 2,
) -> AffectNet:
    """Assemble the AffectNet blocks over the union vocabulary of all sources.

    ``held_out`` names SenticNet concepts whose affect features are withheld (their
    true values stay in :attr:`AffectNet.hourglass` for evaluation).
    """
    concepts = _Interner()
    flags: dict[int, int] = {}

    # ConceptNet block ------------------------------------------------------
    features = _Interner()
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for a in assertions:
        s, e = concepts(a.start), concepts(a.end)
        flags[s] = flags.get(s, 0) | IN_CONCEPTNET
        flags[e] = flags.get(e, 0) | IN_CONCEPTNET
        rows.append(s)
        cols.append(features(f"{a.relation}->{a.end}"))
        vals.append(a.weight)
        rows.append(e)
        cols.append(features(f"{a.start}<-{a.relation}"))
        vals.append(a.weight)
    cn_rows, cn_cols, cn_vals, cn_names = rows, cols, vals, features.names

    # SenticNet entries: related block and labels ------------------------------
    entries = list(sentic_entries)
    rel_features = _Interner()
    rel_rows: list[int] = []
    rel_cols: list[int] = []
    sentic_rows: list[int] = []
    related: dict[int, tuple[int, ...]] = {}
    for entry in entries:
        c = concepts(entry.concept)
        flags[c] = flags.get(c, 0) | IN_SENTICNET
        sentic_rows.append(c)
        rel_rows.append(c)
        rel_cols.append(rel_features("~" + entry.concept))
        for r in entry.related:
            rel_rows.append(c)
            rel_cols.append(rel_features("~" + r))
        related[c] = tuple(concepts(r) for r in entry.related)

    vader_pairs = list(vader)
    for name, _ in vader_pairs:
        v = concepts(name)
        flags[v] = flags.get(v, 0) | IN_VADER

    n = len(concepts.names)
    held = {concepts.ids[name] for name in held_out if name in concepts.ids}

    conceptnet = _csr(cn_rows, cn_cols, cn_vals, (n, len(cn_names)))
    conceptnet, cn_names = _drop_rare_columns(conceptnet, cn_names, min_feature_df)
    conceptnet = _l2_rows(conceptnet).tocsr()

    related_block = _csr(rel_rows, rel_cols, np.ones(len(rel_rows)), (n, len(rel_features.names)))
    related_block.data[:] = 1.0
    related_block, rel_names = _drop_rare_columns(related_block, rel_features.names, min_feature_df)
    related_block = _l2_rows(related_block).tocsr()

    # Labels and the affect block -------------------------------------------
    hourglass = np.zeros((n, 4), dtype=np.float32)
    primary = np.full(n, -1, dtype=np.int8)
    secondary = np.full(n, -1, dtype=np.int8)
    polarity = np.zeros(n, dtype=np.float32)
    vader_arr = np.full(n, np.nan, dtype=np.float32)
    for c, entry in zip(sentic_rows, entries):
        hourglass[c] = entry.values
        polarity[c] = entry.polarity
        if entry.primary_mood:
            primary[c] = LABEL_INDEX[entry.primary_mood]
        if entry.secondary_mood:
            secondary[c] = LABEL_INDEX[entry.secondary_mood]
    for name, valence in vader_pairs:
        vader_arr[concepts.ids[name]] = valence

    a_rows: list[int] = []
    a_cols: list[int] = []
    a_vals: list[float] = []
    n_dims = 4
    for c in range(n):
        if c in held:
            continue
        if primary[c] >= 0 or hourglass[c].any():
            for d in range(n_dims):
                if hourglass[c, d] != 0.0:
                    a_rows.append(c)
                    a_cols.append(d)
                    a_vals.append(float(hourglass[c, d]))
            if primary[c] >= 0:
                a_rows.append(c)
                a_cols.append(n_dims + int(primary[c]))
                a_vals.append(1.0)
            if secondary[c] >= 0:
                a_rows.append(c)
                a_cols.append(n_dims + int(secondary[c]))
                a_vals.append(0.5)
        if not np.isnan(vader_arr[c]):
            a_rows.append(c)
            a_cols.append(len(AFFECT_FEATURES) - 1)
            a_vals.append(float(vader_arr[c]))
    affect = _csr(a_rows, a_cols, a_vals, (n, len(AFFECT_FEATURES)))

    flag_arr = np.zeros(n, dtype=np.uint8)
    for c, f in flags.items():
        flag_arr[c] = f
    for c in held:
        flag_arr[c] |= HELD_OUT

    return AffectNet(
        concepts=concepts.names,
        index=concepts.ids,
        blocks={"conceptnet": conceptnet, "related": related_block, "affect": affect},
        feature_names={"conceptnet": cn_names, "related": rel_names, "affect": list(AFFECT_FEATURES)},
        hourglass=hourglass,
        primary_mood=primary,
        secondary_mood=secondary,
        senticnet_polarity=polarity,
        vader=vader_arr,
        flags=flag_arr,
        related=related,
    )

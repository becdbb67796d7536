"""The conscious level: spreading activation over the concept graph.

Activation starts at the concepts found in a sentence (the seeds), flows along
weighted edges with a decay per step for a bounded number of steps, and gathers the
affect of the concepts it reaches. Two things keep hubs (``person``, ``thing``:
thousands of edges) from dominating: a node's outgoing activation is divided by the
square root of its out-degree, and the activation a node receives is capped at 1.

Two results come out of it:

* a **context reading per concept**: the affect its own activation gathers,
  computed for every concept at once with two steps of activation over the whole graph
  (``P H`` and ``P (P H)``) when the engine first needs it, so it costs a table look-up
  at analysis time;
* a **sentence context**: concepts reached from two or more seeds, where the
  activations meet and, as the paper puts it, the context is strongest. The engine
  gets it from :meth:`SpreadingActivation.meet_batch`: a compiled loop over the seeds'
  CSR rows, or where that was not built, a direct neighbour walk per sentence for a
  few sentences and one sparse product for a batch. The walk (:meth:`meet`) also names
  the meeting concepts, for explanations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

try:  # built by setup.py where a C compiler is at hand; NumPy and SciPy stand in elsewhere
    from ._spreading_kernel import meeting_sums, spread
except ImportError:
    meeting_sums = spread = None


#: Added to every edge's activation in the product of :meth:`SpreadingActivation.meet_batch`.
#: A power of two larger than any sum of activations a node can receive from one
#: sentence's seeds (each edge carries less than 1, and a text has far fewer than 2**20
#: distinct seeds), so the count and the sum separate exactly; float64 keeps the sum to
#: about 1e-9 for a sentence of a few dozen seeds.
REACH_UNIT = float(2**20)
#: Without the compiled loop, :meth:`SpreadingActivation.meet_batch` walks the seeds of
#: this many sentences or fewer one by one (:meth:`SpreadingActivation.meet`), and takes
#: one sparse product for more: the product's set-up costs more than a few walks.
WALK_MAX_SENTENCES = 8


@dataclass(frozen=True)
class Meeting:
    """Concepts where the activation of several seeds meets, with their gathered affect."""

    hourglass: np.ndarray  # (4,) activation-weighted mean over the meeting concepts
    mass: float  # total (activation x confidence) behind that mean; 0 when nothing met
    concepts: tuple[tuple[int, float, int], ...]  # (concept id, activation, seeds reaching it), strongest first


@dataclass(frozen=True)
class Path:
    """One activation path from a seed: ``seed -relation-> node`` with its activation."""

    seed: int
    node: int
    relation: int
    activation: float


class SpreadingActivation:
    """Spreading activation over a CSR concept graph carrying per-concept affect.

    Parameters
    ----------
    indptr, indices, weights, relations:
        The concept graph in CSR form (see :class:`knowledge.graph.ConceptGraph`).
    hourglass, confidence:
        Per-concept affect (n, 4) and how much to trust it (n,), from the U level.
    decay:
        Activation kept per step (0.5: a two-step neighbour counts half as much).
    steps:
        Number of propagation steps of the per-concept context (1 or 2).
    """

    def __init__(
        self,
        indptr: np.ndarray,
        indices: np.ndarray,
        weights: np.ndarray,
        relations: np.ndarray,
        hourglass: np.ndarray,
        confidence: np.ndarray,
        decay: float = 0.5,
        steps: int = 2,
    ) -> None:
        if steps not in (1, 2):
            raise ValueError("steps must be 1 or 2")
        if not 0.0 < decay <= 1.0:
            raise ValueError("decay must be in (0, 1]")
        self.indptr = indptr
        self.indices = indices
        self.weights = weights
        self.relations = relations
        self.hourglass = np.asarray(hourglass, dtype=np.float32)
        self.confidence = np.asarray(confidence, dtype=np.float32)
        self.decay = decay
        self.steps = steps
        out_degree = np.diff(indptr)
        self.out_scale = (1.0 / np.sqrt(np.maximum(out_degree.astype(np.float32), 1.0))).astype(np.float32)
        #: The activation each edge carries from a unit of activation at its source, in the
        #: graph's CSR order: the values of the propagation matrix ``P`` (P[i, j]: what j
        #: receives from a unit at i).
        self.edge_activation = (np.repeat(self.out_scale, out_degree) * weights).astype(np.float32)
        # The compiled loops read 32-bit CSR offsets and targets.
        fits = len(indices) < 2**31 and len(indptr) < 2**31
        self._indptr32 = np.ascontiguousarray(indptr, dtype=np.int32) if fits else None
        self._indices32 = np.ascontiguousarray(indices, dtype=np.int32) if fits else None
        self._context: tuple[np.ndarray, np.ndarray] | None = None

    # SciPy is imported only where a sparse product is taken: the reference route of
    # meet_batch (no compiled loop) and callers that want ``P`` as a matrix. Analysis
    # with the compiled loop never imports it, which keeps ~18,000 objects (half of
    # fast mode's long-lived heap) out of every full garbage collection, and ~0.1 s out
    # of the first analysis. (Two threads may build one of these at once: both build
    # the same matrix and one is kept.)

    @cached_property
    def propagation(self) -> "sp.csr_matrix":
        """The propagation matrix ``P`` as a SciPy CSR matrix (built on first use)."""
        import scipy.sparse as sp

        n = self.n_nodes
        return sp.csr_matrix((self.edge_activation, self.indices, self.indptr), shape=(n, n))

    @cached_property
    def _reach_and_activation(self) -> "sp.csr_matrix":
        # The same edges carrying REACH_UNIT + activation, so that one sparse product
        # gives, per (sentence, node), the number of seeds reaching it (the multiple of
        # REACH_UNIT) and their summed activation (the remainder): see meet_batch.
        import scipy.sparse as sp

        P = self.propagation
        return sp.csr_matrix((P.data.astype(np.float64) + REACH_UNIT, P.indices, P.indptr), shape=P.shape)

    @property
    def n_nodes(self) -> int:
        return len(self.indptr) - 1

    # ------------------------------------------------------------------ per concept

    def context(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-concept context: ``(hourglass (n, 4), mass (n,))`` gathered by activation.

        Concept ``i``'s context is the activation-weighted mean affect of the concepts
        its activation reaches within ``steps`` steps (itself excluded), and ``mass``
        is how much confident affect stood behind it.
        """
        if self._context is None:
            weighted = np.column_stack([self.hourglass * self.confidence[:, None], self.confidence]).astype(np.float64)
            reached = self._spread(weighted)
            gathered = self.decay * reached
            if self.steps == 2:
                gathered += self.decay**2 * self._spread(reached)
            num, den = gathered[:, :4], gathered[:, 4]
            hourglass = np.divide(num, den[:, None], out=np.zeros_like(num), where=den[:, None] > 1e-9)
            self._context = (hourglass.astype(np.float32), den.astype(np.float32))
        return self._context

    def _spread(self, x: np.ndarray) -> np.ndarray:
        """One step of activation, ``P @ x`` for ``x`` of shape (n, k), summed in float64.

        The compiled loop where it was built, else :meth:`_spread_numpy`; neither needs SciPy.
        """
        if spread is not None and self._indptr32 is not None:
            return spread(self._indptr32, self._indices32, self.edge_activation, np.ascontiguousarray(x, np.float64))
        return self._spread_numpy(x)

    def _spread_numpy(self, x: np.ndarray) -> np.ndarray:
        """``P @ x`` with NumPy: each column's edge products summed per source row."""
        n = self.n_nodes
        out = np.zeros((n, x.shape[1]), dtype=np.float64)
        nonempty = np.diff(self.indptr) > 0
        # (reduceat over the rows that have edges: an empty row would take its neighbour's first value)
        starts = self.indptr[:-1][nonempty]
        columns = np.ascontiguousarray(x.T, dtype=np.float64)
        for d in range(x.shape[1]):
            out[nonempty, d] = np.add.reduceat(self.edge_activation * columns[d][self.indices], starts)
        return out

    # ------------------------------------------------------------------ per sentence

    def first_hop(self, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(ids, activation, relation ids)`` one step from ``seed``."""
        lo, hi = self.indptr[seed], self.indptr[seed + 1]
        act = np.minimum(self.weights[lo:hi] * self.out_scale[seed], 1.0)
        return self.indices[lo:hi], act, self.relations[lo:hi]

    def meet(self, seeds: Sequence[int], top: int = 8) -> Meeting:
        """Where the first-step activation of distinct seeds meets (direct neighbour walk).

        All the seeds' CSR rows are gathered with one index array and grouped by target
        node with one sort, so the cost hardly grows with the number of seeds (a loop
        over seeds, or a sparse product, costs more for the few seeds of a sentence).
        """
        unique = np.fromiter(dict.fromkeys(int(s) for s in seeds), dtype=np.int64)
        if len(unique) < 2:
            return Meeting(np.zeros(4, dtype=np.float32), 0.0, ())
        lo = self.indptr[unique].astype(np.int64)
        lengths = self.indptr[unique + 1] - lo
        n_edges = int(lengths.sum())
        if n_edges == 0:
            return Meeting(np.zeros(4, dtype=np.float32), 0.0, ())
        # position of every edge of every seed in the CSR arrays: each row's offset
        # repeated over its length, plus a running count
        row_start = np.cumsum(lengths) - lengths
        edge = np.arange(n_edges) + np.repeat(lo - row_start, lengths)
        ids = self.indices[edge]
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        edge = edge[order]
        act = np.minimum(self.weights[edge] * self.out_scale[np.repeat(unique, lengths)[order]], 1.0)
        first = np.empty(n_edges, dtype=bool)
        first[0] = True
        np.not_equal(ids[1:], ids[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.empty_like(starts)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = n_edges - starts[-1]
        total = np.add.reduceat(act, starts)
        node = ids[starts]
        seed_sorted = np.sort(unique)
        at = np.minimum(np.searchsorted(seed_sorted, node), len(seed_sorted) - 1)
        met = (counts >= 2) & (seed_sorted[at] != node)
        return self._meeting(node[met], np.minimum(total[met], 1.0), counts[met], top)

    def meet_batch(self, seed_lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """The meeting context of many sentences at once.

        Returns ``(hourglass (b, 4), mass (b,))``, equal to :meth:`meet`'s per sentence
        (which also names the meeting concepts, for explanations). Computed by the
        compiled loop of ``sentic._spreading_kernel`` where the package was built with it
        (one sentence or thousands); else by :meth:`meet` for up to
        :data:`WALK_MAX_SENTENCES` sentences and by one sparse product
        (:meth:`meeting_sums_sparse`) for more. All agree to float rounding.
        """
        if meeting_sums is None and len(seed_lists) <= WALK_MAX_SENTENCES:
            meetings = [self.meet(s) for s in seed_lists]
            if not meetings:
                return np.zeros((0, 4), dtype=np.float32), np.zeros(0, dtype=np.float32)
            return (np.stack([m.hourglass for m in meetings]).astype(np.float32),
                    np.asarray([m.mass for m in meetings], dtype=np.float32))
        unique = [dict.fromkeys(map(int, seeds)) for seeds in seed_lists]
        b = len(unique)
        counts = np.fromiter(map(len, unique), dtype=np.int64, count=b)
        seeds = np.fromiter(chain.from_iterable(unique), dtype=np.int64, count=int(counts.sum()))
        if meeting_sums is not None and self._indptr32 is not None:
            offsets = np.zeros(b + 1, dtype=np.int64)
            np.cumsum(counts, out=offsets[1:])
            hourglass, mass = meeting_sums(self._indptr32, self._indices32, self.edge_activation, seeds, offsets,
                                           self.confidence, self.hourglass)
        else:
            hourglass, mass = self.meeting_sums_sparse(seeds, counts)
        hourglass = np.divide(hourglass, mass[:, None], out=np.zeros_like(hourglass), where=mass[:, None] > 0)
        return hourglass.astype(np.float32), mass.astype(np.float32)

    def meeting_sums_sparse(self, seeds: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per sentence, the weighted Hourglass sum of its meeting concepts and the weights' sum.

        ``seeds`` holds each sentence's distinct seeds in turn, ``counts`` how many each
        has. One sparse product over ``REACH_UNIT`` + activation gives every node each
        sentence reaches, with the number of seeds reaching it and their summed
        activation. The reference for the compiled loop (``sentic._spreading_kernel``).
        """
        import scipy.sparse as sp

        b, n = len(counts), self.n_nodes
        rows = np.repeat(np.arange(b, dtype=np.int64), counts)
        S = sp.csr_matrix((np.ones(len(seeds), dtype=np.float64), (rows, seeds)), shape=(b, n))
        product = S @ self._reach_and_activation
        # Most reached nodes are reached by one seed; only those reached by two or more
        # (a value of at least 2 REACH_UNIT) are decoded.
        met = np.flatnonzero(product.data >= 2 * REACH_UNIT)
        values = product.data[met]
        reached_by = np.floor(values / REACH_UNIT)
        activation = values - reached_by * REACH_UNIT
        met_rows = np.searchsorted(product.indptr, met, side="right") - 1
        met_nodes = product.indices[met].astype(np.int64)
        keep = ~np.isin(met_rows * n + met_nodes, rows * n + seeds)
        met_rows, met_nodes = met_rows[keep], met_nodes[keep]
        w = np.minimum(activation[keep], 1.0) * reached_by[keep] * self.confidence[met_nodes]
        # (astype: with nothing met, bincount returns integers)
        mass = np.bincount(met_rows, weights=w, minlength=b).astype(np.float64)
        hourglass = np.stack(
            [np.bincount(met_rows, weights=w * self.hourglass[met_nodes, d], minlength=b) for d in range(4)], axis=1
        ).astype(np.float64)
        return hourglass, mass

    def _meeting(self, node: np.ndarray, act: np.ndarray, counts: np.ndarray, top: int) -> Meeting:
        if len(node) == 0:
            return Meeting(np.zeros(4, dtype=np.float32), 0.0, ())
        # Concepts reached by more seeds weigh more.
        w = act * counts * self.confidence[node]
        mass = float(w.sum())
        hg = (w[:, None] * self.hourglass[node]).sum(axis=0) / mass if mass > 0 else np.zeros(4, np.float32)
        order = np.argsort(-w)[:top]
        concepts = tuple((int(node[i]), float(act[i]), int(counts[i])) for i in order)
        return Meeting(hg.astype(np.float32), mass, concepts)

    def strongest_paths(self, seed: int, top: int = 3) -> list[Path]:
        """The seed's strongest affect-carrying first-step paths, for explanations."""
        ids, act, rel = self.first_hop(seed)
        if len(ids) == 0:
            return []
        strength = act * self.confidence[ids] * np.abs(self.hourglass[ids]).max(axis=1)
        order = np.argsort(-strength)[:top]
        return [Path(seed, int(ids[i]), int(rel[i]), float(act[i])) for i in order if strength[i] > 0]

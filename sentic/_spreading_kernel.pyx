# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Typed loops of the spreading activation over the concept graph's CSR rows.

Two loops, each the compiled counterpart of a NumPy/SciPy reference in
:mod:`sentic.spreading_activation` that stays the reference and runs wherever this module
was not built:

* :func:`meeting_sums`, where the activations of a sentence's seeds meet, for many
  sentences (reference: ``SpreadingActivation.meeting_sums_sparse``, a sparse matrix
  product). The product writes every node a sentence reaches (about 1,200 per tweet,
  most of them the edges of a hub seed) into a new matrix and then keeps the few reached
  twice; this loop walks the same CSR rows once per sentence, counts and sums in one
  small table, and adds up only the nodes two or more seeds reach. About 3 times as
  fast over a batch, cheap enough for a single sentence, and it releases the GIL, so the
  threads of a server meet side by side.
* :func:`spread`, one step of activation over the whole graph (``P @ x``), which the
  per-concept context takes twice when the engine first needs it (reference:
  ``SpreadingActivation._spread_numpy``). It sums each row in float64 without the
  gathered temporary arrays of the NumPy route, so the first analysis does not wait for it.
"""

import numpy as np

from libc.stdint cimport int32_t, int64_t, uint32_t
from libc.stdlib cimport free, malloc


cdef struct Slot:
    int32_t node  # the node this slot holds, -1 when empty
    int32_t seeds  # how many seeds' edges reached it
    double activation  # their summed activation


def meeting_sums(
    const int32_t[::1] indptr,
    const int32_t[::1] indices,
    const float[::1] activation,
    const int64_t[::1] seeds,
    const int64_t[::1] offsets,
    const float[::1] confidence,
    const float[:, ::1] hourglass,
):
    """Per sentence, the weighted sum of the meeting concepts' Hourglass and the weights' sum.

    ``seeds[offsets[t]:offsets[t + 1]]`` are sentence ``t``'s distinct seeds, and the graph
    is the CSR ``indptr``/``indices`` with each edge's ``activation``. A node that two or
    more seeds reach (and that is not itself a seed of the sentence) weighs
    ``min(summed activation, 1) x seeds reaching it x confidence``. Returns
    ``(hourglass_sum (b, 4), mass (b,))`` in float64.

    The nodes a sentence reaches are counted in a small open-addressing table sized to
    its seeds' edges (a few thousand slots, in the CPU's cache, cleared slot by slot
    between sentences), so one sentence costs as little as a batch's share.
    """
    cdef Py_ssize_t n = indptr.shape[0] - 1
    cdef Py_ssize_t b = offsets.shape[0] - 1
    if indices.shape[0] != activation.shape[0] or confidence.shape[0] < n or hourglass.shape[0] < n:
        raise ValueError("graph arrays and per-concept arrays do not match")
    if hourglass.shape[1] != 4:
        raise ValueError("hourglass must have 4 columns")
    if b < 0:
        raise ValueError("offsets must hold at least one entry")
    if b > 0 and (offsets[0] < 0 or offsets[b] > seeds.shape[0]):
        raise ValueError("offsets point outside seeds")
    cdef Py_ssize_t t, k, e, j, reached
    cdef int64_t edges, most = 0
    for t in range(b):
        if offsets[t + 1] < offsets[t]:
            raise ValueError("offsets must not decrease")
        edges = 0
        for k in range(offsets[t], offsets[t + 1]):
            if seeds[k] < 0 or seeds[k] >= n:
                raise ValueError(f"seed {seeds[k]} is not a node of the graph")
            edges += indptr[seeds[k] + 1] - indptr[seeds[k]]
        most = max(most, edges + offsets[t + 1] - offsets[t])
    hourglass_sum = np.zeros((b, 4), dtype=np.float64)
    mass = np.zeros(b, dtype=np.float64)
    cdef double[:, ::1] h_out = hourglass_sum
    cdef double[::1] m_out = mass
    # at most half full: linear probing stays short
    cdef int bits = 4
    while (<int64_t>1 << bits) < 2 * most:
        bits += 1
    if bits > 30:
        raise ValueError("too many edges for one sentence")
    cdef uint32_t mask = <uint32_t>((<int64_t>1 << bits) - 1)
    cdef int shift = 32 - bits
    cdef Slot* table = <Slot*>malloc((mask + 1) * sizeof(Slot))
    cdef uint32_t* used = <uint32_t*>malloc((mask + 1) * sizeof(uint32_t))
    cdef int32_t node
    cdef uint32_t h
    cdef double w, total, h0, h1, h2, h3
    if table == NULL or used == NULL:
        free(table)
        free(used)
        raise MemoryError("no memory for the meeting table")
    try:
        with nogil:
            for j in range(mask + 1):
                table[j].node = -1
            for t in range(b):
                reached = 0
                for k in range(offsets[t], offsets[t + 1]):
                    for e in range(indptr[seeds[k]], indptr[seeds[k] + 1]):
                        node = indices[e]
                        h = (<uint32_t>node * <uint32_t>2654435761u) >> shift
                        while table[h].node != -1 and table[h].node != node:
                            h = (h + 1) & mask
                        if table[h].node == -1:
                            table[h].node = node
                            table[h].seeds = 1
                            table[h].activation = activation[e]
                            used[reached] = h
                            reached += 1
                        else:
                            table[h].seeds += 1
                            table[h].activation += activation[e]
                for k in range(offsets[t], offsets[t + 1]):  # a seed is no meeting point
                    node = <int32_t>seeds[k]
                    h = (<uint32_t>node * <uint32_t>2654435761u) >> shift
                    while table[h].node != -1 and table[h].node != node:
                        h = (h + 1) & mask
                    if table[h].node == node:
                        table[h].seeds = 0
                total = 0.0
                h0 = 0.0
                h1 = 0.0
                h2 = 0.0
                h3 = 0.0
                for j in range(reached):
                    h = used[j]
                    if table[h].seeds >= 2:
                        node = table[h].node
                        w = table[h].activation
                        if w > 1.0:
                            w = 1.0
                        w = w * table[h].seeds * confidence[node]
                        total += w
                        h0 += w * hourglass[node, 0]
                        h1 += w * hourglass[node, 1]
                        h2 += w * hourglass[node, 2]
                        h3 += w * hourglass[node, 3]
                    table[h].node = -1  # cleared for the next sentence
                m_out[t] = total
                h_out[t, 0] = h0
                h_out[t, 1] = h1
                h_out[t, 2] = h2
                h_out[t, 3] = h3
    finally:
        free(table)
        free(used)
    return hourglass_sum, mass


def spread(
    const int32_t[::1] indptr,
    const int32_t[::1] indices,
    const float[::1] activation,
    const double[:, ::1] x,
):
    """One step of activation: ``P @ x`` in float64, for the CSR ``P`` given by ``indptr``,
    ``indices`` and each edge's ``activation``, and ``x`` of shape (nodes, k)."""
    cdef Py_ssize_t n = indptr.shape[0] - 1
    cdef Py_ssize_t k = x.shape[1]
    if indices.shape[0] != activation.shape[0] or x.shape[0] != n:
        raise ValueError("graph arrays and per-concept arrays do not match")
    offsets = np.asarray(indptr)
    if n < 0 or offsets[0] != 0 or offsets[n] != indices.shape[0] or (np.diff(offsets) < 0).any():
        raise ValueError("indptr does not describe the edges")
    out = np.zeros((n, k), dtype=np.float64)
    cdef double[:, ::1] o = out
    cdef Py_ssize_t i, e, d
    cdef int32_t j
    cdef double a
    with nogil:
        for i in range(n):
            for e in range(indptr[i], indptr[i + 1]):
                j = indices[e]
                if j < 0 or j >= n:
                    with gil:
                        raise ValueError(f"edge {e} points to {j}, not a node")
                a = activation[e]
                for d in range(k):
                    o[i, d] += a * x[j, d]
    return out

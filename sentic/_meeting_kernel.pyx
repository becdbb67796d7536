# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Where the activations of a sentence's seeds meet, for many sentences: a typed loop.

The compiled counterpart of :meth:`sentic.spreading_activation.SpreadingActivation.meeting_sums_sparse`
(a sparse matrix product), which stays the reference and runs wherever this module was not
built. The product writes every node a sentence reaches (about 1,200 per tweet, most of
them the edges of a hub seed) into a new matrix and then keeps the few reached twice; this
loop walks the same CSR rows once per sentence, counts and sums in one record per node,
and adds up only the nodes two or more seeds reach. About 3 times as fast, and it releases
the GIL, so the threads of a server meet side by side.
"""

import numpy as np

from libc.stdint cimport int32_t, int64_t
from libc.stdlib cimport calloc, free


cdef struct Reach:
    int32_t sentence  # 1 + the sentence that last reached the node (0: none yet)
    int32_t seeds  # how many seeds' edges reached it in that sentence
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
    """
    cdef Py_ssize_t n = indptr.shape[0] - 1
    cdef Py_ssize_t b = offsets.shape[0] - 1
    if indices.shape[0] != activation.shape[0] or confidence.shape[0] < n or hourglass.shape[0] < n:
        raise ValueError("graph arrays and per-concept arrays do not match")
    if hourglass.shape[1] != 4:
        raise ValueError("hourglass must have 4 columns")
    if b < 0:
        raise ValueError("offsets must hold at least one entry")
    if b >= 2**31 - 1:
        raise ValueError("too many sentences for one call")
    if b > 0 and (offsets[0] < 0 or offsets[b] > seeds.shape[0]):
        raise ValueError("offsets point outside seeds")
    cdef Py_ssize_t t, k, e, j, reached
    for t in range(b):
        if offsets[t + 1] < offsets[t]:
            raise ValueError("offsets must not decrease")
    for k in range(seeds.shape[0]):
        if seeds[k] < 0 or seeds[k] >= n:
            raise ValueError(f"seed {seeds[k]} is not a node of the graph")
    hourglass_sum = np.zeros((b, 4), dtype=np.float64)
    mass = np.zeros(b, dtype=np.float64)
    cdef double[:, ::1] h_out = hourglass_sum
    cdef double[::1] m_out = mass
    # calloc: untouched pages stay unmapped, so a batch pays only for the nodes it reaches
    cdef Reach* reach = <Reach*>calloc(max(n, 1), sizeof(Reach))
    cdef int32_t* touched = <int32_t*>calloc(max(n, 1), sizeof(int32_t))
    cdef int32_t node
    cdef int64_t s
    cdef int32_t tag
    cdef double w, total, h0, h1, h2, h3
    if reach == NULL or touched == NULL:
        free(reach)
        free(touched)
        raise MemoryError("no memory for the meeting records")
    try:
        with nogil:
            for t in range(b):
                tag = <int32_t>(t + 1)
                reached = 0
                for k in range(offsets[t], offsets[t + 1]):
                    s = seeds[k]
                    for e in range(indptr[s], indptr[s + 1]):
                        node = indices[e]
                        if reach[node].sentence != tag:
                            reach[node].sentence = tag
                            reach[node].seeds = 1
                            reach[node].activation = activation[e]
                            touched[reached] = node
                            reached += 1
                        else:
                            reach[node].seeds += 1
                            reach[node].activation += activation[e]
                for k in range(offsets[t], offsets[t + 1]):  # a seed is no meeting point
                    if reach[seeds[k]].sentence == tag:
                        reach[seeds[k]].seeds = 0
                total = 0.0
                h0 = 0.0
                h1 = 0.0
                h2 = 0.0
                h3 = 0.0
                for j in range(reached):
                    node = touched[j]
                    if reach[node].seeds >= 2:
                        w = reach[node].activation
                        if w > 1.0:
                            w = 1.0
                        w = w * reach[node].seeds * confidence[node]
                        total += w
                        h0 += w * hourglass[node, 0]
                        h1 += w * hourglass[node, 1]
                        h2 += w * hourglass[node, 2]
                        h3 += w * hourglass[node, 3]
                m_out[t] = total
                h_out[t, 0] = h0
                h_out[t, 1] = h1
                h_out[t, 2] = h2
                h_out[t, 3] = h3
    finally:
        free(reach)
        free(touched)
    return hourglass_sum, mass

"""Keeping Python's cyclic garbage collector off the long-lived heap of a process that owns it.

Loading the engine's parts imports libraries and builds indexes: about 45,000
long-lived container objects in fast mode, 250,000 in accurate mode (spaCy and what it
imports), and 430,000 in either while the sentence model still came through torch and
transformers. Every full collection walks them all (0.2-0.3 s at 430,000), and analyses
allocate enough to set one off every few thousand texts: in a ``sentic batch`` run over
17,160 tweets the collector took 2.9 of 11.1 s (1.25 of 9.25 s with the freeze;
``benchmarks/batch_gc.py``), and a server showed such walks as a 250 ms p99. Freezing moves what exists now out of the collector's reach for good,
so only a program that owns its process does it (the CLI and the server, never the
library on its own), and only once its long-lived state is built.
"""

from __future__ import annotations

import gc


def freeze_heap() -> None:
    """Exempt every object that exists now from the cyclic garbage collector.

    A full collection first frees what is garbage already. Frozen objects are still
    freed when their reference count drops to zero; only cycles among them are never
    collected, which is why this is for state that lives as long as the process.
    """
    gc.collect()
    gc.freeze()


__all__ = ["freeze_heap"]

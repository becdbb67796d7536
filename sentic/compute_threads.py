"""Capping the compute thread pools (BLAS, OpenMP, torch) of a process that shares the CPUs.

A process that is one of several workers (a server worker, a ``sentic batch`` worker)
gets its share of the CPUs and no more.
"""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger(__name__)

def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not every platform has sched_getaffinity
        return max(1, os.cpu_count() or 1)


#: Environment variables read by OpenMP, OpenBLAS and MKL when they are first loaded.
_THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_compute_threads(threads: int) -> None:
    """Cap the thread pools of BLAS, OpenMP and torch in this process at ``threads``.

    Why: the analyses run many small numerical operations per sentence. With one worker
    per CPU, letting each also spread its work over every CPU oversubscribes the
    machine, and the idle pool threads spin-wait, taking CPU from the thread doing the
    work: on a 2-CPU machine, with torch's OpenMP pool at 2 threads (torch serves the
    embedding fallback), ``analyze_batch`` ran 3 to 5 times slower than with 1.
    Libraries already loaded are limited through threadpoolctl and torch's own setting;
    the environment variables cover those loaded later (torch is loaded in each worker).
    """
    for name in _THREAD_ENV_VARS:
        os.environ[name] = str(threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # comes with scikit-learn; without it the variables above must do
        log.warning("threadpoolctl is not installed: thread pools already loaded are left as they are")
    else:
        threadpool_limits(limits=threads)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)


__all__ = ["limit_compute_threads", "usable_cpus"]

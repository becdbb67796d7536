"""Running ``sentic batch``: JSON lines read in chunks, analysed here or in worker processes.

One engine analyses texts one chunk at a time, on the caller's core. A file of a
million lines is a CPU-bound job, and Python's lock keeps threads from sharing it, so
``workers > 1`` starts that many processes, each with an engine of its own (the
knowledge base's arrays are memory-mapped, so they share those pages), and keeps a
bounded number of chunks in flight. Output comes out in input order either way, and
the two paths write the same lines: the chunks, and so the batches the engine sees,
are the same.

A bad line (invalid UTF-8 or JSON, no ``"text"`` string, a text the engine refuses)
is reported with its line number and skipped; the others in its chunk go on.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterator

from .compute_threads import limit_compute_threads, usable_cpus
from .errors import InputError, SenticError
from .heap import freeze_heap

#: Chunks waiting for or inside a worker, per worker: enough to keep every worker busy
#: while the parent writes, few enough to keep memory bounded on a huge file.
IN_FLIGHT_PER_WORKER = 2


@dataclass
class Chunk:
    """Consecutive lines of the input: the ones to analyse and the ones already refused."""

    items: list[tuple[int, Any, str]] = field(default_factory=list)  # (line number, id, text)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)
    end: int = 0  # byte offset just past the chunk's last line


@dataclass
class ChunkResult:
    """What a chunk became: one JSON line per analysed text, the texts refused, and the
    process that analysed it."""

    lines: list[str]
    bad: list[tuple[int, str]]
    pid: int = field(default_factory=os.getpid)


def read_chunks(stream: IO[bytes], size: int) -> Iterator[Chunk]:
    """Group the lines of a JSONL byte stream into chunks of ``size`` texts to analyse."""
    chunk = Chunk()
    for lineno, raw in enumerate(stream, 1):
        error = _read_line(raw, lineno, chunk)
        if error:
            chunk.bad.append((lineno, error))
        if len(chunk.items) >= size:
            chunk.end = stream.tell()
            yield chunk
            chunk = Chunk()
    if chunk.items or chunk.bad:
        chunk.end = stream.tell()
        yield chunk


def _read_line(raw: bytes, lineno: int, chunk: Chunk) -> str | None:
    """Add one line's text to ``chunk``; returns why the line is refused, if it is."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"invalid UTF-8 at byte {exc.start}"
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg}"
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return 'expected an object with a "text" string'
    chunk.items.append((lineno, record.get("id", lineno), record["text"]))
    return None


class ChunkAnalyzer:
    """Turns chunks into output lines with one engine, in a process the batch run owns.

    When a chunk made the engine load a part (the concept table, the sentence model,
    spaCy), what is now in memory is frozen out of the garbage collector's reach
    (:func:`sentic.heap.freeze_heap`): this process lives for the run alone.
    """

    #: Chunks :func:`run_batch` hands over before it waits for the oldest.
    in_flight = 1

    def __init__(self, engine: Any, explain: bool = False) -> None:
        self.engine = engine
        self.explain = explain

    def submit(self, items: list[tuple[int, Any, str]]) -> "_Ready":
        """Analyse at once; the result is read like a worker's future (``.result()``)."""
        return _Ready(self(items))

    def __call__(self, items: list[tuple[int, Any, str]]) -> ChunkResult:
        engine = self.engine
        good, bad = [], []
        # validated one by one, so that a single bad text cannot sink its neighbours
        for lineno, rid, text in items:
            try:
                engine.validate_text(text)
            except InputError as exc:
                bad.append((lineno, str(exc)))
            else:
                good.append((rid, text))
        loaded = engine.loaded_parts()
        results = engine.analyze_batch([text for _, text in good]) if good else []
        if engine.loaded_parts() != loaded:
            freeze_heap()
        lines = [
            json.dumps({"id": rid, **analysis.to_dict(explain=self.explain)}, ensure_ascii=False) + "\n"
            for (rid, _), analysis in zip(good, results)
        ]
        return ChunkResult(lines, bad)


class _Ready:
    """A result that is there already, read like a future's."""

    def __init__(self, value: ChunkResult) -> None:
        self._value = value

    def result(self) -> ChunkResult:
        return self._value


class _WorkerFuture:
    """A worker's future whose failure, when the process itself died, reads as one line."""

    def __init__(self, future: Any) -> None:
        self._future = future

    def result(self) -> ChunkResult:
        try:
            return self._future.result()
        except BrokenProcessPool:
            raise SenticError("a batch worker process died (killed, or out of memory?); "
                              "the lines before its chunk were written") from None


@dataclass
class BatchReport:
    """Counts of a finished run."""

    analysed: int = 0
    skipped: int = 0


def run_batch(
    chunks: Iterator[Chunk],
    analyzer: "ChunkAnalyzer | WorkerPool",
    write: Callable[[str], Any],
    report_bad: Callable[[int, str], None],
    progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Analyse every chunk with ``analyzer`` and write the results in input order.

    ``report_bad(line number, why)`` is called for each refused line, in line order;
    ``progress(byte offset)`` after each chunk is written.
    """
    report = BatchReport()

    def emit(chunk: Chunk, result: ChunkResult) -> None:
        for lineno, why in sorted(chunk.bad + result.bad):
            report_bad(lineno, why)
        for line in result.lines:
            write(line)
        report.analysed += len(result.lines)
        report.skipped += len(chunk.bad) + len(result.bad)
        if progress is not None:
            progress(chunk.end)

    pending: deque[tuple[Chunk, Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, analyzer.submit(chunk.items) if chunk.items else _Ready(ChunkResult([], []))))
        while len(pending) >= analyzer.in_flight:
            done, future = pending.popleft()
            emit(done, future.result())
    while pending:
        done, future = pending.popleft()
        emit(done, future.result())
    return report


class WorkerPool:
    """``workers`` processes, each with its own engine, analysing chunks submitted to it.

    The knowledge base must be built before the pool starts (the workers load it and
    never build it: several builds at once would race). A worker that cannot load its
    engine fails the chunk it was given with the engine's own error. Use as a context
    manager; leaving it cancels what has not started and stops the workers.
    """

    def __init__(self, workers: int, mode: str, home: str | None, explain: bool = False) -> None:
        if not isinstance(workers, int) or workers < 2:
            raise ValueError("a worker pool needs at least 2 workers")
        self.workers = workers
        self.in_flight = workers * IN_FLIGHT_PER_WORKER
        # the CPUs are shared out: two workers on two CPUs each take one thread for torch
        threads = max(1, usable_cpus() // workers)
        # "spawn": a fork would copy the parent's threads and locks (torch's among them)
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker, initargs=(mode, home, explain, threads),
        )
        # Processes are started as tasks arrive: one no-op each starts them all now, so
        # that they load their engines side by side while the first chunks are read.
        for _ in range(workers):
            self._executor.submit(_worker_ready)

    def submit(self, items: list[tuple[int, Any, str]]) -> "_WorkerFuture":
        """Queue a chunk's items; ``.result()`` of the return value waits for its :class:`ChunkResult`."""
        return _WorkerFuture(self._executor.submit(_analyze_in_worker, items))

    def close(self, cancel: bool = False) -> None:
        self._executor.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        self.close(cancel=exc_type is not None)


# --- inside a worker process -------------------------------------------------------------
# A worker process runs one task at a time on its main thread, so this per-process
# state is never shared between threads.
_worker_analyzer: ChunkAnalyzer | None = None
_worker_failure: BaseException | None = None

#: Analysed once at a worker's start: it loads the parts an analysis uses on first need.
WARM_UP_TEXT = "I love this wonderful day, but the traffic was awful."


def _start_worker(mode: str, home: "str | None", explain: bool, threads: int) -> None:
    """Pool initializer: load the engine and every part it loads lazily, all workers at once.

    Loaded lazily instead, each worker would stop for the sentence model (seconds) at
    its first text without a concept, at a different moment in each, and the others
    would wait for it, since the output keeps input order. A failure is kept and raised
    by the first chunk, so that it reaches the parent as the engine's own error. (So a
    knowledge base without the sentence model's map fails a run with workers at once,
    where one process fails at the first text that needs the map.)
    """
    global _worker_analyzer, _worker_failure
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent alone handles Ctrl-C
    from .engine import Engine

    limit_compute_threads(threads)
    try:
        engine = Engine.load(mode, home=home, build=False)  # type: ignore[arg-type]
        engine.analyze(WARM_UP_TEXT)
        if engine.use_embeddings:
            engine.fallback  # noqa: B018 - the property loads the sentence model
    except Exception as exc:  # noqa: BLE001 - raised again, as it was, by the first chunk
        _worker_failure = exc
        return
    limit_compute_threads(threads)  # again: torch is loaded now
    freeze_heap()
    _worker_analyzer = ChunkAnalyzer(engine, explain)


def _worker_ready() -> None:
    """A task that only makes the pool start a process."""


def _analyze_in_worker(items: list[tuple[int, Any, str]]) -> ChunkResult:
    if _worker_analyzer is None:
        raise _worker_failure or SenticError("batch worker used before it was started")
    return _worker_analyzer(items)


__all__ = ["BatchReport", "Chunk", "ChunkAnalyzer", "ChunkResult", "WorkerPool", "read_chunks", "run_batch"]

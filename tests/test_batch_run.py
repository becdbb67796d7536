"""``sentic batch``: reading JSON lines in chunks, and ``--workers`` against one process."""

from __future__ import annotations

import gc
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sentic.batch_run import read_chunks

# A mix of good lines and every kind of bad one, long enough to span several chunks.
_LINES = [
    b'{"id": "a", "text": "I love it"}',
    b'{"id": "b", "text": ',                          # invalid JSON
    b"\xff\xfe not utf-8",                            # invalid UTF-8
    b'{"id": "c", "text": "   "}',                    # refused by the engine: whitespace only
    b'{"id": "d", "text": "I hate it"}',
    b"",                                              # blank: ignored, not an error
    b'{"id": "e", "text": "zqxv wvkq"}',              # no concept: the sentence model reads it
    b'["not", "an", "object"]',                       # no "text" string
    b'{"id": "f", "text": "The food was great but the service was slow."}',
    b'{"text": "Not bad at all!"}',                   # no id: the line number stands in
    b'{"id": "g", "text": "I am not happy about this :("}',
    b'{"id": "h", "text": 42}',                       # a text that is not a string
    b'{"id": "i", "text": "What a wonderful surprise!"}',
]
_GOOD_IDS = ["a", "d", "e", "f", 10, "g", "i"]
_BAD_LINES = [2, 3, 4, 8, 12]


def test_chunks_hold_batch_size_texts_and_the_bad_lines_between_them() -> None:
    data = b"\n".join(_LINES) + b"\n"
    chunks = list(read_chunks(io.BytesIO(data), size=3))
    assert [[lineno for lineno, _, _ in c.items] for c in chunks] == [[1, 4, 5], [7, 9, 10], [11, 13]]
    assert [[lineno for lineno, _ in c.bad] for c in chunks] == [[2, 3], [8], [12]]
    # line 4 ("   ") is well-formed: the engine refuses it, not the reader
    assert chunks[0].items[1] == (4, "c", "   ") and chunks[1].items[2] == (10, 10, "Not bad at all!")
    assert "invalid UTF-8" in chunks[0].bad[1][1] and "invalid JSON" in chunks[0].bad[0][1]
    assert [c.end for c in chunks] == sorted(c.end for c in chunks) and chunks[-1].end == len(data)


def test_a_file_of_bad_lines_only_is_one_chunk_with_nothing_to_analyse() -> None:
    chunks = list(read_chunks(io.BytesIO(b"{\n\n[]\n"), size=256))
    assert len(chunks) == 1 and chunks[0].items == [] and [n for n, _ in chunks[0].bad] == [1, 3]
    assert list(read_chunks(io.BytesIO(b""), size=256)) == []


def _batch(src: Path, home: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SENTIC_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "sentic.cli", "batch", "--mode", "fast", "-q", str(src), *extra],
                          capture_output=True, env=env, timeout=300)


def test_workers_write_what_one_process_writes_in_input_order(real_kb_home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(_LINES) + b"\n")
    # two texts per chunk: seven chunks, more than the workers hold in flight
    one = _batch(src, real_kb_home, "--batch-size", "2")
    two = _batch(src, real_kb_home, "--batch-size", "2", "--workers", "2")
    assert one.returncode == 0, one.stderr.decode()
    assert two.returncode == 0, two.stderr.decode()
    records = [json.loads(line) for line in two.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == _GOOD_IDS
    assert records[0]["polarity"] > 0 > records[1]["polarity"]
    assert records[2]["fallback"]  # the workers loaded the sentence model
    assert two.stdout == one.stdout
    skipped = [line for line in two.stderr.decode().splitlines() if line.endswith("; skipped")]
    assert [int(line.split()[2].rstrip(":")) for line in skipped] == _BAD_LINES
    assert skipped == [line for line in one.stderr.decode().splitlines() if line.endswith("; skipped")]
    assert two.stderr.decode().splitlines()[-1] == "sentic: 7 analysed, 5 skipped"


@pytest.mark.parametrize("flag", ["--workers", "--batch-size"])
def test_counts_below_one_are_refused_before_anything_loads(real_kb_home: Path, tmp_path: Path, flag: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "I love it"}\n')
    for value in ("0", "-2", "two"):
        out = _batch(src, real_kb_home, flag, value)
        assert out.returncode == 2 and out.stdout == b""
        assert f"argument {flag}" in out.stderr.decode() and "Traceback" not in out.stderr.decode()


def test_an_output_path_that_cannot_be_written_is_one_line_before_anything_loads(real_kb_home: Path,
                                                                               tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "I love it"}\n')
    for extra in ([], ["--workers", "2"]):
        out = _batch(src, real_kb_home, "-o", str(tmp_path / "no-such-dir" / "out.jsonl"), *extra)
        err = out.stderr.decode().strip()
        assert out.returncode == 1 and "\n" not in err and "cannot write" in err and "No such file" in err, err


def test_the_workers_analyse_in_their_own_processes_what_this_one_would(real_kb_home: Path) -> None:
    from sentic import Engine
    from sentic.batch_run import ChunkAnalyzer, WorkerPool

    chunks = [[(k, k, text)] for k, text in enumerate(["I love it", "I hate it", "zqxv wvkq", "   "] * 2, 1)]
    analyzer = ChunkAnalyzer(Engine.load("fast", home=real_kb_home))
    try:
        here = [analyzer(items) for items in chunks]
    finally:
        gc.unfreeze()  # the analyzer froze this process's heap, as it does a batch run's
    with WorkerPool(2, "fast", str(real_kb_home)) as pool:
        futures = [pool.submit(items) for items in chunks]
        there = [f.result() for f in futures]
    assert [r.lines for r in there] == [r.lines for r in here] and [r.bad for r in there] == [r.bad for r in here]
    assert here[3].bad and here[0].lines  # a refused text and an analysed one
    assert {r.pid for r in here} == {os.getpid()} and os.getpid() not in {r.pid for r in there}


def test_a_worker_that_cannot_load_its_engine_fails_its_chunk_with_the_engines_error(tmp_path: Path) -> None:
    from sentic.batch_run import WorkerPool
    from sentic.errors import KnowledgeBaseError

    with WorkerPool(2, "fast", str(tmp_path / "no-kb-here")) as pool:
        with pytest.raises(KnowledgeBaseError, match="no knowledge base"):
            pool.submit([(1, 1, "I love it")]).result()

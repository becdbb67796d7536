"""Where the library keeps downloaded sources and built artifacts, and how it writes them.

The cache directory is ``$SENTIC_HOME`` when set, else ``<user cache dir>/sentic``.
Writes are atomic (write into a sibling temporary path, then ``os.replace``) and
guarded by an inter-process lock, so a crash or a concurrent build never leaves a
half-written artifact where a reader would find it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from .errors import KnowledgeBaseError

ENV_HOME = "SENTIC_HOME"


def cache_home() -> Path:
    """Return the root cache directory (not created)."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "sentic"


def ensure_writable_dir(path: Path) -> Path:
    """Create ``path`` if needed and check that files can be written in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnowledgeBaseError(f"cannot create cache directory {path}: {exc.strerror or exc}") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise KnowledgeBaseError(
            f"cache directory {path} is not writable; set ${ENV_HOME} to a writable directory"
        )
    return path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            block = handle.read(chunk)
            if not block:
                break
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def exclusive_lock(lock_path: Path, timeout: float = 3600.0) -> Iterator[None]:
    """Hold an inter-process lock on ``lock_path`` for the duration of the block."""
    ensure_writable_dir(lock_path.parent)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise KnowledgeBaseError(f"timed out after {timeout:.0f} s waiting for lock {lock_path}") from exc
    try:
        yield
    finally:
        lock.release()


@contextmanager
def atomic_directory(final: Path) -> Iterator[Path]:
    """Yield a temporary directory that replaces ``final`` only if the block succeeds.

    An existing ``final`` is kept until the new one is complete; on failure the
    temporary directory is removed and ``final`` is left exactly as it was.
    """
    ensure_writable_dir(final.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
    try:
        yield tmp
        old = None
        if final.exists():
            old = final.parent / f".{final.name}.old-{os.getpid()}"
            if old.exists():
                shutil.rmtree(old)
            os.replace(final, old)
        os.replace(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def atomic_write_bytes(final: Path, data: bytes) -> None:
    """Write ``data`` to ``final`` so that readers see either the old or the new file."""
    ensure_writable_dir(final.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{final.name}.tmp-", dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, final)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise

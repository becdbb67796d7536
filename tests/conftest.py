"""Shared fixtures: a small knowledge base built from test-written sources, and the real one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb_fixtures import write_archives

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("SENTIC_DATA", REPO.parent / "shared" / "datasets"))


@pytest.fixture(scope="session")
def tiny_registry(tmp_path_factory: pytest.TempPathFactory):
    """Source registry pinned to small archives in the real formats."""
    directory = tmp_path_factory.mktemp("tiny_sources")
    registry = write_archives(directory)
    paths = {key: str(directory / src.filename) for key, src in registry.items()}
    return registry, paths


@pytest.fixture(scope="session")
def tiny_config():
    from knowledge.build import BuildConfig

    return BuildConfig(n_components=6, n_iter=7, min_feature_df=1, n_neighbors=3, embedding_map=False)


@pytest.fixture(scope="session")
def tiny_kb_home(tmp_path_factory: pytest.TempPathFactory, tiny_registry, tiny_config) -> Path:
    """A cache home holding a small built knowledge base named ``default``."""
    from knowledge.build import build_knowledge_base

    registry, paths = tiny_registry
    home = tmp_path_factory.mktemp("tiny_home")
    build_knowledge_base(tiny_config, home=home, local_sources=paths, registry=registry)
    return home


@pytest.fixture(scope="session")
def real_kb_home() -> Path:
    """The real knowledge base (built from the real sources on first use).

    Uses ``$SENTIC_HOME`` when set, so CI and developers build it once and reuse it.
    """
    home = Path(os.environ.get("SENTIC_HOME") or (Path.home() / ".cache" / "sentic"))
    from sentic.knowledge_base import KnowledgeBase

    KnowledgeBase.load(home)
    return home


@pytest.fixture(scope="session")
def real_kb(real_kb_home: Path):
    from sentic.knowledge_base import KnowledgeBase

    return KnowledgeBase.load(real_kb_home)

"""The knowledge-base build on small test-written sources: contents, artifact, damage, locking."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import numpy as np
import pytest

from kb_fixtures import NEGATIVE_UNLABELLED, POSITIVE_UNLABELLED
from knowledge.build import BuildConfig, build_knowledge_base
from sentic.errors import KnowledgeBaseError
from sentic.knowledge_base import KnowledgeBase, kb_dir


@pytest.fixture()
def tiny_kb(tiny_kb_home):
    return KnowledgeBase.load(tiny_kb_home, build=False)


@pytest.fixture()
def kb_copy(tiny_kb_home, tmp_path):
    """A private copy of the small knowledge base that a test may damage."""
    home = tmp_path / "home"
    shutil.copytree(kb_dir(tiny_kb_home), kb_dir(home))
    return home


def test_vocabulary_joins_the_sources(tiny_kb):
    for concept in ("love", "war", "birthday_party", ":'(", "it's_ok", "horrible", "fun"):
        assert concept in tiny_kb
    counts = tiny_kb.info()["counts"]
    assert counts["senticnet_concepts"] == 26
    assert counts["conceptnet_senticnet_overlap"] == 24
    assert counts["vader_words"] == 2


def test_labelled_concepts_read_directly(tiny_kb):
    love = tiny_kb.reading("love")
    assert love.source == "senticnet" and love.confidence == 1.0
    assert love.hourglass["introspection"] == pytest.approx(0.8)
    assert love.primary_mood == "joy"
    assert tiny_kb.reading("war").polarity < 0


@pytest.mark.parametrize("concept", POSITIVE_UNLABELLED)
def test_unlabelled_positive_concepts_are_inferred_positive(tiny_kb, concept):
    r = tiny_kb.reading(concept)
    assert r.source == "inferred"
    assert r.polarity > 0.2 and 0 < r.confidence <= 1


@pytest.mark.parametrize("concept", NEGATIVE_UNLABELLED)
def test_unlabelled_negative_concepts_are_inferred_negative(tiny_kb, concept):
    r = tiny_kb.reading(concept)
    assert r.source == "inferred" and r.polarity < -0.2


def test_vader_only_word_takes_vader_polarity(tiny_kb):
    r = tiny_kb.reading("horrible")
    assert r.source == "vader" and r.polarity == pytest.approx(-2.5 / 4)


def test_neighbours_stay_within_the_affective_cluster(tiny_kb):
    near = [name for name, _ in tiny_kb.neighbours("love", 5)]
    assert "love" not in near
    assert len(near) == 5
    assert all(tiny_kb.reading(n).polarity >= 0 for n in near)
    assert tiny_kb.similarity("love", "joy") > tiny_kb.similarity("love", "war")


def test_graph_is_valid_csr_without_negated_edges(tiny_kb):
    g = tiny_kb.graph
    assert g.indptr[0] == 0 and g.indptr[-1] == g.n_edges == len(g.weights)
    assert np.all(np.diff(g.indptr) >= 0)
    assert g.weights.min() > 0 and g.weights.max() <= 1
    ids, weights, rels = g.neighbours(tiny_kb.id_of("war"))
    names = {tiny_kb.concepts[i] for i in ids}
    assert "bad" in names  # HasProperty edge
    assert "peace" not in names  # the negated assertion carries no activation
    assert {tiny_kb.relations[r] for r in rels} >= {"HasProperty", "SenticRelated"}


def test_sentic_medoids_cluster_by_label(tiny_kb):
    positive = {"joy", "contentment"}  # the positive moods present in the fixture
    negative = {"sadness"}
    for concept in ("love", "party", "hug", "puppy"):
        assert tiny_kb.sentic_cluster(concept) in positive
    for concept in ("war", "grief", "murder", "storm"):
        assert tiny_kb.sentic_cluster(concept) in negative


def test_manifest_records_sources_parameters_and_checksums(tiny_kb):
    m = tiny_kb.manifest
    assert m["parameters"]["n_components"] == 6
    assert set(m["sources"]) == {"conceptnet4", "senticnet9", "vader"}
    assert all(len(f["sha256"]) == 64 for f in m["files"].values())
    assert tiny_kb.n_components == 6
    # memory-mapped (a plain ndarray view of the map, read-only), not read into memory
    assert isinstance(tiny_kb.unit_vectors.base, np.memmap)
    assert not tiny_kb.unit_vectors.flags.writeable


def test_existing_build_is_reused_without_force(tiny_kb_home, tiny_registry, tiny_config):
    registry, paths = tiny_registry
    manifest = kb_dir(tiny_kb_home) / "manifest.json"
    before = manifest.read_text()
    messages: list[str] = []
    build_knowledge_base(tiny_config, home=tiny_kb_home, local_sources=paths, registry=registry, progress=messages.append)
    assert manifest.read_text() == before
    assert any("already built" in m for m in messages)


def test_truncated_array_is_detected_and_not_used(kb_copy):
    victim = kb_dir(kb_copy) / "unit_vectors.npy"
    victim.write_bytes(victim.read_bytes()[:-100])
    with pytest.raises(KnowledgeBaseError, match="damaged"):
        KnowledgeBase.load(kb_copy, build=False)


def test_flipped_byte_is_caught_by_the_checksum(kb_copy):
    victim = kb_dir(kb_copy) / "hourglass.npy"
    data = bytearray(victim.read_bytes())
    data[-7] ^= 0xFF
    victim.write_bytes(bytes(data))
    KnowledgeBase.load(kb_copy, build=False, verify="quick")  # same size: only the hash can tell
    with pytest.raises(KnowledgeBaseError, match="sha256"):
        KnowledgeBase.load(kb_copy, build=False)


def test_garbage_manifest_is_a_clear_error(kb_copy):
    (kb_dir(kb_copy) / "manifest.json").write_text("{not json")
    with pytest.raises(KnowledgeBaseError, match="unreadable"):
        KnowledgeBase.load(kb_copy, build=False)


def test_incompatible_format_is_refused(kb_copy):
    path = kb_dir(kb_copy) / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["format_version"] = 999
    path.write_text(json.dumps(manifest))
    with pytest.raises(KnowledgeBaseError, match="format 999.*rebuild it with `sentic kb build`"):
        KnowledgeBase.load(kb_copy, build=False)


def test_damaged_cache_is_rebuilt(kb_copy, tiny_registry, tiny_config):
    registry, paths = tiny_registry
    (kb_dir(kb_copy) / "polarity.npy").write_bytes(b"garbage")
    with pytest.raises(KnowledgeBaseError):
        KnowledgeBase.load(kb_copy, build=False)
    build_knowledge_base(tiny_config, home=kb_copy, local_sources=paths, registry=registry)
    kb = KnowledgeBase.load(kb_copy, build=False)
    assert kb.reading("love").polarity > 0


def test_failed_build_leaves_the_good_cache_untouched(kb_copy, tiny_registry, tiny_config, tmp_path):
    registry, paths = tiny_registry
    before = {p.name: p.read_bytes() for p in kb_dir(kb_copy).iterdir()}
    broken = dict(paths, senticnet9=str(tmp_path / "missing.tar.gz"))
    with pytest.raises(Exception):
        build_knowledge_base(tiny_config, home=kb_copy, local_sources=broken, registry=registry, force=True)
    after = {p.name: p.read_bytes() for p in kb_dir(kb_copy).iterdir()}
    assert after == before
    assert not [p for p in (kb_copy / "kb").iterdir() if ".tmp-" in p.name]


def test_unwritable_cache_directory_is_a_clear_error(tmp_path, tiny_registry, tiny_config):
    registry, paths = tiny_registry
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(KnowledgeBaseError, match="cannot create cache directory"):
        build_knowledge_base(tiny_config, home=blocker / "home", local_sources=paths, registry=registry)


def test_invalid_parameters_are_rejected_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="n_components"):
        build_knowledge_base(BuildConfig(n_components=0), home=tmp_path)
    with pytest.raises(KnowledgeBaseError, match="invalid knowledge base name"):
        kb_dir(tmp_path, "../escape")


def _build_in_process(args):
    home, paths, registry, config = args
    return str(build_knowledge_base(config, home=Path(home), local_sources=paths, registry=registry, force=False))


def test_concurrent_builds_serialise_on_the_lock(tmp_path, tiny_registry, tiny_config):
    registry, paths = tiny_registry
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(_build_in_process, [(str(tmp_path), paths, registry, tiny_config)] * 2)
    assert len(set(results)) == 1
    kb = KnowledgeBase.load(tmp_path, build=False)
    assert kb.reading("joy").polarity > 0

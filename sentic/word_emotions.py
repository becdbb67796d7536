"""Emotion evidence of common words from their MiniLM embeddings, computed when the knowledge base is built.

The engine's emotion evidence for a concept is how close it lies to each emotion's
prototype concepts ("angry", "furious", ...; see :data:`sentic.ekman.EMOTION_PROTOTYPES`).
In AffectiveSpace that closeness reflects shared commonsense features, which blur
emotions of the same polarity: "insulted", "uneasy" and "discouraged" sit among
unpleasant things in general. A sentence-embedding model trained on how words are used
separates them better, so for the words people use every day the evidence is read from
MiniLM embeddings instead, as the mean of two readings of closeness:

* to the emotion's **core**: the cosine of the word to the centroid of its prototypes;
* to the emotion's **family**: the cosine to the nearest of its prototypes and everyday
  family words (:data:`sentic.ekman.EMOTION_FAMILY_WORDS`: "sorry" and "miss" for
  sadness, "thanks" and "proud" for joy). A centroid of so diverse a family would sit
  between its members, near none; the nearest member does not.

Each reading is the word's cosine minus its mean cosine over the six emotions (what
is left is what sets one emotion apart), divided by :data:`EVIDENCE_SCALE` and clipped
to [0, 1].

Which words: single words that ConceptNet or VADER know (about 30,000; common English,
not SenticNet's long tail of rare forms), embedded once at build time (about 25 s on 2
cores) and stored with the knowledge base; nothing is embedded at analysis time, so
fast mode stays light. A multi-word concept with common words among its own gets the
mean of their evidence (``feel_uneasy`` from ``feel`` and ``uneasy``), composed the same
way at build time. No labelled sentences are involved.

Measured on the development sets (``benchmarks/emotion_eval.py``, fast mode), against
the AffectiveSpace evidence alone: GoEmotions macro-F1 0.321 -> 0.355, dair-ai 0.434 ->
0.493 with the core reading of single words; composing multi-word concepts: 0.362 and
0.496; adding the family reading: 0.390 and 0.514 (SemEval-2007 mean r 0.394 -> 0.385).
Reading the family alone gave 0.404 and 0.492 (r 0.369); the mean keeps dair-ai and
SemEval. ``EVIDENCE_SCALE`` was chosen there, between 0.15 (more dair-ai, less
GoEmotions) and 0.3.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .ekman import EMOTION_PROTOTYPES, EVIDENCE_EMOTIONS, emotion_family

#: Cosine margin (over the word's mean cosine to all six emotions) that counts as full evidence.
EVIDENCE_SCALE = 0.3
#: Share of the family reading in the evidence (the rest is the core reading).
FAMILY_SHARE = 0.5
#: Knowledge-base flag bits of the sources that mark a word as common (see knowledge.affectnet).
_IN_CONCEPTNET, _IN_VADER = 1, 4


def common_words(names: Sequence[str], flags: np.ndarray) -> np.ndarray:
    """Row ids of single-word concepts that ConceptNet or VADER know."""
    flags = np.asarray(flags)
    known = (flags & (_IN_CONCEPTNET | _IN_VADER)) > 0
    return np.asarray([i for i in np.flatnonzero(known) if "_" not in names[i] and any(ch.isalpha() for ch in names[i])],
                      dtype=np.int64)


def _margin_evidence(closeness: np.ndarray, scale: float) -> np.ndarray:
    margin = closeness - closeness.mean(axis=1, keepdims=True)
    return np.clip(margin / scale, 0.0, 1.0).astype(np.float32)


def evidence_from_embeddings(words: np.ndarray, prototypes: np.ndarray, scale: float = EVIDENCE_SCALE) -> np.ndarray:
    """Core evidence (m, 6) in [0, 1] from unit word embeddings (m, d) and unit prototype centroids (6, d)."""
    cosine = np.asarray(words, dtype=np.float32) @ np.asarray(prototypes, dtype=np.float32).T
    return _margin_evidence(cosine, scale)


def family_evidence(words: np.ndarray, families: Sequence[np.ndarray], scale: float = EVIDENCE_SCALE) -> np.ndarray:
    """Family evidence (m, 6) in [0, 1]: closeness to the nearest member of each emotion's family.

    ``families`` holds one array of unit member embeddings (k, d) per emotion, in
    EVIDENCE_EMOTIONS order.
    """
    words = np.asarray(words, dtype=np.float32)
    nearest = np.stack([(words @ np.asarray(members, dtype=np.float32).T).max(axis=1) for members in families], axis=1)
    return _margin_evidence(nearest, scale)


def phrase_evidence(names: Sequence[str], word_ids: np.ndarray,
                    evidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
            rows.append(evidence[found].mean(axis=0))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, evidence.shape[1]), dtype=np.float32)
    return np.asarray(ids, dtype=np.int64), np.stack(rows).astype(np.float32)


def prototype_centroids(model: Any) -> np.ndarray:
    """Unit centroid (6, d) of each emotion's prototype words, in EVIDENCE_EMOTIONS order."""
    rows = []
    for emotion in EVIDENCE_EMOTIONS:
        vectors = model.encode(list(EMOTION_PROTOTYPES[emotion]), normalize_embeddings=True, show_progress_bar=False)
        centroid = np.asarray(vectors, dtype=np.float32).mean(axis=0)
        rows.append(centroid / (np.linalg.norm(centroid) or 1.0))
    return np.stack(rows)


def family_embeddings(model: Any) -> list[np.ndarray]:
    """Unit embeddings (k, d) of each emotion's family members, in EVIDENCE_EMOTIONS order."""
    return [np.asarray(model.encode(list(emotion_family(e)), normalize_embeddings=True, show_progress_bar=False),
                       dtype=np.float32) for e in EVIDENCE_EMOTIONS]


def word_evidence(vectors: np.ndarray, model: Any, family_share: float = FAMILY_SHARE) -> np.ndarray:
    """Evidence (m, 6) of words from their unit embeddings: core and family readings mixed."""
    core = evidence_from_embeddings(vectors, prototype_centroids(model))
    family = family_evidence(vectors, family_embeddings(model))
    return ((1.0 - family_share) * core + family_share * family).astype(np.float32)


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
    evidence = word_evidence(np.asarray(vectors), model)
    phrase_ids, phrase_rows = phrase_evidence(names, ids, evidence)
    all_ids = np.concatenate([ids, phrase_ids])
    order = np.argsort(all_ids, kind="stable")
    return {
        "word_emotion_ids": all_ids[order],
        "word_emotion_evidence": np.concatenate([evidence, phrase_rows])[order],
    }


__all__ = ["EVIDENCE_SCALE", "FAMILY_SHARE", "common_words", "evidence_from_embeddings", "family_embeddings",
           "family_evidence", "phrase_evidence", "prototype_centroids", "word_emotion_arrays", "word_evidence"]

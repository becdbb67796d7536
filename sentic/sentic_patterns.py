"""Sentic patterns: from concept readings to a sentence reading.

The parser marks the structure (negation scopes, clauses and their weights,
irrealis, questions, intensifiers, exclamation); this module turns it into numbers:

* **negation** flips a concept's reading and damps it (``NEGATION_FACTOR``): "not
  happy" is unhappy, but less so than "sad";
* **intensifiers and downtoners** scale the concept (the parser's ``intensity``);
* **adversatives and concessives** ("but", "although", "however") weight clauses,
  so the clause that carries the point wins;
* **irrealis** ("if", "would", "wish") and **questions** damp what they contain:
  what is hypothetical or asked is not asserted;
* **exclamation** strengthens the whole sentence.

Concepts are averaged with weights that grow with their affective strength, so a
sentence is not diluted by neutral concepts ("table", "monday") around the one
word that carries the feeling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

NEGATION_FACTOR = 0.8
IRREALIS_FACTOR = 0.4
QUESTION_FACTOR = 0.6
EXCLAMATION_STEP = 0.1
MAX_EXCLAMATION_STEPS = 3
#: Floor of a concept's weight, so weakly affective concepts still count a little.
STRENGTH_FLOOR = 0.15


@dataclass(frozen=True)
class PatternedConcept:
    """A concept's reading after the patterns that apply to it."""

    hourglass: np.ndarray  # (4,)
    polarity: float
    weight: float


def apply_to_concept(
    hourglass: np.ndarray,
    polarity: float,
    confidence: float,
    *,
    negated: bool,
    intensity: float,
    clause_weight: float,
    irrealis: bool,
    question: bool,
) -> PatternedConcept:
    """Apply the concept-level patterns and return the reading with its weight in the sentence."""
    h = np.asarray(hourglass, dtype=np.float32)
    p = float(polarity)
    if negated:
        h = -NEGATION_FACTOR * h
        p = -NEGATION_FACTOR * p
    scale = float(np.clip(intensity, 0.0, 3.0))
    # What is hypothetical or asked is not asserted: it counts less and weighs less.
    if irrealis:
        scale *= IRREALIS_FACTOR
    if question:
        scale *= QUESTION_FACTOR
    h = np.clip(h * scale, -1.0, 1.0)
    p = float(np.clip(p * scale, -1.0, 1.0))
    weight = clause_weight * confidence * (STRENGTH_FLOOR + abs(p))
    return PatternedConcept(h, p, float(weight))


def combine(
    concepts: Sequence[PatternedConcept],
    *,
    exclamations: int = 0,
    damping: float = 1.0,
) -> tuple[np.ndarray, float, float]:
    """Weighted combination: ``(hourglass (4,), polarity, total weight)``.

    ``damping`` scales the result (irrealis or questions over the whole text).
    """
    if not concepts:
        return np.zeros(4, dtype=np.float32), 0.0, 0.0
    w = np.array([c.weight for c in concepts], dtype=np.float64)
    total = float(w.sum())
    if total <= 0:
        return np.zeros(4, dtype=np.float32), 0.0, 0.0
    H = np.stack([c.hourglass for c in concepts]).astype(np.float64)
    P = np.array([c.polarity for c in concepts], dtype=np.float64)
    hourglass = (w[:, None] * H).sum(axis=0) / total
    polarity = float((w * P).sum() / total)
    boost = 1.0 + EXCLAMATION_STEP * min(max(exclamations, 0), MAX_EXCLAMATION_STEPS)
    hourglass = np.clip(hourglass * boost * damping, -1.0, 1.0).astype(np.float32)
    polarity = float(np.clip(polarity * boost * damping, -1.0, 1.0))
    return hourglass, polarity, total

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
word that carries the feeling. Everything works on flat arrays of concept mentions
(all the mentions of a batch at once) so batches cost a few NumPy calls.
"""

from __future__ import annotations

import numpy as np

NEGATION_FACTOR = 0.8
IRREALIS_FACTOR = 0.4
QUESTION_FACTOR = 0.6
EXCLAMATION_STEP = 0.1
MAX_EXCLAMATION_STEPS = 3
#: Floor of a concept's weight, so weakly affective concepts still count a little.
STRENGTH_FLOOR = 0.15


def apply_patterns(
    hourglass: np.ndarray,
    polarity: np.ndarray,
    confidence: np.ndarray,
    *,
    negated: np.ndarray,
    intensity: np.ndarray,
    clause_weight: np.ndarray,
    irrealis: np.ndarray,
    question: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concept-level patterns for ``m`` mentions: returns hourglass (m, 4), polarity (m,), weight (m,)."""
    sign = np.where(negated, -NEGATION_FACTOR, 1.0)
    scale = np.clip(intensity, 0.0, 3.0) * sign
    scale = scale * np.where(irrealis, IRREALIS_FACTOR, 1.0) * np.where(question, QUESTION_FACTOR, 1.0)
    h = np.clip(hourglass * scale[:, None], -1.0, 1.0)
    p = np.clip(polarity * scale, -1.0, 1.0)
    weight = clause_weight * confidence * (STRENGTH_FLOOR + np.abs(p))
    return h, p, weight


def combine(
    rows: np.ndarray,
    hourglass: np.ndarray,
    polarity: np.ndarray,
    weight: np.ndarray,
    n_rows: int,
    exclamations: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted combination per sentence: hourglass (n, 4), polarity (n,), total weight (n,).

    ``rows`` gives each mention's sentence; sentences without mentions get zeros.
    """
    total = np.bincount(rows, weights=weight, minlength=n_rows).astype(np.float64)
    safe = np.where(total > 0, total, 1.0)
    h = np.stack(
        [np.bincount(rows, weights=weight * hourglass[:, d], minlength=n_rows) for d in range(hourglass.shape[1])],
        axis=1,
    ).astype(np.float64) / safe[:, None]
    p = np.bincount(rows, weights=weight * polarity, minlength=n_rows).astype(np.float64) / safe
    boost = 1.0 + EXCLAMATION_STEP * np.clip(exclamations, 0, MAX_EXCLAMATION_STEPS)
    return np.clip(h * boost[:, None], -1.0, 1.0), np.clip(p * boost, -1.0, 1.0), total

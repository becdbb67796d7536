"""The common affect space shared by text and faces.

A reading in this space has the same fields whatever produced it: polarity in
[-1, 1], the four Hourglass dimensions, and scores for Ekman's six basic emotions plus
neutral. Text readings come from the knowledge base; face readings come from FER
probabilities (see :mod:`sentic.faces.affect`); fusion combines readings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .hourglass import DIMENSIONS, labels as hourglass_labels

#: Ekman's six basic emotions plus neutral, in the order used for arrays.
EKMAN: tuple[str, ...] = ("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral")

#: FER2013 class order (the order of ``ExpressionRecognizer.predict_proba`` columns).
FER_CLASSES: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")

#: FER2013 class -> Ekman name (same order, different words).
FER_TO_EKMAN: dict[str, str] = dict(zip(FER_CLASSES, EKMAN))

#: Polarity magnitude below which a reading is labelled neutral.
NEUTRAL_POLARITY = 0.05


def polarity_label(value: float) -> str:
    """``positive``, ``negative`` or ``neutral`` for a polarity value."""
    if value > NEUTRAL_POLARITY:
        return "positive"
    if value < -NEUTRAL_POLARITY:
        return "negative"
    return "neutral"


@dataclass
class AffectReading:
    """One reading in the common affect space.

    ``confidence`` in [0, 1] says how much the producer trusts the reading; fusion
    uses it as a weight.
    """

    polarity: float
    hourglass: dict[str, float]
    ekman: dict[str, float]
    confidence: float = 1.0
    source: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return polarity_label(self.polarity)

    @property
    def emotions(self) -> list[str]:
        return hourglass_labels(self.hourglass)

    @property
    def top_ekman(self) -> str:
        """The Ekman emotion (or neutral) with the highest score; ties go to the first in EKMAN order."""
        return max(EKMAN, key=lambda e: self.ekman[e])

    def to_dict(self) -> dict[str, Any]:
        return {
            "polarity": float(self.polarity),
            "label": self.label,
            "hourglass": {d: float(self.hourglass[d]) for d in DIMENSIONS},
            "emotions": self.emotions,
            "ekman": {e: float(self.ekman[e]) for e in EKMAN},
            "confidence": float(self.confidence),
        }


def validate_ekman(scores: Mapping[str, float]) -> dict[str, float]:
    """Check an Ekman score mapping has exactly the seven keys with values in [0, 1]."""
    missing = set(EKMAN) - set(scores)
    if missing:
        raise ValueError(f"ekman scores lack {sorted(missing)}")
    return {e: float(scores[e]) for e in EKMAN}

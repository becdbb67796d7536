"""From the Hourglass of Emotions to Ekman's basic emotions.

The revisited Hourglass (Susanto et al. 2020) pairs the negative pole of each
dimension with one of Ekman's emotions: introspection with sadness (melancholy,
sadness, grief), temper with anger (annoyance, anger, rage), attitude with disgust
(dislike, disgust, loathing) and sensitivity with fear (anxiety, fear, terror). All
four positive poles (joy, calmness, pleasantness, eagerness) are pleasant states, and
Ekman has one pleasant emotion, joy; introspection (the joy/sadness axis) leads it.

Surprise has no Hourglass dimension (the revisited model dropped the old
attention/surprise axis), so it needs a source of its own: how close the concepts
lie to the surprise prototypes in AffectiveSpace (computed by the engine), plus the
"?!"-style cues of the text. Neutral is what is left when nothing else is strong.
"""

from __future__ import annotations

import numpy as np

from .affect import EKMAN

#: Weights of the positive poles in joy: introspection leads, the others support it.
JOY_WEIGHTS = np.array([1.0, 0.6, 0.8, 0.6], dtype=np.float32)
NEGATIVE_POLE = {"sadness": 0, "anger": 1, "disgust": 2, "fear": 3}


def pole_weights(hourglass: np.ndarray, exponent: float = 0.5, band: float = 0.1) -> np.ndarray:
    """Weights that put the four negative poles on an equal footing.

    SenticNet marks far fewer concepts with a negative temper (anger: 9% of concepts)
    than a negative introspection (sadness: 25%), so averaged over a sentence anger
    is drowned. Each pole is weighted by ``(most common pole's share / its share) **
    exponent``, read off the knowledge base itself (no labelled sentences).
    """
    h = np.asarray(hourglass, dtype=np.float32)
    share = np.maximum((h < -band).mean(axis=0), 1e-6)
    return (share.max() / share) ** exponent


def ekman_scores(
    hourglass: np.ndarray, surprise: float = 0.0, weights: np.ndarray | None = None
) -> dict[str, float]:
    """Ekman-7 scores in [0, 1] for one Hourglass vector (introspection, temper, attitude, sensitivity).

    ``weights`` (4,) rescales the negative poles (see :func:`pole_weights`).
    """
    h = np.clip(np.asarray(hourglass, dtype=np.float32), -1.0, 1.0)
    positive = np.clip(h, 0.0, None)
    negative = np.clip(-h, 0.0, None)
    if weights is not None:
        negative = np.clip(negative * weights, 0.0, 1.0)
    scores = {
        "joy": float(min(1.0, (positive * JOY_WEIGHTS).max(initial=0.0))),
        "sadness": float(negative[0]),
        "anger": float(negative[1]),
        "disgust": float(negative[2]),
        "fear": float(negative[3]),
        "surprise": float(np.clip(surprise, 0.0, 1.0)),
    }
    scores["neutral"] = float(max(0.0, 1.0 - 2.0 * max(scores.values())))
    return {e: scores[e] for e in EKMAN}

"""Facial expression probabilities in the common affect space.

A FER model gives a distribution over seven expressions (FER2013 order: angry,
disgust, fear, happy, sad, surprise, neutral). :func:`face_reading` turns it into an
:class:`~sentic.affect.AffectReading`, so a face can be compared with, and fused with,
a text reading:

* **Ekman**: the probabilities themselves (FER2013's classes are Ekman's six plus
  neutral, in the same order as :data:`sentic.affect.EKMAN`).
* **Hourglass**: the expectation, under the distribution, of a per-expression
  position in the four dimensions (:data:`FACE_AFFECT`).
* **Polarity**: the expectation of a per-expression valence, so that it is a linear,
  continuous function of the probabilities; for a pure expression it equals the
  SenticNet polarity (mean of the non-zero dimensions) of its Hourglass position,
  except for surprise (see below).
* **Confidence**: how peaked the distribution is (see :func:`distribution_confidence`).

This module imports neither torch nor OpenCV: it also serves probabilities from any
other FER model (a user's POSTER, a cloud API, ...) as long as they come in this
class order or as a mapping keyed by class names.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np

from ..affect import EKMAN, FER_CLASSES, AffectReading
from ..errors import InputError
from ..hourglass import DIMENSIONS

#: Where each expression sits in the affect space, per unit of probability:
#: ``(introspection, temper, attitude, sensitivity, valence, arousal)``.
#:
#: Why these positions. The revisited Hourglass (Susanto et al. 2020) names the
#: -0.66 level of each dimension after a basic emotion: introspection "sadness",
#: temper "anger", attitude "disgust", sensitivity "fear"; its +0.66 levels are "joy"
#: (introspection) and "pleasantness" (attitude). Each expression is therefore put at
#: the 0.66 level of the dimension that carries its name, so a confident face gets the
#: same label a SenticNet concept of that emotion gets (a sad face reads "sadness",
#: not "grief": a photo tells the kind of emotion better than its intensity). A smile
#: is both joy and pleasantness, so happy is positive on introspection and attitude.
#: Surprise has no pole of its own in the revisited model; as an orienting, aroused
#: state it is placed at sensitivity +0.33 ("responsiveness"). Neutral is the origin.
#:
#: Valence and arousal give the continuous view that CAKE (Cambria et al. 2017) argues
#: for. Valence is the SenticNet polarity of the Hourglass position (+-0.66), except
#: for surprise, whose valence is ambiguous in faces (it precedes pleasant and
#: unpleasant events alike) and sits only slightly on the pleasant side in Russell's
#: circumplex (1980), hence +0.1 rather than the +0.33 its position would give.
#: Arousal is the expression's ordinal place on the circumplex's vertical axis
#: (surprise, anger and fear high; sadness low), reported for information only: it
#: enters neither polarity nor the Hourglass values.
FACE_AFFECT: dict[str, tuple[float, float, float, float, float, float]] = {
    #          intro  temper  attit  sensit  valence arousal
    "angry": (0.0, -0.66, 0.0, 0.0, -0.66, 0.7),
    "disgust": (0.0, 0.0, -0.66, 0.0, -0.66, 0.3),
    "fear": (0.0, 0.0, 0.0, -0.66, -0.66, 0.7),
    "happy": (0.66, 0.0, 0.66, 0.0, 0.66, 0.4),
    "sad": (-0.66, 0.0, 0.0, 0.0, -0.66, -0.5),
    "surprise": (0.0, 0.0, 0.0, 0.33, 0.1, 0.8),
    "neutral": (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
}

#: :data:`FACE_AFFECT` as a ``(7, 6)`` array, rows in FER2013 (= Ekman) order.
FACE_AFFECT_MATRIX: np.ndarray = np.array([FACE_AFFECT[c] for c in FER_CLASSES], dtype=np.float64)
FACE_AFFECT_MATRIX.setflags(write=False)

#: Largest deviation of the probability sum from 1 that is renormalised rather than
#: refused (covers outputs rounded to two decimals, as the ``fer`` package reports).
SUM_TOLERANCE = 0.05
#: Negative values this close to 0 are float noise and are clipped to 0.
NEGATIVE_TOLERANCE = 1e-6


def validate_probs(probs: Sequence[float] | np.ndarray | Mapping[str, float], tolerance: float = SUM_TOLERANCE) -> np.ndarray:
    """Check a 7-class expression distribution and return it as float64, summing to 1.

    ``probs`` is a length-7 sequence in FER2013 order, or a mapping keyed by the
    FER2013 class names (``angry`` ... ``neutral``) or by the Ekman names of
    :data:`sentic.affect.EKMAN` (``anger`` ... ``neutral``). Values must be finite and
    non-negative and sum to 1 within ``tolerance`` (then they are renormalised);
    anything else raises :class:`InputError`.
    """
    if isinstance(probs, Mapping):
        keys = set(probs)
        names = FER_CLASSES if keys == set(FER_CLASSES) else EKMAN if keys == set(EKMAN) else None
        if names is None:
            raise InputError(
                f"face probabilities must be keyed by {list(FER_CLASSES)} or {list(EKMAN)}, got {sorted(map(str, keys))}"
            )
        values = [probs[name] for name in names]
    else:
        values = probs
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"face probabilities must be 7 numbers: {exc}") from exc
    if arr.ndim == 2 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.shape != (len(FER_CLASSES),):
        raise InputError(
            f"face probabilities must be 7 values in the order {', '.join(FER_CLASSES)}; got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise InputError("face probabilities contain NaN or infinite values")
    if arr.min() < -NEGATIVE_TOLERANCE:
        raise InputError(f"face probabilities must be non-negative, got {arr.min():g}")
    arr = np.clip(arr, 0.0, None)
    total = float(arr.sum())
    if abs(total - 1.0) > tolerance:
        raise InputError(
            f"face probabilities must sum to 1 (within {tolerance}), got {total:.4g}; "
            "pass softmax probabilities, not logits or scores"
        )
    return arr / total


def distribution_confidence(probs: np.ndarray) -> float:
    """How much to trust a distribution: 1 for one class at probability 1, 0 for uniform.

    The mean of two normalised views: the top probability above chance,
    ``(max - 1/K) / (1 - 1/K)``, which ignores how the rest is spread, and one minus
    the normalised entropy, ``1 - H(p) / log K``, which ignores which class leads.
    Entropy alone rates a 50/50 split between two expressions at 0.64; the mean gives
    0.53, closer to how usable such a reading is.
    """
    p = np.asarray(probs, dtype=np.float64)
    k = p.shape[-1]
    top = (p.max() - 1.0 / k) / (1.0 - 1.0 / k)
    nz = p[p > 0]
    entropy = float(-(nz * np.log(nz)).sum())
    certainty = 1.0 - entropy / math.log(k)
    return float(np.clip(0.5 * (top + certainty), 0.0, 1.0))


def affect_of_distribution(probs: np.ndarray) -> tuple[np.ndarray, float, float, float]:
    """``(hourglass[4], polarity, valence, arousal)`` of a validated 7-class distribution.

    Shared by :func:`face_reading` and by fusion methods that output an Ekman
    distribution, so all of them place a distribution in the affect space the same way.
    Polarity and valence are the same number.
    """
    position = np.asarray(probs, dtype=np.float64) @ FACE_AFFECT_MATRIX
    hourglass = position[:4]
    valence = float(position[4])
    return hourglass, valence, valence, float(position[5])


def face_reading(probs: Sequence[float] | np.ndarray | Mapping[str, float], *, source: str = "face") -> AffectReading:
    """The :class:`~sentic.affect.AffectReading` of one face's expression probabilities.

    ``probs``: see :func:`validate_probs`. The reading's ``details`` keep the FER
    probabilities, the top expression, valence and arousal.
    """
    p = validate_probs(probs)
    hourglass, polarity, valence, arousal = affect_of_distribution(p)
    top = int(np.argmax(p))
    return AffectReading(
        polarity=float(np.clip(polarity, -1.0, 1.0)),
        hourglass={dim: float(v) for dim, v in zip(DIMENSIONS, hourglass)},
        ekman={name: float(v) for name, v in zip(EKMAN, p)},
        confidence=distribution_confidence(p),
        source=source,
        details={
            "fer": {name: float(v) for name, v in zip(FER_CLASSES, p)},
            "expression": FER_CLASSES[top],
            "valence": valence,
            "arousal": arousal,
        },
    )


def face_readings(proba: np.ndarray, *, source: str = "face") -> list[AffectReading]:
    """:func:`face_reading` of each row of an ``(N, 7)`` array (e.g. ``predict_proba`` output)."""
    arr = np.asarray(proba)
    if arr.ndim != 2 or arr.shape[1] != len(FER_CLASSES):
        raise InputError(f"expected an (N, 7) probability array, got shape {arr.shape}")
    return [face_reading(row, source=source) for row in arr]

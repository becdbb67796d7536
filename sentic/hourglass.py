"""The Hourglass of Emotions (revisited, Susanto et al. 2020): dimensions, levels, labels.

SenticNet 9 stores four values per concept in the order introspection, temper,
attitude, sensitivity (not the names the ``sentic`` package uses). Each dimension
ranges over [-1, 1] and is named at six levels, from +1 down to -1.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

DIMENSIONS: tuple[str, ...] = ("introspection", "temper", "attitude", "sensitivity")

#: Label of each dimension at levels +1, +0.66, +0.33, -0.33, -0.66, -1.
LEVEL_LABELS: dict[str, tuple[str, ...]] = {
    "introspection": ("ecstasy", "joy", "contentment", "melancholy", "sadness", "grief"),
    "temper": ("bliss", "calmness", "serenity", "annoyance", "anger", "rage"),
    "attitude": ("delight", "pleasantness", "acceptance", "dislike", "disgust", "loathing"),
    "sensitivity": ("enthusiasm", "eagerness", "responsiveness", "anxiety", "fear", "terror"),
}
LEVELS: tuple[float, ...] = (1.0, 0.66, 0.33, -0.33, -0.66, -1.0)

#: All 24 labels, dimension-major; index = 6 * dimension + level.
LABELS: tuple[str, ...] = tuple(label for dim in DIMENSIONS for label in LEVEL_LABELS[dim])
LABEL_INDEX: dict[str, int] = {label: i for i, label in enumerate(LABELS)}
LABEL_DIMENSION: dict[str, str] = {label: dim for dim in DIMENSIONS for label in LEVEL_LABELS[dim]}

#: Values below this magnitude carry no label (SenticNet's smallest non-zero level is ~0.1).
NEUTRAL_BAND = 0.1


def polarity(values: Sequence[float] | np.ndarray) -> float:
    """Polarity as SenticNet defines it: the mean of the non-zero dimensions (0 if none)."""
    arr = np.asarray(values, dtype=np.float64)
    nz = np.abs(arr) > 1e-9
    return float(arr[nz].mean()) if nz.any() else 0.0


def polarity_rows(matrix: np.ndarray, eps: float = 1e-9) -> np.ndarray:
    """Row-wise :func:`polarity` of an ``(n, 4)`` array."""
    matrix = np.asarray(matrix, dtype=np.float64)
    nz = np.abs(matrix) > eps
    counts = nz.sum(axis=1)
    sums = np.where(nz, matrix, 0.0).sum(axis=1)
    return np.divide(sums, counts, out=np.zeros(len(matrix)), where=counts > 0)


#: Magnitude thresholds between the weak, middle and strong level of a dimension,
#: read off SenticNet 9's own mood tags: weak labels cover about 0.17-0.48, middle
#: 0.50-0.66 and strong 0.82-1 (e.g. ``abacinate``: attitude -0.799 is "loathing").
LEVEL_THRESHOLDS: tuple[float, float] = (0.49, 0.74)


def level_label(dimension: str, value: float) -> str | None:
    """The Hourglass label of ``value`` on ``dimension``; ``None`` inside the neutral band."""
    magnitude = abs(value)
    if magnitude < NEUTRAL_BAND:
        return None
    names = LEVEL_LABELS[dimension]
    strength = 0 if magnitude >= LEVEL_THRESHOLDS[1] else 1 if magnitude >= LEVEL_THRESHOLDS[0] else 2
    return names[strength] if value > 0 else names[5 - strength]


def labels(values: Mapping[str, float] | Sequence[float]) -> list[str]:
    """Hourglass labels present in a reading, strongest dimension first."""
    if isinstance(values, Mapping):
        pairs = [(dim, float(values[dim])) for dim in DIMENSIONS]
    else:
        pairs = list(zip(DIMENSIONS, (float(v) for v in values)))
    pairs.sort(key=lambda p: -abs(p[1]))
    out = []
    for dim, value in pairs:
        label = level_label(dim, value)
        if label is not None:
            out.append(label)
    return out


def as_dict(values: Sequence[float] | np.ndarray) -> dict[str, float]:
    """``{dimension: value}`` with plain floats, in the canonical order."""
    return {dim: float(v) for dim, v in zip(DIMENSIONS, values)}

"""The Ekman mapping: Hourglass poles and prototype evidence, held to the reading's sign."""

from __future__ import annotations

import numpy as np
import pytest

from sentic.affect import EKMAN
from sentic.ekman import CONSISTENCY_POLARITY, EVIDENCE_EMOTIONS, ekman_matrix


def _evidence(**values: float) -> np.ndarray:
    return np.array([[values.get(e, 0.0) for e in EVIDENCE_EMOTIONS]], dtype=np.float32)


def _scores(hourglass: list[float], evidence: np.ndarray, **kw) -> dict[str, float]:
    return dict(zip(EKMAN, ekman_matrix(np.array([hourglass], dtype=np.float32), evidence, **kw)[0].tolist()))


def test_evidence_against_a_positive_reading_is_discounted() -> None:
    """"yay": +0.95 on sensitivity, and next to "yuck" in MiniLM's space."""
    ev = _evidence(disgust=0.6, joy=0.3)
    held = _scores([0.0, 0.0, 0.0, 0.95], ev)
    loose = _scores([0.0, 0.0, 0.0, 0.95], ev, consistency=0.0)
    assert held["disgust"] == pytest.approx(0.2 * loose["disgust"], rel=1e-5)
    assert held["joy"] == pytest.approx(loose["joy"]) and held["joy"] > held["disgust"]
    assert loose["disgust"] > loose["joy"]  # what the rule is for


def test_joy_evidence_against_a_negative_reading_is_discounted() -> None:
    ev = _evidence(joy=0.5, sadness=0.2)
    held = _scores([-0.8, 0.0, 0.0, 0.0], ev)
    loose = _scores([-0.8, 0.0, 0.0, 0.0], ev, consistency=0.0)
    assert held["joy"] < loose["joy"] and held["sadness"] == pytest.approx(loose["sadness"])
    assert held["sadness"] > held["joy"]


def test_a_weak_reading_keeps_most_of_its_evidence() -> None:
    ev = _evidence(anger=0.5)
    weak = CONSISTENCY_POLARITY / 4  # a quarter of the way to the full discount
    held = _scores([weak, 0.0, 0.0, 0.0], ev)
    loose = _scores([weak, 0.0, 0.0, 0.0], ev, consistency=0.0)
    assert held["anger"] == pytest.approx(loose["anger"] * (1 - 0.8 * 0.25), rel=1e-4)
    flat = _scores([0.0, 0.0, 0.0, 0.0], ev)
    assert flat["anger"] == pytest.approx(_scores([0.0, 0.0, 0.0, 0.0], ev, consistency=0.0)["anger"])

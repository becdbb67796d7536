"""The grouped sums and means behind the sentence reading (pure numpy, no knowledge base)."""

from __future__ import annotations

import numpy as np
import pytest

from sentic import sentic_patterns as sp


def _reference_sums(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((n, values.shape[1]))
    for r, v in zip(rows, values):
        out[r] += v
    return out


@pytest.mark.parametrize("m", [3, 400, 5000])
def test_group_sums_both_paths_agree_exactly(m: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(m)
    n = max(2, m // 7)
    rows = np.sort(rng.integers(0, n, m))
    values = rng.normal(size=(m, 5))
    chosen = sp.group_sums(rows, values, n + 3)  # groups past the last row stay zero
    monkeypatch.setattr(sp, "_FLAT_GROUP_SUMS_MAX", 0)  # force one bincount per column
    per_column = sp.group_sums(rows, values, n + 3)
    monkeypatch.setattr(sp, "_FLAT_GROUP_SUMS_MAX", 10**9)  # force the flattened index
    flat = sp.group_sums(rows, values, n + 3)
    assert np.array_equal(per_column, flat) and np.array_equal(chosen, flat)
    assert np.allclose(flat, _reference_sums(rows, values, n + 3))
    assert not flat[n:].any()


@pytest.mark.parametrize("m", [4, 3000])
def test_weighted_mean_matches_definition(m: int) -> None:
    rng = np.random.default_rng(7)
    n = 6
    rows = np.sort(rng.integers(0, n - 1, m))  # the last group gets no rows
    values = rng.uniform(-1, 1, size=(m, 4)).astype(np.float32)
    weight = rng.uniform(0, 1, size=m)
    mean, total = sp._weighted_mean(rows, values, weight, n)
    for g in range(n):
        sel = rows == g
        assert total[g] == pytest.approx(weight[sel].sum())
        expected = (weight[sel, None] * values[sel]).sum(0) / weight[sel].sum() if sel.any() else np.zeros(4)
        assert np.allclose(mean[g], expected)
    assert total[-1] == 0 and not mean[-1].any()


def test_negativity_tilts_a_mixed_clause_and_only_its_polarity() -> None:
    # one clause: a positive reading and a negative one of the same strength and weight
    clause_of = np.array([0, 0])
    hourglass = np.array([[0.5, 0, 0, 0], [-0.5, 0, 0, 0]], dtype=np.float32)
    polarity = np.array([0.5, -0.5])
    weight = np.array([1.0, 1.0])
    args = (clause_of, hourglass, polarity, weight, np.array([0]), np.array([1.0]), 1, np.zeros(1))
    h_even, p_even, total_even = sp.combine(*args)
    assert abs(p_even[0]) < 1e-9
    tilted = sp.negativity_weights(polarity, weight, 1.5)
    assert tilted.tolist() == [1.0, 1.5]
    h, p, total = sp.combine(*args, tilted)
    assert p[0] == pytest.approx(-0.1)  # (0.5 - 0.75) / 2.5
    assert np.allclose(h, h_even) and np.allclose(total, total_even)  # Hourglass and evidence untouched
    # a clause with no negative reading is left as it was
    positive = np.array([0.5, 0.2])
    assert sp.negativity_weights(positive, weight, 1.5).tolist() == weight.tolist()
    assert sp.negativity_weights(polarity, weight, 1.0) is weight


def test_negating_a_neutral_concept_is_a_negative_cue() -> None:
    # neutral, weakly positive, beyond the span, negative (a litotes)
    polarity = np.array([0.0, 0.2, 0.9, -0.4])
    m = len(polarity)

    def run(negated: bool, irrealis: bool = False):
        return sp.apply_patterns(
            np.zeros((m, 4)), polarity, np.ones(m), negated=np.full(m, negated), intensity=np.ones(m),
            irrealis=np.full(m, irrealis), question=np.zeros(m, dtype=bool),
        )

    h, p, w = run(True)
    flipped = -sp.NEGATION_FACTOR * polarity
    assert p[0] == pytest.approx(-sp.NEGATION_CUE)  # "has not been processed"
    assert flipped[1] - sp.NEGATION_CUE < p[1] < flipped[1] < 0  # shifted, but less than a neutral one
    assert p[2] == pytest.approx(flipped[2]) and p[3] == pytest.approx(flipped[3])  # "not good", "no problem"
    assert not h.any()  # a negated neutral word says no emotion
    assert w[0] == pytest.approx(sp.STRENGTH_FLOOR + sp.NEGATION_CUE)  # it weighs like a reading of that strength
    # a hypothetical negation is damped like the reading itself; no negation, no cue
    assert run(True, irrealis=True)[1][0] == pytest.approx(-sp.NEGATION_CUE * sp.IRREALIS_FACTOR)
    assert run(False)[1].tolist() == pytest.approx(polarity.tolist())


def test_a_lowered_concept_is_reversed_without_the_cue_of_a_negation() -> None:
    polarity = np.array([0.0, -0.6, 0.5])
    hourglass = np.array([[0.0] * 4, [-0.6, 0.0, -0.3, 0.0], [0.5, 0.0, 0.0, 0.0]])
    m = len(polarity)

    def run(negated: bool, shifted: bool):
        return sp.apply_patterns(
            hourglass, polarity, np.ones(m), negated=np.full(m, negated), intensity=np.ones(m),
            irrealis=np.zeros(m, dtype=bool), question=np.zeros(m, dtype=bool), shifted=np.full(m, shifted),
        )

    h, p, _ = run(False, True)
    # "lowered the price" says nothing bad; "eased the pain" is good news, "profits fell" bad
    assert p.tolist() == pytest.approx((-sp.NEGATION_FACTOR * polarity).tolist())
    assert np.allclose(h, -sp.NEGATION_FACTOR * hourglass)
    # "didn't reduce the pain": both reversals; the negation still is a cue of its own
    h, p, _ = run(True, True)
    assert p[1] == pytest.approx(sp.NEGATION_FACTOR ** 2 * polarity[1])
    assert p[0] == pytest.approx(-sp.NEGATION_CUE) and p[2] < sp.NEGATION_FACTOR ** 2 * polarity[2]


def test_irony_turns_the_positive_readings_and_leaves_the_negative_ones() -> None:
    polarity = np.array([0.6, -0.5, 0.0, 0.4])
    hourglass = np.array([[0.6, 0.0, 0.3, 0.0], [-0.5, 0.0, 0.0, -0.2], [0.0] * 4, [0.4, 0.0, 0.0, 0.0]])
    m = len(polarity)
    ironic = np.array([True, True, True, False])  # the last mention's text carries no marker

    def run(marks):
        return sp.apply_patterns(
            hourglass, polarity, np.ones(m), negated=np.zeros(m, dtype=bool), intensity=np.ones(m),
            irrealis=np.zeros(m, dtype=bool), question=np.zeros(m, dtype=bool), ironic=marks,
        )

    h, p, w = run(ironic)
    # "great job #sarcasm": turned like a negation; "being sick #sarcasm": still bad
    assert p.tolist() == pytest.approx([-sp.IRONY_FACTOR * 0.6, -0.5, 0.0, 0.4])
    assert np.allclose(h[0], -sp.IRONY_FACTOR * hourglass[0]) and np.allclose(h[1:], hourglass[1:])
    # a turned reading weighs by its new strength, as a negated one does; the others as they did
    assert w[0] == pytest.approx(sp.STRENGTH_FLOOR + sp.IRONY_FACTOR * 0.6)
    assert w[1:].tolist() == pytest.approx(run(None)[2][1:].tolist())
    assert run(None)[1].tolist() == pytest.approx(polarity.tolist())
    # the same turn on its own, as the engine applies it to the meeting context
    h2, p2 = sp.turn_ironic(hourglass, polarity, ironic)
    assert p2.tolist() == pytest.approx(p.tolist()) and np.allclose(h2, h)

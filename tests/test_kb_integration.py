"""The real knowledge base, built from the real sources (as CI does): facts it must get right."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_counts_match_the_sources(real_kb):
    counts = real_kb.info()["counts"]
    assert counts["senticnet_concepts"] == 293_413
    assert 255_000 <= counts["conceptnet_concepts"] <= 260_047
    assert counts["conceptnet_senticnet_overlap"] > 10_000
    assert real_kb.n_components == 100
    assert counts["graph_edges"] > 900_000


def test_love_and_hate_are_far_apart_with_opposite_polarity(real_kb):
    love, hate = real_kb.reading("love"), real_kb.reading("hate")
    assert love.polarity > 0.5 and hate.polarity < -0.5
    assert real_kb.similarity("love", "hate") < 0.3
    assert real_kb.similarity("love", "adore") > real_kb.similarity("love", "hate")


def test_nearest_neighbours_are_plausible(real_kb):
    near = [name for name, _ in real_kb.neighbours("love", 20)]
    assert any(word in near for word in ("dote", "blind_by_love", "head_over_heel", "sweep_off_feet", "adore", "ilysm"))
    assert sum(real_kb.reading(n).polarity > 0 for n in near) >= 15


@pytest.mark.parametrize(
    "concept, sign",
    [("hug_friend", 1), ("get_promotion", 1), ("pass_exam", 1), ("receive_gift", 1),
     ("car_accident", -1), ("feel_pain", -1), ("lose_wallet", -1)],
)
def test_conceptnet_only_concepts_get_inferred_polarity_of_the_right_sign(real_kb, concept, sign):
    reading = real_kb.reading(concept)
    assert "senticnet" not in real_kb.sources_of(real_kb.id_of(concept))
    assert reading.source == "inferred"
    assert reading.polarity * sign > 0.05


def test_sentic_medoids_place_clear_concepts(real_kb):
    assert real_kb.sentic_cluster("torture") in {"grief", "sadness", "rage", "anger", "loathing", "disgust", "terror", "fear"}


@pytest.mark.parametrize(
    "word, emotion",
    [("furious", "anger"), ("disgusting", "disgust"), ("terrified", "fear"), ("uneasy", "fear"),
     ("delighted", "joy"), ("lonely", "sadness"), ("amazed", "surprise"),
     # milder members of the families, none of them a prototype or family word itself
     ("thankful", "joy"), ("appreciate", "joy"), ("regretful", "sadness"), ("irritating", "anger"),
     ("puzzled", "surprise")],
)
def test_common_words_carry_emotion_evidence_from_their_embeddings(real_kb, word, emotion):
    import numpy as np

    from sentic.ekman import EVIDENCE_EMOTIONS

    ids = np.asarray(real_kb._arrays["word_emotion_ids"])
    evidence = np.asarray(real_kb._arrays["word_emotion_evidence"])
    assert len(ids) > 20_000 and evidence.shape == (len(ids), len(EVIDENCE_EMOTIONS))
    assert (np.diff(ids) > 0).all()  # sorted and unique, so rows are found by bisection
    row = evidence[int(np.searchsorted(ids, real_kb.index[word]))]
    assert EVIDENCE_EMOTIONS[int(row.argmax())] == emotion and row.max() > 0.5
    # a word with no emotion gets little evidence for any
    assert evidence[int(np.searchsorted(ids, real_kb.index["table"]))].max() < 0.2


def test_multi_word_concepts_compose_the_evidence_of_their_words(real_kb):
    import numpy as np

    from sentic.ekman import EVIDENCE_EMOTIONS

    ids = np.asarray(real_kb._arrays["word_emotion_ids"])
    evidence = np.asarray(real_kb._arrays["word_emotion_evidence"])
    row = evidence[int(np.searchsorted(ids, real_kb.index["feel_uneasy"]))]
    assert EVIDENCE_EMOTIONS[int(row.argmax())] == "fear"

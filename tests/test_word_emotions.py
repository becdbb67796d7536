"""Tests of the word-embedding emotion evidence (sentic.word_emotions), on hand-made vectors."""

from __future__ import annotations

import numpy as np

from sentic.ekman import EMOTION_PROTOTYPES, EVIDENCE_EMOTIONS
from sentic.word_emotions import EVIDENCE_SCALE, common_words, evidence_from_embeddings


def test_evidence_is_the_margin_over_the_word_s_mean_cosine() -> None:
    prototypes = np.eye(6, 8, dtype=np.float32)  # one axis per emotion
    anger_like = np.array([0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.0], dtype=np.float32)
    flat = np.array([0.3] * 6 + [0.5, 0.1], dtype=np.float32)  # close to every emotion alike
    out = evidence_from_embeddings(np.stack([anger_like, flat]), prototypes)
    assert out.shape == (2, 6) and out.dtype == np.float32
    assert EVIDENCE_EMOTIONS[int(out[0].argmax())] == "anger"
    assert out[0, 0] == np.float32(min(1.0, (0.9 - anger_like[:6].mean()) / EVIDENCE_SCALE))
    assert (out[0, 1:] == 0).all()  # below the mean: no evidence, not negative evidence
    np.testing.assert_allclose(out[1], 0.0, atol=1e-6)  # the same closeness to all six says nothing
    assert out.max() <= 1.0


def test_common_words_are_single_words_conceptnet_or_vader_know() -> None:
    names = ["happy", "ice_cream", "zqx", "sad", "12", "joy"]
    flags = np.array([1, 1, 2, 4, 1, 3], dtype=np.uint8)  # 1 ConceptNet, 2 SenticNet, 4 VADER
    assert common_words(names, flags).tolist() == [0, 3, 5]


def test_every_emotion_has_prototypes() -> None:
    assert set(EMOTION_PROTOTYPES) == set(EVIDENCE_EMOTIONS)
    assert all(len(words) >= 5 for words in EMOTION_PROTOTYPES.values())


def test_multi_word_concepts_take_the_mean_evidence_of_their_words() -> None:
    from sentic.word_emotions import phrase_evidence

    names = ["feel", "uneasy", "feel_uneasy", "zqx_blorp", "uneasy_zqx", "feel"]
    word_ids = np.array([0, 1])
    word_evidence = np.array([[0.0, 0.0, 0.2, 0, 0, 0], [0.0, 0.0, 0.8, 0, 0, 0]], dtype=np.float32)
    ids, evidence = phrase_evidence(names, word_ids, word_evidence)
    assert ids.tolist() == [2, 4]  # "zqx_blorp" has no common word: it keeps its AffectiveSpace evidence
    np.testing.assert_allclose(evidence[0], [0, 0, 0.5, 0, 0, 0])
    np.testing.assert_allclose(evidence[1], [0, 0, 0.8, 0, 0, 0])


def test_family_evidence_reads_the_nearest_member_not_the_centroid() -> None:
    from sentic.word_emotions import family_evidence

    # sadness (column 4) has two members far apart; joy (column 3) one
    axes = np.eye(8, dtype=np.float32)
    families = [axes[[0]], axes[[1]], axes[[2]], axes[[3]], axes[[4, 6]], axes[[5]]]
    sorry_like = np.array([0, 0, 0, 0, 0, 0, 1.0, 0], dtype=np.float32)  # next to the second sadness member
    centroid = (axes[4] + axes[6]) / np.linalg.norm(axes[4] + axes[6])
    core = evidence_from_embeddings(sorry_like[None], np.stack([axes[i] for i in (0, 1, 2, 3)] + [centroid, axes[5]]), scale=1.0)
    out = family_evidence(sorry_like[None], families, scale=1.0)
    assert out.shape == (1, 6) and EVIDENCE_EMOTIONS[int(out[0].argmax())] == "sadness"
    np.testing.assert_allclose(out[0, 4], 1.0 - 1.0 / 6, rtol=1e-6)  # cosine 1 to a member, minus the mean
    assert out[0, 4] > core[0, 4] + 0.2  # the centroid lies between the members, near neither
    assert (out[0, [0, 1, 2, 3, 5]] == 0).all()


def test_every_family_starts_with_the_emotion_s_prototypes() -> None:
    from sentic.ekman import EMOTION_FAMILY_WORDS, emotion_family

    for emotion in EVIDENCE_EMOTIONS:
        family = emotion_family(emotion)
        assert family[: len(EMOTION_PROTOTYPES[emotion])] == EMOTION_PROTOTYPES[emotion]
        assert len(set(family)) == len(family)  # no member counted twice
    assert sum(len(words) for words in EMOTION_FAMILY_WORDS.values()) >= 20

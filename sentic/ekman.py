"""From the Hourglass of Emotions to Ekman's basic emotions.

The revisited Hourglass (Susanto et al. 2020) pairs the negative pole of each
dimension with one of Ekman's emotions: introspection with sadness (melancholy,
sadness, grief), temper with anger (annoyance, anger, rage), attitude with disgust
(dislike, disgust, loathing) and sensitivity with fear (anxiety, fear, terror). All
four positive poles (joy, calmness, pleasantness, eagerness) are pleasant states, and
Ekman has one pleasant emotion, joy; introspection (the joy/sadness axis) leads it.

Surprise has no Hourglass dimension (the revisited model dropped the old
attention/surprise axis), so it needs a source of its own: how close the concepts
lie to surprise prototypes in AffectiveSpace ("surprise", "astonish", "wow", ...),
plus questions. A question voices an information gap: curiosity, confusion, disbelief
("Wait, he said that?"). Those are the "knowledge emotions" that appraisal research
groups with surprise (Silvia 2010), and GoEmotions' Ekman grouping files curiosity,
confusion and realization under surprise too; the lexicon route alone found almost none
of them (GoEmotions dev surprise F1 0.06 -> 0.36 with the question cue, macro-F1 0.280
-> 0.321 in fast mode; emotional questions keep their emotion when its evidence is stronger:
"Why are you so rude?" stays anger). The same prototype evidence, for every
emotion, is mixed into the Hourglass-derived scores: it separates emotions the
four dimensions blur (measured on the development sets: GoEmotions macro-F1 0.245 ->
0.275, dair-ai 0.387 -> 0.425). For the 30,000 most common words the closeness is read
in MiniLM's embedding space instead, which separates emotions of the same polarity
better (:mod:`sentic.word_emotions`: 0.321 -> 0.390 and 0.434 -> 0.514). Neutral is
what is left when nothing else is strong.
"""

from __future__ import annotations

import numpy as np

from .affect import EKMAN
from .hourglass import polarity_rows

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


#: Emotions with prototype evidence, in the order of the evidence columns.
EVIDENCE_EMOTIONS: tuple[str, ...] = ("anger", "disgust", "fear", "joy", "sadness", "surprise")

#: Words that stand for each emotion: the evidence for an emotion is how close a concept
#: lies to their centroid, in AffectiveSpace, and for common words in MiniLM's embedding
#: space (see :mod:`sentic.word_emotions`).
EMOTION_PROTOTYPES: dict[str, tuple[str, ...]] = {
    "anger": ("anger", "angry", "furious", "rage", "annoyed", "mad", "outrage", "irritate"),
    "disgust": ("disgust", "disgusting", "gross", "nasty", "revolting", "repulsive", "yuck", "sicken"),
    "fear": ("fear", "afraid", "scared", "terrified", "anxious", "worried", "panic", "nervous"),
    "joy": ("joy", "happy", "glad", "delighted", "cheerful", "love", "excited", "fun"),
    "sadness": ("sad", "sadness", "grief", "unhappy", "depressed", "cry", "lonely", "sorrow"),
    "surprise": ("surprise", "surprised", "astonish", "amaze", "shock", "unexpected", "wow", "omg"),
}
assert set(EMOTION_PROTOTYPES) == set(EVIDENCE_EMOTIONS)

#: Everyday members of each emotion's family beyond its prototypes: what people write
#: when they feel a milder or more specific form of it. The families follow the
#: grouping of fine-grained emotions under Ekman's six that GoEmotions publishes
#: (Demszky et al. 2020): annoyance and disapproval under anger; gratitude,
#: admiration, amusement, pride, optimism, relief and caring under joy; disappointment,
#: remorse and embarrassment under sadness; nervousness under fear; curiosity,
#: confusion and realization under surprise. Anger also takes in swearing and
#: name-calling ("fuck", "idiot"): venting anger and frustration is what swearing is
#: mostly for (Jay 2009, "The utility and ubiquity of taboo words"). That took
#: fast-mode macro-F1 on GoEmotions from 0.438 to 0.452 (anger F1 0.19 -> 0.27),
#: dair-ai 0.540 -> 0.542 and TweetEval 0.687 -> 0.698, for a SemEval-2007 mean r of
#: 0.377 instead of 0.382 ("damn" added a little more, but it is as often admiration:
#: "damn, that was good"). A word's family evidence is its closeness to the nearest
#: member, so a family can be diverse without blurring its centroid (see
#: :mod:`sentic.word_emotions`). Laughter ("haha", and through it "lol", "lmao") is
#: amusement, which GoEmotions files under joy; MiniLM places it next to the surprise
#: prototypes ("wow", "omg"), so without a family member of its own "this is killing me
#: LMAO" read as surprise or neutral (fast mode, GoEmotions macro-F1 0.454 -> 0.463, joy
#: F1 0.68 -> 0.72, surprise 0.44 -> 0.46; dair-ai and TweetEval unchanged).
EMOTION_FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "anger": ("annoying", "disapprove", "hate", "stupid", "fuck", "idiot"),
    "disgust": (),
    "fear": ("scary",),
    "joy": ("thanks", "grateful", "admire", "amusing", "haha", "proud", "hope", "relief", "caring"),
    "sadness": ("disappointed", "sorry", "embarrassed", "regret", "miss"),
    "surprise": ("curious", "confused", "realize"),
}
assert set(EMOTION_FAMILY_WORDS) == set(EVIDENCE_EMOTIONS)


def emotion_family(emotion: str) -> tuple[str, ...]:
    """The prototypes of ``emotion`` followed by its other family words."""
    return EMOTION_PROTOTYPES[emotion] + EMOTION_FAMILY_WORDS[emotion]


# column positions used by ekman_matrix
_POLE_COLUMNS = [EVIDENCE_EMOTIONS.index(e) for e in NEGATIVE_POLE]
_POLE_DIMS = list(NEGATIVE_POLE.values())
_JOY = EVIDENCE_EMOTIONS.index("joy")
_SURPRISE = EVIDENCE_EMOTIONS.index("surprise")
_NEGATIVE_EMOTIONS = [EVIDENCE_EMOTIONS.index(e) for e in ("anger", "disgust", "fear", "sadness")]
#: Polarity from which the evidence against the reading's sign is discounted in full
#: (see :func:`ekman_matrix`).
CONSISTENCY_POLARITY = 0.2
_EKMAN_COLUMNS = [EKMAN.index(e) for e in EVIDENCE_EMOTIONS]
_NEUTRAL = EKMAN.index("neutral")
assert set(EKMAN) == set(EVIDENCE_EMOTIONS) | {"neutral"}


def ekman_matrix(
    hourglass: np.ndarray,
    evidence: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    blend: float = 0.2,
    neutral_gain: float = 4.0,
    surprise_scale: float = 0.6,
    consistency: float = 0.8,
) -> np.ndarray:
    """Ekman-7 scores (n, 7) in :data:`~sentic.affect.EKMAN` order.

    ``hourglass`` (n, 4) gives five emotions through the poles above; ``evidence``
    (n, 6), in :data:`EVIDENCE_EMOTIONS` order, is how close the text's concepts lie
    to each emotion's prototype concepts in AffectiveSpace (the engine computes it).
    The two are mixed with ``blend`` (the share of the Hourglass); surprise comes from
    the evidence alone, scaled by ``surprise_scale``: the surprise prototypes ("wow",
    "amaze") lie close to pleasant concepts, and unscaled they called a third of the
    joyful development texts surprised. Neutral is ``1 - neutral_gain * strongest``,
    floored at 0. (Both values were chosen on the development sets: GoEmotions
    macro-F1 0.271 -> 0.280, dair-ai 0.389 -> 0.414.) ``blend`` was chosen again
    once the evidence came from MiniLM for common words, which tells emotions of one
    polarity apart better than the four dimensions do: 0.5 -> 0.2 took fast-mode
    macro-F1 on GoEmotions from 0.389 to 0.422, dair-ai 0.516 -> 0.543, TweetEval
    0.668 -> 0.693, for a SemEval-2007 mean r of 0.373 instead of 0.390 (0.1: 0.426
    and 0.536; 0: 0.425 and 0.516, the Hourglass still earns its share).
    ``weights`` (4,) rescales the negative poles (see :func:`pole_weights`).

    The evidence is also held to the sign of the reading: where the Hourglass reads
    positive, the evidence for anger, disgust, fear and sadness is discounted by up to
    ``consistency`` (fully from a polarity of :data:`CONSISTENCY_POLARITY` on), and the
    evidence for joy where it reads negative. Closeness in an embedding space knows no
    polarity: "yay" lies next to "yuck", and read as disgust. That took fast-mode
    macro-F1 on dair-ai from 0.539 to 0.543 and TweetEval 0.704 -> 0.709, SemEval-2007
    mean r 0.371 -> 0.390, GoEmotions dev unchanged (0.463); on the train splits, not
    used to choose it, GoEmotions 0.460 -> 0.459 and dair-ai 0.551 -> 0.554.
    """
    h = np.clip(np.atleast_2d(np.asarray(hourglass, dtype=np.float32)), -1.0, 1.0)
    negative = np.maximum(-h, 0.0)
    if weights is not None:
        negative = np.minimum(negative * weights, 1.0)
    # Hourglass-derived scores in EVIDENCE_EMOTIONS order (surprise has none)
    scores = np.zeros((len(h), len(EVIDENCE_EMOTIONS)), dtype=np.float32)
    scores[:, _POLE_COLUMNS] = negative[:, _POLE_DIMS]
    scores[:, _JOY] = np.minimum(1.0, (np.maximum(h, 0.0) * JOY_WEIGHTS).max(axis=1))
    if evidence is not None:
        ev = np.clip(np.atleast_2d(np.asarray(evidence, dtype=np.float32)), 0.0, 1.0)
        if consistency > 0:
            p = polarity_rows(h) / CONSISTENCY_POLARITY
            ev = ev.copy()
            ev[:, _NEGATIVE_EMOTIONS] *= (1.0 - consistency * np.clip(p, 0.0, 1.0)).astype(np.float32)[:, None]
            ev[:, _JOY] *= (1.0 - consistency * np.clip(-p, 0.0, 1.0)).astype(np.float32)
        share = np.full(len(EVIDENCE_EMOTIONS), blend, dtype=np.float32)
        share[_SURPRISE] = 0.0
        ev_share = 1.0 - share
        ev_share[_SURPRISE] = surprise_scale
        scores = scores * share + ev * ev_share
    out = np.empty((len(h), len(EKMAN)), dtype=np.float32)
    out[:, _EKMAN_COLUMNS] = scores
    out[:, _NEUTRAL] = np.maximum(0.0, 1.0 - neutral_gain * scores.max(axis=1))
    return out


def ekman_scores(
    hourglass: np.ndarray, evidence: np.ndarray | None = None, weights: np.ndarray | None = None
) -> dict[str, float]:
    """Ekman-7 scores in [0, 1] for one Hourglass vector (introspection, temper, attitude, sensitivity)."""
    ev = None if evidence is None else np.asarray(evidence)[None, :]
    row = ekman_matrix(np.asarray(hourglass)[None, :], ev, weights)[0]
    return {e: float(v) for e, v in zip(EKMAN, row)}

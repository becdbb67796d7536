"""Tests of multimodal fusion (sentic.fusion) and of the multimodal evaluation script's core.

Text readings are built directly as AffectReading objects (or duck-typed stand-ins with
the same fields, as the text engine's Analysis has); face readings come from
probability vectors through sentic.faces.affect, so no network is needed here.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from sentic.affect import EKMAN, AffectReading
from sentic.errors import InputError
from sentic.faces.affect import face_reading
from sentic.fusion import FEATURES, ConfidenceFusion, LearnedFusion, MultimodalAnalysis, as_reading, fusion_features
from sentic.hourglass import DIMENSIONS

REPO = Path(__file__).resolve().parents[1]


def text_reading(polarity: float, top: str, confidence: float = 0.8, strength: float = 0.7) -> AffectReading:
    """A text reading with one dominant Ekman emotion and a matching Hourglass direction."""
    hourglass = {d: 0.0 for d in DIMENSIONS}
    hourglass["introspection"] = polarity
    ekman = {e: (strength if e == top else (1 - strength) / 6) for e in EKMAN}
    return AffectReading(polarity=polarity, hourglass=hourglass, ekman=ekman, confidence=confidence, source="text")


def pure_face(fer_class: str) -> AffectReading:
    from sentic.affect import FER_CLASSES

    return face_reading(np.eye(7)[FER_CLASSES.index(fer_class)])


# --------------------------------------------------------------------------- confidence fusion


def test_positive_text_and_angry_face_conflict() -> None:
    text = text_reading(0.7, "joy")
    face = pure_face("angry")
    m = ConfidenceFusion().fuse(text, face)
    assert isinstance(m, MultimodalAnalysis)
    assert m.conflict is True
    assert m.method == "confidence"
    assert set(m.weights) == {"text", "face"} and sum(m.weights.values()) == pytest.approx(1.0)
    assert min(text.polarity, face.polarity) < m.polarity < max(text.polarity, face.polarity)
    assert m.text is text and m.face is face
    # the conflict halves the fused confidence
    agreeing = ConfidenceFusion().fuse(text, pure_face("happy"))
    assert agreeing.conflict is False and agreeing.confidence > m.confidence


def test_neutral_face_is_not_a_conflict() -> None:
    m = ConfidenceFusion().fuse(text_reading(0.7, "joy"), pure_face("neutral"))
    assert m.conflict is False
    assert m.label == "positive"


def test_single_modalities() -> None:
    text = text_reading(-0.6, "sadness", confidence=0.4)
    only_text = ConfidenceFusion().fuse(text=text)
    assert only_text.weights == {"text": 1.0}
    assert only_text.face is None and only_text.conflict is False
    assert only_text.polarity == pytest.approx(text.polarity)
    assert only_text.ekman == pytest.approx(text.ekman)
    assert only_text.top_ekman == "sadness"

    face = pure_face("happy")
    only_face = ConfidenceFusion().fuse(face=face)
    assert only_face.weights == {"face": 1.0} and only_face.text is None
    assert only_face.polarity == pytest.approx(face.polarity) and only_face.label == "positive"
    assert only_face.hourglass == pytest.approx(face.hourglass)
    assert only_face.emotions == face.emotions


def test_no_modality_raises() -> None:
    with pytest.raises(InputError, match="at least one"):
        ConfidenceFusion().fuse(None, None)


def test_the_more_confident_modality_wins() -> None:
    fuser = ConfidenceFusion()
    sure_text = fuser.fuse(text_reading(0.8, "joy", confidence=0.95), face_reading([0.4, 0.1, 0.1, 0.0, 0.2, 0.1, 0.1]))
    assert sure_text.polarity > 0 and sure_text.weights["text"] > 0.5
    unsure_text = fuser.fuse(text_reading(0.8, "joy", confidence=0.05), pure_face("angry"))
    assert unsure_text.polarity < 0 and unsure_text.top_ekman == "anger"
    # priors shift the balance
    face_first = ConfidenceFusion(text_weight=0.1, face_weight=1.0).fuse(text_reading(0.8, "joy", 1.0), pure_face("sad"))
    assert face_first.polarity < 0


def test_to_dict_is_json_with_nested_readings() -> None:
    m = ConfidenceFusion().fuse(text_reading(0.5, "joy"), pure_face("surprise"))
    data = json.loads(json.dumps(m.to_dict()))
    assert set(data) >= {"polarity", "label", "hourglass", "emotions", "ekman", "text", "face", "conflict", "method", "weights"}
    assert data["text"]["polarity"] == pytest.approx(0.5)
    assert data["face"]["ekman"]["surprise"] == pytest.approx(1.0)
    assert set(data["hourglass"]) == set(DIMENSIONS) and set(data["ekman"]) == set(EKMAN)
    assert json.loads(json.dumps(ConfidenceFusion().fuse(face=pure_face("sad")).to_dict()))["text"] is None


def test_accepts_analysis_like_objects_and_mappings() -> None:
    reading = text_reading(0.6, "joy")
    analysis_like = SimpleNamespace(
        polarity=reading.polarity, hourglass=reading.hourglass, ekman=reading.ekman, confidence=0.7, concepts=[]
    )
    from_obj = ConfidenceFusion().fuse(analysis_like, pure_face("happy"))
    from_map = ConfidenceFusion().fuse(
        {"polarity": reading.polarity, "hourglass": reading.hourglass, "ekman": reading.ekman, "confidence": 0.7},
        pure_face("happy"),
    )
    assert from_obj.polarity == pytest.approx(from_map.polarity)
    assert from_obj.text is analysis_like
    assert json.loads(json.dumps(from_obj.to_dict()))["text"]["confidence"] == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("broken", "match"),
    [
        ({"polarity": 0.1, "ekman": {e: 0.1 for e in EKMAN}}, "needs polarity"),
        ({"polarity": float("nan"), "hourglass": {d: 0 for d in DIMENSIONS}, "ekman": {e: 0.1 for e in EKMAN}}, "outside"),
        ({"polarity": 1.5, "hourglass": {d: 0 for d in DIMENSIONS}, "ekman": {e: 0.1 for e in EKMAN}}, "outside"),
        ({"polarity": 0.1, "hourglass": {"introspection": 0.1}, "ekman": {e: 0.1 for e in EKMAN}}, "hourglass"),
        ({"polarity": 0.1, "hourglass": {d: 0 for d in DIMENSIONS}, "ekman": {"joy": 1.0}}, "ekman"),
        ({"polarity": "high", "hourglass": {d: 0 for d in DIMENSIONS}, "ekman": {e: 0.1 for e in EKMAN}}, "not a number"),
    ],
)
def test_invalid_readings_raise_input_error(broken: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        ConfidenceFusion().fuse(broken, pure_face("happy"))


def test_ekman_evidence_multiplies() -> None:
    fuser = ConfidenceFusion()
    # two modalities that each lean to joy make joy surer than either alone (evidence adds up)
    both = fuser.fuse(text_reading(0.5, "joy", strength=0.5), face_reading([0.08, 0.08, 0.09, 0.5, 0.08, 0.09, 0.08]))
    assert both.ekman["joy"] > 0.6 and sum(both.ekman.values()) == pytest.approx(1.0)
    # the text engine's zero means "no evidence", not "impossible": a clearly afraid face still counts
    text = AffectReading(polarity=0.5, hourglass={d: 0.0 for d in DIMENSIONS},
                         ekman={e: (0.6 if e == "joy" else 0.0) for e in EKMAN}, confidence=0.8, source="text")
    afraid = fuser.fuse(text, face_reading([0.05, 0.02, 0.8, 0.04, 0.04, 0.03, 0.02]))
    assert afraid.top_ekman == "fear"


def test_invalid_fuser_settings() -> None:
    with pytest.raises(InputError):
        ConfidenceFusion(text_weight=0, face_weight=0)
    with pytest.raises(InputError):
        ConfidenceFusion(text_weight=-1)
    for bad in ({"text_floor": 0.0}, {"face_floor": float("nan")}, {"text_floor": 2.0}, {"ekman_rule": "max"}):
        with pytest.raises(InputError):
            ConfidenceFusion(**bad)


# --------------------------------------------------------------------------- learned fusion


def synthetic_pairs(n: int, seed: int) -> tuple[list, list, list[str]]:
    """Pairs where text separates joy/sadness/neutral and the face separates anger/fear/surprise/disgust.

    Neither modality alone can get every class; together they can.
    """
    rng = np.random.default_rng(seed)
    texts, faces, labels = [], [], []
    text_informative = {"joy", "sadness", "neutral"}
    for _ in range(n):
        label = EKMAN[rng.integers(len(EKMAN))]
        if label in text_informative:
            t = text_reading({"joy": 0.6, "sadness": -0.6, "neutral": 0.0}[label], label, confidence=0.8)
            f = face_reading(rng.dirichlet(np.ones(7)))  # uninformative face
        else:
            t = text_reading(0.0, "neutral", confidence=0.3, strength=0.3)  # uninformative text
            p = rng.dirichlet(np.ones(7)) * 0.3
            p[EKMAN.index(label)] += 0.7
            f = face_reading(p)
        texts.append(t)
        faces.append(f)
        labels.append(label)
    return texts, faces, labels


def test_learned_fusion_uses_both_modalities() -> None:
    texts, faces, labels = synthetic_pairs(700, seed=0)
    model = LearnedFusion().fit(texts[:500], faces[:500], labels[:500])
    assert model.classes_ == EKMAN
    pred = model.predict(texts[500:], faces[500:])
    accuracy = np.mean(np.array(pred) == np.array(labels[500:]))
    assert accuracy > 0.9
    # a face-blind model (faces dropped) cannot separate the face-only classes
    blind = model.predict(texts[500:], [None] * 200)
    assert np.mean(np.array(blind) == np.array(labels[500:])) < accuracy - 0.2


def test_learned_fusion_save_load_roundtrip(tmp_path: Path) -> None:
    texts, faces, labels = synthetic_pairs(300, seed=1)
    model = LearnedFusion(C=0.5).fit(texts, faces, labels)
    path = tmp_path / "fusion.json"
    model.save(path)
    data = json.loads(path.read_text())  # plain JSON, no pickle
    assert data["format"] == "sentic.LearnedFusion" and data["features"] == list(FEATURES)
    loaded = LearnedFusion.load(path)
    assert loaded.classes_ == model.classes_ and loaded.C == 0.5
    assert np.array_equal(loaded.predict_proba(texts, faces), model.predict_proba(texts, faces))
    assert loaded.predict(texts, faces) == model.predict(texts, faces)
    assert loaded.fuse(texts[0], faces[0]).to_dict() == model.fuse(texts[0], faces[0]).to_dict()


def test_learned_fusion_matches_sklearn_probabilities() -> None:
    from sklearn.linear_model import LogisticRegression

    texts, faces, labels = synthetic_pairs(200, seed=2)
    binary = ["joy" if lab == "joy" else "anger" for lab in labels]
    for target in (labels, binary):
        model = LearnedFusion(C=1.0, class_weight=None).fit(texts, faces, target)
        X = fusion_features(texts, faces)
        reference = LogisticRegression(C=1.0, max_iter=2000).fit((X - model.mean_) / model.scale_, target)
        ref = reference.predict_proba((X - model.mean_) / model.scale_)
        order = [list(reference.classes_).index(c) for c in model.classes_]
        np.testing.assert_allclose(model.predict_proba(texts, faces), ref[:, order], atol=1e-6)


def test_learned_fuse_returns_a_full_multimodal_analysis() -> None:
    texts, faces, labels = synthetic_pairs(300, seed=3)
    model = LearnedFusion().fit(texts, faces, labels)
    m = model.fuse(text_reading(0.6, "joy"), pure_face("happy"))
    assert m.method == "learned" and m.top_ekman == "joy"
    assert m.polarity > 0 and m.label == "positive"
    assert sum(m.ekman.values()) == pytest.approx(1.0)
    assert sum(m.weights.values()) == pytest.approx(1.0)
    assert model.fuse(face=pure_face("fear")).top_ekman == "fear"  # text missing still works
    assert json.loads(json.dumps(m.to_dict()))["method"] == "learned"


def test_learned_fusion_errors(tmp_path: Path) -> None:
    texts, faces, labels = synthetic_pairs(50, seed=4)
    with pytest.raises(InputError, match="not fitted"):
        LearnedFusion().predict(texts, faces)
    with pytest.raises(InputError, match="two classes"):
        LearnedFusion().fit(texts, faces, ["joy"] * len(texts))
    with pytest.raises(InputError, match="unknown emotion"):
        LearnedFusion().fit(texts, faces, ["elation"] * len(texts))
    with pytest.raises(InputError, match="neither"):
        LearnedFusion().fit([None], [None], ["joy"])
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="cannot read"):
        LearnedFusion.load(bad)
    model = LearnedFusion().fit(texts, faces, labels)
    data = model.to_dict()
    data["coef"] = data["coef"][:-1]
    with pytest.raises(InputError, match="shapes"):
        LearnedFusion.from_dict(data)
    with pytest.raises(InputError, match="not a"):
        LearnedFusion.from_dict({"format": "pickle"})


def test_as_reading_validates_and_clips_rounding() -> None:
    r = as_reading({"polarity": 1.0000001, "hourglass": {d: 0.0 for d in DIMENSIONS}, "ekman": {e: 0.0 for e in EKMAN}})
    assert r.polarity == 1.0 and r.confidence == 1.0


# --------------------------------------------------------------------------- evaluation script


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_multimodal_evaluate_scores_methods_and_writes_plots(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    mm = _load_script("multimodal_eval")
    texts, faces, labels = synthetic_pairs(400, seed=5)
    results = mm.evaluate(labels, texts, faces, seed=0, test_size=0.5, out_dir=tmp_path)
    test = results["test"]
    assert set(test) == {"text", "face", "fusion-confidence", "fusion-learned"}
    assert results["n_test"] == 200 and all(r["n"] == 200 for r in test.values())
    # learned fusion combines the complementary modalities
    assert test["fusion-learned"]["accuracy"] > max(test["text"]["accuracy"], test["face"]["accuracy"]) + 0.1
    for method in test:
        png = tmp_path / f"confusion_{method}.png"
        assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "fusion-learned" in mm.format_table(results)
    json.dumps(results)

    faces_only = mm.evaluate(labels, None, faces, seed=0)
    assert set(faces_only["test"]) == {"face"} and faces_only["coverage"]["text"] is None


def test_multimodal_script_on_a_face_probs_table(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    mm = _load_script("multimodal_eval")
    texts, faces, labels = synthetic_pairs(120, seed=6)
    table = tmp_path / "pairs.jsonl"
    readings = tmp_path / "text.jsonl"
    with open(table, "w") as t, open(readings, "w") as r:
        for text, face, label in zip(texts, faces, labels):
            t.write(json.dumps({"text": "some text", "face_probs": [face.ekman[e] for e in EKMAN], "label": label}) + "\n")
            r.write(json.dumps(text.to_dict()) + "\n")
    out = tmp_path / "out"
    code = mm.main(["--input", str(table), "--text-readings", str(readings), "--out", str(out), "--json", str(tmp_path / "r.json")])
    assert code == 0
    results = json.loads((tmp_path / "r.json").read_text())
    assert results["n"] == 120 and (out / "confusion_fusion-learned.png").is_file()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "face_probs": [0.5] * 7, "label": "joy"}) + "\n")
    assert mm.main(["--input", str(bad), "--no-text", "--out", str(out)]) == 2  # probabilities sum to 3.5

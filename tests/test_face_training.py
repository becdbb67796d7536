"""Tests of training the expression network (sentic.faces.training and ``sentic faces train``).

Training runs for real, on small synthetic crops (the development data is not needed):
a task the network must learn, the cache slot ``weights="trained"`` reads, and the
errors a user can cause.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("cv2")

from sentic.affect import FER_CLASSES  # noqa: E402
from sentic.errors import InputError  # noqa: E402
from sentic.faces.network import trained_weights_path  # noqa: E402
from sentic.faces.training import ExpressionTrainer, augment, read_training_set  # noqa: E402

HAPPY, SAD = FER_CLASSES.index("happy"), FER_CLASSES.index("sad")


def _two_class_crops(n_per_class: int = 48, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """48x48 crops: "happy" ones bright at the top, "sad" ones bright at the bottom, plus noise."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 80, size=(2 * n_per_class, 48, 48)).astype(np.uint8)
    images[:n_per_class, :20] += 150
    images[n_per_class:, 28:] += 150
    labels = np.array([HAPPY] * n_per_class + [SAD] * n_per_class, dtype=np.int64)
    return images, labels


def _accuracy(weights, images: np.ndarray, labels: np.ndarray) -> float:
    from sentic.faces import ExpressionRecognizer

    return float((ExpressionRecognizer(weights=weights).predict_proba(images).argmax(1) == labels).mean())


def test_training_from_scratch_learns_a_separable_task() -> None:
    images, labels = _two_class_crops()
    trainer = ExpressionTrainer(epochs=8, learning_rate=5e-3, batch_size=32, init="scratch", seed=1)
    trainer.fit(images, labels)
    assert len(trainer.history_) == 8
    assert trainer.history_[-1]["loss"] < trainer.history_[0]["loss"]
    held_out = _two_class_crops(seed=7)  # fresh noise, same rule
    assert _accuracy(trainer.state_, *held_out) >= 0.9
    # the same network untrained is no better than a coin on this task
    untrained = ExpressionTrainer(epochs=1, learning_rate=1e-9, init="scratch", seed=1, augment=False)
    untrained.fit(images[:1], labels[:1])
    assert _accuracy(untrained.state_, *held_out) <= 0.75


@pytest.fixture(scope="module")
def face_crop() -> np.ndarray:
    """The astronaut's smiling face as a grayscale crop (the bundled network reads it as happy)."""
    skimage_data = pytest.importorskip("skimage.data")
    from sentic.faces import ExpressionRecognizer

    recognizer = ExpressionRecognizer()
    gray = recognizer.load_gray(skimage_data.astronaut())
    return recognizer._crop(gray, recognizer.detect(gray)[0])


def test_fine_tuning_starts_from_the_bundled_network(face_crop: np.ndarray) -> None:
    # a step too small to move the weights keeps the bundled network's reading of a smiling face
    trainer = ExpressionTrainer(epochs=1, learning_rate=1e-9, batch_size=8, augment=False)
    trainer.fit(np.stack([face_crop] * 8), np.full(8, HAPPY))
    from sentic.faces import ExpressionRecognizer

    proba = ExpressionRecognizer(weights=trainer.state_).predict_proba(face_crop)[0]
    assert FER_CLASSES[int(proba.argmax())] == "happy" and proba.max() > 0.9


def test_augmentation_keeps_shape_and_range_and_varies() -> None:
    batch = torch.linspace(-1, 1, 2 * 64 * 64).reshape(2, 1, 64, 64)
    generator = torch.Generator().manual_seed(0)
    first, second = augment(batch, generator), augment(batch, generator)
    assert first.shape == batch.shape
    assert float(first.min()) >= -1.0 - 1e-5 and float(first.max()) <= 1.0 + 1e-5
    assert not torch.allclose(first, second)


def test_trained_slot_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sentic.faces import ExpressionRecognizer

    monkeypatch.setenv("SENTIC_HOME", str(tmp_path))
    with pytest.raises(InputError, match="sentic faces train"):
        ExpressionRecognizer(weights="trained")
    images, labels = _two_class_crops(8)
    trainer = ExpressionTrainer(epochs=1, batch_size=8, init="scratch").fit(images, labels)
    path = trainer.save()
    assert path == trained_weights_path(tmp_path) and path.is_file()
    np.testing.assert_allclose(
        ExpressionRecognizer(weights="trained").predict_proba(images),
        ExpressionRecognizer(weights=trainer.state_).predict_proba(images), atol=1e-6)
    # a damaged file is refused with a clear error, not used
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(InputError, match="damaged"):
        ExpressionRecognizer(weights="trained")


def _write_set(path: Path, **arrays) -> Path:
    np.savez(path, **arrays)
    return path


def test_bad_training_data_and_settings_raise_input_error(tmp_path: Path) -> None:
    images, labels = _two_class_crops(4)
    with pytest.raises(InputError, match="does not exist"):
        read_training_set(tmp_path / "missing.npz")
    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(InputError, match="readable"):
        read_training_set(tmp_path / "text.npz")
    with pytest.raises(InputError, match="lacks"):
        read_training_set(_write_set(tmp_path / "nolabels.npz", images=images))
    with pytest.raises(InputError, match="0..6"):
        read_training_set(_write_set(tmp_path / "range.npz", images=images, labels=labels + 5))
    with pytest.raises(InputError, match="label_names"):
        read_training_set(_write_set(tmp_path / "names.npz", images=images, labels=labels,
                                     label_names=np.array(["a", "b", "c", "d", "e", "f", "g"])))
    with pytest.raises(InputError, match="shape"):
        ExpressionTrainer().fit(images[:, :, :, None], labels)
    with pytest.raises(InputError, match="integer"):
        ExpressionTrainer().fit(images, labels.astype(float))
    for bad in ({"epochs": 0}, {"learning_rate": float("nan")}, {"batch_size": 0}, {"label_smoothing": 1.0}):
        with pytest.raises(InputError):
            ExpressionTrainer(**bad).fit(images, labels)
    with pytest.raises(InputError, match="fit"):
        ExpressionTrainer().save(tmp_path / "unfitted.npz")


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, SENTIC_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "sentic.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_cli_trains_into_the_cache_and_reports_bad_input(tmp_path: Path) -> None:
    images, labels = _two_class_crops(8)
    data = _write_set(tmp_path / "train.npz", images=images, labels=labels, label_names=np.array(FER_CLASSES))
    done = _cli("faces", "train", str(data), "--epochs", "1", "--from-scratch", "--quiet", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == trained_weights_path(tmp_path)
    bad = _cli("faces", "train", str(tmp_path / "missing.npz"), home=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.strip().count("\n") == 0 and "does not exist" in bad.stderr
    usage = _cli("faces", "train", str(data), "--epochs", "0", home=tmp_path)
    assert usage.returncode == 2 and "epochs" in usage.stderr

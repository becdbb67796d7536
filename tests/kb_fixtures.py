"""Small knowledge sources in the real archive formats, written by the tests themselves.

Two clusters of concepts (pleasant and unpleasant) linked by ConceptNet-style edges,
SenticNet-style entries for most of them, and a few ConceptNet-only concepts whose
affect the build must infer from their neighbours.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

from knowledge.sources import SOURCES, Source
from sentic.cache import sha256_file

POSITIVE = ["love", "joy", "gift", "party", "friend", "hug", "birthday", "puppy", "smile", "sunshine", "music", "holiday"]
NEGATIVE = ["hate", "war", "pain", "death", "funeral", "disease", "cry", "accident", "murder", "grief", "injury", "storm"]
#: ConceptNet-only concepts (no SenticNet entry): affect must be inferred.
POSITIVE_UNLABELLED = ["birthday_party", "hug_friend"]
NEGATIVE_UNLABELLED = ["car_crash", "feel_sick"]

POS_VALUES = "[0.8, 0, 0.7, 0.3, '#joy', '#pleasantness', 'positive', 0.6"
NEG_VALUES = "[-0.8, -0.5, -0.6, 0, '#sadness', '#disgust', 'negative', -0.633"


def conceptnet_lines() -> list[str]:
    lines = []

    def edge(a: str, b: str, rel: str, freq: int = 5, score: int = 1) -> None:
        lines.append(f"{a.replace('_', ' ')}\t{b.replace('_', ' ')}\t{{'freq': {freq}, 'score': {score}, 'rel': u'{rel}'}}")

    for group, props in ((POSITIVE, ("fun", "nice", "happy")), (NEGATIVE, ("bad", "sad", "terrible"))):
        for i, c in enumerate(group):
            for p in props:
                edge(c, p, "HasProperty", score=1 + i % 3)
            edge(c, group[(i + 1) % len(group)], "ConceptuallyRelatedTo")
            edge(group[(i + 2) % len(group)], c, "Causes")
    for c in POSITIVE_UNLABELLED:
        for p in ("fun", "nice", "happy"):
            edge(c, p, "HasProperty")
        edge(c, "party", "IsA")
    for c in NEGATIVE_UNLABELLED:
        for p in ("bad", "sad", "terrible"):
            edge(c, p, "HasProperty")
        edge(c, "accident", "IsA")
    edge("war", "peace", "HasProperty", freq=-5)  # a negated assertion
    return lines


def senticnet_text() -> str:
    out = ["# -*- coding: utf-8 -*-", "senticnet = {}"]
    for group, values in ((POSITIVE, POS_VALUES), (NEGATIVE, NEG_VALUES)):
        for i, c in enumerate(group):
            rel = [group[(i + k) % len(group)] for k in (1, 2, 3, 4, 5)]
            out.append(f"senticnet['{c}'] = {values}, " + ", ".join(f"'{r}'" for r in rel) + "]")
    out.append("""senticnet[":'("] = [-0.66, 0, 0, 0, '#sadness', None, 'negative', -0.66, 'cry', 'grief', 'pain', ":(", 'death']""")
    out.append("""senticnet['it\\'s_ok'] = [0.3, 0, 0, 0, '#contentment', None, 'positive', 0.3, 'smile', 'joy', 'friend', 'hug', 'love']""")
    return "\n".join(out) + "\n"


def vader_text() -> str:
    return "love\t3.2\t0.4\t[3, 3, 4, 3, 3, 3, 3, 4, 3, 3]\nhorrible\t-2.5\t0.5\t[-2, -3, -2, -3, -2, -3, -2, -3, -2, -3]\n"


def write_archives(directory: Path) -> dict[str, Source]:
    """Write the three archives and return a source registry pinned to their hashes."""
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def add_tar(path: Path, member: str, data: bytes) -> None:
        with tarfile.open(path, "w:gz") as tf:
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))

    real = SOURCES
    files["conceptnet4"] = directory / real["conceptnet4"].filename
    add_tar(files["conceptnet4"], real["conceptnet4"].member, gzip.compress("\n".join(conceptnet_lines()).encode()))
    files["senticnet9"] = directory / real["senticnet9"].filename
    add_tar(files["senticnet9"], real["senticnet9"].member, senticnet_text().encode("utf-8"))
    files["vader"] = directory / real["vader"].filename
    with zipfile.ZipFile(files["vader"], "w") as zf:
        zf.writestr(real["vader"].member, vader_text())

    return {
        key: Source(
            key=key,
            project=real[key].project,
            version=real[key].version,
            filename=real[key].filename,
            sha256=sha256_file(path),
            member=real[key].member,
            licence=real[key].licence,
            description="test fixture: " + real[key].description,
        )
        for key, path in files.items()
    }

"""Readers for ConceptNet: the ConceptNet 4 English graph (Divisi2) and ConceptNet 5 CSV dumps.

Both yield :class:`Assertion` records with normalised concept names, so the rest of
the pipeline does not care which release the knowledge came from.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, TextIO

from sentic.errors import SourceError

from .vocabulary import normalize_concept

_CN4_ATTRS = re.compile(r"\{'freq': (-?\d+), 'score': (-?\d+), 'rel': u'(\w+)'\}")


@dataclass(frozen=True, slots=True)
class Assertion:
    """``start --relation--> end`` with a signed confidence.

    ``weight`` is positive for an assertion and negative for a negated one
    (ConceptNet 4's negative ``freq``: "a cat is not a dog"); its magnitude grows
    with the number of contributors (``score``) on a log scale.
    """

    start: str
    relation: str
    end: str
    weight: float


def _cn4_weight(freq: int, score: int) -> float:
    """Signed weight: sign from ``freq``, magnitude ``1 + log2(score)``."""
    magnitude = 1.0 + math.log2(max(score, 1))
    return magnitude if freq >= 0 else -magnitude


def read_conceptnet4(stream: TextIO) -> Iterator[Assertion]:
    """Parse Divisi2's ``conceptnet_en.graph`` text lines.

    Line format: ``concept<TAB>concept<TAB>{'freq': 5, 'score': 1, 'rel': u'IsA'}``.
    The attribute dict is matched with a strict pattern, never evaluated.
    """
    for lineno, line in enumerate(stream, 1):
        line = line.rstrip("\n")
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise SourceError(f"ConceptNet 4 graph line {lineno}: expected 3 tab-separated fields, got {len(parts)}")
        match = _CN4_ATTRS.fullmatch(parts[2])
        if match is None:
            raise SourceError(f"ConceptNet 4 graph line {lineno}: unreadable attributes {parts[2][:80]!r}")
        start, end = normalize_concept(parts[0]), normalize_concept(parts[1])
        if not start or not end or start == end:
            continue
        freq, score, rel = int(match.group(1)), int(match.group(2)), match.group(3)
        yield Assertion(start, rel, end, _cn4_weight(freq, score))


_CN5_CONCEPT = re.compile(r"^/c/en/([^/]+)")


def read_conceptnet5(path: str | Path, min_weight: float = 1.0) -> Iterator[Assertion]:
    """Read English-English assertions from an official ConceptNet 5 CSV dump.

    Columns: assertion URI, relation URI (``/r/IsA``), start URI (``/c/en/cat/n``), end
    URI, JSON info with a ``weight``. The file may be gzip-compressed. Negated
    relations (``/r/NotDesires``) become negative weights of the positive relation.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"ConceptNet 5 dump {path} does not exist")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for lineno, row in enumerate(reader, 1):
                if len(row) < 5:
                    raise SourceError(f"ConceptNet 5 line {lineno}: expected 5 tab-separated columns")
                start_m, end_m = _CN5_CONCEPT.match(row[2]), _CN5_CONCEPT.match(row[3])
                if start_m is None or end_m is None:
                    continue
                rel = row[1].rsplit("/", 1)[-1]
                sign = 1.0
                if rel.startswith("Not") and len(rel) > 3:
                    rel, sign = rel[3:], -1.0
                try:
                    weight = float(json.loads(row[4]).get("weight", 1.0))
                except (ValueError, AttributeError) as exc:
                    raise SourceError(f"ConceptNet 5 line {lineno}: bad JSON info column") from exc
                if weight < min_weight:
                    continue
                start = normalize_concept(start_m.group(1))
                end = normalize_concept(end_m.group(1))
                if start and end and start != end:
                    yield Assertion(start, rel, end, sign * (1.0 + math.log2(weight)))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read ConceptNet 5 dump {path}: {exc}") from exc


def conceptnet4_from_bytes(data: bytes) -> Iterator[Assertion]:
    """Parse the gzip-compressed graph member as stored in the Divisi2 archive."""
    try:
        text = gzip.decompress(data).decode("utf-8", errors="replace")
    except (OSError, EOFError) as exc:
        raise SourceError(f"ConceptNet 4 graph is not valid gzip: {exc}") from exc
    return read_conceptnet4(io.StringIO(text))

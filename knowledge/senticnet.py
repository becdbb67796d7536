"""Reader for SenticNet 9 English as shipped in the ``sentic`` 0.0.9 source distribution.

The file is a 42 MB Python module of assignments
``senticnet['concept'] = [v0, v1, v2, v3, '#mood1', '#mood2' or None, 'positive', polarity, rel1..rel5]``.
It is parsed as text with a literal tokenizer, never imported or evaluated as code.
The four values are introspection, temper, attitude, sensitivity (DESIGN §2).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from sentic.errors import SourceError
from sentic.hourglass import LABEL_INDEX

from .vocabulary import normalize_concept

# A Python string literal (either quote), None, or a number.
_TOKEN = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|None|-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?"""
)
_LINE = re.compile(r"""^senticnet\[('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\]\s*=\s*\[(.*)\]\s*$""")


@dataclass(frozen=True, slots=True)
class SenticEntry:
    """One SenticNet concept with its Hourglass values, moods, polarity and related concepts."""

    concept: str
    values: tuple[float, float, float, float]
    primary_mood: str | None
    secondary_mood: str | None
    polarity: float
    related: tuple[str, ...]


def _literal(token: str) -> object:
    if token == "None":
        return None
    if token[0] in "'\"":
        body = token[1:-1]
        if "\\" not in body:
            return body
        return ast.literal_eval(token)  # a single string literal: safe, no code runs
    return float(token)


def _mood(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    label = value.lstrip("#").strip().lower()
    return label if label in LABEL_INDEX else None


def read_senticnet(lines: Iterable[str]) -> Iterator[SenticEntry]:
    """Parse SenticNet assignment lines; later duplicates of a concept win, as in Python."""
    seen: dict[str, SenticEntry] = {}
    bad = 0
    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line.startswith("senticnet["):
            continue
        match = _LINE.match(line)
        if match is None:
            bad += 1
            continue
        key = _literal(match.group(1))
        fields = [_literal(t) for t in _TOKEN.findall(match.group(2))]
        if len(fields) < 8 or not all(isinstance(v, float) for v in fields[:4]):
            bad += 1
            continue
        concept = normalize_concept(str(key))
        if not concept:
            continue
        values = tuple(max(-1.0, min(1.0, float(v))) for v in fields[:4])  # type: ignore[arg-type]
        polarity = fields[7]
        related = tuple(
            r for r in (normalize_concept(str(f)) for f in fields[8:13] if isinstance(f, str)) if r and r != concept
        )
        seen[concept] = SenticEntry(
            concept=concept,
            values=values,  # type: ignore[arg-type]
            primary_mood=_mood(fields[4]),
            secondary_mood=_mood(fields[5]),
            polarity=float(polarity) if isinstance(polarity, float) else 0.0,
            related=tuple(dict.fromkeys(related)),
        )
    if not seen:
        raise SourceError("no SenticNet entries found: the file is not SenticNet's data_en.py")
    if bad > max(100, len(seen) // 100):
        raise SourceError(f"{bad} unreadable SenticNet lines: the file looks corrupted")
    yield from seen.values()

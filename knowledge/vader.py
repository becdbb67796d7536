"""Reader for the VADER sentiment lexicon (``vader_lexicon.txt``, MIT licence).

Lines are ``token<TAB>mean valence (-4..4)<TAB>std<TAB>[ten ratings]``. Only
tokens that look like words (or short phrases) are kept as concepts; the emoticon
entries duplicate SenticNet's.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from sentic.errors import SourceError

from .vocabulary import normalize_concept


def read_vader(lines: Iterable[str]) -> Iterator[tuple[str, float]]:
    """Yield ``(concept, valence in [-1, 1])`` pairs."""
    count = 0
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise SourceError(f"VADER lexicon line {lineno}: expected tab-separated token and valence")
        try:
            valence = float(parts[1])
        except ValueError as exc:
            raise SourceError(f"VADER lexicon line {lineno}: bad valence {parts[1]!r}") from exc
        concept = normalize_concept(parts[0])
        if concept:
            count += 1
            yield concept, max(-1.0, min(1.0, valence / 4.0))
    if count == 0:
        raise SourceError("the VADER lexicon is empty")

"""Fixed expressions that change what a pattern word does ("not only", "no doubt", ...).

:func:`apply_idioms` rewrites token roles before concepts are looked up, so the words it
switches off ("doubt" in "no doubt") never become concepts, and leaves marks
(:class:`~.idiom_reading.IdiomMarks`) for what the pass in :mod:`.analysis` applies
later. It reads three kinds of expression:

* stock phrases of complaint ("save your money", "don't waste your time", "left a lot
  to be desired", "two stars at best"): the phrase stands for the concept
  ``lexicon.STOCK_PHRASES`` names, and its words are read only as that concept;
* review ratings ("9/10", "3 out of 5", "one star", "★★☆☆☆"): the rating stands for its
  verdict (see :mod:`.ratings`). A low rating is not negated: "wouldn't even give it one
  star" rates lower still;
* the expressions that start with a given word, each read by its own reader: those of
  negation and modality in :mod:`.negation_idioms` ("not only", "fails to", "could have
  been", "can't wait", ...), those of degree, amount and comparison in
  :mod:`.modifier_idioms` ("kind of", "too long", "more X than Y", "so much", ...).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from . import modifier_idioms, negation_idioms
from .idiom_reading import IdiomMarks, Reader, merge_readers, names_something
from .lexicon import CONTENT, NEUTRAL, RATING_NEGATABLE, STOCK_PHRASES
from .ratings import RATING_FIRST, find_rating, verdict
from .tokenizer import PUNCT_END

#: A compiled stock phrase: (slots, concept, opens a clause, closes a phrase).
_Phrase = tuple[tuple[frozenset[str], ...], str, bool, bool]


def _compile_phrases(table: Mapping[str, tuple[str, ...]]) -> dict[str, list[_Phrase]]:
    """The stock phrases keyed by each word that can start one (see ``lexicon.STOCK_PHRASES``)."""
    by_first: dict[str, list[_Phrase]] = {}
    for concept, patterns in table.items():
        for pattern in patterns:
            parts = pattern.split()
            opens, closes = parts[0] == "^", parts[-1] == "$"
            slots = tuple(frozenset(part.split("|")) for part in parts[opens:len(parts) - closes])
            for word in slots[0]:
                by_first.setdefault(word, []).append((slots, concept, opens, closes))
    return by_first


_STOCK_BY_FIRST = _compile_phrases(STOCK_PHRASES)


#: Every expression reader, by the word that starts its expression.
_READERS: dict[str, Reader] = merge_readers(negation_idioms.READERS, modifier_idioms.READERS)

#: Words that start an expression :func:`apply_idioms` knows (the tokenizer collects their
#: positions, so the pass visits only them); numbers are collected too (ratings).
IDIOM_FIRST = frozenset(_READERS) | modifier_idioms.POST_FIRST | frozenset(_STOCK_BY_FIRST) | RATING_FIRST


def apply_idioms(norms: list[str], roles: list[int], where: Sequence[int]) -> IdiomMarks | None:
    """Rewrite ``roles`` in place for the fixed expressions starting at ``where``.

    A stock phrase or a rating starting there is read as its concept. Any other word is
    handed to the reader of the expressions it starts (see :mod:`.negation_idioms` and
    :mod:`.modifier_idioms`), then, if it may start a post-modifier ("so much", "at
    all"), to :func:`.modifier_idioms.read_post_modifier`.
    Returns the extra marks, or None when nothing matched (the common case).
    """
    marks: IdiomMarks | None = None
    n = len(norms)
    phrase_end = 0
    readers = _READERS
    post_first = modifier_idioms.POST_FIRST
    read_post_modifier = modifier_idioms.read_post_modifier
    for i in where:
        if i < phrase_end:  # inside a stock phrase already read as its concept
            continue
        w = norms[i]
        if w in _STOCK_BY_FIRST:
            found = _stock_phrase(norms, roles, i)
            if found is not None:
                phrase_end, concept = found
                marks = _read_as(marks, roles, i, phrase_end, concept, "idiom", True)
                continue
        if w in RATING_FIRST or w[0].isdigit():
            rating = find_rating(norms, roles, i)
            if rating is not None:
                phrase_end, share = rating
                marks = _read_as(marks, roles, i, phrase_end, verdict(share), "rating", share >= RATING_NEGATABLE)
                continue
        nxt = norms[i + 1] if i + 1 < n else ""
        reader = readers.get(w)
        if reader is not None:
            marks = reader(norms, roles, i, nxt, marks)
        if w in post_first:
            marks = read_post_modifier(norms, roles, i, nxt, marks)
    return marks


def _read_as(marks: IdiomMarks | None, roles: list[int], start: int, end: int, concept: str,
             source: str, negatable: bool) -> IdiomMarks:
    """Record tokens ``start..end`` as standing for ``concept``, their words switched off.

    The last word stays a content word, the phrase's head: a negation before the phrase
    reaches it ("it did not leave much to be desired").
    """
    for j in range(start, end - 1):
        roles[j] = NEUTRAL
    roles[end - 1] = CONTENT
    marks = marks or IdiomMarks()
    marks.concepts.append((start, end, concept, source, negatable))
    return marks


def _stock_phrase(norms: list[str], roles: list[int], i: int) -> tuple[int, str] | None:
    """``(end, concept)`` of the stock phrase starting at ``i``, if one does."""
    n = len(norms)
    for slots, concept, opens, closes in _STOCK_BY_FIRST[norms[i]]:
        end = i + len(slots)
        if end > n or (opens and i > 0 and roles[i - 1] < PUNCT_END):
            continue
        if closes and end < n and names_something(norms, roles, end):
            continue  # the phrase goes on
        if all(norms[i + k] in slot for k, slot in enumerate(slots)):
            return end, concept
    return None


__all__ = ["IDIOM_FIRST", "IdiomMarks", "apply_idioms"]

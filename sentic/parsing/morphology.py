"""Rule-based lemmas, elongation squeezing and accent folding, checked against the vocabulary.

Fast mode has no tagger, so a lemma is guessed from the suffix and accepted only if the
vocabulary (or the closed word lists) knows the guess: "bought" -> "buy" (irregular table),
"presents" -> "present", "stopped" -> "stop", "making" -> "make", "happier" -> "happy". A
wrong guess costs little, because the concept matcher tries the surface form too.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product
from typing import Callable, Iterator

from .lexicon import IRREGULAR_LEMMAS, STOP_WORDS, UNINFLECTED_S_WORDS

#: Three or more of the same letter: an elongation ("sooo", "happyyy").
ELONGATION = re.compile(r"([^\W\d_])\1\1")
_RUNS = re.compile(r"([^\W\d_])\1{2,}")
#: At most this many elongated runs are squeezed combinatorially (2**3 forms).
_MAX_RUNS = 3


def _candidates(word: str) -> Iterator[str]:
    """Possible lemmas of ``word`` by regular English inflection, most likely first."""
    n = len(word)
    last = word[-1]
    if last == "s" and n > 3:
        if word.endswith("ies") and n > 4:
            yield word[:-3] + "y"
        elif word.endswith("ves"):
            yield word[:-3] + "f"
            yield word[:-3] + "fe"
        if word.endswith("es"):
            yield word[:-2]
        if not word.endswith(("ss", "us", "is")):
            yield word[:-1]
    elif last == "d" and n > 4 and word.endswith("ed"):
        if word.endswith("ied"):
            yield word[:-3] + "y"
        base = word[:-2]
        yield base
        yield word[:-1]
        if base[-1] == base[-2]:
            yield base[:-1]
    elif last == "g" and n > 5 and word.endswith("ing"):
        base = word[:-3]
        yield base
        yield base + "e"
        if base[-1] == base[-2]:
            yield base[:-1]
    elif last == "r" and n > 4 and word.endswith("er"):
        if word.endswith("ier"):
            yield word[:-3] + "y"
        base = word[:-2]
        if base[-1] == base[-2]:
            yield base[:-1]
        yield word[:-1]
        yield base
    elif last == "t" and n > 5 and word.endswith("est"):
        if word.endswith("iest"):
            yield word[:-4] + "y"
        base = word[:-3]
        if base[-1] == base[-2]:
            yield base[:-1]
        yield word[:-2]
        yield base
    elif last == "y" and n > 5 and word.endswith("ly"):
        # adverbs: "happily" -> "happy", "sadly" -> "sad"
        if word.endswith("ily"):
            yield word[:-3] + "y"
        yield word[:-2]


#: Suffix classes for which the surface form is kept when the vocabulary knows it; for
#: these the "lemma" would change the word class ("water" is not "wat" + er, "sadly" is an
#: adverb the vocabulary may know as such).
_KEEP_IF_KNOWN = ("er", "est", "ly")


def rule_lemma(word: str, known: Callable[[str], bool]) -> str:
    """Lemma of a lower-case ``word``: irregular table, then the first known regular guess.

    ``known`` says whether a string is a vocabulary key. Guesses shorter than three letters
    or that are function words are rejected ("thing" is not "the" + ing).
    """
    irregular = IRREGULAR_LEMMAS.get(word)
    if irregular is not None:
        return irregular
    if len(word) < 4 or word[-1] not in "sdgrty" or word in UNINFLECTED_S_WORDS:
        return word
    if word.endswith(_KEEP_IF_KNOWN) and known(word):
        return word
    for cand in _candidates(word):
        if len(cand) > 2 and cand not in STOP_WORDS and known(cand):
            return cand
    return word


def squeeze_forms(word: str) -> list[str]:
    """Forms of an elongated word, most conservative first.

    Each run of three or more identical letters becomes two letters or one: "goooood" ->
    ["good", "god"], "happyyy" -> ["happyy", "happy"]. Only the first three runs are varied;
    later ones are squeezed to two letters.
    """
    runs = list(_RUNS.finditer(word))
    if not runs:
        return [word]
    varied = runs[:_MAX_RUNS]
    forms = []
    for choice in product((2, 1), repeat=len(varied)):
        parts = []
        pos = 0
        for k, m in enumerate(runs):
            parts.append(word[pos : m.start()])
            parts.append(m.group(1) * (choice[k] if k < len(varied) else 2))
            pos = m.end()
        parts.append(word[pos:])
        forms.append("".join(parts))
    return forms


def squeeze(word: str, known: Callable[[str], bool]) -> str:
    """The first known squeezed form of an elongated word, else the all-single form.

    All-single is the better guess for an unknown word: repeated letters inside ordinary
    words are usually doubled at most, and a single letter keeps function words ("sooo" ->
    "so") recognisable.
    """
    forms = squeeze_forms(word)
    for form in forms:
        if known(form):
            return form
    return forms[-1]


def fold_accents(word: str) -> str:
    """``word`` without its diacritics ("cliché" -> "cliche", "naïve" -> "naive").

    English borrows such words with and without their accents, and the knowledge
    sources mostly list the bare form.
    """
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

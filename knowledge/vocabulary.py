"""One naming scheme for concepts across sources.

A concept name is lower case with words joined by ``_`` (``buy_christmas_present``),
the form SenticNet uses. ConceptNet 4 writes the same concepts with spaces and
already lemmatised, with determiners removed (``price gold``). The scheme:

* lower-case, trim, collapse runs of whitespace and ``_`` into a single ``_``;
* drop a leading article (``a_``, ``an_``, ``the_``) of a multi-word name, as
  ConceptNet's own normaliser does, so ``the_sun`` and ``sun`` meet;
* keep inflections as they are: SenticNet lists inflected forms as concepts of their
  own (``adopt``, ``adopted``, ``adoptees``) with their own values, and ConceptNet 4 is
  already lemmatised, so lemmatising here would merge entries that both sources keep
  apart. The text parser tries the surface form before the lemma instead;
* keep other punctuation (hyphens, apostrophes, emoji, emoticons such as ``:(``),
  which SenticNet uses as names.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\s_]+")
_ARTICLES = ("a_", "an_", "the_")


def normalize_concept(name: str) -> str:
    """Canonical concept name (may be ``""`` for a name that is only whitespace)."""
    text = _SPACES.sub("_", name.strip().lower()).strip("_")
    if "_" in text:
        for article in _ARTICLES:
            if text.startswith(article) and len(text) > len(article):
                text = text[len(article):]
                break
    return text


def display_name(concept: str) -> str:
    """Readable form of a concept name (``buy_christmas_present`` -> ``buy christmas present``)."""
    return concept.replace("_", " ")

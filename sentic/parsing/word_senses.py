"""Fast mode's guess at the part of speech of words whose opinion depends on it.

Accurate mode reads these off spaCy's tags (see :mod:`.accurate`). Fast mode has no
tagger, so it looks at the words just before:

* "like" is the verb of liking after its subject, a modal or "to" ("I really *like*
  it", "you'll *like* it", "would *like*", "hard to *like*", "don't *like*"). Anywhere
  else it is a preposition or a filler ("looks like rain", "it's like watching paint
  dry", "he was like, whatever", "isn't like the original"), which names no opinion.
  On the development sets the preposition was the concept that most often pulled
  negative texts positive (SST train: in 286 negative sentences).
* "well" that opens a sentence or clause and is followed by a comma is an interjection
  ("Well, that was a waste of time", "oh well, ..."), not a manner done well.

The word keeps its place inside multi-word concepts ("look_like_rain"): it only stops
being a concept of its own. Accurate mode also asks :func:`like_is_verb` before it takes
the tagger's word for a preposition: the small model tags the verb of "hard to like" as
one.
"""

from __future__ import annotations

from .lexicon import CONTENT, INDEFINITE_SUBJECTS, STOP, STOP_WORDS, SUBJECT_PRONOUNS
from .tokenizer import PUNCT_BREAK, PUNCT_END

#: Subjects that can like something.
_PERSONAL_SUBJECTS = (SUBJECT_PRONOUNS - {"he", "she", "it"}) | {"u", "ya", "yall", "who"}
#: Indefinite subjects of a negated "like" ("how could anyone not like it").
_PEOPLE = INDEFINITE_SUBJECTS | {"everyone", "everybody"}
#: Words after which "like" is the verb: subjects, modals and "to".
_LIKE_VERB_AFTER = _PERSONAL_SUBJECTS | frozenset({
    "do", "does", "did", "would", "'d", "will", "'ll", "can", "could", "should", "might", "may", "must",
    "to",
})
#: Verbs before "n't" or "not" that make the "like" after it the verb ("don't like",
#: "cannot like"; but "isn't like").
_LIKE_NEGATED_AUXILIARIES = frozenset({"do", "does", "did", "would", "wo", "could", "ca", "can", "should",
                                       "might", "must", "will"})
#: Adverbs that may stand between the subject or modal and the verb ("I really like"),
#: besides any word in -ly ("didn't particularly like").
_LIKE_ADVERBS = frozenset({"really", "just", "also", "actually", "totally", "truly", "genuinely", "definitely",
                           "still", "all", "both", "kinda", "honestly", "personally", "always", "usually",
                           "sincerely", "even", "do", "never"})
#: How many such adverbs may stand there.
_MAX_ADVERBS = 2
#: Interjections that may come before an interjected "well".
_WELL_OPENERS = frozenset({"oh", "ah", "ahh", "ohh", "and", "but", "very"})


def _adverb(word: str) -> bool:
    return word in _LIKE_ADVERBS or (len(word) > 4 and word.endswith("ly"))


def like_is_verb(norms: list[str], i: int) -> bool:
    """Whether the "like" at ``i`` is the verb of liking (see the module docstring)."""
    k = i - 1
    while k >= 0 and _adverb(norms[k]) and i - 1 - k < _MAX_ADVERBS:
        k -= 1
    if k < 0:
        return False
    before = norms[k]
    if before == "n't" or before == "not":
        aux = norms[k - 1] if k > 0 else ""
        if aux == "be":  # "ain't": "I ain't like it" (do not), "it ain't like that" (is not)
            return k > 1 and norms[k - 2] in _PERSONAL_SUBJECTS
        # "how can you not like it", "how could anyone not like it": the subject is right there
        return aux in _LIKE_NEGATED_AUXILIARIES or aux in _PERSONAL_SUBJECTS or aux in _PEOPLE
    return before in _LIKE_VERB_AFTER


def opinion_in_name(words: list[str], k: int) -> bool:
    """Whether word ``k`` of a multi-word concept name, read on its own, names an opinion:
    not a function word (``spend_day``: "day" places it in time), nor the preposition "like"
    of ``smell_like_smoke`` or ``look_like_rain`` (the verb opens a name: ``like_ice_cream``).
    The engine asks it when it reads an unrated name through its words."""
    word = words[k]
    if word in STOP_WORDS:
        return False
    return word != "like" or k == 0 or like_is_verb(words, k)


def guess_senses(norms: list[str], roles: list[int]) -> None:
    """Demote, in place, the words whose guessed part of speech carries no opinion."""
    if "like" in norms:
        for i, w in enumerate(norms):
            if w == "like" and roles[i] == CONTENT and not like_is_verb(norms, i):
                roles[i] = STOP
    if "well" in norms:
        n = len(norms)
        for i, w in enumerate(norms):
            if w == "well" and roles[i] == CONTENT and i + 1 < n and roles[i + 1] == PUNCT_BREAK \
                    and well_opens(norms, roles, i):
                roles[i] = STOP


def well_opens(norms: list[str], roles: list[int], i: int) -> bool:
    """Whether the "well" at ``i`` opens its sentence or clause (after "oh" too)."""
    k = i - 1
    if k >= 0 and norms[k] in _WELL_OPENERS:
        k -= 1
    return k < 0 or roles[k] == PUNCT_END or roles[k] == PUNCT_BREAK


__all__ = ["guess_senses", "like_is_verb", "opinion_in_name", "well_opens"]

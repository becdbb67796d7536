"""What reading a fixed expression works with and leaves behind.

The readers of fixed expressions (:mod:`.negation_idioms`, :mod:`.modifier_idioms`)
rewrite token roles in place and record the rest in :class:`IdiomMarks`, which the
analysis pass applies later. This module holds what they share: the marks, the
signature of a reader, and the word tests more than one of them needs.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from .concepts import AMBIGUOUS
from .lexicon import CONTENT, NEGATOR, TIME_WORDS

#: Words that open a noun phrase ("the kind of film", "a precious little film").
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "what", "which",
                         "any", "some", "every", "each", "no", "all", "another", "my", "your",
                         "his", "her", "its", "our", "their", "one", "same", "different"})
#: Comparatives listed outright (others are told by their "-er", see :func:`is_comparative`).
COMPARATIVE_WORDS = frozenset({"better", "more", "happier", "prouder", "worse", "less", "any"})
#: Words ending in "-er" that are not comparatives.
_NOT_COMPARATIVES = frozenset({"clever", "over", "under", "together", "ever", "never", "other", "bitter",
                               "sober", "proper", "tender", "eager", "either", "neither", "rather", "after"})
#: Roles of the words an expression can act on: content words, and words whose role the
#: context decides. After "too much"/"too many", they make them quantify (excess) rather
#: than intensify.
CONTENT_ROLES = frozenset({CONTENT, AMBIGUOUS})


class IdiomMarks:
    """What :func:`~.patterns.apply_idioms` found besides role changes."""

    __slots__ = ("scale", "post", "boost", "neg_label", "openers", "concepts", "shifts", "notes", "asking")

    def __init__(self) -> None:
        self.scale: dict[int, tuple[float, str]] = {}  #: token -> (scale, words) overriding the lexicon
        self.post: dict[int, tuple[float, str]] = {}  #: token -> (scale, words), applied backwards
        self.boost: dict[int, tuple[float, str]] = {}  #: token -> (scale, words) for the concept there
        #: negator or adversative token -> words for the trace ("anything but", "makes up for")
        self.neg_label: dict[int, str] = {}
        #: content words that also open a negation scope after them ("lacks *charm*")
        self.openers: list[int] = []
        #: (start, end, concept, source, negatable): fixed expressions that stand for a
        #: vocabulary concept ("too long" -> excess, "can't wait" -> cant_wait, source
        #: "idiom"; "9/10" -> excellent, source "rating"); the parser adds them as
        #: mentions when the vocabulary has the concept.
        self.concepts: list[tuple[int, int, str, str, bool]] = []
        #: (verb, start, end, lowers): a verb of amount and the tokens it acts on
        #: ("eased my *headache*"); see :mod:`.shifters`.
        self.shifts: list[tuple[int, int, int, bool]] = []
        #: lines for the pattern trace of what changed no concept's reading but its
        #: presence ("comparison: ...")
        self.notes: list[str] = []
        #: tokens that make their sentence a question without a question mark ("I
        #: *wonder* if it works")
        self.asking: set[int] = set()


def deny(marks: IdiomMarks | None, roles: list[int], at: int, label: str) -> IdiomMarks:
    """Make the token at ``at`` a negator whose trace names ``label``."""
    roles[at] = NEGATOR
    marks = marks or IdiomMarks()
    marks.neg_label[at] = label
    return marks


#: Reads the expression a word starts: (norms, roles, position, next word, marks) -> marks.
Reader = Callable[[list[str], list[int], int, str, "IdiomMarks | None"], "IdiomMarks | None"]


def is_comparative(word: str) -> bool:
    """Whether ``word`` is a comparative ("better", "happier", "more")."""
    return word in COMPARATIVE_WORDS or (len(word) > 4 and word.endswith("er") and word not in _NOT_COMPARATIVES)


def names_something(norms: list[str], roles: list[int], k: int) -> bool:
    """Whether token ``k`` is a word of what a phrase names: a content word, or a time word,
    which the parser keeps from being a concept of its own but which still carries a
    phrase on ("I'll be back *tomorrow* with the receipt", "a perfect fall *afternoon*")."""
    return roles[k] in CONTENT_ROLES or norms[k] in TIME_WORDS


def reader_table(pairs: Iterable[tuple[Iterable[str], Reader]]) -> dict[str, Reader]:
    """Word -> reader, from ``(words, reader)`` pairs (see :func:`merge_readers`)."""
    return merge_readers(*({word: reader for word in words} for words, reader in pairs))


def merge_readers(*tables: Mapping[str, Reader]) -> dict[str, Reader]:
    """One word -> reader table from several; a word may have only one reader.

    Raises:
        ValueError: A word given two readers (which one ran would depend on their order).
    """
    merged: dict[str, Reader] = {}
    for table in tables:
        for word, reader in table.items():
            if word in merged:
                raise ValueError(f"two idiom readers for {word!r}")
            merged[word] = reader
    return merged


__all__ = ["COMPARATIVE_WORDS", "CONTENT_ROLES", "DETERMINERS", "IdiomMarks", "Reader", "deny", "is_comparative",
           "merge_readers", "names_something", "reader_table"]

"""Concept lookup: the vocabulary index, multi-word walks and candidate selection.

The index answers "is this string a concept?" and "can a concept start with this string?"
with one hash lookup each, so a multi-word search stops as soon as no concept can continue
(a trie walk over plain sets). The per-token loop that starts the walks is
:func:`analysis.analyze`. Candidates from every source (n-grams, the dependency tree,
emoji) go through one selection: most words first, then n-grams before dependency
concepts, then earlier and shorter spans; a candidate is dropped if it shares a token with
one already taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any, Iterable, NamedTuple

from .lexicon import IRREGULAR_LEMMAS, SKIP
from .morphology import rule_lemma
from .tokenizer import emoji_base

#: Role value the parser gives ambiguous intensifiers ("pretty", "super"): they may start a
#: concept, and are resolved after selection.
AMBIGUOUS = 9

#: Emoticons -> other spellings and emoji of the same face, tried when the emoticon itself is
#: not a vocabulary key (SenticNet spells ":)" as ": )", ":D" as ":d", and has no "<3").
EMOTICON_EQUIVALENTS: Mapping[str, tuple[str, ...]] = {
    ":)": (": )", ":-)", "🙂", "😊"),
    ":(": (": (", ":-(", "🙁", "☹️", "😞"),
    ":d": (":-d", "😃", "😀"),
    ":p": (":-p", ": p", "😛"),
    ";)": (";-)", "😉"),
    ":'(": (":'-(", "😢"),
    ":')": (":'-)", "😂"),
    ":o": (":-o", "😮"),
    ":/": (":-/", ": /", "😕"),
    ":|": (":-|", "😐"),
    ":*": (":-*", ": *", "😘"),
    ":]": (":-]", ": ]", "🙂"),
    ":[": (":-[", ": [", "🙁"),
    ":3": (":-3", "😺"),
    ":s": ("😖",),
    ":c": (":-c", "🙁", "☹️"),
    ":x": (":-x", "🤐"),
    ">:(": ("😠",),
    "=)": ("= )", "🙂"),
    "=(": ("= (", "🙁"),
    "=d": ("😃",),
    "<3": ("❤️", "❤", "♥️", "♥", "😍"),
    "</3": ("💔",),
    "xd": ("😆",),
    "^_^": ("^^", "😊"),
    "^^": ("^_^", "😊"),
    "-_-": ("😑",),
    "t_t": ("😭",),
    ">_<": ("😣",),
    "o_o": ("😳",),
    "\\o/": ("🙌",),
}


class Candidate(NamedTuple):
    """A possible mention before selection.

    The hot path builds plain tuples with this layout (a NamedTuple costs a Python-level
    call per instance), so consumers index candidates by position:
    ``(rank, start, end, concept, source, tokens, head)``.
    """

    rank: float  #: minus the number of words (+0.5 for dependency concepts): sorts best first
    start: int  #: first token
    end: int  #: one past the last token
    concept: str
    source: str
    tokens: tuple[int, ...] | None  #: tokens used, when not the whole span (dependency)
    head: int = -1  #: token whose negation decides the mention's (-1: decide later)


_UNSET = object()


class ConceptIndex:
    """Membership and prefix sets over a concept vocabulary.

    Args:
        vocabulary: Concept names (a mapping's keys or a set). Names are matched in lower
            case; a mixed-case name ("add_February") is found through its lower-case form and
            reported with its original spelling.
        max_ngram: Longest concept (in words) the n-gram search looks for.

    The index never changes after construction, so one index can serve many threads.
    """

    __slots__ = ("keys", "alias", "prefixes", "max_ngram", "size", "_lemmas", "listed", "follow")

    def __init__(self, vocabulary: "Mapping[str, object] | Set[str] | Iterable[str]",
                 max_ngram: int = 5, words: "Set[str]" = frozenset()) -> None:
        if max_ngram < 1:
            raise ValueError("max_ngram must be at least 1")
        keys: "Set[str]"
        if isinstance(vocabulary, dict):
            keys = vocabulary.keys()
        elif isinstance(vocabulary, (set, frozenset)):
            keys = vocabulary
        elif isinstance(vocabulary, (str, bytes)):
            raise TypeError("vocabulary must be a collection of concept names, not a string")
        else:
            keys = frozenset(vocabulary)
        alias: dict[str, str] = {}
        prefixes: set[str] = set()
        add = prefixes.add
        limit = max_ngram - 1
        for key in keys:
            if not isinstance(key, str):
                raise TypeError(f"concept names must be str, got {type(key).__name__}")
            if "_" not in key:
                if not key.islower() and key.lower() != key and key.lower() not in keys:
                    alias.setdefault(key.lower(), key)
                continue
            low = key.lower()
            if low != key and low not in keys:
                alias.setdefault(low, key)
            if low.count("_") <= limit:
                p = low
                while True:
                    p = p.rpartition("_")[0]
                    if not p or p in prefixes:
                        break
                    add(p)
        self.keys = keys
        self.alias = alias
        # A dict of keys, not a frozenset: CPython's collector untracks a dict of strings,
        # but walks every member of a set on each full collection (114k prefixes).
        self.prefixes = dict.fromkeys(prefixes)
        # Names that start with a function word ("in_love", "at_peace"): the words that may
        # follow it, so that the parser tries such names only when one of them follows.
        follow: dict[str, set[str]] = {}
        for p in self.prefixes:
            if "_" not in p and p in words:
                follow[p] = set()
        if follow:
            for key in keys:
                first, sep, rest = key.partition("_")
                if sep:
                    if not key.islower():
                        first, sep, rest = key.lower().partition("_")
                    if first in follow and rest.count("_") < limit:
                        follow[first].add(rest.partition("_")[0])
        self.follow = {w: frozenset(s) for w, s in follow.items()}
        self.max_ngram = max_ngram
        self.size = len(keys)
        self.listed = words
        # Lemmas of the vocabulary's own single words, filled in as words are met, so that
        # a parse runs the suffix rules once per word and loading does not run them for
        # all 259k single words up front (that took half of the engine's start-up).
        # Threads may fill the same entry at once; they write the same value.
        self._lemmas: dict[str, str | None] = dict(IRREGULAR_LEMMAS)

    def lemma_of_known(self, word: str) -> str | None:
        """The lemma of a lower-case vocabulary word (or irregular form) if it differs, else None."""
        cached = self._lemmas.get(word, _UNSET)
        if cached is not _UNSET:
            return cached  # type: ignore[return-value]
        if "_" in word or not word.isalpha() or self.get(word) is None:
            return None
        lemma = rule_lemma(word, self.known_word)
        result = lemma if lemma != word else None
        self._lemmas[word] = result
        return result

    def get(self, name: str) -> str | None:
        """The vocabulary key for a lower-case name, or None."""
        if name in self.keys:
            return name
        return self.alias.get(name)

    def known(self, name: str) -> bool:
        """True if the lower-case ``name`` is a concept."""
        return name in self.keys or name in self.alias

    def known_word(self, name: str) -> bool:
        """True if ``name`` is a concept or one of the parser's listed words."""
        return name in self.keys or name in self.listed or name in self.alias

    def lemma(self, word: str) -> str | None:
        """The lemma of a lower-case content word when it differs from the word, else None."""
        lemma = self.lemma_of_known(word)
        if lemma is not None:
            return lemma
        if word in self.keys:
            return None
        return self.oov_lemma(word)

    def oov_lemma(self, word: str) -> str | None:
        """Suffix-rule lemma of a word the vocabulary does not know, or None."""
        if len(word) < 4 or word[-1] not in _INFLECTED_ENDINGS:
            return None
        lemma = rule_lemma(word, self.known_word)
        return lemma if lemma != word else None

    def emoji(self, token: str) -> str | None:
        """The key for an emoji token, trying its base form when it carries modifiers.

        Tries the token, the token without skin tones and variation selectors, that base
        with the emoji variation selector, and (for a zero-width-joiner sequence) its first
        component the same ways.
        """
        get = self.get
        found = get(token)
        if found is not None:
            return found
        base = emoji_base(token)
        for cand in (base, base + "\ufe0f"):
            found = get(cand)
            if found is not None:
                return found
        if "\u200d" in base:
            first = base.split("\u200d", 1)[0]
            for cand in (first, first + "\ufe0f"):
                found = get(cand)
                if found is not None:
                    return found
        return None

    def emoticon(self, token: str) -> str | None:
        """The key for an emoticon token, trying other spellings of the same face."""
        get = self.get
        found = get(token)
        if found is not None:
            return found
        low = token.lower().replace("&lt;", "<")
        # squeeze repeated mouths ":)))" -> ":)" and drop the nose ":-)" -> ":)"
        squeezed = low
        while len(squeezed) > 2 and squeezed[-1] == squeezed[-2]:
            squeezed = squeezed[:-1]
        plain = squeezed.replace("-", "") if len(squeezed) > 2 else squeezed
        seen = {token}
        for cand in (low, squeezed, plain, *EMOTICON_EQUIVALENTS.get(plain, ())):
            if cand in seen:
                continue
            seen.add(cand)
            found = get(cand)
            if found is not None:
                return found
        return None


#: Function words no multi-word name may end with. ConceptNet holds fragments such as
#: ``get_the``, ``in_my``, ``all_of``, ``coffee_and``: matched, "I got the job" read as
#: ``get_the`` (-0.43) instead of getting a job.
DANGLING_ENDS = frozenset({"the", "a", "an", "my", "your", "his", "her", "its", "our", "their", "this", "that",
                           "these", "those", "some", "every", "each", "any", "and", "or", "nor", "of"})


def walk(index: ConceptIndex, norms: list[str], roles: list[int], tag_get: Any,
         lem_get: Any, i: int, states: list, append: Any) -> None:
    """Extend partial concept names from token ``i + 1`` on, appending every full name.

    ``states`` holds ``(partial name, words, head)`` where head is the first content token
    so far (-1: none yet). Tokens are matched by their norm and, where it differs, their
    lemma (so "bought a christmas present" reaches ``buy_christmas_present``). A SKIP word
    may be kept or dropped ("price of gold" -> ``price_gold``). A name never crosses from
    plain words into a hashtag or between hashtags, never holds a pattern word (negator,
    intensifier, adversative, modal) or a non-word token, needs a content word, and does
    not end with a function word (:data:`DANGLING_ENDS`).
    """
    keys = index.keys
    prefixes = index.prefixes
    alias = index.alias
    max_words = index.max_ngram
    n = len(norms)
    g = tag_get(i, 0) if tag_get is not None else 0
    src = "hashtag" if g else "ngram"
    j = i + 1
    limit = i + max_words + 3
    if limit > n:
        limit = n
    while states and j < limit:
        rj = roles[j]
        if rj > 2 and rj != AMBIGUOUS:
            break
        if tag_get is not None and tag_get(j, 0) != g:
            break
        aj = norms[j]
        cj = rj == 0 or rj == AMBIGUOUS
        bj = walk_lemma(index, aj, lem_get(aj)) if cj else None
        nxt = []
        for s, w, head in states:
            h2 = head if head >= 0 else (j if cj else -1)
            w2 = w + 1
            s2 = s + "_" + aj
            if h2 >= 0 and (s2 in keys or (alias and s2 in alias)) and aj not in DANGLING_ENDS:
                append((-w2, i, j + 1, s2 if s2 in keys else alias[s2], src, None, h2))
            if w2 < max_words and s2 in prefixes:
                nxt.append((s2, w2, h2))
            if bj is not None:
                s3 = s + "_" + bj
                if h2 >= 0 and (s3 in keys or (alias and s3 in alias)):
                    append((-w2, i, j + 1, s3 if s3 in keys else alias[s3], src, None, h2))
                if w2 < max_words and s3 in prefixes:
                    nxt.append((s3, w2, h2))
            if rj == SKIP:
                nxt.append((s, w, head))
        states = nxt
        j += 1


def walk_lemma(index: ConceptIndex, w: str, override: str | None) -> str | None:
    """Lemma of a content word inside a multi-word name.

    Besides the usual lemma, a plural stands for its singular even when the vocabulary only
    has that singular inside the name ("christmas presents" -> ``christmas_present``).
    """
    if override is not None and override != w:
        return override
    lm = index.lemma(w)
    if lm is None and len(w) > 3 and w[-1] == "s" and w[-2] not in "su'":
        return w[:-3] + "y" if w.endswith("ies") else w[:-1]
    return lm


_INFLECTED_ENDINGS = frozenset("sdgrty")


def select(candidates: list, n_tokens: int) -> list:
    """Non-overlapping candidates, longest first, returned in text order.

    Candidates are tuples whose first item is minus the number of words (dependency
    candidates add 0.5, so an n-gram wins a tie; fixed expressions subtract 0.25, so they
    win one), so the natural tuple order is the rank: more words, fixed expression before
    n-gram before dependency, earlier start, shorter span. A candidate is
    dropped when any token it uses is already taken.
    """
    if len(candidates) < 2:
        return candidates
    # common case: contiguous candidates in text order that do not overlap
    end = -1
    for c in candidates:
        if c[1] < end or c[5] is not None:
            break
        end = c[2]
    else:
        return candidates
    taken = bytearray(n_tokens)
    chosen = []
    for cand in sorted(candidates):
        tokens = cand[5]
        if tokens is None:
            a, b = cand[1], cand[2]
            if any(taken[a:b]):
                continue
            taken[a:b] = b"\x01" * (b - a)
        else:
            if any(taken[t] for t in tokens):
                continue
            for t in tokens:
                taken[t] = 1
        chosen.append(cand)
    chosen.sort(key=_start)
    return chosen


def _start(c: tuple) -> int:
    return c[1]


__all__ = ["AMBIGUOUS", "Candidate", "ConceptIndex", "EMOTICON_EQUIVALENTS", "select", "walk",
           "walk_lemma"]

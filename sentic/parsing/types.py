"""Records the parser returns: tokens, concept mentions, clauses, and the parsed text.

These are plain data. Offsets are character offsets into the text exactly as given to
:meth:`ConceptParser.parse`; token spans are ``[start, end)`` indices into
:attr:`ParsedText.tokens`.

:class:`ParsedText` builds its token list on first access. Making a frozen record per token
costs more than the rest of a fast-mode parse put together, and most callers (the engine
included) only read mentions and clauses; the list is built from the same data the parse
used, so it is identical whenever it is built. The same holds for ``uncovered``.
"""

from __future__ import annotations

from dataclasses import asdict, astuple, dataclass
from typing import Any, Callable


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the input.

    Attributes:
        text: The surface text, an exact substring of the input.
        norm: Lower-case normalised form: straight apostrophes, elongations squeezed
            ("sooo" -> "so", "goooood" -> "good" when the vocabulary knows it), HTML entities
            decoded, "n't" for any negative clitic.
        lemma: Dictionary form (spaCy's in accurate mode; suffix rules checked against the
            vocabulary plus an irregular-forms table in fast mode).
        start: Character offset of ``text`` in the original input.
        kind: ``"word" | "emoji" | "emoticon" | "hashtag" | "mention" | "url" | "number" |
            "punct"``. The words of a hashtag (``#NeverAgain`` -> ``Never``, ``Again``) are
            tokens of kind ``"hashtag"``; the ``#`` itself is not a token.
        emphasis: The word is written in ALL CAPS (two letters or more, in a text that is not
            all caps) or elongated ("sooo").
    """

    text: str
    norm: str
    lemma: str
    start: int
    kind: str
    emphasis: bool

    @property
    def end(self) -> int:
        """Character offset just past the token."""
        return self.start + len(self.text)


@dataclass(slots=True)
class Mention:
    """A concept of the vocabulary found in the text.

    Attributes:
        concept: The vocabulary key (``"buy_christmas_present"``, ``"happy"``, ``"😂"``).
        span: ``[start, end)`` token indices. Mentions never share a token. A mention found
            through the dependency tree (``source == "dependency"``, e.g. ``give_up`` in "gave
            it up") spans from its first to its last token and may enclose tokens that belong
            to other mentions or to none.
        clause: Index into :attr:`ParsedText.clauses`.
        negated: Inside an odd number of negation scopes.
        intensity: Product of the intensifiers, downtoners and emphasis that apply
            (1.0 = none; "very" 1.3, "slightly" 0.5, ALL CAPS 1.2, weak negators 0.6).
        source: ``"ngram" | "dependency" | "emoji" | "emoticon" | "hashtag" | "idiom" | "rating"
            | "compound"`` (``"idiom"``: a fixed expression that stands for a concept, "too
            long" for ``excess``; ``"rating"``: a review rating that stands for its verdict,
            "2/10" for ``terrible``; ``"compound"``: an unlisted adverb-participle compound
            read as its adverb, "well-made" as ``well``).
        felt: The concept names what the writer feels: it follows a feeling verb ("I feel
            *betrayed*", "feeling a bit *uneasy*") or starts with one (``feel_guilty``).
        shifted: A verb that lowers an amount acts on it ("eased my *headache*",
            "*unemployment* fell"): its affect is reversed, as by a negation, but
            without the negative cue of a negation (see :mod:`sentic.parsing.shifters`).
    """

    concept: str
    span: tuple[int, int]
    clause: int
    negated: bool
    intensity: float
    source: str
    felt: bool = False
    shifted: bool = False


@dataclass(slots=True)
class Clause:
    """A clause: the unit sentic patterns weigh.

    Attributes:
        span: ``[start, end)`` token indices; clauses tile the token list.
        weight: 1.0 normally; 0.3 for a clause another one outweighs: the clause before an
            adversative ("X but Y", "X. However, Y", "X, yet Y", "X. Y though.") and the clause
            a concessive introduces ("although X, Y", "Y even though X").
        irrealis: The clause is hypothetical: it holds "if"/"unless"/"whether", "would",
            "could", "might", "wish", "should have", or "'d" meaning "would". "hope" does not
            count (hoping is itself an attitude the writer holds), nor "I/we would" + verb
            (a disposition: "I would recommend it"), nor "could/should have been X" (a
            counterfactual: X is negated instead).
        question: The clause is a question: the last clause of a sentence that ends with "?",
            or any clause of a sentence that opens like one ("Why ...", "Did you ...").
    """

    span: tuple[int, int]
    weight: float
    irrealis: bool
    question: bool


def _built(record: type, rows: "tuple[tuple, ...]") -> list:
    """The records of a parse's rows; from then on the list is the record (it may be edited)."""
    return [record(*row) for row in rows]


class ParsedText:
    """The parse of one text: tokens, concept mentions, clauses and sentic-pattern cues.

    Behaves like a dataclass with the fields below (same constructor order, equality,
    ``repr``), except that ``tokens`` and ``uncovered`` may be given as zero-argument
    callables that build the list on first access, or all three lazy parts at once as
    ``later``: one object with ``tokens()``, ``uncovered()`` and ``char_spans()`` methods
    (how the parser does it: one object per text rather than three bound methods).
    ``mentions`` and ``clauses`` may be given as tuples of rows in the field order of
    :class:`Mention` and :class:`Clause` (the parser does): the objects are built on first
    access, and :attr:`mention_rows` and :attr:`clause_rows` read the rows without them.

    Attributes:
        text: The input, unchanged.
        tokens: The tokens (see :class:`Token`).
        mentions: Concepts found, in text order.
        clauses: Clauses in text order (empty only for a text without tokens).
        question: The text is a question (its last sentence is one).
        exclamations: Number of "!" in the text, capped at 4.
        patterns: Human-readable trace of the sentic patterns applied, e.g.
            ``"negation: 'not' over happy"``; clause numbers in it count from 1.
        uncovered: Content words (nouns, verbs, adjectives, adverbs; not function words) that
            no mention covers, normalised, without repeats, at most 256.
        irony: The marker by which the writer declares the text ironic (``"#sarcasm"``,
            ``"#not"``, ``"/s"``; see :mod:`sentic.parsing.irony`), or None.
    """

    __slots__ = ("text", "_tokens", "_mentions", "_mention_rows", "_clauses", "_clause_rows", "question",
                 "exclamations", "patterns", "_uncovered", "_char_spans", "_later", "irony")
    __match_args__ = ("text", "tokens", "mentions", "clauses", "question", "exclamations",
                      "patterns", "uncovered", "irony")

    def __init__(
        self,
        text: str,
        tokens: "list[Token] | Callable[[], list[Token]] | None",
        mentions: "list[Mention] | tuple[tuple, ...]",
        clauses: "list[Clause] | tuple[tuple, ...]",
        question: bool,
        exclamations: int,
        patterns: list[str],
        uncovered: "list[str] | Callable[[], list[str]] | None",
        char_spans: "list[tuple[int, int]] | Callable[[], list[tuple[int, int]]] | None" = None,
        *,
        later: Any = None,
        irony: str | None = None,
    ) -> None:
        self.text = text
        self.irony = irony
        self._tokens = tokens
        self.mentions = mentions
        self.clauses = clauses
        if isinstance(mentions, tuple):  # rows, read as they are until the objects are asked for
            self._mentions, self._mention_rows = None, mentions
        if isinstance(clauses, tuple):
            self._clauses, self._clause_rows = None, clauses
        self.question = question
        self.exclamations = exclamations
        self.patterns = patterns
        self._uncovered = uncovered
        self._char_spans = char_spans
        self._later = later
        if later is None and (tokens is None or uncovered is None):
            raise TypeError("ParsedText needs tokens and uncovered (lists or callables), or later")

    @property
    def mentions(self) -> list[Mention]:
        """The mentions, as :class:`Mention` objects (built on first access from the rows)."""
        if self._mentions is None:
            self._mentions, self._mention_rows = _built(Mention, self._mention_rows), None
        return self._mentions

    @mentions.setter
    def mentions(self, value: "list[Mention]") -> None:
        self._mentions = value
        self._mention_rows = None

    @property
    def mention_rows(self) -> tuple[tuple, ...]:
        """The mentions as plain tuples in :class:`Mention`'s field order.

        What the engine reads: tuples of plain values drop out of the garbage collector's
        sight, where a parse's :class:`Mention` objects (six per tweet) stay in it for as
        long as the parse lives, and the collector's full passes come the more often the
        more such objects a batch accumulates.
        """
        rows = self._mention_rows
        return rows if rows is not None else tuple(map(astuple, self._mentions))

    @property
    def clauses(self) -> list[Clause]:
        """The clauses, as :class:`Clause` objects (built on first access from the rows)."""
        if self._clauses is None:
            self._clauses, self._clause_rows = _built(Clause, self._clause_rows), None
        return self._clauses

    @clauses.setter
    def clauses(self, value: "list[Clause]") -> None:
        self._clauses = value
        self._clause_rows = None

    @property
    def clause_rows(self) -> tuple[tuple, ...]:
        """The clauses as plain tuples in :class:`Clause`'s field order (see :attr:`mention_rows`)."""
        rows = self._clause_rows
        return rows if rows is not None else tuple(map(astuple, self._clauses))

    @property
    def uncovered(self) -> list[str]:
        """Content words no mention covers, built on first access."""
        words = self._uncovered
        if not isinstance(words, list):
            words = words() if words is not None else self._later.uncovered()
            self._uncovered = words
        return words

    @uncovered.setter
    def uncovered(self, value: list[str]) -> None:
        self._uncovered = value

    @property
    def tokens(self) -> list[Token]:
        """The token list, built on first access."""
        toks = self._tokens
        if not isinstance(toks, list):
            toks = toks() if toks is not None else self._later.tokens()
            self._tokens = toks
        return toks

    @tokens.setter
    def tokens(self, value: list[Token]) -> None:
        self._tokens = value

    def char_span(self, first: int, end: int) -> tuple[int, int]:
        """Character offsets ``[start, end)`` in :attr:`text` of the tokens ``first`` to ``end - 1``.

        Cheaper than :attr:`tokens` when the tokens are not built yet (no lemmas needed).
        """
        spans = self._char_spans
        if spans is None and self._later is None:
            toks = self.tokens
            return toks[first].start, toks[end - 1].end
        if not isinstance(spans, list):
            spans = spans() if spans is not None else self._later.char_spans()
            self._char_spans = spans
        return spans[first][0], spans[end - 1][1]

    @property
    def concepts(self) -> list[str]:
        """The concept of every mention, in text order."""
        return [m.concept for m in self.mentions]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field."""
        return {
            "text": self.text,
            "tokens": [asdict(t) for t in self.tokens],
            "mentions": [
                {**asdict(m), "span": list(m.span)} for m in self.mentions
            ],
            "clauses": [{**asdict(c), "span": list(c.span)} for c in self.clauses],
            "question": self.question,
            "exclamations": self.exclamations,
            "patterns": list(self.patterns),
            "uncovered": list(self.uncovered),
            "irony": self.irony,
        }

    def _astuple(self) -> tuple:
        return (self.text, self.tokens, self.mentions, self.clauses, self.question,
                self.exclamations, self.patterns, self.uncovered, self.irony)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._astuple() == other._astuple()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like a non-frozen dataclass

    def __repr__(self) -> str:
        return (
            f"ParsedText(text={self.text!r}, tokens={self.tokens!r}, mentions={self.mentions!r}, "
            f"clauses={self.clauses!r}, question={self.question!r}, "
            f"exclamations={self.exclamations!r}, patterns={self.patterns!r}, "
            f"uncovered={self.uncovered!r}, irony={self.irony!r})"
        )

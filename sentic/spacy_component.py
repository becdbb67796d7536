"""The engine as a spaCy pipeline component: ``nlp.add_pipe("sentic")``.

For users whose text already flows through spaCy. The component reads each
``Doc``'s text with an :class:`~sentic.engine.Engine` and stores the result:

* ``doc._.sentic``: the :class:`~sentic.analysis.Analysis` of the whole text;
* ``sent._.sentic``: the ``Analysis`` of each sentence, when the doc has sentence
  boundaries by the time the component runs (a parser or ``senter`` before it);
  ``None`` for a span that is not one of those sentences (call
  ``engine.analyze(span.text)`` for any other span).

``nlp.pipe`` analyses its docs in batches through ``Engine.analyze_batch``. The
engine runs its own concept parser on the text (its tokenizer knows tweets, emoji and
elongations; accurate mode parses with its own spaCy pipeline), so the component can
sit anywhere in any English pipeline, at the cost of a second parse in accurate mode:
use ``mode="fast"`` where that matters.

The component is registered under the name ``"sentic"`` through the
``spacy_factories`` entry point, so ``nlp.add_pipe("sentic", config={"mode":
"fast"})`` works without importing this module. Its only state is its configuration:
``nlp.to_disk`` / ``spacy.load`` rebuild it, loading the knowledge base from the
cache. The analyses live in ``Doc.user_data`` and are not serialisable: use a
``DocBin`` (which leaves user data out by default) or ``doc.to_bytes(exclude=["user_data"])``.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .analysis import Analysis
from .engine import Engine
from .errors import InputError

#: Where the sentence analyses of a doc are kept, keyed by (start, end) token offsets.
_SENTENCES = "sentic_sentences"


def _sentence_analysis(span: Span) -> Analysis | None:
    found = span.doc._.get(_SENTENCES)
    return None if found is None else found.get((span.start, span.end))


def register_extensions() -> None:
    """Declare ``Doc._.sentic`` and ``Span._.sentic`` (idempotent)."""
    if not Doc.has_extension("sentic"):
        Doc.set_extension("sentic", default=None)
    if not Doc.has_extension(_SENTENCES):
        Doc.set_extension(_SENTENCES, default=None)
    if not Span.has_extension("sentic"):
        Span.set_extension("sentic", getter=_sentence_analysis)


class SenticComponent:
    """A pipeline component that stores the engine's reading of each doc and sentence.

    Parameters
    ----------
    nlp, name:
        Given by spaCy.
    mode:
        ``"accurate"`` or ``"fast"``, as in :meth:`Engine.load`.
    sentences:
        Also analyse each sentence when the doc has sentence boundaries.
    batch_size:
        Docs per ``Engine.analyze_batch`` call in :meth:`pipe`.
    engine:
        An engine to share between components instead of loading one.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "sentic",
        mode: str = "accurate",
        sentences: bool = True,
        batch_size: int = 256,
        engine: Engine | None = None,
    ) -> None:
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InputError(f"batch_size must be a positive integer, got {batch_size!r}")
        self.name = name
        self.sentences = bool(sentences)
        self.batch_size = batch_size
        self.engine = engine if engine is not None else Engine.load(mode=mode)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate([doc])[0]

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Annotate docs in batches of ``batch_size`` (one ``analyze_batch`` call each)."""
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        """Read every doc (and sentence) of a batch with one pass of the engine.

        A doc or sentence of nothing but whitespace gets ``None``: it says nothing.
        A text the engine refuses (longer than its ``max_chars``) raises its
        :class:`~sentic.errors.InputError`.
        """
        jobs: list[tuple[Doc, tuple[int, int] | None]] = []
        for doc in docs:
            sentenced = self.sentences and doc.has_annotation("SENT_START")
            doc._.sentic = None
            doc._.set(_SENTENCES, {} if sentenced else None)
            if not doc.text.strip():
                continue
            jobs.append((doc, None))
            if sentenced:
                # a one-sentence doc shares the doc's analysis (below) instead of a second one
                jobs.extend((doc, (sent.start, sent.end)) for sent in doc.sents
                            if sent.text.strip() and (sent.start, sent.end) != (0, len(doc)))
        texts = [doc.text if key is None else doc[key[0]:key[1]].text for doc, key in jobs]
        step = self.engine.max_batch
        analyses = [a for lo in range(0, len(texts), step) for a in self.engine.analyze_batch(texts[lo:lo + step])]
        for (doc, key), analysis in zip(jobs, analyses):
            if key is not None:
                doc._.get(_SENTENCES)[key] = analysis
                continue
            doc._.sentic = analysis
            if doc._.get(_SENTENCES) is not None:
                doc._.get(_SENTENCES)[(0, len(doc))] = analysis
        return docs


@Language.factory(
    "sentic",
    default_config={"mode": "accurate", "sentences": True, "batch_size": 256},
)
def make_sentic(nlp: Language, name: str, mode: str, sentences: bool, batch_size: int) -> SenticComponent:
    """spaCy factory of :class:`SenticComponent`."""
    return SenticComponent(nlp, name, mode=mode, sentences=sentences, batch_size=batch_size)


__all__ = ["SenticComponent", "make_sentic", "register_extensions"]

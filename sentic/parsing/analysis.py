"""One left-to-right pass: concept candidates and sentic-pattern state, then assembly.

:func:`analyze` walks the tokens once. At a content word it looks the word (and its
lemma) up and starts multi-word walks (see :mod:`concepts`); at a function word it only
starts walks; at punctuation and pattern words it updates the clause, negation and
intensifier state. What a later mention needs from that state is recorded per token
(negation at the token, the intensifier chain right before it), so the pass does not need
to know the final mentions, which are chosen afterwards (:func:`concepts.select`) and
finished by :func:`assemble`. One pass instead of one per concern matters: fast mode
spends its whole budget on interpreted per-token work.

Linear rules (fast mode, and accurate mode wherever the dependency tree settled nothing):

* Negation scope: from the negator to the end of the clause, the next punctuation, a
  scope-breaking conjunction ("and", "because", "which", ...), an emoji or the edge of a
  hashtag, for at most ``NEGATION_WINDOW`` content words. Scopes stack; a concept inside
  an even number of scopes is not negated (double negation cancels). "hardly", "barely"
  and "scarcely" negate and also weaken (x0.6). A denied verb of attitude leaves its
  definite or modified object alone: in "I don't like the *rude* staff" the liking is
  denied, and the staff are rude either way.
* Intensifiers chain ("really very") and apply to the concept starting right after the
  chain, or after one article for "such"/"quite"/"rather"/"what" ("such a good day").
  Post-modifiers ("so much", "a lot", "at all", "af") apply to the last concept of the
  clause. ALL CAPS and elongation multiply by 1.2.
* Clauses end at sentence punctuation (. ! ? ; and line breaks). Adversatives ("but",
  "however", "nevertheless"; "yet"/"still"/"anyway" only at a clause start or after a
  comma) cut the sentence and discount the clause before them to 0.3; a clause-final
  "though" discounts the part before the last comma (or the previous clause). Concessives
  ("although", "though", "even though", "whereas", "despite") open a clause that is
  discounted, closed by the first comma (or the sentence end). A fronted concessive with
  no comma cannot be delimited linearly and keeps weight 1.0 (accurate mode delimits it).
* Irrealis: "if"/"unless"/"whether" open a clause like concessives do; "would", "could",
  "might", "wish", "should have" and "'d" + verb mark the clause they are in (except
  where :func:`patterns.apply_idioms` reads them otherwise: "I would recommend it").
* Questions: a sentence ending in "?" marks its last clause; a sentence opening like a
  question ("Why are ...", "Did you ...") marks all its clauses when it has no other
  terminal punctuation. The text is a question when its last sentence is.
* Feeling statements: a concept right after a feeling verb ("feel", "felt", "feeling"),
  with at most ``FEELING_GAP`` intensifiers, articles or "like" between them ("I feel
  *betrayed*", "feeling a bit *uneasy*", "felt like a *failure*"), or a multi-word concept
  that starts with one (``feel_guilty``, but not ``feel_like``), is marked *felt*: it
  names the writer's emotion. So is an emoticon that closes the text ("the show got
  cancelled *:(*"): it says how the writer feels about all of it. A closing emoji is
  not: "😂" ends as many complaints as jokes (on TweetEval emotion, treating emoji so
  cost 0.011 macro-F1 in accurate mode; emoticons alone cost nothing).
"""

from __future__ import annotations

from bisect import bisect_right
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .concepts import AMBIGUOUS, ConceptIndex, walk, walk_lemma
from .lexicon import (
    ADVERSATIVE,
    ADVERSATIVE_DISCOUNT,
    ATTITUDE_NOUNS,
    ATTITUDE_VERBS,
    CLAUSE_SUBJECTS,
    CONCESSIVE,
    CONTENT,
    DEFINITE_DETERMINERS,
    DISJUNCTIONS,
    EMPHASIS_SCALE,
    EXCLAMATIVE_FOLLOWERS,
    FEELING_GAP,
    FEELING_LINKS,
    FEELING_VERBS,
    INTENSIFIER,
    INTENSIFIERS,
    IRREALIS,
    NEGATION_WINDOW,
    NEGATOR,
    NEGATORS,
    NEUTRAL,
    PARTITIVES,
    QUESTION_AUXILIARIES,
    SCOPE_BREAKERS,
    SKIP,
    STOP,
    SUBJECT_PRONOUNS,
    WEAK_ADVERSATIVES,
    WH_WORDS,
    adjective_before,
    manner_compound_adverb,
)
from .patterns import IdiomMarks
from .tokenizer import OTHER, PUNCT_BREAK, PUNCT_END

#: Roles of the words a list item may have (content and function words).
_LIST_ITEM_ROLES = frozenset({CONTENT, STOP, SKIP, AMBIGUOUS})
_GAP_INTENSIFIERS = frozenset({"such", "quite", "rather", "what"})
_CONDITIONALS = frozenset({"if", "unless", "whether"})
#: Words that may open an interrogative after an auxiliary ("Did *you* ...").
_SUBJECTS = SUBJECT_PRONOUNS | {"this", "that", "there", "the", "a", "an", "my", "your", "his", "her", "our",
                                "their", "its", "anyone", "anybody", "someone", "somebody", "everyone", "u",
                                "ya", "y'all", "these", "those", "any", "some"}
_WH_FOLLOWERS = QUESTION_AUXILIARIES | _SUBJECTS | {"n't", "'s", "'re", "'m", "'d", "'ll", "'ve",
                                                   "about", "the", "so", "else", "me", "not"}
_NO_SCOPE: frozenset[int] = frozenset()
_NO_LINES: tuple[int, ...] = ()
_EMPTY: Mapping[Any, Any] = MappingProxyType({})


class _Clauses:
    """Clause and sentence state of :func:`analyze`, and the two ways a clause ends."""

    __slots__ = ("norms", "roles", "clauses", "patterns", "start", "weight", "irrealis",
                 "concession", "fronted", "sentence_clause", "sentence_start", "question", "asking")

    def __init__(self, norms: list[str], roles: list[int], clauses: list[list],
                 patterns: list[str]) -> None:
        self.norms = norms
        self.roles = roles
        self.clauses = clauses
        self.patterns = patterns
        self.start = 0  # first token of the current clause
        self.weight = 1.0
        self.irrealis = False
        self.concession: str | None = None  # the concessive marker opening the clause
        self.fronted = False  # the first comma closes the clause
        self.sentence_clause = 0  # first clause of the current sentence
        self.sentence_start = 0  # first token of the current sentence
        self.question = False  # whether the last sentence with words is a question
        self.asking = False  # whether the current sentence asks without "?" ("I wonder if")

    def close(self, end: int) -> None:
        """End the current clause before token ``end`` (no-op for an empty clause)."""
        if end <= self.start:
            return
        weight = self.weight
        clauses = self.clauses
        if self.concession is not None:
            weight = round(weight * ADVERSATIVE_DISCOUNT, 4)
            self.patterns.append(
                f"concession: '{self.concession}' discounts clause {len(clauses) + 1}")
        clauses.append([self.start, end, weight, self.irrealis, False])
        self.start = end
        self.weight = 1.0
        self.irrealis = False
        self.concession = None
        self.fronted = False

    def end_sentence(self, end: int, terminal: str) -> None:
        """End the current sentence before token ``end``; ``terminal`` is its punctuation."""
        clauses = self.clauses
        first_clause = self.sentence_clause
        first = self.sentence_start
        asking = self.asking
        self.asking = False
        if self.concession is not None and len(clauses) == first_clause:
            self.concession = None  # a fronted concessive spanning the sentence contrasts nothing
        self.close(end)
        self.sentence_start = end
        if len(clauses) == first_clause:
            return
        self.sentence_clause = len(clauses)
        roles = self.roles
        while first < end and roles[first] >= PUNCT_END:
            first += 1
        if first >= end:
            return  # no words: emoji or punctuation only
        norms = self.norms
        w0 = norms[first]
        w1 = norms[first + 1] if first + 1 < end else ""
        interrogative = (
            w0 in WH_WORDS and w1 in _WH_FOLLOWERS and w1 not in EXCLAMATIVE_FOLLOWERS
        ) or (w0 in QUESTION_AUXILIARIES and w1 in _SUBJECTS)
        asks = "?" in terminal or (interrogative and (terminal == "" or terminal == "\n")) or asking
        if asks:
            if interrogative or asking:
                for c in clauses[first_clause:]:
                    c[4] = True
            else:
                clauses[-1][4] = True
        self.question = asks


class Analysis:
    """What :func:`analyze` found (internal; consumed by :func:`assemble`).

    ``candidates`` are plain tuples laid out as :class:`concepts.Candidate`; ``clauses``
    are lists ``[start, end, weight, irrealis, question]``; ``neg_at`` maps a content token
    inside negation scopes to (number of scopes, negator words, weakest strength);
    ``pre_at`` maps a token right after an intensifier chain to (scale, words);
    ``amb_pre`` the same for ambiguous intensifiers, which :func:`assemble` resolves;
    ``post`` lists post-modifiers (token, scale, words); ``dep_pending`` lists
    tree-targeted intensifiers (target, scale, word, token).
    """

    __slots__ = ("candidates", "clauses", "patterns", "question", "neg_at", "pre_at",
                 "amb_pre", "post", "dep_pending")

    def __init__(self) -> None:
        self.candidates: list = []
        self.clauses: list[list] = []
        self.patterns: list[str] = []
        self.question = False
        self.neg_at: dict[int, tuple[int, str, float]] = {}
        self.pre_at: dict[int, tuple[float, str]] = {}
        self.amb_pre: dict[int, tuple[float, str]] = {}
        self.post: list[tuple[int, float, str]] = []
        self.dep_pending: list[tuple[int, float, str, int]] = []


def analyze(
    index: ConceptIndex,
    norms: list[str],
    roles: list[int],
    hashtags: Mapping[int, int],
    newlines: "set[int] | frozenset[int]",
    marks: IdiomMarks | None,
    emphasis: "set[int] | frozenset[int]",
    lemma_override: Mapping[int, str] | None = None,
    dep_negators: "set[int] | frozenset[int]" = _NO_SCOPE,
    dep_intensifiers: Mapping[int, int] | None = None,
    dep_clause_ends: Mapping[int, int] | None = None,
) -> Analysis:
    """Candidates, clauses and pattern state in one pass over the tokens.

    Args:
        index: The concept index.
        norms, roles: Per-token normalised text and role (roles after :func:`apply_idioms`).
        hashtags: Token -> hashtag number, for the words of hashtags.
        newlines: Tokens that start a new line (a sentence boundary).
        marks: What :func:`patterns.apply_idioms` found.
        emphasis: Tokens written in caps or elongated (they strengthen an intensifier).
        lemma_override: Accurate mode: spaCy's lemmas by token.
        dep_negators: Accurate mode: negators whose scope the tree settled (no linear scope).
        dep_intensifiers: Accurate mode: intensifier -> the token it modifies.
        dep_clause_ends: Accurate mode: subordinator -> token where its clause ends.
    """
    out = Analysis()
    n = len(norms)
    keys = index.keys
    prefixes = index.prefixes
    follow = index.follow
    alias = index.alias
    multi = index.max_ngram > 1
    lemma_get: Callable[[str], str | None]
    if lemma_override:
        by_norm = {norms[i]: lm for i, lm in lemma_override.items() if lm != norms[i]}
        table_get = index.lemma_of_known

        def lemma_get(w: str) -> str | None:
            return by_norm.get(w) or table_get(w)
    else:
        lemma_get = index.lemma_of_known
    oov_lemma = index.oov_lemma
    tag_get = hashtags.get if hashtags else None
    append = out.candidates.append
    clauses = out.clauses
    patterns = out.patterns
    scale_of: Mapping[int, tuple[float, str]] = marks.scale if marks is not None else _EMPTY
    post_of: Mapping[int, tuple[float, str]] = marks.post if marks is not None else _EMPTY
    asking_at = marks.asking if marks is not None else None
    dep_intens = dep_intensifiers or _EMPTY
    dep_ends = dep_clause_ends or _EMPTY
    negators: list[int] = []

    cl = _Clauses(norms, roles, clauses, patterns)
    cut_at = -1
    last_comma = -1
    line_starts = sorted(newlines) if newlines else _NO_LINES
    line_pos = 0
    next_line = line_starts[0] if line_starts else -1
    stop_at = next_line  # the next token at which a line starts or a clause is cut
    chain = 1.0
    chain_words = ""
    chain_end = -3
    chain_gap = False

    for i in range(n):
        if i == stop_at:
            if i == cut_at:
                cl.close(i)
                cut_at = -1
            if i == next_line:
                line_pos += 1
                next_line = line_starts[line_pos] if line_pos < len(line_starts) else -1
                if i > cl.sentence_start:
                    cl.end_sentence(i, "\n")
            stop_at = next_line if cut_at < 0 or 0 <= next_line < cut_at else cut_at
        r = roles[i]
        if r == 0 or r == AMBIGUOUS:
            # ---- a content word: its concept, and multi-word names starting here ----
            a = norms[i]
            b = lemma_get(a)
            if a in keys:
                append((-1, i, i + 1, a, "ngram", None, i))
            else:
                if b is None:
                    b = oov_lemma(a)
                if b is not None and b in keys:
                    append((-1, i, i + 1, b, "ngram", None, i))
                elif alias and (a in alias or (b is not None and b in alias)):
                    append((-1, i, i + 1, alias[a] if a in alias else alias[b],  # type: ignore[index]
                            "ngram", None, i))
                elif "-" in a:
                    joined = a.replace("-", "_")
                    if joined in keys:
                        append((-1, i, i + 1, joined, "ngram", None, i))
                    else:
                        # "well-made", "ill-conceived": an unlisted compound reads as its adverb
                        adverb = manner_compound_adverb(a)
                        if adverb is not None and adverb in keys:
                            append((-1, i, i + 1, adverb, "compound", None, i))
            if r == AMBIGUOUS:
                # maybe an intensifier of what follows ("pretty good"); assemble() decides
                scale = INTENSIFIERS.get(a, 1.0) * (EMPHASIS_SCALE if i in emphasis else 1.0)
                out.amb_pre[i + 1] = (scale, a)
            if not multi:
                continue
            a_pre = a in prefixes
            b_pre = b is not None and b in prefixes
            if not (a_pre or b_pre):
                continue
            j = i + 1
            if j >= n:
                continue
            rj = roles[j]
            if rj == SKIP:
                # "buy a christmas present": the articles may be dropped; walk on only if the
                # name can go on with the article or with the first word after the articles
                k2 = j + 1
                while k2 < n and roles[k2] == SKIP and k2 - j < 3:
                    k2 += 1
                alive = _alive(a if a_pre else None, b if b_pre else None, norms[j], None,
                               prefixes, keys, alias)
                if not alive and k2 < n and (roles[k2] == 0 or roles[k2] == AMBIGUOUS):
                    ak = norms[k2]
                    alive = _alive(a if a_pre else None, b if b_pre else None, ak,
                                   walk_lemma(index, ak, lemma_get(ak)), prefixes, keys, alias)
                if alive:
                    walk(index, norms, roles, tag_get, lemma_get, i,
                         _states(a, a_pre, b, b_pre, i), append)
                continue
            if rj > 2 and rj != AMBIGUOUS:
                continue
            aj = norms[j]
            bj = walk_lemma(index, aj, lemma_get(aj)) if (rj == 0 or rj == AMBIGUOUS) else None
            if _alive(a if a_pre else None, b if b_pre else None, aj, bj, prefixes, keys, alias):
                walk(index, norms, roles, tag_get, lemma_get, i, _states(a, a_pre, b, b_pre, i),
                     append)
        elif r == 1 or r == SKIP:
            # ---- a function word: a name starts here only with the next word ("in love") ----
            if multi:
                nxt = follow.get(norms[i])
                if nxt is not None and i + 1 < n and norms[i + 1] in nxt:
                    walk(index, norms, roles, tag_get, lemma_get, i, [(norms[i], 1, -1)], append)
        elif r == PUNCT_END:
            cl.end_sentence(i + 1, norms[i])
        elif r == PUNCT_BREAK:
            if norms[i] == ",":
                if cl.fronted:
                    cl.close(i + 1)
                else:
                    last_comma = i + 1
        elif r == OTHER:
            pass
        elif r == NEGATOR:
            if i not in dep_negators:
                negators.append(i)
        elif r == INTENSIFIER:
            w = norms[i]
            over = scale_of.get(i)
            if over is not None:
                scale, w = over
            else:
                scale = INTENSIFIERS.get(w, 1.0)
            if scale >= 1.0 and i in emphasis:
                scale *= EMPHASIS_SCALE
            if i in dep_intens:
                out.dep_pending.append((dep_intens[i], scale, w, i))
                continue
            if chain_end == i - 1:
                chain *= scale
                chain_words = f"{chain_words} {w}"
            else:
                chain = scale
                chain_words = w
                chain_gap = w in _GAP_INTENSIFIERS
            chain_end = i
            j = i + 1
            if j < n and roles[j] != INTENSIFIER:
                # the chain ends here: it applies to a concept starting right after it
                if tag_get is None or tag_get(i, 0) == tag_get(j, 0):
                    out.pre_at[j] = (chain, chain_words)
                    if chain_gap and roles[j] == SKIP and j + 1 < n:
                        out.pre_at[j + 1] = (chain, chain_words)
        elif r == NEUTRAL:
            p = post_of.get(i)
            if p is not None:
                out.post.append((i, p[0], p[1]))
            if asking_at and i in asking_at:  # "I wonder if ...": an indirect question
                cl.asking = True
        elif r == ADVERSATIVE:
            w = norms[i]
            if w in WEAK_ADVERSATIVES and not (i == cl.start or (i and roles[i - 1] == PUNCT_BREAK)):
                continue
            cl.close(i)
            if clauses:
                clauses[-1][2] = round(clauses[-1][2] * ADVERSATIVE_DISCOUNT, 4)
                if marks is not None:  # an idiom's adversative ("makes up for in ...")
                    w = marks.neg_label.get(i, w)
                patterns.append(f"adversative: '{w}' favours clause {len(clauses) + 1}")
        elif r == CONCESSIVE:
            w = norms[i]
            if w == "though" and (i + 1 >= n or roles[i + 1] >= PUNCT_END):
                # clause-final "though" favours its own clause: "Nice place. Slow service
                # though." / "Nice place, slow service though." (split at the last comma)
                if last_comma > cl.start:
                    cl.close(last_comma)
                if clauses:
                    clauses[-1][2] = round(clauses[-1][2] * ADVERSATIVE_DISCOUNT, 4)
                    patterns.append(f"adversative: '{w}' favours clause {len(clauses) + 1}")
                continue
            if marks is not None:  # a phrase that sets something aside ("apart from")
                w = marks.neg_label.get(i, w)
            begin = i - 1 if i and norms[i - 1] == "even" else i
            cl.close(begin)
            cl.concession = f"even {w}" if begin != i else w
            cl.fronted = True
            if i in dep_ends:
                cut_at = dep_ends[i]
                stop_at = cut_at if next_line < 0 or cut_at < next_line else next_line
        elif r == IRREALIS:
            w = norms[i]
            if w in _CONDITIONALS:
                begin = i - 1 if i and norms[i - 1] in ("even", "as", "only") else i
                cl.close(begin)
                cl.fronted = True
                if i in dep_ends:
                    cut_at = dep_ends[i]
                    stop_at = cut_at if next_line < 0 or cut_at < next_line else next_line
                label = f"{norms[i - 1]} {w}" if begin != i else w
            else:
                label = w if w != "'d" else "'d (would)"
            if not cl.irrealis:
                patterns.append(f"irrealis: '{label}' in clause {len(clauses) + 1}")
            cl.irrealis = True
    cl.end_sentence(n, "")
    out.question = cl.question
    if marks is not None and marks.openers:
        negators = sorted(negators + marks.openers)
    if negators:
        cuts = set(dep_ends.values()) if dep_ends else _NO_SCOPE
        labels: Mapping[int, str] = marks.neg_label if marks is not None else _EMPTY
        _negation_scopes(negators, norms, roles, hashtags, newlines, cuts, labels, out.neg_at)
    return out


def _alive(a: str | None, b: str | None, aj: str, bj: str | None, prefixes: Any, keys: Any,
           alias: Any) -> bool:
    """Whether a name starting with ``a`` (or ``b``) can go on with the next word."""
    for first in (a, b):
        if first is None:
            continue
        s2 = first + "_" + aj
        if s2 in prefixes or s2 in keys or (alias and s2 in alias):
            return True
        if bj is not None:
            s2 = first + "_" + bj
            if s2 in prefixes or s2 in keys or (alias and s2 in alias):
                return True
    return False


def _negation_scopes(negators: list[int], norms: list[str], roles: list[int],
                     hashtags: Mapping[int, int], newlines: "set[int] | frozenset[int]",
                     cuts: "set[int] | frozenset[int]", labels: Mapping[int, str],
                     neg_at: dict[int, tuple[int, str, float]]) -> None:
    """Content words each linear negation scope covers; overlapping scopes add up."""
    n = len(norms)
    for p in negators:
        w = norms[p]
        label = labels.get(p, w)
        strength = NEGATORS.get(w, 1.0)
        tag = hashtags.get(p, 0) if hashtags else 0
        left = NEGATION_WINDOW
        for t in range(p + 1, n):
            r = roles[t]
            if t in newlines or t in cuts:
                break
            if r >= PUNCT_END:
                if r == PUNCT_BREAK and norms[t] == "," and _list_before_or(norms, roles, t):
                    continue  # "no wit, charm, or *grace*"
                break
            if hashtags and hashtags.get(t, 0) != tag:
                break
            if left < NEGATION_WINDOW and (norms[t - 1] in ATTITUDE_VERBS or (
                    norms[t - 1] == "of" and norms[t - 2] in ATTITUDE_NOUNS)) and _attitude_object(norms, roles, p, t):
                # "I don't like *the rude staff*", "... *rude people*", "not a fan of *the
                # ending*": what is denied is the liking; the staff are rude either way
                break
            if r == 0 or r == AMBIGUOUS:
                prev = neg_at.get(t)
                neg_at[t] = (1, label, strength) if prev is None else (
                    prev[0] + 1, f"{prev[1]} + {label}", min(prev[2], strength))
                left -= 1
                if left == 0:
                    break
            elif r == ADVERSATIVE:
                if norms[t] not in WEAK_ADVERSATIVES:
                    break
            elif r == CONCESSIVE or (r == IRREALIS and norms[t] in _CONDITIONALS):
                break
            elif r == NEGATOR:
                # after the scope's words, a plain negator opens a scope of its own ("don't
                # care, don't care"); a fixed one continues it ("never fails to impress")
                if left < NEGATION_WINDOW and t not in labels:
                    break
            elif norms[t] in DISJUNCTIONS:
                if t + 1 < n and norms[t + 1] in CLAUSE_SUBJECTS:
                    break
            elif norms[t] in SCOPE_BREAKERS:
                break


#: Words that, a few tokens into a noun phrase, show it opens a clause ("I don't like that
#: *it is* slow") rather than being an object.
_FINITE = frozenset({"is", "was", "are", "were", "'s", "'re", "will", "would", "can", "could", "has", "have",
                     "had", "does", "did", "do", "should", "must", "might", "may", "wo", "ca"})
_OBJECT_REACH = 5
#: Verbs of attitude that are also prepositions ("not like the original").
_PREPOSITION_TOO = frozenset({"like"})
#: Auxiliaries after which a negated "like" is the verb ("don't like", "can't like").
_LIKE_AUXILIARIES = frozenset({"do", "does", "did", "ca", "can", "could", "would", "wo", "will"})


def _attitude_object(norms: list[str], roles: list[int], negator: int, t: int) -> bool:
    """Whether the noun phrase at ``t``, right after a negated verb of attitude (or after
    the "of" of a noun of attitude: "not a fan of"), is its object and describes what it
    names: a definite phrase ("don't like *the rude staff*")
    or a bare one with a modifier ("*rude people*"). A negation of the verb leaves it
    alone (see ``lexicon.ATTITUDE_VERBS``). An indefinite phrase stays denied ("didn't
    like *a single joke*"), so does a bare noun ("doesn't trust *laughs*") and a clause
    ("don't like that *it is slow*"). A part of a definite whole is definite ("can't
    like *any of these* characters"). "like" counts as the verb only after "do" or a
    modal ("don't like", "can't like") or a denying "to" ("impossible to like"), not as
    the preposition of "it's not like the original"."""
    if norms[t - 1] in _PREPOSITION_TOO and not (
            t - 2 == negator and (norms[negator] == "to" or (negator > 0 and norms[negator - 1] in _LIKE_AUXILIARIES))):
        return False
    definite = norms[t] in DEFINITE_DETERMINERS or (
        norms[t] in PARTITIVES and t + 2 < len(norms) and norms[t + 1] == "of"
        and norms[t + 2] in DEFINITE_DETERMINERS)
    if not definite and not (_is_content(roles[t]) and t + 1 < len(norms) and _is_content(roles[t + 1])):
        return False
    for k in range(t, min(len(norms), t + _OBJECT_REACH)):
        if roles[k] >= PUNCT_END:
            return True
        if norms[k] in _FINITE:
            return False
    return True


def _is_content(role: int) -> bool:
    return role == CONTENT or role == AMBIGUOUS


def _list_before_or(norms: list[str], roles: list[int], comma: int) -> bool:
    """Whether the comma at ``comma`` separates the items of a list that ends with "or"."""
    for k in range(comma + 1, min(len(norms), comma + 8)):
        w, r = norms[k], roles[k]
        if w in DISJUNCTIONS:
            return k + 1 < len(norms) and norms[k + 1] not in CLAUSE_SUBJECTS
        if r not in _LIST_ITEM_ROLES and w != ",":
            return False
    return False


def _states(a: str, a_pre: bool, b: str | None, b_pre: bool, head: int) -> list:
    states = [(a, 1, head)] if a_pre else []
    if b_pre and b is not None and b != a:
        states.append((b, 1, head))
    return states


def assemble(
    out: Analysis,
    chosen: list,
    norms: list[str],
    roles: list[int],
    hashtags: Mapping[int, int],
    emphasis: "set[int] | frozenset[int]",
    marks: IdiomMarks | None,
    dep_negation: Mapping[int, tuple[int, str, float]] | None = None,
) -> tuple[list[int], list[bool], list[float], list[bool], list[str]]:
    """Clause index, negation, intensity and *felt* flag of each chosen mention, plus the trace.

    Works from the recorded cues (usually few) to the mentions they touch, rather than the
    other way round. Also decides ambiguous intensifiers (see ``_resolve``), which may drop
    mentions from ``chosen`` (in place) and rewrites their roles.
    """
    if out.amb_pre:
        _resolve(chosen, norms, roles, hashtags, out)
    clauses = out.clauses
    n_m = len(chosen)
    negated = [False] * n_m
    intensity = [1.0] * n_m
    traces: list[str] = []
    if not n_m:
        return [], negated, intensity, [], out.patterns
    felt = _felt(chosen, norms, roles, traces)
    starts = [c[1] for c in chosen]
    # clause of each mention (clauses may be cut behind a mention, so this comes last)
    if len(clauses) > 1:
        clause_starts = [c[0] for c in clauses]
        clause_of = [bisect_right(clause_starts, s) - 1 for s in starts]
    else:
        clause_of = [0] * n_m
    start_of: dict[int, int] | None = None
    if out.pre_at or (marks is not None and marks.boost):
        start_of = {s: k for k, s in enumerate(starts)}
        for t, (scale, words) in out.pre_at.items():
            k = start_of.get(t, -1)
            if k >= 0 and chosen[k][6] >= 0:
                intensity[k] *= scale
                traces.append(f"intensifier: '{words}' x{scale:.2f} on {chosen[k][3]}")
        if marks is not None:
            for t, (scale, words) in marks.boost.items():
                k = start_of.get(t, -1)
                if k >= 0:
                    intensity[k] *= scale
                    traces.append(f"intensifier: '{words}' x{scale:.2f} on {chosen[k][3]}")
    neg_at = out.neg_at
    if neg_at or dep_negation:
        for k, c in enumerate(chosen):
            head = c[6]
            if head < 0:  # emoji and emoticons are never negated
                continue
            neg = neg_at.get(head)
            if dep_negation:
                dep = dep_negation.get(head)
                if dep is not None:
                    neg = dep if neg is None else (neg[0] + dep[0], f"{neg[1]} + {dep[1]}",
                                                   min(neg[2], dep[2]))
            if neg is None:
                continue
            if neg[0] % 2 == 1:
                negated[k] = True
                if neg[2] != 1.0:
                    intensity[k] *= neg[2]
                traces.append(f"negation: '{neg[1]}' over {c[3]}")
            else:
                traces.append(f"double negation: '{neg[1]}' cancel over {c[3]}")
    if emphasis:
        seen = set()
        for t in sorted(emphasis):
            k = bisect_right(starts, t) - 1
            if k < 0 or k in seen or chosen[k][6] < 0:
                continue
            c = chosen[k]
            if (t < c[2]) if c[5] is None else (t in c[5]):
                seen.add(k)
                intensity[k] *= EMPHASIS_SCALE
                traces.append(f"emphasis: x{EMPHASIS_SCALE:.2f} on {c[3]}")
    if out.post:
        for at, scale, words in out.post:
            k = bisect_right(starts, at - 1) - 1
            if k >= 0 and chosen[k][6] >= 0 and _same_clause(clauses, chosen[k][1], at):
                intensity[k] *= scale
                traces.append(f"intensifier: '{words}' x{scale:.2f} on {chosen[k][3]}")
    if out.dep_pending:
        _apply_dep_intensifiers(out, chosen, clauses, intensity, traces)
    if traces:
        intensity = [x if x == 1.0 else round(x, 4) for x in intensity]
        return clause_of, negated, intensity, felt, out.patterns + traces
    return clause_of, negated, intensity, felt, out.patterns


_FEELING_GAP_ROLES = frozenset({INTENSIFIER, NEUTRAL, SKIP})


def _felt(chosen: list, norms: list[str], roles: list[int], traces: list[str]) -> list[bool]:
    """Which mentions name what the writer feels (see "Feeling statements" above)."""
    felt = [False] * len(chosen)
    # an emoticon with nothing but punctuation, links or faces after it (emoji are left
    # out: "😂" closes as many complaints as jokes)
    if chosen and chosen[-1][4] == "emoticon" and all(r >= PUNCT_END for r in roles[chosen[-1][2]:]):
        felt[-1] = True
        traces.append(f"feeling: closing {chosen[-1][3]}")
    if FEELING_VERBS.isdisjoint(norms):
        return felt
    for k, c in enumerate(chosen):
        start = c[1]
        if c[6] < 0:
            continue  # emoji and emoticons
        if norms[start] in FEELING_VERBS:
            if c[2] - start > 1 and norms[start + 1] not in FEELING_LINKS:  # feel_guilty
                felt[k] = True
                traces.append(f"feeling: {c[3]}")
            continue
        t = start - 1
        while t >= 0 and start - t <= FEELING_GAP and (roles[t] in _FEELING_GAP_ROLES
                                                       or norms[t] in FEELING_LINKS):
            t -= 1
        if t >= 0 and norms[t] in FEELING_VERBS:
            felt[k] = True
            traces.append(f"feeling: '{norms[t]}' names {c[3]}")
    return felt


def _resolve(chosen: list, norms: list[str], roles: list[int], hashtags: Mapping[int, int],
             out: Analysis) -> None:
    """Decide each ambiguous intensifier ("pretty", "super", "damn") from its context.

    It intensifies when a concept starts right after it and no article or intensifier
    before it marks it as an adjective ("pretty good" vs "a pretty dress", "so pretty");
    otherwise it is an ordinary content word (and a concept if the vocabulary has it).
    Expletives have no adjective sense ("a damn shame"), and "'s" after a pronoun is a
    verb, not a possessive ("it's super annoying").
    """
    starts = {c[1] for c in chosen}
    dropped = set()
    for nxt, (scale, word) in out.amb_pre.items():
        i = nxt - 1
        if roles[i] != AMBIGUOUS:
            continue
        adjectival = adjective_before(norms, roles, i)
        if (nxt in starts and roles[nxt] < PUNCT_END and not adjectival
                and hashtags.get(i, 0) == hashtags.get(nxt, 0)):
            roles[i] = INTENSIFIER
            dropped.add(i)
            prev = out.pre_at.get(nxt)
            out.pre_at[nxt] = (scale * prev[0], f"{prev[1]} {word}") if prev else (scale, word)
        else:
            roles[i] = 0
    if dropped:
        chosen[:] = [c for c in chosen if not (c[1] in dropped and c[2] == c[1] + 1)]


def _same_clause(clauses: list[list], a: int, b: int) -> bool:
    for c in clauses:
        if c[0] <= a < c[1]:
            return c[0] <= b < c[1]
    return False


def _apply_dep_intensifiers(out: Analysis, chosen: list, clauses: list[list],
                            intensity: list[float], traces: list[str]) -> None:
    owner = {}
    starts = {}
    for k, c in enumerate(chosen):
        starts[c[1]] = k
        for t in (c[5] if c[5] is not None else range(c[1], c[2])):
            owner[t] = k
    for target, scale, w, at in out.dep_pending:
        found = owner.get(target)
        if found is None:
            # the tree points at no concept: fall back to the next concept, if adjacent
            found = starts.get(at + 1)
            if found is None or not _same_clause(clauses, at, at + 1):
                continue
        k = found
        intensity[k] *= scale
        traces.append(f"intensifier: '{w}' x{scale:.2f} on {chosen[k][3]}")

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
  and "scarcely" negate and also weaken (x0.6).
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
  "might", "wish", "should have" and "'d" + verb mark the clause they are in.
* Questions: a sentence ending in "?" marks its last clause; a sentence opening like a
  question ("Why are ...", "Did you ...") marks all its clauses when it has no other
  terminal punctuation. The text is a question when its last sentence is.
"""

from __future__ import annotations

from typing import Any, Mapping

from .concepts import AMBIGUOUS, ConceptIndex, walk, walk_lemma
from .lexicon import (
    ADVERSATIVE,
    ADVERSATIVE_DISCOUNT,
    CONCESSIVE,
    EMPHASIS_SCALE,
    EXCLAMATIVE_FOLLOWERS,
    INTENSIFIER,
    INTENSIFIERS,
    IRREALIS,
    NEGATION_WINDOW,
    NEGATOR,
    NEGATORS,
    NEUTRAL,
    QUESTION_AUXILIARIES,
    SCOPE_BREAKERS,
    SKIP,
    WEAK_ADVERSATIVES,
    WH_WORDS,
)
from .patterns import IdiomMarks
from .tokenizer import OTHER, PUNCT_BREAK, PUNCT_END

_GAP_INTENSIFIERS = frozenset({"such", "quite", "rather", "what"})
_CONDITIONALS = frozenset({"if", "unless", "whether"})
#: Words that may open an interrogative after an auxiliary ("Did *you* ...").
_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they", "this", "that", "there",
                       "the", "a", "an", "my", "your", "his", "her", "our", "their", "its",
                       "anyone", "anybody", "someone", "somebody", "everyone", "u", "ya",
                       "y'all", "these", "those", "any", "some"})
_WH_FOLLOWERS = QUESTION_AUXILIARIES | _SUBJECTS | {"n't", "'s", "'re", "'m", "'d", "'ll", "'ve",
                                                   "about", "the", "so", "else", "me", "not"}
_NO_SCOPE: frozenset[int] = frozenset()


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
        lemma_override: Accurate mode: spaCy's lemmas.
        dep_negators: Accurate mode: negators whose scope the tree settled (no linear scope).
        dep_intensifiers: Accurate mode: intensifier -> the token it modifies.
        dep_clause_ends: Accurate mode: subordinator -> token where its clause ends.
    """
    out = Analysis()
    keys = index.keys
    prefixes = index.prefixes
    alias = index.alias
    multi = index.max_ngram > 1
    lt_get = index.lemmas.get
    oov_lemma = index.oov_lemma
    n = len(norms)
    lem_get = lemma_override.get if lemma_override else None
    tag_get = hashtags.get if hashtags else None
    cands = out.candidates
    append = cands.append
    clauses = out.clauses
    patterns = out.patterns
    neg_at = out.neg_at
    pre_at = out.pre_at
    scale_of: Mapping[int, tuple[float, str]] = marks.scale if marks is not None else {}
    post_of: Mapping[int, tuple[float, str]] = marks.post if marks is not None else {}
    neg_label: Mapping[int, str] = marks.neg_label if marks is not None else {}
    dep_intens = dep_intensifiers or {}
    dep_ends = dep_clause_ends or {}

    # clause and sentence state; `st` = [start, weight, irrealis, concessive marker, fronted]
    st: list[Any] = [0, 1.0, False, None, False]
    s_first = [0, 0]  # first clause, first token of the current sentence
    last_question: list[Any] = [None]
    cut_at = -1
    last_comma = -1
    # the next token at which a line starts or a tree-delimited clause ends
    line_starts = sorted(newlines) if newlines else []
    line_pos = 0
    next_line = line_starts[0] if line_starts else -1
    # negation and intensifier state
    scopes: list[list] = []  # [content words left, words, strength, hashtag]
    chain = 1.0
    chain_words = ""
    chain_end = -3
    chain_gap = False
    src = "ngram"

    def close(end: int) -> None:
        if end <= st[0]:
            return
        scopes.clear()
        weight = st[1]
        if st[3] is not None:
            weight *= ADVERSATIVE_DISCOUNT
            patterns.append(f"concession: '{st[3]}' discounts clause {len(clauses) + 1}")
        clauses.append([st[0], end, weight, st[2], False])
        st[0] = end
        st[1] = 1.0
        st[2] = False
        st[3] = None
        st[4] = False

    def end_sentence(end: int, terminal: str) -> None:
        first_clause, first = s_first
        if st[3] is not None and len(clauses) == first_clause:
            st[3] = None  # a fronted concessive spanning the whole sentence contrasts nothing
        close(end)
        s_first[1] = end
        if len(clauses) == first_clause:
            return
        s_first[0] = len(clauses)
        while first < end and roles[first] >= PUNCT_END:
            first += 1
        if first >= end:
            return  # no words: emoji or punctuation only
        w0 = norms[first]
        w1 = norms[first + 1] if first + 1 < end else ""
        interrogative = (
            w0 in WH_WORDS and w1 in _WH_FOLLOWERS and w1 not in EXCLAMATIVE_FOLLOWERS
        ) or (w0 in QUESTION_AUXILIARIES and w1 in _SUBJECTS)
        asks = "?" in terminal or (interrogative and (terminal == "" or terminal == "\n"))
        if asks:
            if interrogative:
                for c in clauses[first_clause:]:
                    c[4] = True
            else:
                clauses[-1][4] = True
        last_question[0] = asks

    for i in range(n):
        if i == next_line or i == cut_at:
            if i == cut_at:
                close(i)
                cut_at = -1
            if i == next_line:
                line_pos += 1
                next_line = line_starts[line_pos] if line_pos < len(line_starts) else -1
                if i > s_first[1]:
                    end_sentence(i, "\n")
                chain_end = -3
        r = roles[i]
        # ---- content words: concepts, negation and intensifier bookkeeping ------------
        if r == 0 or r == AMBIGUOUS:
            a = norms[i]
            if tag_get is not None:
                src = "hashtag" if i in hashtags else "ngram"
            if lem_get is not None:
                b = lem_get(i)
                if b is None or b == a:
                    b = lt_get(a)
            else:
                b = lt_get(a)
            if a in keys:
                append((1, i, i + 1, a, src, None, i))
            else:
                if b is None:
                    b = oov_lemma(a)
                if b is not None and b in keys:
                    append((1, i, i + 1, b, src, None, i))
                elif alias and a in alias:
                    append((1, i, i + 1, alias[a], src, None, i))
                elif alias and b is not None and b in alias:
                    append((1, i, i + 1, alias[b], src, None, i))
                elif "-" in a and a.replace("-", "_") in keys:
                    append((1, i, i + 1, a.replace("-", "_"), src, None, i))
            if scopes:
                g = tag_get(i, 0) if tag_get is not None else 0
                live = [s for s in scopes if s[3] == g]
                if live:
                    neg_at[i] = (len(live), " + ".join(s[1] for s in live),
                                 min(s[2] for s in live))
                for s in scopes:
                    s[0] -= 1
                scopes[:] = [s for s in scopes if s[0] > 0]
            if chain_end >= i - 2:
                _chain_to(i, chain_end, chain_gap, roles, tag_get, pre_at, chain, chain_words)
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
                # "buy a christmas present": the article may be dropped, walk on
                walk(index, norms, roles, tag_get, lem_get, i, _states(a, a_pre, b, b_pre, i),
                     append)
                continue
            head = i
        # ---- function words: only multi-word starts ("in love") ------------------------
        elif r == 1 or r == SKIP:
            if chain_end >= i - 2:
                _chain_to(i, chain_end, chain_gap, roles, tag_get, pre_at, chain, chain_words)
            a = norms[i]
            if scopes and a in SCOPE_BREAKERS:
                scopes.clear()
            if not multi or a not in prefixes:
                continue
            j = i + 1
            if j >= n:
                continue
            rj = roles[j]
            a_pre = True
            b = None
            b_pre = False
            head = -1
        # ---- punctuation and pattern words -------------------------------------------
        else:
            if r == PUNCT_END:
                chain_end = -3
                end_sentence(i + 1, norms[i])
            elif r == PUNCT_BREAK:
                scopes.clear()
                chain_end = -3
                if norms[i] == ",":
                    if st[4]:
                        close(i + 1)
                    else:
                        last_comma = i + 1
            elif r == OTHER:
                scopes.clear()
                chain_end = -3
            elif r == NEGATOR:
                if i not in dep_negators:
                    w = norms[i]
                    scopes.append([NEGATION_WINDOW, neg_label.get(i, w), NEGATORS.get(w, 1.0),
                                   tag_get(i, 0) if tag_get is not None else 0])
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
                elif chain_end == i - 1:
                    chain *= scale
                    chain_words = f"{chain_words} {w}"
                    chain_end = i
                else:
                    chain = scale
                    chain_words = w
                    chain_end = i
                    chain_gap = w in _GAP_INTENSIFIERS
            elif r == NEUTRAL:
                p = post_of.get(i)
                if p is not None:
                    out.post.append((i, p[0], p[1]))
            elif r == ADVERSATIVE:
                w = norms[i]
                if w in WEAK_ADVERSATIVES and not (i == st[0] or (i and roles[i - 1] == PUNCT_BREAK)):
                    continue
                chain_end = -3
                close(i)
                if clauses:
                    clauses[-1][2] *= ADVERSATIVE_DISCOUNT
                    patterns.append(f"adversative: '{w}' favours clause {len(clauses) + 1}")
            elif r == CONCESSIVE:
                w = norms[i]
                if w == "though" and (i + 1 >= n or roles[i + 1] >= PUNCT_END):
                    # clause-final "though" favours its own clause: "Nice place. Slow service
                    # though." / "Nice place, slow service though." (split at the last comma)
                    if last_comma > st[0]:
                        close(last_comma)
                    if clauses:
                        clauses[-1][2] *= ADVERSATIVE_DISCOUNT
                        patterns.append(f"adversative: '{w}' favours clause {len(clauses) + 1}")
                    continue
                begin = i - 1 if i and norms[i - 1] == "even" else i
                chain_end = -3
                close(begin)
                scopes.clear()
                st[3] = f"even {w}" if begin != i else w
                st[4] = True
                if i in dep_ends:
                    cut_at = dep_ends[i]
            elif r == IRREALIS:
                w = norms[i]
                if w in _CONDITIONALS:
                    begin = i - 1 if i and norms[i - 1] in ("even", "as", "only") else i
                    close(begin)
                    st[4] = True
                    if i in dep_ends:
                        cut_at = dep_ends[i]
                    label = f"{norms[i - 1]} {w}" if begin != i else w
                else:
                    label = w if w != "'d" else "'d (would)"
                if not st[2]:
                    patterns.append(f"irrealis: '{label}' in clause {len(clauses) + 1}")
                st[2] = True
            continue
        # ---- shared: a cheap look at the next token before walking -------------------
        if rj > 2 and rj != AMBIGUOUS:
            continue
        aj = norms[j]
        if rj == 0 or rj == AMBIGUOUS:
            if lem_get is None and aj in keys:
                bj = lt_get(aj)
            else:
                bj = walk_lemma(index, aj, lem_get(j) if lem_get is not None else None)
        else:
            bj = None
        for first, ok in ((a, a_pre), (b, b_pre)):
            if not ok:
                continue
            s2 = first + "_" + aj  # type: ignore[operator]
            if s2 in prefixes or s2 in keys or (alias and s2 in alias):
                break
            if bj is not None:
                s2 = first + "_" + bj  # type: ignore[operator]
                if s2 in prefixes or s2 in keys or (alias and s2 in alias):
                    break
        else:
            continue
        walk(index, norms, roles, tag_get, lem_get, i, _states(a, a_pre, b, b_pre, head), append)

    end_sentence(n, "")
    out.question = bool(last_question[0])
    return out


def _chain_to(i: int, chain_end: int, gap: bool, roles: list[int], tag_get: Any,
              pre_at: dict, chain: float, words: str) -> None:
    """Record the intensifier chain ending at ``chain_end`` for a concept starting at ``i``."""
    if chain_end == i - 1 or (gap and chain_end == i - 2 and roles[i - 1] == SKIP):
        if tag_get is None or tag_get(chain_end, 0) == tag_get(i, 0):
            pre_at[i] = (chain, words)


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
) -> tuple[list[int], list[bool], list[float], list[str]]:
    """Clause index, negation and intensity of each chosen mention, plus the trace.

    Also decides ambiguous intensifiers (see ``_resolve``), which may drop mentions from
    ``chosen`` (in place) and rewrites their roles.
    """
    if out.amb_pre:
        _resolve(chosen, norms, roles, hashtags, out)
    clauses = out.clauses
    n_m = len(chosen)
    clause_of = [0] * n_m
    negated = [False] * n_m
    intensity = [1.0] * n_m
    traces: list[str] = []
    # clause of each mention (clauses may be cut behind a mention, so this comes last)
    if len(clauses) > 1:
        c_idx = 0
        c_end = clauses[0][1]
        last_c = len(clauses) - 1
        for k, c in enumerate(chosen):
            while c[1] >= c_end and c_idx < last_c:
                c_idx += 1
                c_end = clauses[c_idx][1]
            clause_of[k] = c_idx
    neg_at = out.neg_at
    pre_at = out.pre_at
    boost = marks.boost if marks is not None else None
    for k, c in enumerate(chosen):
        head = c[6]
        if head < 0:  # emoji and emoticons are never negated
            continue
        start = c[1]
        pre = pre_at.get(start)
        if pre is not None:
            intensity[k] *= pre[0]
            traces.append(f"intensifier: '{pre[1]}' x{pre[0]:.2f} on {c[3]}")
        if boost:
            b = boost.get(start)
            if b is not None:
                intensity[k] *= b[0]
                traces.append(f"intensifier: '{b[1]}' x{b[0]:.2f} on {c[3]}")
        neg = neg_at.get(head) if neg_at else None
        if dep_negation is not None:
            dep = dep_negation.get(head)
            if dep is not None:
                neg = dep if neg is None else (neg[0] + dep[0], f"{neg[1]} + {dep[1]}",
                                               min(neg[2], dep[2]))
        if neg is not None:
            if neg[0] % 2 == 1:
                negated[k] = True
                if neg[2] != 1.0:
                    intensity[k] *= neg[2]
                traces.append(f"negation: '{neg[1]}' over {c[3]}")
            else:
                traces.append(f"double negation: '{neg[1]}' cancel over {c[3]}")
        if emphasis:
            tokens = c[5] if c[5] is not None else range(start, c[2])
            if any(t in emphasis for t in tokens):
                intensity[k] *= EMPHASIS_SCALE
                traces.append(f"emphasis: x{EMPHASIS_SCALE:.2f} on {c[3]}")
    if out.post:
        starts = [c[1] for c in chosen]
        for at, scale, words in out.post:
            k = _last_before(starts, at)
            if k >= 0 and chosen[k][6] >= 0 and _same_clause(clauses, chosen[k][1], at):
                intensity[k] *= scale
                traces.append(f"intensifier: '{words}' x{scale:.2f} on {chosen[k][3]}")
    if out.dep_pending:
        _apply_dep_intensifiers(out, chosen, clauses, intensity, traces)
    patterns = out.patterns + traces if traces else out.patterns
    return clause_of, negated, intensity, patterns


def _resolve(chosen: list, norms: list[str], roles: list[int], hashtags: Mapping[int, int],
             out: Analysis) -> None:
    """Decide each ambiguous intensifier ("pretty", "super", "damn") from its context.

    It intensifies when a concept starts right after it and no article or intensifier
    before it marks it as an adjective ("pretty good" vs "a pretty dress", "so pretty");
    otherwise it is an ordinary content word (and a concept if the vocabulary has it).
    """
    starts = {c[1] for c in chosen}
    dropped = set()
    for nxt, (scale, word) in out.amb_pre.items():
        i = nxt - 1
        if roles[i] != AMBIGUOUS:
            continue
        adjectival = i > 0 and (roles[i - 1] == SKIP or norms[i - 1] in INTENSIFIERS)
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


def _last_before(starts: list[int], at: int) -> int:
    k = -1
    for idx, s in enumerate(starts):
        if s < at:
            k = idx
        else:
            break
    return k


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

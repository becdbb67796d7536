"""Sentic patterns: clauses, negation, intensifiers, modality and questions.

Two passes over the token roles (small ints, see :mod:`lexicon`):

1. :func:`apply_idioms` rewrites roles where a fixed expression changes what a word does
   ("not only", "no doubt", "nothing but", "can't wait", "couldn't be happier", "a bit",
   "kind of", "I love it so much", "should have"). It runs before concept matching, so the
   words it neutralises ("doubt" in "no doubt") never become concepts.
2. :func:`annotate` walks the tokens once, left to right, cutting clauses, opening and
   closing negation scopes, chaining intensifiers onto the next concept, and reading
   sentence types. Accurate mode passes what the dependency tree decided (negation scopes,
   intensifier targets, where subordinate clauses end); every cue the tree did not settle
   falls back to the linear rules.

Linear rules, in short:

* Negation scope: from the negator to the end of the clause, the next punctuation, a
  scope-breaking conjunction ("and", "because", "which", ...), an emoji, or after
  ``NEGATION_WINDOW`` content words. Scopes stack; a concept inside an even number of
  scopes is not negated (double negation cancels). "hardly"/"barely"/"scarcely" negate
  and also weaken (x0.6).
* Intensifiers chain ("really very") and apply to a concept starting right after the
  chain, or after one function word ("such a good day"). A chain that precedes no
  concept does nothing; post-modifiers ("so much", "a lot", "at all", "af") apply to the
  last concept of the clause.
* Clauses end at sentence punctuation (. ! ? ; and line breaks). Adversatives ("but",
  "however", "nevertheless"; "yet"/"still"/"anyway" only at a clause start or after a
  comma) cut the sentence and discount the clause before them; a clause-final "though"
  discounts the previous clause without a cut. Concessives ("although", "though",
  "even though", "whereas", "despite") open a clause that is discounted, closed by the
  first comma (fronted) or the end of the sentence. A fronted concessive without any comma
  cannot be delimited linearly and is left at weight 1.0 (accurate mode delimits it).
* Irrealis: "if"/"unless"/"whether" open a clause like concessives do; "would", "could",
  "might", "wish", "should have", "'d" + verb mark the clause they are in.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .concepts import AMBIGUOUS, Candidate
from .tokenizer import OTHER, PUNCT_BREAK, PUNCT_END
from .lexicon import (
    ADVERSATIVE,
    ADVERSATIVE_DISCOUNT,
    CONCESSIVE,
    CONTENT,
    EMPHASIS_SCALE,
    EXCLAMATIVE_FOLLOWERS,
    INTENSIFIER,
    INTENSIFIERS,
    IRREALIS,
    MULTIWORD_INTENSIFIERS,
    NEGATION_WINDOW,
    NEGATOR,
    NEGATORS,
    NEUTRAL,
    POST_INTENSIFIERS,
    QUESTION_AUXILIARIES,
    SCOPE_BREAKERS,
    SKIP,
    STOP,
    WEAK_ADVERSATIVES,
    WH_WORDS,
)

_GAP_INTENSIFIERS = frozenset({"such", "quite", "rather", "what"})
_CONDITIONALS = frozenset({"if", "unless", "whether"})

#: Words that may open an interrogative after an auxiliary ("Did *you* ...").
_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they", "this", "that", "there",
                       "the", "a", "an", "my", "your", "his", "her", "our", "their", "its",
                       "anyone", "anybody", "someone", "somebody", "everyone", "u", "ya",
                       "y'all", "these", "those", "any", "some"})
_WH_FOLLOWERS = QUESTION_AUXILIARIES | _SUBJECTS | {"n't", "'s", "'re", "'m", "'d", "'ll", "'ve",
                                                   "about", "the", "so", "else", "me", "not"}
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "what", "which",
                          "any", "some", "every", "each", "no", "all", "another", "my", "your",
                          "his", "her", "its", "our", "their", "one", "same", "different"})
_NT = frozenset({"n't", "not"})
_COMPARATIVE_WORDS = frozenset({"better", "more", "happier", "prouder", "worse", "less", "any"})
_WISH_NOUN_CUES = frozenset({"best", "warm", "warmest", "good", "my", "your", "his", "her",
                             "our", "their", "a", "birthday", "kind", "kindest", "the",
                             "last", "three", "many", "heartfelt", "sincere", "fond"})
_PAST_AFTER_D = frozenset({"been", "had", "better", "gotten", "got", "done", "seen", "never"})

#: Words that start an idiom :func:`apply_idioms` knows (the tokenizer loop collects their
#: positions so the pass visits only them).
_POST_FIRST = frozenset({"a", "so", "very", "at", "as", "af", "asf"})

IDIOM_FIRST = frozenset(
    {"not", "n't", "no", "without", "nothing", "anything", "can", "ca", "could", "but", "a",
     "kind", "sort", "so", "very", "at", "as", "af", "asf", "pretty", "should", "'d", "wish",
     "wishes", "wished", "way", "cannot"}
)


class IdiomMarks:
    """What :func:`apply_idioms` found besides role changes."""

    __slots__ = ("scale", "post", "boost", "neg_label")

    def __init__(self) -> None:
        self.scale: dict[int, tuple[float, str]] = {}  #: token -> (scale, words) overriding the lexicon
        self.post: dict[int, tuple[float, str]] = {}  #: token -> (scale, words), applied backwards
        self.boost: dict[int, tuple[float, str]] = {}  #: token -> (scale, words) for the concept there
        self.neg_label: dict[int, str] = {}  #: negator token -> words for the trace ("anything but")


def apply_idioms(norms: list[str], roles: list[int], where: Sequence[int]) -> IdiomMarks | None:
    """Rewrite ``roles`` in place for the fixed expressions starting at ``where``.

    Returns the extra marks, or None when nothing matched (the common case).
    """
    marks: IdiomMarks | None = None
    n = len(norms)
    for i in where:
        w = norms[i]
        nxt = norms[i + 1] if i + 1 < n else ""
        if w in _NT:
            if nxt in ("only", "just", "merely", "simply"):
                # "not only X but (also) Y" is additive: neither a negation nor an adversative
                roles[i] = NEUTRAL
                for j in range(i + 2, min(n, i + 16)):
                    if roles[j] == PUNCT_END:
                        break
                    if norms[j] == "but":
                        roles[j] = NEUTRAL
                        break
        elif w == "no":
            if nxt in ("doubt", "wonder", "matter", "offense", "offence", "worries"):
                roles[i] = NEUTRAL
                roles[i + 1] = NEUTRAL
        elif w == "without":
            k = i + 2 if nxt == "a" else i + 1
            if k < n and norms[k] == "doubt":
                for j in range(i, k + 1):
                    roles[j] = NEUTRAL
        elif w == "nothing" or w == "anything":
            if nxt == "but":
                roles[i + 1] = NEUTRAL
                if w == "nothing":  # "nothing but praise" = only praise
                    roles[i] = NEUTRAL
                else:  # "anything but good" = not good
                    roles[i] = NEGATOR
                    marks = marks or IdiomMarks()
                    marks.neg_label[i] = "anything but"
        elif w in ("can", "ca", "could"):
            if nxt in _NT and i + 2 < n:
                after = norms[i + 2]
                if after in ("wait", "help") and w != "could":
                    roles[i + 1] = NEUTRAL
                elif after == "be" and i + 3 < n:
                    target = norms[i + 3]
                    if target.endswith("er") or target in _COMPARATIVE_WORDS:
                        # "couldn't be happier": a superlative, not a negation or a hypothesis
                        roles[i] = NEUTRAL
                        roles[i + 1] = NEUTRAL
                        marks = marks or IdiomMarks()
                        k = i + 4 if target in ("any", "more") and i + 4 < n else i + 3
                        marks.boost[k] = (1.5, f"{w} not be {target}")
        elif w == "but":
            if nxt == "also":
                roles[i] = NEUTRAL
        elif w == "should":
            if nxt in ("have", "'ve", "of"):
                roles[i] = IRREALIS
        elif w == "'d":
            if nxt and nxt not in _PAST_AFTER_D and not nxt.endswith("ed") and roles[i + 1] != PUNCT_END:
                roles[i] = IRREALIS
        elif w in ("wish", "wishes", "wished"):
            if i > 0 and norms[i - 1] in _WISH_NOUN_CUES:
                roles[i] = CONTENT  # "best wishes" is a noun, not a wish for something unreal
        elif w in ("kind", "sort"):
            if nxt == "of" and not (i > 0 and norms[i - 1] in _DETERMINERS):
                roles[i] = NEUTRAL
                roles[i + 1] = INTENSIFIER
                marks = marks or IdiomMarks()
                marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[(w, "of")], f"{w} of")
        elif w == "pretty":
            if nxt == "much":
                roles[i] = NEUTRAL
                roles[i + 1] = NEUTRAL
        elif w == "way":
            if nxt == "too":
                roles[i] = NEUTRAL
                marks = marks or IdiomMarks()
                marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[("way", "too")], "way too")
        # post-modifiers ("love it so much", "happy af") and "a bit"-style downtoners
        if w in _POST_FIRST:
            if (w, nxt) in POST_INTENSIFIERS:
                key: tuple[str, ...] = (w, nxt)
            elif (w,) in POST_INTENSIFIERS:
                key = (w,)
            else:
                key = ()
            if key:
                after = i + len(key)
                follow_role = roles[after] if after < n else PUNCT_END
                follow_norm = norms[after] if after < n else ""
                if key == ("at", "all") or (
                    follow_role not in (CONTENT, AMBIGUOUS) and follow_norm != "of"
                ):
                    for j in range(i, after):
                        roles[j] = NEUTRAL
                    marks = marks or IdiomMarks()
                    marks.post[after - 1] = (POST_INTENSIFIERS[key], " ".join(key))
                    continue
            if w == "a" and (w, nxt) in MULTIWORD_INTENSIFIERS:
                roles[i] = NEUTRAL
                roles[i + 1] = INTENSIFIER
                marks = marks or IdiomMarks()
                marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[(w, nxt)], f"{w} {nxt}")
    return marks


class Annotation:
    """Output of :func:`annotate`: per-mention flags plus clause and trace records."""

    __slots__ = ("clause_of", "negated", "intensity", "clauses", "patterns", "question")

    def __init__(self) -> None:
        self.clause_of: list[int] = []
        self.negated: list[bool] = []
        self.intensity: list[float] = []
        #: [start, end, weight, irrealis, question]
        self.clauses: list[list] = []
        self.patterns: list[str] = []
        self.question = False


def annotate(
    norms: list[str],
    roles: list[int],
    hashtags: Mapping[int, int],
    chosen: list[Candidate],
    heads: list[int],
    emphasis: "set[int] | frozenset[int]",
    newlines: "set[int] | frozenset[int]",
    marks: IdiomMarks | None,
    dep_negation: Mapping[int, tuple[int, str, float]] | None = None,
    dep_negators: "set[int] | frozenset[int]" = frozenset(),
    dep_intensifiers: Mapping[int, int] | None = None,
    dep_clause_ends: Mapping[int, int] | None = None,
) -> Annotation:
    """Clauses, negation, intensity and sentence types for the chosen mentions.

    Args:
        norms, roles: Per-token normalised text and role.
        hashtags: Token -> hashtag number for the words of hashtags.
        chosen: Selected candidates in text order; ``heads[k]`` is the token whose
            negation decides mention k (-1: never negated, e.g. emoji).
        emphasis: Tokens written in caps or elongated.
        newlines: Tokens that start a new line (a sentence boundary).
        marks: Result of :func:`apply_idioms`.
        dep_negation: Accurate mode: token -> (number of dependency negation scopes covering
            it, the negator words, the weakest negator's strength) for the tokens those
            scopes cover.
        dep_negators: Negator tokens whose scope the dependency tree settled (the linear
            rule ignores them).
        dep_intensifiers: Intensifier token -> the token it modifies (dependency head).
        dep_clause_ends: Subordinator token -> token index where the clause it opens ends.
    """
    n = len(norms)
    out = Annotation()
    n_m = len(chosen)
    clause_of = [0] * n_m
    intensity = [1.0] * n_m
    neg_words: list[str | None] = [None] * n_m
    neg_factor = [1.0] * n_m
    negated = [False] * n_m
    traces: list[str] = []
    start_of = {c[1]: k for k, c in enumerate(chosen)}
    head_of = {h: k for k, h in enumerate(heads) if h >= 0}
    if marks is not None:
        scale_of, post, boost, neg_label = marks.scale, marks.post, marks.boost, marks.neg_label
    else:
        scale_of = post = boost = neg_label = {}
    dep_intens = dep_intensifiers or {}
    dep_ends = dep_clause_ends or {}
    # Only "events" need a look: pattern words, punctuation, non-words, mention starts and
    # heads, line starts and scheduled clause ends. Plain words between events matter only
    # to negation scopes, which count them when a head is reached.
    events = [i for i, r in enumerate(roles) if r > 2]
    events.extend(start_of)
    events.extend(head_of)
    if newlines:
        events.extend(newlines)
    if dep_ends:
        events.extend(dep_ends.values())
    events = sorted(set(events))

    clauses = out.clauses
    patterns = out.patterns
    # state of the current clause: start, weight, irrealis, concessive marker, fronted
    st = [0, 1.0, False, None, False]
    cut_at = -1
    last_comma = -1  # token after the last comma (for a clause-final "though")
    last_mention = -1  # last mention started in the current clause
    s_first_clause = 0  # first clause of the current sentence
    s_start = 0  # first token of the current sentence
    last_question = False
    scopes: list[list] = []  # [negator token, words, factor]
    chain = 1.0
    chain_words: list[str] = []
    chain_end = -2
    chain_gap = False  # the chain may reach over one function word ("such a")
    pending_dep: list[tuple[int, float, str, int]] = []  # (target, scale, word, token)

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

    def end_sentence(end: int, terminal: str) -> bool:
        nonlocal s_first_clause, s_start
        if st[3] is not None and len(clauses) == s_first_clause:
            # a fronted concessive that never closed spans the whole sentence: no contrast
            st[3] = None
        close(end)
        if len(clauses) == s_first_clause:
            s_start = end
            return None
        first = s_start
        while first < end and roles[first] >= PUNCT_END:
            first += 1
        asks = False
        if first < end:
            w0 = norms[first]
            w1 = norms[first + 1] if first + 1 < end else ""
            interrogative = (
                w0 in WH_WORDS and w1 in _WH_FOLLOWERS and w1 not in EXCLAMATIVE_FOLLOWERS
            ) or (w0 in QUESTION_AUXILIARIES and w1 in _SUBJECTS)
            asks = "?" in terminal or (interrogative and terminal in ("", "\n"))
            if asks:
                if interrogative:
                    for c in clauses[s_first_clause:]:
                        c[4] = True
                else:
                    clauses[-1][4] = True
        s_first_clause = len(clauses)
        s_start = end
        return asks if first < end else None  # type: ignore[return-value]

    tag_get = hashtags.get if hashtags else None
    for i in events:
        if i >= n:
            continue
        r = roles[i]
        if i == cut_at:
            close(i)
            cut_at = -1
        if newlines and i in newlines and i > s_start:
            q = end_sentence(i, "\n")
            if q is not None:
                last_question = q
            chain_end = -2
        if r == PUNCT_END:
            chain_end = -2
            q = end_sentence(i + 1, norms[i])
            if q is not None:
                last_question = q
            continue
        if r == PUNCT_BREAK:
            scopes.clear()
            chain_end = -2
            if norms[i] == ",":
                if st[4]:
                    close(i + 1)
                else:
                    last_comma = i + 1
            continue
        w = norms[i]
        if r == OTHER:
            scopes.clear()
            chain_end = -2
        elif r == NEGATOR:
            if i not in dep_negators:
                scopes.append([i, neg_label.get(i, w), NEGATORS.get(w, 1.0)])
            continue
        elif r == INTENSIFIER or (r == AMBIGUOUS and i not in start_of):
            over = scale_of.get(i)
            if over is not None:
                scale, w = over
            else:
                scale = INTENSIFIERS.get(w, 1.0)
            if i in emphasis and scale >= 1.0:
                scale *= EMPHASIS_SCALE
            if i in dep_intens:
                pending_dep.append((dep_intens[i], scale, w, i))
                continue
            if chain_end == i - 1:
                chain *= scale
                chain_words.append(w)
            else:
                chain = scale
                chain_words = [w]
            chain_end = i
            chain_gap = w in _GAP_INTENSIFIERS
            continue
        elif r == ADVERSATIVE:
            prev_role = roles[i - 1] if i else PUNCT_END
            if w in WEAK_ADVERSATIVES and not (i == st[0] or prev_role == PUNCT_BREAK):
                continue
            scopes.clear()
            chain_end = -2
            close(i)
            if clauses:
                clauses[-1][2] *= ADVERSATIVE_DISCOUNT
                patterns.append(f"adversative: '{w}' favours clause {len(clauses) + 1}")
            continue
        elif r == CONCESSIVE:
            nxt_role = roles[i + 1] if i + 1 < n else PUNCT_END
            if w == "though" and nxt_role >= PUNCT_END:
                # clause-final "though" favours its own clause: "Nice place. Slow service
                # though." / "Nice place, slow service though." (split at the last comma)
                if last_comma > st[0]:
                    close(last_comma)
                if clauses:
                    clauses[-1][2] *= ADVERSATIVE_DISCOUNT
                    patterns.append(f"adversative: '{w}' favours clause {len(clauses) + 1}")
                continue
            begin = i - 1 if i and norms[i - 1] == "even" else i
            chain_end = -2
            close(begin)
            scopes.clear()
            st[3] = f"even {w}" if begin != i else w
            st[4] = True
            if i in dep_ends:
                cut_at = dep_ends[i]
            continue
        elif r == IRREALIS:
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
        elif r == NEUTRAL:
            p = post.get(i)
            if p is not None and last_mention >= 0 and chosen[last_mention][1] >= st[0]:
                intensity[last_mention] *= p[0]
                traces.append(
                    f"intensifier: '{p[1]}' x{p[0]:.2f} on {chosen[last_mention][3]}"
                )
            continue
        # a word (or emoji) that starts or heads a mention
        k = start_of.get(i)
        if k is not None:
            last_mention = k
            if chain_end >= 0 and (
                chain_end == i - 1 or (chain_gap and chain_end == i - 2 and roles[i - 1] == SKIP)
            ) and (tag_get is None or tag_get(chain_end, 0) == tag_get(i, 0)):
                intensity[k] *= chain
                traces.append(
                    f"intensifier: '{' '.join(chain_words)}' x{chain:.2f} on {chosen[k][3]}"
                )
                chain_end = -2
            b = boost.get(i)
            if b is not None:
                intensity[k] *= b[0]
                traces.append(f"intensifier: '{b[1]}' x{b[0]:.2f} on {chosen[k][3]}")
        h = head_of.get(i)
        if h is not None:
            if scopes:
                scopes[:] = [sc_ for sc_ in scopes
                             if _in_scope(sc_[0], i, norms, roles, hashtags)]
            parity = len(scopes)
            words = [sc_[1] for sc_ in scopes]
            factor = min(sc_[2] for sc_ in scopes) if scopes else 1.0
            if dep_negation is not None:
                dep = dep_negation.get(i)
                if dep is not None:
                    parity += dep[0]
                    words.append(dep[1])
                    factor = min(factor, dep[2])
            if parity:
                neg_words[h] = " + ".join(words)
                if parity % 2 == 1:
                    negated[h] = True
                    neg_factor[h] = factor
    q = end_sentence(n, "")
    if q is not None:
        last_question = q

    # clause of each mention (clauses may be cut behind a mention, so this comes last)
    if len(clauses) > 1:
        c_idx = 0
        c_end = clauses[0][1]
        last_c = len(clauses) - 1
        for k, c in enumerate(chosen):
            start = c[1]
            while start >= c_end and c_idx < last_c:
                c_idx += 1
                c_end = clauses[c_idx][1]
            clause_of[k] = c_idx

    # dependency-targeted intensifiers
    if pending_dep:
        owner = {}
        for k, c in enumerate(chosen):
            for t in (c[5] if c[5] is not None else range(c[1], c[2])):
                owner[t] = k
        for target, scale, w, at in pending_dep:
            k = owner.get(target)
            if k is None:
                # the tree points at no concept: fall back to the next concept, if adjacent
                k = start_of.get(at + 1)
                if k is None or clause_of[k] != _clause_index(out.clauses, at):
                    continue
            intensity[k] *= scale
            traces.append(f"intensifier: '{w}' x{scale:.2f} on {chosen[k][3]}")

    # emphasis, weak negation, negation trace
    for k, c in enumerate(chosen):
        if emphasis:
            used = c[5] if c[5] is not None else range(c[1], c[2])
            if any(t in emphasis for t in used):
                intensity[k] *= EMPHASIS_SCALE
                traces.append(f"emphasis: x{EMPHASIS_SCALE:.2f} on {c[3]}")
        if neg_words[k] is not None:
            if negated[k]:
                if neg_factor[k] != 1.0:
                    intensity[k] *= neg_factor[k]
                traces.append(f"negation: '{neg_words[k]}' over {c[3]}")
            else:
                traces.append(f"double negation: '{neg_words[k]}' cancel over {c[3]}")

    out.clause_of = clause_of
    out.negated = negated
    out.intensity = intensity
    out.patterns = patterns + traces if traces else patterns
    out.question = last_question
    return out


def _in_scope(negator: int, head: int, norms: list[str], roles: list[int],
              hashtags: Mapping[int, int]) -> bool:
    """Whether a linear negation scope opened at ``negator`` still covers ``head``.

    The scope reaches ``NEGATION_WINDOW`` content words, stops at a scope-breaking
    conjunction, and does not cross into or out of a hashtag. (Punctuation and clause
    boundaries close scopes while walking, before this check.)
    """
    if hashtags and hashtags.get(negator, 0) != hashtags.get(head, 0):
        return False
    content = 0
    for t in range(negator + 1, head):
        r = roles[t]
        if r == 0 or r == AMBIGUOUS:
            content += 1
            if content >= NEGATION_WINDOW:
                return False
        elif norms[t] in SCOPE_BREAKERS:
            return False
    return True


def _clause_index(clauses: list[list], token: int) -> int:
    for k, c in enumerate(clauses):
        if c[0] <= token < c[1]:
            return k
    return -1


__all__ = ["IDIOM_FIRST", "IdiomMarks", "OTHER", "PUNCT_BREAK", "PUNCT_END", "Annotation",
           "annotate", "apply_idioms", "STOP", "CONTENT"]

"""Fixed expressions that change what a pattern word does ("not only", "no doubt", ...).

:func:`apply_idioms` rewrites token roles before concepts are looked up, so the words it
switches off ("doubt" in "no doubt") never become concepts, and leaves marks for what the
pass in :mod:`analysis` applies later:

* "not only / not just X but (also) Y": additive, neither a negation nor an adversative;
* "no doubt", "no wonder", "no matter", "without (a) doubt": no negation;
* "nothing but X" (= only X): no negation; "anything but X" (= not X): negation;
  "nothing short of X", "nothing less than X" (= X in full): no negation;
* "fails/refuses/hesitates/neglects to X": X is negated and the verb stays a concept
  of its own ("fails to *impress*"; "never fails to impress" and "would not hesitate to
  recommend" are double negations); so is "impossible/unable/hard to X" ("impossible
  to *like*", "hard to *care*"), but not "hard to imagine/beat/resist", which praise;
  "far from X", "nowhere near X": negation;
* comparisons: in "more trifle than *triumph*", "better than *the original*" what
  follows "than" is the standard measured against, not what the text says, and its
  words are no concepts; in "*less dizzying* than dizzy" the standard is what "less"
  qualifies. "nothing more than X", "no better than X" and "than" + a clause ("than
  they are") are left alone. "rather than X", "instead of X": X is the alternative
  that did not happen, a negation;
  "zero X": "no X" ("zero *complaints*"); "less than X" after a link verb or opening a
  clause ("was less than *impressive*"): negation, but not before an amount ("in less
  than a minute"); "used to X" after its subject ("I used to *love* it"): a habit that
  has ended, a negation;
  "lacks X", "lack of X", "devoid of X": X is negated and "lack" stays a concept (see
  ``lexicon.PRIVATIVES``);
* counterfactual "could/should have been X": X did not hold, so X is negated ("could
  have been *better*" is a complaint, "could have been *worse*" a consolation), and
  the clause is asserted, not hypothetical ("would have been" is left alone: it is as
  often a suggestion, "that would have been perfect"); so is "could/should be" + a
  comparative ("could be *worse*"), unless "than" follows; so is a comparative that
  "would"/"might" reaches ("would have worked *better* as a documentary", "might be
  *better* suited to TV") and "deserved *better*";
* "can't wait" (the concept ``cant_wait``, eagerness), "can't help": no negation;
  neither is "hard/difficult/impossible not to X" (X is what one cannot help doing:
  "hard not to *love* it"), whose "hard" is no concept;
  "can't/couldn't believe" is amazement, neither a negation nor a belief: what the
  writer cannot believe speaks for itself ("can't believe how *good* it is");
  "couldn't be/have been happier/worse/more X": a superlative (x1.5), neither negated
  nor hypothetical; so is "never (been) better/happier" ("never so X" is not negated;
  "never better than X" stays a negation); "can't <verb> ... enough" ("can't *recommend*
  it enough", "can't get enough of it"): praise past words (x1.5 on the verb), not a
  negation, unless a noun follows "enough" ("can't get enough *sleep*" is a shortage);
* "should have"/"should've": irrealis (plain "should" is advice, not irrealis);
  "'d" + verb: "would" (irrealis), but "'d been/had/better": "had"; after "I"/"we",
  "would"/"'d" + verb states the writer's disposition ("I *would* recommend it", "we'd
  come back"), not a hypothesis, unless "have" or "be" follows ("I would have
  liked...", "I would be happy if...");
* "best wishes", "my wish": a noun, not a wish;
* "had (such) high hopes", "had great expectations": a past expectation is the
  yardstick of what follows ("I had high hopes, but it was a *letdown*"), not an
  opinion: its words are no concepts;
* "whether or not X", "may or may not be X", "do or don't": the negator names the other
  alternative and negates nothing;
* "a bit", "a little", "a tad", "kind of", "sort of": downtoners, but after a determiner
  ("the kind of film", "what sort of") a type, no concept; "way too": intensifier;
  "pretty much": nothing; "as well" (= too) and "a great deal of" (an amount): no concept;
* excess: "too" + a degree word ("too long", "too predictable", "too many characters"),
  "overly"/"excessively" + any content word: the pair is the concept ``excess``, a
  fault, not an intensified degree (see ``lexicon.EXCESS_SCALARS``); "too X to Y": Y
  does not come about, so its "to" opens a negation ("too bland to be *interesting*",
  "too bored to *care*"; "never too late to *learn*" is a double negation);
* "little X" (and "few X") after a verb of having or offering, "with", "very", "so" or "precious":
  close to no X, a negation ("has little *charm*", "offers very little to *recommend*
  it"), unlike a size ("a nice little film", "with little kids", "a precious little
  film"); "little doubt" and "little question" are certainties, as "no doubt";
* compensation: "what it lacks in depth it makes up for in *heart*": "makes up for"
  right before "in"/"with" is an adversative, so what follows outweighs what came before
  (and the lack's negation stops there). With an object of its own ("superb acting
  makes up for a thin plot") the verb is the vocabulary's ``make_up_for``, and left alone;
* verbs of amount ("eased my *headache*", "*unemployment* fell", "*crime* soared"): the
  verb is no concept of its own, and what a lowering verb acts on is reversed (see
  :mod:`.shifters`);
* post-modifiers "so much", "very much", "a lot", "at all", "as hell", "af": they
  strengthen the last concept of the clause when no content word follows them;
* stock phrases of complaint ("save your money", "don't waste your time", "left a lot
  to be desired", "two stars at best"): the phrase stands for the concept
  ``lexicon.STOCK_PHRASES`` names, and its words are read only as that concept;
* review ratings ("9/10", "3 out of 5", "one star", "★★☆☆☆"): the rating stands for its
  verdict (see :mod:`.ratings`). A low rating is not negated: "wouldn't even give it one
  star" rates lower still.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .concepts import AMBIGUOUS
from .lexicon import (
    ADVERSATIVE,
    CONCESSIVE,
    CONTENT,
    EAGERNESS_CONCEPT,
    EXCESS_CONCEPT,
    EXCESS_MARKERS,
    EXCESS_SCALARS,
    INTENSIFIER,
    IRREALIS,
    MULTIWORD_INTENSIFIERS,
    NEGATOR,
    NEUTRAL,
    POST_INTENSIFIERS,
    PRIVATIVES,
    RATING_NEGATABLE,
    STOCK_PHRASES,
    STOP,
    SUBJECT_PRONOUNS,
)
from .ratings import RATING_FIRST, find_rating, verdict
from .shifters import SHIFTER_FORMS, find_target
from .tokenizer import PUNCT_END

_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "what", "which",
                          "any", "some", "every", "each", "no", "all", "another", "my", "your",
                          "his", "her", "its", "our", "their", "one", "same", "different"})
_NT = frozenset({"n't", "not"})
_COMPARATIVE_WORDS = frozenset({"better", "more", "happier", "prouder", "worse", "less", "any"})
#: Words ending in "-er" that are not comparatives.
_NOT_COMPARATIVES = frozenset({"clever", "over", "under", "together", "ever", "never", "other", "bitter",
                               "sober", "proper", "tender", "eager", "either", "neither", "rather", "after"})
#: Verbs between "never" and a comparative: "never *been* better", "never *looked* happier".
_NEVER_LINKS = frozenset({"been", "be", "was", "were", "is", "looked", "felt", "sounded", "tasted", "seemed"})
_WISH_NOUN_CUES = frozenset({"best", "warm", "warmest", "good", "my", "your", "his", "her",
                             "our", "their", "a", "birthday", "kind", "kindest", "the",
                             "last", "three", "many", "heartfelt", "sincere", "fond"})
#: Modals that make "X have been Y" counterfactual: Y did not hold.
_COUNTERFACTUAL_MODALS = frozenset({"could", "should"})
#: Verbs that deny the infinitive after them: what one fails, refuses or hesitates to do
#: is not done ("fails to *impress*", "refused to *help*"), and denying the verb denies
#: the denial ("never fails to impress", "I would not hesitate to *recommend* it").
_DENYING_VERBS = frozenset({"fail", "fails", "failed", "failing", "refuse", "refuses", "refused", "refusing",
                            "hesitate", "hesitates", "hesitated", "hesitating", "neglect", "neglects",
                            "neglected", "neglecting"})
#: Adjectives that deny the infinitive after them as those verbs do ("impossible to
#: *like*", "unable to *enjoy* it", "hard to *care*"); the adjective stays a concept of
#: its own.
_UNABLE = frozenset({"impossible", "unable", "incapable", "hard", "difficult"})
_DIFFICULT = frozenset({"hard", "difficult", "impossible"})
#: After "hard to", verbs that make it praise, not a denial: "hard to *imagine* it
#: better", "hard to *beat*", "hard to *resist*", "hard to *overstate*".
_HARD_TO_PRAISE = frozenset({"imagine", "beat", "top", "resist", "overstate", "exaggerate", "contain"})
_PAST_AFTER_D = frozenset({"been", "had", "better", "gotten", "got", "done", "seen", "never"})
#: Subjects after which "would" is the writer's own disposition, not a hypothesis.
_DISPOSITION_SUBJECTS = frozenset({"i", "we"})
#: What keeps "would" hypothetical even after "I"/"we": "I would have liked more" is
#: counterfactual, "I would be happy (if ...)" a state that does not hold.
_COUNTERFACTUAL_AFTER = frozenset({"have", "'ve", "of", "be"})
#: Words between "would"/"might" and the comparative that says what it would be.
_HOPED_LINKS = frozenset({"have", "'ve", "been", "be", "probably", "likely", "surely", "certainly", "definitely",
                          "just", "much", "far", "even", "a", "lot", "work", "worked", "do", "done", "fare",
                          "fared", "serve", "served", "function", "play", "played", "look", "looked", "sound",
                          "sounded", "fit", "suit", "suited"})
#: Longest run of such words.
_HOPED_REACH = 4
_DESERVE = frozenset({"deserve", "deserves", "deserved"})
#: "had (such) high hopes", "had great expectations": a past expectation, a yardstick.
_HOPE_DEGREES = frozenset({"such", "very", "really", "so", "pretty", "quite"})
_HIGH = frozenset({"high", "great", "big", "huge", "higher", "bigger", "greater"})
_HOPES = frozenset({"hopes", "hope", "expectations", "expectation"})
#: "nothing short of X", "nothing less than X": X in full, no negation.
_NOTHING_SHORT = frozenset({("short", "of"), ("less", "than")})
#: "hard not to X", "impossible not to X": X is what one cannot help doing.
_HARD_NOT_TO = frozenset({"hard", "difficult", "impossible", "tough"})

#: A compiled stock phrase: (slots, concept, opens a clause, closes a phrase).
_Phrase = tuple[tuple[frozenset[str], ...], str, bool, bool]


def _compile_phrases(table: Mapping[str, tuple[str, ...]]) -> dict[str, list[_Phrase]]:
    """The stock phrases keyed by each word that can start one (see ``lexicon.STOCK_PHRASES``)."""
    by_first: dict[str, list[_Phrase]] = {}
    for concept, patterns in table.items():
        for pattern in patterns:
            parts = pattern.split()
            opens, closes = parts[0] == "^", parts[-1] == "$"
            slots = tuple(frozenset(part.split("|")) for part in parts[opens:len(parts) - closes])
            for word in slots[0]:
                by_first.setdefault(word, []).append((slots, concept, opens, closes))
    return by_first


_STOCK_BY_FIRST = _compile_phrases(STOCK_PHRASES)

#: Words that start an idiom :func:`apply_idioms` knows (the tokenizer loop collects their
#: positions so the pass visits only them).
_POST_FIRST = frozenset({"a", "so", "very", "at", "as", "af", "asf"})
#: "makes up for in heart", "made up for with charm": compensation (an adversative).
_MAKE_FORMS = frozenset({"make", "makes", "made", "making"})
_COMPENSATING_WITH = frozenset({"in", "with"})

IDIOM_FIRST = frozenset(
    {"not", "n't", "no", "without", "nothing", "anything", "can", "ca", "could", "but", "a",
     "kind", "sort", "so", "very", "at", "as", "af", "asf", "pretty", "should", "'d", "would", "wish",
     "wishes", "wished", "way", "cannot", "far", "less",
     "used", "zero", "nowhere", "might", "deserve", "deserves", "deserved", "than", "little", "few", "had",
     "rather", "instead"}
) | _MAKE_FORMS | _DENYING_VERBS | _UNABLE | PRIVATIVES | EXCESS_MARKERS | frozenset(_STOCK_BY_FIRST) | RATING_FIRST | SHIFTER_FORMS
#: After "too much"/"too many", what makes them quantify (excess) rather than intensify.
_QUANTIFIED_ROLES = frozenset({CONTENT, AMBIGUOUS})


class IdiomMarks:
    """What :func:`apply_idioms` found besides role changes."""

    __slots__ = ("scale", "post", "boost", "neg_label", "openers", "concepts", "shifts", "notes")

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


def apply_idioms(norms: list[str], roles: list[int], where: Sequence[int]) -> IdiomMarks | None:
    """Rewrite ``roles`` in place for the fixed expressions starting at ``where``.

    Number tokens in ``where`` are read as possible ratings.
    Returns the extra marks, or None when nothing matched (the common case).
    """
    marks: IdiomMarks | None = None
    n = len(norms)
    phrase_end = 0
    for i in where:
        if i < phrase_end:  # inside a stock phrase already read as its concept
            continue
        w = norms[i]
        if w in _STOCK_BY_FIRST:
            found = _stock_phrase(norms, roles, i)
            if found is not None:
                phrase_end, concept = found
                marks = _read_as(marks, roles, i, phrase_end, concept, "idiom", True)
                continue
        if w in RATING_FIRST or w[0].isdigit():
            rating = find_rating(norms, roles, i)
            if rating is not None:
                phrase_end, share = rating
                marks = _read_as(marks, roles, i, phrase_end, verdict(share), "rating", share >= RATING_NEGATABLE)
                continue
        nxt = norms[i + 1] if i + 1 < n else ""
        if (w in _NT or w == "without") and nxt == "a" and i + 2 < n and norms[i + 2] == "single":
            roles[i + 2] = STOP  # "not a single complaint": "single" counts, it is no concept
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
            elif _names_the_alternative(norms, i):
                # "whether or not it is fun", "I may or may not be the happiest person
                # ever", "do or don't": the "not" names the other alternative, it negates
                # nothing
                roles[i] = NEUTRAL
            elif nxt == "to" and i > 0 and norms[i - 1] in _HARD_NOT_TO:
                # "hard not to love it": one cannot help loving it. No negation, and the
                # difficulty is no concept of its own.
                roles[i] = NEUTRAL
                roles[i - 1] = STOP
            elif _not_this_in_years(norms, roles, i):
                # "I haven't laughed that hard in years", "haven't been this sore in a
                # while": the most in a long time, not a denial
                roles[i] = NEUTRAL
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
            if w == "nothing" and i + 2 < n and (nxt, norms[i + 2]) in _NOTHING_SHORT:
                # "nothing short of a masterpiece", "nothing less than brilliant": fully so
                for j in range(i, i + 3):
                    roles[j] = NEUTRAL
            elif nxt == "but":
                roles[i + 1] = NEUTRAL
                if w == "nothing":  # "nothing but praise" = only praise
                    roles[i] = NEUTRAL
                else:  # "anything but good" = not good
                    roles[i] = NEGATOR
                    marks = marks or IdiomMarks()
                    marks.neg_label[i] = "anything but"
        elif w in _COUNTERFACTUAL_MODALS and nxt in ("have", "'ve") and i + 2 < n and norms[i + 2] == "been":
            roles[i] = NEGATOR
            marks = marks or IdiomMarks()
            marks.neg_label[i] = f"{w} {nxt} been"
        elif w in _COUNTERFACTUAL_MODALS and nxt == "be" and _comparative_after_be(norms, i + 1) > 0 \
                and not (i + 3 < n and norms[i + 3] == "than"):
            # "could be better" is a complaint, "could be worse" a consolation: the
            # comparative does not hold
            roles[i] = NEGATOR
            marks = marks or IdiomMarks()
            marks.neg_label[i] = f"{w} be"
        elif w in _DENYING_VERBS or w in _UNABLE:
            if nxt == "to" and not (w in _DIFFICULT and i + 2 < n and norms[i + 2] in _HARD_TO_PRAISE):
                roles[i + 1] = NEGATOR  # "to" opens the scope, so the verb stays a concept
                marks = marks or IdiomMarks()
                marks.neg_label[i + 1] = f"{w} to"
        elif w in PRIVATIVES:
            for j in range(i + 1, n):
                r = roles[j]
                if r >= PUNCT_END:
                    break
                if r in _QUANTIFIED_ROLES:  # something follows to be denied
                    marks = marks or IdiomMarks()
                    marks.openers.append(i)
                    marks.neg_label[i] = w
                    break
        elif w == "far" or w == "nowhere":
            if nxt == ("from" if w == "far" else "near"):
                roles[i] = NEGATOR
                roles[i + 1] = NEUTRAL
                marks = marks or IdiomMarks()
                marks.neg_label[i] = f"{w} {nxt}"
        elif w == "less":
            if nxt == "than" and _less_than_quality(norms, roles, i):
                roles[i] = NEGATOR
                roles[i + 1] = NEUTRAL
                marks = marks or IdiomMarks()
                marks.neg_label[i] = "less than"
            elif nxt == "than":
                roles[i] = NEUTRAL  # "in less than five minutes" compares amounts: no lack
        elif (w == "rather" and nxt == "than") or (w == "instead" and nxt == "of"):
            # "instead of laughing, I cried", "rather than a thriller, a drama": the
            # alternative is what did not happen or is not so
            roles[i] = NEGATOR
            roles[i + 1] = NEUTRAL
            marks = marks or IdiomMarks()
            marks.neg_label[i] = f"{w} {nxt}"
        elif w == "zero":
            if nxt and roles[i + 1] in _QUANTIFIED_ROLES:
                roles[i] = NEGATOR  # "zero complaints" = no complaints
        elif w == "used":
            if nxt == "to" and i > 0 and norms[i - 1] in _HABIT_SUBJECTS and i + 2 < n and roles[i + 2] < PUNCT_END:
                # "I used to love this place": it no longer holds
                roles[i] = NEGATOR
                roles[i + 1] = NEUTRAL
                marks = marks or IdiomMarks()
                marks.neg_label[i] = "used to"
        elif w in ("can", "ca", "could"):
            if nxt in _NT and i + 2 < n:
                third = norms[i + 2]
                if third == "believe":
                    roles[i + 1] = NEUTRAL
                    roles[i + 2] = NEUTRAL
                elif third in ("wait", "help") and w != "could":
                    roles[i + 1] = NEUTRAL
                    if third == "wait":
                        marks = marks or IdiomMarks()
                        marks.concepts.append((i, i + 3, EAGERNESS_CONCEPT, "idiom", True))
                elif (at := _comparative_after_be(norms, i + 2)) > 0:
                    # "couldn't be happier", "couldn't have been worse": a superlative, not a
                    # negation or a hypothesis
                    roles[i] = NEUTRAL
                    roles[i + 1] = NEUTRAL
                    marks = marks or IdiomMarks()
                    target = norms[at]
                    k = at + 1 if target in ("any", "more") and at + 1 < n else at
                    marks.boost[k] = (1.5, f"{w} not {' '.join(norms[i + 2:at])} {target}")
                elif (k := _enough_after(norms, roles, i + 2)) > 0:
                    # "can't thank you enough", "can't recommend it enough", "can't get enough
                    # of it": praise past words, not a negation
                    roles[i + 1] = NEUTRAL
                    roles[k] = NEUTRAL
                    marks = marks or IdiomMarks()
                    marks.boost[i + 2] = (1.5, f"{w} not {third} ... enough")
        elif w == "never":
            # "never been better", "never so happy": a superlative, not a negation
            k = i + 2 if nxt in _NEVER_LINKS else i + 1
            target = norms[k] if k < n else ""
            if (target == "so" or _is_comparative(target)) and not (k + 1 < n and norms[k + 1] == "than"):
                roles[i] = NEUTRAL
                if target != "so":
                    marks = marks or IdiomMarks()
                    k = k + 1 if target in ("any", "more") and k + 1 < n else k
                    marks.boost[k] = (1.5, f"never {target}")
        elif w == "but":
            if nxt == "also":
                roles[i] = NEUTRAL
        elif w == "should":
            if nxt in ("have", "'ve", "of"):
                roles[i] = IRREALIS
        elif w == "'d":
            if nxt and nxt not in _PAST_AFTER_D and not nxt.endswith("ed") and roles[i + 1] != PUNCT_END:
                if not _is_disposition(norms, i):
                    roles[i] = IRREALIS
        elif (w == "would" or w == "might") and (k := _comparative_hoped(norms, i + 1)) > 0:
            # "would have worked better as a documentary", "might be better suited to TV":
            # what it is falls short of what it would be
            roles[i] = NEGATOR
            marks = marks or IdiomMarks()
            marks.neg_label[i] = f"{w} ... {norms[k]}"
        elif w in _DESERVE and nxt == "better" and not (i + 2 < n and norms[i + 2] == "than"):
            roles[i] = NEGATOR  # "the actors deserved better": they did not get it
            marks = marks or IdiomMarks()
            marks.neg_label[i] = f"{w} better"
        elif w == "would" and _is_disposition(norms, i):
            roles[i] = NEUTRAL
        elif w in ("wish", "wishes", "wished"):
            if i > 0 and norms[i - 1] in _WISH_NOUN_CUES:
                roles[i] = CONTENT  # "best wishes" is a noun, not a wish for something unreal
        elif w in ("kind", "sort"):
            if nxt == "of":
                if i > 0 and norms[i - 1] in _DETERMINERS:
                    roles[i] = STOP  # "the kind of film": a type, not a kindness
                else:
                    roles[i] = NEUTRAL
                    roles[i + 1] = INTENSIFIER
                    marks = marks or IdiomMarks()
                    marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[(w, "of")], f"{w} of")
        elif w == "a" and nxt in ("great", "good") and i + 3 < n and norms[i + 2] == "deal" \
                and norms[i + 3] == "of":
            roles[i + 1] = NEUTRAL  # "a great deal of" is an amount, not praise
            roles[i + 2] = NEUTRAL
        elif w == "as" or w == "than":
            if w == "as" and nxt == "well":
                roles[i + 1] = STOP  # "as well" is "too", not a manner done well
            elif (k := _expectation_verb(norms, i + 1)) > 0:
                # "not as funny as you'd hoped", "better than I expected": the expectation is
                # the yardstick of the comparison, not an opinion of its own
                roles[k] = STOP
            elif w == "than" and (span := _yardstick(norms, roles, i))[1] > span[0]:
                # "more trifle than triumph": the standard of a comparison is no concept of
                # the text's own
                for j in range(*span):
                    if roles[j] == CONTENT or roles[j] == AMBIGUOUS:
                        roles[j] = NEUTRAL
                marks = marks or IdiomMarks()
                marks.notes.append(f"comparison: '{' '.join(norms[span[0]:span[1]])}' is what it is measured against")
        elif w == "had":
            k = i + 2 if nxt in _HOPE_DEGREES else i + 1
            if k + 1 < n and norms[k] in _HIGH and norms[k + 1] in _HOPES:
                # "I had high hopes (but...)": a past expectation is the yardstick of
                # what follows, not an opinion of its own
                for j in range(i + 1, k + 2):
                    roles[j] = STOP
        elif w == "pretty":
            if nxt == "much":
                roles[i] = NEUTRAL
                roles[i + 1] = NEUTRAL
        elif w == "way":
            if nxt == "too":
                roles[i] = NEUTRAL
                marks = marks or IdiomMarks()
                marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[("way", "too")], "way too")
        elif w in EXCESS_MARKERS:
            if _is_excess(w, nxt, norms, roles, i):
                roles[i] = NEUTRAL
                roles[i + 1] = CONTENT
                marks = marks or IdiomMarks()
                marks.concepts.append((i, i + 2, EXCESS_CONCEPT, "idiom", True))
            if w == "too" and (k := _too_to(norms, roles, i)) > 0:
                # "too long to be enjoyable", "too bored to care": what follows "to" does
                # not come about
                roles[k] = NEGATOR
                marks = marks or IdiomMarks()
                marks.neg_label[k] = "too ... to"
        elif w == "little" or w == "few":
            if w == "little" and nxt in ("doubt", "question"):
                roles[i] = NEUTRAL  # "there is little doubt": as "no doubt", a certainty
                roles[i + 1] = NEUTRAL
            elif (i > 0 and norms[i - 1] in _LACK_CONTEXTS and _lacking_after(norms, roles, i + 1, w == "few")
                  and not (norms[i - 1] == "precious" and i > 1 and norms[i - 2] in _DETERMINERS)):
                # "has little charm", "with very little humour", "very few laughs": an
                # amount close to none (unlike "a few laughs", "few films are this good",
                # a comparison, or "a precious little film", a size)
                roles[i] = NEGATOR
                if norms[i - 1] == "precious":
                    roles[i - 1] = NEUTRAL  # "precious little": a degree, not a concept of its own
                marks = marks or IdiomMarks()
                marks.neg_label[i] = f"{norms[i - 1]} {w}"
        elif w in _MAKE_FORMS:
            if nxt == "up" and i + 3 < n and norms[i + 2] == "for" and norms[i + 3] in _COMPENSATING_WITH:
                # "what it lacks in depth it makes up for in heart": what follows outweighs
                roles[i] = ADVERSATIVE
                marks = marks or IdiomMarks()
                marks.neg_label[i] = f"{w} up for"
        elif w in SHIFTER_FORMS:
            target = find_target(norms, roles, i)
            if target is not None:
                # "eased my headache", "crime soared": the verb says how much, not how good
                roles[i] = STOP
                marks = marks or IdiomMarks()
                marks.shifts.append((i,) + target)
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


def _read_as(marks: IdiomMarks | None, roles: list[int], start: int, end: int, concept: str,
             source: str, negatable: bool) -> IdiomMarks:
    """Record tokens ``start..end`` as standing for ``concept``, their words switched off.

    The last word stays a content word, the phrase's head: a negation before the phrase
    reaches it ("it did not leave much to be desired").
    """
    for j in range(start, end - 1):
        roles[j] = NEUTRAL
    roles[end - 1] = CONTENT
    marks = marks or IdiomMarks()
    marks.concepts.append((start, end, concept, source, negatable))
    return marks


def _stock_phrase(norms: list[str], roles: list[int], i: int) -> tuple[int, str] | None:
    """``(end, concept)`` of the stock phrase starting at ``i``, if one does."""
    n = len(norms)
    for slots, concept, opens, closes in _STOCK_BY_FIRST[norms[i]]:
        end = i + len(slots)
        if end > n or (opens and i > 0 and roles[i - 1] < PUNCT_END):
            continue
        if closes and end < n and roles[end] in _QUANTIFIED_ROLES:
            continue
        if all(norms[i + k] in slot for k, slot in enumerate(slots)):
            return end, concept
    return None


#: Words that "used to" follows when it speaks of a habit that has ended ("I used to love
#: it"), unlike "I'm used to it" or "the money used to build it".
_HABIT_SUBJECTS = SUBJECT_PRONOUNS | {"this", "that", "these", "those", "there", "who", "always", "once",
                                      "really", "actually"}
#: Words before "less than X" that make X a quality it falls short of ("was less than
#: impressive"), not a quantity ("in less than a minute", "costs less than $10").
_QUALITY_LINKS = frozenset({"is", "was", "'s", "are", "'re", "were", "am", "'m", "be", "been",
                            "being", "seems", "seemed", "feels", "felt", "looks", "looked",
                            "sounds", "sounded", "remains", "remained", "proved", "proves"})
#: Quantities after "less than": a comparison of amounts, not a quality.
_QUANTITY_WORDS = frozenset({"half", "zero", "one", "two", "three", "four", "five", "ten", "hundred",
                             "thousand", "million", "minute", "hour", "day", "week", "month", "year",
                             "second", "dollar", "percent", "cent", "mile", "average", "usual",
                             "expected", "normal", "advertised", "promised"})
_ENOUGH_REACH = 8
#: Longest stretch between "too" and the "to" of what does not come about ("too
#: self-important and plodding to be funny").
_TOO_TO_REACH = 5
#: Adjectives that govern a "to" of their own ("too close to home", "too used to it").
_TO_GOVERNORS = frozenset({"close", "next", "similar", "used", "prone", "sensitive", "attached",
                           "addicted", "related", "due", "loyal", "kind", "nice", "mean", "rude",
                           "cruel", "harsh", "generous", "true", "faithful", "devoted", "exposed"})
#: Verbs after that "to" that the vocabulary's word classes may not mark as content.
_TO_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "go", "give", "keep", "let",
                       "see", "say", "put", "come", "find", "know"})
#: Words before "little" that make it an amount close to none ("has little wit", "with
#: very little humour") rather than a size ("a nice little film", "Stuart Little").
_LACK_CONTEXTS = frozenset({"has", "have", "had", "having", "with", "very", "so", "precious",
                            "offers", "offer", "offered", "shows", "show", "showed", "gives",
                            "give", "gave", "does", "do", "did", "adds", "add", "added", "find",
                            "found", "is", "are", "was", "were", "'s", "there", "holds", "hold",
                            "provides", "provide", "provided", "contains", "brings", "bring"})
#: Who holds the expectation that a comparison measures against ("than *I* expected").
_EXPECTERS = (SUBJECT_PRONOUNS - {"it"}) | {"one", "anyone", "everyone", "people", "most", "many"}
#: Words between the holder and the verb ("than I *'d* expected", "as one *might have* hoped").
_EXPECT_AUXILIARIES = frozenset({"had", "'d", "would", "might", "could", "may", "can", "did", "do",
                                 "does", "have", "'ve", "ever", "first", "originally", "initially",
                                 "once", "all", "probably"})
_EXPECT_REACH = 3
#: Verbs of expecting, in the forms that follow a holder.
_EXPECT_VERBS = frozenset({
    "hope", "hoped", "expect", "expected", "think", "thought", "imagine", "imagined", "anticipate",
    "anticipated", "want", "wanted", "fear", "feared", "wish", "wished", "dream", "dreamed",
    "dreamt", "predict", "predicted", "remember", "remembered", "believe", "believed", "suspect",
    "suspected", "assume", "assumed", "guess", "guessed", "intend", "intended", "plan", "planned",
})
#: Verbs whose "can't ... enough" praises even when a noun follows "enough" ("I can't say
#: enough good things"); elsewhere a noun there is a shortage ("can't get enough sleep").
_PRAISE_VERBS = frozenset({"say", "speak", "praise", "recommend", "thank"})


def _names_the_alternative(norms: list[str], i: int) -> bool:
    """Whether the negator at ``i`` closes "whether or not" or "X or X not" ("may or may not")."""
    if i >= 2 and norms[i - 1] == "or":
        return norms[i - 2] == "whether"
    return i >= 3 and norms[i - 2] == "or" and norms[i - 3] == norms[i - 1]


#: What "not ... this X in ..." measures against ("in years", "in a long time").
_LONG_SPANS = frozenset({"years", "ages", "decades", "forever", "months", "weeks", "while", "time"})
#: Degree words that make the comparison ("that hard", "this sore", "so much").
_THIS_DEGREE = frozenset({"this", "that", "so"})
_NOT_THIS_REACH = 8
#: Amounts a degree word grades that the role table may not mark as content ("so much").
_GRADED_AMOUNTS = frozenset({"much", "many", "often", "long", "far"})


def _not_this_in_years(norms: list[str], roles: list[int], i: int) -> bool:
    """Whether the negator at ``i`` opens "not ... this/that/so X ... in years/a long time"."""
    n = len(norms)
    degree = False
    for k in range(i + 1, min(n, i + 1 + _NOT_THIS_REACH)):
        if roles[k] >= PUNCT_END:
            return False
        w = norms[k]
        if w in _THIS_DEGREE:
            # a degree only before what it grades ("that hard"; not "think that it has")
            after = k + 1
            degree = after < n and (roles[after] in _QUANTIFIED_ROLES or norms[after] in _GRADED_AMOUNTS)
        elif degree and w == "in":
            # "in years", "in ages", "in a (long) while", "in a long time"
            for j in range(k + 1, min(n, k + 4)):
                if norms[j] in _LONG_SPANS:
                    return True
                if norms[j] not in ("a", "long", "very", "quite"):
                    break
            return False
    return False


def _too_to(norms: list[str], roles: list[int], i: int) -> int:
    """Position of the "to" in "too <degree> ... to <verb>" from "too" at ``i``, or -1.

    A degree word must follow "too" ("I was there too and got to see it" adds, it does
    not weigh), and what follows "to" must be a verb rather than what an adjective
    governs: "too close to real life to make sense" is read from its second "to".
    """
    n = len(norms)
    if i + 1 >= n or (roles[i + 1] not in _QUANTIFIED_ROLES and norms[i + 1] not in EXCESS_SCALARS):
        return -1
    for k in range(i + 2, min(n - 1, i + 2 + _TOO_TO_REACH)):
        if roles[k] >= PUNCT_END:
            return -1
        if norms[k] == "to" and norms[k - 1] not in _TO_GOVERNORS:
            after = norms[k + 1]
            if after in _TO_VERBS or (roles[k + 1] in _QUANTIFIED_ROLES and not after[0].isdigit()):
                return k
    return -1


def _lacking_after(norms: list[str], roles: list[int], start: int, counted: bool = False) -> bool:
    """Whether what follows "little" (or, ``counted``, "few") at ``start`` is what it
    denies: a mass noun or an infinitive after "little" ("little *charm*", "little to
    *recommend* it"), not a plural it sizes ("with little kids") or an idiom ("has little
    to do with"); any content word after "few" ("few *laughs*")."""
    if start >= len(norms):
        return False
    word = norms[start]
    if word == "to" and not counted:
        return not (start + 2 < len(norms) and norms[start + 1] == "do" and norms[start + 2] == "with")
    if roles[start] not in _QUANTIFIED_ROLES:
        return False
    return counted or not word.endswith("s") or word.endswith("ss")


def _less_than_quality(norms: list[str], roles: list[int], i: int) -> bool:
    """Whether "less than" at ``i`` says something falls short of a quality."""
    k = i + 2
    if k >= len(norms) or roles[k] not in _QUANTIFIED_ROLES:
        return False
    word = norms[k]
    if word in _QUANTITY_WORDS or word[0].isdigit():
        return False
    return i == 0 or roles[i - 1] >= PUNCT_END or norms[i - 1] in _QUALITY_LINKS


def _yardstick(norms: list[str], roles: list[int], i: int) -> tuple[int, int]:
    """The words a comparison at "than" (``i``) measures against, as ``(start, end)``;
    ``(0, 0)`` when there is no such comparison.

    "more trifle than *triumph*", "far more alienating than *involving*", "better than
    *the original*": what follows "than" is the standard, not what the text says of its
    subject. "less *dizzying* than just dizzy" says the opposite: what "less" qualifies
    is the standard. "nothing more than a cheap thriller" means only that (as "no better
than", "never better than"), and "than
    they are", "than anyone could desire" compares with a clause: both are left alone.
    """
    n = len(norms)
    if i < 1 or i + 1 >= n or norms[i - 1] in _NOT_A_COMPARISON or norms[i + 1] in _CLAUSE_STARTS:
        return 0, 0
    for k in range(i - 1, max(-1, i - 4), -1):
        w = norms[k]
        if roles[k] >= PUNCT_END:
            return 0, 0
        if w in _COMPARATIVE_WORDS or _is_comparative(w):
            break
    else:
        return 0, 0
    if k > 0 and norms[k - 1] in _AT_MOST:
        return 0, 0
    if w == "less":
        return k, i
    end = i + 1
    while end < n and end <= i + _YARDSTICK_REACH and roles[end] < PUNCT_END \
            and roles[end] != ADVERSATIVE and roles[end] != CONCESSIVE:
        end += 1
    return i + 1, end


#: "more than", "less than", "rather than", "other than" right before "than": no
#: comparative with a standard after it.
_NOT_A_COMPARISON = frozenset({"more", "less", "rather", "other"})
#: "than they are", "than anyone could": the standard is a clause.
_CLAUSE_STARTS = SUBJECT_PRONOUNS | frozenset({"anyone", "anybody", "everyone", "everybody", "ever"})
#: "nothing more than X", "no better than X", "never better than X": X is what it is, at
#: most (or, "nothing better than X", at least).
_AT_MOST = frozenset({"no", "nothing", "little", "hardly", "barely", "scarcely", "never", "not", "n't"})
#: Most words a standard after "than" spans.
_YARDSTICK_REACH = 6
def _comparative_after_be(norms: list[str], start: int) -> int:
    """Position of the comparative in "be X" / "have been X" from ``start``, or -1."""
    n = len(norms)
    first = norms[start]
    if first == "be":
        at = start + 1
    elif first in ("have", "'ve") and start + 1 < n and norms[start + 1] == "been":
        at = start + 2
    else:
        return -1
    return at if at < n and _is_comparative(norms[at]) else -1


def _comparative_hoped(norms: list[str], start: int) -> int:
    """Position of "better"/"worse" (or an -er comparative) that "would"/"might" reaches
    from ``start`` through a few verbs and adverbs ("have worked better", "probably be
    better suited"), with no "than" after it; else -1."""
    n = len(norms)
    for k in range(start, min(n, start + _HOPED_REACH + 1)):
        w = norms[k]
        if w == "better" or w == "worse" or (w not in _COMPARATIVE_WORDS and _is_comparative(w)):
            return k if not (k + 1 < n and norms[k + 1] == "than") else -1
        if w not in _HOPED_LINKS:
            return -1
    return -1


def _expectation_verb(norms: list[str], start: int) -> int:
    """Position of the verb in "I hoped" / "you 'd expect" / "one might have thought"
    from ``start`` (the words after "as" or "than"), or -1."""
    n = len(norms)
    if start >= n or norms[start] not in _EXPECTERS:
        return -1
    for k in range(start + 1, min(n, start + 2 + _EXPECT_REACH)):
        w = norms[k]
        if w in _EXPECT_VERBS:
            return k
        if w not in _EXPECT_AUXILIARIES:
            return -1
    return -1


def _enough_after(norms: list[str], roles: list[int], start: int) -> int:
    """Position of an "enough" closing "can't <verb> ... enough" from ``start``, or -1."""
    n = len(norms)
    for k in range(start + 1, min(n, start + _ENOUGH_REACH)):
        if roles[k] >= PUNCT_END:
            return -1
        if norms[k] == "enough":
            follow = roles[k + 1] if k + 1 < n else PUNCT_END
            if follow in _QUANTIFIED_ROLES and norms[start] not in _PRAISE_VERBS:
                return -1
            return k
    return -1


def _is_comparative(word: str) -> bool:
    """Whether ``word`` is a comparative ("better", "happier", "more")."""
    return word in _COMPARATIVE_WORDS or (len(word) > 4 and word.endswith("er") and word not in _NOT_COMPARATIVES)


def _is_disposition(norms: list[str], i: int) -> bool:
    """Whether "would"/"'d" at ``i`` follows "I"/"we" and is not "would have"/"would be"."""
    nxt = norms[i + 1] if i + 1 < len(norms) else ""
    return i > 0 and norms[i - 1] in _DISPOSITION_SUBJECTS and nxt not in _COUNTERFACTUAL_AFTER


def _is_excess(w: str, nxt: str, norms: list[str], roles: list[int], i: int) -> bool:
    """Whether the marker ``w`` at ``i`` and the word after it say "too much of something"."""
    if i + 1 >= len(norms):
        return False
    if w != "too":
        return roles[i + 1] in _QUANTIFIED_ROLES
    if nxt not in EXCESS_SCALARS:
        return False
    if nxt == "much" or nxt == "many":
        after = i + 2
        return after < len(norms) and (norms[after] == "of" or roles[after] in _QUANTIFIED_ROLES)
    return True


__all__ = ["IDIOM_FIRST", "IdiomMarks", "apply_idioms"]

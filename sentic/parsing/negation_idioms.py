"""Fixed expressions of negation and modality: what is denied, what only looks denied,
and what is hypothetical.

Each reader (see :data:`READERS`) looks at the words after the one that starts its
expression, rewrites their roles in place and leaves marks (:class:`.idiom_reading.IdiomMarks`):

* "not only / not just X but (also) Y": additive, neither a negation nor an adversative;
  "whether or not X", "may or may not be X", "do or don't": the negator names the other
  alternative and negates nothing; "haven't laughed that hard in years": the most in a
  long time, "not least" (especially) and "Don't wait to see it" (urging), not a denial;
* "no doubt", "no wonder", "no matter", "(there's) no denying", "without (a) doubt",
  "little doubt": no negation; "no longer X": a negation of X ("no longer a *great*
  player"), as is "no where near X" ("nowhere near" spelt apart);
* "nothing but X" (= only X), "nothing short of X", "nothing less than X" (= X in full):
  no negation; "anything but X" (= not X): negation;
* "fails/refuses/hesitates/neglects to X": X is negated and the verb stays a concept of
  its own ("fails to *impress*"; "never fails to impress" and "would not hesitate to
  recommend" are double negations); so is "impossible/unable/hard to X" ("impossible to
  *like*", "hard to *care*"), but not "hard to imagine/beat/resist", which praise;
  neither is "hard/difficult/impossible not to X" (X is what one cannot help doing:
  "hard not to *love* it"), whose "hard" is no concept;
* "far from X", "nowhere near X", "zero X" ("zero *complaints*"): negation; so is what
  follows "from" after a verb of hindering ("keeps it from *being* a *waste of time*",
  "saved the film from *disaster*"); so is
  "rather than X", "instead of X": X is the alternative that did not happen; "less than
  X" after a link verb or opening a clause ("was less than *impressive*"), but not
  before an amount ("in less than a minute"); "used to X" after its subject or opening
  a clause ("I used to *love* it", "Used to be *good*."): a habit that has ended;
* rhetorical questions: "How could anyone *enjoy* this?" denies what it asks about;
  "How can you not *love* it?" affirms it (the "not" negates nothing);
* "lacks X", "lack of X", "devoid of X", "bereft/drained/free/short of X": X is negated
  and "lack" stays a concept (see ``lexicon.PRIVATIVES``); "little X" (and "few X")
  after a verb of having or offering, "with", "very", "so" or "precious": close to no X
  ("has little *charm*", "offers very little to *recommend* it"), unlike a size ("a
  nice little film", "with little kids", "a precious little film");
* counterfactual "could/should have been X": X did not hold, so X is negated ("could
  have been *better*" is a complaint, "could have been *worse*" a consolation), and the
  clause is asserted, not hypothetical ("would have been" is left alone: it is as often
  a suggestion, "that would have been perfect"); so is "could/should be" + a comparative
  ("could be *worse*"), unless "than" follows; so is a comparative that "would"/"might"
  reaches ("would have worked *better* as a documentary", "might be *better* suited to
  TV") and "deserved *better*";
* "can't wait" (the concept ``cant_wait``, eagerness), "can't help": no negation; nor
  in "can't/couldn't stop" + a gerund ("can't stop *smiling*": more of it, not less);
  "can't/couldn't believe" is amazement, neither a negation nor a belief: what the
  writer cannot believe speaks for itself ("can't believe how *good* it is");
  "couldn't be/have been happier/worse/more X": a superlative (x1.5), neither negated
  nor hypothetical; so is "never (been) better/happier" ("never so X" is not negated;
  "never better than X" stays a negation); "can't <verb> ... enough" ("can't *recommend*
  it enough", "can't get enough of it", and with "more" ending the clause: "couldn't
  *agree* more", "couldn't *recommend* it more highly"): praise past words (x1.5 on the
  verb), not a negation, unless a noun follows "enough" ("can't get enough *sleep*" is a
  shortage);
* "if only X" opening a clause: a wish, X is what is missing, a negation ("If only it
  had the *story* to match"), unlike "if only because", "if only to" (at least);
* "should have"/"should've": irrealis (plain "should" is advice, not irrealis); "'d" +
  verb: "would" (irrealis), but "'d been/had/better": "had"; after "I"/"we",
  "would"/"'d" + verb states the writer's disposition ("I *would* recommend it", "we'd
  come back"), not a hypothesis, unless "have" or "be" follows ("I would have liked...",
  "I would be happy if...").
"""

from __future__ import annotations

from .idiom_reading import (
    COMPARATIVE_WORDS,
    CONTENT_ROLES,
    DETERMINERS,
    IdiomMarks,
    Reader,
    deny,
    is_comparative,
    reader_table,
)
from .lexicon import (EAGERNESS_CONCEPT, INDEFINITE_SUBJECTS, IRREALIS, NEGATOR, NEUTRAL, PRIVATIVES, STOP,
                      SUBJECT_PRONOUNS, WH_WORDS)
from .tokenizer import PUNCT_END

_NT = frozenset({"n't", "not"})
#: Verbs between "never" and a comparative: "never *been* better", "never *looked* happier".
_NEVER_LINKS = frozenset({"been", "be", "was", "were", "is", "looked", "felt", "sounded", "tasted", "seemed"})
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
#: Words that open the question "I wonder" asks ("I wonder *if* it works").
_INDIRECT_OPENERS = WH_WORDS | {"if", "whether"}
#: Words before "wonder" that make it the writer's question ("I wonder", "just
#: wondering", "I've always wondered").
_WONDERERS = frozenset({"i", "we", "just", "always", "often", "sometimes", "really", "still", "'m", "am",
                        "was", "'ve", "have", "had"})
#: Verbs of hindering: "keeps it from *being* dull", "saved the film from *disaster*" deny
#: what follows "from" ("prevent" is a verb of amount, see :mod:`.shifters`).
_HINDERING_VERBS = frozenset({"keep", "keeps", "kept", "keeping", "stop", "stops", "stopped", "stopping",
                              "save", "saves", "saved", "saving", "spare", "spares", "spared", "sparing"})
#: Words that make "keep ... from" a distance, not a hindrance ("keep away from").
_KEPT_APART = frozenset({"away", "distance", "apart", "clear", "safe"})
#: How many words may stand between a verb of hindering and its "from" (the object).
_HINDERED_REACH = 4
#: "nothing short of X", "nothing less than X": X in full, no negation.
_NOTHING_SHORT = frozenset({("short", "of"), ("less", "than")})
#: "hard not to X", "impossible not to X": X is what one cannot help doing.
_HARD_NOT_TO = frozenset({"hard", "difficult", "impossible", "tough"})
#: Words that "used to" follows when it speaks of a habit that has ended ("I used to love
#: it"), unlike "I'm used to it" or "the money used to build it".
_HABIT_SUBJECTS = SUBJECT_PRONOUNS | {"this", "that", "these", "those", "there", "who", "always", "once",
                                      "really", "actually"}
#: Modals of a rhetorical "how" question ("how can you not ...", "how could anyone ...").
_RHETORICAL_MODALS = frozenset({"can", "could", "ca"})
#: Whom "how can ... not X?" asks about: anyone would X.
_ASKED = INDEFINITE_SUBJECTS | {"you", "u", "one", "i", "we"}
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
#: Words before "little" that make it an amount close to none ("has little wit", "with
#: very little humour") rather than a size ("a nice little film", "Stuart Little").
_LACK_CONTEXTS = frozenset({"has", "have", "had", "having", "with", "very", "so", "precious",
                            "offers", "offer", "offered", "shows", "show", "showed", "gives",
                            "give", "gave", "does", "do", "did", "adds", "add", "added", "find",
                            "found", "is", "are", "was", "were", "'s", "there", "holds", "hold",
                            "provides", "provide", "provided", "contains", "brings", "bring"})
#: Verbs whose "can't ... enough" praises even when a noun follows "enough" ("I can't say
#: enough good things"); elsewhere a noun there is a shortage ("can't get enough sleep").
_PRAISE_VERBS = frozenset({"say", "speak", "praise", "recommend", "thank"})
#: Adverbs that may follow the "more" of "couldn't recommend it more *highly*".
_MORE_DEGREES = frozenset({"highly", "strongly"})
#: Words that make the "more" after "can't <verb>" an amount ("can't take any more").
_AMOUNTS_OF_MORE = frozenset({"any", "no", "much", "many", "some"})
#: What "not ... this X in ..." measures against ("in years", "in a long time").
_LONG_SPANS = frozenset({"years", "ages", "decades", "forever", "months", "weeks", "while", "time"})
#: Degree words that make the comparison ("that hard", "this sore", "so much").
_THIS_DEGREE = frozenset({"this", "that", "so"})
_NOT_THIS_REACH = 8
#: Amounts a degree word grades that the role table may not mark as content ("so much").
_GRADED_AMOUNTS = frozenset({"much", "many", "often", "long", "far"})
#: Words that deny what follows them as ``lexicon.PRIVATIVES`` do, when "of" follows
#: ("bereft of *charm*", "drained of *humor*", "free of *clichés*", "short of *brilliant*").
_PRIVATIVES_OF = frozenset({"bereft", "drained", "stripped", "deprived", "void", "empty", "free", "short"})
#: After "if only", what makes it "at least" rather than a wish ("if only because ...").
_AT_LEAST = frozenset({"because", "to", "for", "as", "in", "that", "cause", "cuz"})
#: What after "'d" makes it "had" ("I'd been", "you'd better"), not "would".
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


# -- negations that are not, and negations without a negator ---------------------------------
def _not_a_single(norms: list[str], roles: list[int], i: int, nxt: str) -> None:
    """"not a single complaint": "single" counts, it is no concept."""
    if nxt == "a" and i + 2 < len(norms) and norms[i + 2] == "single":
        roles[i + 2] = STOP


def _after_not(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"not only", "whether or not", "hard not to", "haven't laughed that hard in years",
    "not gonna lie"."""
    _not_a_single(norms, roles, i, nxt)
    n = len(norms)
    if nxt in ("only", "just", "merely", "simply"):
        # "not only X but (also) Y" is additive: neither a negation nor an adversative
        roles[i] = NEUTRAL
        for j in range(i + 2, min(n, i + 16)):
            if roles[j] == PUNCT_END:
                break
            if norms[j] == "but":
                roles[j] = NEUTRAL
                break
    elif nxt == "wait" and i > 0 and norms[i - 1] == "do" and (i == 1 or roles[i - 2] >= PUNCT_END):
        # "Don't wait to see it", "don't wait for the DVD": urging, not a denial of what follows
        roles[i] = NEUTRAL
        roles[i + 1] = NEUTRAL
    elif nxt == "least":
        # "not least because ...": especially, not a denial
        roles[i] = NEUTRAL
    elif (end := _not_lying(norms, i, nxt)) > 0:
        # "not gonna lie, this is good", "I won't lie": honestly, a frame, no denial
        for j in range(i, end):
            roles[j] = NEUTRAL
    elif _names_the_alternative(norms, i):
        # "whether or not it is fun", "I may or may not be the happiest person ever", "do
        # or don't": the "not" names the other alternative, it negates nothing
        roles[i] = NEUTRAL
    elif nxt == "to" and i > 0 and norms[i - 1] in _HARD_NOT_TO:
        # "hard not to love it": one cannot help loving it. No negation, and the
        # difficulty is no concept of its own.
        roles[i] = NEUTRAL
        roles[i - 1] = STOP
    elif _not_this_in_years(norms, roles, i):
        # "I haven't laughed that hard in years", "haven't been this sore in a while": the
        # most in a long time, not a denial
        roles[i] = NEUTRAL
    return marks


def _not_lying(norms: list[str], i: int, nxt: str) -> int:
    """End of "not gonna/going to lie", "won't lie", "can't lie" at the negator ``i``, else 0."""
    n = len(norms)
    if nxt in ("gonna", "going"):
        k = i + 2 if nxt == "gonna" else i + 3
        if k < n and norms[k] == "lie" and (nxt == "gonna" or norms[i + 2] == "to"):
            return k + 1
    elif nxt == "lie" and i > 0 and norms[i - 1] in ("wo", "will", "ca", "can") and (
            norms[i + 2] if i + 2 < n else "") in _AFTER_THE_FRAME:
        return i + 2  # "I won't lie, ...", "can't lie this is good"; not "won't lie *to you*"
    return 0


#: What follows "won't lie" when it frames the rest: the end, a pause, the statement.
_AFTER_THE_FRAME = frozenset({"", ",", "though", "tho", "this", "it", "that", "i"})


def _after_no(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"no doubt", "no wonder", "no matter", "no offense", "no worries", "(there's) no
    denying": no negation; "no longer X": X no more holds, "longer" is no concept; "no
    where near X": not X."""
    if nxt in ("doubt", "wonder", "matter", "offense", "offence", "worries", "denying"):
        roles[i] = NEUTRAL
        roles[i + 1] = NEUTRAL
    elif nxt == "where" and i + 2 < len(norms) and norms[i + 2] == "near":
        # "no where near stable": "nowhere near" spelt apart; the negator stands last, so
        # the scope does not stop at "where"
        roles[i] = NEUTRAL
        roles[i + 1] = NEUTRAL
        marks = deny(marks, roles, i + 2, "no where near")
    elif nxt == "longer":
        # (a label of its own also keeps accurate mode on the linear scope: the tree hangs
        # "no" on "longer", whose subtree holds nothing else)
        roles[i + 1] = NEUTRAL
        marks = deny(marks, roles, i, "no longer")
    return marks


def _after_without(norms: list[str], roles: list[int], i: int, nxt: str,
                   marks: IdiomMarks | None) -> IdiomMarks | None:
    """"without (a) doubt": no negation."""
    _not_a_single(norms, roles, i, nxt)
    k = i + 2 if nxt == "a" else i + 1
    if k < len(norms) and norms[k] == "doubt":
        for j in range(i, k + 1):
            roles[j] = NEUTRAL
    return marks


def _after_nothing(norms: list[str], roles: list[int], i: int, nxt: str,
                   marks: IdiomMarks | None) -> IdiomMarks | None:
    """"nothing short of X", "nothing but X" (X in full), "anything but X" (not X)."""
    w = norms[i]
    if w == "nothing" and i + 2 < len(norms) and (nxt, norms[i + 2]) in _NOTHING_SHORT:
        # "nothing short of a masterpiece", "nothing less than brilliant": fully so
        for j in range(i, i + 3):
            roles[j] = NEUTRAL
    elif nxt == "but":
        roles[i + 1] = NEUTRAL
        if w == "nothing":  # "nothing but praise" = only praise
            roles[i] = NEUTRAL
        else:  # "anything but good" = not good
            marks = deny(marks, roles, i, "anything but")
    return marks


def _counterfactual(norms: list[str], i: int, nxt: str) -> str | None:
    """The trace label of a counterfactual "could/should have been X" or "could/should be
    <comparative>" at ``i`` (X did not hold), or None."""
    n = len(norms)
    if nxt in ("have", "'ve") and i + 2 < n and norms[i + 2] == "been":
        return f"{norms[i]} {nxt} been"
    if nxt == "be" and _comparative_after_be(norms, i + 1) > 0 and not (i + 3 < n and norms[i + 3] == "than"):
        # "could be better" is a complaint, "could be worse" a consolation: the
        # comparative does not hold
        return f"{norms[i]} be"
    return None


def _after_could(norms: list[str], roles: list[int], i: int, nxt: str,
                 marks: IdiomMarks | None) -> IdiomMarks | None:
    """A counterfactual, else one of the "can't" idioms."""
    label = _counterfactual(norms, i, nxt)
    if label is not None:
        return deny(marks, roles, i, label)
    return _after_can(norms, roles, i, nxt, marks)


def _after_should(norms: list[str], roles: list[int], i: int, nxt: str,
                  marks: IdiomMarks | None) -> IdiomMarks | None:
    """A counterfactual, else "should have"/"should've", irrealis (plain "should" is advice)."""
    label = _counterfactual(norms, i, nxt)
    if label is not None:
        return deny(marks, roles, i, label)
    if nxt in ("have", "'ve", "of"):
        roles[i] = IRREALIS
    return marks


def _after_can(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"can't believe", "can't wait", "can't help", "can't stop smiling", "couldn't be happier",
    "can't thank you enough"."""
    n = len(norms)
    if nxt not in _NT or i + 2 >= n:
        return marks
    w = norms[i]
    third = norms[i + 2]
    if third == "believe":
        roles[i + 1] = NEUTRAL
        roles[i + 2] = NEUTRAL
    elif third in ("wait", "help") and w != "could":
        roles[i + 1] = NEUTRAL
        if third == "wait":
            marks = marks or IdiomMarks()
            marks.concepts.append((i, i + 3, EAGERNESS_CONCEPT, "idiom", True))
    elif third == "stop" and i + 3 < n and norms[i + 3].endswith("ing") and roles[i + 3] in CONTENT_ROLES:
        # "can't stop smiling", "couldn't stop laughing": the smiling goes on, more of it
        roles[i + 1] = NEUTRAL
        roles[i + 2] = NEUTRAL
    elif (at := _comparative_after_be(norms, i + 2)) > 0:
        # "couldn't be happier", "couldn't have been worse": a superlative, not a negation
        # or a hypothesis
        roles[i] = NEUTRAL
        roles[i + 1] = NEUTRAL
        marks = marks or IdiomMarks()
        target = norms[at]
        k = at + 1 if target in ("any", "more") and at + 1 < n else at
        marks.boost[k] = (1.5, f"{w} not {' '.join(norms[i + 2:at])} {target}")
    elif (closing := _enough_after(norms, roles, i + 2)) is not None:
        # "can't thank you enough", "can't recommend it enough", "can't get enough of it",
        # "couldn't agree more": praise past words, not a negation
        roles[i] = NEUTRAL  # nor is "could" a hypothesis here
        roles[i + 1] = NEUTRAL
        for k in range(*closing):
            roles[k] = NEUTRAL
        marks = marks or IdiomMarks()
        marks.boost[i + 2] = (1.5, f"{w} not {third} ... {norms[closing[0]]}")
    return marks


def _after_never(norms: list[str], roles: list[int], i: int, nxt: str,
                 marks: IdiomMarks | None) -> IdiomMarks | None:
    """"never been better", "never so happy": a superlative, not a negation."""
    n = len(norms)
    k = i + 2 if nxt in _NEVER_LINKS else i + 1
    target = norms[k] if k < n else ""
    if (target == "so" or is_comparative(target)) and not (k + 1 < n and norms[k + 1] == "than"):
        roles[i] = NEUTRAL
        if target != "so":
            marks = marks or IdiomMarks()
            k = k + 1 if target in ("any", "more") and k + 1 < n else k
            marks.boost[k] = (1.5, f"never {target}")
    return marks


def _hindering(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"keeps this from being a waste of time", "stopped me from enjoying it": what follows
    "from" does not come about ("keeps her distance from", "keep getting torn away from"
    hinder nothing)."""
    if nxt.endswith("ing"):
        return marks
    for k in range(i + 1, min(len(norms) - 1, i + 1 + _HINDERED_REACH)):
        if roles[k] >= PUNCT_END or norms[k] in _KEPT_APART:
            break
        if norms[k] == "from":
            return deny(marks, roles, k, f"{norms[i]} ... from" if k > i + 1 else f"{norms[i]} from")
    return marks


def _denying_verb(norms: list[str], roles: list[int], i: int, nxt: str,
                  marks: IdiomMarks | None) -> IdiomMarks | None:
    """"fails to X", "refused to X", "impossible to X", "hard to X" (not "hard to beat")."""
    w = norms[i]
    if nxt == "to" and not (w in _DIFFICULT and i + 2 < len(norms) and norms[i + 2] in _HARD_TO_PRAISE):
        marks = deny(marks, roles, i + 1, f"{w} to")  # "to" opens the scope: the verb stays a concept
    return marks


def _privative(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"lacks X", "lack of X", "devoid of X", "bereft of X", "free of X": X is denied, the
    privative stays a concept."""
    if norms[i] in _PRIVATIVES_OF and (nxt != "of" or roles[i] not in CONTENT_ROLES):
        return marks  # "free time"; "nothing short of" was read already
    for j in range(i + 1, len(norms)):
        r = roles[j]
        if r >= PUNCT_END:
            break
        if r in CONTENT_ROLES:  # something follows to be denied
            marks = marks or IdiomMarks()
            marks.openers.append(i)
            marks.neg_label[i] = norms[i]
            break
    return marks


def _far_from(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"far from X", "nowhere near X": a negation."""
    w = norms[i]
    if nxt == ("from" if w == "far" else "near"):
        roles[i + 1] = NEUTRAL
        marks = deny(marks, roles, i, f"{w} {nxt}")
    return marks


def _less_than(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"(was) less than impressive": a negation; "in less than a minute": an amount."""
    if nxt == "than":
        if _less_than_quality(norms, roles, i):
            roles[i + 1] = NEUTRAL
            marks = deny(marks, roles, i, "less than")
        else:
            roles[i] = NEUTRAL  # "in less than five minutes" compares amounts: no lack
    return marks


def _instead_of(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"instead of laughing, I cried", "rather than a thriller, a drama": the alternative
    is what did not happen or is not so."""
    w = norms[i]
    if (w == "rather" and nxt == "than") or (w == "instead" and nxt == "of"):
        roles[i + 1] = NEUTRAL
        marks = deny(marks, roles, i, f"{w} {nxt}")
    return marks


def _zero(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"zero complaints" = no complaints."""
    if nxt and roles[i + 1] in CONTENT_ROLES:
        roles[i] = NEGATOR
    return marks


def _used_to(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"I used to love this place", "Used to be good.": it no longer holds."""
    habit = i == 0 or roles[i - 1] >= PUNCT_END or norms[i - 1] in _HABIT_SUBJECTS  # the subject may be left out
    if nxt == "to" and habit and i + 2 < len(norms) and roles[i + 2] < PUNCT_END:
        roles[i + 1] = NEUTRAL
        marks = deny(marks, roles, i, "used to")
    return marks


def _how_can(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """Rhetorical questions: "How can you not love it?" affirms what it asks about, "How
    could anyone enjoy this?" denies it."""
    n = len(norms)
    if nxt not in _RHETORICAL_MODALS or i + 3 >= n:
        return marks
    who = norms[i + 2]
    rhetorical = True
    if who in _ASKED and norms[i + 3] in _NT and i + 4 < n and roles[i + 4] in CONTENT_ROLES:
        roles[i + 3] = NEUTRAL  # one cannot see how anyone would not: the question affirms
        marks = marks or IdiomMarks()
        marks.notes.append(f"rhetorical question: 'how {nxt} {who} not {norms[i + 4]}' affirms it")
    elif who in INDEFINITE_SUBJECTS and roles[i + 3] in CONTENT_ROLES:  # "how could anyone X?": nobody would
        marks = deny(marks, roles, i + 2, f"how {nxt} {who}")
    else:
        rhetorical = False
    if rhetorical:
        roles[i + 1] = NEUTRAL  # the modal asks nothing hypothetical
    return marks


def _wonder(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"I wonder if it works", "just wondering why": an indirect question, asked by the
    writer, not a wonder (SenticNet reads "wonder" +0.74)."""
    if nxt in _INDIRECT_OPENERS and (i == 0 or norms[i - 1] in _WONDERERS or roles[i - 1] >= PUNCT_END):
        roles[i] = NEUTRAL
        marks = marks or IdiomMarks()
        marks.asking.add(i)
    return marks


def _little(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"little doubt" (a certainty); "has little charm", "very few laughs" (close to none)."""
    w = norms[i]
    if w == "little" and nxt in ("doubt", "question"):
        roles[i] = NEUTRAL  # "there is little doubt": as "no doubt", a certainty
        roles[i + 1] = NEUTRAL
    elif (i > 0 and norms[i - 1] in _LACK_CONTEXTS and _lacking_after(norms, roles, i + 1, w == "few")
          and not (norms[i - 1] == "precious" and i > 1 and norms[i - 2] in DETERMINERS)):
        # "has little charm", "with very little humour", "very few laughs": an amount
        # close to none (unlike "a few laughs", "few films are this good", a comparison,
        # or "a precious little film", a size)
        if norms[i - 1] == "precious":
            roles[i - 1] = NEUTRAL  # "precious little": a degree, not a concept of its own
        marks = deny(marks, roles, i, f"{norms[i - 1]} {w}")
    return marks


# -- modality ------------------------------------------------------------------------------
def _if_only(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"If only it had the story to match": a wish opening its clause says what is missing,
    a negation (not "..., if only because ...", "if only to ...": at least for that)."""
    if nxt == "only" and (i == 0 or roles[i - 1] >= PUNCT_END) and i + 2 < len(norms) \
            and norms[i + 2] not in _AT_LEAST:
        roles[i + 1] = NEUTRAL
        marks = deny(marks, roles, i, "if only")
    return marks


def _after_d(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"'d" + verb: "would" (irrealis), unless "'d been/had/better" ("had") or the
    writer's disposition ("I'd recommend it")."""
    if nxt and nxt not in _PAST_AFTER_D and not nxt.endswith("ed") and roles[i + 1] != PUNCT_END:
        if not _is_disposition(norms, i):
            roles[i] = IRREALIS
    return marks


def _after_would(norms: list[str], roles: list[int], i: int, nxt: str,
                 marks: IdiomMarks | None) -> IdiomMarks | None:
    """"would have worked better" (what it is falls short), else "I would recommend it"
    (a disposition, not a hypothesis)."""
    w = norms[i]
    if (k := _comparative_hoped(norms, i + 1)) > 0:
        # "would have worked better as a documentary", "might be better suited to TV"
        return deny(marks, roles, i, f"{w} ... {norms[k]}")
    if w == "would" and _is_disposition(norms, i):
        roles[i] = NEUTRAL
    return marks


def _deserved_better(norms: list[str], roles: list[int], i: int, nxt: str,
                     marks: IdiomMarks | None) -> IdiomMarks | None:
    """"the actors deserved better": they did not get it."""
    if nxt == "better" and not (i + 2 < len(norms) and norms[i + 2] == "than"):
        marks = deny(marks, roles, i, f"{norms[i]} better")
    return marks


# -- what the readers look for ---------------------------------------------------------------
def _names_the_alternative(norms: list[str], i: int) -> bool:
    """Whether the negator at ``i`` closes "whether or not" or "X or X not" ("may or may not")."""
    if i >= 2 and norms[i - 1] == "or":
        return norms[i - 2] == "whether"
    return i >= 3 and norms[i - 2] == "or" and norms[i - 3] == norms[i - 1]


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
            degree = after < n and (roles[after] in CONTENT_ROLES or norms[after] in _GRADED_AMOUNTS)
        elif degree and w == "in":
            # "in years", "in ages", "in a (long) while", "in a long time"
            for j in range(k + 1, min(n, k + 4)):
                if norms[j] in _LONG_SPANS:
                    return True
                if norms[j] not in ("a", "long", "very", "quite"):
                    break
            return False
    return False


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
    if roles[start] not in CONTENT_ROLES:
        return False
    return counted or not word.endswith("s") or word.endswith("ss")


def _less_than_quality(norms: list[str], roles: list[int], i: int) -> bool:
    """Whether "less than" at ``i`` says something falls short of a quality."""
    k = i + 2
    if k >= len(norms) or roles[k] not in CONTENT_ROLES:
        return False
    word = norms[k]
    if word in _QUANTITY_WORDS or word[0].isdigit():
        return False
    return i == 0 or roles[i - 1] >= PUNCT_END or norms[i - 1] in _QUALITY_LINKS


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
    return at if at < n and is_comparative(norms[at]) else -1


def _enough_after(norms: list[str], roles: list[int], start: int) -> tuple[int, int] | None:
    """Where the words closing "can't <verb> ... enough/more" from ``start`` lie, as
    ``(start, end)``, or None: "enough" ("can't thank you enough"), or "more" (and "highly",
    "strongly") ending the clause ("couldn't agree more", "couldn't recommend it more
    highly")."""
    n = len(norms)
    for k in range(start + 1, min(n, start + _ENOUGH_REACH)):
        if roles[k] >= PUNCT_END:
            return None
        if norms[k] == "enough":
            follow = roles[k + 1] if k + 1 < n else PUNCT_END
            if follow in CONTENT_ROLES and norms[start] not in _PRAISE_VERBS:
                return None
            return k, k + 1
        if norms[k] == "more" and norms[k - 1] not in _AMOUNTS_OF_MORE:
            # ("can't take it any more" is having had enough)
            end = k + 2 if k + 1 < n and norms[k + 1] in _MORE_DEGREES else k + 1
            return (k, end) if end >= n or roles[end] >= PUNCT_END else None
    return None


def _comparative_hoped(norms: list[str], start: int) -> int:
    """Position of "better"/"worse" (or an -er comparative) that "would"/"might" reaches
    from ``start`` through a few verbs and adverbs ("have worked better", "probably be
    better suited"), with no "than" after it; else -1."""
    n = len(norms)
    for k in range(start, min(n, start + _HOPED_REACH + 1)):
        w = norms[k]
        if w == "better" or w == "worse" or (w not in COMPARATIVE_WORDS and is_comparative(w)):
            return k if not (k + 1 < n and norms[k + 1] == "than") else -1
        if w not in _HOPED_LINKS:
            return -1
    return -1


def _is_disposition(norms: list[str], i: int) -> bool:
    """Whether "would"/"'d" at ``i`` follows "I"/"we" and is not "would have"/"would be"."""
    nxt = norms[i + 1] if i + 1 < len(norms) else ""
    return i > 0 and norms[i - 1] in _DISPOSITION_SUBJECTS and nxt not in _COUNTERFACTUAL_AFTER


#: The reader of each word that starts one of these expressions.
READERS: dict[str, Reader] = reader_table((
    (_NT, _after_not), (("no",), _after_no), (("without",), _after_without),
    (("nothing", "anything"), _after_nothing), (("could",), _after_could), (("should",), _after_should),
    (("can", "ca"), _after_can), (("never",), _after_never), (_DENYING_VERBS | _UNABLE, _denying_verb),
    (PRIVATIVES | _PRIVATIVES_OF, _privative), (("far", "nowhere"), _far_from), (("less",), _less_than),
    (("rather", "instead"), _instead_of), (("zero",), _zero), (("used",), _used_to), (("little", "few"), _little),
    (("'d",), _after_d), (("if",), _if_only), (("would", "might"), _after_would), (_DESERVE, _deserved_better),
    (("how",), _how_can), (_HINDERING_VERBS, _hindering), (("wonder", "wondering", "wondered"), _wonder),
))

__all__ = ["READERS"]

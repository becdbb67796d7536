"""Fixed expressions of degree, amount and comparison, and words an expression makes
something else.

Each reader (see :data:`READERS`) looks at the words after the one that starts its
expression, rewrites their roles in place and leaves marks (:class:`.idiom_reading.IdiomMarks`):

* "a bit", "a little", "a tad", "kind of", "sort of": downtoners, but after a determiner
  ("the kind of film", "what sort of") a type, no concept; "way too": intensifier;
  "pretty much": nothing; "as well" (= too) and "a great deal of" (an amount): no concept;
* post-modifiers "so much", "very much", "a lot", "at all", "as hell", "af": they
  strengthen the last concept of the clause when no content word follows them
  (:func:`read_post_modifier`, for the words in :data:`POST_FIRST`);
* excess: "too" + a degree word ("too long", "too predictable", "too many characters"),
  "overly"/"excessively" + any content word: the pair is the concept ``excess``, a
  fault, not an intensified degree (see ``lexicon.EXCESS_SCALARS``); "too X to Y": Y
  does not come about, so its "to" opens a negation ("too bland to be *interesting*",
  "too bored to *care*"; "never too late to *learn*" is a double negation);
* comparisons: in "more trifle than *triumph*", "better than *the original*" what
  follows "than" is the standard measured against, not what the text says, and its
  words are no concepts; in "*less dizzying* than dizzy" the standard is what "less"
  qualifies. "nothing more than X", "no better than X" and "than" + a clause ("than
  they are") are left alone. In "not as funny as you'd *hoped*", "better than I
  *expected*" the expectation is the yardstick, no opinion of its own; so is "had (such)
  high hopes", "had great expectations" ("I had high hopes, but it was a *letdown*");
  said on its own, ending its sentence ("Had high hopes for this one."), it is the
  disappointment it implies (the concept ``disappointing``);
* topics: in "a film about *loss, grief and recovery*", "a drama about *isolation*" what
  a work (film, book, song, ...) is about is its topic, not an opinion of it: its words
  are no concepts (measured on SST train, fast mode: 13 texts right that were wrong, 7
  the other way);
* compensation: "what it lacks in depth it makes up for in *heart*": "makes up for"
  right before "in"/"with" is an adversative, so what follows outweighs what came before
  (and the lack's negation stops there). With an object of its own ("superb acting
  makes up for a thin plot") the verb is the vocabulary's ``make_up_for``, and left
  alone; "but also" adds, it does not oppose;
* setting aside: "*apart from* the price", "*with the exception of* the ending", "*in spite
  of* its flaws", "*except for* X" and "*other than* X" opening a clause: what the phrase
  names is conceded, as after "although" (see ``lexicon.SETTING_ASIDE``); ", except that
  ..." opposes, as "but" does; "So much for X" opening a clause denies X;
* verbs of amount ("eased my *headache*", "*unemployment* fell", "*crime* soared"): the
  verb is no concept of its own, and what a lowering verb acts on is reversed (see
  :mod:`.shifters`);
* "best wishes", "my wish": a noun, not a wish. A wish about what is past and done is
  regret (the concept ``regret``): "wish I had read the reviews", "wish we hadn't gone"
  ("wish I had a dog" is a plain wish);
"""

from __future__ import annotations

from .concepts import AMBIGUOUS
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
from .lexicon import (
    ADVERSATIVE,
    APART_VERBS,
    CONCESSIVE,
    CONTENT,
    DISAPPOINTMENT_CONCEPT,
    EXCESS_CONCEPT,
    EXCESS_MARKERS,
    EXCESS_SCALARS,
    INTENSIFIER,
    IRREGULAR_LEMMAS,
    MULTIWORD_INTENSIFIERS,
    NEUTRAL,
    POST_INTENSIFIERS,
    REGRET_CONCEPT,
    SETTING_ASIDE,
    STOP,
    SUBJECT_PRONOUNS,
)
from .shifters import SHIFTER_FORMS, find_target
from .tokenizer import PUNCT_END

#: Words that start a post-modifier or an "a bit"-style downtoner (see :func:`read_post_modifier`).
POST_FIRST = frozenset({"a", "so", "very", "at", "as", "af", "asf"})
#: Words before "wish" that make it a noun ("best wishes", "my wish").
_WISH_NOUN_CUES = frozenset({"best", "warm", "warmest", "good", "my", "your", "his", "her",
                             "our", "their", "a", "birthday", "kind", "kindest", "the",
                             "last", "three", "many", "heartfelt", "sincere", "fond"})
#: "had (such) high hopes", "had great expectations": a past expectation, a yardstick.
_HOPE_DEGREES = frozenset({"such", "very", "really", "so", "pretty", "quite"})
_HIGH = frozenset({"high", "great", "big", "huge", "higher", "bigger", "greater"})
_HOPES = frozenset({"hopes", "hope", "expectations", "expectation"})
#: "makes up for in heart", "made up for with charm": compensation (an adversative).
_MAKE_FORMS = frozenset({"make", "makes", "made", "making"})
_COMPENSATING_WITH = frozenset({"in", "with"})
#: Works whose topic follows "about" ("a film about grief").
_WORKS = frozenset({"film", "films", "movie", "movies", "story", "stories", "documentary", "drama", "comedy",
                    "book", "books", "novel", "tale", "picture", "thriller", "show", "series", "song", "songs",
                    "play", "musical", "doc", "memoir", "biography", "article", "essay", "poem", "portrait",
                    "study", "meditation", "romance", "satire", "parable", "fable", "episode", "album"})
#: Words that may stand inside a topic ("the rise and fall of an empire").
_TOPIC_LINKS = frozenset({",", "and", "or", "of", "the", "a", "an", "his", "her", "their", "its", "our", "my",
                          "your", "two", "this", "that", "these", "those", "one", "'s"})
#: Most words a topic spans.
_TOPIC_REACH = 8
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


# -- degree, amount and comparison -----------------------------------------------------------
def _wish(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"best wishes", "my wish": a noun, not a wish for something unreal. "(I) wish I had
    read the reviews", "wish we hadn't gone": a wish about what is past and done is regret."""
    if i > 0 and norms[i - 1] in _WISH_NOUN_CUES:
        roles[i] = CONTENT
        return marks
    n = len(norms)
    k = i + 2 if nxt in SUBJECT_PRONOUNS else i + 1
    if k + 1 < n and norms[k] in ("had", "'d") and (norms[k + 1] in _NOT_DONE or _past_participle(norms[k + 1])):
        # what is wished undone is not asserted, nor is the regret hypothetical: the
        # clause reads as the regret alone
        end = k + 1
        stop = min(n, k + _REGRET_REACH)
        while end < stop and roles[end] < PUNCT_END and roles[end] not in (ADVERSATIVE, CONCESSIVE):
            end += 1
        for j in range(i, end):
            roles[j] = NEUTRAL
        marks = marks or IdiomMarks()
        marks.concepts.append((i, end, REGRET_CONCEPT, "idiom", False))
    return marks


#: Tokens after "wish I had" that a regret may take in ("read the reviews first").
_REGRET_REACH = 10


#: What may follow "wish I had" in a regret besides a participle ("wish I hadn't", "had never").
_NOT_DONE = frozenset({"n't", "not", "never"})


def _past_participle(word: str) -> bool:
    """Whether ``word`` looks like a past participle ("read" and the irregular ones included)."""
    return word.endswith(("ed", "en", "wn")) or word in IRREGULAR_LEMMAS or word in _UNMARKED_PARTICIPLES


#: Participles with neither an ending nor an irregular form of their own.
_UNMARKED_PARTICIPLES = frozenset({"read", "put", "cut", "hit", "let", "set", "quit", "left"})


def _kind_of(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"kind of good" (a downtoner), but "the kind of film" (a type, not a kindness)."""
    w = norms[i]
    if nxt == "of":
        if i > 0 and norms[i - 1] in DETERMINERS:
            roles[i] = STOP
        else:
            roles[i] = NEUTRAL
            roles[i + 1] = INTENSIFIER
            marks = marks or IdiomMarks()
            marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[(w, "of")], f"{w} of")
    return marks


def _a_great_deal(norms: list[str], roles: list[int], i: int, nxt: str,
                  marks: IdiomMarks | None) -> IdiomMarks | None:
    """"a great deal of" is an amount, not praise."""
    if nxt in ("great", "good") and i + 3 < len(norms) and norms[i + 2] == "deal" and norms[i + 3] == "of":
        roles[i + 1] = NEUTRAL
        roles[i + 2] = NEUTRAL
    return marks


def _as_than(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"as well" ("too"); the expectation of "better than I expected"; the standard of
    "more trifle than triumph"."""
    w = norms[i]
    if w == "as" and nxt == "well":
        roles[i + 1] = STOP  # "as well" is "too", not a manner done well
    elif (k := _expectation_verb(norms, i + 1)) > 0:
        # "not as funny as you'd hoped", "better than I expected": the expectation is the
        # yardstick of the comparison, not an opinion of its own
        roles[k] = STOP
    elif w == "than" and (span := _yardstick(norms, roles, i))[1] > span[0]:
        # the standard of a comparison is no concept of the text's own
        for j in range(*span):
            if roles[j] == CONTENT or roles[j] == AMBIGUOUS:
                roles[j] = NEUTRAL
        marks = marks or IdiomMarks()
        marks.notes.append(f"comparison: '{' '.join(norms[span[0]:span[1]])}' is what it is measured against")
    return marks


def _about_topic(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"a film about *loss and grief*": what a work is about is its topic, not an opinion of it."""
    if i == 0 or norms[i - 1] not in _WORKS:
        return marks
    n = len(norms)
    end = i + 1
    while end < n and end <= i + _TOPIC_REACH and (roles[end] in CONTENT_ROLES or norms[end] in _TOPIC_LINKS):
        end += 1
    while end > i + 1 and norms[end - 1] in _TOPIC_LINKS:
        end -= 1
    if end == i + 1:
        return marks
    for j in range(i + 1, end):
        if roles[j] in CONTENT_ROLES:
            roles[j] = NEUTRAL
    marks = marks or IdiomMarks()
    marks.notes.append(f"topic: '{' '.join(norms[i - 1:end])}' names a subject, not an opinion")
    return marks


def _had_high_hopes(norms: list[str], roles: list[int], i: int, nxt: str,
                    marks: IdiomMarks | None) -> IdiomMarks | None:
    """"I had high hopes (but...)": a past expectation is the yardstick of what follows,
    not an opinion of its own."""
    k = i + 2 if nxt in _HOPE_DEGREES else i + 1
    if k + 1 < len(norms) and norms[k] in _HIGH and norms[k + 1] in _HOPES:
        for j in range(i + 1, k + 2):
            roles[j] = STOP
        if _ends_unanswered(norms, roles, k + 2):
            marks = marks or IdiomMarks()
            marks.concepts.append((i, k + 2, DISAPPOINTMENT_CONCEPT, "idiom", True))
    return marks


#: Words after "had high hopes for" that name what the hopes were for ("this one", "the sequel").
_HOPED_FOR_REACH = 3


def _ends_unanswered(norms: list[str], roles: list[int], j: int) -> bool:
    """Whether the sentence ends at ``j``, or after "for" and a short object ("for this
    one"), with nothing said of how it turned out ("and it delivered", ", but ...")."""
    n = len(norms)
    if j < n and norms[j] == "for":
        end = min(n, j + 1 + _HOPED_FOR_REACH)
        j += 1
        while j < end and roles[j] < PUNCT_END and norms[j] not in _GO_ON:
            j += 1
    return j >= n or roles[j] == PUNCT_END


#: Words that go on to say how a hope turned out.
_GO_ON = frozenset({"and", "but", "yet", "so", "which", "that", "though", "until"})


def _pretty_much(norms: list[str], roles: list[int], i: int, nxt: str,
                 marks: IdiomMarks | None) -> IdiomMarks | None:
    """"pretty much": nothing (not a beauty, not a degree)."""
    if nxt == "much":
        roles[i] = NEUTRAL
        roles[i + 1] = NEUTRAL
    return marks


def _way_too(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"way too": an intensifier."""
    if nxt == "too":
        roles[i] = NEUTRAL
        marks = marks or IdiomMarks()
        marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[("way", "too")], "way too")
    return marks


def _excess(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"too long", "overly sweet": the concept ``excess``; "too X to Y": Y does not come about."""
    w = norms[i]
    if _is_excess(w, nxt, norms, roles, i):
        roles[i] = NEUTRAL
        roles[i + 1] = CONTENT
        marks = marks or IdiomMarks()
        marks.concepts.append((i, i + 2, EXCESS_CONCEPT, "idiom", True))
    if w == "too" and (k := _too_to(norms, roles, i)) > 0:
        # "too long to be enjoyable", "too bored to care"
        marks = deny(marks, roles, k, "too ... to")
    return marks


def _makes_up_for(norms: list[str], roles: list[int], i: int, nxt: str,
                  marks: IdiomMarks | None) -> IdiomMarks | None:
    """"what it lacks in depth it makes up for in heart": what follows outweighs (an adversative)."""
    if nxt == "up" and i + 3 < len(norms) and norms[i + 2] == "for" and norms[i + 3] in _COMPENSATING_WITH:
        roles[i] = ADVERSATIVE
        marks = marks or IdiomMarks()
        marks.neg_label[i] = f"{norms[i]} up for"
    return marks


def _setting_aside(norms: list[str], roles: list[int], i: int, nxt: str,
                   marks: IdiomMarks | None) -> IdiomMarks | None:
    """"Apart from the price, ...", "with the exception of the ending": what the phrase
    names is conceded (see ``lexicon.SETTING_ASIDE``); "..., except that ..." opposes, as
    "but" does."""
    before, after, clause_initial = SETTING_ASIDE[norms[i]]
    start, end = i - len(before), i + 1 + len(after)
    if norms[i] == "except" and nxt == "for":
        end += 1
    if start < 0 or tuple(norms[start:i]) != before or tuple(norms[i + 1:i + 1 + len(after)]) != after:
        return marks
    if start > 0 and (roles[start - 1] < PUNCT_END if clause_initial else norms[start - 1] in APART_VERBS):
        return marks  # "nothing good except the coffee", "it stands apart from the rest"
    if end >= len(norms) or roles[end] >= PUNCT_END:
        return marks  # the phrase ends the clause: nothing is set aside
    marks = marks or IdiomMarks()
    if norms[i] == "except" and nxt == "that":
        # "a fine hotel, except that the room was dirty": what follows outweighs
        roles[i] = ADVERSATIVE
        marks.neg_label[i] = "except that"
        return marks
    roles[start] = CONCESSIVE
    for j in range(start + 1, end):
        roles[j] = NEUTRAL
    marks.neg_label[start] = " ".join(norms[start:end])
    return marks


def _shifter(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"eased my headache", "crime soared": the verb says how much, not how good."""
    target = find_target(norms, roles, i)
    if target is not None:
        roles[i] = STOP
        marks = marks or IdiomMarks()
        marks.shifts.append((i,) + target)
    return marks


def _but_also(norms: list[str], roles: list[int], i: int, nxt: str, marks: IdiomMarks | None) -> IdiomMarks | None:
    """"but also" adds, it does not oppose."""
    if nxt == "also":
        roles[i] = NEUTRAL
    return marks


def read_post_modifier(norms: list[str], roles: list[int], i: int, nxt: str,
                       marks: IdiomMarks | None) -> IdiomMarks | None:
    """Post-modifiers ("love it so much", "happy af") and "a bit"-style downtoners; "So
    much for X" opening a clause denies X."""
    n = len(norms)
    w = norms[i]
    if w == "so" and nxt == "much" and i + 2 < n and norms[i + 2] == "for" and (i == 0 or roles[i - 1] >= PUNCT_END):
        # "So much for a relaxing weekend": what was hoped for did not come about (unlike
        # "thank you so much for ...", where "so much" intensifies what comes before)
        roles[i + 1] = NEUTRAL
        roles[i + 2] = NEUTRAL
        return deny(marks, roles, i, "so much for")
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
        if key == ("at", "all") or (follow_role not in (CONTENT, AMBIGUOUS) and follow_norm != "of"):
            for j in range(i, after):
                roles[j] = NEUTRAL
            marks = marks or IdiomMarks()
            marks.post[after - 1] = (POST_INTENSIFIERS[key], " ".join(key))
            return marks
    if w == "a" and (w, nxt) in MULTIWORD_INTENSIFIERS:
        roles[i] = NEUTRAL
        roles[i + 1] = INTENSIFIER
        marks = marks or IdiomMarks()
        marks.scale[i + 1] = (MULTIWORD_INTENSIFIERS[(w, nxt)], f"{w} {nxt}")
    return marks


# -- what the readers look for ---------------------------------------------------------------
def _too_to(norms: list[str], roles: list[int], i: int) -> int:
    """Position of the "to" in "too <degree> ... to <verb>" from "too" at ``i``, or -1.

    A degree word must follow "too" ("I was there too and got to see it" adds, it does
    not weigh), and what follows "to" must be a verb rather than what an adjective
    governs: "too close to real life to make sense" is read from its second "to".
    """
    n = len(norms)
    if i + 1 >= n or (roles[i + 1] not in CONTENT_ROLES and norms[i + 1] not in EXCESS_SCALARS):
        return -1
    for k in range(i + 2, min(n - 1, i + 2 + _TOO_TO_REACH)):
        if roles[k] >= PUNCT_END:
            return -1
        if norms[k] == "to" and norms[k - 1] not in _TO_GOVERNORS:
            after = norms[k + 1]
            if after in _TO_VERBS or (roles[k + 1] in CONTENT_ROLES and not after[0].isdigit()):
                return k
    return -1


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
        if w in COMPARATIVE_WORDS or is_comparative(w):
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


def _is_excess(w: str, nxt: str, norms: list[str], roles: list[int], i: int) -> bool:
    """Whether the marker ``w`` at ``i`` and the word after it say "too much of something"."""
    if i + 1 >= len(norms):
        return False
    if w != "too":
        return roles[i + 1] in CONTENT_ROLES
    if nxt not in EXCESS_SCALARS:
        return False
    if nxt == "much" or nxt == "many":
        after = i + 2
        return after < len(norms) and (norms[after] == "of" or roles[after] in CONTENT_ROLES)
    return True


#: The reader of each word that starts one of these expressions.
READERS: dict[str, Reader] = reader_table((
    (("wish", "wishes", "wished"), _wish), (("kind", "sort"), _kind_of), (("a",), _a_great_deal),
    (("as", "than"), _as_than), (("about",), _about_topic), (("had",), _had_high_hopes),
    (("pretty",), _pretty_much), (("way",), _way_too),
    (EXCESS_MARKERS, _excess), (_MAKE_FORMS, _makes_up_for), (SHIFTER_FORMS, _shifter), (("but",), _but_also),
    (tuple(SETTING_ASIDE), _setting_aside),
))

__all__ = ["POST_FIRST", "READERS", "read_post_modifier"]

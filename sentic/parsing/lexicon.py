"""Closed word lists the parser needs: function words, sentic-pattern words, irregular forms.

Everything here is immutable (frozensets, tuples, and dicts that are never written to after
import), hand-written for this project, and keyed by the *normalised* form of a token
(lower case, straight apostrophe, elongations squeezed).

Scales for intensifiers are multipliers of a concept's intensity: 1.0 is neutral, above 1
strengthens ("very" 1.3, "extremely" 1.5), below 1 weakens ("slightly" 0.5). The numbers are
a judgement call of this project, spaced so that ordinary adverbs sit near 1.2-1.3, extreme
ones near 1.5 and hedges between 0.5 and 0.85.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping, Sequence

# ---------------------------------------------------------------------------------------------
# Token roles. One small int per normalised word; the hot loops compare ints, not strings.
# ---------------------------------------------------------------------------------------------
CONTENT = 0  #: an ordinary word: may be a concept, counts for negation scope and "uncovered"
STOP = 1  #: a function word: never a concept on its own, may sit inside a multi-word concept
SKIP = 2  #: a function word that ConceptNet drops inside concepts ("price of gold" -> price_gold)
NEGATOR = 3  #: starts a negation scope
INTENSIFIER = 4  #: multiplies the intensity of the next concept (also downtoners)
ADVERSATIVE = 5  #: "but", "however", ...: the clause after it carries the point
CONCESSIVE = 6  #: "although", "though", ...: the clause it introduces is conceded (discounted)
IRREALIS = 7  #: "if", "would", "wish", ...: the clause is hypothetical
NEUTRAL = 8  #: a word that an idiom switched off ("not" in "not only"); like STOP, but no n-grams

#: Roles that may never be part of a concept (the engine handles them as patterns).
PATTERN_ROLES = frozenset({NEGATOR, INTENSIFIER, ADVERSATIVE, CONCESSIVE, IRREALIS, NEUTRAL})

# ---------------------------------------------------------------------------------------------
# Negation
# ---------------------------------------------------------------------------------------------
#: Negators and the strength of the negation they express. 1.0 is a plain "not"; the weak
#: negators ("hardly", "barely", "scarcely") negate too, but the parser also multiplies the
#: negated concept's intensity by their value, so "hardly happy" reads as a mild "not happy".
NEGATORS: Mapping[str, float] = MappingProxyType(
    {
        "not": 1.0,
        "n't": 1.0,
        "no": 1.0,
        "never": 1.0,
        "nothing": 1.0,
        "nobody": 1.0,
        "noone": 1.0,
        "none": 1.0,
        "neither": 1.0,
        "nor": 1.0,
        "nowhere": 1.0,
        "without": 1.0,
        "hardly": 0.6,
        "barely": 0.6,
        "scarcely": 0.6,
    }
)

#: Words that deny what follows them ("lacks *charm*", "a lack of *wit*", "devoid of
#: *humour*"): when a content word follows in their clause, they open a negation scope
#: (the linear one, in both modes) and stay concepts themselves: a lack is a fault,
#: whatever is lacking, so a quirkily rated object ("lacks *punch*") cannot turn the
#: sentence into praise.
PRIVATIVES = frozenset({"lack", "lacks", "lacked", "lacking", "devoid"})

#: Negative contractions written without the apostrophe in informal text ("dont"). The
#: tokenizer splits them like the apostrophe forms ("do" + "nt", normalised "n't"); the
#: value is (stem, the stem's normalised form).
BARE_NEGATIVE_CONTRACTIONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "dont": ("do", "do"),
        "doesnt": ("does", "does"),
        "didnt": ("did", "did"),
        "cant": ("ca", "can"),
        "couldnt": ("could", "could"),
        "wont": ("wo", "will"),
        "wouldnt": ("would", "would"),
        "shouldnt": ("should", "should"),
        "isnt": ("is", "is"),
        "arent": ("are", "are"),
        "wasnt": ("was", "was"),
        "werent": ("were", "were"),
        "havent": ("have", "have"),
        "hasnt": ("has", "has"),
        "hadnt": ("had", "had"),
        "aint": ("ai", "be"),
        "mustnt": ("must", "must"),
        "neednt": ("need", "need"),
    }
)

#: Stems before "n't" whose spelling is not the word itself ("ca|n't" is "can not").
NT_STEMS: Mapping[str, str] = MappingProxyType({"ca": "can", "wo": "will", "ai": "be", "sha": "shall"})

#: Words whose phrase names what a negation leaves out ("nothing good except the *coffee*").
NEGATION_EXCEPTIONS = frozenset({"except", "besides"})

#: Words that open a complement clause a negation does not reach: "can't believe *how
#: good* it is" is not "not good", "don't know *why* I love it" not "don't love".
WH_COMPLEMENTS = frozenset({"how", "why"})

#: Disjunctions: a negation reaches the words they join ("not funny *or clever*" is
#: neither), but not a clause they open ("don't go or *you* will regret it"). ("nor"
#: negates what follows it by itself.)
DISJUNCTIONS = frozenset({"or"})
#: The personal pronouns that can be a clause's subject; the rules that look for a
#: subject of their own kind start from them.
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
#: Words that open a clause after a disjunction in fast mode (no parse to tell).
CLAUSE_SUBJECTS = SUBJECT_PRONOUNS | {"else", "there", "this", "that"}

#: Words that close a fast-mode negation scope: a new predicate usually starts after them
#: ("or" only before a subject, see DISJUNCTIONS).
SCOPE_BREAKERS = frozenset(
    {"and", "or", "because", "cause", "cuz", "which", "who", "whom", "whose", "when", "while",
     "where", "then", "until", "till", "whereas",
     "nor"}  # "neither X nor Y": "nor" negates Y itself, so the first scope ends there
) | NEGATION_EXCEPTIONS | WH_COMPLEMENTS

#: Content tokens a fast-mode negation scope may reach past the negator.
NEGATION_WINDOW = 4

# ---------------------------------------------------------------------------------------------
# Intensifiers and downtoners (scale = multiplier of the modified concept's intensity)
# ---------------------------------------------------------------------------------------------
#: Degree adjectives and their scales: before a noun they say how much of it there is,
#: not what kind ("a *huge* disappointment", "a *total* waste", "*utter* nonsense").
#: SenticNet rates them as words of their own ("huge" +0.23), which turned "a huge
#: disappointment" half positive; elsewhere ("the box is huge") they stay concepts.
DEGREE_ADJECTIVES: Mapping[str, float] = MappingProxyType(
    {"utter": 1.4, "absolute": 1.35, "total": 1.3, "complete": 1.3, "huge": 1.3, "sheer": 1.3,
     "massive": 1.3, "enormous": 1.3, "tremendous": 1.3, "pure": 1.3, "outright": 1.3}
)

INTENSIFIERS: Mapping[str, float] = MappingProxyType(
    {
        # strong
        "extremely": 1.5, "incredibly": 1.5, "unbelievably": 1.45, "insanely": 1.45,
        "ridiculously": 1.4, "utterly": 1.45, "absolutely": 1.4, "exceptionally": 1.4,
        "enormously": 1.4, "immensely": 1.4, "downright": 1.35, "tremendously": 1.4, "hugely": 1.35,
        "amazingly": 1.35, "awfully": 1.3, "terribly": 1.3, "fucking": 1.4, "effing": 1.35,
        "freaking": 1.3, "frickin": 1.3, "friggin": 1.3, "bloody": 1.3, "damn": 1.3,
        "damned": 1.3, "hella": 1.3, "mega": 1.3, "super": 1.3, "uber": 1.3,
        # ordinary
        "very": 1.3, "really": 1.25, "so": 1.25, "too": 1.2, "truly": 1.3, "totally": 1.3,
        "completely": 1.35, "entirely": 1.3, "thoroughly": 1.3, "highly": 1.3, "deeply": 1.3,
        "greatly": 1.3, "seriously": 1.3, "remarkably": 1.3, "especially": 1.2,
        "particularly": 1.2, "most": 1.3, "such": 1.2, "quite": 1.1, "pretty": 1.15,
        "more": 1.15, "much": 1.15, "fully": 1.2, "strongly": 1.3, "real": 1.2,
        "definitely": 1.2, "certainly": 1.15,
        **DEGREE_ADJECTIVES,
        # downtoners
        "slightly": 0.5, "marginally": 0.5, "mildly": 0.6, "somewhat": 0.7, "kinda": 0.7,
        "sorta": 0.7, "partly": 0.7, "partially": 0.7, "moderately": 0.75, "fairly": 0.85,
        "reasonably": 0.85, "rather": 0.9, "almost": 0.8, "nearly": 0.8, "less": 0.7,
        "least": 0.5,
    }
)

#: Intensifiers that are also ordinary content words ("a pretty dress", "that's super",
#: "damn!"): they act as intensifiers only when a concept follows them closely, and are
#: concepts themselves otherwise.
AMBIGUOUS_INTENSIFIERS = frozenset(
    {"pretty", "super", "real", "damn", "damned", "bloody", "awfully", "terribly", "mega",
     "fucking", "freaking", "hella", "most", "more", "less", "least", "quite", "rather",
     "definitely", "certainly", "seriously", "especially"}
) | frozenset(DEGREE_ADJECTIVES)

#: Ambiguous intensifiers that have no adjective sense before a noun: after an article
#: they still intensify ("a *damn* shame", "a *fucking* idiot"), unlike "a *pretty* dress".
EXPLETIVE_INTENSIFIERS = frozenset({"damn", "damned", "bloody", "fucking", "freaking", "hella"})

#: Ambiguous intensifiers that intensify the noun after them even after an article.
NOUN_INTENSIFIERS = EXPLETIVE_INTENSIFIERS | frozenset(DEGREE_ADJECTIVES)

#: Words after which "'s" is "is" or "has", not a possessive: "it's *super* annoying"
#: (an intensifier) against "Bob's *pretty* sister" (an adjective).
CLITIC_IS_SUBJECTS = frozenset(
    {"it", "that", "this", "there", "here", "he", "she", "what", "who", "where", "how", "everything",
     "nothing", "something", "someone", "everyone", "everybody", "somebody", "nobody", "which", "life"}
)


def adjective_before(norms: Sequence[str], roles: Sequence[int], i: int) -> bool:
    """Whether the words before the ambiguous intensifier at ``i`` make it an adjective.

    An article, determiner or possessive ("a pretty dress", "Bob's pretty sister") or an
    intensifier ("so pretty") does; not for an expletive, which has no adjective sense
    ("a damn shame"), nor for a degree adjective, which says how much of the noun there
    is ("a huge disappointment"), nor a "'s" that is a verb ("it's super annoying").
    """
    if i == 0:
        return False
    before = norms[i - 1]
    if before in INTENSIFIERS:
        return True
    if roles[i - 1] != SKIP or norms[i] in NOUN_INTENSIFIERS:
        return False
    return not (before == "'s" and i > 1 and norms[i - 2] in CLITIC_IS_SUBJECTS)


#: Determiners that make a noun phrase definite.
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "my", "your", "his", "her", "our",
                                  "their"})
#: "any of these", "some of the": a part of a definite whole, itself definite.
PARTITIVES = frozenset({"any", "all", "some", "none", "either", "each", "one", "most"})
#: Verbs of attitude. Denying one leaves what its definite object is like standing: "I
#: don't like the *rude* staff" (they are rude), "didn't enjoy the *terrible* acting".
#: Other verbs do not: "cannot sustain the *buoyant* energy" denies the buoyancy.
ATTITUDE_VERBS = frozenset({"like", "liked", "likes", "love", "loved", "loves", "enjoy", "enjoyed", "enjoys",
                            "trust", "trusted", "trusts", "appreciate", "appreciated", "appreciates",
                            "recommend", "recommended", "forget", "forgot", "forgotten"})
#: Subjects that stand for anyone at all ("how could *anyone* enjoy this?").
INDEFINITE_SUBJECTS = frozenset({"anyone", "anybody", "someone", "somebody", "people"})
#: Nouns of attitude whose "of" phrase names its object as the verbs' object does: "not a
#: fan of *the ending*" denies the liking, not the ending.
ATTITUDE_NOUNS = frozenset({"fan", "fans", "lover", "lovers", "admirer", "admirers", "supporter", "supporters",
                            "believer", "believers"})

#: Two-word pre-modifiers: (first, second) -> scale, applied to the next concept.
MULTIWORD_INTENSIFIERS: Mapping[tuple[str, str], float] = MappingProxyType(
    {
        ("a", "bit"): 0.7,
        ("a", "little"): 0.7,
        ("a", "tad"): 0.7,
        ("kind", "of"): 0.7,
        ("sort", "of"): 0.7,
        ("so", "much"): 1.3,
        ("very", "much"): 1.3,
        ("way", "too"): 1.35,
    }
)

#: Words that say a degree goes past what is acceptable: "*too* long", "*overly* familiar".
EXCESS_MARKERS = frozenset({"too", "overly", "excessively"})

#: Degree and dimension words after which "too" means excess, a fault ("too long", "too
#: predictable", "too many characters") rather than an intensifier. Evaluative words that
#: social media uses "too" to praise ("too cute", "too funny", "too good", "too kind") are
#: left out: there "too" only intensifies. "much" and "many" count only before what they
#: quantify ("too much *talk*", "too many *of*"); "I love you too much" praises.
EXCESS_SCALARS = frozenset(
    {"long", "short", "much", "many", "few", "little", "late", "early", "soon", "often",
     "slow", "slowly", "fast", "quick", "quickly", "loud", "quiet", "hard", "easy", "easily",
     "simple", "simplistic", "familiar", "predictable", "obvious", "serious", "seriously",
     "light", "heavy", "dark", "deep", "shallow", "close", "far", "old", "young", "big",
     "small", "large", "high", "low", "busy", "full", "expensive", "pricey", "cheap", "hot",
     "cold", "warm", "strong", "weak", "thin", "thick", "wordy", "talky", "clever", "eager",
     "literal", "neat", "tidy", "safe", "careful", "polished", "slick", "calculated",
     "earnest", "sincere", "sentimental", "tame", "mild", "conventional", "formulaic",
     "derivative", "pat", "glib", "lengthy", "complicated", "complex", "convoluted",
     "self-conscious", "ambitious", "academic", "didactic", "manipulative", "contrived",
     "broad", "silly", "slight", "thinly", "schematic", "mannered", "restrained", "cautious",
     "subtle", "detached", "distant"}
)
#: The vocabulary concept "too X" stands for when X is one of EXCESS_SCALARS.
EXCESS_CONCEPT = "excess"
#: The vocabulary concept "can't wait" / "cannot wait" stands for (SenticNet names it so).
EAGERNESS_CONCEPT = "cant_wait"
#: The concept of hopes let down ("falls flat", "had so much potential", "had high hopes.").
DISAPPOINTMENT_CONCEPT = "disappointing"
#: The concept of what one would undo ("never again", "wish I had read the reviews").
REGRET_CONCEPT = "regret"
#: Stock phrases of complaint and dismay whose words, read one by one, say the opposite or
#: nothing: "save your money" (do not buy it), "don't waste your time" (it is a waste of
#: time), "left a lot to be desired", "I expected more", "two stars at best", "oh no"
#: (not a negation), "uh oh" (two interjections, never a concept). Each names the vocabulary
#: concept it stands for. A pattern is a space-separated list of slots, each slot one
#: or more normalised words joined by "|"; "^" first means the phrase must open a clause
#: (an imperative), "$" last that no content word may follow ("expected more people" is
#: not a complaint). The phrase's words, negators included, are read only as the concept,
#: so "don't waste" is not a negation of "waste"; a negation before the phrase still
#: applies to it ("it didn't leave much to be desired").
STOCK_PHRASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        DISAPPOINTMENT_CONCEPT: (
            "leave|leaves|left|leaving a lot to be desired",
            "leave|leaves|left|leaving much|lots|plenty|something to be desired",
            # "the only good thing was the popcorn": the rest was not
            "only good|redeeming|positive|decent thing|things|part|parts|aspect|feature",
            "only saving grace",
            # evaluative idioms the vocabulary reads backwards or not at all ("fall_flat"
            # is +0.86 in SenticNet, "miss_mark" inferred positive)
            "fall|falls|fell|falling|fallen flat",
            "miss|misses|missed|missing the|its|their mark",
            "run|runs|ran|running out of steam",
            "lose|loses|lost|losing steam",
            # hopes let down: "I really wanted to like this", "it had so much potential"
            "wanted to like|love|enjoy",
            "had potential",
            "had so|such|real|great|huge|enormous potential",
            "had so much potential",
            "had a lot of potential",
        ),
        "disappointed": ("expected|expecting more|better $",),
        "money_back": ("my|our|his|her|their money back $",),
        "waste_money": ("^ save your money|cash", "n't|not waste|wasting your|my|our money"),
        "waste_time": ("n't|not waste|wasting your|my|our time", "^ do n't bother $"),
        # "okay at best"; "just another teen comedy" (one more of a kind, nothing of its own)
        "mediocre": ("at best $", "just another"),
        # understatement: "not half bad" is quite good, not a negated half
        "good": ("n't|not half bad", "n't|not half-bad"),
        REGRET_CONCEPT: ("never again",),
        # contempt: "the service was a joke" (VADER rates "joke" as fun, MiniLM "laughable" as joy)
        "contempt": ("is|was|'s|are|were a|an joke $", "is|was|'s|are|were a|an total|complete|absolute joke $",
                     "^ is|was this|that a|an joke $"),
        "boredom": ("lose|loses|lost|losing interest", "drag|drags|dragged|dragging on",
                    "go|goes|went|going on and on"),
        # replies that turn something down: "I don't think so", "No thanks"
        "disagreement": ("do|does|did n't|not think so $",),
        "refusal": ("^ no thanks|thank $", "^ no thank you $"),
        # amazement, not a gust of wind
        "amazement": ("blown away",),
        # praise past what was hoped: "exceeded my expectations" ("exceed" and
        # "expectation" alone read neutral)
        "impressive": ("exceed|exceeds|exceeded|exceeding|surpass|surpasses|surpassed my|our|all|your|every "
                       "expectation|expectations",
                       "beyond my|our|all expectation|expectations"),
        # a dismissal, not a question about caring ("someone who cares" is not one), nor
        # a negated giving ("gives no fucks", "I don't give a damn")
        "indifference": ("^ who cares", "give|gives|gave|giving no fucks|fuck|shits|shit|damn|damns",
                         "n't|not give|giving a fuck|damn|shit|crap|toss"),
        # intolerance: "can't stand" is not a negated "stand", nor does it negate what follows
        "detest": ("can|ca|could n't|not stand|bear|stomach",),
        # fun, not an explosion: "the kids had a blast", "it was a blast"
        "enjoyment": ("have|has|had|having a blast", "is|was|'s|are|were a blast"),
        # thanks withheld
        "resentment": ("thanks|thank for nothing",),
        # "nothing beats a cold beer", "second to none": the best there is, not a negated
        # beating
        "best": ("second to none", "nothing beats|tops|compares", "no one can|could beat|top|match",
                 "nobody can|could beat|top|match"),
        # exasperation: "sick and tired of your excuses", "I've had enough of this"
        "exasperated": ("sick and tired", "'ve|have|has|had had enough $"),
        # "a must-see", "a must have", "this book is a must"
        "recommendation": ("a|an must-have|must-see|must-read|must-watch|must-buy|must-try|must-visit|must-do",
                           "a|an must have|see|read|watch|buy|try|visit|do", "a|an must $"),
        # nothing to improve, not a negated change
        "perfect": ("would|'d n't|not change a thing", "would|'d n't|not change anything"),
        # "couldn't put it down": gripped, not a negated putting
        "captivating": ("could|can|ca n't|not put it|this|that down",),
        # a promise to return: "we'll definitely be back"
        "loyal": ("'ll|will be back $", "'ll|will definitely|surely|certainly|absolutely be back $",
                  "'ll|will be coming|going back $", "'ll|will definitely|surely|certainly be coming|going back $"),
        # praise of a performance, not violence: "nailed it", "you're killing it", "you
        # rocked it" (SenticNet reads "kill" and "crush" for what they literally say). Past
        # "killed/crushed/smashed it" are left alone: as often literal ("found a spider and
        # killed it").
        "triumph": ("nail|nails|nailed|nailing|killing|crushing|smashing|rock|rocks|rocked|rocking|"
                    "slay|slays|slayed|slaying|ace|aces|aced|acing it $",),
        # a verdict on how often, not a distance: "the laughs are few and far between"
        "scarce": ("few and far between", "in short supply"),
        # interjections of surprise: SenticNet reads "omg" as rage (-0.82) and "whoa" as
        # anger (-0.57); in GoEmotions' training comments 82% of those with "omg" are
        # labelled joy or surprise, 3% neutral
        "surprise": ("omg", "omfg", "oh my god|gosh|goodness|lord", "whoa", "woah"),
        # interjections of dismay ("oh no problem" is not one; SenticNet reads "good_grief" +0.69)
        "dismay": ("oh no $", "good grief"),
        "uh_oh": ("uh oh",),
    }
)

#: What a review rating says, by its share of the scale's maximum (see :mod:`.ratings`):
#: the first verdict whose floor the share reaches. On five stars: 1 terrible, 2 poor,
#: 3 average, 4 good, 5 excellent; on ten points: 0-2 terrible, 3-4 poor, 5-6 average,
#: 7-8 good, 9-10 excellent.
RATING_VERDICTS: tuple[tuple[float, str], ...] = (
    (0.9, "excellent"), (0.7, "good"), (0.5, "average"), (0.3, "poor"), (0.0, "terrible"),
)
#: Below this share a rating is not negated: "I wouldn't even give it one star" is lower
#: still, not praise.
RATING_NEGATABLE = 0.5

#: The concepts fixed expressions stand for. Their readings were checked when the
#: expressions were added, so the engine does not discount them as thinly known
#: (``cant_wait`` has a single edge in the concept graph; see ``Engine(inferred_support)``).
IDIOM_CONCEPTS = frozenset({EXCESS_CONCEPT, EAGERNESS_CONCEPT, *STOCK_PHRASES})

#: Post-modifiers: words after a concept that strengthen it ("love it so much", "happy af").
#: Keyed by a tuple of one or two normalised words.
POST_INTENSIFIERS: Mapping[tuple[str, ...], float] = MappingProxyType(
    {
        ("so", "much"): 1.4,
        ("very", "much"): 1.3,
        ("a", "lot"): 1.3,
        ("at", "all"): 1.3,
        ("as", "hell"): 1.4,
        ("af",): 1.4,
        ("asf",): 1.4,
    }
)

#: Multiplier for ALL-CAPS or elongated words ("GOOD", "goooood").
EMPHASIS_SCALE = 1.2

# ---------------------------------------------------------------------------------------------
# Clause structure: adversatives, concessives, modality
# ---------------------------------------------------------------------------------------------
#: "X but Y": the clause after the marker carries the point; the clause before it is
#: multiplied by ADVERSATIVE_DISCOUNT.
ADVERSATIVES = frozenset({"but", "however", "yet", "nevertheless", "nonetheless", "nevertheles",
                          "still", "anyway", "anyways"})
#: Adversatives that are too ambiguous to cut a clause unless they start one
#: ("still" as in "still good", "yet" as in "not yet").
WEAK_ADVERSATIVES = frozenset({"yet", "still", "anyway", "anyways"})

#: "although X, Y" / "Y although X": the clause the marker introduces is conceded and is
#: multiplied by ADVERSATIVE_DISCOUNT. "though" at the end of a clause ("nice, slow though")
#: is the adverb and behaves like "but" instead.
CONCESSIVES = frozenset({"although", "though", "whereas", "albeit", "despite", "notwithstanding"})

#: Phrases that set something aside ("Apart from the price, ...", "with the exception of
#: the ending", "in spite of its flaws"): what they name is conceded, as after "although".
#: Each is keyed by its telling word: (words before it, words after it, whether it counts
#: only at the start of a clause). Inside a clause, "except" and "other than" restrict
#: rather than concede ("nothing good except the coffee", "nothing other than luck").
SETTING_ASIDE: Mapping[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = MappingProxyType({
    "apart": ((), ("from",), False),
    "aside": ((), ("from",), False),
    "exception": (("with", "the"), ("of",), False),
    "spite": (("in",), ("of",), False),
    "regardless": ((), ("of",), False),
    "except": ((), (), True),
    "other": ((), ("than",), True),
})
#: Words after which a phrase of :data:`SETTING_ASIDE` is literal ("it stands apart from the
#: rest", "worlds apart from"): nothing is conceded.
APART_VERBS = frozenset({"stand", "stands", "stood", "standing", "set", "sets", "setting", "tell", "tells",
                         "told", "keep", "keeps", "kept", "keeping", "live", "lives", "lived", "living",
                         "step", "steps", "stepped", "put", "puts", "move", "moves", "moved", "pull",
                         "pulled", "torn", "grow", "grew", "grown", "drift", "drifted", "far", "worlds"})

#: Weight of the clause an adversative or concessive outweighs (the other one keeps 1.0).
ADVERSATIVE_DISCOUNT = 0.3

#: Irrealis (hypothetical / counterfactual / wished-for) markers. "should" counts only in
#: "should have" (counterfactual), not as advice ("you should try it"). "hope" is not
#: irrealis: hoping is itself an attitude the writer holds.
IRREALIS_MARKERS = frozenset({"if", "unless", "would", "could", "might", "wish", "wished",
                              "wishes", "wishing", "whether"})

# ---------------------------------------------------------------------------------------------
# Feeling statements
# ---------------------------------------------------------------------------------------------
#: Verbs whose complement names what the writer feels ("I feel *betrayed*", "feeling so
#: *tired*", "felt a bit *uneasy*"): the most explicit way to state an emotion.
FEELING_VERBS = frozenset({"feel", "feels", "felt", "feeling", "feelin"})
#: How many pattern words (intensifiers, articles, "like") may stand between the verb and
#: the concept.
FEELING_GAP = 3
#: Words that link a feeling verb to what is felt without naming a feeling themselves
#: ("feel *like* a failure"); ``feel_like`` (SenticNet: to want something) is not felt.
FEELING_LINKS = frozenset({"like"})

# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------
WH_WORDS = frozenset({"what", "why", "how", "who", "whom", "whose", "where", "when", "which"})
#: Auxiliaries that open a yes/no question ("Is it good", "Did you like it").
QUESTION_AUXILIARIES = frozenset({"is", "are", "was", "were", "am", "do", "does", "did", "can",
                                  "could", "will", "would", "should", "shall", "have", "has",
                                  "had", "may", "might", "must", "ca", "wo", "is"})
#: Words after "what"/"how" that make an exclamative, not a question ("What a day", "How nice").
EXCLAMATIVE_FOLLOWERS = frozenset({"a", "an", "such"})

#: Cap of the exclamation count.
MAX_EXCLAMATIONS = 4

# ---------------------------------------------------------------------------------------------
# Function words
# ---------------------------------------------------------------------------------------------
#: Words ConceptNet drops inside multi-word concepts: articles, determiners, possessives and
#: the commonest prepositions. An n-gram may skip them ("buy a christmas present").
SKIPPABLE = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "my", "your", "his", "her", "its",
     "our", "their", "some", "any", "'s", "of", "to", "in", "on", "at", "for", "with", "from",
     "by", "about", "into", "onto", "up", "out"}
)

#: Words that place something in time: a time of day, a day of the week, a season, a
#: unit of time. What happens then carries the opinion; SenticNet's readings of the words
#: themselves are noise ("night" -0.97, filed next to "racism"; "summer" -0.92, "days"
#: -0.84, "tonight" +1.0). They still take part in multi-word concepts ("good_night",
#: "movie_night").
TIME_WORDS = frozenset({
    "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "night", "nights", "tonight",
    "today", "tomorrow", "yesterday", "weekday", "weekdays",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
    "spring", "summer", "autumn", "winter", "summers", "winters",
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades",
})

#: Verbs that frame what follows (it seems so, I think so, it started) without judging it:
#: "seem" +0.60, "think" -0.47, "believe" +0.70, "start" -0.60 in SenticNet.
FRAMING_VERBS = frozenset({
    "seem", "seems", "seemed", "seeming", "think", "thinks", "thinking", "thought", "believe", "believes",
    "believed", "guess", "guessed", "guesses", "suppose", "appear", "appears", "appeared", "expect",
    "expects", "expected", "start", "starts", "started", "starting", "begin", "begins", "began", "begun",
    "beginning",
})

#: Function words: never concepts by themselves, never "uncovered" content.
STOP_WORDS = frozenset(
    SKIPPABLE
    | {
        # pronouns
        "i", "me", "myself", "mine", "you", "yourself", "yours", "yourselves", "he", "him",
        "himself", "she", "herself", "hers", "it", "itself", "we", "us", "ourselves", "ours",
        "they", "them", "themselves", "theirs", "one", "someone", "somebody", "something",
        "anyone", "anybody", "anything", "everyone", "everybody", "everything", "thing",
        "u", "ur", "ya", "y'all", "yall", "im", "ive", "id", "ill", "youre", "hes", "shes",
        "thats", "theyre", "weve", "whats", "lets", "let's",
        # determiners and quantifiers
        "each", "every", "either", "all", "both", "few", "many", "several", "other", "another",
        "own", "same", "such", "what", "which", "whatever", "whichever", "who", "whom", "whose",
        "whoever",
        # auxiliaries and copulas
        "be", "am", "is", "are", "was", "were", "been", "being", "'m", "'re", "'ve", "'ll",
        "'d", "have", "has", "had", "having", "do", "does", "did", "doing", "done", "will",
        "shall", "can", "may", "must", "should", "ought", "ca", "wo", "ai", "sha", "gonna",
        "wanna", "gotta",
        # prepositions and particles
        "above", "across", "after", "against", "along", "among", "around", "as", "before",
        "behind", "below", "beneath", "beside", "besides", "between", "beyond", "down",
        "during", "except", "inside", "near", "off", "onto", "outside", "over", "past",
        "per", "since", "through", "throughout", "toward", "towards", "under", "underneath",
        "until", "till", "upon", "via", "within", "than",
        # conjunctions and subordinators
        "and", "or", "nor", "so", "because", "cause", "cuz", "coz", "while", "whereas", "when",
        "whenever", "where", "wherever", "why", "how", "whether", "once", "unless", "that",
        "then", "also", "too", "either", "else", "even", "just", "only", "ever", "here",
        "there", "now", "again", "very", "really", "quite", "already", "soon", "maybe",
        "perhaps", "probably", "actually", "basically", "literally", "though", "although",
        "yet", "still", "anyway", "anyways", "however", "instead", "rather",
        "thus", "hence", "therefore", "meanwhile", "etc",
        # sentence adverbs that frame a statement without judging it ("more importantly,
        # it's not scary"; SenticNet rates "furthermore" -0.38 and "importantly" +0.46)
        "importantly", "obviously", "clearly", "evidently", "apparently", "presumably",
        "supposedly", "admittedly", "arguably", "frankly", "honestly", "personally",
        "essentially", "generally", "technically", "ultimately", "indeed", "moreover",
        "furthermore", "additionally",
        # misc fillers
        "oh", "ok", "okay", "um", "uh", "hmm", "eh", "yeah", "yes", "yep", "nope", "hey",
        "hi", "hello", "please", "rt", "via", "amp", "&", "n't", "not", "no", "let", "get",
        "got", "gets", "getting", "go", "going", "goes", "went", "gone", "make", "made",
        "much", "more", "most", "less", "least", "lot", "lots", "well", "back", "way",
        "time",
        "s", "t", "d", "m", "re", "ve", "ll", "x",
    }
) - {"time", "make", "made", "go", "going", "goes", "went", "gone", "get", "got",
     "gets", "getting", "well", "back", "way", "lot", "lots",
     "please", "yes", "hey", "hi", "hello", "yeah", "okay", "ok"} | TIME_WORDS | FRAMING_VERBS
# The subtraction above keeps the second block readable while leaving words that carry
# commonsense (going somewhere, "please") as ordinary content words. The time words and
# the framing verbs are function words: what they carry ("a good day", "movie night")
# lives in the multi-word concepts they still take part in.

#: Hashtag words that are tags, not language (kept out of "uncovered").
TAG_NOISE = frozenset({"ff", "followfriday", "tbt", "rt", "fb", "ootd", "nsfw"})

# ---------------------------------------------------------------------------------------------
# Morphology: irregular forms -> lemma (verbs, nouns, comparatives). Regular inflections are
# handled by suffix rules checked against the vocabulary (see morphology.py).
# ---------------------------------------------------------------------------------------------
_IRREGULAR_VERBS = {
    "be": "am is are was were been being 's 'm 're",
    "have": "has had having 've",
    "do": "does did done doing",
    "go": "went gone goes going",
    "buy": "bought",
    "eat": "ate eaten",
    "get": "got gotten",
    "make": "made",
    "take": "took taken",
    "give": "gave given",
    "see": "saw seen",
    "come": "came",
    "know": "knew known",
    "think": "thought",
    "feel": "felt",
    "find": "found",
    "tell": "told",
    "say": "said",
    "bring": "brought",
    "begin": "began begun",
    "break": "broke broken",
    "choose": "chose chosen",
    "drink": "drank drunk",
    "drive": "drove driven",
    "fall": "fell fallen",
    "fly": "flew flown flies",
    "forget": "forgot forgotten",
    "forgive": "forgave forgiven",
    "grow": "grew grown",
    "hide": "hid hidden",
    "hold": "held",
    "keep": "kept",
    "lose": "lost",
    "meet": "met",
    "pay": "paid",
    "ride": "rode ridden",
    "run": "ran",
    "sell": "sold",
    "send": "sent",
    "shake": "shook shaken",
    "sing": "sang sung",
    "sit": "sat",
    "sleep": "slept",
    "speak": "spoke spoken",
    "spend": "spent",
    "stand": "stood",
    "steal": "stole stolen",
    "swim": "swam swum",
    "teach": "taught",
    "tear": "tore torn",
    "throw": "threw thrown",
    "understand": "understood",
    "wake": "woke woken",
    "wear": "wore worn",
    "win": "won",
    "write": "wrote written",
    "fight": "fought",
    "catch": "caught",
    "seek": "sought",
    "build": "built",
    "lend": "lent",
    "bend": "bent",
    "blow": "blew blown",
    "dig": "dug",
    "feed": "fed",
    "hang": "hung",
    "hear": "heard",
    "lead": "led",
    "mean": "meant",
    "shoot": "shot",
    "shine": "shone",
    "sink": "sank sunk",
    "stick": "stuck",
    "sting": "stung",
    "strike": "struck",
    "swear": "swore sworn",
    "sweep": "swept",
    "swing": "swung",
    "weep": "wept",
    "freeze": "froze frozen",
    "become": "became",
    "bleed": "bled",
    "breed": "bred",
    "creep": "crept",
    "deal": "dealt",
    "flee": "fled",
    "forbid": "forbade forbidden",
    "kneel": "knelt",
    "mistake": "mistook mistaken",
    "overcome": "overcame",
    "shrink": "shrank shrunk",
    "spit": "spat",
    "stink": "stank stunk",
    "withdraw": "withdrew withdrawn",
    "dream": "dreamt",
    "learn": "learnt",
    "burn": "burnt",
    "smell": "smelt",
    "spell": "spelt",
    "die": "dying",
    "lie": "lying",
    "tie": "tying",
    "can": "ca",
    "will": "wo",
}
_IRREGULAR_NOUNS = {
    "man": "men",
    "woman": "women",
    "child": "children",
    "person": "people",
    "foot": "feet",
    "tooth": "teeth",
    "mouse": "mice",
    "goose": "geese",
    "life": "lives",
    "wife": "wives",
    "knife": "knives",
    "wolf": "wolves",
    "half": "halves",
    "self": "selves",
    "shelf": "shelves",
    "thief": "thieves",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "hero": "heroes",
    "kid": "kiddos",
}
_IRREGULAR_ADJECTIVES = {
    "good": "better best",
    "bad": "worse worst",
}


def _invert(table: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lemma, forms in table.items():
        for form in forms.split():
            out[form] = lemma
    return out


#: Irregular inflected form -> lemma.
IRREGULAR_LEMMAS: Mapping[str, str] = MappingProxyType(
    {**_invert(_IRREGULAR_ADJECTIVES), **_invert(_IRREGULAR_NOUNS), **_invert(_IRREGULAR_VERBS)}
)

#: Irregular verb forms (past tenses and participles among them: "made", "written", "done").
IRREGULAR_VERB_FORMS = frozenset(_invert(_IRREGULAR_VERBS))

#: Evaluative adverbs of manner that make a compound adjective with a participle:
#: "well-made", "ill-conceived", "beautifully-shot", "poorly-written". The participle
#: says what was done and the adverb how well, so a compound the vocabulary does not
#: list reads as its adverb (SenticNet rates neither "well_made" nor "ill_conceived";
#: 70 of SST's 6,920 binary training sentences hold such a compound, "well-made",
#: "well-crafted", "well-acted" and "ill-conceived" the most frequent).
MANNER_COMPOUND_ADVERBS = frozenset(
    {"well", "ill", "poorly", "badly", "beautifully", "brilliantly", "superbly", "expertly", "skillfully",
     "skilfully", "masterfully", "lovingly", "finely", "nicely", "perfectly", "wonderfully", "cleverly",
     "exquisitely", "elegantly", "impeccably", "flawlessly", "thoughtfully", "intelligently", "horribly",
     "terribly", "awfully", "sloppily", "clumsily", "shoddily", "cheaply", "ineptly", "lazily", "hastily",
     "crudely", "woefully", "laughably"}
)


def manner_compound_adverb(word: str) -> str | None:
    """The adverb of an adverb-participle compound ("well-made" -> "well"), else None.

    A participle here is a word in -ed, -en or -ing, or an irregular verb form
    ("well-made", "ill-fitting", "well-done"). The vocabulary's own entries are looked
    up first ("well_known", "ill_fated"); "well-being", which it lacks, reads as "well",
    which is its sense too.
    """
    adverb, dash, rest = word.partition("-")
    if not dash or adverb not in MANNER_COMPOUND_ADVERBS or len(rest) < 3 or not rest.isalpha():
        return None
    if rest.endswith(("ed", "en", "ing")) or rest in IRREGULAR_VERB_FORMS:
        return adverb
    return None


#: Words ending in "s" that are no plural or third person: the suffix rules would make
#: "news" a form of "new" (and "the news made me uneasy" a case of ``new_make``),
#: "politics" of "politic", "clothes" of "cloth".
UNINFLECTED_S_WORDS = frozenset(
    {"news", "series", "species", "physics", "politics", "economics", "mathematics", "athletics",
     "ethics", "gymnastics", "linguistics", "chaos", "clothes", "odds", "measles", "diabetes",
     "headquarters", "whereabouts", "sometimes", "always", "perhaps", "lens", "bus", "gas", "yes",
     "kudos", "congrats", "texas", "christmas"}
)


def role_table() -> dict[str, int]:
    """Normalised word -> role, for every word the lists above mention.

    Built once per parser (not at import) so that nobody can mutate a shared copy.
    Precedence: pattern roles beat STOP/SKIP, so "not" is a NEGATOR even though it is also
    a stop word.
    """
    roles: dict[str, int] = {}
    for word in STOP_WORDS:
        roles[word] = STOP
    for word in SKIPPABLE:
        roles[word] = SKIP
    for word in IRREALIS_MARKERS:
        roles[word] = IRREALIS
    for word in CONCESSIVES:
        roles[word] = CONCESSIVE
    for word in ADVERSATIVES:
        roles[word] = ADVERSATIVE
    for word in INTENSIFIERS:
        if " " not in word:
            roles[word] = INTENSIFIER
    for word in NEGATORS:
        roles[word] = NEGATOR
    return roles

"""Regex tokenizer for raw and social-media text.

One precompiled pattern splits a line into URLs, @mentions, #hashtags, HTML entities,
emoticons, emoji sequences, numbers, words and punctuation. Every token is
an exact substring of the input and the only characters no token starts at are white space
and invisible format/control characters, so character offsets can be recovered later by a
left-to-right search (see :func:`token_offsets`) instead of being carried through the hot
loop.

Words keep inner apostrophes and hyphens; negative and pronoun clitics are split off the
way spaCy does it ("didn't" -> "did" + "n't", "I'm" -> "I" + "'m", "cannot" -> "can" +
"not"), also in the informal spelling without apostrophe ("dont" -> "do" + "nt").
A word in accented Latin letters that the vocabulary does not know is normalised without
its accents ("cliché" -> "cliche").
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import repeat
from typing import Callable, Mapping, Sequence

from .lexicon import BARE_NEGATIVE_CONTRACTIONS, NT_STEMS
from .morphology import ELONGATION, fold_accents
from .morphology import squeeze as _squeeze

# --- pieces of the master pattern -------------------------------------------------------------
# Every alternative starts with a character test (no leading look-behind), and the whole
# pattern starts with (?=\S), so positions with white space fail at the first step.
_EASTERN_LETTER = r"[Tt]_[Tt]|[oO0]_[oO0]"
_KEYCAP = "[#*0-9]\ufe0f?\u20e3"
_URL = r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’]"
# A JSON-escaped right quote ("don\u2019t", as scraped tweets carry it) joins a word too.
_WORD = r"[^\W\d_][^\W_]*(?:(?:['’\-]|\\u2019)[^\W_]+)*"
# Ordinals, decades and clock times stay one token: "18th", "1990s", "10pm".
_NUMBER = r"\d+(?:[.,:/]\d+)*(?:%|(?i:st|nd|rd|th|s|am|pm)(?![^\W_]))?"
# Text that went through JSON encoding twice keeps literal escapes: "\u002c", "\ud83d\ude02".
_ESCAPE = r"\\u[0-9a-fA-F]{4}(?:\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
_AT = r"@\w+"
_HASH = r"#\w+"
# hearts and broken hearts, also HTML-escaped as tweets often carry them
_HEART = r"[<&](?<![\w<].)(?:lt;)?/?3+(?!\d)"
_ENTITY = r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,7});"
# Western emoticons. Bracket mouths may follow a word ("great:)"), letter mouths may not
# ("note:D" is left alone), and neither may follow a digit ("10:30").
_NOSE = r"[-'^o]?"
_EMO_ANGRY = r">(?<![\w:;=<>].)[:;=]-?[)(\]\[]+"
_EMO_BRACKET = rf"[:;=](?<![\d:;=].){_NOSE}(?:[)(\]\[/\\|*}}{{@$]+|<+|>+)(?![\w)(\]\[])"
_EMO_LETTER = (
    rf"(?:[<>][:;=](?<![\w:;=]..)|[:;=](?<![\w:;=].)){_NOSE}"
    r"(?:D+|[Pp]+|[Oo]+|3+|[xX]+|[SsCc])(?!\w)"
)
# reversed emoticons "(:", "(-:" only between white space, where they cannot be prose
_EMO_REVERSED = r"[)(\]\[](?<!\S.)[)(\]\[]*[-'^o]?[:;=](?!\S)"
_EMO_EASTERN = r"\^[_\-.o]?\^|>_<|-_-|;_;|=_=|\\o/|¬_¬|ಠ_ಠ"
_EMOJI_CHAR = (
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff]"
)
_EMOJI_MOD = "(?:\ufe0f|\u20e3|[\U0001f3fb-\U0001f3ff]|[\U000e0020-\U000e007f])*"
_EMOJI = (
    rf"[\U0001f1e6-\U0001f1ff]{{2}}|[#*0-9]\ufe0f?\u20e3|"
    rf"{_EMOJI_CHAR}{_EMOJI_MOD}(?:\u200d{_EMOJI_CHAR}{_EMOJI_MOD})*"
)
# A clitic written apart from its word, as tokenized text (SST, the Penn Treebank) and
# some writers have it: "it 's", "would 've", "I 'm". Not the quote of "'sup" or "'so what'".
_CLITIC_ALONE = r"['’](?i:s|m|re|ve|ll|d)(?![^\W_])"
# Invisible characters no token may start at: C0/C1 controls, zero-width and bidi marks.
_INVISIBLE = "\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_PUNCT = rf"[!?]+|\.{{2,}}|[^\w\s{_INVISIBLE}]"

#: The master pattern. Order matters: earlier alternatives win at the same position.
TOKEN_PATTERN = re.compile(
    r"(?=\S)(?:"
    + "|".join(
        [_EASTERN_LETTER, _KEYCAP, _URL, _WORD, _NUMBER, _AT, _HASH, _HEART, _ENTITY, _EMO_ANGRY,
         _EMO_BRACKET, _EMO_LETTER, _EMO_REVERSED, _EMO_EASTERN, _EMOJI, _ESCAPE, _CLITIC_ALONE, _PUNCT]
    )
    + ")"
)
_EMOJI_RX = re.compile(rf"(?:{_EMOJI})\Z")

#: Clitics split off a word, as (suffix, normalised suffix).
_CLITICS = ("n't", "'s", "'m", "'re", "'ve", "'ll", "'d")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")
_MODIFIERS = re.compile("[\ufe0f\ufe0e\U0001f3fb-\U0001f3ff]")
_WS = re.compile(r"\s+")
_INVISIBLE_RX = re.compile(f"[{_INVISIBLE}]")


def split_clitic(norm: str) -> tuple[str, str] | None:
    """Split a normalised word into (stem, clitic), or None when it has no clitic.

    >>> split_clitic("didn't")
    ('did', "n't")
    >>> split_clitic("y'all") is None
    True
    """
    if norm == "cannot":
        return ("can", "not")
    for clitic in _CLITICS:
        if norm.endswith(clitic) and len(norm) > len(clitic):
            stem = norm[: -len(clitic)]
            if clitic != "n't" and not stem.isalpha():
                return None
            return (stem, clitic)
    return None


def split_camel(body: str) -> list[str]:
    """Words of a CamelCase hashtag body: "NeverAgain" -> ["Never", "Again"]."""
    return _CAMEL.findall(body)


def emoji_base(token: str) -> str:
    """An emoji without skin-tone modifiers and variation selectors."""
    return _MODIFIERS.sub("", token)


def normalize_text(text: str) -> str:
    """Clean text for display or for a sentence encoder.

    Decodes HTML entities, replaces unpaired surrogates with U+FFFD, drops invisible
    control and format characters (keeping the zero-width joiner of emoji sequences),
    applies Unicode NFC, turns curly apostrophes straight and collapses white space. The
    parser itself does not need this (it keeps offsets into the raw text).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if _has_surrogate(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if "&" in text:
        text = html.unescape(text)
    text = _INVISIBLE_RX.sub(
        lambda m: m.group(0) if m.group(0) == "\u200d" else "", text
    )
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")
    return _WS.sub(" ", text).strip()


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def token_offsets(text: str, pieces: list[str]) -> list[int]:
    """Character offset of each token text, found left to right.

    Correct because no token text begins with a character the tokenizer skips (white
    space, invisible characters, the "#" of a hashtag), so the first occurrence after the
    previous token is the token itself.
    """
    out = []
    find = text.find
    pos = 0
    for piece in pieces:
        at = find(piece, pos)
        if at < 0:  # cannot happen for tokens of `text`; keep the record usable anyway
            at = pos
        out.append(at)
        pos = at + len(piece)
    return out


# --- the scanning loop ---------------------------------------------------------------------------
#: Roles the scanner gives tokens that are not words (see also lexicon roles 0-9).
PUNCT_END = 10  #: . ! ? ; … and runs of them: ends a sentence
PUNCT_BREAK = 11  #: any other punctuation: ends negation scopes and intensifier chains
OTHER = 12  #: emoji, emoticons, URLs, @mentions, numbers
#: Role of lower-case strings that look like words but are emoticons ("xD").
FACE_WORD = 13
#: Role of negative contractions written without apostrophe ("dont"), split by the scanner.
BARE_CONTRACTION = 14

#: Token kinds kept in ``Scan.kinds`` (words, hashtag words and punctuation are implied).
KIND_EMOJI = "emoji"
KIND_EMOTICON = "emoticon"
KIND_URL = "url"
KIND_MENTION = "mention"
KIND_NUMBER = "number"

_FINDALL = TOKEN_PATTERN.findall
_SENTENCE_PUNCT = ".!?;…"
_MAX_HASHTAG_SEGMENT = 24
_CAPS_HINT = re.compile(r"[A-Z]{2}")
#: Cheap whole-text test for elongations (ASCII letters); words are then checked one by one.
_ELONGATION_HINT = re.compile(r"([a-zA-Z])\1\1")


def punctuation_roles() -> dict[str, int]:
    """Role entries for punctuation tokens, merged into the parser's role table."""
    table = {}
    for ch in "!\"$%&'()*+,-/:<=>@[\\]^_`{|}~“”‘’«»–—•·¡¿":
        table[ch] = PUNCT_BREAK
    for ch in ".!?;…":
        table[ch] = PUNCT_END
    for run in ("!!", "!!!", "!!!!", "??", "???", "?!", "!?", "?!?", "!?!", "...", "....",
                "....."):
        table[run] = PUNCT_END
    for face in ("xd", "xdd", "xddd"):
        table[face] = FACE_WORD
    for bare in BARE_NEGATIVE_CONTRACTIONS:
        table[bare] = BARE_CONTRACTION
    table["cannot"] = BARE_CONTRACTION
    return table


class Scan:
    """Parallel per-token lists produced by :func:`scan` (internal to the parser).

    ``texts[i]`` is the surface text, ``norms[i]`` the normalised form and ``roles[i]`` the
    role (lexicon roles 0-9 for words, ``PUNCT_END``/``PUNCT_BREAK``/``OTHER`` otherwise).
    Sparse extras: ``kinds`` (token -> kind, for emoji, emoticons, URLs, @mentions and
    numbers), ``hashtags`` (token -> 1-based hashtag number, for the words of a hashtag),
    ``emphasis`` and ``newlines`` (token index sets), ``faces`` (emoji and emoticon
    tokens), ``idioms`` (tokens that may start an idiom).
    """

    __slots__ = ("texts", "norms", "roles", "kinds", "hashtags", "emphasis", "newlines",
                 "faces", "idioms")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.norms: list[str] = []
        self.roles: list[int] = []
        self.kinds: dict[int, str] = {}
        self.hashtags: dict[int, int] = {}
        self.emphasis: set[int] = set()
        self.newlines: set[int] = set()
        self.faces: list[int] = []
        self.idioms: list[int] = []

    def group(self, i: int) -> int:
        """0 for a plain word, k for a word of the k-th hashtag, -1 for anything else."""
        if self.roles[i] >= PUNCT_END:
            return -1
        return self.hashtags.get(i, 0)

    def kind(self, i: int) -> str:
        """The token kind as :class:`~sentic.parsing.types.Token` reports it."""
        return token_kind(self.kinds, self.roles, self.hashtags, i)


def token_kind(kinds: Mapping[int, str], roles: Sequence[int], hashtags: Mapping[int, int], i: int) -> str:
    """The kind of token ``i`` (see :class:`~sentic.parsing.types.Token`), from a scan's tables."""
    k = kinds.get(i)
    if k is not None:
        return k
    if roles[i] >= PUNCT_END:
        return "punct"
    return "hashtag" if i in hashtags else "word"


def scan(text: str, roles_table: dict, known: Callable[[str], bool],
         idiom_first: frozenset) -> Scan:
    """Tokenize ``text`` and give each token its norm and role.

    The common tokens (plain words and listed punctuation) are handled by C-level ``map``
    calls over the regex matches; Python code runs only for the few tokens that need it
    (contractions, hashtags, emoji, URLs, numbers, ...), so the cost per plain token is
    a few dictionary lookups.

    Args:
        text: Raw input.
        roles_table: Normalised token -> role, for function words, pattern words and
            punctuation; any other alphabetic token is a content word (role 0).
        known: Predicate "is this lower-case string a concept or a listed word?", used to
            squeeze elongations and split hashtags.
        idiom_first: Words whose positions are recorded in ``Scan.idioms`` (numbers are
            recorded too: they may start a rating).
    """
    sc = Scan()
    rget = roles_table.get
    line_starts: list[int] = []
    if "\n" in text:
        pieces: list[str] = []
        for line in text.split("\n"):
            if pieces:
                line_starts.append(len(pieces))
            pieces.extend(_FINDALL(line))
    else:
        pieces = _FINDALL(text)
    norms = list(map(str.lower, pieces))
    roles = list(map(rget, norms, repeat(0, len(norms))))
    # tokens that need Python: not alphabetic and not listed punctuation, or listed as
    # special words (emoticon words like "xD", informal contractions like "dont")
    odd = []
    alpha = list(map(str.isalpha, pieces))
    find = alpha.index
    k = -1
    for _ in range(alpha.count(False)):
        k = find(False, k + 1)
        if roles[k] < PUNCT_END:
            odd.append(k)
    if FACE_WORD in roles or BARE_CONTRACTION in roles:
        odd.extend(k for k, r in enumerate(roles) if r >= FACE_WORD)
        odd.sort()
    if odd or line_starts:
        T = sc.texts
        N = sc.norms
        R = sc.roles
        # a line start past the last piece comes from trailing empty lines: nothing starts there
        marks = {k for k in line_starts if k < len(pieces)}
        prev = 0
        for k in sorted(set(odd) | marks):
            T.extend(pieces[prev:k])
            N.extend(norms[prev:k])
            R.extend(roles[prev:k])
            prev = k + 1
            if k in marks and T:
                sc.newlines.add(len(T))
            r = roles[k]
            if r >= FACE_WORD or (r < PUNCT_END and not alpha[k]):
                _slow_token(sc, pieces[k], norms[k], rget, known)
            else:
                T.append(pieces[k])
                N.append(norms[k])
                R.append(r)
        T.extend(pieces[prev:])
        N.extend(norms[prev:])
        R.extend(roles[prev:])
    else:
        sc.texts = pieces
        sc.norms = N = norms
        sc.roles = R = roles
        T = pieces
    if _CAPS_HINT.search(text) is not None and not text.isupper():
        upper = list(map(str.isupper, T))
        find = upper.index
        k = -1
        for _ in range(upper.count(True)):
            k = find(True, k + 1)
            if len(T[k]) > 1 and R[k] < PUNCT_END:
                sc.emphasis.add(k)
    if _ELONGATION_HINT.search(text) is not None:
        for i, w in enumerate(N):
            if R[i] < PUNCT_END and ELONGATION.search(w) is not None:
                w2 = _squeeze(w, known)
                N[i] = w2
                r2 = rget(w2)
                R[i] = 0 if r2 is None else r2
                sc.emphasis.add(i)
    if not text.isascii():
        # "cliché", "naïve": the vocabulary mostly lists the unaccented form (a word it
        # lists with its accents keeps them; other scripts are left alone)
        for i, w in enumerate(N):
            if R[i] == 0 and not w.isascii() and w.isalpha() and not known(w):
                bare = fold_accents(w)
                if bare.isascii():
                    N[i] = bare
                    r2 = rget(bare)
                    R[i] = 0 if r2 is None else r2
    flags = list(map(idiom_first.__contains__, N))
    if sc.kinds:  # numbers may start a rating ("9/10", "5 stars")
        for k, kind in sc.kinds.items():
            if kind == KIND_NUMBER:
                flags[k] = True
    count = flags.count(True)
    if count:
        find = flags.index
        k = -1
        idioms = sc.idioms
        for _ in range(count):
            k = find(True, k + 1)
            idioms.append(k)
    return sc


def _slow_token(sc: Scan, s: str, w: str, rget, known) -> None:
    """Append a token that is not a plain word or listed punctuation (may split it)."""
    T = sc.texts
    N = sc.norms
    R = sc.roles
    c = s[0]
    idx = len(N)
    if c.isalpha():
        bare = BARE_NEGATIVE_CONTRACTIONS.get(w)
        if bare is not None or w == "cannot":
            stem, stem_norm = bare if bare is not None else ("can", "can")
            cut = len(stem)
            neg = "n't" if bare is not None else "not"
            r = rget(stem_norm)
            T.append(s[:cut])
            N.append(stem_norm)
            R.append(0 if r is None else r)
            T.append(s[cut:])
            N.append(neg)
            R.append(rget(neg))
            return
        if w in ("xd", "xdd", "xddd") or "_" in s:
            sc.faces.append(idx)
            sc.kinds[idx] = KIND_EMOTICON
            T.append(s)
            N.append(w)
            R.append(OTHER)
            return
        if "://" in s or w.startswith("www."):
            sc.kinds[idx] = KIND_URL
            T.append(s)
            N.append(w)
            R.append(OTHER)
            return
        if "’" in w:
            w = w.replace("’", "'")
        if "\\u2019" in w:
            w = w.replace("\\u2019", "'")
        if "'" in w:
            parts = split_clitic(w)
            if parts is not None:
                stem, clitic = parts
                cut = len(stem)
                stem_norm = NT_STEMS.get(stem, stem) if clitic == "n't" else stem
                r = rget(stem_norm)
                T.append(s[:cut])
                N.append(stem_norm)
                R.append(0 if r is None else r)
                r = rget(clitic)
                T.append(s[cut:])
                N.append(clitic)
                R.append(0 if r is None else r)
                return
        r = rget(w)
        T.append(s)
        N.append(w)
        R.append(0 if r is None or r == FACE_WORD else r)
        return
    if c in "'’" and len(s) > 1:  # a clitic written apart ("it 's"): as if attached
        w = "'" + w[1:]
        r = rget(w)
        T.append(s)
        N.append(w)
        R.append(0 if r is None else r)
        return
    if c.isdigit():
        if "_" in s:
            sc.faces.append(idx)
            sc.kinds[idx] = KIND_EMOTICON
        else:
            sc.kinds[idx] = KIND_NUMBER
        T.append(s)
        N.append(s)
        R.append(OTHER)
        return
    if c == "#" and len(s) > 1:
        tag = next(reversed(sc.hashtags.values()), 0) + 1
        for part in _hashtag_words(s[1:], known):
            low = part.lower()
            if not low[0].isalpha():
                sc.kinds[len(N)] = KIND_NUMBER
                T.append(part)
                N.append(low)
                R.append(OTHER)
                continue
            r = rget(low)
            sc.hashtags[len(N)] = tag
            T.append(part)
            N.append(low)
            R.append(0 if r is None or r >= PUNCT_END else r)
        return
    if c == "@" and len(s) > 1:
        sc.kinds[idx] = KIND_MENTION
        T.append(s)
        N.append(w)
        R.append(OTHER)
        return
    if c == "&" and s[-1] == ";" and len(s) > 2:
        T.append(s)
        N.append(html.unescape(s))
        R.append(PUNCT_BREAK)
        return
    if c == "\\" and s[1:2] == "u":  # "\u2019", not the emoticon "\o/"
        _escaped_token(sc, s, rget)
        return
    if ord(c) >= 0x2190 and _EMOJI_RX.match(s) is not None:
        sc.faces.append(idx)
        sc.kinds[idx] = KIND_EMOJI
        T.append(s)
        N.append(s)
        R.append(OTHER)
        return
    if len(s) == 1 or c in "!?.":
        T.append(s)
        N.append(s)
        R.append(PUNCT_END if c in _SENTENCE_PUNCT else PUNCT_BREAK)
        return
    sc.faces.append(idx)
    sc.kinds[idx] = KIND_EMOTICON
    T.append(s)
    N.append(s.replace("&lt;", "<"))
    R.append(OTHER)


def _escaped_token(sc: Scan, s: str, rget) -> None:
    """Append a literal "\\uXXXX" escape as the character it encodes (punctuation or emoji)."""
    ch = s.encode("ascii").decode("unicode_escape")
    if len(ch) == 2:  # an escaped surrogate pair
        ch = ch.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    elif "\ud800" <= ch <= "\udfff":  # half of a pair: not a character
        ch = "\ufffd"
    idx = len(sc.norms)
    if _EMOJI_RX.match(ch) is not None:
        sc.faces.append(idx)
        sc.kinds[idx] = KIND_EMOJI
        role = OTHER
    else:
        role = rget(ch)
        if role is None or role < PUNCT_END:
            role = OTHER if ch.isalnum() else PUNCT_BREAK
    sc.texts.append(s)
    sc.norms.append(ch)
    sc.roles.append(role)


def _hashtag_words(body: str, known) -> list[str]:
    """The words of a hashtag body, as exact substrings of it.

    A body the vocabulary knows stays whole ("#love"). CamelCase splits at capitals
    ("NeverAgain" -> "Never", "Again"). A single-case body of at most 24 letters is split
    into two or three known words when it can be ("neveragain" -> "never", "again").
    """
    low = body.lower()
    if known(low.replace("-", "_")) or len(body) < 4:
        return [body]
    parts = split_camel(body)
    if len(parts) > 1:
        return parts
    if body.isalpha() and len(body) <= _MAX_HASHTAG_SEGMENT:
        cuts = _segment(low, known)
        if cuts:
            out = []
            pos = 0
            for cut in cuts:
                out.append(body[pos:cut])
                pos = cut
            return out
    return [body]


def _segment(word: str, known: Callable[[str], bool]) -> list[int] | None:
    """End offsets of two or three known words that spell ``word``, or None.

    Prefers two words (one pass over the cut points), then three; within a
    size, the longest first word wins. Pieces are at least two letters ("a" and "i"
    excepted).
    """
    n = len(word)

    def ok(piece: str) -> bool:
        return (len(piece) > 1 or piece in ("a", "i")) and known(piece)

    def split(start: int, parts: int) -> list[int] | None:
        rest = word[start:]
        if parts == 1:
            return [n] if ok(rest) else None
        for cut in range(n - 1, start, -1):
            if ok(word[start:cut]):
                tail = split(cut, parts - 1)
                if tail is not None:
                    return [cut, *tail]
        return None

    for parts in (2, 3):
        if parts > n:
            break
        found = split(0, parts)
        if found is not None:
            return found
    return None

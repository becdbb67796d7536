"""Review ratings ("9/10", "3 out of 5", "two stars", "★★★☆☆") read as the verdict they give.

A rating is the plainest verdict a review carries, yet its words say nothing one by one:
numbers have no affect, and "star" is a pleasant concept in SenticNet, so "one star"
read word by word is praise. :func:`find_rating` recognises a rating where it starts and
returns its share of the scale's maximum; :func:`verdict` names the vocabulary concept
that share stands for (``lexicon.RATING_VERDICTS``), and the parser adds it as a mention
with ``source == "rating"``.

What is not a rating: a fraction ("1/5 of my earnings"), a date ("on 3/10"), a
proportion ("9 out of 10 dentists"), the cast of a film ("the two stars of the show"),
a number of stars beyond the usual five ("2388 stars"). Scores over the maximum are the
hyperbole of the ten-point scale ("11/10") and count as the maximum.
"""

from __future__ import annotations

from .concepts import AMBIGUOUS
from .lexicon import CONTENT, RATING_VERDICTS

#: Maxima a written score is given out of.
RATING_SCALES = frozenset({5.0, 10.0, 100.0})
#: The maximum when only stars are given.
STAR_SCALE = 5.0
#: Scale on which scores above the maximum are hyperbole ("12/10"), not a fraction.
_HYPERBOLE_SCALE = 10.0
#: Largest hyperbolic score ("100/10"); beyond it "2019/10" is a year and a month.
_HYPERBOLE_LIMIT = 100.0
NUMBER_WORDS = {"zero": 0.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
                "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0}
_STARS = frozenset({"star", "stars"})
_FILLED, _EMPTY = "★", "☆"
#: Words before a number that make it a date or a count, not a score.
_NOT_BEFORE = frozenset({"on", "since", "until", "till", "by", "from", "the", "these", "those",
                         "both", "its", "their", "his", "her", "our", "'s"})

#: Words a rating can start with (numbers are recognised by their digits).
RATING_FIRST = frozenset(
    {*NUMBER_WORDS, _FILLED, _EMPTY, *(f"{w}-{s}" for w in NUMBER_WORDS for s in _STARS)}
)


def verdict(share: float) -> str:
    """The vocabulary concept for a rating at ``share`` of its scale's maximum."""
    for floor, concept in RATING_VERDICTS:
        if share >= floor:
            return concept
    return RATING_VERDICTS[-1][1]


def find_rating(norms: list[str], roles: list[int], i: int) -> tuple[int, float] | None:
    """``(end, share)`` of the rating starting at token ``i``, or None when none does.

    ``share`` is the score over the scale's maximum, in [0, 1].
    """
    w = norms[i]
    if w[0] == _FILLED or w[0] == _EMPTY:
        return _glyph_rating(norms, i)
    if i > 0 and norms[i - 1] in _NOT_BEFORE:
        return None
    n = len(norms)
    if "/" in w:
        score = _fraction(w)
        if score is None or (i + 1 < n and norms[i + 1] == "of"):
            return None
        return _with_stars(norms, i + 1), score
    if "-" in w:  # "one-star", "five-stars"
        number, _, noun = w.partition("-")
        value = NUMBER_WORDS.get(number)
        if value is None or noun not in _STARS or value > STAR_SCALE:
            return None
        return i + 1, value / STAR_SCALE
    value = _number(w)
    if value is None:
        return None
    nxt = norms[i + 1] if i + 1 < n else ""
    if nxt == "/" and i + 2 < n:  # "9 / 10"
        score = _fraction(f"{w}/{norms[i + 2]}")
        return None if score is None else (_with_stars(norms, i + 3), score)
    stars = i + 2 if nxt == "-" else i + 1  # where "star(s)" would be: "5 stars", "5-star"
    if stars < n and norms[stars] in _STARS:
        end = stars + 1
        scale = _out_of(norms, roles, end)
        if scale is not None:
            end, top = scale
        elif value > STAR_SCALE or (end < n and norms[end] == "of"):  # "the two stars of the film"
            return None
        else:
            top = STAR_SCALE
        return (end, min(value / top, 1.0)) if value <= top else None
    scale = _out_of(norms, roles, i + 1)
    if scale is not None and value <= scale[1]:
        return _with_stars(norms, scale[0]), value / scale[1]
    return None


def _number(word: str) -> float | None:
    value = NUMBER_WORDS.get(word)
    if value is not None:
        return value
    if word[0].isdigit():
        try:
            return float(word)
        except ValueError:  # "10pm", "1990s", "3:30": not a score
            return None
    return None


def _fraction(word: str) -> float | None:
    """The share a written score "N/M" gives, or None when it is not one."""
    top_text = word.rpartition("/")[2]
    number = _number(word.partition("/")[0])
    top = _number(top_text) if top_text else None
    if number is None or top is None or word.count("/") != 1 or top not in RATING_SCALES:
        return None
    if number > top and (top != _HYPERBOLE_SCALE or number > _HYPERBOLE_LIMIT):  # "10/5 years" is a ratio
        return None
    return min(number / top, 1.0)


def _out_of(norms: list[str], roles: list[int], i: int) -> tuple[int, float] | None:
    """``(end, maximum)`` of "out of M" at ``i``, unless a content word follows ("9 out of 10 dentists")."""
    n = len(norms)
    if i + 2 < n and norms[i] == "out" and norms[i + 1] == "of":
        k = i + 2
    elif i + 1 < n and norms[i] == "outta":
        k = i + 1
    else:
        return None
    top = _number(norms[k])
    if top not in RATING_SCALES:
        return None
    end = _with_stars(norms, k + 1)
    if end < n and roles[end] in (CONTENT, AMBIGUOUS):
        return None
    return end, top


def _with_stars(norms: list[str], end: int) -> int:
    """``end``, past a "star(s)" that follows the score ("3/5 stars")."""
    return end + 1 if end < len(norms) and norms[end] in _STARS else end


def _glyph_rating(norms: list[str], i: int) -> tuple[int, float] | None:
    """A run of star glyphs: filled over all when some are empty, else over five."""
    if i > 0 and norms[i - 1] in (_FILLED, _EMPTY):
        return None  # inside a run already read
    end = i
    filled = 0
    while end < len(norms) and norms[end] in (_FILLED, _EMPTY):
        filled += norms[end] == _FILLED
        end += 1
    total = end - i
    if total < filled + 1:  # no empty star: out of five, if it fits
        if total < 2 or total > STAR_SCALE:  # a lone star is decoration
            return None
        return end, filled / STAR_SCALE
    return end, filled / total


__all__ = ["NUMBER_WORDS", "RATING_FIRST", "RATING_SCALES", "STAR_SCALE", "find_rating", "verdict"]

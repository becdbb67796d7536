"""Irony markers: the writer's own statement that a text means the opposite of what it says.

"Great job #sarcasm", "I love Mondays #not", "Can't wait to sit in traffic for two hours
/s": the words are positive, the meaning is not. Sarcasm of this kind is mostly positive
wording about a negative situation (Riloff et al., EMNLP 2013, "Sarcasm as contrast
between a positive sentiment and negative situation"), and tweets that carry
``#sarcasm``, ``#irony`` or ``#not`` were collected as ironic on that ground alone
(SemEval-2015 Task 11; Van Hee et al., SemEval-2018 Task 3). The engine turns the text's
positive readings when one of these markers is present (see
:mod:`sentic.sentic_patterns`); negative readings stay as they are ("I just love being
sick #sarcasm" is still about being sick).

Only explicit markers count: a hashtag from :data:`IRONY_HASHTAGS` that no plain word
follows (a tag in the middle of a sentence is usually a topic: "the #irony of it is..."
is a sentence about irony), Reddit's ``/s`` standing on its own, and "yeah right" set
off by punctuation, the spoken form of ``#yeahright``. An eye-roll emoji
is a reading of its own (negative), not a marker: it also follows sincere complaints.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from .tokenizer import PUNCT_END

#: Hashtags (lower case, without "#", words joined) that mark the text they end as ironic.
IRONY_HASHTAGS = frozenset({
    "sarcasm", "sarcastic", "sarcasmalert", "irony", "ironic", "not", "notreally", "yeahright",
})

#: Words of assent that "right" turns into disbelief when the two stand alone ("Yeah right,
#: like that's gonna work"; "yeah right now" is no such thing).
_YEAH = frozenset({"yeah", "yea", "ya", "yah"})

#: Reddit's sarcasm tag: "/s" after a space or at the start, then the end, a space or punctuation.
_SLASH_S = re.compile(r"(?:^|(?<=\s))/s(?=$|[\s.,;:!?)\]])", re.IGNORECASE)


def irony_marker(text: str, norms: Sequence[str], roles: Sequence[int], hashtags: Mapping[int, int]) -> str | None:
    """The marker that declares ``text`` ironic (``"#sarcasm"``, ``"/s"``), or None.

    ``norms``, ``roles`` and ``hashtags`` are the scan's: token norms, roles, and the
    hashtag number of each token that belongs to a hashtag (a hashtag's words are
    split into tokens: ``#NotReally`` is "not" + "really").
    """
    if hashtags:
        words: dict[int, list[str]] = {}
        last: dict[int, int] = {}
        for i, tag in hashtags.items():
            words.setdefault(tag, []).append(norms[i])
            last[tag] = max(last.get(tag, i), i)
        for tag, parts in words.items():
            joined = "".join(parts)
            if joined in IRONY_HASHTAGS and not _plain_word_after(roles, hashtags, last[tag]):
                return "#" + joined
    if "/" in text and _SLASH_S.search(text) is not None:
        return "/s"
    if "right" in norms:
        n = len(norms)
        for i, w in enumerate(norms):
            if (w == "right" and 0 < i and norms[i - 1] in _YEAH and (i == 1 or roles[i - 2] >= PUNCT_END)
                    and (i + 1 == n or roles[i + 1] >= PUNCT_END)):
                return f"{norms[i - 1]} right"
    return None


def _plain_word_after(roles: Sequence[int], hashtags: Mapping[int, int], i: int) -> bool:
    """True if a word outside any hashtag follows token ``i``."""
    return any(roles[j] < PUNCT_END and j not in hashtags for j in range(i + 1, len(roles)))

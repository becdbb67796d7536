"""Verbs of amount: what they act on, and whether they lower or raise it.

"The medicine eased my *headache*", "unemployment fell", "it reduces *stress*": a verb
that lowers an amount reverses the affect of what it acts on (less pain is good news,
fewer profits bad), as a negation does, but without saying anything negative of its
own. These are the verbal shifters of Choi and Cardie (2008) and Schulder et al.
(2018). A verb that raises an amount ("crime soared", "it boosts *morale*") leaves
the affect of what it acts on as it is. Either way the verb is no opinion of its own:
SenticNet rates "fall" and "eliminate" as bad and "soar" and "ease" as good whatever
falls or soars, and that rating would speak against the sentence.

What the verb acts on is found linearly, in both modes: its object when content words
follow it (after determiners and possessives: "relieved *my back pain*"), else its
subject, the content words right before it (after auxiliaries: "*unemployment* has
fallen"). A verb with neither, or used as a noun ("in the fall", "a drop of water"), or
in a phrasal verb ("fell short", "dropped out") is left to the vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping

from .idiom_reading import CONTENT_ROLES as _CONTENT_ROLES
from .idiom_reading import names_something


def _forms(*groups: str) -> dict[str, str]:
    """``{form: takes}`` from "takes: form form ..." groups."""
    table: dict[str, str] = {}
    for group in groups:
        takes, _, forms = group.partition(":")
        for form in forms.split():
            table[form] = takes
    return table


#: Verbs that lower what they act on, and what they act on: "object" (transitive),
#: "subject" (intransitive) or "either".
LOWERING: Mapping[str, str] = _forms(
    "object: reduce reduces reduced reducing lower lowers lowered lowering cut cuts cutting "
    "relieve relieves relieved relieving alleviate alleviates alleviated alleviating lessen "
    "lessens lessened lessening curb curbs curbed eliminate eliminates eliminated eliminating "
    "prevent prevents prevented preventing cure cures cured heal heals healed soothe soothes "
    "soothed remove removes removed fix fixes fixed solve solves solved resolve "
    "resolves resolved minimize minimizes minimized minimise minimises minimised",
    "subject: fall falls falling fell fallen decline declines declined declining plunge plunges "
    "plunged plummet plummets plummeted tumble tumbles tumbled slump slumps slumped "
    "dip dips dipped subside subsides subsided shrink shrinks shrank diminish diminishes "
    "diminished fade fades faded vanish vanished disappear disappeared drop drops dropped dropping",
    "either: ease eases eased easing decrease decreases decreased decreasing",
)
#: Verbs that raise what they act on (its affect stays as it is).
RAISING: Mapping[str, str] = _forms(
    "object: boost boosts boosted boosting raise raises raised heighten heightens heightened",
    "subject: rise rises rising rose risen soar soars soared soaring surge surges surged surging "
    "skyrocket skyrockets skyrocketed rocket rocketed spike spiked spikes",
    "either: increase increases increased increasing",
)
SHIFTER_FORMS = frozenset(LOWERING) | frozenset(RAISING)

#: Words before a verb form that make it a noun ("in the fall", "a drop of water").
_NOUN_CUES = frozenset({"the", "a", "an", "this", "that", "my", "your", "his", "her", "its", "our",
                        "their", "no", "any", "every", "each", "some", "one"})
#: Particles after which the verb is a phrasal verb of its own ("fell short", "dropped out").
_PARTICLES = frozenset({"short", "flat", "apart", "asleep", "behind", "off", "out", "through",
                        "down", "in", "for", "over", "up", "back", "away", "into", "on", "by", "it",
                        "under"})
#: Words between a verb and its object ("relieved *my* pain", "cut *all the* costs").
_OBJECT_LEAD = frozenset({"the", "a", "an", "my", "your", "his", "her", "its", "our", "their",
                          "this", "that", "these", "those", "all", "some", "much", "most", "any"})
#: Auxiliaries and adverbs between a subject and its verb ("unemployment *has* fallen",
#: "crime *sharply* dropped").
_AUXILIARIES = frozenset({"has", "have", "had", "'s", "'ve", "is", "are", "was", "were", "been",
                          "will", "'ll", "would", "could", "may", "might", "should", "can",
                          "did", "does", "do", "just", "finally", "also", "already", "sharply",
                          "slightly", "quickly", "significantly", "dramatically", "steadily"})
#: Longest run of words read as what the verb acts on ("men's heart attack risk").
MAX_TARGET = 6


def find_target(norms: list[str], roles: list[int], i: int) -> tuple[int, int, bool] | None:
    """``(start, end, lowers)``: the tokens the amount verb at ``i`` acts on, or None."""
    w = norms[i]
    takes = LOWERING.get(w)
    lowers = takes is not None
    if takes is None:
        takes = RAISING.get(w)
        if takes is None:
            return None
    n = len(norms)
    if i > 0 and norms[i - 1] in _NOUN_CUES:
        return None
    if i + 1 < n and norms[i + 1] in _PARTICLES:
        return None
    # an adverb right after the verb ("dropped *sharply* last year") leaves it no object
    if takes != "subject" and not (i + 1 < n and norms[i + 1].endswith("ly")):
        k = i + 1
        while k < n and k < i + 5 and (norms[k] in _OBJECT_LEAD or norms[k][0].isdigit()):
            k += 1
        if k < n and roles[k] in _CONTENT_ROLES:
            return k, _noun_phrase_end(norms, roles, k), lowers
    if takes == "object":
        return None
    if i + 1 < n and names_something(norms, roles, i + 1) and not norms[i + 1].endswith("ly"):
        return None  # "a perfect fall afternoon": a noun that modifies the next one
    k = i - 1
    while k >= 0 and k > i - 4 and norms[k] in _AUXILIARIES:
        k -= 1
    if k < 0 or roles[k] not in _CONTENT_ROLES:
        return None
    start = k
    while start > 0 and start > k - MAX_TARGET + 1 and (roles[start - 1] in _CONTENT_ROLES
                                                         or norms[start - 1] == "'s"):
        start -= 1
    return start, k + 1, lowers


def _noun_phrase_end(norms: list[str], roles: list[int], start: int) -> int:
    """End of the run of content words from ``start`` ("my *back pain*"), through "'s" and
    a coordination ("reduces *stress and anxiety*")."""
    n = len(norms)
    end = start
    while end < n and end < start + MAX_TARGET:
        if roles[end] in _CONTENT_ROLES or norms[end] == "'s":
            end += 1
        elif norms[end] in ("and", "or") and end + 1 < n and roles[end + 1] in _CONTENT_ROLES:
            end += 2
        else:
            break
    return end


__all__ = ["LOWERING", "MAX_TARGET", "RAISING", "SHIFTER_FORMS", "find_target"]

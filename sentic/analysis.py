"""What the engine returns: per-concept readings and the sentence :class:`Analysis`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .affect import EKMAN, AffectReading
from .hourglass import DIMENSIONS


#: Closeness to an emotion below which a concept is not named as evidence for it.
MIN_CLOSENESS = 0.05


def _fmt_hourglass(h: dict[str, float]) -> str:
    return ", ".join(f"{d} {h[d]:+.2f}" for d in DIMENSIONS if abs(h[d]) >= 0.005) or "flat"


@dataclass(slots=True)
class ConceptAnalysis:
    """One concept found in the text, with the reading of each level and the fused one.

    ``levels`` says which levels produced the reading: ``"U"`` (AffectiveSpace: a
    labelled value, or one inferred from neighbours), ``"C"`` (spreading activation
    over the concept graph), ``"E"`` (the sentence-embedding fallback for words the
    knowledge base lacks). ``negated``, ``intensity``, ``felt`` and ``shifted`` are the
    sentic patterns that touched the concept; ``felt`` marks the one a feeling verb names
    ("I feel *betrayed*"), which weighs more in the sentence; ``shifted`` one that a verb
    lowering an amount acts on ("eased my *headache*"), whose affect is reversed.
    ``part_of`` names the multi-word concept a word was read out of, when the knowledge
    base has no rating of its own for the whole ("great program" is read through *great*
    and *program*); such a word shares that concept's span.

    ``levels`` and ``paths`` are tuples: a batch builds thousands of these objects, and
    a tuple of strings, unlike a list, drops out of the garbage collector's sight (the
    collector's passes over the lists took more time than building the objects).
    """

    concept: str
    span: tuple[int, int]  # [start, end) token indices into the parsed text
    polarity: float
    hourglass: dict[str, float]
    confidence: float
    levels: tuple[str, ...]
    u_source: str | None = None
    u_polarity: float | None = None
    c_polarity: float | None = None
    negated: bool = False
    intensity: float = 1.0
    felt: bool = False
    shifted: bool = False
    clause: int = 0
    weight: float = 0.0
    part_of: str | None = None
    paths: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "polarity": round(self.polarity, 4),
            "hourglass": {d: round(v, 4) for d, v in self.hourglass.items()},
            "confidence": round(self.confidence, 4),
            "levels": list(self.levels),
            "u_source": self.u_source,
            "negated": self.negated,
            "intensity": round(self.intensity, 3),
            "felt": self.felt,
            "shifted": self.shifted,
            "clause": self.clause,
            "weight": round(self.weight, 4),
            "part_of": self.part_of,
        }


#: The ``levels`` of a concept by (U level, C level): shared, never built per concept.
_LEVELS: dict[tuple[bool, bool], tuple[str, ...]] = {
    (True, True): ("U", "C"), (True, False): ("U",), (False, True): ("C",), (False, False): (),
}


def _round4(values: np.ndarray) -> list[Any]:
    """``values`` rounded to 4 decimals, as Python floats (rounded in float64: a float32
    would print as 0.1234000027)."""
    return np.round(np.asarray(values, dtype=np.float64), 4).tolist()


class MentionRows:
    """The per-mention rows of one engine call, shared by the analyses it returned.

    ``Analysis.concepts`` is built from them on first access. The columns are turned
    into Python lists once for the whole call, on the first such access: a dozen
    numpy calls per text cost more than the rest of building the list (measured on
    2,000 tweets: the concept lists 30 -> 20 µs per text, all of ``to_dict`` 102 -> 71).
    """

    def __init__(self, kb: Any, table: dict[str, Any], arrays: dict[str, Any]) -> None:
        self.kb = kb
        self.table = table
        self.arrays = arrays
        self._columns: tuple[list[Any], ...] | None = None
        self._rounded: tuple[list[Any], ...] | None = None

    def columns(self) -> tuple[list[Any], ...]:
        """One list per field, over every row of the call (computed once)."""
        columns = self._columns
        if columns is None:  # two threads may both compute it: same value, no harm
            a, table, kb = self.arrays, self.table, self.kb
            cids = a["cids"]
            has_u = table["u_conf"][cids] > 0
            columns = (
                cids.tolist(), a["owner"].tolist(), a["part"].tolist(), a["p"].tolist(),
                list(map(tuple, a["h"].tolist())),  # rows as tuples: out of the collector's sight
                a["w"].tolist(),
                has_u.tolist(), (table["c_conf"][cids] > 0.05).tolist(),
                table["confidence"][cids].tolist(), table["c_polarity"][cids].tolist(),
                kb.flags[cids].tolist(), kb.confidence[cids].tolist(), kb.polarity[cids].tolist(),
            )
            self._columns = columns
        return columns

    def rounded(self) -> tuple[list[Any], ...]:
        """The columns :meth:`ConceptAnalysis.to_dict` rounds, rounded once for the whole call.

        NumPy rounds half-way cases through binary scaling, so a value may differ from
        Python's ``round`` in its last printed digit; the readings are no finer than that.
        """
        rounded = self._rounded
        if rounded is None:  # as in columns(): the same value whoever computes it
            a, table = self.arrays, self.table
            rounded = (
                _round4(a["p"]),
                _round4(a["h"]),
                _round4(table["confidence"][a["cids"]]),
                _round4(a["w"]),
            )
            self._rounded = rounded
        return rounded

    def concept_dicts(self, lo: int, hi: int, parsed: Any) -> list[dict[str, Any]]:
        """What ``[c.to_dict() for c in concepts(lo, hi, ...)]`` gives, each with its text and offsets.

        Built straight from the rows, rounded per call: ``sentic batch`` writes thousands
        of these per second, and building the :class:`ConceptAnalysis` objects and
        rounding each value on its own cost more than the analysis (2,000 tweets:
        ``to_dict`` 99 -> 45 µs per text).
        """
        from .knowledge_base import reading_source

        cids, owner, part, _, _, _, has_u, has_c, _, _, flags, kb_conf, _ = self.columns()
        pol, hourglass, conf, weight = self.rounded()
        names = self.kb.concepts
        mentions = parsed.mention_rows
        char_span = parsed.char_span
        text = parsed.text
        out = []
        for k in range(lo, hi):
            concept, span, clause, negated, intensity, _, felt, shifted = mentions[owner[k]]
            u = has_u[k]
            start, end = char_span(*span)
            out.append({
                "concept": names[cids[k]] if part[k] else concept,
                "polarity": pol[k],
                "hourglass": dict(zip(DIMENSIONS, hourglass[k])),
                "confidence": conf[k],
                "levels": list(_LEVELS[u, has_c[k]]),
                "u_source": reading_source(flags[k], kb_conf[k]) if u else None,
                "negated": bool(negated),
                "intensity": round(float(intensity), 3),
                "felt": bool(felt),
                "shifted": bool(shifted),
                "clause": int(clause),
                "weight": weight[k],
                "part_of": concept if part[k] else None,
                "text": text[start:end],
                "start": start,
                "end": end,
            })
        return out

    def concepts(self, lo: int, hi: int, mentions: "tuple[tuple, ...]") -> list[ConceptAnalysis]:
        """The concepts of rows ``lo:hi`` (one text), for the text's parser mentions.

        ``mentions`` are the parse's :attr:`~sentic.parsing.ParsedText.mention_rows`:
        (concept, span, clause, negated, intensity, source, felt, shifted).
        """
        from .knowledge_base import reading_source

        cids, owner, part, p, h, w, has_u, has_c, conf, c_pol, flags, kb_conf, u_pol = self.columns()
        names = self.kb.concepts
        out = []
        for k in range(lo, hi):
            concept, span, clause, negated, intensity, _, felt, shifted = mentions[owner[k]]
            u, c = has_u[k], has_c[k]
            out.append(ConceptAnalysis(
                concept=names[cids[k]] if part[k] else concept,
                span=tuple(span),
                polarity=p[k],
                hourglass=dict(zip(DIMENSIONS, h[k])),
                confidence=conf[k],
                levels=_LEVELS[u, c],
                u_source=reading_source(flags[k], kb_conf[k]) if u else None,
                u_polarity=u_pol[k] if u else None,
                c_polarity=c_pol[k] if c else None,
                negated=bool(negated),
                intensity=float(intensity),
                felt=bool(felt),
                shifted=bool(shifted),
                clause=int(clause),
                weight=w[k],
                part_of=concept if part[k] else None,
            ))
        return out


@dataclass
class Analysis(AffectReading):
    """The affective reading of one text (see DESIGN §4 for the fields).

    ``polarity`` is in [-1, 1]; ``label`` is positive/negative/neutral; ``hourglass``
    maps the four dimensions to [-1, 1]; ``emotions`` lists the Hourglass labels present,
    strongest first; ``ekman`` scores the six basic emotions and neutral in [0, 1].
    """

    text: str = ""
    patterns: list[str] = field(default_factory=list)
    fallback: str | None = None
    mode: str = ""
    _concepts: list[ConceptAnalysis] | None = field(default=None, repr=False, compare=False)
    _meeting: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    @property
    def concepts(self) -> list[ConceptAnalysis]:
        """The concepts found, each with its fused reading and the levels behind it.

        Built on first access from the arrays the engine computed (a batch of
        thousands of texts need not build thousands of small objects nobody reads).
        """
        if self._concepts is None:
            self._concepts = self._build_concepts()
        return self._concepts

    @property
    def meeting(self) -> list[dict[str, Any]]:
        """Concepts where the activation of several seeds meets (computed on first access)."""
        if self._meeting is None:
            activation, kb = self.details.get("activation"), self.details.get("kb")
            seeds = self.details.get("seeds") or []
            out: list[dict[str, Any]] = []
            if activation is not None and kb is not None and len(set(seeds)) >= 2:
                for node, act, count in activation.meet(seeds).concepts[:5]:
                    out.append({"concept": kb.concepts[node], "activation": round(act, 3), "seeds": count,
                                "polarity": round(float(kb.polarity[node]), 3)})
            self._meeting = out
        return self._meeting

    def _build_concepts(self) -> list[ConceptAnalysis]:
        rows, parsed = self.details.get("rows_of_batch"), self.details.get("parsed")
        if rows is None or parsed is None:
            return []
        lo, hi = self.details["rows"]
        return rows.concepts(lo, hi, parsed.mention_rows)

    def emotion_evidence(self, emotion: str | None = None, top: int = 3) -> list[tuple[str, float]]:
        """The concepts whose closeness to ``emotion`` supports it most: ``(concept, closeness)``.

        ``emotion`` defaults to the top Ekman emotion. Closeness is the concept's
        evidence for the emotion (:mod:`sentic.word_emotions`, or AffectiveSpace for rare
        concepts), in [0, 1]; concepts below :data:`MIN_CLOSENESS` are left out, the
        others ordered by how much they add to the sentence's evidence (closeness x
        weight); negated ones add nothing ("not happy" is not joy). Empty when the
        reading came from the embedding fallback.
        """
        from .ekman import EVIDENCE_EMOTIONS

        emotion = emotion or self.top_ekman
        if emotion not in EVIDENCE_EMOTIONS:
            if emotion in EKMAN:
                return []  # neutral has no evidence of its own: it is what is left
            raise ValueError(f"unknown emotion {emotion!r}; expected one of {list(EKMAN)}")
        arrays, table, kb = self.details.get("arrays"), self.details.get("table"), self.details.get("kb")
        if arrays is None or table is None or kb is None or self.fallback or "ev_w" not in arrays:
            return []
        lo, hi = self.details["rows"]
        cids = arrays["cids"][lo:hi]
        closeness = table["evidence"][cids, EVIDENCE_EMOTIONS.index(emotion)]
        added: dict[str, list[float]] = {}
        for cid, value, weight in zip(cids.tolist(), closeness.tolist(), arrays["ev_w"][lo:hi].tolist()):
            if weight > 0 and value >= MIN_CLOSENESS:
                entry = added.setdefault(kb.concepts[cid], [0.0, value])
                entry[0] += value * weight
        ranked = sorted(added.items(), key=lambda item: -item[1][0])
        return [(name, round(value, 3)) for name, (_, value) in ranked[:top]]

    def surface(self, concept: ConceptAnalysis) -> tuple[str, int, int]:
        """The text a concept was found in, with its character offsets."""
        parsed = self.details.get("parsed")
        if parsed is None:
            return "", -1, -1
        start, end = parsed.char_span(*concept.span)
        return self.text[start:end], start, end

    def _paths(self, concept: ConceptAnalysis) -> list[dict[str, Any]]:
        """The concept's strongest activation paths (computed when an explanation is asked for)."""
        activation = self.details.get("activation")
        kb = self.details.get("kb")
        if activation is None or kb is None or "C" not in concept.levels or concept.concept not in kb.index:
            return []
        relations = kb.relations
        return [
            {"concept": kb.concepts[p.node], "relation": relations[p.relation],
             "activation": p.activation, "polarity": float(kb.polarity[p.node])}
            for p in activation.strongest_paths(kb.index[concept.concept])
        ]

    def _concept_dicts(self) -> list[dict[str, Any]]:
        """The concepts for :meth:`to_dict`: from the engine's rows unless the objects are built already."""
        rows, parsed = self.details.get("rows_of_batch"), self.details.get("parsed")
        if self._concepts is None and rows is not None and parsed is not None:
            return rows.concept_dicts(*self.details["rows"], parsed)
        return [self._concept_dict(c) for c in self.concepts]

    def _concept_dict(self, concept: ConceptAnalysis) -> dict[str, Any]:
        out = concept.to_dict()
        out["text"], out["start"], out["end"] = self.surface(concept)
        return out

    def explain(self) -> str:
        """A readable trace: seeds, levels, activation paths, patterns, and the result."""
        lines = [f"text: {self.text if len(self.text) <= 200 else self.text[:197] + '...'}"]
        if self.concepts:
            lines.append("concepts (seeds of the activation):")
            for c in self.concepts:
                parts = []
                if c.u_polarity is not None:
                    parts.append(f"U {c.u_source} {c.u_polarity:+.2f}")
                if c.c_polarity is not None:
                    parts.append(f"C context {c.c_polarity:+.2f}")
                if "E" in c.levels:
                    parts.append("E embedding")
                flags = []
                if c.negated:
                    flags.append("negated")
                if abs(c.intensity - 1.0) > 1e-6:
                    flags.append(f"x{c.intensity:.2f}")
                if c.felt:
                    flags.append("felt")
                if c.shifted:
                    flags.append("lowered")
                if c.part_of:
                    flags.append(f"word of {c.part_of}")
                flag_text = f" [{', '.join(flags)}]" if flags else ""
                lines.append(
                    f"  {c.concept!s:28s} {'; '.join(parts):34s} -> {c.polarity:+.2f}{flag_text}"
                    f"  weight {c.weight:.2f}"
                )
                for p in c.paths or self._paths(c):
                    lines.append(
                        f"      activates {p['concept']} via {p['relation']} ({p['activation']:.2f}, polarity {p['polarity']:+.2f})"
                    )
        else:
            lines.append("concepts: none found in the knowledge base")
        if self.meeting:
            lines.append("where the activations meet (context):")
            for m in self.meeting:
                lines.append(f"  {m['concept']} reached from {m['seeds']} seeds, polarity {m['polarity']:+.2f}")
        if self.fallback:
            lines.append(f"fallback: {self.fallback}")
        if self.patterns:
            lines.append("sentic patterns:")
            lines.extend(f"  {p}" for p in self.patterns)
        lines.append(
            f"result: polarity {self.polarity:+.3f} ({self.label}); hourglass {_fmt_hourglass(self.hourglass)}; "
            f"emotions {', '.join(self.emotions) or 'none'}; ekman top "
            f"{self.top_ekman}"
        )
        lines.extend(self._explain_emotions())
        return "\n".join(lines)

    def _explain_emotions(self) -> list[str]:
        """Why the leading Ekman emotions: the Hourglass pole and the concepts close to each."""
        from .ekman import NEGATIVE_POLE

        ranked = self._ranked_ekman()
        lines = ["ekman: " + ", ".join(f"{e} {self.ekman[e]:.2f}" for e in ranked[:3] if self.ekman[e] >= 0.005)]
        for emotion in self._leading_emotions(ranked):
            reasons = []
            if emotion in NEGATIVE_POLE:
                dim = DIMENSIONS[NEGATIVE_POLE[emotion]]
                if self.hourglass[dim] < -0.005:
                    reasons.append(f"hourglass {dim} {self.hourglass[dim]:+.2f}")
            elif emotion == "joy":
                positive = [d for d in DIMENSIONS if self.hourglass[d] > 0.005]
                if positive:
                    reasons.append("hourglass " + ", ".join(f"{d} {self.hourglass[d]:+.2f}" for d in positive))
            close = self.emotion_evidence(emotion)
            if close:
                reasons.append("close to " + emotion + ": " + ", ".join(f"{c} {v:.2f}" for c, v in close))
            asks = self.details.get("asks")
            if emotion == "surprise" and asks is not None and not self.fallback and asks[self.details["index"]]:
                reasons.append("a question (curiosity, confusion)")
            if reasons:
                lines.append(f"  {emotion}: " + "; ".join(reasons))
        return lines

    def to_dict(self, explain: bool = False) -> dict[str, Any]:  # type: ignore[override]
        out = {
            "text": self.text,
            "polarity": round(float(self.polarity), 4),
            "label": self.label,
            "hourglass": {d: round(float(self.hourglass[d]), 4) for d in DIMENSIONS},
            "emotions": self.emotions,
            "ekman": {e: round(float(self.ekman[e]), 4) for e in EKMAN},
            "confidence": round(float(self.confidence), 4),
            "concepts": self._concept_dicts(),
            "patterns": list(self.patterns),
            "fallback": self.fallback,
        }
        if explain:
            out["explanation"] = self.explain()
            out["emotion_evidence"] = {
                emotion: [{"concept": c, "closeness": v} for c, v in self.emotion_evidence(emotion)]
                for emotion in self._leading_emotions()
            }
        return out

    def _ranked_ekman(self) -> list[str]:
        return sorted(EKMAN, key=lambda e: -self.ekman[e])

    def _leading_emotions(self, ranked: list[str] | None = None) -> list[str]:
        """The (at most two) strongest Ekman emotions worth explaining, neutral aside."""
        top = (ranked or self._ranked_ekman())[:2]
        return [e for e in top if e != "neutral" and self.ekman[e] >= 0.05]

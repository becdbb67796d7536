"""Text -> concepts parsing with sentic-pattern annotations.

:class:`ConceptParser` turns raw text (tweets included) into the concepts a knowledge base
names, plus the structure the engine needs to combine concept readings into a sentence
reading: clauses and their weights, negation, intensity, irrealis, questions,
exclamations. It computes no affect itself.

>>> parser = ConceptParser({"buy_christmas_present", "happy"})
>>> parsed = parser.parse("I did not buy a Christmas present, but I am very happy!")
>>> [(m.concept, m.negated, m.intensity) for m in parsed.mentions]
[('buy_christmas_present', True, 1.0), ('happy', False, 1.3)]
>>> [c.weight for c in parsed.clauses]
[0.3, 1.0]
"""

from .parser import ConceptParser
from .tokenizer import normalize_text
from .types import Clause, Mention, ParsedText, Token

__all__ = ["ConceptParser", "ParsedText", "Mention", "Clause", "Token", "normalize_text"]

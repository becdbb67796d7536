"""Bounded load test of the HTTP API on loopback.

Starts its own server (``sentic serve``, gunicorn, ``--workers 2`` by default), waits
until it is ready, warms it up, and runs a fixed number of requests at a fixed
concurrency. The load generator of scenario A is ``wrk`` when it is installed (see
``wrk_driver.py``: a Python client costs as much CPU per request as the server, on
the same CPUs), else an asyncio client (aiohttp), which also drives scenario B.
Reports throughput, latency percentiles, errors and the server's memory (RSS summed
over master and workers, and PSS, which counts the shared memory-mapped knowledge
base once).

Scenario A: single-sentence ``POST /v1/analyze``, many concurrent clients
(default 50 clients, 20,000 requests; targets: 0 errors, p99 <= 50 ms).

Scenario B: ``POST /v1/analyze/batch`` with 100 sentences per request, compared in
the same run with the library's own ``Engine.analyze_batch`` on the same batches:
one batch at a time on both sides, so the difference is the cost of HTTP, JSON and
the server (target: under 20%); the server's throughput with one batch in flight
per worker is reported too.

Sentences: the VADER tweets (``id<TAB>mean<TAB>text``) from ``--data DIR``, default
``../shared/datasets/vader`` next to the repository; a small built-in list of
made-up sentences when that file is absent.

    python benchmarks/api_load.py                          # full run (a few minutes)
    python benchmarks/api_load.py --requests 2000 --concurrency 20 --batches 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wrk_driver import run_wrk, wrk_path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "datasets" / "vader"
TWEETS_FILE = "tweets_GroundTruth.txt"
LOOPBACK = ("127.0.0.1", "::1", "localhost")

#: Used when the VADER tweets are not available. Made up for this benchmark.
BUILTIN_SENTENCES: tuple[str, ...] = (
    "I love this wonderful day.",
    "I hate this awful mess.",
    "The food was good but the service was terribly slow.",
    "What a lovely surprise to see you here!",
    "I am not happy with the new update at all.",
    "The concert last night was absolutely amazing.",
    "My flight got cancelled and nobody told me why.",
    "She was thrilled to win the competition.",
    "The movie was boring and far too long.",
    "Thanks for the kind words, they made my week.",
    "I'm worried about the exam tomorrow.",
    "This coffee tastes like burnt rubber.",
    "We had a peaceful walk by the lake.",
    "The customer support was rude and unhelpful.",
    "What a beautiful sunset over the mountains.",
    "I can't believe they lost the final again.",
)


# --------------------------------------------------------------------------- data


def load_sentences(data_dir: Path | None) -> tuple[list[str], str]:
    """Sentences to send, and where they came from."""
    path = (data_dir or DEFAULT_DATA) / TWEETS_FILE
    if path.is_file():
        sentences = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t", 2)
            if len(parts) == 3 and parts[2].strip():
                sentences.append(parts[2].strip())
        if sentences:
            return sentences, str(path)
    return list(BUILTIN_SENTENCES), "built-in sentences"


# --------------------------------------------------------------------------- server


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class Server:
    """A ``sentic serve`` subprocess on loopback."""

    def __init__(self, args: argparse.Namespace, log_path: Path) -> None:
        self.host = args.host
        self.port = args.port or free_port(args.host)
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{host}:{self.port}"
        cmd = [sys.executable, "-m", "sentic.cli", "serve", "--host", self.host, "--port", str(self.port),
               "--workers", str(args.workers), "--worker-class", args.worker_class,
               "--threads", str(args.threads), "--mode", args.mode,
               "--rate-limit", "off", "--compute-threads", str(args.compute_threads)]
        if not args.access_log:
            cmd.append("--no-access-log")
        if args.home:
            cmd += ["--home", args.home]
        env = dict(os.environ, HF_HUB_OFFLINE="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float) -> None:
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; log: {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # not up yet
            time.sleep(0.5)
        raise RuntimeError(f"server not ready after {timeout} s; log: {self.log_path}")

    def memory(self) -> dict[str, float]:
        """RSS and PSS (MiB) of the master and its workers."""
        pids = [self.process.pid, *_children(self.process.pid)]
        rss = sum(_status_kib(pid, "VmRSS") for pid in pids) / 1024
        pss = sum(_pss_kib(pid) for pid in pids) / 1024
        return {"processes": len(pids), "rss_mib": round(rss, 1), "pss_mib": round(pss, 1)}

    def cpu_seconds(self) -> float:
        """User + system CPU seconds used so far by the master and its live workers."""
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *_children(self.process.pid)])

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()
        return self.process.returncode


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue  # the thread ended meanwhile
    return out


def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "; utime, stime are fields 14, 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_kib(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])
    except OSError:
        return 0.0
    return 0.0


def _pss_kib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return float(line.split()[1])
    except OSError:
        return 0.0
    return 0.0


# --------------------------------------------------------------------------- client


@dataclass
class Result:
    """Outcome of one scenario."""

    name: str
    requests: int
    concurrency: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    items_per_request: int = 1

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float | None:
            if not lat:
                return None
            return round(lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))], 2)

        return {
            "scenario": self.name,
            "requests": self.requests,
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 2),
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else None,
            "items_per_s": round(self.requests * self.items_per_request / self.seconds, 1) if self.seconds else None,
            "errors": self.errors,
            "error_samples": self.error_samples[:5],
            "latency_ms": {
                "mean": round(statistics.fmean(lat), 2) if lat else None,
                "p50": pct(50), "p95": pct(95), "p99": pct(99), "max": round(lat[-1], 2) if lat else None,
            },
        }


async def _drive(url: str, bodies: Sequence[bytes], concurrency: int, name: str, items: int,
                 timeout_s: float) -> Result:
    """Send every body once, ``concurrency`` at a time, over keep-alive connections."""
    import aiohttp

    result = Result(name, len(bodies), concurrency, 0.0, items_per_request=items)
    next_index = 0
    headers = {"Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=timeout_s)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async def client() -> None:
            nonlocal next_index
            while next_index < len(bodies):
                body = bodies[next_index]
                next_index += 1
                start = time.perf_counter()
                try:
                    async with session.post(url, data=body, headers=headers) as response:
                        await response.read()
                        ok = response.status == 200
                        detail = f"HTTP {response.status}"
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    ok, detail = False, f"{type(exc).__name__}: {exc}"
                result.latencies_ms.append((time.perf_counter() - start) * 1000.0)
                if not ok:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(detail)

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - start
    return result


def run_load(url: str, bodies: Sequence[bytes], concurrency: int, name: str, items: int = 1,
             timeout_s: float = 120.0) -> Result:
    return asyncio.run(_drive(url, bodies, concurrency, name, items, timeout_s))


# --------------------------------------------------------------------------- scenarios


def single_bodies(sentences: Sequence[str], n: int) -> list[bytes]:
    return [json.dumps({"text": sentences[i % len(sentences)]}).encode() for i in range(n)]


def batch_texts(sentences: Sequence[str], n_batches: int, size: int) -> list[list[str]]:
    return [[sentences[(b * size + j) % len(sentences)] for j in range(size)] for b in range(n_batches)]


class LibraryBaseline:
    """``Engine.analyze_batch`` in this process, for the HTTP-overhead comparison."""

    def __init__(self, mode: str, home: str | None, warm_batch: Sequence[str], compute_threads: int) -> None:
        from sentic import Engine
        from sentic.compute_threads import limit_compute_threads

        limit_compute_threads(compute_threads)  # as in the server's workers
        self.engine = Engine.load(mode=mode, home=home)
        if getattr(self.engine, "use_embeddings", False):
            self.engine.fallback  # noqa: B018 - load the embedding model now, not inside a timed run
            limit_compute_threads(compute_threads)  # torch is loaded now
        self.engine.analyze_batch(list(warm_batch))  # load the parser and tables
        self.reset()

    def reset(self) -> None:
        self.sentences = 0
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.serialize_seconds = 0.0
        self.serialize_cpu_seconds = 0.0

    def run(self, batches: Sequence[Sequence[str]]) -> None:
        """Analyse ``batches`` one at a time, adding to the totals (wall and CPU time).

        The JSON encoding of the results (``to_dict`` + ``json.dumps``, what the server
        must also do) is timed apart, so the comparison can be made with and without it.
        """
        for batch in batches:
            wall, cpu = time.perf_counter(), time.process_time()
            analyses = self.engine.analyze_batch(list(batch))
            wall2, cpu2 = time.perf_counter(), time.process_time()
            json.dumps({"results": [a.to_dict() for a in analyses]})
            self.seconds += wall2 - wall
            self.cpu_seconds += cpu2 - cpu
            self.serialize_seconds += time.perf_counter() - wall2
            self.serialize_cpu_seconds += time.process_time() - cpu2
            self.sentences += len(analyses)

    def single_cpu_ms(self, sentences: Sequence[str]) -> float:
        """CPU milliseconds per sentence of ``Engine.analyze``, one sentence at a time."""
        for text in sentences[:50]:
            self.engine.analyze(text)
        cpu = time.process_time()
        for text in sentences:
            self.engine.analyze(text)
        return (time.process_time() - cpu) * 1000.0 / len(sentences)

    def summary(self) -> dict[str, Any]:
        with_json = self.seconds + self.serialize_seconds
        return {
            "sentences": self.sentences,
            "seconds": round(self.seconds, 2),
            "cpu_seconds": round(self.cpu_seconds, 2),
            "sentences_per_s": round(self.sentences / self.seconds, 1) if self.seconds else None,
            "serialize_seconds": round(self.serialize_seconds, 2),
            "serialize_cpu_seconds": round(self.serialize_cpu_seconds, 2),
            "sentences_per_s_with_json": round(self.sentences / with_json, 1) if with_json else None,
        }


def scenario_b(server_proc: Server, batches: Sequence[Sequence[str]], baseline: LibraryBaseline, rounds: int,
               batch_size: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Server (one batch in flight) and library on the same batches, interleaved in ``rounds``.

    Both sides first see every batch once, untimed: the engine runs markedly slower
    on the first sight of new input (the sentence-embedding fallback in particular),
    and the server may have seen these sentences in scenario A already while the
    library has not. Interleaving then spreads any change in the machine's background
    load over both sides instead of letting it fall on whichever ran second. CPU time
    is compared too (the server's master and workers against this process): it does
    not depend on what else the machine is doing.
    """
    url = server_proc.url + "/v1/analyze/batch"
    bodies = [json.dumps({"texts": list(b)}).encode() for b in batches]
    run_load(url, bodies, 1, "warm-up", items=batch_size)
    baseline.run(batches)
    baseline.reset()
    server_cpu = 0.0
    step = max(1, -(-len(batches) // rounds))
    server = Result("B batch, 1 in flight", 0, 1, 0.0, items_per_request=batch_size)
    ratios: list[float] = []
    ratios_json: list[float] = []
    for start in range(0, len(batches), step):
        cpu_before = server_proc.cpu_seconds()
        part = run_load(url, bodies[start:start + step], 1, server.name, items=batch_size)
        server_cpu += server_proc.cpu_seconds() - cpu_before
        server.requests += part.requests
        server.seconds += part.seconds
        server.latencies_ms += part.latencies_ms
        server.errors += part.errors
        server.error_samples += part.error_samples
        before = baseline.seconds, baseline.seconds + baseline.serialize_seconds
        baseline.run(batches[start:start + step])
        ratios.append((baseline.seconds - before[0]) / part.seconds)  # server rate / library rate
        ratios_json.append((baseline.seconds + baseline.serialize_seconds - before[1]) / part.seconds)
    library = baseline.summary()
    library["round_ratios_server_over_library"] = [round(r, 3) for r in ratios]
    library["median_ratio"] = round(statistics.median(ratios), 4)
    library["median_ratio_with_json"] = round(statistics.median(ratios_json), 4)
    summary = server.summary()
    summary["server_cpu_seconds"] = round(server_cpu, 2)
    return summary, library


def print_result(summary: dict[str, Any]) -> None:
    lat = summary["latency_ms"]
    print(f"  {summary['scenario']}: {summary['requests']} requests, concurrency {summary['concurrency']}, "
          f"{summary['seconds']} s")
    print(f"    throughput {summary['requests_per_s']} req/s ({summary['items_per_s']} sentences/s), "
          f"errors {summary['errors']}")
    print(f"    latency ms: mean {lat['mean']}  p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}")
    for sample in summary["error_samples"]:
        print(f"    error: {sample}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1", choices=LOOPBACK, help="loopback address (default: %(default)s)")
    p.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    p.add_argument("--workers", type=int, default=2, help="server workers (default: %(default)s)")
    p.add_argument("--worker-class", choices=("gthread", "sync"), default="gthread",
                   help="gunicorn worker type of the server (default: %(default)s)")
    p.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default: %(default)s)")
    p.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                   help="scenario A load generator: wrk (C, light) or the asyncio client; auto takes wrk when "
                   "installed (default: %(default)s)")
    p.add_argument("--mode", choices=("accurate", "fast"), default="accurate", help="engine mode (default: %(default)s)")
    p.add_argument("--home", default=None, help="knowledge-base cache directory (default: $SENTIC_HOME)")
    p.add_argument("--data", type=Path, default=None, help=f"directory with {TWEETS_FILE} (default: {DEFAULT_DATA})")
    p.add_argument("--scenarios", default="A,B", help="which scenarios to run: A, B or A,B (default: %(default)s)")
    p.add_argument("--requests", type=int, default=20_000, help="scenario A requests (default: %(default)s)")
    p.add_argument("--concurrency", type=int, default=50, help="scenario A concurrent clients (default: %(default)s)")
    p.add_argument("--warmup", type=int, default=-1,
                   help="uncounted warm-up requests before scenario A (default: each sentence once, at most 5000)")
    p.add_argument("--batches", type=int, default=100, help="scenario B batches (default: %(default)s)")
    p.add_argument("--batch-size", type=int, default=100, help="sentences per batch (default: %(default)s)")
    p.add_argument("--rounds", type=int, default=10,
                   help="scenario B: alternate server and library this many times (default: %(default)s)")
    p.add_argument("--compute-threads", type=int, default=1,
                   help="BLAS/OpenMP/torch threads per worker, and for the library baseline (default: %(default)s)")
    p.add_argument("--access-log", action="store_true", help="keep the server's per-request JSON access log on")
    p.add_argument("--json-out", type=Path, default=None, help="also write the results as JSON here")
    p.add_argument("--ready-timeout", type=float, default=600, help="seconds to wait for the server (default: %(default)s)")
    args = p.parse_args(argv)
    for name in ("requests", "concurrency", "batches", "batch_size", "workers", "threads", "rounds", "compute_threads"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    args.scenarios = {s.strip().upper() for s in args.scenarios.split(",") if s.strip()}
    if not args.scenarios or not args.scenarios <= {"A", "B"}:
        p.error("--scenarios takes A, B or A,B")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    client = args.client if args.client != "auto" else ("wrk" if wrk_path() else "python")
    if client == "wrk" and not wrk_path():
        print("error: --client wrk, but wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    sentences, source = load_sentences(args.data)
    report: dict[str, Any] = {
        "config": {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads,
                   "client": client, "compute_threads": args.compute_threads,
                   "mode": args.mode, "sentences": source,
                   "access_log": args.access_log, "cpus": os.cpu_count()},
    }
    print(f"sentences: {len(sentences)} from {source}")
    log_dir = Path(tempfile.mkdtemp(prefix="sentic_api_load_"))
    server = Server(args, log_dir / "server.log")
    try:
        started = time.perf_counter()
        server.wait_ready(args.ready_timeout)
        report["startup_s"] = round(time.perf_counter() - started, 2)
        report["memory_idle"] = server.memory()
        print(f"server {server.url} ready in {report['startup_s']} s "
              f"(mode {args.mode}, {args.workers} {args.worker_class} workers"
              f"{f' x {args.threads} threads' if args.worker_class == 'gthread' else ''}); log {server.log_path}")
        print(f"scenario A client: {client}")
        print(f"  memory at start: {report['memory_idle']}")
        warmup = min(len(sentences), 5000) if args.warmup < 0 else args.warmup
        if warmup:
            # Untimed: the engine is markedly slower on the first sight of an input.
            run_load(server.url + "/v1/analyze", single_bodies(sentences, warmup), min(args.concurrency, 8), "warm-up")

        baseline: LibraryBaseline | None = None
        if "A" in args.scenarios:
            print("scenario A: single sentences")
            cpu_before = server.cpu_seconds()
            bodies = single_bodies(sentences, args.requests)
            if client == "wrk":
                a = run_wrk(server.url + "/v1/analyze", bodies, args.requests, args.concurrency)
                a.update(scenario="A single-sentence (wrk)", items_per_s=a["requests_per_s"], error_samples=[])
            else:
                a = run_load(server.url + "/v1/analyze", bodies, args.concurrency, "A single-sentence").summary()
            sent = a.get("requests_with_pilot", a["requests"])
            a["server_cpu_ms_per_request"] = round((server.cpu_seconds() - cpu_before) * 1000.0 / sent, 3)
            a["memory_after"] = server.memory()
            print_result(a)
            print(f"    server memory after: {a['memory_after']}")
            # What the engine alone costs per sentence, to split the server's CPU per request.
            baseline = LibraryBaseline(args.mode, args.home, sentences[:100], args.compute_threads)
            sample = [sentences[i % len(sentences)] for i in range(min(args.requests, 2000))]
            a["library_cpu_ms_per_sentence"] = round(baseline.single_cpu_ms(sample), 3)
            print(f"    server CPU per request {a['server_cpu_ms_per_request']} ms (all workers and threads); "
                  f"Engine.analyze alone {a['library_cpu_ms_per_sentence']} ms per sentence")
            report["A"] = a

        if "B" in args.scenarios:
            print(f"scenario B: batches of {args.batch_size}")
            batches = batch_texts(sentences, args.batches, args.batch_size)
            url = server.url + "/v1/analyze/batch"
            baseline = baseline or LibraryBaseline(args.mode, args.home, batches[0], args.compute_threads)
            sequential, library = scenario_b(server, batches, baseline, args.rounds, args.batch_size)
            bodies = [json.dumps({"texts": b}).encode() for b in batches]
            parallel = run_load(url, bodies, args.workers, f"B batch, {args.workers} in flight",
                                items=args.batch_size).summary()
            report["B_server_sequential"], report["B_server_parallel"] = sequential, parallel
            report["B_library"] = library
            report["memory_after_B"] = server.memory()
            print_result(sequential)
            print(f"  library Engine.analyze_batch, same batches, interleaved: {library['sentences_per_s']} sentences/s; "
                  f"{library['sentences_per_s_with_json']} with to_dict + json.dumps of the results")
            ratios = library["round_ratios_server_over_library"]
            overhead = 1.0 - library["median_ratio"]
            overhead_json = 1.0 - library["median_ratio_with_json"]
            report["B_http_overhead"] = round(overhead, 4)
            report["B_http_overhead_vs_library_with_json"] = round(overhead_json, 4)
            print(f"  HTTP overhead in wall time (server, 1 batch in flight; median over {len(ratios)} interleaved rounds, "
                  f"server/library speed per round {ratios}): {overhead:.1%} vs analyze_batch, "
                  f"{overhead_json:.1%} vs analyze_batch + JSON")
            lib_cpu = library["cpu_seconds"]
            if lib_cpu > 0:  # CPU clocks tick in 10 ms: tiny runs may measure nothing
                cpu_overhead = sequential["server_cpu_seconds"] / lib_cpu - 1.0
                cpu_overhead_json = sequential["server_cpu_seconds"] / (lib_cpu + library["serialize_cpu_seconds"]) - 1.0
                report["B_http_cpu_overhead"] = round(cpu_overhead, 4)
                report["B_http_cpu_overhead_vs_library_with_json"] = round(cpu_overhead_json, 4)
                print(f"  extra CPU time of the server (master + workers {sequential['server_cpu_seconds']} s; library "
                      f"{lib_cpu} s + {library['serialize_cpu_seconds']} s JSON): {cpu_overhead:+.1%} vs "
                      f"analyze_batch, {cpu_overhead_json:+.1%} vs analyze_batch + JSON")
            print_result(parallel)
        code = server.stop()
        report["server_exit_status"] = code
        server_log_errors = [line for line in server.log_path.read_text(errors="replace").splitlines()
                             if '"level": "error"' in line or "Traceback" in line]
        report["server_log_errors"] = len(server_log_errors)

    finally:
        if server.process.poll() is None:
            server.stop()

    print(f"server exit status {report.get('server_exit_status')}, error lines in its log: "
          f"{report.get('server_log_errors')}")
    if args.json_out:
        args.json_out.write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(f"results written to {args.json_out}")
    failed = report.get("A", {}).get("errors", 0) or report.get("B_server_sequential", {}).get("errors", 0)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

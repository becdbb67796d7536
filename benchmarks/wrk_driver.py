"""A fixed number of POST requests at a fixed concurrency, sent by ``wrk``.

Why wrk: on a 2-CPU machine the load generator shares the CPUs with the server, and
a Python client (asyncio + aiohttp) spends about as much CPU per request as the
server does, so it measures the client as much as the server. wrk (Debian package
``wrk``; C, epoll) costs a small fraction of that. wrk runs for a duration, not a
request count (stopping its threads from Lua does not end the run early), so a short
pilot run measures the rate and the timed run lasts as long as the requested count
needs at that rate; the report gives the count actually sent. Latency percentiles
come from wrk's own histogram (exact to the microsecond).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Sequence

#: Loads the request bodies (one per line), sends them in turn, stops the thread after
#: its quota of responses, and prints one JSON line with the totals and percentiles.
LUA_SCRIPT = r"""
local bodies, next_body = {}, 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  next_body = id * 7919  -- each thread starts at a different body
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  next_body = next_body + 1
  return wrk.format(nil, nil, nil, bodies[(next_body % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "mean_us": %.1f, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "p999_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
"""


def wrk_path() -> str | None:
    """The ``wrk`` executable, or None when it is not installed."""
    return shutil.which("wrk")


def _wrk_once(exe: str, script: Path, body_file: Path, url: str, seconds: int, concurrency: int,
              threads: int, timeout_s: int) -> dict[str, Any]:
    cmd = [exe, f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s", f"--timeout={timeout_s}s",
           "-s", str(script), url, "--", str(body_file)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    return json.loads(lines[-1])


def run_wrk(url: str, bodies: Sequence[bytes], requests: int, concurrency: int, threads: int = 2,
            timeout_s: int = 30, pilot_s: int = 3) -> dict[str, Any]:
    """About ``requests`` POSTs of ``bodies`` (in turn) over ``concurrency`` keep-alive connections.

    A ``pilot_s`` run (not reported; it also warms the server up) measures the rate,
    then the timed run lasts ``requests / rate`` seconds. Returns the totals and
    latency percentiles in milliseconds. Raises RuntimeError if wrk is missing or fails.
    """
    exe = wrk_path()
    if exe is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    if any(b"\n" in b for b in bodies):
        raise ValueError("request bodies must be single-line JSON")
    threads = max(1, min(threads, concurrency))
    with tempfile.TemporaryDirectory(prefix="sentic_wrk_") as tmp:
        script = Path(tmp) / "post.lua"
        script.write_text(LUA_SCRIPT, encoding="utf-8")
        body_file = Path(tmp) / "bodies.jsonl"
        body_file.write_bytes(b"\n".join(bodies) + b"\n")
        pilot = _wrk_once(exe, script, body_file, url, pilot_s, concurrency, threads, timeout_s)
        rate = pilot["requests"] / max(pilot["duration_us"] / 1e6, 1e-6)
        seconds = max(1, round(requests / max(rate, 1e-6)))
        raw = _wrk_once(exe, script, body_file, url, seconds, concurrency, threads, timeout_s)
    seconds = raw["duration_us"] / 1e6
    errors = raw["status_errors"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"]
    return {
        "client": "wrk",
        "requests": raw["requests"],
        "requests_with_pilot": raw["requests"] + pilot["requests"],
        "concurrency": concurrency,
        "seconds": round(seconds, 2),
        "requests_per_s": round(raw["requests"] / seconds, 1) if seconds else None,
        "errors": errors,
        "error_detail": {k: raw[k] for k in ("status_errors", "connect_errors", "read_errors", "write_errors",
                                             "timeouts")},
        "latency_ms": {
            "mean": round(raw["mean_us"] / 1000, 2), "p50": round(raw["p50_us"] / 1000, 2),
            "p95": round(raw["p95_us"] / 1000, 2), "p99": round(raw["p99_us"] / 1000, 2),
            "p99.9": round(raw["p999_us"] / 1000, 2), "max": round(raw["max_us"] / 1000, 2),
        },
    }

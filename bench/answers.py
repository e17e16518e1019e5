"""Benchmark: saving answers under load, against a bare Flask + SQLModel insert, in the same run.

Both run under gunicorn with 2 workers on loopback, on SQLite (WAL, synchronous=FULL), and are
driven by the same client: CONCURRENCY threads with keep-alive connections, REQUESTS answers in
all. Each thread is one tablet with its own conversation (its own sign-in and lock), answering
one question after another as a child would. Prints requests per second and p50/p95 latency for
each, and the ratio (target: at least 0.6). Also prints the bytes a tablet downloads for the
first step and for each next step (audio apart).
"""
from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = 1200
CONCURRENCY = 8
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app_spec: str, port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_spec],
                               cwd=ROOT, env={**os.environ, **env})
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


class Browser:
    """A tiny cookie-keeping HTTP client for setting up the measured session."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = {"Accept-Encoding": "gzip, br", **(headers or {})}  # as a tablet's browser sends
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        self.last_wire_bytes = len(raw)
        data = _decoded(raw, response.getheader("Content-Encoding"))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, data

    def form(self, path: str, fields: dict):
        _response, page = self.request("GET", path)
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        body = "&".join(f"{k}={v}" for k, v in {**fields, "csrf_token": token}.items()).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


def load(port: int, targets: list[tuple[str, dict]], make_body) -> dict:
    """Each thread posts to its own (path, headers): one tablet each."""
    timings: list[float] = []
    lock = threading.Lock()
    per_thread = REQUESTS // CONCURRENCY

    failures: list[str] = []

    def worker(path: str, headers: dict):
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        for _ in range(per_thread):
            began = time.perf_counter()
            connection.request("POST", path, body=json.dumps(make_body()), headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status not in (200, 201):
                failures.append(f"HTTP {response.status} {body[:200]!r}")
                break
            mine.append(time.perf_counter() - began)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=worker, args=targets[index % len(targets)]) for index in range(CONCURRENCY)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"{targets[0][0]} failed under load: {failures[:3]}")
    timings.sort()
    return {"rps": len(timings) / elapsed, "p50": timings[len(timings) // 2] * 1000,
            "p95": timings[int(len(timings) * 0.95)] * 1000}


def prepare(folder: Path) -> dict:
    from sqlmodel import Session, select

    from voice_capture import create_app, migrate
    from voice_capture.conversations.builtin import ensure_builtin_scripts
    from voice_capture.db import make_engine
    from voice_capture.demo import seed
    from voice_capture.models import Child, Plan

    url = f"sqlite:///{folder / 'app.sqlite3'}"
    env = {"VOICE_CAPTURE_DATABASE_URL": url, "VOICE_CAPTURE_SECRET_KEY": "bench-" + "k" * 40,
           "BENCH_BARE_DATABASE_URL": f"sqlite:///{folder / 'bare.sqlite3'}"}
    engine = make_engine(url)
    migrate.upgrade(engine)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": env["VOICE_CAPTURE_SECRET_KEY"]})
    with app.app_context(), Session(engine) as session:
        seed(session)
        ensure_builtin_scripts(session)
        session.commit()
        ollie = session.exec(select(Child).where(Child.given_name == "Oliver")).one()
        env["plan_id"] = str(session.exec(select(Plan.id).where(Plan.child_id == ollie.id)).first())
    engine.dispose()
    return env


def start_conversation(port: int, plan_id: str) -> tuple[Browser, str, str]:
    from voice_capture.demo import DEMO_PASSWORD

    browser = Browser(port)
    browser.form("/login", {"email": "priya%40example.org", "password": DEMO_PASSWORD})
    _response, page = browser.request("GET", f"/plans/{plan_id}/talk/new")
    # The same conversation every run: the child's "My plan meeting".
    options = re.findall(rb'name="conversation"[^>]*value="([^"]+)"[^>]*>\s*<label[^>]*>([^<]+)</label>', page)
    option = next(value for value, label in options if label.strip().endswith(b": My plan meeting")).decode()
    response, _ = browser.form(f"/plans/{plan_id}/talk/new", {"conversation": option.replace(":", "%3A")})
    talk_path = response.headers["Location"]
    _response, page = browser.request("GET", talk_path)
    token = re.search(rb'data-csrf="([^"]+)"', page).group(1).decode()
    return browser, talk_path, token


def page_bytes(browser: Browser, talk_path: str) -> tuple[int, int]:
    """Bytes on the wire. First step: the page (which holds every step, for offline use) and every
    asset it shows. Each next step: the pictures it shows that were not loaded before; the figure
    is the largest such step."""
    _response, page = browser.request("GET", talk_path)
    page_wire = browser.last_wire_bytes
    steps = re.findall(rb'<section class="step step--\w+" id="step-\d+".*?</section>', page, re.S)
    loaded = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', page))
    loaded |= set(re.findall(rb'src="(/symbols/[^"]+)"', steps[0]))

    def fetch(paths) -> int:
        total = 0
        for path in paths:
            browser.request("GET", path.decode())
            total += browser.last_wire_bytes
        return total

    first = page_wire + fetch(loaded)
    largest_next = 0
    for step in steps[1:]:
        new = set(re.findall(rb'src="(/symbols/[^"]+)"', step)) - loaded
        largest_next = max(largest_next, fetch(new))
        loaded |= new
    return first, largest_next


def _decoded(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    return body


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-answers-"))
    env = prepare(folder)
    app_port, bare_port = free_port(), free_port()
    servers = [serve("voice_capture:create_app()", app_port, env), serve("bench.bare_app:app", bare_port, env)]
    try:
        tablets = []
        for _ in range(CONCURRENCY):
            browser, talk_path, token = start_conversation(app_port, env["plan_id"])
            cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
            tablets.append((f"{talk_path}/answer",
                            {"Content-Type": "application/json", "X-CSRFToken": token, "Cookie": cookie}))
        first, following = page_bytes(browser, talk_path)
        answer = lambda: {"idempotency_key": uuid.uuid4().hex, "position": 1, "keys": ["happy"], "how": "tapped"}  # noqa: E731
        measured = load(app_port, tablets, answer)
        bare = load(bare_port, [("/answer", {"Content-Type": "application/json"})], answer)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'endpoint':<22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name, figures in (("voice_capture answer", measured), ("bare Flask+SQLModel", bare)):
        print(f"{name:<22}{figures['rps']:>9.0f}{figures['p50']:>9.1f}{figures['p95']:>9.1f}")
    print(f"answer rate / bare rate: {measured['rps'] / bare['rps']:.2f} (target at least 0.60)")
    print(f"bytes for the first step: {first} (target at most 60 KB = {60 * 1024})")
    print(f"bytes for the next step: {following} (target at most 15 KB = {15 * 1024})")


if __name__ == "__main__":
    main()

"""Benchmark: answering real conversations under load, against a bare Flask + SQLModel insert, in rounds.

Both run under gunicorn with 2 workers on loopback, on SQLite (WAL, synchronous=FULL) and on a
throwaway PostgreSQL 15 cluster (as tests/pgcluster.py makes: fsync off, for both alike). Each
tablet signs in once; before each measured run it is given conversations started through the app
(the start page, then the talk page for its lock and CSRF token). In the run it answers each
conversation's steps in order as child mode does (a choice that fits the step, a fresh idempotency
key, the page's CSRF token; a follow-up only when its trigger was chosen) and goes on to its next
conversation when one ends; finishing them comes after the clock stops. The bare endpoint gets the
same bodies. App and bare alternate in ROUNDS rounds at 1, 4, 16 and 32 tablets; the table gives
the median answers per second and the median app/bare ratio with its spread (target: at least 0.8).
Also prints the bytes a tablet downloads for the first step and for each next step (audio apart).
"""
from __future__ import annotations

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANSWERS = int(os.environ.get("BENCH_ANSWERS", "320"))  # per run: 10 for each of 32 tablets
LEVELS = (1, 4, 16, 32)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app_spec: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    """The app's JSON log lines go to a file, as they would to a log collector."""
    process = subprocess.Popen([GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_spec],
                               cwd=ROOT, env={**os.environ, **env}, stderr=log.open("ab"))
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


def prepare(url: str, bare_url: str, plans: int) -> dict:
    """Migrate and seed the app's database; give Oliver `plans` plans like his own, so that every
    conversation started in one run has a plan of its own (one unfinished conversation per plan)."""
    from sqlmodel import Session, select

    from voice_capture import create_app, migrate
    from voice_capture.conversations.builtin import ensure_builtin_scripts
    from voice_capture.db import make_engine
    from voice_capture.demo import seed
    from voice_capture.models import Child, Plan, PlanItem

    env = {"VOICE_CAPTURE_DATABASE_URL": url, "VOICE_CAPTURE_SECRET_KEY": "bench-" + "k" * 40,
           "BENCH_BARE_DATABASE_URL": bare_url,
           # As in production: jobs (the conversations' speech) wait for `flask worker` processes, which
           # would run elsewhere; none runs here, so the app servers only answer.
           "VOICE_CAPTURE_JOBS": "worker"}
    engine = make_engine(url)
    migrate.upgrade(engine)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": env["VOICE_CAPTURE_SECRET_KEY"]})
    with app.app_context(), Session(engine) as session:
        seed(session)
        ensure_builtin_scripts(session)
        session.flush()
        ollie = session.exec(select(Child).where(Child.given_name == "Oliver")).one()
        plan = session.exec(select(Plan).where(Plan.child_id == ollie.id)).first()
        items = session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).all()
        plan_ids = [plan.id]
        for _ in range(plans - 1):
            copy = Plan(child_id=plan.child_id, plan_type=plan.plan_type, status=plan.status, start_date=plan.start_date,
                        review_date=plan.review_date, allocated_worker_id=plan.allocated_worker_id)
            session.add(copy)
            session.flush()
            session.add_all(PlanItem(plan_id=copy.id, position=item.position, text=item.text, simple_text=item.simple_text)
                            for item in items)
            plan_ids.append(copy.id)
        session.commit()
    engine.dispose()
    env["plan_ids"] = plan_ids
    return env


class Tablet:
    """One signed-in tablet: starts conversations (each locks a copy of its cookie to one) and knows
    how child mode answers them."""

    def __init__(self, port: int):
        from voice_capture.demo import DEMO_PASSWORD

        self.port = port
        self.browser = Browser(port)
        self.browser.form("/login", {"email": "priya%40example.org", "password": DEMO_PASSWORD})
        self.signed_in = dict(self.browser.cookies)

    def start(self, plan_id: int) -> dict:
        """Start "My plan meeting" for Oliver on this plan, as the start page does; then open the talk
        page (as the tablet does), for its CSRF token."""
        self.browser.cookies = dict(self.signed_in)  # as after unlocking: signed in, not locked
        _response, page = self.browser.request("GET", f"/plans/{plan_id}/talk/new")
        options = re.findall(rb'name="conversation"[^>]*value="([^"]+)"[^>]*>\s*<label[^>]*>([^<]+)</label>', page)
        option = next(value for value, label in options if label.strip().endswith(b": My plan meeting")).decode()
        response, _ = self.browser.form(f"/plans/{plan_id}/talk/new", {"conversation": option.replace(":", "%3A")})
        talk_path = response.headers["Location"]
        _response, page = self.browser.request("GET", talk_path)
        token = re.search(rb'data-csrf="([^"]+)"', page).group(1).decode()
        cookie = "; ".join(f"{k}={v}" for k, v in self.browser.cookies.items())
        return {"id": int(talk_path.rstrip("/").rsplit("/", 1)[1]), "path": talk_path,
                "headers": {"Content-Type": "application/json", "X-CSRFToken": token, "Cookie": cookie}}


def conversation_steps(url: str, conversation_id: int) -> list[dict]:
    """The steps as the talk page holds them (read from the database rather than parsed from the page)."""
    from sqlmodel import Session

    from voice_capture.db import make_engine
    from voice_capture.models import CaptureSession

    engine = make_engine(url)
    with Session(engine) as session:
        steps = session.get(CaptureSession, conversation_id).steps
    engine.dispose()
    return steps


def answers_for(steps: list[dict], turn: int):
    """Child mode's answers to one conversation, step by step: a different choice each conversation
    (`turn`), several where several may be chosen, a sentence where own words are asked for, the mat
    confirmed; a follow-up only when its trigger was chosen."""
    from voice_capture.conversations.answer_types import SORT_MAT, answer_type
    from voice_capture.conversations.answers import MAT_OK
    from voice_capture.views.paths import reachable

    chosen: dict[int, list[str]] = {}
    for step in steps:
        position = step["position"]
        if not reachable(steps, chosen, position):
            continue
        kind = answer_type(step["answer_type"])
        keys = [choice["key"] for choice in step["choices"]]
        said = ""
        if step["answer_type"] == SORT_MAT:
            picked = [MAT_OK]
        elif not keys:
            picked, said = [], "I like it when my nan comes to the meeting."
        elif kind.several:
            picked = [keys[turn % len(keys)], keys[(turn + 1) % len(keys)]] if len(keys) > 1 else keys
        else:
            picked = [keys[turn % len(keys)]]
        chosen[position] = picked
        yield {"idempotency_key": uuid.uuid4().hex, "position": position, "keys": picked, "said": said, "how": "tapped"}


def run(port: int, plans: list[list[tuple[str, dict, list[dict]]]]) -> dict:
    """Each thread is one tablet: it answers its conversations (path, headers, answers) in order.
    Only the answers are timed and counted."""
    timings: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(len(plans) + 1)

    def tablet(conversations):
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        ready.wait()
        for path, headers, bodies in conversations:
            for body in bodies:
                began = time.perf_counter()
                connection.request("POST", path, body=json.dumps(body), headers=headers)
                response = connection.getresponse()
                answer = response.read()
                if response.status != 201:
                    failures.append(f"HTTP {response.status} {answer[:200]!r}")
                    break
                mine.append(time.perf_counter() - began)
        connection.close()
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=tablet, args=(conversations,)) for conversations in plans]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"answers failed under load: {failures[:3]}")
    timings.sort()
    return {"rps": len(timings) / elapsed, "p50": timings[len(timings) // 2] * 1000,
            "p95": timings[int(len(timings) * 0.95)] * 1000}


def app_run(env: dict, tablets: list[Tablet], count: int, turn: int) -> dict:
    """Start enough conversations for `count` answers over the tablets, answer them, then finish them."""
    per_tablet = ANSWERS // count
    plan_ids = iter(env["plan_ids"])
    work, started = [], []
    for tablet in tablets[:count]:
        conversations, planned = [], 0
        while planned < per_tablet:
            conversation = tablet.start(next(plan_ids))
            started.append((tablet, conversation))
            bodies = list(answers_for(conversation_steps(env["VOICE_CAPTURE_DATABASE_URL"], conversation["id"]),
                                      turn + len(started)))[:per_tablet - planned]
            planned += len(bodies)
            conversations.append((f"{conversation['path']}/answer", conversation["headers"], bodies))
        work.append(conversations)
    figures = run(tablets[0].port, work)
    for _tablet, conversation in started:  # the review screen's "finish", after the clock
        finish(tablets[0].port, conversation)
    return figures


def finish(port: int, conversation: dict) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("POST", f"{conversation['path']}/finish", body=b"", headers=conversation["headers"])
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status not in (302, 303):
        raise RuntimeError(f"finishing {conversation['path']} gave HTTP {response.status}")


def bare_run(port: int, count: int, turn: int) -> dict:
    """The same answers, to the bare insert."""
    per_tablet = ANSWERS // count
    steps = BARE_STEPS
    work = []
    for index in range(count):
        bodies = []
        while len(bodies) < per_tablet:
            bodies.extend(answers_for(steps, turn + index + len(bodies)))
        work.append([("/answer", {"Content-Type": "application/json"}, bodies[:per_tablet])])
    return run(port, work)


BARE_STEPS: list[dict] = []


def backend(name: str, url: str, bare_url: str) -> tuple[list[tuple], tuple[int, int] | None]:
    """All rounds on one database; the bytes per step too, on SQLite."""
    global BARE_STEPS
    env = prepare(url, bare_url, plans=ANSWERS // 6 + max(LEVELS) + 8)
    app_port, bare_port = free_port(), free_port()
    env_text = {k: v for k, v in env.items() if isinstance(v, str)}
    log = Path(tempfile.mkdtemp(prefix="vc-bench-log-")) / "servers.log"
    servers = [serve("voice_capture:create_app()", app_port, env_text, log),
               serve("bench.bare_app:app", bare_port, env_text, log)]
    rows, sizes = [], None
    try:
        tablets = [Tablet(app_port) for _ in range(max(LEVELS))]
        sample = tablets[0].start(env["plan_ids"][0])
        BARE_STEPS = conversation_steps(url, sample["id"])
        if name == "SQLite":
            tablets[0].browser.cookies = dict(x.split("=", 1) for x in sample["headers"]["Cookie"].split("; "))
            sizes = page_bytes(tablets[0].browser, sample["path"])
        run(app_port, [[(f"{sample['path']}/answer", sample["headers"], list(answers_for(BARE_STEPS, 0)))]])  # warm up
        finish(app_port, sample)
        bare_run(bare_port, 4, 0)  # warm up
        for count in LEVELS:
            app, bare = [], []
            for turn in range(ROUNDS):
                app.append(app_run(env, tablets, count, turn))
                bare.append(bare_run(bare_port, count, turn))
            rows.append((name, count, app, bare))
            print(summary(rows[-1]), flush=True)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    return rows, sizes


def summary(row: tuple) -> str:
    name, count, app, bare = row
    ratios = sorted(a["rps"] / b["rps"] for a, b in zip(app, bare))
    median = statistics.median
    return (f"{name:<11}{count:>8}{median(a['rps'] for a in app):>10.0f}{median(a['p95'] for a in app):>9.1f}"
            f"{median(b['rps'] for b in bare):>10.0f}{median(b['p95'] for b in bare):>9.1f}"
            f"{median(ratios):>8.2f}  {ratios[0]:.2f}–{ratios[-1]:.2f}")


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
    sys.path.insert(0, str(ROOT / "tests"))
    from pgcluster import ThrowawayCluster

    print(f"{ANSWERS} answers per run, {ROUNDS} rounds of app then bare at each level; medians, the ratio's spread")
    print(f"{'database':<11}{'tablets':>8}{'app/s':>10}{'p95 ms':>9}{'bare/s':>10}{'p95 ms':>9}{'ratio':>8}  spread")
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-answers-"))
    _rows, sizes = backend("SQLite", f"sqlite:///{folder / 'app.sqlite3'}", f"sqlite:///{folder / 'bare.sqlite3'}")
    cluster = ThrowawayCluster().start()
    try:
        import psycopg

        with psycopg.connect(f"host={cluster.root} port={cluster.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute("CREATE DATABASE app")
            connection.execute("CREATE DATABASE bare")
        backend("PostgreSQL", cluster.url("app"), cluster.url("bare"))
    finally:
        cluster.stop()
    print("target: a ratio of at least 0.80 at every level")
    first, following = sizes
    print(f"bytes for the first step: {first} (target at most 60 KB = {60 * 1024})")
    print(f"bytes for the next step: {following} (target at most 15 KB = {15 * 1024})")


if __name__ == "__main__":
    main()

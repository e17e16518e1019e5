"""Benchmark: how fast practitioner pages are served, beside bare Flask baselines in the same run.

Run with `scripts/bench` (or `.venv/bin/python bench/pages.py`). Prints requests per second and
latency percentiles for:
  - bare:   a bare Flask endpoint returning a short string (the floor for any Flask page);
  - query:  a bare Flask + SQLModel endpoint that loads one child and renders a small template;
  - child:  voice_capture's child page (session check, allocation check, audit write, full page);
  - dashboard: voice_capture's dashboard (the caseload and plans due);
and the child page's rate as a ratio of the bare query endpoint's, plus the bytes a browser
downloads for the dashboard (HTML, CSS and JavaScript).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, render_template_string
from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voice_capture import create_app, migrate  # noqa: E402
from voice_capture.db import make_engine  # noqa: E402
from voice_capture.demo import DEMO_PASSWORD, seed  # noqa: E402
from voice_capture.models import Child  # noqa: E402

REQUESTS = 400
WARM_UP = 40


def measure(client, url: str) -> dict:
    for _ in range(WARM_UP):
        client.get(url)
    timings = []
    start = time.perf_counter()
    for _ in range(REQUESTS):
        began = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    elapsed = time.perf_counter() - start
    timings.sort()
    return {
        "rps": REQUESTS / elapsed,
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[int(len(timings) * 0.95)] * 1000,
    }


def bare_apps(database_url: str) -> tuple[Flask, Flask]:
    bare = Flask("bare")
    bare.add_url_rule("/", "index", lambda: "ok")
    query = Flask("query")
    engine = make_engine(database_url)

    def child_page(child_id: int):
        with Session(engine) as session:
            child = session.get(Child, child_id)
            return render_template_string("<h1>{{ c.given_name }} {{ c.family_name }}</h1>", c=child)

    query.add_url_rule("/children/<int:child_id>", "child", child_page)
    return bare, query


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        seed(session)
        session.commit()
        child_id = session.exec(select(Child.id).where(Child.given_name == "Oliver")).one()
    engine.dispose()

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 40, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"email": "priya@example.org", "password": DEMO_PASSWORD})
    bare, query = bare_apps(url)

    results = {
        "bare": measure(bare.test_client(), "/"),
        "query": measure(query.test_client(), f"/children/{child_id}"),
        "child": measure(client, f"/children/{child_id}"),
        "dashboard": measure(client, "/"),
    }
    print(f"{'endpoint':<12}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}")
    for name, figures in results.items():
        print(f"{name:<12}{figures['rps']:>10.0f}{figures['p50_ms']:>10.2f}{figures['p95_ms']:>10.2f}")
    ratio = results["child"]["rps"] / results["query"]["rps"]
    print(f"child page rate / bare Flask+SQLModel rate: {ratio:.2f}")

    page = client.get("/")
    assets = sum(len(client.get(path).data) for path in ("/static/css/app.css", "/static/js/app.js"))
    print(f"dashboard bytes: HTML {len(page.data)}, CSS+JS {assets}, total {len(page.data) + assets}")


if __name__ == "__main__":
    main()

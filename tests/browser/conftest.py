"""A live server with the demo data, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from helpers import LIVE_ENGINES, fresh_database, make_config
from voice_capture import create_app
from voice_capture.demo import seed as seed_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(backend, pg_cluster, template_database, tmp_path_factory, speech_cache):
    """The app on a free loopback port, serving a fresh database with the demo families."""
    with fresh_database(backend, pg_cluster, template_database, tmp_path_factory.mktemp("live")) as url:
        app = create_app(make_config(url, MEDIA_URL=f"file://{speech_cache}"))
        from sqlmodel import Session

        with Session(app.extensions["vc_engine"]) as session:
            seed_demo(session)
            session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        server.app = app
        server.url = f"http://127.0.0.1:{server.server_port}"
        LIVE_ENGINES[server.url] = app.extensions["vc_engine"]
        yield server
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["vc_engine"].dispose()


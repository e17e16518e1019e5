"""Several app servers on one PostgreSQL: two gunicorn servers and one `flask worker`. A tablet's requests
alternate between the servers; the speech the worker made is served by either; one server is killed
(SIGKILL) mid-conversation and the tablet finishes on the other, with every answer stored once."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlmodel import func, select
from test_capture import _script, family  # noqa: F401  (family is a fixture)

from helpers import TEST_PASSWORD, TEST_SECRET
from voice_capture.models import CaptureSession, Job, MediaObject, View

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


@pytest.fixture(autouse=True)
def only_on_postgresql(backend):
    if backend != "postgresql":
        pytest.skip("several servers share one PostgreSQL: run with --db postgresql")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _until(condition, what: str, limit: float = 30.0):
    """Wait for a state, not for a time: poll until `condition()` holds; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"gave up waiting: {what}")


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def cluster(database_url):
    """Two app servers and one worker, as a council runs them (media in the database, jobs in a worker)."""
    env = dict(os.environ, VOICE_CAPTURE_DATABASE_URL=database_url, VOICE_CAPTURE_SECRET_KEY=TEST_SECRET,
               VOICE_CAPTURE_ENV="development", VOICE_CAPTURE_JOBS="worker", VOICE_CAPTURE_MEDIA_URL="",
               PYTHONPATH=str(ROOT))
    ports = [_free_port(), _free_port()]
    processes = [subprocess.Popen([GUNICORN, "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                                   "voice_capture:create_app()"], cwd=ROOT, env=env) for port in ports]
    processes.append(subprocess.Popen([sys.executable, "-m", "flask", "--app", "voice_capture", "worker",
                                       "--threads", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL))
    try:
        for port in ports:
            _until(lambda: _listening(port), f"an app server on port {port}")
        yield [f"http://127.0.0.1:{port}" for port in ports], processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _token(page: str, pattern: str = r'name="csrf_token"[^>]*value="([^"]+)"') -> str:
    return re.search(pattern, page).group(1)


def test_a_tablet_alternating_between_two_servers_survives_one_of_them_dying(cluster, db, family):  # noqa: F811
    (server_a, server_b), processes = cluster
    tablet = requests.Session()  # one cookie for both: they share the secret key and the database
    login = tablet.get(f"{server_a}/login")
    signed_in = tablet.post(f"{server_a}/login", data={"email": family["worker"].email, "password": TEST_PASSWORD,
                                                       "csrf_token": _token(login.text)}, allow_redirects=False)
    assert signed_in.status_code == 302
    plan = family["plan"]
    form = tablet.get(f"{server_b}/plans/{plan.id}/talk/new").text
    chosen = f"{family['me'].id}:{_script(db, 'my-plan-meeting').id}"  # one question per plan item, then four more
    started = tablet.post(f"{server_b}/plans/{plan.id}/talk/new", data={"conversation": chosen,
                                                                        "csrf_token": _token(form)},
                          allow_redirects=False)
    assert started.status_code == 302
    capture = db.exec(select(CaptureSession).order_by(CaptureSession.id.desc())).first()

    # The worker, not an app server, makes the conversation's speech, into the shared store.
    def spoken():
        db.expire_all()
        job = db.exec(select(Job).where(Job.kind == "conversation-speech")).first()
        return job is not None and job.state == "done"
    _until(spoken, "the worker makes the conversation's speech", limit=45)
    made = db.exec(select(func.count()).select_from(MediaObject)).one()
    assert made > 0
    page = tablet.get(f"{server_a}/talk/{capture.id}").text
    clip = re.search(r'/talk/\d+/speech/[0-9a-f]{64}\.mp3', page).group(0)
    heard = [tablet.get(server + clip) for server in (server_a, server_b)]
    assert all(r.status_code == 200 and r.headers["Content-Type"] == "audio/mpeg" for r in heard)
    assert heard[0].content == heard[1].content and len(heard[0].content) > 1000
    assert db.exec(select(func.count()).select_from(MediaObject)).one() == made  # served, not made again

    token = _token(page, r'data-csrf="([^"]+)"')
    # Every question of the conversation, answered "I don't know" (on every step), the last in their own words.
    positions = sorted(step["position"] for step in capture.steps if not step.get("after"))  # no follow-ups
    answers = [{"position": p, "keys": ["i_dont_know"], "said": "", "how": "tapped"} for p in positions[:-1]]
    answers.append({"position": positions[-1], "keys": [], "said": "I like my bike", "how": "typed"})
    servers = [server_a, server_b]
    for number, answer in enumerate(answers):
        answer["idempotency_key"] = f"tablet-{number}"
        if number == 3:
            processes[0].send_signal(signal.SIGKILL)  # server A dies mid-conversation
            processes[0].wait(timeout=10)
        for attempt, server in enumerate([servers[number % 2], servers[(number + 1) % 2]]):
            try:
                response = tablet.post(f"{server}/talk/{capture.id}/answer", json=answer,
                                       headers={"X-CSRFToken": token}, timeout=10)
                break
            except requests.ConnectionError:
                assert attempt == 0 and server == server_a and number >= 3  # only the dead server fails; the other
        assert response.status_code in (200, 201), (answer, response.text)
        if number == 2:  # the tablet did not hear the answer and sends it again, to the other server
            again = tablet.post(f"{servers[(number + 1) % 2]}/talk/{capture.id}/answer", json=answer,
                                headers={"X-CSRFToken": token}, timeout=10)
            assert again.status_code == 200 and again.json()["duplicate"] is True
    finished = tablet.post(f"{server_b}/talk/{capture.id}/finish", data={"csrf_token": token}, allow_redirects=False)
    assert finished.status_code == 302

    db.expire_all()
    views = db.exec(select(View).where(View.capture_session_id == capture.id)).all()
    assert sorted(view.idempotency_key for view in views) == sorted(a["idempotency_key"] for a in answers)
    assert sorted(view.position for view in views) == positions
    assert db.get(CaptureSession, capture.id).status == "finished"

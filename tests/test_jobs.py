"""The durable job queue: one job per key, retries with back-off, a visible state, jobs whose subject is gone,
and real worker processes: one killed with SIGKILL mid-job, another finishing it, once; two sharing the work."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from test_capture import family, start_session  # noqa: F401  (family is a fixture)

from helpers import TEST_SECRET
from voice_capture import jobs
from voice_capture.jobs import queue
from voice_capture.models import CaptureSession, Job, utcnow

HERE = Path(__file__).resolve().parent
failures: list[int] = []


@jobs.handler("test-flaky")
def _flaky(*, session, payload) -> None:
    failures.append(1)
    if len(failures) < payload["succeed_on"]:
        raise RuntimeError("not yet")


def _job(db, key) -> Job:
    db.expire_all()
    return db.exec(select(Job).where(Job.key == key)).one()


def test_the_same_work_asked_twice_is_one_job(app, db):
    failures.clear()
    with app.app_context():
        first = jobs.enqueue(app, "test-flaky", "k1", {"succeed_on": 1})
        again = jobs.enqueue(app, "test-flaky", "k1", {"succeed_on": 1})
    assert first is not None and again is None and len(failures) == 1
    job = _job(db, "k1")
    assert (job.state, job.attempts, job.error) == ("done", 1, "") and job.finished_at is not None


def test_jobs_that_ended_over_a_week_ago_are_forgotten_and_no_others(app, db):
    failures.clear()
    with app.app_context():
        for key in ("old-done", "new-done", "old-queued"):
            jobs.enqueue(app, "test-flaky", key, {"succeed_on": 1})
    now = utcnow()
    for key, state, finished in (("old-done", "done", now - timedelta(days=8)), ("new-done", "done", now - timedelta(days=1)),
                                 ("old-queued", "queued", None)):
        job = _job(db, key)
        job.state, job.finished_at, job.created_at = state, finished, now - timedelta(days=9)
        db.add(job)
        db.commit()  # one at a time: _job expires the session, which would drop changes not yet written
    assert queue.forget_finished(app) == 1
    db.expire_all()
    assert sorted(db.exec(select(Job.key)).all()) == ["new-done", "old-queued"]


def test_a_failing_job_is_tried_again_and_then_marked_failed_with_why(app, db):
    failures.clear()
    with app.app_context():
        jobs.enqueue(app, "test-flaky", "k2", {"succeed_on": 3})
    job = _job(db, "k2")
    assert (job.state, job.attempts, job.error) == ("done", 3, "")  # two failures, then done
    failures.clear()
    with app.app_context():
        jobs.enqueue(app, "test-flaky", "k3", {"succeed_on": 99})
    job = _job(db, "k3")
    assert (job.state, job.attempts) == ("failed", queue.MAX_ATTEMPTS) and "RuntimeError" in job.error


def test_huey_waits_longer_before_each_next_try(app):
    from voice_capture.jobs.carrier import Carrier

    task = Carrier(app).task
    assert task.retries == queue.MAX_ATTEMPTS - 1 and task.retry_delay == queue.RETRY_DELAY
    assert task.task_class.default_retry_backoff == queue.RETRY_BACKOFF > 1  # 2 s, then 4 s, then 8 s


def test_a_job_naming_a_conversation_that_was_deleted_ends_quietly(client, app, db, family):  # noqa: F811
    client.login(family["worker"])
    capture = start_session(client, db, family)
    db.delete(db.get(CaptureSession, capture.id))
    db.commit()
    with app.app_context():
        jobs.enqueue(app, "conversation-speech", "after-delete", {"conversation_id": capture.id})
    job = _job(db, "after-delete")
    assert (job.state, job.attempts) == ("done", 1) and "gone" in job.error


def test_the_jobs_command_lists_state_but_not_what_a_job_is_about(client, app, db, family):  # noqa: F811
    client.login(family["worker"])
    start_session(client, db, family)
    output = app.test_cli_runner().invoke(args=["jobs"]).output
    assert "conversation-speech" in output and "done" in output and "conversation_id" not in output


# --- real worker processes ---------------------------------------------------------------------------


def _worker(database_url: str, threads: int = 1) -> subprocess.Popen:
    env = dict(os.environ, VOICE_CAPTURE_DATABASE_URL=database_url, VOICE_CAPTURE_SECRET_KEY=TEST_SECRET,
               VOICE_CAPTURE_ENV="development", VOICE_CAPTURE_JOBS="worker", VOICE_CAPTURE_JOB_LEASE_SECONDS="1",
               PYTHONPATH=f"{HERE}{os.pathsep}{HERE.parent}")
    return subprocess.Popen([sys.executable, str(HERE / "job_worker.py"), str(threads)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _until(condition, what: str, limit: float = 60.0):
    """Wait for a state (not for a time): poll until `condition()` holds; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"gave up waiting: {what}")


def _lines(log: Path, word: str) -> list[str]:
    return [line for line in log.read_text().splitlines() if line.startswith(word)] if log.exists() else []


@pytest.fixture
def queue_app(app):
    app.config.update(JOBS="worker", JOB_LEASE_SECONDS=1)
    return app


def test_a_job_survives_its_worker_killed_mid_job_and_is_done_once(queue_app, database_url, db, tmp_path):
    log = tmp_path / "probe.log"
    with queue_app.app_context():
        jobs.enqueue(queue_app, "probe", "probe-1", {"log": str(log), "n": 1})
    first = _worker(database_url)
    try:
        _until(lambda: _lines(log, "start"), "the first worker starts the job")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
    assert _job(db, "probe-1").state == "running"  # held by a worker that is gone
    log.with_suffix(".release").touch()
    second = _worker(database_url)
    try:
        _until(lambda: _job(db, "probe-1").state == "done", "the second worker finishes the job")
    finally:
        second.send_signal(signal.SIGINT)
        second.wait(timeout=30)
    job = _job(db, "probe-1")
    assert job.attempts == 2 and job.error == ""
    assert len(_lines(log, "start")) == 2 and len(_lines(log, "done")) == 1
    assert _lines(log, "done")[0].split()[2] == str(second.pid)


def test_two_workers_share_the_work_and_each_job_is_done_once(queue_app, database_url, db, tmp_path):
    log = tmp_path / "probe.log"
    log.with_suffix(".release").touch()
    with queue_app.app_context():
        for n in range(8):
            jobs.enqueue(queue_app, "probe", f"share-{n}", {"log": str(log), "n": n})
    workers = [_worker(database_url, threads=2), _worker(database_url, threads=2)]
    try:
        _until(lambda: len(_lines(log, "done")) >= 8 and all(_job(db, f"share-{n}").state == "done" for n in range(8)),
               "both workers finish every job")
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGINT)
        for worker in workers:
            worker.wait(timeout=30)
    done = sorted(int(line.split()[1]) for line in _lines(log, "done"))
    assert done == list(range(8))  # each job once


def test_healthz_says_whether_the_queue_is_served(app, client, db):
    assert client.get("/healthz").get_json()["queue"] == "ok"
    app.config["JOBS"] = "worker"  # jobs leave the request, and no worker is running
    with app.app_context():
        jobs.enqueue(app, "test-flaky", "waiting", {"succeed_on": 1})
    job = _job(db, "waiting")
    job.created_at = job.updated_at = utcnow() - timedelta(minutes=10)
    db.add(job)
    db.commit()
    assert client.get("/healthz").get_json()["queue"] == "not served"

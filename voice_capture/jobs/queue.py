"""Jobs recorded in the `job` table (key, state, tries) and carried to workers by huey over the app's own database.

huey takes a message off its queue before the task runs, so a worker killed mid-job would lose it; the job row
is what makes the work durable: a running job holds a lease that its worker keeps renewing, and once a lease
runs out (the worker died) any worker takes the job again (`recover`). Taking a job is one conditional UPDATE,
so a job runs once however many messages or workers see it."""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from .. import db
from ..models import Job, JobState, utcnow

log = logging.getLogger(__name__)

HANDLERS: dict[str, Callable] = {}
holding: set[int] = set()  # the jobs this process is running, whose leases its upkeep renews
RETRY_DELAY, RETRY_BACKOFF = 2.0, 2.0  # seconds before the 2nd try, then doubling: 2, 4, 8
MAX_ATTEMPTS = 4


class Gone(Exception):
    """What the job names (a conversation, a plan) no longer exists: the job ends quietly, done."""


def handler(kind: str):
    """Register `fn(*, session, payload)` as the work for jobs of this kind. It commits nothing itself."""
    def register(fn):
        HANDLERS[kind] = fn
        return fn
    return register


def job_key(kind: str, *parts) -> str:
    """An idempotent key: the same kind of work on the same things is the same job."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"{kind}:{digest[:48]}"


def enqueue_after_commit(kind: str, key: str, payload: dict) -> None:
    """Queue this job once the request's work is committed (never if it is rolled back)."""
    app = current_app._get_current_object()
    db.after_commit(lambda: enqueue(app, kind, key, payload))


def enqueue(app: Flask, kind: str, key: str, payload: dict) -> int | None:
    """Record the job (nothing new when its key is known already) and hand it to a worker; its id, if new."""
    table = Job.__table__
    insert = pg_insert if db_engine(app).dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = insert(table).values(key=key, kind=kind, payload=payload, state=JobState.QUEUED, attempts=0,
                                     max_attempts=MAX_ATTEMPTS, error="", created_at=now, updated_at=now)
    with Session(db_engine(app)) as session:
        job_id = session.execute(statement.on_conflict_do_nothing(index_elements=["key"])
                                 .returning(table.c.id)).scalar_one_or_none()
        session.commit()
    if job_id is None:
        return None  # asked for before: that job is the one
    dispatch(app, job_id)
    return job_id


def dispatch(app: Flask, job_id: int, delay: float = 0.0) -> None:
    """Hand a recorded job to a worker: run it now (tests), or put a message on huey's queue."""
    if app.config["JOBS"] == "inline":
        for _ in range(MAX_ATTEMPTS):
            if run_job(app, job_id) != "retry":
                return
        return
    from .carrier import carrier  # huey is only needed where jobs leave the request

    carrier(app).send(job_id, delay)


def lease(app: Flask) -> timedelta:
    return timedelta(seconds=app.config["JOB_LEASE_SECONDS"])


def run_job(app: Flask, job_id: int) -> str:
    """Take the job if nobody holds it and run it: "done", "retry", "failed" or "skipped" (not ours to run)."""
    engine = db_engine(app)
    with Session(engine) as session:
        job = _claim(app, session, job_id)
        if job is None:
            return "skipped"
        attempt = job.attempts
        work = HANDLERS.get(job.kind)
        try:
            if work is None:
                raise LookupError(f"no handler for jobs of kind {job.kind!r}")
            with app.test_request_context("/"), Session(engine, expire_on_commit=False) as work_session:
                work(session=work_session, payload=job.payload)
                work_session.commit()
        except Gone:
            return _finish(session, job_id, attempt, JobState.DONE, "nothing to do: what it names is gone")
        except Exception as error:  # a job's failure is recorded and retried, never raised into the worker
            log.warning("job %s (%s) failed on try %s: %s", job_id, job.kind, attempt, type(error).__name__)
            final = attempt >= job.max_attempts
            state = JobState.FAILED if final else JobState.QUEUED
            _finish(session, job_id, attempt, state, f"{type(error).__name__} on try {attempt}")
            return "failed" if final else "retry"
        return _finish(session, job_id, attempt, JobState.DONE, "")


def _claim(app: Flask, session: Session, job_id: int) -> Job | None:
    now = utcnow()
    free = or_(Job.state == JobState.QUEUED, and_(Job.state == JobState.RUNNING, Job.lease_until < now))
    taken = session.execute(
        update(Job).where(Job.id == job_id, free, Job.attempts < Job.max_attempts)
        .values(state=JobState.RUNNING, attempts=Job.attempts + 1, lease_until=now + lease(app), updated_at=now)
    ).rowcount == 1
    session.commit()
    if not taken:
        return None
    holding.add(job_id)
    return session.get(Job, job_id)


def _finish(session: Session, job_id: int, attempt: int, state: str, error: str) -> str:
    now = utcnow()
    values = {"state": state, "error": error[:300], "lease_until": None, "updated_at": now}
    if state in (JobState.DONE, JobState.FAILED):
        # What the job was about is forgotten once it has ended (a preview's payload holds the words it speaks);
        # its kind, state, tries and times stay visible.
        values.update(finished_at=now, payload={})
    # Only while the job is still this try's: a worker that lost its lease does not overwrite the next one.
    session.execute(update(Job).where(Job.id == job_id, Job.attempts == attempt, Job.state == JobState.RUNNING)
                    .values(**values))
    session.commit()
    holding.discard(job_id)
    return {JobState.DONE: "done", JobState.FAILED: "failed"}.get(state, "retry")


def renew_leases(app: Flask, job_ids: set[int]) -> None:
    """A live worker keeps the jobs it is running."""
    if not job_ids:
        return
    now = utcnow()
    with Session(db_engine(app)) as session:
        session.execute(update(Job).where(Job.id.in_(list(job_ids)), Job.state == JobState.RUNNING)
                        .values(lease_until=now + lease(app)))
        session.commit()


def recover(app: Flask) -> int:
    """Hand out again the jobs whose worker died (lease run out) or whose message was lost; how many."""
    now = utcnow()
    stale = and_(Job.state == JobState.RUNNING, Job.lease_until < now)
    lost = and_(Job.state == JobState.QUEUED, Job.updated_at < now - 2 * lease(app))
    again = 0
    with Session(db_engine(app)) as session:
        for job_id, state in session.execute(select(Job.id, Job.state).where(or_(stale, lost)).limit(100)).all():
            condition = stale if state == JobState.RUNNING else lost
            taken = session.execute(update(Job).where(Job.id == job_id, condition)
                                    .values(state=JobState.QUEUED, updated_at=now)).rowcount == 1
            session.commit()
            if taken:
                dispatch(app, job_id)
                again += 1
        session.execute(update(Job).where(Job.state == JobState.QUEUED, Job.attempts >= Job.max_attempts)
                        .values(state=JobState.FAILED, error="the worker stopped during every try", finished_at=now))
        session.commit()
    return again


KEEP_FINISHED = timedelta(days=7)  # a finished job's row (its state, never its payload) is kept this long


def forget_finished(app: Flask, older_than: timedelta = KEEP_FINISHED) -> int:
    """Delete the rows of jobs that ended (done or failed) longer ago than `older_than`; how many."""
    cutoff = utcnow() - older_than
    with Session(db_engine(app)) as session:
        gone = session.execute(delete(Job).where(Job.state.in_([JobState.DONE, JobState.FAILED]),
                                                 Job.finished_at < cutoff)).rowcount
        session.commit()
    return gone


def queue_served(app: Flask) -> bool:
    """False when a job has waited for a worker much longer than a worker would take to start it."""
    cutoff = utcnow() - 3 * lease(app) - timedelta(seconds=30)
    with Session(db_engine(app)) as session:
        waiting = session.execute(select(Job.id).where(Job.state == JobState.QUEUED, Job.created_at < cutoff,
                                                       Job.attempts == 0).limit(1)).first()
    return waiting is None


def queue_depth(app: Flask) -> int:
    """How many jobs wait for a worker (queued, not yet finished): the metrics' queue depth."""
    with Session(db_engine(app)) as session:
        return session.execute(select(func.count()).select_from(Job).where(Job.state == JobState.QUEUED)).scalar_one()


def recent_jobs(app: Flask, limit: int = 50) -> list[Job]:
    with Session(db_engine(app)) as session:
        return list(session.execute(select(Job).order_by(Job.id.desc()).limit(limit)).scalars())


def db_engine(app: Flask):
    return app.extensions["vc_engine"]

"""Background work as durable jobs: idempotent keys, retries with back-off, a visible state, shared by workers."""
from .queue import Gone, enqueue, enqueue_after_commit, handler, job_key, queue_depth, queue_served, recent_jobs, run_job
from .worker import run_worker, start_in_process

__all__ = ["Gone", "enqueue", "enqueue_after_commit", "handler", "job_key", "queue_depth", "queue_served", "recent_jobs",
           "run_job", "run_worker", "start_in_process"]

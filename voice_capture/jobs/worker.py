"""Running jobs: `flask worker` (one process, several threads), or a worker inside the app for the demo."""
from __future__ import annotations

import logging
import os
import threading

from flask import Flask
from huey.consumer import Consumer

from .queue import forget_finished, holding, recover, renew_leases

log = logging.getLogger(__name__)
_started: dict[int, int] = {}  # id(app) -> the pid whose in-process worker serves it
_starting = threading.Lock()


class _Embedded(Consumer):
    """huey's consumer inside the app: its threads without the signal handlers of a process of its own."""

    def _set_signal_handlers(self):
        pass


def _consumer(app: Flask, threads: int, embedded: bool) -> Consumer:
    from .carrier import carrier

    kind = _Embedded if embedded else Consumer
    # Poll the queue at most a second apart when idle, so a new job waits at most about a second.
    return kind(carrier(app).huey, workers=threads, worker_type="thread", periodic=False, initial_delay=0.1,
                backoff=1.3, max_delay=1.0, check_worker_health=True)


def _upkeep(app: Flask, stop: threading.Event) -> None:
    """Renew the leases of the jobs this process runs, hand out again those of workers that died, and forget
    jobs that ended more than a week ago."""
    every = max(app.config["JOB_LEASE_SECONDS"] / 3, 0.3)
    while not stop.wait(every):
        try:
            renew_leases(app, set(holding))
            recover(app)
            forget_finished(app)
        except Exception:  # a database that is away for a moment: try again next round
            log.exception("job upkeep failed; trying again")


def _start_upkeep(app: Flask) -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=_upkeep, args=(app, stop), name="job-upkeep", daemon=True).start()
    return stop


def run_worker(app: Flask, threads: int = 2) -> None:
    """Serve the queue until SIGINT (finish what is running) or SIGTERM. Several workers share the work."""
    if not logging.getLogger().handlers:  # a worker of its own says what it does (never what a job is about)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    consumer = _consumer(app, threads, embedded=False)
    recover(app)
    stop = _start_upkeep(app)
    try:
        consumer.run()
    finally:
        stop.set()


def start_in_process(app: Flask) -> None:
    """Start a worker thread in this process, once (again after a fork), for a set-up with no worker of its own."""
    if _started.get(id(app)) == os.getpid():
        return
    with _starting:
        if _started.get(id(app)) == os.getpid():
            return
        _started[id(app)] = os.getpid()
    consumer = _consumer(app, 1, embedded=True)
    consumer.start()
    _start_upkeep(app)

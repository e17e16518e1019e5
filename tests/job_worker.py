"""A real `flask worker` process for the queue tests, with one extra kind of job: "probe".

A probe notes in its log file when it starts and when it is done; until its release file exists it
waits, so a test can kill the worker while the job is surely running."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from voice_capture import create_app, jobs


@jobs.handler("probe")
def probe(*, session, payload) -> None:
    log = Path(payload["log"])
    with log.open("a") as handle:
        handle.write(f"start {payload['n']} {os.getpid()}\n")
    while not log.with_suffix(".release").exists():
        time.sleep(0.02)  # the job is "working": a test kills this worker meanwhile
    with log.open("a") as handle:
        handle.write(f"done {payload['n']} {os.getpid()}\n")


if __name__ == "__main__":
    app = create_app()
    with app.app_context():
        jobs.run_worker(app, int(sys.argv[1]) if len(sys.argv) > 1 else 1)

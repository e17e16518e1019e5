"""huey over the app's own database (SQLite or PostgreSQL): the messages that carry job ids to the workers."""
from __future__ import annotations

import threading

from flask import Flask
from huey.contrib.sql_huey import SqlHuey, SqlStorage
from peewee import SqliteDatabase
from playhouse.postgres_ext import Psycopg3Database

from ..db import SQLITE_BUSY_TIMEOUT_MS
from .queue import MAX_ATTEMPTS, RETRY_BACKOFF, RETRY_DELAY, run_job

_made = threading.Lock()


class _Storage(SqlStorage):
    """huey's tables under names of their own (huey_task, huey_schedule…), made by our migrations."""

    def create_models(self):
        models = super().create_models()
        for model in models:
            model._meta.set_table_name("huey_" + model._meta.table_name)
        return models


class Carrier:
    def __init__(self, app: Flask):
        url = app.extensions["vc_engine"].url
        self.huey = SqlHuey(name="voice_capture", database=_peewee_database(url), create_tables=False,
                            results=False, utc=True, storage_class=_Storage)

        # huey waits before each next try (2, 4, 8 s); the job row counts the tries, so a job handed out again
        # after its worker died still stops at MAX_ATTEMPTS.
        @self.huey.task(name="run_job", retries=MAX_ATTEMPTS - 1, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF)
        def carry(job_id: int):
            if run_job(app, job_id) == "retry":
                raise TryAgain(f"job {job_id} failed; it is tried again after a pause")

        self.task = carry

    def send(self, job_id: int, delay: float = 0.0) -> None:
        if delay:
            self.task.schedule(args=(job_id,), delay=delay)
        else:
            self.task(job_id)


class TryAgain(Exception):
    """Tells huey to run the job again after its back-off."""


def _peewee_database(url):
    if url.get_backend_name() == "sqlite":
        return SqliteDatabase(url.database, check_same_thread=False, pragmas={
            "journal_mode": "wal", "foreign_keys": 1, "busy_timeout": SQLITE_BUSY_TIMEOUT_MS, "synchronous": 2})
    # A socket folder may come as ?host=/path&port=N (as the test cluster's URL does) rather than in the netloc.
    host, port = url.host or url.query.get("host"), url.port or url.query.get("port")
    return Psycopg3Database(url.database, user=url.username, password=url.password, host=host,
                            port=int(port) if port else None)


def carrier(app: Flask) -> Carrier:
    """This app's huey, made on first use."""
    with _made:
        if "vc_carrier" not in app.extensions:
            app.extensions["vc_carrier"] = Carrier(app)
        return app.extensions["vc_carrier"]

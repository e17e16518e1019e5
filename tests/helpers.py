"""Helpers the fixtures and tests share: test settings, fresh databases, a form-sending client."""
from __future__ import annotations

import itertools
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pyotp
from sqlalchemy import text

from voice_capture.models import User

TEST_PASSWORD = "correct horse battery staple"
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
_database_numbers = itertools.count()


def new_database_name(prefix: str = "vc_test") -> str:
    return f"{prefix}_{next(_database_numbers)}"


@contextmanager
def postgres_database(admin_engine, cluster, template: str | None = None):
    """A new database in the test cluster (a copy of `template`, or empty); dropped afterwards."""
    name = new_database_name()
    copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
    with admin_engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}{copy}"))
    try:
        yield cluster.url(name)
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))


@contextmanager
def fresh_database(backend, pg_cluster, template_database, folder: Path):
    """A new database copied from the migrated template; dropped afterwards."""
    if backend == "postgresql":
        with postgres_database(template_database, pg_cluster, "vc_template") as url:
            yield url
    else:
        path = folder / "voice_capture.sqlite3"
        shutil.copyfile(template_database, path)
        yield f"sqlite:///{path}"


def make_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "ENV_NAME": "development",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": database_url,
        "JOBS": "inline",  # a job runs in the request that asked for it, after the commit: nothing to wait for
    }
    config.update(overrides)
    return config


class FormClient:
    """A test client that sends forms the way a browser does: with the page's CSRF token."""

    TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def token(self, page_url: str) -> str:
        page = self.client.get(page_url)
        match = self.TOKEN.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {page_url} (status {page.status_code})"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, *, page: str | None = None, **kwargs):
        """GET the page (or `page`) for its token, then POST `data` to `url`."""
        data = dict(data or {})
        data["csrf_token"] = self.token(page or url)
        return self.client.post(url, data=data, **kwargs)

    def login(self, user: User, password: str = TEST_PASSWORD):
        response = self.submit("/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.headers["Location"] == "/login/code":  # an administrator: the code from their app too
            allow_totp_reuse(self.client.application.extensions["vc_engine"], user)
            response = self.submit("/login/code", {"code": pyotp.TOTP(user.totp_secret).now()})
            assert response.status_code == 302, response.get_data(as_text=True)
        return response


def allow_totp_reuse(engine, user: User | str) -> None:
    """Tests sign one administrator in many times within 30 seconds: forget which code was used last."""
    email = user if isinstance(user, str) else user.email
    with engine.begin() as connection:
        connection.execute(text("UPDATE app_user SET totp_last_step = NULL WHERE email = :email"), {"email": email})


# The database engine behind each live server (by its address), so sign_in can type an administrator's code.
LIVE_ENGINES: dict = {}


def sign_in(page, base_url: str, email: str) -> None:
    """Sign in through the real login page of a live server, as a demo user."""
    from voice_capture.demo import DEMO_PASSWORD

    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url or "/login/code" in url)
    if "/login/code" in page.url:  # the demo administrator: a code from their authenticator app too
        from voice_capture.demo import DEMO_ADMIN_TOTP_SECRET

        allow_totp_reuse(LIVE_ENGINES[base_url], email)
        page.fill("#code", pyotp.TOTP(DEMO_ADMIN_TOTP_SECRET).now())
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)


@contextmanager
def database_read_only(engine):
    """Until the block ends the database refuses every write, as one that is read-only, full or failing
    does: SQLite through `PRAGMA query_only`, PostgreSQL through `default_transaction_read_only`. The
    pool is emptied on the way in and out, so every connection after that point is read-only (or not)."""
    from sqlalchemy import event

    if engine.dialect.name == "postgresql":
        _set_postgres_read_only(engine, True)
        engine.dispose()
        try:
            yield
        finally:
            _set_postgres_read_only(engine, False)
            engine.dispose()
        return

    def query_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(engine, "connect", query_only)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", query_only)
        engine.dispose()


def _set_postgres_read_only(engine, on: bool) -> None:
    with engine.connect() as connection:
        connection.execute(text("SET TRANSACTION READ WRITE"))  # this one connection may still change the setting
        connection.execute(text(f"ALTER DATABASE {engine.url.database} SET default_transaction_read_only = "
                                f"{'on' if on else 'off'}"))
        connection.commit()

"""Settings from the environment, and the refusal to run production on a weak secret."""
from pathlib import Path

import pytest
from sqlalchemy import text

from voice_capture import create_app
from voice_capture.config import ConfigError, load_settings

STRONG = "k" * 20 + "Q9x-2mZ_7pLr4VbN8sTw"


@pytest.mark.parametrize("secret", [None, "", "dev", "changeme", "short-but-not-default"])
def test_production_refuses_a_missing_or_weak_secret(secret, tmp_path):
    environ = {"VOICE_CAPTURE_ENV": "production"}
    if secret is not None:
        environ["VOICE_CAPTURE_SECRET_KEY"] = secret
    with pytest.raises(ConfigError, match="VOICE_CAPTURE_SECRET_KEY"):
        load_settings(tmp_path, environ)


def test_production_refuses_at_app_start(database_url):
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "secret", "DATABASE_URL": database_url})


def test_production_with_a_strong_secret_starts_with_secure_cookies(database_url):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": STRONG, "DATABASE_URL": database_url})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Strict"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    app.extensions["vc_engine"].dispose()


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="VOICE_CAPTURE_ENV"):
        load_settings(tmp_path, {"VOICE_CAPTURE_ENV": "staging"})


def test_defaults_are_sqlite_in_the_instance_folder_and_a_kept_random_secret(tmp_path):
    first = load_settings(tmp_path, {})
    second = load_settings(tmp_path, {})
    assert first.database_url == f"sqlite:///{Path(tmp_path) / 'voice_capture.sqlite3'}"
    assert first.env == "development"
    assert len(first.secret_key) >= 32 and first.secret_key == second.secret_key


def test_database_url_comes_from_the_environment(tmp_path):
    settings = load_settings(tmp_path, {"VOICE_CAPTURE_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql://u@h/db"


def test_sqlite_runs_with_wal_foreign_keys_busy_timeout_and_full_sync(app, backend):
    if backend != "sqlite":
        pytest.skip("SQLite pragmas")
    with app.extensions["vc_engine"].connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("synchronous") == 2  # FULL


def test_postgresql_goes_through_psycopg_3(app, backend):
    if backend != "postgresql":
        pytest.skip("PostgreSQL driver")
    engine = app.extensions["vc_engine"]
    assert engine.dialect.driver == "psycopg"
    with engine.connect() as connection:
        assert connection.execute(text("SHOW server_version")).scalar().startswith("15")


def test_trusted_proxies_must_be_a_small_number(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        load_settings(tmp_path, {"VOICE_CAPTURE_TRUSTED_PROXIES": "lots"})
    assert load_settings(tmp_path, {"VOICE_CAPTURE_TRUSTED_PROXIES": "1"}).trusted_proxies == 1


def test_behind_a_proxy_logins_are_throttled_by_the_real_address(database_url):
    from helpers import FormClient, make_config

    app = create_app(make_config(database_url, TRUSTED_PROXIES=1))
    client = FormClient(app.test_client())
    for _ in range(5):  # one account from one address: the limit that holds a guesser at five
        client.submit("/login", {"email": "y@example.org", "password": "nope nope"},
                      headers={"X-Forwarded-For": "203.0.113.9"})
    blocked = client.submit("/login", {"email": "y@example.org", "password": "nope"},
                            headers={"X-Forwarded-For": "203.0.113.9"})
    other = client.submit("/login", {"email": "y@example.org", "password": "nope"},
                          headers={"X-Forwarded-For": "198.51.100.7"})
    assert (blocked.status_code, other.status_code) == (429, 200)
    app.extensions["vc_engine"].dispose()

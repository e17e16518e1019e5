"""The service's edges: HSTS only in production, the client address behind proxies, and login throttling that
slows guessing without locking an office out."""
from __future__ import annotations

import pytest

from helpers import TEST_PASSWORD, FormClient, make_config
from voice_capture import create_app
from voice_capture.config import ConfigError, load_settings
from voice_capture.models import Role

STRONG = "a-strong-production-secret-of-more-than-32-characters"


def _app(database_url, speech_cache, **config):
    return create_app(make_config(database_url, SPEECH_CACHE_DIR=str(speech_cache), **config))


@pytest.mark.parametrize("env, hsts", [("production", True), ("development", False)])
def test_hsts_only_in_production(database_url, speech_cache, env, hsts):
    app = _app(database_url, speech_cache, ENV_NAME=env, SECRET_KEY=STRONG)
    for url in ("/login", "/healthz", "/static/css/app.css", "/no-such-page"):
        header = app.test_client().get(url, base_url="https://voice.council.example").headers.get(
            "Strict-Transport-Security")
        assert (header == "max-age=63072000; includeSubDomains") if hsts else header is None, url
    app.extensions["vc_engine"].dispose()


def _fail(client, email, address="192.0.2.10", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    token = client.token("/login")
    return client.post("/login", data={"email": email, "password": "a wrong guess", "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def _sign_in(client, email, address="192.0.2.10", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    token = client.token("/login")
    return client.post("/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}, headers=headers).status_code


def test_five_failures_from_an_office_lock_out_only_that_account_there(client, new_client, make_user):
    mistyper, colleague = make_user(Role.SOCIAL_WORKER), make_user(Role.SOCIAL_WORKER)
    for _ in range(5):
        assert _fail(client, mistyper.email).status_code == 200
    assert _sign_in(new_client(), mistyper.email) == 429  # this account from this address waits a minute
    assert _sign_in(new_client(), colleague.email) == 302  # everyone else in the office carries on
    assert _sign_in(new_client(), mistyper.email, address="198.51.100.7") == 302  # and from home it works


def test_guesses_at_one_account_from_many_addresses_are_throttled(client, make_user, app):
    target = make_user(Role.SOCIAL_WORKER)
    limit = app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"]
    for number in range(limit):
        _fail(client, target.email, address=f"203.0.113.{number + 1}")  # never five from one address
    assert _sign_in(client, target.email, address="203.0.113.200") == 429


def test_one_address_guessing_many_accounts_is_throttled_at_its_own_higher_limit(client, make_user, app):
    app.config["LOGIN_ADDRESS_FAILURE_LIMIT"] = 12  # the same rule as the default 50, reached sooner
    victim = make_user(Role.SOCIAL_WORKER)
    for number in range(11):
        _fail(client, f"guess{number}@example.org")
    assert _sign_in(client, victim.email, address="192.0.2.99") == 302  # another address is not held up
    client.post("/logout", data={"csrf_token": client.token("/account")})
    _fail(client, "guess-last@example.org")
    assert _sign_in(client, victim.email) == 429  # the thirteenth try from the guessing address


def test_behind_one_proxy_a_forged_forwarded_address_does_not_dodge_the_limit(database_url, speech_cache, make_user):
    app = _app(database_url, speech_cache, TRUSTED_PROXIES=1)
    client = FormClient(app.test_client())
    user = make_user(Role.SOCIAL_WORKER)
    for number in range(5):  # the proxy appends the real client address after whatever the client sent
        _fail(client, user.email, address="10.0.0.2", forwarded=f"198.51.100.{number}, 192.0.2.10")
    assert _sign_in(client, user.email, address="10.0.0.2", forwarded="198.51.100.77, 192.0.2.10") == 429
    assert _sign_in(client, user.email, address="10.0.0.2", forwarded="192.0.2.11") == 302  # a real other client
    app.extensions["vc_engine"].dispose()


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    for number in range(5):
        _fail(client, user.email, forwarded=f"198.51.100.{number}")
    assert _sign_in(client, user.email, forwarded="198.51.100.200") == 429


@pytest.mark.parametrize("environ, message", [
    ({"VOICE_CAPTURE_OIDC_ISSUER": "https://login.example"}, "Set all three"),
    ({"VOICE_CAPTURE_ENV": "production", "VOICE_CAPTURE_SECRET_KEY": STRONG, "VOICE_CAPTURE_OIDC_ISSUER": "http://idp",
      "VOICE_CAPTURE_OIDC_CLIENT_ID": "a", "VOICE_CAPTURE_OIDC_CLIENT_SECRET": "b"}, "https://"),
    ({"VOICE_CAPTURE_BACKUP_KEY": "not-a-key"}, "VOICE_CAPTURE_BACKUP_KEY"),
    ({"VOICE_CAPTURE_METRICS_NETWORKS": "10.0.0.0/8, the office"}, "VOICE_CAPTURE_METRICS_NETWORKS"),
])
def test_half_or_wrong_settings_are_refused_at_start(tmp_path, environ, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path, environ)

"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock) served on a loopback port."""
from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread
from sqlmodel import select

from helpers import FormClient, make_config
from voice_capture import create_app
from voice_capture.auth.sso_routes import STATE_COOKIE
from voice_capture.models import AuditEvent, Role, SignInRequest, User

CLIENT_ID = "voice-capture-test"
# The provider (a test double written with Authlib) uses an Authlib API that Authlib now marks deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def expiring_provider():
    """A provider whose ID tokens are already ten minutes out of date when issued."""
    with run_server_in_thread(require_nonce=True, access_token_max_age=timedelta(minutes=-10)) as server:
        yield f"http://localhost:{server.server_port}"


def _app(database_url, speech_cache, issuer):
    return create_app(make_config(database_url, SPEECH_CACHE_DIR=str(speech_cache), OIDC_ISSUER=issuer,
                                  OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET="a-secret-the-provider-accepts"))


@pytest.fixture
def sso_app(database_url, speech_cache, provider):
    application = _app(database_url, speech_cache, provider)
    yield application
    application.extensions["vc_engine"].dispose()


@pytest.fixture
def sso_client(sso_app):
    return FormClient(sso_app.test_client())


def _to_provider(client) -> str:
    """Start signing in: the address the browser is sent to at the provider."""
    response = client.get("/login/sso?next=/account")
    assert response.status_code == 302
    return response.headers["Location"]


def _provider_answers(authorize_url: str, email: str) -> str:
    """The person signs in at the provider; its answer is an address back here (path and query)."""
    answer = requests.post(authorize_url, data={"sub": email}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def _refusals(db, reason: str) -> list[AuditEvent]:
    db.expire_all()
    return [event for event in db.exec(select(AuditEvent).where(AuditEvent.action == "sso_refused")).all()
            if event.detail.startswith(reason)]


def test_staff_sign_in_with_the_council_account(sso_client, make_user, db):
    worker = make_user(Role.SOCIAL_WORKER, email="sam.worker@council.example")
    users_before = len(db.exec(select(User)).all())
    authorize_url = _to_provider(sso_client)
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    pending = db.get(SignInRequest, query["state"][0])
    challenge = base64.urlsafe_b64encode(hashlib.sha256(pending.code_verifier.encode()).digest()).rstrip(b"=")
    assert query["code_challenge"] == [challenge.decode()]  # PKCE: only we know the verifier

    page = sso_client.get(_provider_answers(authorize_url, "Sam.Worker@council.example"))
    assert page.status_code == 200
    assert 'http-equiv="refresh" content="0; url=/account"' in page.get_data(as_text=True)
    assert sso_client.get("/account").status_code == 200
    db.expire_all()
    assert len(db.exec(select(User)).all()) == users_before  # signing in makes no account
    login = db.exec(select(AuditEvent).where(AuditEvent.action == "login")).one()
    assert login.user_id == worker.id and login.detail == "single sign-on"
    assert db.get(SignInRequest, query["state"][0]) is None


def test_an_unknown_email_is_refused_plainly_and_audited(sso_client, db):
    response = sso_client.get(_provider_answers(_to_provider(sso_client), "stranger@council.example"))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "There is no account here for stranger@council.example" in text and "Traceback" not in text
    assert sso_client.get("/").status_code == 302
    assert db.exec(select(User).where(User.email == "stranger@council.example")).first() is None
    assert [event.detail for event in _refusals(db, "unknown_email")] == ["unknown_email stranger@council.example"]


def test_signing_out_signs_out_at_the_provider_too(sso_client, make_user, provider):
    make_user(Role.MANAGER, email="maya@council.example")
    sso_client.get(_provider_answers(_to_provider(sso_client), "maya@council.example"))
    response = sso_client.post("/logout", data={"csrf_token": sso_client.token("/account")})
    assert response.status_code == 200 and response.headers["Clear-Site-Data"]
    address = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', response.get_data(as_text=True)).group(1)
    address = html.unescape(address)
    location = urlsplit(address)
    assert f"{location.scheme}://{location.netloc}" == provider and location.path == "/oauth2/end_session"
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/login"] and query["id_token_hint"][0].count(".") == 2
    assert requests.get(address, timeout=10).status_code == 200  # the provider's own page
    assert sso_client.get("/account").status_code == 302


def test_a_replayed_answer_is_refused_and_audited(sso_client, make_user, db):
    make_user(Role.SOCIAL_WORKER, email="priya@council.example")
    authorize_url = _to_provider(sso_client)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    answer = _provider_answers(authorize_url, "priya@council.example")
    assert sso_client.get(answer).status_code == 200
    sso_client.post("/logout", data={"csrf_token": sso_client.token("/account")})
    sso_client.set_cookie(STATE_COOKIE, state, path="/login/sso")  # even with the browser's cookie copied back
    response = sso_client.get(answer)
    assert response.status_code == 400 and "did not work" in response.get_data(as_text=True)
    assert sso_client.get("/account").status_code == 302
    assert len(_refusals(db, "replayed")) == 1


def test_an_answer_meant_for_another_browser_is_refused(sso_client, sso_app, make_user, db):
    """Login CSRF: someone else's answer (their state, not this browser's) signs nobody in."""
    make_user(Role.SOCIAL_WORKER, email="tom@council.example")
    attacker = FormClient(sso_app.test_client())
    answer = _provider_answers(_to_provider(attacker), "tom@council.example")
    _to_provider(sso_client)  # this browser has a sign-in of its own waiting
    response = sso_client.get(answer)
    assert response.status_code == 400 and sso_client.get("/").status_code == 302
    assert len(_refusals(db, "wrong_state")) == 1


def test_a_wrong_nonce_is_refused_and_audited(sso_client, make_user, db):
    make_user(Role.SOCIAL_WORKER, email="jordan@council.example")
    authorize_url = _to_provider(sso_client)
    pending = db.get(SignInRequest, parse_qs(urlsplit(authorize_url).query)["state"][0])
    pending.nonce = "not-the-nonce-the-provider-was-given"
    db.add(pending)
    db.commit()
    response = sso_client.get(_provider_answers(authorize_url, "jordan@council.example"))
    assert response.status_code == 400 and sso_client.get("/").status_code == 302
    assert len(_refusals(db, "wrong_nonce")) == 1


@pytest.mark.parametrize("tamper, reason", [
    (lambda query: query.replace("code=", "code=forged"), "code_refused"),
    (lambda query: query.split("&code=")[0].split("?")[0] + "?" + "&".join(
        part for part in query.split("?")[1].split("&") if not part.startswith("code=")), "malformed"),
    (lambda query: query + "&error=access_denied", "provider_said_no"),
])
def test_a_malformed_answer_is_refused_and_audited(sso_client, make_user, db, tamper, reason):
    make_user(Role.SOCIAL_WORKER, email="nia@council.example")
    answer = _provider_answers(_to_provider(sso_client), "nia@council.example")
    response = sso_client.get(tamper(answer))
    assert response.status_code == 400 and "did not work" in response.get_data(as_text=True)
    assert sso_client.get("/").status_code == 302
    assert len(_refusals(db, reason)) == 1


def test_an_expired_token_is_refused_and_audited(database_url, speech_cache, expiring_provider, make_user, db):
    app = _app(database_url, speech_cache, expiring_provider)
    client = FormClient(app.test_client())
    make_user(Role.SOCIAL_WORKER, email="late@council.example")
    response = client.get(_provider_answers(_to_provider(client), "late@council.example"))
    assert response.status_code == 400 and client.get("/").status_code == 302
    assert len(_refusals(db, "token_expired")) == 1
    app.extensions["vc_engine"].dispose()


def test_a_provider_that_cannot_be_reached_is_said_plainly(database_url, speech_cache):
    app = _app(database_url, speech_cache, "http://127.0.0.1:9")  # nothing listens on the discard port
    response = app.test_client().get("/login/sso")
    assert response.status_code == 503 and "cannot be reached just now" in response.get_data(as_text=True)
    app.extensions["vc_engine"].dispose()


def test_the_login_page_offers_the_council_account_only_when_configured(sso_client, client):
    assert "Sign in with your council account" in sso_client.get("/login").get_data(as_text=True)
    assert "Sign in with your council account" not in client.get("/login").get_data(as_text=True)

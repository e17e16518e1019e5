"""The second factor for local passwords: enrolment, codes, recovery codes, administrators made to enrol."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlmodel import select

from helpers import TEST_PASSWORD, allow_totp_reuse
from voice_capture.models import AuditEvent, RecoveryCode, Role, User

SECRET = re.compile(r'<code class="secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</code></li>")


def _password(client, user, password=TEST_PASSWORD):
    return client.submit("/login", {"email": user.email, "password": password})


def _enrol(client) -> tuple[str, list[str]]:
    """Read the key from the enrolment page, as someone typing it into their app would; confirm with a code."""
    page = client.get("/login/enrol").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    done = client.submit("/login/enrol", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200, done.get_data(as_text=True)
    return secret, RECOVERY.findall(done.get_data(as_text=True))


@pytest.fixture
def new_admin(make_user):
    return make_user(Role.ADMIN, totp_secret=None)


def test_an_administrator_must_enrol_before_being_signed_in(client, new_admin, db):
    response = _password(client, new_admin)
    assert response.headers["Location"] == "/login/enrol"
    assert client.get("/admin/users").status_code == 302  # a right password alone signs nobody in
    page = client.get("/login/enrol").get_data(as_text=True)
    assert "<svg" in page and "<title>QR code for your authenticator app</title>" in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    secret, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/users").status_code == 200
    db.expire_all()
    stored = db.get(User, new_admin.id)
    assert stored.totp_secret == secret
    hashes = {row.code_hash for row in db.exec(select(RecoveryCode).where(RecoveryCode.user_id == new_admin.id))}
    assert len(hashes) == 10 and not any(code in hashes or code.replace("-", "") in hashes for code in codes)
    assert db.exec(select(AuditEvent).where(AuditEvent.detail == "second factor set up")).one().user_id == new_admin.id


def test_enrolment_refuses_a_wrong_code(client, new_admin, db):
    _password(client, new_admin)
    client.get("/login/enrol")
    response = client.submit("/login/enrol", {"code": "000000"})
    assert response.status_code == 200 and "That code is not right" in response.get_data(as_text=True)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 302
    db.expire_all()
    assert db.get(User, new_admin.id).totp_secret is None


def test_a_wrong_code_does_not_sign_in_and_too_many_are_throttled(client, make_user):
    admin = make_user(Role.ADMIN)
    assert _password(client, admin).headers["Location"] == "/login/code"
    right = pyotp.TOTP(admin.totp_secret).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.submit("/login/code", {"code": wrong})
    assert response.status_code == 200 and "That code is not right" in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 302
    for _ in range(4):
        client.submit("/login/code", {"code": wrong})
    response = client.submit("/login/code", {"code": right})  # the sixth try in a minute, even a right one
    assert response.status_code == 429 and "Too many wrong codes" in response.get_data(as_text=True)


def test_a_code_works_once(client, new_client, make_user):
    admin = make_user(Role.ADMIN)
    code = pyotp.TOTP(admin.totp_secret).now()
    _password(client, admin)
    assert client.submit("/login/code", {"code": code}).status_code == 302
    other = new_client()  # someone who saw the code over a shoulder, with the password too
    _password(other, admin)
    response = other.submit("/login/code", {"code": code})
    assert response.status_code == 200 and other.get("/admin/users").status_code == 302


def test_a_recovery_code_signs_in_once(client, new_admin):
    _password(client, new_admin)
    _secret, codes = _enrol(client)
    client.post("/logout", data={"csrf_token": client.token("/account")})
    _password(client, new_admin)
    assert client.submit("/login/code", {"code": codes[3].lower()}).status_code == 302
    assert client.get("/admin/users").status_code == 200
    client.post("/logout", data={"csrf_token": client.token("/account")})
    _password(client, new_admin)
    response = client.submit("/login/code", {"code": codes[3]})
    assert response.status_code == 200 and "That code is not right" in response.get_data(as_text=True)
    assert client.submit("/login/code", {"code": codes[4]}).status_code == 302


def test_staff_may_add_a_second_factor_and_then_need_it(client, social_worker):
    client.login(social_worker)
    assert "Set up an authenticator app" in client.get("/account").get_data(as_text=True)
    secret, codes = _enrol(client)
    assert len(codes) == 10
    client.post("/logout", data={"csrf_token": client.token("/account")})
    assert _password(client, social_worker).headers["Location"] == "/login/code"
    assert client.get("/").status_code == 302
    social_worker.totp_secret = secret
    allow_totp_reuse(client.application.extensions["vc_engine"], social_worker)
    assert client.submit("/login/code", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/").status_code == 200


def test_a_code_page_left_too_long_starts_again(client, make_user):
    admin = make_user(Role.ADMIN)
    _password(client, admin)
    with client.session_transaction() as session:
        session["pending_sign_in"] = {**session["pending_sign_in"], "at": time.time() - 301}
    assert client.get("/login/code").headers["Location"] == "/login"


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1" * 41, "\u0000" * 6])
def test_nonsense_codes_are_refused_plainly(client, make_user, code):
    admin = make_user(Role.ADMIN)
    _password(client, admin)
    response = client.submit("/login/code", {"code": code})
    assert response.status_code in (200, 400) and client.get("/admin/users").status_code == 302
    assert "Traceback" not in response.get_data(as_text=True)


def test_replacing_the_app_needs_a_code_from_the_old_one(client, social_worker, db):
    """Someone who got hold of a signed-in session alone cannot move the second factor to their own phone."""
    client.login(social_worker)
    old_secret, codes = _enrol(client)
    page = client.get("/login/enrol").get_data(as_text=True)
    new_secret = SECRET.search(page).group(1).replace(" ", "")
    response = client.submit("/login/enrol", {"code": pyotp.TOTP(new_secret).now()})
    assert "Type a code from your old app" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, social_worker.id).totp_secret == old_secret
    response = client.submit("/login/enrol", {"code": pyotp.TOTP(new_secret).now(), "current_code": codes[0]})
    assert response.status_code == 200 and len(RECOVERY.findall(response.get_data(as_text=True))) == 10
    db.expire_all()
    assert db.get(User, social_worker.id).totp_secret == new_secret

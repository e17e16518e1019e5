"""Signing in and out: argon2id, a new session at login, throttling, idle timeout, safe redirects."""
from datetime import timedelta

import pytest
from sqlmodel import select

from helpers import TEST_PASSWORD
from voice_capture.models import AuditEvent, LoginFailure, Role, User


def test_pages_need_a_login(client):
    response = client.get("/children/1")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/children/1")


def test_login_then_dashboard_then_logout(client, social_worker):
    response = client.login(social_worker)
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.submit("/logout", page="/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_signing_out_ends_a_copied_cookie_but_not_the_users_other_sessions(app, social_worker, new_client):
    laptop, tablet = new_client(), new_client()
    laptop.login(social_worker)
    tablet.login(social_worker)  # the same worker's tablet, perhaps in child mode with a child
    copy = app.test_client()
    copy.set_cookie("vc_session", laptop.get_cookie("vc_session").value)
    assert copy.get("/").status_code == 200
    laptop.submit("/logout", page="/")
    response = copy.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert tablet.get("/").status_code == 200


def test_records_of_ended_sessions_go_once_no_session_could_last_that_long(client, social_worker, db):
    from voice_capture.models import EndedSession, utcnow

    db.add(EndedSession(sid="long-gone", ended_at=utcnow() - timedelta(days=2)))
    db.add(EndedSession(sid="recent", ended_at=utcnow() - timedelta(hours=1)))
    db.commit()
    client.login(social_worker)
    client.submit("/logout", page="/")
    db.expire_all()
    kept = {row.sid for row in db.exec(select(EndedSession)).all()}
    assert "long-gone" not in kept and "recent" in kept and len(kept) == 2


def test_logout_only_by_post(logged_in):
    assert logged_in.get("/logout").status_code == 405


def test_passwords_are_hashed_with_argon2id(client, app, db):
    from voice_capture.auth.services import create_user

    with app.app_context():
        user = create_user(session=db, email="New@Example.org ", display_name="New", password="a long password here",
                           role=Role.ADMIN, team=None)
    db.commit()
    assert user.email == "new@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert "a long password here" not in user.password_hash


def test_wrong_password_gives_a_plain_message_and_no_session(client, social_worker):
    response = client.submit("/login", {"email": social_worker.email, "password": "wrong password"})
    assert response.status_code == 200
    assert "The email address or password is not right" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_starts_a_new_session(client, social_worker):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login(social_worker)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["uid"] == social_worker.id


def test_session_cookie_is_httponly_and_strict(client, social_worker):
    response = client.login(social_worker)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_inactive_account_cannot_sign_in(client, make_user):
    user = make_user(Role.SOCIAL_WORKER, is_active=False)
    response = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_five_failures_throttle_the_account_even_with_the_right_password(client, social_worker):
    for _ in range(5):
        client.submit("/login", {"email": social_worker.email, "password": "nope nope"})
    response = client.submit("/login", {"email": social_worker.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Wait one minute" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_throttle_lifts_after_the_window(client, social_worker, db):
    for _ in range(5):
        client.submit("/login", {"email": social_worker.email, "password": "nope nope"})
    for failure in db.exec(select(LoginFailure)).all():
        failure.at = failure.at - timedelta(minutes=2)
        db.add(failure)
    db.commit()
    assert client.submit("/login", {"email": social_worker.email, "password": TEST_PASSWORD}).status_code == 302


def test_next_only_goes_to_this_site(client, social_worker):
    token = client.token("/login")
    response = client.post("/login?next=//evil.example/x",
                           data={"email": social_worker.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_next_returns_to_the_page_asked_for(client, social_worker):
    token = client.token("/login")
    response = client.post("/login?next=/account",
                           data={"email": social_worker.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/account"


def test_idle_session_signs_out(logged_in):
    with logged_in.session_transaction() as session:
        session["seen"] -= 31 * 60
    response = logged_in.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_is_audited(client, social_worker, db):
    client.login(social_worker)
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "login")).one()
    assert event.user_id == social_worker.id


def test_change_own_password_needs_the_current_one(logged_in, db):
    response = logged_in.submit("/account", {"locale": "", "current_password": "wrong",
                                             "new_password": "a brand new password", "confirm_password": "a brand new password"})
    assert "Your current password is not right" in response.get_data(as_text=True)
    response = logged_in.submit("/account", {"locale": "", "current_password": TEST_PASSWORD,
                                             "new_password": "a brand new password", "confirm_password": "a brand new password"})
    assert response.status_code == 302
    db.expire_all()
    user = db.get(User, logged_in.user.id)
    from voice_capture.auth.passwords import verify_password
    assert verify_password(user.password_hash, "a brand new password")


@pytest.mark.parametrize("email", ["", " ", "x" * 300])
def test_login_form_rejects_empty_and_huge_input_plainly(client, email):
    response = client.submit("/login", {"email": email, "password": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\r/evil.example", "/\r\n/x",
                                    "https://evil.example/", "//evil.example", "/\\evil.example"])
def test_next_cannot_leave_the_site_or_break_the_redirect(client, social_worker, target):
    token = client.token("/login")
    response = client.post("/login", query_string={"next": target},
                           data={"email": social_worker.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_guesses_sent_in_parallel_are_throttled_too(app, social_worker, db):
    import threading

    from helpers import FormClient

    statuses = []

    def guess():
        client = FormClient(app.test_client())
        statuses.append(client.submit("/login", {"email": social_worker.email, "password": "wrong guess"}).status_code)

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) <= 5 and statuses.count(429) >= 11
    counted = db.exec(select(LoginFailure).where(LoginFailure.key == f"account:{social_worker.email}")).all()
    assert len(counted) == 16


def test_changing_the_password_ends_every_other_session(app, social_worker):
    from helpers import FormClient

    laptop, lost_tablet = FormClient(app.test_client()), FormClient(app.test_client())
    laptop.login(social_worker)
    lost_tablet.login(social_worker)
    response = laptop.submit("/account", {"locale": "", "current_password": TEST_PASSWORD,
                                          "new_password": "a brand new password", "confirm_password": "a brand new password"})
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert lost_tablet.get("/").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_busy(logged_in):
    with logged_in.session_transaction() as session:
        session["login_at"] -= 13 * 3600
    assert logged_in.get("/").status_code == 302

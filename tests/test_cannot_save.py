"""Saving that tells the truth: a clash is "try again" (kept), a database that cannot be written is 503 with
Retry-After (kept, stored once later), /healthz says so, and child mode's errors stay in the child's layout."""
from __future__ import annotations

from sqlmodel import select
from test_capture import family as _family
from test_capture import page_token, post_json, send
from test_capture import talking as _talking

from helpers import TEST_PASSWORD, database_read_only
from voice_capture.models import User, View

family, talking = _family, _talking  # a conversation on a locked tablet, as in test_capture.py


def answer_body(position: int, keys: list[str], key: str) -> dict:
    return {"position": position, "keys": keys, "said": "", "how": "tapped", "idempotency_key": key}


def test_a_clash_says_try_again_and_an_invalid_answer_says_so(talking, db, monkeypatch):
    from voice_capture.capture import services

    client, capture = talking
    send(client, capture, 1, ["happy"], key="first")
    monkeypatch.setattr(services, "_latest_at", lambda *args: None)  # every try loses the race for version 1
    monkeypatch.setattr(services, "_answer_or_latest", lambda *args: None)  # SQLite's first look, too
    clash = send(client, capture, 1, ["sad"], key="second")
    assert clash.status_code == 422 and clash.get_json()["code"] == "retry" and clash.headers["Retry-After"]
    monkeypatch.undo()
    invalid = send(client, capture, 1, ["not-a-choice"], key="third")
    assert invalid.status_code == 422 and invalid.get_json()["code"] == "invalid"
    assert send(client, capture, 1, ["sad"], key="second").status_code == 201  # the clashed one, sent again
    assert [v.chosen[0]["key"] for v in db.exec(select(View).order_by(View.version)).all()] == ["happy", "sad"]


def test_an_answer_to_a_database_that_cannot_be_written_is_503_and_is_stored_once_later(talking, app, db):
    client, capture = talking
    token = page_token(client.get(f"/talk/{capture.id}").get_data(as_text=True))
    url = f"/talk/{capture.id}/answer"
    with database_read_only(app.extensions["vc_engine"]):
        for _ in range(2):
            response = post_json(client, url, answer_body(1, ["happy"], "kept-on-the-tablet"), token)
            assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
            assert response.get_json() == {"saved": False, "code": "unavailable",
                                           "error": "We cannot save anything just now"}
    db.expire_all()
    assert db.exec(select(View)).first() is None
    for expected in (201, 200):  # sent again when the database is back: stored once, then a repeat
        assert post_json(client, url, answer_body(1, ["happy"], "kept-on-the-tablet"), token).status_code == expected
    assert len(db.exec(select(View)).all()) == 1


def test_a_change_that_fails_at_the_commit_is_a_plain_503_page(client, app, db, make_user, make_team):
    user = make_user(display_name="Pat Practitioner")
    client.login(user)
    token_page = "/account"
    with database_read_only(app.extensions["vc_engine"]):
        response = client.submit("/account", {"locale": "cy"}, page=token_page)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "We cannot save anything just now" in page and "Traceback" not in page
    assert "Content-Security-Policy" in response.headers  # the page's own security headers are kept
    db.expire_all()
    assert db.get(User, user.id).locale is None


def test_healthz_reports_a_database_that_cannot_be_written(client, app):
    with database_read_only(app.extensions["vc_engine"]):
        response = client.get("/healthz")
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert response.get_json()["database"] == "read_only" and response.get_json()["status"] == "unavailable"
    assert client.get("/healthz").status_code == 200  # and nothing was left behind by the check


def test_errors_inside_child_mode_use_the_childs_layout(talking, family):
    client, capture = talking
    name = family["worker"].display_name
    for url in (f"/talk/{capture.id}/change/999", "/symbols/no-such-symbol.svg", f"/talk/{capture.id}/speech/nope.mp3"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 404 and "child-mode" in page, url
        assert name not in page and "Sign out" not in page and f"/talk/{capture.id}" in page, url
    token = page_token(client.get(f"/talk/{capture.id}").get_data(as_text=True))
    refused = client.post("/logout", data={"csrf_token": token})  # a form from a locked tablet
    assert refused.status_code == 403 and not refused.is_json and "child-mode" in refused.get_data(as_text=True)
    assert client.submit(f"/talk/{capture.id}/unlock", {"password": TEST_PASSWORD}).status_code == 302
    unlocked = client.get(f"/talk/{capture.id}/change/999").get_data(as_text=True)
    assert "child-mode" not in unlocked  # out of child mode: the ordinary page again

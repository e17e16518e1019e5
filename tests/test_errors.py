"""Friendly error pages: plain words, the site's headers, never a stack trace, nothing lost."""
import pytest
from sqlmodel import select

from helpers import FormClient, make_config
from voice_capture import create_app
from voice_capture.models import Team


@pytest.fixture
def fragile_app(database_url):
    app = create_app(make_config(database_url))
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        from voice_capture import db

        db.session().add(Team(name="Half-finished work"))
        raise RuntimeError("secret internal detail")

    @app.route("/boom-on-write")
    def boom_on_write():
        from voice_capture import db

        db.session().add(Team(name="half \ud800 a pair"))  # no UTF-8 for it: the write fails in the driver
        db.session().flush()

    yield app
    app.extensions["vc_engine"].dispose()


def test_an_unexpected_error_gives_a_friendly_500_and_saves_nothing_half_done(fragile_app, make_user, db):
    client = FormClient(fragile_app.test_client())
    client.login(make_user())
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and "Nothing you entered before this was lost" in page
    assert "secret internal detail" not in page and "Traceback" not in page
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert db.exec(select(Team).where(Team.name == "Half-finished work")).first() is None


def test_a_failed_write_still_gets_the_friendly_page(fragile_app, make_user):
    """A write that fails leaves the session needing a rollback; the error page's own reads (the
    user's language) must not fail on top of it."""
    client = FormClient(fragile_app.test_client())
    client.login(make_user())
    response = client.get("/boom-on-write")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/children/99999999999999999999999", "/plans/-1", "/children/abc",
                                 "/plans/2147483648", "/letters/2147483648", "/conversations/9223372036854775807",
                                 "/scripts/1/preview?respondent=2147483648"])
def test_impossible_ids_are_404_not_errors(logged_in, url):
    response = logged_in.get(url)
    assert response.status_code == 404
    assert "We cannot find that page" in response.get_data(as_text=True)


def test_an_oversized_request_is_refused_plainly(logged_in):
    response = logged_in.post("/children/new", data={"how_i_communicate": "x" * (9 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too big" in response.get_data(as_text=True)


def test_the_403_page_says_what_to_do(logged_in, make_child):
    child = make_child()  # another team's child
    page = logged_in.get(f"/children/{child.id}").get_data(as_text=True)
    assert "You cannot open this page" in page and "ask your manager" in page


def test_markup_in_an_account_name_is_escaped(client, make_user):
    from voice_capture.models import Role

    admin = make_user(Role.ADMIN, display_name="<script>alert(1)</script>")
    client.login(admin)
    for url in ("/admin/users", "/account"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_text_no_database_can_keep_is_refused_plainly_and_nothing_is_saved(logged_in, db, make_child, make_plan,
                                                                           social_worker):
    from voice_capture.models import PlanItem

    plan = make_plan(make_child(social_worker.team_id, worker=social_worker))
    before = len(db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).all())
    token = logged_in.token(f"/plans/{plan.id}")
    for text in ("a NUL \x00 inside", "\x00"):  # (half a surrogate pair can only come in JSON: see below)
        response = logged_in.post(f"/plans/{plan.id}/items/new", data={"csrf_token": token, "text": text})
        assert response.status_code == 400
        assert "Something in that request was not right" in response.get_data(as_text=True)
    assert len(db.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).all()) == before


@pytest.mark.parametrize("body", ['{"text": "a \\u0000 b"}', '{"text": "\\ud800"}', "[" * 1100 + "]" * 1100,
                                  '{"text": ' + "[" * 100 + "]" * 100 + "}"])
def test_json_no_database_can_keep_or_too_deep_to_read_is_a_plain_400(logged_in, body):
    token = logged_in.token("/account")
    response = logged_in.post("/readability", data=body,
                              headers={"Content-Type": "application/json", "X-CSRFToken": token})
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["error"] == "Something in that request was not right"

"""The public health check, and the audit trail an admin or manager reads."""
from sqlmodel import select

from helpers import make_config
from voice_capture import create_app
from voice_capture.models import AuditEvent, Role
from voice_capture.speech.engine import encoder_available, engine_available


def test_healthz_is_public_json_and_reports_database_and_speech(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok" and body["status"] == "ok"
    assert body["speech"] == ("ok" if engine_available() and encoder_available() else "unavailable")


def test_speech_engine_is_installed_here():
    # The set-up installs espeak-ng and lame; without them child mode cannot speak.
    assert engine_available() and encoder_available()


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path}/missing-folder/db.sqlite3"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_managers_read_the_trail_of_their_teams_child(client, make_team, make_user, make_child, db):
    team = make_team()
    worker = make_user(Role.SOCIAL_WORKER, team, display_name="Wendy Worker")
    manager = make_user(Role.MANAGER, team)
    child = make_child(team=team, worker=worker)
    client.login(worker)
    client.get(f"/children/{child.id}")
    client.submit("/logout", page="/")
    client.login(manager)
    page = client.get(f"/children/{child.id}/audit").get_data(as_text=True)
    assert "Wendy Worker" in page and "looked at" in page
    trail = db.exec(select(AuditEvent).where(AuditEvent.child_id == child.id)).all()
    assert {(e.user_id, e.action, e.entity_type) for e in trail} >= {
        (worker.id, "view", "child"), (manager.id, "view", "audit_trail")}
    assert all(e.remote_addr for e in trail)


def test_every_page_showing_a_childs_record_is_audited_and_refusals_too(client, make_team, make_user, make_child,
                                                                        make_plan, db):
    team = make_team()
    worker = make_user(Role.SOCIAL_WORKER, team)
    child = make_child(team=team, worker=worker)
    plan = make_plan(child)
    client.login(worker)
    for url in (f"/children/{child.id}/edit", f"/children/{child.id}/profile", f"/plans/{plan.id}/edit",
                f"/plans/{plan.id}/talk/new"):
        before = len(db.exec(select(AuditEvent).where(AuditEvent.action == "view")).all())
        assert client.get(url).status_code == 200
        assert len(db.exec(select(AuditEvent).where(AuditEvent.action == "view")).all()) == before + 1, url
    client.submit("/logout", page="/")
    outsider = make_user(Role.SOCIAL_WORKER)
    client.login(outsider)
    assert client.get(f"/children/{child.id}").status_code == 403
    refused = db.exec(select(AuditEvent).where(AuditEvent.action == "denied")).one()
    assert (refused.user_id, refused.child_id, refused.detail) == (outsider.id, child.id, f"/children/{child.id}")
    # Pages named by a plan (or a letter, a conversation…) rather than the child: still in the child's trail.
    for url in (f"/plans/{plan.id}", f"/plans/{plan.id}/summary.pdf"):
        assert client.get(url).status_code == 403
    refusals = db.exec(select(AuditEvent).where(AuditEvent.action == "denied").order_by(AuditEvent.id)).all()
    assert [(event.child_id, event.detail) for event in refusals[1:]] == [
        (child.id, f"/plans/{plan.id}"), (child.id, f"/plans/{plan.id}/summary.pdf")]

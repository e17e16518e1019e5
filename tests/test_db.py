"""The one commit point: work is committed once after the view, and side effects run only after it."""
from flask import Response
from sqlmodel import select

from voice_capture import db
from voice_capture.models import Team


def _finish(app, status: int, *, opens_session: bool) -> list[str]:
    """A request that registers a side effect (and perhaps writes), ended with this status."""
    ran: list[str] = []
    with app.test_request_context("/"):
        if opens_session:
            db.session().add(Team(name=f"Team from a {status}"))
        db.after_commit(lambda: ran.append("side effect"))
        db._commit_if_ok(Response(status=status))
    return ran


def test_side_effects_run_after_the_commit_and_the_work_is_kept(app):
    assert _finish(app, 200, opens_session=True) == ["side effect"]
    with app.app_context():
        assert db.session().exec(select(Team).where(Team.name == "Team from a 200")).first() is not None


def test_an_error_rolls_back_and_runs_no_side_effect(app):
    assert _finish(app, 409, opens_session=True) == []
    with app.app_context():
        assert db.session().exec(select(Team).where(Team.name == "Team from a 409")).first() is None


def test_a_request_that_never_opened_a_session_still_runs_its_side_effects(app):
    assert _finish(app, 200, opens_session=False) == ["side effect"]
    assert _finish(app, 500, opens_session=False) == []

"""The flask commands: init-db, seed-demo, create-team, create-user, and their plain errors."""
import pytest
from sqlalchemy import inspect
from sqlmodel import Session, func, select

from helpers import make_config
from voice_capture import create_app
from voice_capture.models import Child, Plan, PlanType, Respondent, Team, User


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_init_db_creates_every_table_and_is_safe_twice(empty_database_url):
    app = create_app(make_config(empty_database_url))
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "is up to date" in result.output
    tables = set(inspect(app.extensions["vc_engine"]).get_table_names())
    assert {"app_user", "child", "respondent", "plan", "plan_item", "view", "response", "feedback_letter",
            "audit_event", "conversation_script", "capture_session"} <= tables
    app.extensions["vc_engine"].dispose()


def test_commands_before_init_db_say_what_to_do(empty_database_url):
    app = create_app(make_config(empty_database_url))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "Run: flask --app voice_capture init-db" in result.output
    app.extensions["vc_engine"].dispose()


def test_seed_demo_builds_the_three_families_once(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "priya@example.org" in first.output and "demo-password-2026" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "already there" in second.output
    with Session(app.extensions["vc_engine"]) as session:
        assert session.exec(select(func.count()).select_from(User)).one() == 6
        roles = set(session.exec(select(User.role)).all())
        assert roles == {"admin", "manager", "social_worker", "practitioner"}
        children = {c.given_name: c for c in session.exec(select(Child)).all()}
        assert {"Oliver", "Amira", "Elis"} <= set(children)
        ollie = session.exec(select(Respondent).where(Respondent.child_id == children["Oliver"].id,
                                                      Respondent.relationship == "child")).one()
        assert (ollie.access_method, ollie.reading_level) == ("switch1", "pictures")
        amira = session.exec(select(Respondent).where(Respondent.child_id == children["Amira"].id)).all()
        assert {r.relationship for r in amira} == {"child", "sibling", "parent"}
        assert any(r.access_method == "dwell" for r in amira)
        elis = session.exec(select(Respondent).where(Respondent.child_id == children["Elis"].id)).all()
        assert {r.language for r in elis} == {"cy"}
        plan_types = set(session.exec(select(Plan.plan_type)).all())
        assert len(plan_types) >= 4 and plan_types <= {t.value for t in PlanType}


def test_seed_demo_is_refused_in_production(database_url):
    app = create_app(make_config(database_url, ENV_NAME="production", SECRET_KEY="p" * 40))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "cannot be added in production" in result.output
    app.extensions["vc_engine"].dispose()


def test_create_team_and_user(app, runner):
    assert runner.invoke(args=["create-team", "Valleys team"]).exit_code == 0
    result = runner.invoke(args=["create-user", "--email", "Dai@Example.org", "--name", "Dai Morgan",
                                 "--role", "social_worker", "--team", "Valleys team"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    with Session(app.extensions["vc_engine"]) as session:
        user = session.exec(select(User).where(User.email == "dai@example.org")).one()
        team = session.exec(select(Team).where(Team.name == "Valleys team")).one()
        assert user.team_id == team.id and user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize("args, message", [
    (["--email", "a@b.org", "--name", "A", "--role", "wizard"], "'wizard' is not one of"),
    (["--email", "nobody", "--name", "A", "--role", "admin"], "is not an email address"),
    (["--email", "a@b.org", "--name", "A", "--role", "manager", "--team", "Atlantis"], "There is no team called Atlantis"),
    (["--email", "a@b.org", "--name", "A", "--role", "manager"], "must belong to a team"),
    (["--email", "a@b.org", "--name", "A", "--role", "admin", "--password", "short"], "at least 12 characters"),
    (["--email", "a@b.org", "--name", "  ", "--role", "admin"], "A name must have between 1 and 120 characters"),
])
def test_create_user_rejects_bad_arguments_plainly(app, runner, args, message):
    if "--password" not in args:
        args = args + ["--password", "a long enough password"]
    result = runner.invoke(args=["create-user", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    with Session(app.extensions["vc_engine"]) as session:
        assert session.exec(select(User)).first() is None


def test_create_user_refuses_a_duplicate(app, runner):
    args = ["create-user", "--email", "a@b.org", "--name", "A", "--role", "admin", "--password", "a long enough password"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and "already exists" in result.output


def test_create_team_rejects_duplicates_and_blank_names(runner):
    assert runner.invoke(args=["create-team", "One"]).exit_code == 0
    assert "already exists" in runner.invoke(args=["create-team", "One"]).output
    assert "between 1 and 120" in runner.invoke(args=["create-team", "  "]).output


def test_prune_speech_removes_only_audio_unused_for_that_long(app, runner, tmp_path):
    import os
    import time

    app.config["MEDIA_URL"] = f"file://{tmp_path}"
    app.extensions.pop("vc_media", None)
    (tmp_path / "speech").mkdir()
    old, fresh = tmp_path / "speech" / ("a" * 64 + ".mp3"), tmp_path / "speech" / ("b" * 64 + ".mp3")
    other = tmp_path / "keep.txt"  # not speech: pruning speech leaves it
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    result = runner.invoke(args=["prune-speech", "--older-than-days", "30"])
    assert result.exit_code == 0 and "Removed 1 cached speech file." in result.output
    assert not old.exists() and fresh.exists() and other.exists()
    assert "is not in the range" in runner.invoke(args=["prune-speech", "--older-than-days", "-1"]).output

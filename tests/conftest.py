"""Fixtures: a fresh database per test (SQLite or a real PostgreSQL), the app, clients, and
factories that make teams, users, children and plans."""
from __future__ import annotations

import itertools
import os
from datetime import date, timedelta

import pyotp
import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from helpers import TEST_PASSWORD, FormClient, fresh_database, make_config, postgres_database
from voice_capture import create_app, migrate
from voice_capture.auth.passwords import hash_password
from voice_capture.conversations.builtin import ensure_builtin_scripts
from voice_capture.db import make_engine
from voice_capture.models import (
    Child,
    ChildPractitioner,
    Plan,
    PlanAgency,
    PlanItem,
    Relationship,
    Respondent,
    Role,
    Team,
    User,
)


def pytest_addoption(parser):
    parser.addoption(
        "--db", choices=("sqlite", "postgresql"), default=os.environ.get("VOICE_CAPTURE_TEST_DB", "sqlite"),
        help="Run the suite on SQLite (default) or on a throwaway PostgreSQL 15 cluster.",
    )


def pytest_report_header(config):
    return f"voice_capture database backend: {config.getoption('--db')}"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .mo files are build output: compile them from the committed .po files for this run."""
    from voice_capture.translations import compile_all

    compile_all()


# --- databases -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def backend(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def pg_cluster(backend):
    if backend != "postgresql":
        yield None
        return
    from pgcluster import ThrowawayCluster

    cluster = ThrowawayCluster().start()
    yield cluster
    cluster.stop()


def prepare(engine) -> None:
    """What init-db does: apply the migrations, then store the ready-made conversations."""
    migrate.upgrade(engine)
    app = create_app(make_config(str(engine.url.render_as_string(hide_password=False))))
    with app.app_context(), Session(engine) as session:
        ensure_builtin_scripts(session)
        session.commit()
    app.extensions["vc_engine"].dispose()


@pytest.fixture(scope="session")
def template_database(backend, pg_cluster, tmp_path_factory):
    """A database migrated once with Alembic; every test gets a fresh copy of it."""
    if backend == "postgresql":
        admin = create_engine(pg_cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE vc_template"))
        engine = make_engine(pg_cluster.url("vc_template"))
        prepare(engine)
        engine.dispose()
        yield admin
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        prepare(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        yield path


@pytest.fixture
def database_url(backend, pg_cluster, template_database, tmp_path):
    with fresh_database(backend, pg_cluster, template_database, tmp_path) as url:
        yield url


@pytest.fixture
def empty_database_url(backend, pg_cluster, template_database, tmp_path):
    """A database with no tables at all, for migration and init-db tests."""
    if backend == "postgresql":
        with postgres_database(template_database, pg_cluster) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"


@pytest.fixture(scope="session")
def speech_cache(tmp_path_factory):
    """One audio cache for the run, outside the project's instance folder."""
    return tmp_path_factory.mktemp("speech-cache")


# --- the app -----------------------------------------------------------------------------------

@pytest.fixture
def app(database_url, speech_cache):
    application = create_app(make_config(database_url, MEDIA_URL=f"file://{speech_cache}"))
    yield application
    application.extensions["vc_engine"].dispose()


@pytest.fixture
def client(app) -> FormClient:
    return FormClient(app.test_client())


@pytest.fixture
def new_client(app):
    """Another browser, for tests that need two people at once."""
    return lambda: FormClient(app.test_client())


@pytest.fixture
def db(app):
    """A session on the test database, for arranging data and checking what was stored."""
    with Session(app.extensions["vc_engine"], expire_on_commit=False) as session:
        yield session


# --- factories ---------------------------------------------------------------------------------

_PASSWORD_HASH = hash_password(TEST_PASSWORD)  # hashed once: argon2 is slow on purpose
_counter = itertools.count(1)


@pytest.fixture
def make_team(db):
    def make(name: str | None = None) -> Team:
        team = Team(name=name or f"Team {next(_counter)}")
        db.add(team)
        db.commit()
        return team

    return make


@pytest.fixture
def make_user(db, make_team):
    def make(role: Role = Role.SOCIAL_WORKER, team: Team | None = None, **fields) -> User:
        if team is None and role != Role.ADMIN:
            team = make_team()
        number = next(_counter)
        if role == Role.ADMIN:
            fields.setdefault("totp_secret", pyotp.random_base32())  # administrators must have a second factor
        user = User(
            email=fields.pop("email", f"user{number}@example.org"),
            display_name=fields.pop("display_name", f"User {number}"),
            password_hash=_PASSWORD_HASH, role=role.value, team_id=team.id if team else None, **fields,
        )
        db.add(user)
        db.commit()
        return user

    return make


@pytest.fixture
def make_child(db, make_team):
    def make(team: Team | int | None = None, worker: User | None = None, practitioners=(), **profile) -> Child:
        """A child in `team` (a Team, a team's id, or a new team)."""
        team_id = team if isinstance(team, int) else (team or make_team()).id
        child = Child(given_name=profile.pop("given_name", "Sam"), family_name=profile.pop("family_name", "Taylor"),
                      date_of_birth=date(2016, 5, 4), team_id=team_id,
                      allocated_worker_id=worker.id if worker else None)
        db.add(child)
        db.flush()
        db.add(Respondent(child_id=child.id, relationship=Relationship.CHILD.value, name="Sam Taylor",
                          preferred_name=profile.pop("preferred_name", "Sam"), **profile))
        for practitioner in practitioners:
            db.add(ChildPractitioner(child_id=child.id, user_id=practitioner.id))
        db.commit()
        return child

    return make


@pytest.fixture
def make_plan(db):
    def make(child: Child, *, items=("Sam goes to all his appointments.",), review_in_days: int = 10) -> Plan:
        plan = Plan(child_id=child.id, plan_type="child_in_need", start_date=date.today() - timedelta(days=30),
                    review_date=date.today() + timedelta(days=review_in_days))
        db.add(plan)
        db.flush()
        for position, item in enumerate(items, start=1):
            db.add(PlanItem(plan_id=plan.id, position=position, text=item))
        db.add(PlanAgency(plan_id=plan.id, kind="gp", name="Riverside Surgery"))
        db.commit()
        return plan

    return make


@pytest.fixture
def social_worker(make_user, make_team):
    return make_user(Role.SOCIAL_WORKER, make_team())


@pytest.fixture
def logged_in(client, social_worker):
    """A client signed in as a social worker, with their team in `client.team`."""
    client.login(social_worker)
    client.user = social_worker
    return client

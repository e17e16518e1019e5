"""Every migration runs up and down, with data in the tables, and the result matches the models."""
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel

from voice_capture import migrate
from voice_capture.db import make_engine
from voice_capture.models import Child, Plan, PlanItem, Relationship, Respondent, Team, User


def _revisions() -> list[str]:
    script = ScriptDirectory(str(migrate.MIGRATIONS_DIR))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _add_a_family(engine) -> None:
    with Session(engine) as session:
        team = Team(name="Team")
        session.add(team)
        session.flush()
        session.add(User(email="a@example.org", display_name="A", password_hash="x", role="social_worker", team_id=team.id))
        child = Child(given_name="Ann", family_name="Lee", date_of_birth=date(2015, 1, 1), team_id=team.id)
        session.add(child)
        session.flush()
        session.add(Respondent(child_id=child.id, relationship=Relationship.CHILD.value, name="Ann", preferred_name="Ann"))
        plan = Plan(child_id=child.id, plan_type="ehcp", start_date=date(2026, 1, 1))
        session.add(plan)
        session.flush()
        session.add(PlanItem(plan_id=plan.id, position=1, text="Ann has her talker in class."))
        session.commit()


def test_models_and_migrations_describe_the_same_schema(empty_database_url):
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == [], f"models and migrations differ; make a new revision: {differences}"


def test_every_migration_goes_up_and_down_with_data(empty_database_url):
    engine = make_engine(empty_database_url)
    revisions = _revisions()
    assert revisions, "no migrations found"
    migrate.upgrade(engine)
    _add_a_family(engine)
    # Step down one revision at a time, then back up, with the data in place.
    for revision in reversed(revisions):
        previous = revisions[revisions.index(revision) - 1] if revisions.index(revision) else "base"
        migrate.downgrade(engine, previous)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    _add_a_family(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM plan_item")).scalar() == 1
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == revisions[-1]
    engine.dispose()


def test_database_constraints_hold_without_the_forms(database_url):
    """A second 'self' respondent for one child, or an unknown role, is refused by the database itself."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(database_url)
    _add_a_family(engine)
    with Session(engine) as session:
        session.add(Respondent(child_id=1, relationship="child", name="Twin", preferred_name="Twin"))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add(User(email="b@example.org", display_name="B", password_hash="x", role="overlord"))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add(Plan(child_id=1, plan_type="ehcp", start_date=date(2026, 5, 1), review_date=date(2026, 1, 1)))
        with pytest.raises(IntegrityError):
            session.commit()
    engine.dispose()

"""Administrators manage accounts and teams; mistakes get plain messages."""
import pytest
from sqlmodel import select

from voice_capture.models import Role, Team, User


@pytest.fixture
def admin_client(client, make_user):
    client.login(make_user(Role.ADMIN))
    return client


def user_data(team, **changes):
    data = {"display_name": "Gwen Price", "email": "gwen@example.org", "role": "social_worker",
            "team_id": str(team.id), "is_active": "y", "password": "a sensible long password"}
    data.update(changes)
    return data


def test_admin_creates_a_user_who_can_then_sign_in(admin_client, make_team, new_client, db):
    team = make_team()
    assert admin_client.submit("/admin/users/new", user_data(team)).status_code == 302
    user = db.exec(select(User).where(User.email == "gwen@example.org")).one()
    assert user.team_id == team.id and user.role == "social_worker"
    other = new_client()
    other.login(user, password="a sensible long password")


@pytest.mark.parametrize("changes, message", [
    ({"email": "not-an-email"}, "Enter an email address like name@example.org."),
    ({"display_name": ""}, "Enter the person&#39;s name."),
    ({"password": "short"}, "at least 12 characters"),
    ({"team_id": "0"}, "must belong to a team"),
    ({"role": "superuser"}, "Not a valid choice"),
])
def test_bad_user_input_is_explained(admin_client, make_team, db, changes, message):
    team = make_team()
    page = admin_client.submit("/admin/users/new", user_data(team, **changes)).get_data(as_text=True)
    assert "There is a problem" in page and message.replace("&#39;", "'") in page.replace("&#39;", "'")
    assert db.exec(select(User).where(User.email == "gwen@example.org")).first() is None


def test_duplicate_email_is_refused(admin_client, make_team, make_user):
    existing = make_user(Role.SOCIAL_WORKER)
    page = admin_client.submit("/admin/users/new", user_data(make_team(), email=existing.email.upper())).get_data(as_text=True)
    assert "already exists" in page


def test_edit_a_user_and_deactivate_them(admin_client, make_user, db):
    user = make_user(Role.SOCIAL_WORKER)
    data = {"display_name": "Renamed", "email": user.email, "role": "manager", "team_id": str(user.team_id), "password": ""}
    assert admin_client.submit(f"/admin/users/{user.id}/edit", data).status_code == 302
    db.refresh(user)
    assert (user.display_name, user.role, user.is_active) == ("Renamed", "manager", False)


def test_an_admin_cannot_remove_their_own_access(client, make_user, db):
    admin = make_user(Role.ADMIN)
    client.login(admin)
    data = {"display_name": "Me", "email": admin.email, "role": "social_worker", "team_id": "0", "is_active": "y", "password": ""}
    page = client.submit(f"/admin/users/{admin.id}/edit", data).get_data(as_text=True)
    assert "There is a problem" in page
    db.refresh(admin)
    assert admin.role == "admin"


def test_teams_are_added_once(admin_client, db):
    assert admin_client.submit("/admin/teams", {"name": "Coastal team"}).status_code == 302
    page = admin_client.submit("/admin/teams", {"name": "Coastal team"}).get_data(as_text=True)
    assert "already exists" in page
    assert len(db.exec(select(Team).where(Team.name == "Coastal team")).all()) == 1

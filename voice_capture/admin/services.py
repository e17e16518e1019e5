"""Managing accounts and teams; every change is audited."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from ..audit import services as audit
from ..auth import passwords
from ..auth.services import AccountError, normalise_email
from ..models import Role, Team, User


def all_users(*, session: Session) -> list[tuple[User, Team | None]]:
    statement = select(User, Team).join(Team, Team.id == User.team_id, isouter=True).order_by(User.display_name)
    return list(session.exec(statement).all())


def all_teams(*, session: Session) -> list[Team]:
    return list(session.exec(select(Team).order_by(Team.name)).all())


def update_user(*, session: Session, actor: User, user: User, data: dict, password: str | None) -> None:
    email = normalise_email(data["email"])
    clash = session.exec(select(User).where(User.email == email, User.id != user.id)).first()
    if clash is not None:
        raise AccountError(_("An account for %(email)s already exists.", email=email))
    if data["role"] != Role.ADMIN.value and not data["team_id"]:
        raise AccountError(_("Managers, social workers and practitioners must belong to a team."))
    if user.id == actor.id and (data["role"] != Role.ADMIN.value or not data["is_active"]):
        raise AccountError(_("You cannot remove your own administrator access."))
    user.email, user.display_name, user.role = email, data["display_name"], data["role"]
    user.team_id, user.is_active = data["team_id"] or None, data["is_active"]
    if password:
        user.password_hash = passwords.hash_password(password)
    session.add(user)
    audit.record(session=session, actor=actor, action="update", entity_type="user", entity_id=user.id)


def create_team(*, session: Session, actor: User, name: str) -> Team:
    if session.exec(select(Team).where(Team.name == name)).first() is not None:
        raise AccountError(_("A team called %(name)s already exists.", name=name))
    team = Team(name=name)
    session.add(team)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="team", entity_id=team.id)
    return team

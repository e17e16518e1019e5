"""Creating and changing children and family members; every change is audited."""
from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, select

from ..audit import services as audit
from ..models import Child, ChildPractitioner, Plan, Relationship, Respondent, Role, User, utcnow


def self_respondent(*, session: Session, child: Child) -> Respondent:
    statement = select(Respondent).where(
        Respondent.child_id == child.id, Respondent.relationship == Relationship.CHILD.value
    )
    return session.exec(statement).one()


def family(*, session: Session, child: Child) -> list[Respondent]:
    statement = (
        select(Respondent)
        .where(Respondent.child_id == child.id, Respondent.relationship != Relationship.CHILD.value)
        .order_by(Respondent.relationship, Respondent.name)
    )
    return list(session.exec(statement).all())


def plans_for(*, session: Session, child: Child) -> list[Plan]:
    statement = select(Plan).where(Plan.child_id == child.id).order_by(Plan.start_date.desc(), Plan.id.desc())
    return list(session.exec(statement).all())


def team_members(*, session: Session, team_id: int, roles: tuple[Role, ...]) -> list[User]:
    statement = (
        select(User)
        .where(User.team_id == team_id, User.role.in_([r.value for r in roles]), User.is_active)
        .order_by(User.display_name)
    )
    return list(session.exec(statement).all())


def practitioner_ids(*, session: Session, child: Child) -> list[int]:
    statement = select(ChildPractitioner.user_id).where(ChildPractitioner.child_id == child.id)
    return list(session.exec(statement).all())


def create_child(*, session: Session, actor: User, team_id: int, child_data: dict, profile: dict,
                 practitioners: list[int]) -> Child:
    child = Child(team_id=team_id, **child_data)
    session.add(child)
    session.flush()
    name = f"{child.given_name} {child.family_name}"
    session.add(Respondent(child_id=child.id, relationship=Relationship.CHILD.value, name=name,
                           date_of_birth=child.date_of_birth, **profile))
    _set_practitioners(session, child, practitioners)
    audit.record(session=session, actor=actor, action="create", entity_type="child", entity_id=child.id,
                 child_id=child.id)
    return child


def update_child(*, session: Session, actor: User, child: Child, child_data: dict, profile: dict,
                 practitioners: list[int]) -> None:
    for key, value in child_data.items():
        setattr(child, key, value)
    child.updated_at = utcnow()
    session.add(child)
    me = self_respondent(session=session, child=child)
    me.name = f"{child.given_name} {child.family_name}"
    me.date_of_birth = child.date_of_birth
    update_profile(session=session, actor=None, respondent=me, profile=profile)
    _set_practitioners(session, child, practitioners)
    audit.record(session=session, actor=actor, action="update", entity_type="child", entity_id=child.id,
                 child_id=child.id)


def update_profile(*, session: Session, actor: User | None, respondent: Respondent, profile: dict) -> None:
    for key, value in profile.items():
        setattr(respondent, key, value)
    respondent.updated_at = utcnow()
    session.add(respondent)
    if actor is not None:
        audit.record(session=session, actor=actor, action="update", entity_type="respondent",
                     entity_id=respondent.id, child_id=respondent.child_id)


def add_respondent(*, session: Session, actor: User, child: Child, data: dict) -> Respondent:
    respondent = Respondent(child_id=child.id, **data)
    session.add(respondent)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="respondent",
                 entity_id=respondent.id, child_id=child.id)
    return respondent


def _set_practitioners(session: Session, child: Child, user_ids: list[int]) -> None:
    session.execute(delete(ChildPractitioner).where(ChildPractitioner.child_id == child.id))
    for user_id in sorted(set(user_ids)):
        session.add(ChildPractitioner(child_id=child.id, user_id=user_id))

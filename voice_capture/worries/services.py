"""Worries: chosen answers marked as worries, the local safeguarding procedure, and what was done."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_
from sqlmodel import Session, select

from .. import db
from ..audit import services as audit
from ..auth.access import can_edit_child, visible_child_ids
from ..models import Child, Plan, Respondent, Role, SiteSetting, User, Worry, utcnow

PROCEDURE_KEY = "safeguarding_procedure"
MAX_PROCEDURE = 5000
MAX_ACTION = 4000


class WorryError(ValueError):
    """Something that cannot be recorded; the message says why in plain words."""


def procedure_text(session: Session) -> str:
    """The local safeguarding procedure's words, as the admin set them ("" when not set yet)."""
    setting = session.get(SiteSetting, PROCEDURE_KEY)
    return setting.value.strip() if setting else ""


def set_procedure(*, session: Session, actor: User, text: str) -> None:
    setting = session.get(SiteSetting, PROCEDURE_KEY) or SiteSetting(key=PROCEDURE_KEY)
    setting.value, setting.updated_by_id, setting.updated_at = text.strip(), actor.id, utcnow()
    session.add(setting)
    audit.record(session=session, actor=actor, action="update", entity_type="site_setting", detail=PROCEDURE_KEY)


def _with_people(statement):
    return (statement.join(Respondent, Respondent.id == Worry.respondent_id).join(Child, Child.id == Worry.child_id)
            .order_by(Worry.created_at))


def open_for_plan(*, session: Session, plan: Plan) -> list[tuple[Worry, Respondent, Child]]:
    statement = select(Worry, Respondent, Child).where(Worry.plan_id == plan.id, Worry.recorded_at.is_(None))
    return list(session.exec(_with_people(statement)).all())


def done_for_plan(*, session: Session, plan: Plan) -> list[tuple[Worry, Respondent, Child]]:
    statement = select(Worry, Respondent, Child).where(Worry.plan_id == plan.id, Worry.recorded_at.is_not(None))
    return list(session.exec(_with_people(statement)).all())


def for_session(*, session: Session, capture_id: int) -> list[Worry]:
    statement = select(Worry).where(Worry.capture_session_id == capture_id).order_by(Worry.created_at)
    return list(session.exec(statement).all())


def open_for_user(*, session: Session, user: User) -> list[tuple[Worry, Respondent, Child]]:
    """Open worries about the children allocated to this worker (child or plan), or, for a manager,
    about their team's children."""
    statement = select(Worry, Respondent, Child).where(Worry.recorded_at.is_(None))
    if user.role == Role.MANAGER.value:
        statement = statement.where(Child.team_id == user.team_id)
    elif user.role == Role.SOCIAL_WORKER.value:
        allocated_plans = select(Plan.id).where(Plan.allocated_worker_id == user.id)
        statement = statement.where(or_(Child.allocated_worker_id == user.id, Worry.plan_id.in_(allocated_plans)),
                                    Child.id.in_(visible_child_ids(user)))  # never a child they may no longer see
    else:
        return []
    return list(session.exec(_with_people(statement)).all())


def record_action(*, session: Session, actor: User, worry: Worry, text: str) -> None:
    text = text.strip()
    if not text:
        raise WorryError(_("Write what was done about this worry."))
    if len(text) > MAX_ACTION:
        raise WorryError(_("That is too long to save. Please keep it under %(count)d characters.", count=MAX_ACTION))
    recorded = worry.recorded_at is None and db.claim(session, worry, Worry.recorded_at.is_(None), action_taken=text,
                                                      recorded_by_id=actor.id, recorded_at=utcnow())
    if not recorded:
        raise WorryError(_("What was done about this worry is already recorded."))
    audit.record(session=session, actor=actor, action="update", entity_type="worry", entity_id=worry.id,
                 child_id=worry.child_id, detail="action recorded")


def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    child = session.get(Child, plan.child_id)
    return {"open": open_for_plan(session=session, plan=plan), "done": done_for_plan(session=session, plan=plan),
            "procedure": procedure_text(session), "can_record": can_edit_child(session, user, child)}


def dashboard_panel(*, session: Session, user: User) -> dict:
    return {"open": open_for_user(session=session, user=user), "procedure": procedure_text(session)}

"""Creating and changing plans, items and agencies; every change is audited."""
from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from ..audit import services as audit
from ..models import Child, Plan, PlanAgency, PlanItem, User, utcnow


def items(*, session: Session, plan: Plan) -> list[PlanItem]:
    return list(session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all())


def agencies(*, session: Session, plan: Plan) -> list[PlanAgency]:
    statement = select(PlanAgency).where(PlanAgency.plan_id == plan.id).order_by(PlanAgency.kind, PlanAgency.name)
    return list(session.exec(statement).all())


def create_plan(*, session: Session, actor: User, child: Child, data: dict) -> Plan:
    plan = Plan(child_id=child.id, **data)
    session.add(plan)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="plan", entity_id=plan.id,
                 child_id=child.id)
    return plan


def update_plan(*, session: Session, actor: User, plan: Plan, data: dict) -> None:
    for key, value in data.items():
        setattr(plan, key, value)
    plan.updated_at = utcnow()
    session.add(plan)
    audit.record(session=session, actor=actor, action="update", entity_type="plan", entity_id=plan.id,
                 child_id=plan.child_id)


def add_item(*, session: Session, actor: User, plan: Plan, text: str, simple_text: str) -> PlanItem:
    last = session.exec(select(func.max(PlanItem.position)).where(PlanItem.plan_id == plan.id)).one()
    item = PlanItem(plan_id=plan.id, position=(last or 0) + 1, text=text, simple_text=simple_text)
    session.add(item)
    session.flush()
    audit.record(session=session, actor=actor, action="create", entity_type="plan_item", entity_id=item.id,
                 child_id=plan.child_id)
    return item


def update_item(*, session: Session, actor: User, plan: Plan, item: PlanItem, text: str, simple_text: str) -> None:
    item.text, item.simple_text, item.updated_at = text, simple_text, utcnow()
    session.add(item)
    audit.record(session=session, actor=actor, action="update", entity_type="plan_item", entity_id=item.id,
                 child_id=plan.child_id)


def save_agency(*, session: Session, actor: User, plan: Plan, agency: PlanAgency | None, data: dict) -> PlanAgency:
    action = "update" if agency else "create"
    agency = agency or PlanAgency(plan_id=plan.id, **data)
    for key, value in data.items():
        setattr(agency, key, value)
    session.add(agency)
    session.flush()
    audit.record(session=session, actor=actor, action=action, entity_type="plan_agency", entity_id=agency.id,
                 child_id=plan.child_id)
    return agency


def remove_agency(*, session: Session, actor: User, plan: Plan, agency: PlanAgency) -> None:
    audit.record(session=session, actor=actor, action="delete", entity_type="plan_agency", entity_id=agency.id,
                 child_id=plan.child_id, detail=agency.name)
    session.delete(agency)

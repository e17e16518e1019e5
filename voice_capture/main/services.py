"""What a practitioner sees first: their children and the plans due for review."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case
from sqlmodel import Session, select

from ..auth.access import visible_children
from ..models import Child, Plan, PlanStatus, User


def my_children(*, session: Session, user: User) -> list[Child]:
    mine_first = case((Child.allocated_worker_id == user.id, 0), else_=1)
    statement = visible_children(user).order_by(mine_first, Child.family_name, Child.given_name)
    return list(session.exec(statement).all())


def plans_due(*, session: Session, user: User, within_days: int, today: date | None = None):
    today = today or date.today()
    children = visible_children(user).subquery()
    statement = (
        select(Plan, Child)
        .join(Child, Child.id == Plan.child_id)
        .where(Plan.child_id.in_(select(children.c.id)))
        .where(Plan.status == PlanStatus.ACTIVE.value)
        .where(Plan.review_date.is_not(None))
        .where(Plan.review_date <= today + timedelta(days=within_days))
        .order_by(Plan.review_date)
    )
    return list(session.exec(statement).all())

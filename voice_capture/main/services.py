"""What a practitioner sees first: their children and the plans due for review."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ..auth.access import visible_children
from ..models import Child, LoginFailure, Plan, PlanStatus, User, utcnow


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


def database_writable(*, engine: Engine) -> bool:
    """Whether the database takes a write just now (not down, read-only or full): one row written in a
    transaction that is always rolled back, so nothing is left behind."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(insert(LoginFailure).values(key="healthz:write-check", at=utcnow()))
            return True
        finally:
            transaction.rollback()

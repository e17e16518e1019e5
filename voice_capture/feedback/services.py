from __future__ import annotations

from sqlmodel import Session

from ..models import Plan, User


def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    """What the plan page shows for this feature."""
    return {}


def dashboard_panel(*, session: Session, user: User) -> dict:
    """What the dashboard shows for this feature."""
    return {}

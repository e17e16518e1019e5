"""Worries: chosen answers marked as worries, the local safeguarding procedure, and what was done."""
from __future__ import annotations

from sqlmodel import Session

from ..models import Plan, SiteSetting, User

PROCEDURE_KEY = "safeguarding_procedure"


def procedure_text(session: Session) -> str:
    """The local safeguarding procedure's words, as the admin set them ("" when not set yet)."""
    setting = session.get(SiteSetting, PROCEDURE_KEY)
    return setting.value.strip() if setting else ""


def plan_panel(*, session: Session, plan: Plan, user: User) -> dict:
    return {}


def dashboard_panel(*, session: Session, user: User) -> dict:
    return {}

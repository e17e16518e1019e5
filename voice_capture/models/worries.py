"""Worries: a choice marked as a worry was chosen, and what was done about it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class Worry(SQLModel, table=True):
    """A choice marked as a worry was chosen. It stays in front of the allocated worker and their
    manager until someone records what was done about it."""

    __table_args__ = (UniqueConstraint("view_id", name="uq_worry_view"),)

    id: int | None = Field(default=None, primary_key=True)
    view_id: int = Field(foreign_key="view.id")
    child_id: int = Field(foreign_key="child.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    respondent_id: int = Field(foreign_key="respondent.id")
    capture_session_id: int | None = Field(default=None, foreign_key="capture_session.id", index=True)
    shown_text: str = Field(sa_type=Text)
    chosen_label: str = Field(sa_type=Text)
    action_taken: str = Field(default="", sa_type=Text)
    recorded_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

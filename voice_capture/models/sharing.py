"""Who received the views summary for a plan, and when."""
from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class SummaryShare(SQLModel, table=True):
    """The views summary for a plan was shared with one of the plan's agencies."""

    __tablename__ = "summary_share"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    agency_id: int = Field(foreign_key="plan_agency.id", index=True)
    # The agency as it was named when it received the summary: a later rename does not rewrite history.
    agency_name: str = Field(default="", max_length=160)
    shared_on: date
    how: str = Field(default="", max_length=160)
    recorded_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

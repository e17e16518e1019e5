"""Plans for a child, the items in them, and the agencies involved."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import AgencyKind, PlanStatus, PlanType


class Plan(SQLModel, table=True):
    __table_args__ = (
        one_of("plan_type", PlanType, "ck_plan_type"),
        one_of("status", PlanStatus, "ck_plan_status"),
        CheckConstraint("review_date IS NULL OR review_date >= start_date", name="ck_plan_review_after_start"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ck_plan_end_after_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    plan_type: str = Field(max_length=30)
    status: str = Field(default=PlanStatus.ACTIVE.value, max_length=20)
    start_date: date
    review_date: date | None = Field(default=None, index=True)
    end_date: date | None = None
    allocated_worker_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PlanItem(SQLModel, table=True):
    """One thing the plan says will happen, in the plan's words and in simple words."""

    __tablename__ = "plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "position", name="uq_plan_item_position"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    position: int = Field(ge=1)
    text: str = Field(sa_type=Text)
    simple_text: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PlanAgency(SQLModel, table=True):
    """An agency involved in the plan, who should receive what the family said."""

    __tablename__ = "plan_agency"
    __table_args__ = (one_of("kind", AgencyKind, "ck_plan_agency_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    kind: str = Field(max_length=30)
    name: str = Field(max_length=160)
    contact: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

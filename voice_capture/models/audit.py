"""The audit trail: who saw or changed which record, and when."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    action: str = Field(max_length=40)
    entity_type: str = Field(max_length=40)
    entity_id: int | None = None
    child_id: int | None = Field(default=None, foreign_key="child.id", index=True)
    detail: str = Field(default="", max_length=500)
    remote_addr: str = Field(default="", max_length=64)

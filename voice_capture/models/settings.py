"""Service-wide settings set by the admin."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class SiteSetting(SQLModel, table=True):
    """Service-wide words set by the admin, such as the local safeguarding procedure."""

    __tablename__ = "site_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(default="", sa_type=Text)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

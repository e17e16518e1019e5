"""What was done about views (responses), and which views each response answers."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import Outcome


class Response(SQLModel, table=True):
    """What was done with one or more views, in plain words for the person who gave them."""

    __table_args__ = (one_of("outcome", Outcome, "ck_response_outcome"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    plan_item_id: int | None = Field(default=None, foreign_key="plan_item.id")
    outcome: str = Field(max_length=20)
    plain_words: str = Field(sa_type=Text)
    reason: str = Field(default="", sa_type=Text)
    respondent_id: int | None = Field(default=None, foreign_key="respondent.id", index=True)
    responded_on: date | None = None
    written_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ResponseView(SQLModel, table=True):
    __tablename__ = "response_view"

    response_id: int = Field(foreign_key="response.id", primary_key=True)
    view_id: int = Field(foreign_key="view.id", primary_key=True, index=True)

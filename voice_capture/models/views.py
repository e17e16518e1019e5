"""What respondents said: exactly what was shown and chosen, never rewritten."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import EnteredHow


class View(SQLModel, table=True):
    """Exactly what was shown and exactly what was chosen or said. Never rewritten:
    a correction is a new row with a higher version that points at the one it replaces."""

    __table_args__ = (
        one_of("entered_how", EnteredHow, "ck_view_entered_how"),
        UniqueConstraint("idempotency_key", name="uq_view_idempotency_key"),
        # One answer per version of each question: two changes at once cannot both be "current".
        Index("uq_view_answer_version", "capture_session_id", "position", "version", unique=True,
              sqlite_where=text("entered_how != 'observed'"), postgresql_where=text("entered_how != 'observed'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int = Field(foreign_key="respondent.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    plan_item_id: int | None = Field(default=None, foreign_key="plan_item.id", index=True)
    capture_session_id: int | None = Field(default=None, foreign_key="capture_session.id", index=True)
    step_id: int | None = Field(default=None, foreign_key="script_step.id")
    position: int | None = Field(default=None, ge=1)
    shown_text: str = Field(sa_type=Text)
    shown_choices: list = Field(default_factory=list, sa_type=JSON)
    chosen: list = Field(default_factory=list, sa_type=JSON)
    said_text: str = Field(default="", sa_type=Text)
    entered_how: str = Field(max_length=20)
    entered_by_id: int = Field(foreign_key="app_user.id")
    version: int = Field(default=1, ge=1)
    replaces_id: int | None = Field(default=None, foreign_key="view.id")
    idempotency_key: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

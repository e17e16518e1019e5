"""Letters back to respondents ("you said, we did"), by version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import LetterStatus, SentHow


class FeedbackLetter(SQLModel, table=True):
    """A "you said, we did" letter. Changing a sent letter makes a new version."""

    __tablename__ = "feedback_letter"
    __table_args__ = (
        one_of("status", LetterStatus, "ck_feedback_letter_status"),
        CheckConstraint(f"sent_how = '' OR sent_how IN ({', '.join(repr(m.value) for m in SentHow)})",
                        name="ck_feedback_letter_sent_how"),
        UniqueConstraint("respondent_id", "plan_id", "version", name="uq_letter_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int = Field(foreign_key="respondent.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    version: int = Field(default=1, ge=1)
    status: str = Field(default=LetterStatus.DRAFT.value, max_length=20)
    language: str = Field(default="en", max_length=10)
    lines: list = Field(default_factory=list, sa_type=JSON)
    sent_how: str = Field(default="", max_length=40)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Why a line far above the respondent's reading level was kept, when the worker says so.
    ready_reason: str = Field(default="", sa_type=Text)
    replaces_id: int | None = Field(default=None, foreign_key="feedback_letter.id")
    # The "Did we listen?" conversation held when the letter was read together.
    listen_session_id: int | None = Field(default=None, foreign_key="capture_session.id")
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

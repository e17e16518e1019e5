"""What respondents said (views), what was done about it (responses), and letters back."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import EnteredHow, LetterStatus, Outcome, SentHow


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


class SiteSetting(SQLModel, table=True):
    """Service-wide words set by the admin, such as the local safeguarding procedure."""

    __tablename__ = "site_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(default="", sa_type=Text)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

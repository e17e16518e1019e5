"""Conversation scripts: ordered steps, each with its answer type and choices."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import AnswerType, Relationship, SessionStatus


class ConversationScript(SQLModel, table=True):
    """A script version. Editing a script in use makes a new version; old ones stay."""

    __tablename__ = "conversation_script"
    __table_args__ = (
        one_of("audience", Relationship, "ck_script_audience"),
        UniqueConstraint("family_key", "language", "version", name="uq_script_language_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    family_key: str = Field(max_length=80, index=True)
    version: int = Field(default=1, ge=1)
    language: str = Field(default="en", max_length=10)
    title: str = Field(max_length=160)
    audience: str = Field(max_length=20)
    is_current: bool = Field(default=True)
    is_builtin: bool = Field(default=False)
    # A team's own script (None for the ready-made ones, which every team can use and copy).
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ScriptStep(SQLModel, table=True):
    __tablename__ = "script_step"
    __table_args__ = (
        one_of("answer_type", AnswerType, "ck_step_answer_type"),
        UniqueConstraint("script_id", "position", name="uq_step_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    script_id: int = Field(foreign_key="conversation_script.id", index=True)
    position: int = Field(ge=1)
    prompt: str = Field(sa_type=Text)
    simple_prompt: str = Field(sa_type=Text)
    answer_type: str = Field(max_length=30)
    about_plan_items: bool = Field(default=False)
    is_follow_up: bool = Field(default=False)
    # Picture steps offer the child's own photos beside the symbols unless the script says not to.
    offer_photos: bool = Field(default=True)


class StepChoice(SQLModel, table=True):
    __tablename__ = "step_choice"
    __table_args__ = (UniqueConstraint("step_id", "position", name="uq_choice_position"),)

    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="script_step.id", index=True)
    position: int = Field(ge=1)
    label: str = Field(max_length=160)
    symbol_key: str = Field(default="", max_length=120)
    # On a step with a fixed answer set (yes / no, feelings, how much), a row names one of those
    # answers (for example "sad") only to give it a follow-up or mark it as a worry.
    answer_key: str = Field(default="", max_length=40)
    is_worry: bool = Field(default=False)
    follow_up_step_id: int | None = Field(default=None, foreign_key="script_step.id")


class CaptureSession(SQLModel, table=True):
    """One run of a script on a tablet, for one respondent about one plan."""

    __tablename__ = "capture_session"
    __table_args__ = (one_of("status", SessionStatus, "ck_capture_session_status"),)

    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int = Field(foreign_key="respondent.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    script_id: int = Field(foreign_key="conversation_script.id")
    started_by_id: int = Field(foreign_key="app_user.id")
    locale: str = Field(default="en", max_length=10)
    status: str = Field(default=SessionStatus.IN_PROGRESS.value, max_length=20)
    current_position: int = Field(default=1, ge=1)
    # Exactly what this session shows, fixed at its start: each step in the shape of
    # conversations.step_types.Step (plain JSON here, so that models need not know conversations).
    steps: list = Field(default_factory=list, sa_type=JSON)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Raised by every change (an answer, carrying it on, closing it): closing compares and sets it, so the
    # first change wins (capture.lifecycle).
    version: int = Field(default=1, ge=1)
    resumed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    closed_reason: str = Field(default="", sa_type=Text)
    replaced_by_id: int | None = Field(default=None, foreign_key="capture_session.id")

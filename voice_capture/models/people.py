"""Children, the people around them who give their views, and how each communicates."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, LargeBinary, Text, text
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import AccessMethod, ReadingLevel, Relationship, ScanPattern


class Child(SQLModel, table=True):
    """The child whose plan this is. Their own voice is the respondent with relationship 'child'."""

    id: int | None = Field(default=None, primary_key=True)
    given_name: str = Field(max_length=80)
    family_name: str = Field(max_length=80)
    date_of_birth: date
    team_id: int = Field(foreign_key="team.id", index=True)
    allocated_worker_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChildPractitioner(SQLModel, table=True):
    """A practitioner allocated to work with one child (they see no other child)."""

    __tablename__ = "child_practitioner"

    child_id: int = Field(foreign_key="child.id", primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", primary_key=True, index=True)


class Respondent(SQLModel, table=True):
    """Someone whose views are heard: the child, a sibling, a parent or carer."""

    __table_args__ = (
        one_of("relationship", Relationship, "ck_respondent_relationship"),
        one_of("reading_level", ReadingLevel, "ck_respondent_reading_level"),
        one_of("access_method", AccessMethod, "ck_respondent_access_method"),
        one_of("scan_pattern", ScanPattern, "ck_respondent_scan_pattern"),
        # A child has exactly one respondent who is the child themself.
        Index(
            "uq_respondent_one_self_per_child",
            "child_id",
            unique=True,
            sqlite_where=text("relationship = 'child'"),
            postgresql_where=text("relationship = 'child'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    relationship: str = Field(max_length=20)
    name: str = Field(max_length=120)
    preferred_name: str = Field(max_length=80)
    date_of_birth: date | None = None
    language: str = Field(default="en", max_length=10)
    reading_level: str = Field(default=ReadingLevel.SIMPLE.value, max_length=20)
    access_method: str = Field(default=AccessMethod.TOUCH.value, max_length=20)
    scan_interval_ms: int = Field(default=1500, ge=250, le=10000)
    dwell_ms: int = Field(default=1000, ge=250, le=10000)
    # Switch scanning: loops of highlights before pausing, wait before the first highlight, spoken highlights.
    scan_loops: int = Field(default=3, ge=1, le=20)
    scan_start_delay_ms: int = Field(default=1000, ge=0, le=10000)
    scan_speak: bool = Field(default=False)
    # On a screen with more than six targets: rows first, then the items of the row chosen (ScanPattern),
    # with a short note played as each row is highlighted when scan_group_cues is on.
    scan_pattern: str = Field(default=ScanPattern.LINEAR.value, max_length=10)
    scan_group_cues: bool = Field(default=False)
    confirm_with_second_tap: bool = Field(default=False)
    how_i_communicate: str = Field(default="", sa_type=Text)
    disability_notes: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)



class ChildPhoto(SQLModel, table=True):
    """A child's own photo used as a symbol: cleaned, re-encoded, kept out of static files."""

    __tablename__ = "child_photo"

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    label: str = Field(max_length=80)
    mime: str = Field(max_length=20)
    width: int
    height: int
    data: bytes = Field(sa_type=LargeBinary)
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

"""Background jobs: their visible state, and the tables of the queue (huey's) that carries them."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, Float, Index, Integer, LargeBinary, String
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow


class JobState(StrEnum):
    QUEUED = "queued"  # waiting for a worker (or for its next try, after a back-off)
    RUNNING = "running"  # a worker holds it until lease_until; after that another may take it
    DONE = "done"
    FAILED = "failed"  # every try failed; the error says why


class Job(SQLModel, table=True):
    """One piece of background work. Its key makes it idempotent: the same work asked twice is one job."""

    __table_args__ = (one_of("state", JobState, "ck_job_state"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=40, index=True)
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default=JobState.QUEUED, max_length=10, index=True)
    attempts: int = Field(default=0)
    max_attempts: int = Field(default=4)
    error: str = Field(default="", max_length=300)  # the kind of failure only: never a child's words
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# huey's SqlStorage tables (huey.contrib.sql_huey), declared here so that our migrations own the schema.
class HueyTask(SQLModel, table=True):
    __tablename__ = "huey_task"
    __table_args__ = (Index("ix_huey_task_priority_id", "priority", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    queue: str = Field(max_length=255)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    priority: float = Field(default=0.0, sa_column=Column(Float, nullable=False))


class HueySchedule(SQLModel, table=True):
    __tablename__ = "huey_schedule"
    __table_args__ = (Index("ix_huey_schedule_queue_timestamp", "queue", "timestamp"),)

    id: int | None = Field(default=None, primary_key=True)
    queue: str = Field(max_length=255)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    timestamp: int = Field(sa_column=Column(BigInteger, nullable=False))


class HueyKV(SQLModel, table=True):
    __tablename__ = "huey_kv"

    queue: str = Field(sa_column=Column(String(255), primary_key=True))
    key: str = Field(sa_column=Column(String(255), primary_key=True))
    value: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class HueyCounter(SQLModel, table=True):
    __tablename__ = "huey_counter"

    queue: str = Field(sa_column=Column(String(255), primary_key=True))
    key: str = Field(sa_column=Column(String(255), primary_key=True))
    value: int = Field(sa_column=Column(Integer, nullable=False))

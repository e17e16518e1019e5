"""Media kept in the database (cached speech, made PDFs) so that every app server sees the same files."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from .base import UTCDateTime, utcnow


class MediaObject(SQLModel, table=True):
    __tablename__ = "media_object"

    key: str = Field(primary_key=True, max_length=200)  # e.g. "speech/<sha256>.mp3"
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    used_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)  # pruning removes the unused

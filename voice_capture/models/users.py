"""Practitioner accounts, teams, second factors, the record of failed logins, of signed-out sessions and of
sign-ins waiting for the identity provider."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .base import UTCDateTime, one_of, utcnow
from .enums import Role


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (one_of("role", Role, "ck_app_user_role"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    locale: str | None = Field(default=None, max_length=10)
    is_active: bool = Field(default=True)
    # How the children and families this worker writes to can reach them, shown on letters (optional).
    contact_phone: str = Field(default="", max_length=40)
    contact_email: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The second factor (TOTP): the shared secret once enrolled, and the last 30-second step used, so a code
    # seen over someone's shoulder cannot be typed again.
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_last_step: int | None = None


class LoginFailure(SQLModel, table=True):
    """One failed login, counted per account and per address to throttle guessing."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class EndedSession(SQLModel, table=True):
    """A session someone signed out of: its cookie, even a copy of it, signs nobody in again. Kept
    only as long as a session could last (see sessions.end_session)."""

    __tablename__ = "ended_session"

    sid: str = Field(primary_key=True, max_length=40)
    ended_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class RecoveryCode(SQLModel, table=True):
    """A one-time code for signing in without the authenticator app. Only its SHA-256 is kept: the code
    itself (80 random bits) is shown once, at enrolment."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SignInRequest(SQLModel, table=True):
    """A sign-in sent to the identity provider and not yet back: what the answer must match (state,
    nonce, the PKCE verifier). Deleted when the answer comes, so an answer replayed finds nothing."""

    __tablename__ = "sign_in_request"

    state: str = Field(primary_key=True, max_length=64)
    nonce: str = Field(max_length=64)
    code_verifier: str = Field(max_length=128)
    next_url: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

"""Signing in: checking passwords, throttling guesses, creating accounts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..models import LoginFailure, Role, Team, User, utcnow
from . import passwords


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    throttled: bool = False


def _throttle_keys(email: str, remote_addr: str) -> list[str]:
    return [f"account:{email}", f"address:{remote_addr}"]


def _recent_failures(session: Session, key: str, since: datetime) -> int:
    statement = select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key == key, LoginFailure.at >= since
    )
    return session.exec(statement).one()


def is_throttled(*, session: Session, email: str, remote_addr: str, limit: int, window: timedelta) -> bool:
    since = utcnow() - window
    return any(
        _recent_failures(session, key, since) >= limit for key in _throttle_keys(email, remote_addr)
    )


def authenticate(
    *, session: Session, email: str, password: str, remote_addr: str, limit: int, window: timedelta
) -> LoginResult:
    email = normalise_email(email)
    if is_throttled(session=session, email=email, remote_addr=remote_addr, limit=limit, window=window):
        return LoginResult(user=None, throttled=True)
    user = session.exec(select(User).where(User.email == email)).first()
    ok = passwords.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        for key in _throttle_keys(email, remote_addr):
            session.add(LoginFailure(key=key[:300]))
        return LoginResult(user=None)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.key == f"account:{email}"))
    session.add(user)
    return LoginResult(user=user)


def normalise_email(email: str) -> str:
    return email.strip().lower()


class AccountError(ValueError):
    """An account could not be created or changed; the message says why in plain words."""


def create_user(
    *,
    session: Session,
    email: str,
    display_name: str,
    password: str,
    role: Role | str,
    team: Team | None,
) -> User:
    email = normalise_email(email)
    role = Role(role)
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise AccountError(_("An account for %(email)s already exists.", email=email))
    if len(password) < passwords.MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must be at least %(count)d characters long.", count=passwords.MIN_PASSWORD_LENGTH)
        )
    if role != Role.ADMIN and team is None:
        raise AccountError(_("Managers, social workers and practitioners must belong to a team."))
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=passwords.hash_password(password),
        role=role.value,
        team_id=team.id if team else None,
    )
    session.add(user)
    session.flush()
    return user

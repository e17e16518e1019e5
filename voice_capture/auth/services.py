"""Signing in: checking passwords, throttling guesses, creating accounts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func
from sqlmodel import Session, select

from ..models import LoginFailure, Role, Team, User, utcnow
from . import passwords, totp


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    throttled: bool = False


@dataclass(frozen=True)
class Limits:
    """How many failures in one window each kind of count allows (see config.flask_config)."""

    pair: int
    account: int
    address: int
    window: timedelta

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(config["LOGIN_FAILURE_LIMIT"], config["LOGIN_ACCOUNT_FAILURE_LIMIT"],
                   config["LOGIN_ADDRESS_FAILURE_LIMIT"], config["LOGIN_FAILURE_WINDOW"])


def _throttle_keys(email: str, remote_addr: str, limits: Limits) -> dict[str, int]:
    """Three counts: this account from this address, this account from anywhere, and this address for any
    account. The address's own limit is high: a whole office may sit behind one address, and one person's
    mistakes there must lock out nobody else."""
    return {f"pair:{remote_addr}|{email}"[:300]: limits.pair, f"account:{email}"[:300]: limits.account,
            f"address:{remote_addr}"[:300]: limits.address}


def _recent_failures(session: Session, key: str, since: datetime) -> int:
    statement = select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key == key, LoginFailure.at >= since
    )
    return session.exec(statement).one()


def _count_attempt(session: Session, keys: dict[str, int], window: timedelta) -> tuple[bool, list[int]]:
    """Count this attempt before the password is checked, in its own committed transaction, so that
    guesses sent in parallel all see each other. Returns (throttled, ids of this attempt's rows)."""
    with Session(session.get_bind()) as counter:
        rows = [LoginFailure(key=key) for key in keys]
        counter.add_all(rows)
        counter.commit()
        ids = [row.id for row in rows]
        since = utcnow() - window
        throttled = any(_recent_failures(counter, key, since) > limit for key, limit in keys.items())
    return throttled, ids


def _forget_failures(session: Session, keys: dict[str, int], attempt_ids: list[int]) -> None:
    """A success forgets this account's failures (from here and anywhere), not the address's count of others."""
    own = [key for key in keys if not key.startswith("address:")]
    session.execute(delete(LoginFailure).where(LoginFailure.key.in_(own) | LoginFailure.id.in_(attempt_ids)))


def authenticate(*, session: Session, email: str, password: str, remote_addr: str, limits: Limits) -> LoginResult:
    email = normalise_email(email)
    keys = _throttle_keys(email, remote_addr, limits)
    throttled, attempt = _count_attempt(session, keys, limits.window)
    if throttled:
        return LoginResult(user=None, throttled=True)
    user = session.exec(select(User).where(User.email == email)).first()
    ok = passwords.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        return LoginResult(user=None)  # the attempt stays counted as a failure
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    _forget_failures(session, keys, attempt)
    session.add(user)
    return LoginResult(user=user)


def check_second_factor(*, session: Session, user: User, code: str, limits: Limits) -> LoginResult:
    """A TOTP or recovery code after the password, throttled per account (five wrong codes a minute)."""
    keys = {f"code:{user.id}": limits.pair}
    throttled, attempt = _count_attempt(session, keys, limits.window)
    if throttled:
        return LoginResult(user=None, throttled=True)
    if not user.is_active or not totp.use_code(session=session, user=user, code=code):
        return LoginResult(user=None)
    _forget_failures(session, keys, attempt)
    return LoginResult(user=user)


def recheck_password(*, session: Session, user: User, password: str, remote_addr: str, limit: int,
                     window: timedelta) -> LoginResult:
    """The signed-in user's password again (to unlock a tablet): `limit` wrong ones a window for the account,
    counted with its sign-in failures."""
    keys = {f"pair:{remote_addr}|{user.email}"[:300]: limit, f"account:{user.email}"[:300]: limit}
    throttled, attempt = _count_attempt(session, keys, window)
    if throttled:
        return LoginResult(user=None, throttled=True)
    if not passwords.verify_password(user.password_hash, password):
        return LoginResult(user=None)
    _forget_failures(session, keys, attempt)
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

"""The second factor for local passwords: TOTP codes (pyotp), their QR code drawn here, and recovery codes."""
from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import update
from sqlmodel import Session, select

from ..models import RecoveryCode, Role, User, utcnow

ISSUER_NAME = "voice_capture"
RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def must_enrol(user: User) -> bool:
    """Administrators may not sign in with a password alone."""
    return user.role == Role.ADMIN.value and not user.totp_secret


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER_NAME)


def qr_code_svg(uri: str, title: str) -> Markup:
    """The enrolment QR code as inline SVG, drawn on the server: no request to anyone else."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=5, title=title, dark="#000", light="#fff"))


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The 30-second step whose code this is (this step, or one either side for a slow clock)."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def use_code(*, session: Session, user: User, code: str) -> bool:
    """A TOTP code, each step good once (a code read over a shoulder cannot be typed again), or a recovery
    code, each good once. Claimed with a conditional UPDATE, so two requests cannot both use one code."""
    if user.totp_secret:
        step = _matching_step(user.totp_secret, code, time.time())
        if step is not None:
            claimed = session.execute(
                update(User).where(User.id == user.id, (User.totp_last_step.is_(None)) | (User.totp_last_step < step))
                .values(totp_last_step=step).execution_options(synchronize_session=False)).rowcount == 1
            return claimed
    return _use_recovery_code(session, user, code)


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _use_recovery_code(session: Session, user: User, code: str) -> bool:
    if len(_normalise(code)) != 16:
        return False
    statement = update(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None)
    ).values(used_at=utcnow()).execution_options(synchronize_session=False)
    return session.execute(statement).rowcount == 1


def enrol(*, session: Session, user: User, secret: str, code: str) -> list[str] | None:
    """With the code the new authenticator shows (proof it holds the secret): keep the secret and make fresh
    recovery codes (older ones stop working). Returns the codes, to be shown once (only their hashes are
    stored), or None when the code is not right."""
    step = _matching_step(secret, code, time.time())
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step  # the code just typed is used up
    session.add(user)
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all():
        session.delete(old)
    session.flush()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_BASE32) for _ in range(16))  # 80 random bits: a fast hash is enough to keep it
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def recovery_codes_left(*, session: Session, user: User) -> int:
    return len(session.exec(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())

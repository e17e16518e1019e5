"""The steps of signing in shared by passwords, codes and single sign-on: where to go next, the sign-in
waiting for its second factor, and starting the session."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import session, url_for

from .. import db
from ..audit import services as audit
from ..models import User
from ..sessions import start_session

PENDING = "pending_sign_in"  # a right password waiting for its code: who, since when, where to go after
PENDING_LIFETIME_SECONDS = 300
SSO_ID_TOKEN = "sso_id_token"  # kept in the session of someone signed in through the provider, for signing out


def safe_next(target: str | None) -> str:
    """Only a path on this site; anything else (another host, control characters) goes to the start."""
    if target and not any(ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in target):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.dashboard")


def await_code(user: User, next_url: str) -> None:
    """The password was right: nothing from before survives, and nobody is signed in until the code is."""
    session.clear()
    session[PENDING] = {"uid": user.id, "at": time.time(), "next": next_url}


def pending_user() -> tuple[User, str] | None:
    """The account whose password was just typed, and where to go after, while it is fresh."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_LIFETIME_SECONDS:
        return None
    user = db.session().get(User, pending.get("uid"))
    if user is None or not user.is_active:
        return None
    return user, safe_next(pending.get("next"))


def complete(user: User, *, how: str, id_token: str = "") -> None:
    """Start the session (a new one: session.clear() inside) and audit the sign-in."""
    start_session(user)
    if id_token:
        session[SSO_ID_TOKEN] = id_token
    audit.record(session=db.session(), actor=user, action="login", entity_type="user", entity_id=user.id, detail=how)
